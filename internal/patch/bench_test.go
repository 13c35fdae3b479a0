package patch

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/corpustest"
)

// scattered returns a 5,000-line transcript and a copy with 30 one-line
// edits spread through it.
func scattered() (old, new []byte) {
	s := transcript(5000)
	lines := strings.SplitAfter(s, "\n")
	r := rand.New(rand.NewPCG(5, 6))
	for range 30 {
		i := r.IntN(len(lines) - 1)
		lines[i] = strings.Replace(lines[i], "we talk", "we tlak", 1)
	}
	return []byte(s), []byte(strings.Join(lines, ""))
}

func BenchmarkUnified5000Lines30Edits(b *testing.B) {
	old, new := scattered()
	changes := []FileChange{{Path: "transcripts/301.txt", Old: old, New: new}}
	b.SetBytes(int64(len(old)))
	for b.Loop() {
		if err := Unified(io.Discard, changes, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnifiedUnrelated diffs two unrelated 5,000-line files made of
// a few repeated lines, the worst case for Myers' algorithm.
func BenchmarkUnifiedUnrelated(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	var x, y bytes.Buffer
	for range 5000 {
		fmt.Fprintf(&x, "line %d\n", r.IntN(4))
		fmt.Fprintf(&y, "line %d\n", r.IntN(4))
	}
	changes := []FileChange{{Path: "a.txt", Old: x.Bytes(), New: y.Bytes()}}
	for b.Loop() {
		if err := Unified(io.Discard, changes, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestScatteredEditsAreFast(t *testing.T) {
	old, new := scattered()
	changes := []FileChange{{Path: "transcripts/301.txt", Old: old, New: new}}
	var buf bytes.Buffer
	start := time.Now()
	if err := Unified(&buf, changes, Options{}); err != nil {
		t.Fatal(err)
	}
	// The benchmark measures well under a millisecond; this bound only
	// catches a diff gone quadratic, even on a slow, loaded machine.
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("diffing 5,000 lines with 30 edits took %v", d)
	}
	_, ins, del := Stat(changes)
	if ins != 30 || del != 30 {
		t.Errorf("Stat = +%d -%d, want +30 -30", ins, del)
	}
	got, err := applyOne(old, buf.String())
	if err != nil || !bytes.Equal(got, new) {
		t.Errorf("the diff does not apply: %v", err)
	}
}

// TestCorpusHistoryMatchesGit diffs the transcripts changed by recent
// commits of a real transcript repository and checks that the diff
// applies and has as many changed lines as `git diff --minimal`.
func TestCorpusHistoryMatchesGit(t *testing.T) {
	dir := corpustest.Dir(t, "talk-python")
	commits := 10 // EMEND_PATCH_COMMITS=1000 for a longer run
	if testing.Short() {
		commits = 3
	}
	if n, err := strconv.Atoi(os.Getenv("EMEND_PATCH_COMMITS")); err == nil {
		commits = n
	}
	log := git(t, dir, nil, "log", "--no-merges", "--format=%H", "-n", strconv.Itoa(commits), "--", "transcripts", "youtube_transcripts")
	files, lines := 0, 0
	var spent time.Duration
	for _, c := range strings.Fields(log) {
		numstat := git(t, dir, nil, "-c", "core.quotePath=false", "diff", "--minimal", "--no-renames", "--numstat", "-z", c+"^", c, "--", "transcripts", "youtube_transcripts")
		for _, rec := range strings.Split(strings.TrimRight(numstat, "\x00"), "\x00") {
			f := strings.SplitN(rec, "\t", 3)
			if len(f) != 3 || f[0] == "-" {
				continue
			}
			path := f[2]
			old, errOld := gitErr(dir, nil, "show", c+"^:"+path)
			new, errNew := gitErr(dir, nil, "show", c+":"+path)
			if errOld != nil || errNew != nil {
				continue // added or deleted
			}
			change := FileChange{Path: path, Old: []byte(old), New: []byte(new)}
			start := time.Now()
			var buf bytes.Buffer
			if err := Unified(&buf, []FileChange{change}, Options{}); err != nil {
				t.Fatal(err)
			}
			_, ins, del := Stat([]FileChange{change})
			spent += time.Since(start)
			files++
			lines += len(splitLines(old))
			wantIns, _ := strconv.Atoi(f[0])
			wantDel, _ := strconv.Atoi(f[1])
			if ins+del != wantIns+wantDel {
				t.Errorf("%s %s: +%d -%d, git diff --minimal has +%d -%d", c[:8], path, ins, del, wantIns, wantDel)
			}
			got, err := applyOne(change.Old, buf.String())
			if err != nil || !bytes.Equal(got, change.New) {
				t.Errorf("%s %s: diff does not apply: %v", c[:8], path, err)
			}
		}
	}
	t.Logf("%d files from %d commits, %d old lines: diff and stat took %v (%v a file)", files, commits, lines, spent, spent/time.Duration(max(files, 1)))
}

// TestCorpusGitAm writes one mbox correcting every .vtt file of a real
// transcript repository (names with spaces included) and applies it with
// git am in a fresh clone.
func TestCorpusGitAm(t *testing.T) {
	src := corpustest.Dir(t, "talk-python")
	if testing.Short() {
		t.Skip("slow: clones the corpus")
	}
	dir := t.TempDir()
	if out, err := exec.Command("git", "clone", "-q", "--no-hardlinks", src, dir).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	git(t, dir, nil, "config", "user.name", "Test")
	git(t, dir, nil, "config", "user.email", "test@example.com")
	paths, err := filepath.Glob(filepath.Join(dir, "transcripts", "*.vtt"))
	if err != nil {
		t.Fatal(err)
	}
	var changes []FileChange
	for _, p := range paths {
		old, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		new := bytes.ReplaceAll(old, []byte(" the "), []byte(" teh "))
		rel, _ := filepath.Rel(dir, p)
		changes = append(changes, FileChange{Path: filepath.ToSlash(rel), Old: old, New: new})
	}
	var mbox bytes.Buffer
	start := time.Now()
	err = Mbox(&mbox, changes, Message{Author: "Test", Email: "test@example.com", Subject: "Misspell every the", Date: time.Unix(1700000000, 0)})
	if err != nil {
		t.Fatal(err)
	}
	spent := time.Since(start)
	files, ins, del := Stat(changes)
	start = time.Now()
	if out, err := gitErr(dir, mbox.Bytes(), "am", "-q"); err != nil {
		t.Fatalf("git am: %v\n%s", err, out)
	}
	t.Logf("%d files, +%d -%d, mbox of %d bytes written in %v; git am took %v", files, ins, del, mbox.Len(), spent, time.Since(start))
	checkFiles(t, dir, changes)
}
