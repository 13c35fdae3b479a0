package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), ".emend", "emend.db")
	for _, c := range []struct {
		stdin    string
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{"correct horse\n", []string{"user", "add", "--db", db, "maya"}, ExitOK, "", "added user maya"},
		{"correct horse", []string{"user", "add", "--db", db, "tom"}, ExitOK, "", "added user tom"},
		{"other password\n", []string{"user", "add", "--db", db, "maya"}, ExitFailure, "", "exists already"},
		{"short\n", []string{"user", "add", "--db", db, "zoe"}, ExitFailure, "", "at least 8 characters"},
		{"", []string{"user", "add", "--db", db, "zoe"}, ExitFailure, "", "read password"},
		{"correct horse\n", []string{"user", "add", "--db", db, "a b"}, ExitUsage, "", "user name"},
		{"", []string{"user", "list", "--db", db}, ExitOK, "maya\t", "2 users"},
		{"", []string{"user", "remove", "--db", db, "tom"}, ExitOK, "", "removed user tom"},
		{"", []string{"user", "remove", "--db", db, "tom"}, ExitFailure, "", "no user tom"},
		{"", []string{"user", "list", "--db", db}, ExitOK, "maya\t", "1 user in"},
		{"", []string{"user", "frob", "--db", db}, ExitUsage, "", "want user add NAME"},
		{"", []string{"user", "add", "--db", db}, ExitUsage, "", "want user add NAME"},
		{"", []string{"serve", "--private", "--no-review"}, ExitUsage, "", "--private needs sign-in"},
	} {
		code, out, errOut := run(t, c.stdin, c.args...)
		if code != c.code || !strings.Contains(out, c.inStdout) || !strings.Contains(errOut, c.inStderr) {
			t.Errorf("emend %s: exit %d, stdout %q, stderr %q; want exit %d, %q, %q", strings.Join(c.args, " "), code, out, errOut, c.code, c.inStdout, c.inStderr)
		}
	}
	if _, out, _ := run(t, "", "user", "list", "--db", db); strings.Contains(out, "correct") {
		t.Error("the list shows a password")
	}
}
