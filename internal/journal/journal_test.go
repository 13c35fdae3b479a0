package journal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// library makes n files f0.txt... holding "old i", and the changes that
// make them "new i".
func library(t *testing.T, n int) (dir, state string, changes []Change) {
	t.Helper()
	dir = t.TempDir()
	state = filepath.Join(dir, ".emend")
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("f%d.txt", i))
		if err := os.WriteFile(p, []byte(fmt.Sprintf("old %d", i)), 0o640); err != nil {
			t.Fatal(err)
		}
		changes = append(changes, Change{Path: p, Data: []byte(fmt.Sprintf("new %d", i))})
	}
	return dir, state, changes
}

// contents reports whether every file is old or every one new, and
// whether anything but the files and the state directory is left.
func check(t *testing.T, dir string, n int, want string) {
	t.Helper()
	for i := range n {
		got, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("f%d.txt", i)))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != fmt.Sprintf("%s %d", want, i) {
			t.Errorf("f%d.txt is %q, want %s", i, got, want)
		}
	}
	des, _ := os.ReadDir(dir)
	if len(des) != n+1 {
		var names []string
		for _, d := range des {
			names = append(names, d.Name())
		}
		t.Errorf("left in the library: %v", names)
	}
	left, _ := os.ReadDir(filepath.Join(dir, ".emend", TxnDir))
	for _, d := range left {
		if d.Name() != lockName {
			t.Errorf("left in the journal directory: %s", d.Name())
		}
	}
}

func TestReplace(t *testing.T) {
	dir, state, changes := library(t, 5)
	if err := Replace(context.Background(), state, changes); err != nil {
		t.Fatal(err)
	}
	check(t, dir, 5, "new")
	fi, _ := os.Stat(changes[0].Path)
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
	if out, err := Recover(state); err != nil || out.Undone || out.Completed {
		t.Errorf("recover after a clean run: %v, %v", out, err)
	}
}

func TestReplaceCancelled(t *testing.T) {
	dir, state, changes := library(t, 5)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Replace(ctx, state, changes)
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("got %v, want ErrInterrupted", err)
	}
	check(t, dir, 5, "old")
}

// errKilled stops a run at a stage as SIGKILL would: nothing more runs,
// not even the undoing.
type killed struct{}

// TestRecoverAtEveryStage kills a run at every step it takes, then
// recovers: every file old (undone) or every file new (completed), and
// nothing left.
func TestRecoverAtEveryStage(t *testing.T) {
	const n = 4
	steps := []struct {
		name string
		i    int
		want string
	}{{"prepared", 0, "old"}}
	steps = append(steps, struct {
		name string
		i    int
		want string
	}{"written", 0, "old"})
	steps = append(steps, struct {
		name string
		i    int
		want string
	}{"renaming", 0, "old"})
	for i := range n {
		steps = append(steps, struct {
			name string
			i    int
			want string
		}{"renamed", i, "old"})
	}
	steps = append(steps, struct {
		name string
		i    int
		want string
	}{"done", 0, "new"})
	for _, s := range steps {
		t.Run(fmt.Sprintf("%s-%d", s.name, s.i), func(t *testing.T) {
			dir, state, changes := library(t, n)
			stage = func(name string, i int) {
				if name == s.name && i == s.i {
					panic(killed{})
				}
			}
			defer func() { stage = func(string, int) {} }()
			func() {
				defer func() {
					if r := recover(); r != (killed{}) {
						panic(r)
					}
				}()
				Replace(context.Background(), state, changes)
			}()
			stage = func(string, int) {}
			if err := Replace(context.Background(), state, changes); err == nil || !strings.Contains(err.Error(), "recovered first") {
				t.Errorf("a run over an interrupted one: %v", err)
			}
			out, err := Recover(state)
			if err != nil {
				t.Fatal(err)
			}
			if (s.want == "old") != out.Undone || (s.want == "new") != out.Completed || out.Files != n {
				t.Errorf("outcome %+v, want the files %s", out, s.want)
			}
			check(t, dir, n, s.want)
			if out, err := Recover(state); err != nil || out.Undone || out.Completed {
				t.Errorf("second recovery: %v, %v", out, err)
			}
		})
	}
}

// TestRecoverSweeps: what a run killed while writing its journal left is
// removed.
func TestRecoverSweeps(t *testing.T) {
	dir, state, _ := library(t, 1)
	txn := filepath.Join(state, TxnDir)
	os.MkdirAll(txn, 0o755)
	for _, n := range []string{"journal.new", "0.new", "3.old"} {
		os.WriteFile(filepath.Join(txn, n), []byte("x"), 0o644)
	}
	if _, err := Recover(state); err != nil {
		t.Fatal(err)
	}
	check(t, dir, 1, "old")
}

// TestRecoverCorruptJournal: a journal emend cannot read leaves every
// file as it is and says so.
func TestRecoverCorruptJournal(t *testing.T) {
	dir, state, _ := library(t, 2)
	txn := filepath.Join(state, TxnDir)
	os.MkdirAll(txn, 0o755)
	os.WriteFile(filepath.Join(txn, journalName), []byte(`{"state":"rename","entries":[{"path":"f0.txt"`), 0o644)
	if _, err := Recover(state); err == nil || !strings.Contains(err.Error(), "journal") {
		t.Errorf("got %v, want an error naming the journal", err)
	}
	for i := range 2 {
		if got, _ := os.ReadFile(filepath.Join(dir, fmt.Sprintf("f%d.txt", i))); string(got) != fmt.Sprintf("old %d", i) {
			t.Errorf("f%d.txt is %q", i, got)
		}
	}
}

// TestLongName: a 250-byte file name still gets a temporary.
func TestLongName(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, strings.Repeat("x", 246)+".txt")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Replace(context.Background(), filepath.Join(dir, ".emend"), []Change{{Path: p, Data: []byte("new")}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); string(got) != "new" {
		t.Errorf("got %q", got)
	}
}

// TestRecoverRefusesForeignNames: a journal that names temporaries or
// backups emend does not give is refused, and nothing is renamed.
func TestRecoverRefusesForeignNames(t *testing.T) {
	dir, state, _ := library(t, 1)
	txn := filepath.Join(state, TxnDir)
	os.MkdirAll(txn, 0o755)
	victim := filepath.Join(dir, "f0.txt")
	other := filepath.Join(dir, "other")
	os.WriteFile(other, []byte("other"), 0o644)
	j := fmt.Sprintf(`{"state":"rename","entries":[{"path":%q,"new":%q,"old":%q}]}`, victim, other, other)
	os.WriteFile(filepath.Join(txn, journalName), []byte(j), 0o644)
	if _, err := Recover(state); err == nil || !strings.Contains(err.Error(), "not emend's") {
		t.Errorf("got %v", err)
	}
	if got, _ := os.ReadFile(victim); string(got) != "old 0" {
		t.Errorf("f0.txt is %q", got)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("other: %v", err)
	}
}

// TestOtherFilesystem: a file on another filesystem than the journal gets
// its temporary and backup beside it, and is recovered alike. (It runs
// where /dev/shm is a filesystem of its own.)
func TestOtherFilesystem(t *testing.T) {
	state := filepath.Join(t.TempDir(), ".emend")
	os.MkdirAll(filepath.Join(state, TxnDir), 0o755)
	dir, err := os.MkdirTemp("/dev/shm", "emend-journal-")
	if err != nil {
		t.Skip("no /dev/shm")
	}
	defer os.RemoveAll(dir)
	a, _ := os.Stat(dir)
	b, _ := os.Stat(state)
	if device(a) == device(b) {
		t.Skip("/dev/shm is on the same filesystem")
	}
	p := filepath.Join(dir, "f0.txt")
	os.WriteFile(p, []byte("old 0"), 0o644)
	stage = func(name string, i int) {
		if name == "renamed" {
			if _, err := os.Stat(filepath.Join(dir, SidePrefix+"0.old")); err != nil {
				t.Errorf("no backup beside the file: %v", err)
			}
			panic(killed{})
		}
	}
	defer func() { stage = func(string, int) {} }()
	func() {
		defer func() { recover() }()
		Replace(context.Background(), state, []Change{{Path: p, Data: []byte("new 0")}})
	}()
	stage = func(string, int) {}
	if got, _ := os.ReadFile(p); string(got) != "new 0" {
		t.Fatalf("before recovery: %q", got)
	}
	out, err := Recover(state)
	if err != nil || !out.Undone {
		t.Fatalf("%+v, %v", out, err)
	}
	if got, _ := os.ReadFile(p); string(got) != "old 0" {
		t.Errorf("after recovery: %q", got)
	}
	if des, _ := os.ReadDir(dir); len(des) != 1 {
		t.Errorf("left beside the file: %v", des)
	}
}

// TestReplaceWrite: a change whose content Write writes is written like
// one of Data; when Write fails, no file changes.
func TestReplaceWrite(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.vtt"), filepath.Join(dir, "b.txt")
	for _, p := range []string{a, b} {
		if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	state := filepath.Join(dir, ".emend")
	failing := []Change{{Path: b, Data: []byte("new b")}, {Path: a, Write: func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("disk on fire")
	}}}
	if err := Replace(context.Background(), state, failing); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("a failing Write: %v", err)
	}
	for _, p := range []string{a, b} {
		if got, _ := os.ReadFile(p); string(got) != "old" {
			t.Errorf("after a failing Write, %s holds %q", p, got)
		}
	}
	ok := []Change{{Path: b, Data: []byte("new b")}, {Path: a, Write: func(w io.Writer) error {
		_, err := io.WriteString(w, "new a")
		return err
	}}}
	if err := Replace(context.Background(), state, ok); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{a: "new a", b: "new b"} {
		if got, _ := os.ReadFile(p); string(got) != want {
			t.Errorf("%s holds %q, want %q", p, got, want)
		}
	}
}

// TestReplaceWriteCancelled: a signal (ctx cancelled) during a long Write
// stops it at its next write; no file changes, ErrInterrupted.
func TestReplaceWriteCancelled(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.vtt")
	if err := os.WriteFile(a, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	writes := 0
	long := Change{Path: a, Write: func(w io.Writer) error {
		for {
			if _, err := io.WriteString(w, "block\n"); err != nil {
				return err
			}
			if writes++; writes == 3 {
				cancel()
			}
		}
	}}
	err := Replace(ctx, filepath.Join(dir, ".emend"), []Change{long})
	if !errors.Is(err, ErrInterrupted) || writes != 3 {
		t.Errorf("cancelled: %v after %d writes", err, writes)
	}
	if got, _ := os.ReadFile(a); string(got) != "old" {
		t.Errorf("a.vtt holds %q", got)
	}
}
