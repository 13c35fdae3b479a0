package fix

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// copyTree copies testdata/library into a temporary directory.
func copyTree(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir("testdata/library", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel("testdata/library", p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755)
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func matcher(t *testing.T) *rules.Matcher {
	t.Helper()
	rs, err := rules.ReadFile("testdata/emend.rules")
	if err != nil {
		t.Fatal(err)
	}
	m, err := rules.Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n got %q\nwant %q", path, got, want)
	}
}

// TestFixLibrary fixes a library full of real-world ugliness (a BOM, CRLF,
// NOTE blocks, cue identifiers and settings, voice spans, entities and tags,
// a phrase split over two cues, a .txt beside its .vtt, a YouTube copy, an
// SRT from another show, an early episode's m:ss paragraphs with a time out
// of order and blanks around its lines, a broken file) and compares every
// file and every edit with golden files. What only the rules' options
// decide (contexts, case, show) is in the rules file of testdata.
func TestFixLibrary(t *testing.T) {
	dir := copyTree(t)
	lib, err := library.Scan([]string{filepath.Join(dir, "show-a"), filepath.Join(dir, "show-b")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res := Library(lib, matcher(t), "")
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Error(), "008-broken.vtt: not fixed") {
		t.Errorf("skipped: %v", res.Skipped)
	}
	if err := Write(context.Background(), t.TempDir(), res.Changes); err != nil {
		t.Fatal(err)
	}
	// Every file, fixed, against its golden copy.
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		got, _ := os.ReadFile(p)
		golden(t, filepath.Join("testdata", "fixed", rel), got)
		return nil
	})
	// The edits, with positions relative to the library.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, e := range res.Edits {
		e.File, _ = filepath.Rel(dir, e.File)
		e.File = filepath.ToSlash(e.File)
		enc.Encode(e)
	}
	golden(t, filepath.Join("testdata", "edits.jsonl"), b.Bytes())
}

// TestFixAgain: fixing a fixed library changes nothing.
func TestFixAgain(t *testing.T) {
	dir := copyTree(t)
	paths := []string{filepath.Join(dir, "show-a"), filepath.Join(dir, "show-b")}
	for round := 0; round < 2; round++ {
		lib, _ := library.Scan(paths, nil)
		res := Library(lib, matcher(t), "")
		if round == 1 && (len(res.Changes) != 0 || len(res.Edits) != 0) {
			t.Errorf("second run changed %d files: %v", len(res.Changes), res.Edits)
		}
		if err := Write(context.Background(), t.TempDir(), res.Changes); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWriteAllOrNothing: when one file cannot be written, none is.
func TestWriteAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	os.WriteFile(a, []byte("old a"), 0o644)
	missing := filepath.Join(dir, "gone", "b.txt")
	err := Write(context.Background(), t.TempDir(), []FileChange{{Path: a, Old: []byte("old a"), New: []byte("new a")}, {Path: missing, New: []byte("new b")}})
	if err == nil {
		t.Fatal("want an error")
	}
	if got, _ := os.ReadFile(a); string(got) != "old a" {
		t.Errorf("a.txt is %q after a failed run", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func TestContext(t *testing.T) {
	text := "so the first thing you do is pip install rough and then you run it on everything you have"
	i := strings.Index(text, "rough")
	if got, want := around(text, i, i+5), "the first thing you do is pip install [rough] and then you run it on everything you"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := around("rough", 0, 5); got != "[rough]" {
		t.Errorf("got %q", got)
	}
}
