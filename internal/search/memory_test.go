package search

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/corpustest"
)

// measureEnv, set to 1, runs TestIndexMemory: it builds indexes of the
// shared corpora and of a synthetic catalogue several times their size,
// which takes minutes and gigabytes of temporary files.
const measureEnv = "EMEND_MEASURE_MEMORY"

// copiesEnv sets how many times the synthetic catalogue copies both
// corpora (default syntheticCopies).
const (
	copiesEnv       = "EMEND_MEASURE_COPIES"
	syntheticCopies = 3
	// syntheticNames is how many made-up words each copy adds, one a
	// line in turn, so that the dictionary grows as it would with other
	// shows' names.
	syntheticNames = 20000
)

// liveHeap is the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// memoryOf loads a saved index as emend serve does (Load, then Warm for
// typo tolerance and sounds-like search) and returns its live heap.
func memoryOf(t *testing.T, path string) (Stats, uint64, time.Duration) {
	t.Helper()
	before := liveHeap()
	t0 := time.Now()
	ix, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	ix.Warm()
	took := time.Since(t0)
	after := liveHeap()
	st := ix.Stats()
	runtime.KeepAlive(ix)
	return st, after - before, took
}

// TestIndexMemory measures the memory of the search index per million
// segments: the Talk Python and Python Bytes corpora, both together, and
// a synthetic catalogue of several copies of both (other episode numbers
// and shows, and made-up names to grow the dictionary).
//
//	EMEND_MEASURE_MEMORY=1 go test ./internal/search -run IndexMemory -v -timeout 30m
func TestIndexMemory(t *testing.T) {
	if os.Getenv(measureEnv) != "1" {
		t.Skipf("set %s=1 to measure (minutes, gigabytes of temporary files)", measureEnv)
	}
	tp, pb := corpustest.Dir(t, "talk-python"), corpustest.Dir(t, "python-bytes")
	copies := syntheticCopies
	if n, err := strconv.Atoi(os.Getenv(copiesEnv)); err == nil && n > 0 {
		copies = n
	}
	synth := filepath.Join(t.TempDir(), "synthetic")
	var synthSources []Source
	for c := range copies {
		for _, corpus := range []string{tp, pb} {
			dir := filepath.Join(synth, fmt.Sprintf("%s-%d", filepath.Base(corpus), c))
			if err := copyCorpus(corpus, dir, c); err != nil {
				t.Fatal(err)
			}
			synthSources = append(synthSources, Source{Show: Show{Name: filepath.Base(dir)}, Paths: []string{dir}})
		}
	}
	cases := []struct {
		name string
		src  []Source
	}{
		{"talk-python", []Source{{Show: Show{Name: "talk-python"}, Paths: []string{tp}}}},
		{"python-bytes", []Source{{Show: Show{Name: "python-bytes"}, Paths: []string{pb}}}},
		{"both", []Source{{Show: Show{Name: "talk-python"}, Paths: []string{tp}}, {Show: Show{Name: "python-bytes"}, Paths: []string{pb}}}},
		{fmt.Sprintf("synthetic (%d copies of both)", copies), synthSources},
	}
	t.Logf("%-28s %9s %9s %8s %10s %10s %12s %8s", "index", "episodes", "segments", "terms", "file MB", "heap MB", "MB/M segs", "load s")
	for _, tc := range cases {
		ix, _, err := Build(tc.src, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "index")
		if err := ix.Save(path); err != nil {
			t.Fatal(err)
		}
		ix = nil
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		st, heap, took := memoryOf(t, path)
		if st.Segments == 0 {
			t.Fatalf("%s: no segments", tc.name)
		}
		mb := float64(heap) / (1 << 20)
		t.Logf("%-28s %9d %9d %8d %10.1f %10.1f %12.1f %8.2f", tc.name, st.Episodes, st.Segments, st.Terms,
			float64(fi.Size())/(1<<20), mb, mb/(float64(st.Segments)/1e6), took.Seconds())
		os.Remove(path)
	}
}

// copyCorpus copies a corpus's transcripts to dir for copy number c: the
// episode numbers moved by c*10000 (so that no two copies share an
// episode), and one made-up name added to each timed line of text.
func copyCorpus(src, dir string, c int) error {
	line := 0
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(p)
		if ext != ".txt" && ext != ".vtt" && ext != ".srt" && ext != ".json" && ext != ".html" {
			return nil
		}
		rel, _ := filepath.Rel(src, p)
		name := filepath.Base(rel)
		i := 0
		for i < len(name) && name[i] >= '0' && name[i] <= '9' {
			i++
		}
		if i > 0 {
			n, _ := strconv.Atoi(name[:i])
			name = strconv.Itoa(n+c*10000) + name[i:]
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if ext == ".txt" || ext == ".vtt" || ext == ".srt" {
			lines := strings.Split(string(b), "\n")
			for j, l := range lines {
				// A line of words (not a time, a cue number or a header).
				if strings.Count(l, " ") >= 3 && !strings.Contains(l, "-->") {
					lines[j] = l + fmt.Sprintf(" zorbel%dq%d", c, line%syntheticNames)
					line++
				}
			}
			b = []byte(strings.Join(lines, "\n"))
		}
		out := filepath.Join(dir, filepath.Dir(rel), name)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
}
