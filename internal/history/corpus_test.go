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
