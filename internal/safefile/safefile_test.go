package safefile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestWriteFileReplacesAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ep.vtt")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if string(got) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("got %q mode %v, want \"new\" 0600", got, fi.Mode().Perm())
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 1 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestWriteFileFailsCleanly(t *testing.T) {
	err := WriteFile(filepath.Join(t.TempDir(), "no", "such", "dir", "x.vtt"), []byte("x"), 0o644)
	if err == nil {
		t.Fatal("want an error for a missing directory")
	}
}

// TestRemoveStale: an old temporary goes, a fresh one (a write under way)
// and other files stay.
func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, ".emend-123.tmp")
	fresh := filepath.Join(dir, ".emend-456.tmp")
	other := filepath.Join(dir, ".emend-notes.txt")
	for _, p := range []string{old, fresh, other} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	then := time.Now().Add(-2 * StaleAge)
	os.Chtimes(old, then, then)
	os.Chtimes(other, then, then)
	n, err := RemoveStale(dir)
	if err != nil || n != 1 {
		t.Fatalf("removed %d, %v; want 1", n, err)
	}
	for p, want := range map[string]bool{old: false, fresh: true, other: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s: there %v, want %v", p, err == nil, want)
		}
	}
}

// TestTempNameShort: a file of a 250-byte name is written.
func TestTempNameShort(t *testing.T) {
	p := filepath.Join(t.TempDir(), strings.Repeat("n", 246)+".vtt")
	if err := WriteFile(p, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWriteFileKeepsOwner: run as root, a file of another user stays
// that user's.
func TestWriteFileKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root may give a file away")
	}
	p := filepath.Join(t.TempDir(), "emend.rules")
	if err := os.WriteFile(p, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(p, 12345, 23456); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	var st syscall.Stat_t
	if err := syscall.Stat(p, &st); err != nil {
		t.Fatal(err)
	}
	if st.Uid != 12345 || st.Gid != 23456 || st.Mode&0o777 != 0o640 {
		t.Errorf("owner %d:%d mode %o, want 12345:23456 640", st.Uid, st.Gid, st.Mode&0o777)
	}
}
