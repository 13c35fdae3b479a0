package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/pgtest"
	"github.com/emend-project/emend/internal/store"
)

func wantVersion(t *testing.T) string {
	ms, err := store.Migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(len(ms)) + "\n"
}

func TestDBMigrateSQLite(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "state", "review.db")
	code, out, errOut := run(t, "", "db", "migrate", "--db", db)
	if code != ExitOK || out != wantVersion(t) || !strings.Contains(errOut, "schema version") {
		t.Fatalf("db migrate: exit %d, %q, %q", code, out, errOut)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("no database made: %v", err)
	}
	if code, _, errOut := run(t, "", "db", "frob", "--db", db); code != ExitUsage || !strings.Contains(errOut, "want db migrate") {
		t.Errorf("db frob: exit %d, %q", code, errOut)
	}
}

// TestDatabaseFromEnvAndConfig: --db over $EMEND_DATABASE_URL over
// emend.toml's database.
func TestDatabaseFromEnvAndConfig(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "emend.toml"), []byte("database = \"from-toml.db\"\n[[show]]\nname = 'a'\npaths = 'x'\n"), 0o644)
	o := &storeOpts{}
	o.config = filepath.Join(dir, "emend.toml")
	t.Setenv(DatabaseEnv, "")
	if p, err := o.path(); err != nil || p != filepath.Join(dir, "from-toml.db") {
		t.Errorf("from emend.toml: %q, %v", p, err)
	}
	t.Setenv(DatabaseEnv, "postgres://emend@db/emend")
	if p, _ := o.path(); p != "postgres://emend@db/emend" {
		t.Errorf("from the environment: %q", p)
	}
	o.db = "flag.db"
	if p, _ := o.path(); p != "flag.db" {
		t.Errorf("from --db: %q", p)
	}
}

func TestDBMigratePostgres(t *testing.T) {
	u := pgtest.URL(t)
	t.Setenv(DatabaseEnv, u)
	for range 2 { // the second run finds nothing to do
		code, out, errOut := run(t, "", "db", "migrate")
		if code != ExitOK || out != wantVersion(t) {
			t.Fatalf("db migrate: exit %d, %q, %q", code, out, errOut)
		}
	}
	code, _, errOut := run(t, "correct horse\n", "user", "add", "maya")
	if code != ExitOK || !strings.Contains(errOut, "added user maya") {
		t.Fatalf("user add on PostgreSQL: exit %d, %q", code, errOut)
	}
	if _, out, _ := run(t, "", "user", "list", "--db", u); !strings.HasPrefix(out, "maya\t") {
		t.Errorf("user list on PostgreSQL: %q", out)
	}
}
