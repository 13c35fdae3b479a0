// Package gittest builds small git repositories for tests: files written
// and committed at fixed dates, so that history readers can be tested on
// realistic, repeatable histories.
package gittest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Repo is a git repository in a temporary directory.
type Repo struct {
	t   testing.TB
	Dir string
}

// New makes an empty repository, or skips the test when git is missing.
func New(t testing.TB) *Repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	r := &Repo{t: t, Dir: t.TempDir()}
	r.Git("init", "-q", "-b", "main")
	r.Git("config", "user.name", "Test Editor")
	r.Git("config", "user.email", "editor@example.com")
	return r
}

// Git runs a git command in the repository and returns its output.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	return r.GitAt("", args...)
}

// GitAt runs a git command with the author and committer date set.
func (r *Repo) GitAt(date string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	if date != "" {
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// Commit writes the files (path -> content) and commits them all at the
// date (RFC 3339).
func (r *Repo) Commit(date, msg string, files map[string]string) {
	r.t.Helper()
	for p, content := range files {
		full := filepath.Join(r.Dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.GitAt(date, "add", "-A")
	r.GitAt(date, "commit", "-q", "-m", msg)
}
