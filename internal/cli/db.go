package cli

import (
	"context"
	"flag"
	"fmt"
)

var dbCmd = &command{
	name: "db", args: "migrate [--db URL|FILE]",
	summary: "bring the review database's schema up to date, and say its version",
	help: `
Runs the review database's migrations and prints the schema version it is
at. emend serve and emend user migrate the database themselves when they
open it; db migrate does it alone, as a deployment step before servers
start (several servers starting at once on a new PostgreSQL database are
safe too: migrations take an advisory lock).

The database is --db, else $EMEND_DATABASE_URL, else emend.toml's
database key, else .emend/emend.db beside emend.toml: a postgres:// or
postgresql:// URL is a PostgreSQL database, anything else a SQLite file.`,
	flags: func() *flag.FlagSet { o := new(storeOpts); fs := newFlags("db"); o.add(fs); return fs },
	run:   runDB,
}

func runDB(env *Env, args []string) error {
	o := new(storeOpts)
	fs := newFlags("db")
	o.add(fs)
	pos, err := parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if pos[0] != "migrate" {
		return usagef("want db migrate")
	}
	st, name, err := o.open()
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.Version(context.Background())
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	fmt.Fprintln(env.Stdout, v)
	fmt.Fprintf(env.Stderr, "%s is at schema version %d\n", name, v)
	return nil
}
