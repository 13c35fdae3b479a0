package library

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestFindFollowsLinks: a symlinked directory given as the path is read;
// inside, a link to a file is that file, a link to a directory is walked,
// a cycle of links ends, and a directory reached twice is read once.
func TestFindFollowsLinks(t *testing.T) {
	top := t.TempDir()
	real := filepath.Join(top, "real")
	other := filepath.Join(top, "other")
	for _, d := range []string{filepath.Join(real, "sub"), other} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{filepath.Join(real, "a.txt"), filepath.Join(real, "sub", "b.vtt"), filepath.Join(other, "c.txt")} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		filepath.Join(real, "c-link.txt"): filepath.Join(other, "c.txt"),
		filepath.Join(real, "loop"):       real,
		filepath.Join(real, "sub2"):       filepath.Join(real, "sub"),
		filepath.Join(real, "gone.txt"):   filepath.Join(top, "nothing"),
		filepath.Join(top, "lib"):         real,
	}
	for l, target := range links {
		if err := os.Symlink(target, l); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Find(filepath.Join(top, "lib"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i], _ = filepath.Rel(top, got[i])
	}
	want := []string{"lib/a.txt", "lib/c-link.txt", "lib/sub/b.vtt"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
