package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPublish(t *testing.T) {
	dir := fsLibrary(t) // lib/ep.txt says "Jupiter"; emend.rules corrects it
	out := filepath.Join(t.TempDir(), "out")
	lib := filepath.Join(dir, "lib")
	code, _, stderr := run(t, "", "publish", lib, "--rules", filepath.Join(dir, "emend.rules"), "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "published 1 episode in 5 files (1 source corrected, 1 edit): wrote 6 files, 0 unchanged") {
		t.Fatalf("stderr: %s", stderr)
	}
	if got := read(t, filepath.Join(out, "lib", "ep.vtt")); !strings.Contains(got, "We open Jupyter.") {
		t.Fatalf("ep.vtt:\n%s", got)
	}
	if got := read(t, filepath.Join(lib, "ep.txt")); got != fsOld {
		t.Fatalf("the source changed: %q", got)
	}
	code, _, stderr = run(t, "", "publish", lib, "--rules", filepath.Join(dir, "emend.rules"), "-o", out)
	if code != 0 || !strings.Contains(stderr, "wrote 0 files, 6 unchanged") {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := run(t, "", "publish", lib, "--no-fix", "--dry-run", "-o", out)
	if code != 0 || !strings.Contains(stderr, "would write 6 files") || !strings.Contains(stdout, "lib/ep.srt\n") {
		t.Fatalf("--no-fix --dry-run: exit %d: %s%s", code, stdout, stderr)
	}
	if got := read(t, filepath.Join(out, "lib", "ep.vtt")); !strings.Contains(got, "Jupyter") {
		t.Fatal("a dry run wrote")
	}
	if code, _, _ := run(t, "", "publish", lib); code != ExitUsage {
		t.Fatalf("without -o: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(out, "manifest.json")); err != nil {
		t.Fatal(err)
	}

	// DIR inside the library: the files published are not read as copies.
	inside := filepath.Join(lib, "public")
	for range 2 {
		code, _, stderr = run(t, "", "publish", lib, "--rules", filepath.Join(dir, "emend.rules"), "-o", inside)
		if code != 0 || !strings.Contains(stderr, "published 1 episode in 5 files") {
			t.Fatalf("into the library: exit %d: %s", code, stderr)
		}
	}
	if !strings.Contains(stderr, "wrote 0 files, 6 unchanged") {
		t.Fatalf("second run into the library: %s", stderr)
	}
}
