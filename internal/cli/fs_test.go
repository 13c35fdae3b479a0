package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const (
	fsOld   = "00:00:00 We open Jupiter.\n"
	fsFixed = "00:00:00 We open Jupyter.\n"
)

// fsLibrary makes a library with one episode, ep.txt, and emend.rules,
// and returns its directory.
func fsLibrary(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string]string{"emend.rules": "Jupiter => Jupyter\n", "lib/ep.txt": fsOld} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestFixFilesystemRules runs emend fix on each case of the filesystem's
// rules: what is written, what is left alone, and the exit status.
func TestFixFilesystemRules(t *testing.T) {
	long := strings.Repeat("e", 246) + ".txt" // 250 bytes; most filesystems allow 255
	cases := []struct {
		name string
		// setup prepares dir (holding lib/ep.txt) and returns the PATH to fix.
		setup    func(t *testing.T, dir string) string
		code     int
		stderr   string
		check    func(t *testing.T, dir string)
		rootOnly bool
	}{
		{
			name: "symlinked file named on the command line",
			setup: func(t *testing.T, dir string) string {
				link := filepath.Join(dir, "link.txt")
				must(t, os.Symlink(filepath.Join(dir, "lib", "ep.txt"), link))
				return link
			},
			check: func(t *testing.T, dir string) {
				fi, err := os.Lstat(filepath.Join(dir, "link.txt"))
				if err != nil || fi.Mode()&os.ModeSymlink == 0 {
					t.Errorf("link.txt is no longer a link: %v %v", fi.Mode(), err)
				}
				if got := read(t, filepath.Join(dir, "lib", "ep.txt")); got != fsFixed {
					t.Errorf("target: %q", got)
				}
			},
		},
		{
			name: "symlinked directory given as the path",
			setup: func(t *testing.T, dir string) string {
				link := filepath.Join(dir, "shows")
				must(t, os.Symlink(filepath.Join(dir, "lib"), link))
				return link
			},
			stderr: "made 1 edit in 1 file",
			check: func(t *testing.T, dir string) {
				if got := read(t, filepath.Join(dir, "lib", "ep.txt")); got != fsFixed {
					t.Errorf("ep.txt: %q", got)
				}
			},
		},
		{
			name: "symlink inside the directory, and a cycle",
			setup: func(t *testing.T, dir string) string {
				other := filepath.Join(dir, "elsewhere")
				os.Mkdir(other, 0o755)
				must(t, os.WriteFile(filepath.Join(other, "two.txt"), []byte(fsOld), 0o644))
				must(t, os.Symlink(filepath.Join(other, "two.txt"), filepath.Join(dir, "lib", "two.txt")))
				must(t, os.Symlink(filepath.Join(dir, "lib"), filepath.Join(dir, "lib", "again")))
				return filepath.Join(dir, "lib")
			},
			stderr: "made 2 edits in 2 files",
			check: func(t *testing.T, dir string) {
				if got := read(t, filepath.Join(dir, "elsewhere", "two.txt")); got != fsFixed {
					t.Errorf("the link's target: %q", got)
				}
				if fi, _ := os.Lstat(filepath.Join(dir, "lib", "two.txt")); fi.Mode()&os.ModeSymlink == 0 {
					t.Error("the link was replaced by a file")
				}
			},
		},
		{
			name: "hard link",
			setup: func(t *testing.T, dir string) string {
				must(t, os.Link(filepath.Join(dir, "lib", "ep.txt"), filepath.Join(dir, "other-name.txt")))
				return filepath.Join(dir, "lib")
			},
			code:   ExitFailure,
			stderr: "2 hard links",
			check: func(t *testing.T, dir string) {
				if got := read(t, filepath.Join(dir, "other-name.txt")); got != fsOld {
					t.Errorf("other name: %q", got)
				}
				var st syscall.Stat_t
				syscall.Stat(filepath.Join(dir, "lib", "ep.txt"), &st)
				if st.Nlink != 2 {
					t.Errorf("%d links, want 2", st.Nlink)
				}
			},
		},
		{
			name: "read-only file",
			setup: func(t *testing.T, dir string) string {
				must(t, os.Chmod(filepath.Join(dir, "lib", "ep.txt"), 0o444))
				return filepath.Join(dir, "lib")
			},
			code:   ExitFailure,
			stderr: "read-only (mode -r--r--r--)",
			check: func(t *testing.T, dir string) {
				if got := read(t, filepath.Join(dir, "lib", "ep.txt")); got != fsOld {
					t.Errorf("ep.txt: %q", got)
				}
			},
		},
		{
			name: "mode kept",
			setup: func(t *testing.T, dir string) string {
				must(t, os.Chmod(filepath.Join(dir, "lib", "ep.txt"), 0o600))
				return filepath.Join(dir, "lib")
			},
			check: func(t *testing.T, dir string) {
				fi, _ := os.Stat(filepath.Join(dir, "lib", "ep.txt"))
				if fi.Mode().Perm() != 0o600 {
					t.Errorf("mode %v", fi.Mode().Perm())
				}
			},
		},
		{
			name:     "owner and group kept (as root)",
			rootOnly: true,
			setup: func(t *testing.T, dir string) string {
				must(t, os.Chown(filepath.Join(dir, "lib", "ep.txt"), 12345, 23456))
				return filepath.Join(dir, "lib")
			},
			check: func(t *testing.T, dir string) {
				var st syscall.Stat_t
				syscall.Stat(filepath.Join(dir, "lib", "ep.txt"), &st)
				if st.Uid != 12345 || st.Gid != 23456 {
					t.Errorf("owner %d:%d, want 12345:23456", st.Uid, st.Gid)
				}
				if got := read(t, filepath.Join(dir, "lib", "ep.txt")); got != fsFixed {
					t.Errorf("ep.txt: %q", got)
				}
			},
		},
		{
			name: "250-byte file name",
			setup: func(t *testing.T, dir string) string {
				must(t, os.Rename(filepath.Join(dir, "lib", "ep.txt"), filepath.Join(dir, "lib", long)))
				return filepath.Join(dir, "lib")
			},
			stderr: "made 1 edit in 1 file",
			check: func(t *testing.T, dir string) {
				if got := read(t, filepath.Join(dir, "lib", long)); got != fsFixed {
					t.Errorf("got %q", got)
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.rootOnly && os.Geteuid() != 0 {
				t.Skip("only root may give a file away")
			}
			dir := fsLibrary(t)
			path := c.setup(t, dir)
			t.Chdir(dir)
			code, _, stderr := run(t, "", "fix", path)
			if code != c.code || !strings.Contains(stderr, c.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, c.code, c.stderr)
			}
			c.check(t, dir)
			// Nothing of emend's own is left in the library.
			filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
				if err == nil && strings.HasPrefix(fi.Name(), ".emend-") {
					t.Errorf("left behind: %s", p)
				}
				return nil
			})
		})
	}
}

// TestFixOwnedByAnother: a file the user may not replace is left alone
// and listed: here its directory is read-only. (Root may write anything.)
func TestFixOwnedByAnother(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write anything; the owner case as root is in TestFixFilesystemRules")
	}
	dir := fsLibrary(t)
	must(t, os.Chmod(filepath.Join(dir, "lib"), 0o555))
	defer os.Chmod(filepath.Join(dir, "lib"), 0o755)
	t.Chdir(dir)
	code, _, stderr := run(t, "", "fix", "lib")
	if code != ExitFailure || !strings.Contains(stderr, "may not write its directory") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestFixSizeLimit: a file above the size limit is left alone, with a
// message that says how to raise the limit, and exit status 1; raised, the
// file is fixed.
func TestFixSizeLimit(t *testing.T) {
	dir := fsLibrary(t)
	t.Chdir(dir)
	t.Setenv("EMEND_MAX_FILE_SIZE", "10")
	code, _, stderr := run(t, "", "fix", "lib")
	if code != ExitFailure || !strings.Contains(stderr, "above emend's limit") || !strings.Contains(stderr, "EMEND_MAX_FILE_SIZE=BYTES") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if got := read(t, filepath.Join(dir, "lib", "ep.txt")); got != fsOld {
		t.Errorf("ep.txt: %q", got)
	}
	t.Setenv("EMEND_MAX_FILE_SIZE", "1K")
	if code, _, stderr := run(t, "", "fix", "lib"); code != 0 || read(t, filepath.Join(dir, "lib", "ep.txt")) != fsFixed {
		t.Errorf("limit raised: exit %d, stderr %q", code, stderr)
	}
	t.Setenv("EMEND_MAX_FILE_SIZE", "lots")
	if code, _, stderr := run(t, "", "fix", "lib"); code != ExitFailure || !strings.Contains(stderr, "want a size") {
		t.Errorf("bad limit: exit %d, stderr %q", code, stderr)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestFixStreamsLargeVTT: a WebVTT file above the size limit is fixed a
// window at a time, to the bytes fixing it whole gives; a copy of an
// episode whose .txt is above the limit is left alone whole, its .vtt
// too, so that they stay alike; --dry-run lists the large file as above
// the limit and changes nothing.
func TestFixStreamsLargeVTT(t *testing.T) {
	var vtt strings.Builder
	vtt.WriteString("WEBVTT\n\n")
	for i := range 300 {
		fmt.Fprintf(&vtt, "00:%02d:%02d.000 --> 00:%02d:%02d.500\n<v Ann>we open Jupiter and\ntalk about SQL\n\n00:%02d:%02d.500 --> 00:%02d:%02d.900\nalchemy then words\n\n", i/60, i%60, i/60, i%60, i/60, i%60, i/60, i%60)
	}
	old := vtt.String()
	dir := t.TempDir()
	t.Chdir(dir)
	must(t, os.WriteFile("emend.rules", []byte("Jupiter => Jupyter\nSQL alchemy => SQLAlchemy\n"), 0o644))
	for _, d := range []string{"whole", "big", "pair"} {
		must(t, os.MkdirAll(d, 0o755))
	}
	must(t, os.WriteFile("whole/ep.vtt", []byte(old), 0o644))
	must(t, os.WriteFile("big/ep.vtt", []byte(old), 0o644))
	must(t, os.WriteFile("pair/ep.vtt", []byte(old), 0o644))
	must(t, os.WriteFile("pair/ep.txt", []byte(strings.Repeat("we open Jupiter and talk about SQL alchemy\n\n", 300)), 0o644))
	if code, _, stderr := run(t, "", "fix", "--no-spellings", "whole"); code != 0 || !strings.Contains(stderr, "made 900 edits in 1 file") {
		t.Fatalf("fixed whole: exit %d: %s", code, stderr)
	}
	want := read(t, "whole/ep.vtt")
	if want == old || !strings.Contains(want, "SQLAlchemy") {
		t.Fatalf("fixed whole: %q", want[:200])
	}
	t.Setenv("EMEND_MAX_FILE_SIZE", "1K")
	if code, _, stderr := run(t, "", "fix", "--no-spellings", "--dry-run", "big"); code != ExitFailure || !strings.Contains(stderr, "above emend's limit") || read(t, "big/ep.vtt") != old {
		t.Errorf("--dry-run: exit %d: %s", code, stderr)
	}
	if code, _, stderr := run(t, "", "fix", "--no-spellings", "big"); code != 0 || !strings.Contains(stderr, "made 900 edits in 1 file") { // as whole: a phrase over two cues is two edits
		t.Errorf("streamed: exit %d: %s", code, stderr)
	}
	if got := read(t, "big/ep.vtt"); got != want {
		t.Errorf("streamed, the file differs from the one fixed whole")
	}
	if code, _, stderr := run(t, "", "fix", "--no-spellings", "pair"); code != ExitFailure || !strings.Contains(stderr, "above emend's limit") {
		t.Errorf("pair: exit %d: %s", code, stderr)
	}
	if read(t, "pair/ep.vtt") != old {
		t.Errorf("pair: the .vtt was fixed, its .txt not")
	}
}
