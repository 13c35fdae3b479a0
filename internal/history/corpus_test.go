package history

import (
	"testing"
	"time"

	"github.com/emend-project/emend/internal/corpustest"
)

// TestCorpusGit reads the whole history of each corpus, checks that every
// hunk is well formed, and logs the time taken and what was read.
func TestCorpusGit(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus test")
	}
	for _, name := range corpustest.Names() {
		t.Run(name, func(t *testing.T) {
			dir := corpustest.Dir(t, name)
			start, cpu := time.Now(), cpuTime()
			commits, changes, hunks, lines, renames := 0, 0, 0, 0, 0
			var last *Commit
			total := 0
			err := Git(dir, Options{
				Progress: func(done, n int) { total = n },
				Warn:     func(msg string) { t.Logf("warning: %s", msg) },
			}, func(c Change) error {
				if c.Commit != last {
					if last != nil && c.Commit.Date.Before(last.Date.Add(-365*24*time.Hour)) {
						t.Errorf("commit %s far older than the one before", c.Commit.Hash)
					}
					last = c.Commit
					commits++
				}
				changes++
				if c.OldPath != c.NewPath {
					renames++
				}
				if !IsTranscript(c.NewPath) {
					t.Errorf("%s: not a transcript", c.NewPath)
				}
				for _, h := range c.Hunks {
					hunks++
					lines += len(h.Old) + len(h.New)
					if len(h.Old) == 0 && len(h.New) == 0 || h.OldStart < 1 || h.NewStart < 1 {
						t.Fatalf("%s %s: bad hunk %+v", c.Commit.Hash, c.NewPath, h)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if changes == 0 {
				t.Fatal("no changes read")
			}
			t.Logf("%s: %v (CPU: %v, git included) for %d commits listed, %d with changes, %d changes (%d renames), %d hunks, %d lines",
				name, time.Since(start).Round(time.Millisecond), (cpuTime() - cpu).Round(time.Millisecond), total, commits, changes, renames, hunks, lines)
		})
	}
}

// TestCorpusSnapshot reads each corpus at HEAD and a year earlier, and the
// files added since then, logging times and sizes.
func TestCorpusSnapshot(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus test")
	}
	for _, name := range corpustest.Names() {
		t.Run(name, func(t *testing.T) {
			dir := corpustest.Dir(t, name)
			start := time.Now()
			head, err := Snapshot(dir, time.Time{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(head) == 0 {
				t.Fatal("no files at HEAD")
			}
			size := 0
			for p, b := range head {
				if !IsTranscript(p) {
					t.Errorf("%s: not a transcript", p)
				}
				size += len(b)
			}
			t.Logf("%s: Snapshot(HEAD): %d files, %d bytes in %v", name, len(head), size, time.Since(start).Round(time.Millisecond))

			// A year before the last commit.
			var last time.Time
			if err := Git(dir, Options{}, func(c Change) error { last = c.Commit.Date; return nil }); err != nil {
				t.Fatal(err)
			}
			cut := last.AddDate(-1, 0, 0)
			start = time.Now()
			old, err := Snapshot(dir, cut, nil)
			if err != nil {
				t.Fatal(err)
			}
			added, err := Added(dir, cut, time.Time{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			for p := range added {
				if _, ok := old[p]; ok {
					t.Errorf("%s: added after %s but present then", p, cut.Format(time.DateOnly))
				}
			}
			t.Logf("%s: at %s: %d files; %d added since (%v)", name, cut.Format(time.DateOnly), len(old), len(added), time.Since(start).Round(time.Millisecond))
		})
	}
}

// BenchmarkCorpusGit reads the whole history of talk-python.
func BenchmarkCorpusGit(b *testing.B) {
	dir := corpustest.Dir(b, "talk-python")
	for b.Loop() {
		hunks := 0
		if err := Git(dir, Options{}, func(c Change) error { hunks += len(c.Hunks); return nil }); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(hunks), "hunks/op")
	}
}
