package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"github.com/emend-project/emend/internal/auth"
	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/store"
)

// storeOpts say where the review's database is.
type storeOpts struct {
	libraryOpts
	db string
}

// DatabaseEnv is the environment variable naming the review's database,
// below --db and above emend.toml's database key.
const DatabaseEnv = "EMEND_DATABASE_URL"

func (o *storeOpts) add(fs *flag.FlagSet) {
	o.libraryOpts.add(fs)
	fs.StringVar(&o.db, "db", "", "the review database: a postgres://`URL` or a SQLite file (default: $"+DatabaseEnv+
		", else emend.toml's database, else .emend/"+store.FileName+" beside emend.toml or in the current directory)")
}

// path returns the database: --db, else $EMEND_DATABASE_URL, else
// emend.toml's database, else .emend/emend.db of the library.
func (o *storeOpts) path() (string, error) {
	if o.db != "" {
		return o.db, nil
	}
	if v := os.Getenv(DatabaseEnv); v != "" {
		return v, nil
	}
	cfg, _, err := o.resolve(nil)
	if err != nil {
		return "", err
	}
	dir := "."
	if cfg != nil {
		if cfg.Database != "" {
			return cfg.Database, nil
		}
		dir = cfg.Dir
	}
	return filepath.Join(dir, config.StateDir, store.FileName), nil
}

// open opens the database, making a SQLite file's directory when
// missing, and brings its schema up to date; the name returned is fit
// for messages (a URL's password hidden).
func (o *storeOpts) open() (store.Store, string, error) {
	p, err := o.path()
	if err != nil {
		return nil, "", err
	}
	if !store.IsURL(p) {
		if err := config.MakeDir(filepath.Dir(p)); err != nil {
			return nil, "", err
		}
	}
	st, err := store.OpenURL(context.Background(), p)
	return st, store.Redact(p), err
}

var userCmd = &command{
	name: "user", args: "add NAME | list | remove NAME",
	summary: "manage the accounts that may review in emend serve",
	help: `
Adds, lists or removes the accounts of the review pages of 'emend serve'
(reading and searching need none). They are kept in the library's
database: .emend/` + store.FileName + ` beside emend.toml, or the one of --db,
$EMEND_DATABASE_URL or emend.toml's database key (a postgres:// URL for
a database several servers share; see docs/deploy.md).

user add reads the password twice without echo when its input is a
terminal, else one line from its input ("printf '%s\n' \"$PW\" | emend
user add maya"). A password has at least 8 characters; only a bcrypt hash
is stored. user remove ends the user's sessions too; the decisions the
user made keep the name.`,
	flags: func() *flag.FlagSet { o := new(storeOpts); fs := newFlags("user"); o.add(fs); return fs },
	run:   runUser,
}

func runUser(env *Env, args []string) error {
	o := new(storeOpts)
	fs := newFlags("user")
	o.add(fs)
	pos, err := parse(fs, args, 1, 2)
	if err != nil {
		return err
	}
	verb := pos[0]
	switch {
	case verb == "list" && len(pos) == 1:
	case (verb == "add" || verb == "remove") && len(pos) == 2:
	default:
		return usagef("want user add NAME, user list or user remove NAME")
	}
	st, path, err := o.open()
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	switch verb {
	case "list":
		us, err := st.Users(ctx)
		if err != nil {
			return err
		}
		for _, u := range us {
			fmt.Fprintf(env.Stdout, "%s\tadded %s\n", u.Name, u.Created.Local().Format("2006-01-02 15:04"))
		}
		fmt.Fprintf(env.Stderr, "%s in %s\n", plural(len(us), "user"), path)
	case "add":
		name := pos[1]
		if err := auth.CheckName(name); err != nil {
			return usageError{err}
		}
		if _, err := st.User(ctx, name); err == nil {
			return fmt.Errorf("user %s exists already in %s", name, path)
		}
		pw, err := readPassword(env, name)
		if err != nil {
			return err
		}
		h, err := auth.Hash(pw)
		if err != nil {
			return err
		}
		if err := st.AddUser(ctx, store.User{Name: name, Hash: h}); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "added user %s to %s\n", name, path)
	case "remove":
		if err := st.RemoveUser(ctx, pos[1]); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no user %s in %s", pos[1], path)
			}
			return err
		}
		fmt.Fprintf(env.Stderr, "removed user %s and the user's sessions from %s\n", pos[1], path)
	}
	return nil
}

// readPassword reads a new password: twice without echo from a terminal,
// else the first line of the input.
func readPassword(env *Env, name string) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(env.Stderr, "password for %s: ", name)
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if err := auth.CheckPassword(string(a)); err != nil {
			return "", err
		}
		fmt.Fprint(env.Stderr, "again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(a) != string(b) {
			return "", errors.New("the passwords differ")
		}
		return string(a), nil
	}
	l, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && l != "") {
		return "", errors.New("read password: give it on the input, one line")
	}
	return strings.TrimRight(l, "\r\n"), nil
}
