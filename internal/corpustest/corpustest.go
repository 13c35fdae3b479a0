// Package corpustest finds the shared podcast corpora for tests and
// benchmarks: a clone named by $EMEND_CORPUS, a clone beside the project
// (../corpus/NAME), or a fresh clone of the git bundle in ../shared/corpus,
// made once into the user's cache directory. Tests that use it skip when no
// corpus is to be had.
package corpustest

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The corpora, by the short name used here and the bundle they come from.
var bundles = map[string]string{
	"talk-python":  "talk-python-transcripts.bundle",
	"python-bytes": "python-bytes-show-notes.bundle",
}

// Names lists the corpora.
func Names() []string { return []string{"talk-python", "python-bytes"} }

var mu sync.Mutex

// Dir returns the working tree of the named corpus, or skips the test.
func Dir(tb testing.TB, name string) string {
	tb.Helper()
	dir, err := Find(name)
	if err != nil {
		tb.Skipf("corpus %s not available: %v", name, err)
	}
	return dir
}

// Find returns the working tree of the named corpus, cloning its bundle
// when no clone exists yet.
func Find(name string) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	bundle, ok := bundles[name]
	if !ok {
		return "", fmt.Errorf("unknown corpus %q", name)
	}
	if env := os.Getenv("EMEND_CORPUS"); env != "" {
		d := filepath.Join(env, name)
		if isDir(d) {
			return d, nil
		}
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	for _, d := range []string{
		filepath.Join(root, "..", "corpus", name),
	} {
		if isDir(filepath.Join(d, ".git")) {
			return d, nil
		}
	}
	b := filepath.Join(root, "..", "shared", "corpus", bundle)
	if _, err := os.Stat(b); err != nil {
		return "", fmt.Errorf("no clone and no bundle at %s", b)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	d := filepath.Join(cache, "emend-corpus", name)
	if isDir(filepath.Join(d, ".git")) {
		return d, nil
	}
	if err := os.MkdirAll(filepath.Dir(d), 0o755); err != nil {
		return "", err
	}
	tmp := d + ".tmp"
	os.RemoveAll(tmp)
	out, err := exec.Command("git", "clone", "-q", "-b", "main", b, tmp).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("git clone %s: %v: %s", b, err, out)
	}
	if err := os.Rename(tmp, d); err != nil {
		return "", err
	}
	return d, nil
}

// Files returns the .txt and .vtt files of a corpus, sorted.
func Files(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".vtt")) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// ModuleRoot finds the directory holding go.mod, from the working
// directory up: the project's root in a test.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// Queries returns the realistic queries of the corpus benchmarks
// (internal/search/testdata/queries.txt: names, phrases, typos,
// sounds-like and filters), one a line, without blank and comment lines.
func Queries(tb testing.TB) []string {
	tb.Helper()
	root, err := ModuleRoot()
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.Open(filepath.Join(root, "internal", "search", "testdata", "queries.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			qs = append(qs, l)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return qs
}

// busyLoad is the load average, per core, over which a machine is too busy
// for a test's time budget to say anything of the code: other processes
// take the time the budget counts.
const busyLoad = 1.5

// Busy reports whether the machine is oversubscribed (a 1-minute load
// average over busyLoad per core, on systems with /proc/loadavg), with the
// load, so that tests of time budgets on the corpora report their times
// there rather than fail on them.
func Busy() (bool, string) {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return false, ""
	}
	var load float64
	if _, err := fmt.Sscan(string(b), &load); err != nil {
		return false, ""
	}
	cores := runtime.NumCPU()
	return load > busyLoad*float64(cores), fmt.Sprintf("load average %.1f on %d cores", load, cores)
}
