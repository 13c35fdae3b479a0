package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/gittest"
)

// TestStateDirStaysOutOfGit: in a transcripts repository, the caches emend
// writes to .emend are not listed by git status (so `git add -A` leaves
// them out), but the rejected proposals are.
func TestStateDirStaysOutOfGit(t *testing.T) {
	r := gittest.New(t)
	dir := filepath.Join(r.Dir, StateDir)
	if err := MakeDir(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index", "langmodel", "langmodel.manifest", "learned-terms"} {
		os.WriteFile(filepath.Join(dir, name), []byte("cache"), 0o644)
	}
	if got := r.Git("status", "--porcelain", "--untracked-files=all"); got != "" {
		t.Errorf("git status lists the caches:\n%s", got)
	}
	os.WriteFile(filepath.Join(dir, "rejected"), []byte("pie => PyPI\n"), 0o644)
	if got := strings.TrimSpace(r.Git("status", "--porcelain", "--untracked-files=all")); got != "?? .emend/rejected" {
		t.Errorf("git status: %q, want the rejected proposals alone", got)
	}
}

// TestMakeDirLeavesExistingAlone: a .emend that exists keeps what is in
// it, even without a .gitignore (its owner may commit the index on
// purpose); other directories get none.
func TestMakeDirLeavesExistingAlone(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, StateDir)
	os.Mkdir(dir, 0o755)
	if err := MakeDir(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".gitignore")); !os.IsNotExist(err) {
		t.Errorf("a .gitignore was added to an existing %s", StateDir)
	}
	other := filepath.Join(root, "a", "b")
	if err := MakeDir(other); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(other, ".gitignore")); !os.IsNotExist(err) {
		t.Error("a .gitignore was written in another directory")
	}
}
