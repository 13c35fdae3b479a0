package history

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDirs(t *testing.T) {
	before, after := t.TempDir(), t.TempDir()
	both := func(rel, a, b string) {
		writeFile(t, before, rel, a)
		writeFile(t, after, rel, b)
	}
	both("001.txt", "00:00:01 Hi.\n\n00:00:05 We use Jupiter.\n", "00:00:01 Hi.\n\n00:00:05 We use Jupyter.\n")
	both("sub/002 café.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nrough\n", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nruff\n\nNOTE end\n")
	both("same.txt", "unchanged\n", "unchanged\n")
	both("crlf.txt", "a\r\nb\r\n", "a\nb") // line endings and final newline only
	both("notes.md", "Jupiter\n", "Jupyter\n")
	both(".hidden/x.txt", "a\n", "b\n")
	both("empty.txt", "", "now some text\n")
	writeFile(t, before, "only-before.txt", "gone\n")
	writeFile(t, after, "only-after.txt", "new\n")
	if err := os.MkdirAll(filepath.Join(after, "dir.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, before, "dir.txt", "a file before, a directory after\n")

	var got []string
	if err := Dirs(before, after, nil, func(c Change) error {
		if c.Commit != nil {
			t.Errorf("commit %+v", c.Commit)
		}
		got = append(got, changeString(c))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"001.txt: 3,3 [00:00:05 We use Jupiter.] -> [00:00:05 We use Jupyter.]",
		"empty.txt: 1,1 [] -> [now some text]",
		"sub/002 café.vtt: 4,4 [rough] -> [ruff  NOTE end]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	got = nil
	if err := Dirs(before, after, func(p string) bool { return strings.HasSuffix(p, ".md") }, func(c Change) error {
		got = append(got, changeString(c))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "notes.md: 1,1 [Jupiter] -> [Jupyter]" {
		t.Errorf("include .md: %q", got)
	}

	stop := errors.New("stop")
	if err := Dirs(before, after, nil, func(Change) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("callback error: %v", err)
	}
	if err := Dirs(before, filepath.Join(after, "001.txt"), nil, func(Change) error { return nil }); err == nil {
		t.Error("no error for a file given as a directory")
	}
	if err := Dirs(filepath.Join(before, "absent"), after, nil, func(Change) error { return nil }); err == nil {
		t.Error("no error for a missing directory")
	}
}

func TestSplitLines(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"\n", []string{""}},
		{"a", []string{"a"}},
		{"a\nb\n", []string{"a", "b"}},
		{"a\r\nb\r\n", []string{"a", "b"}},
		{"a\r\r\n", []string{"a\r"}},
		{"a\n\nb", []string{"a", "", "b"}},
	}
	for _, tt := range tests {
		if got := splitLines([]byte(tt.in)); strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
			t.Errorf("splitLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
