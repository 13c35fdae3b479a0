package history

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGitHalves reads a history long enough to be read by two git
// processes: the changes come in commit order as from one process, a
// commit whose blob is missing in the later half is skipped with one
// warning, and progress goes up to the end.
func TestGitHalves(t *testing.T) {
	r := newTestRepo(t)
	const commits = 2*minSplitCommits + 3
	var hashes []string
	var want []string
	for i := 0; i < commits; i++ {
		file := fmt.Sprintf("transcripts/%03d.txt", i%3)
		at := day(1).Add(time.Duration(i) * time.Minute)
		r.write(file, fmt.Sprintf("00:00:01 Episode line, version %d.\n", i))
		msg := fmt.Sprintf("v%d", i)
		hashes = append(hashes, r.commit(at, msg))
		if i >= 3 { // the first three add the files
			want = append(want, fmt.Sprintf("%s: %s: 1,1 [00:00:01 Episode line, version %d.] -> [00:00:01 Episode line, version %d.]", msg, file, i-3, i))
		}
	}
	// The blob of commit late (in the later half) is lost: that commit and
	// the next one of the same file cannot be read.
	late := commits - 10
	blob := r.git(day(9), "rev-parse", hashes[late]+":"+fmt.Sprintf("transcripts/%03d.txt", late%3))
	if err := os.Remove(filepath.Join(r.dir, ".git", "objects", blob[:2], blob[2:])); err != nil {
		t.Fatal(err)
	}
	lost := func(w string) bool {
		return strings.HasPrefix(w, fmt.Sprintf("v%d:", late)) || strings.HasPrefix(w, fmt.Sprintf("v%d:", late+3))
	}
	var kept []string
	for _, w := range want {
		if !lost(w) {
			kept = append(kept, w)
		}
	}
	var progress []int
	got, warnings := collect(t, r.dir, Options{Progress: func(done, total int) { progress = append(progress, done) }})
	if strings.Join(got, "\n") != strings.Join(kept, "\n") {
		t.Errorf("got %d changes, want %d:\n%s", len(got), len(kept), firstDifference(got, kept))
	}
	if len(warnings) != 2 || !strings.Contains(warnings[0], hashes[late]) || !strings.Contains(warnings[1], hashes[late+3]) {
		t.Errorf("warnings %q, want the commits %s and %s skipped", warnings, hashes[late], hashes[late+3])
	}
	for i := 1; i < len(progress); i++ {
		if progress[i] < progress[i-1] {
			t.Fatalf("progress goes back: %v", progress)
		}
	}
	if progress[len(progress)-1] != commits {
		t.Errorf("progress ends at %d, want %d", progress[len(progress)-1], commits)
	}

	// A callback's error in the later half stops both processes.
	stop := errors.New("enough")
	n, at := 0, commits-20
	err := Git(r.dir, Options{}, func(Change) error {
		if n++; n == at {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != at {
		t.Errorf("err %v after %d calls, want the callback's error after %d", err, n, at)
	}
}

func firstDifference(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("at %d: got %q, want %q", i, got[i], want[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(got), len(want))
}
