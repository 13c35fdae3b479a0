package cli

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/journal"
	"github.com/emend-project/emend/internal/pgtest"
)

// asEmend, set in the environment, makes the test binary run as emend, so
// that a test can kill it.
const asEmend = "EMEND_TEST_RUN_AS_EMEND"

func TestMain(m *testing.M) {
	if os.Getenv(asEmend) == "1" {
		os.Exit(Run())
	}
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// The kill test's library and trials.
const (
	killPairs     = 1000 // .txt/.vtt pairs, about a corpus
	killTrials    = 50   // per signal
	killSeed      = 18   // the number: the moments are the same on every run
	killSegments  = 12   // segments per file
	shortPairs    = 200
	shortTrials   = 10
	killRunBudget = 20 * time.Second // a single fix may take no longer
)

// killLibrary writes n episode pairs under dir, with words the rules fix
// in every file, and returns their contents by path.
func killLibrary(t *testing.T, dir string, n int) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for i := range n {
		var txt, vtt bytes.Buffer
		vtt.WriteString("WEBVTT\n\n")
		for s := range killSegments {
			line := fmt.Sprintf("In episode %d part %d we open Jupiter and talk about fast API, then Jupiter again.", i, s)
			fmt.Fprintf(&txt, "00:%02d:%02d %s\n\n", s/6, s*10%60, line)
			fmt.Fprintf(&vtt, "%02d:%02d.000 --> %02d:%02d.000\n%s\n\n", s/6, s*10%60, (s+1)/6, (s+1)*10%60, line)
		}
		sub := filepath.Join(dir, fmt.Sprintf("season-%d", i%4))
		for ext, b := range map[string][]byte{".txt": txt.Bytes(), ".vtt": vtt.Bytes()} {
			p := filepath.Join(sub, fmt.Sprintf("%04d-episode%s", i, ext))
			files[p] = append([]byte(nil), b...)
		}
	}
	writeAll(t, files)
	return files
}

func writeAll(t *testing.T, files map[string][]byte) {
	t.Helper()
	for p, b := range files {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// emendCmd runs the test binary as emend.
func emendCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), asEmend+"=1")
	return cmd
}

// TestKillFix kills emend fix with SIGINT and with SIGKILL (and a few
// times with SIGTERM) at random (seeded) moments over a library of a corpus's size. After each, and
// after the recovery for SIGKILL, every file must be all original or all
// fixed, the library as a whole too (so every .txt/.vtt pair agrees), and
// no temporary file may be left.
func TestKillFix(t *testing.T) {
	pairs, trials := killPairs, killTrials
	if testing.Short() {
		pairs, trials = shortPairs, shortTrials
	}
	dir := t.TempDir()
	lib := filepath.Join(dir, "lib")
	rules := "Jupiter => Jupyter\nfast API => FastAPI\n"
	if err := os.WriteFile(filepath.Join(dir, "emend.rules"), []byte(rules), 0o644); err != nil {
		t.Fatal(err)
	}
	orig := killLibrary(t, lib, pairs)

	// One run to the end: the fixed contents, and how long a run takes.
	begin := time.Now()
	if out, err := emendCmd(dir, "fix", "lib").CombinedOutput(); err != nil {
		t.Fatalf("fix: %v\n%s", err, out)
	}
	whole := time.Since(begin)
	fixed := map[string][]byte{}
	for p, b := range orig {
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(got, b) {
			t.Fatalf("%s: not fixed by the rules", p)
		}
		fixed[p] = got
	}
	t.Logf("%d files: a whole fix takes %v", len(orig), whole)

	rng := rand.New(rand.NewPCG(killSeed, 0))
	// SIGTERM takes SIGINT's way through emend: a few trials show it.
	runs := []struct {
		sig    syscall.Signal
		trials int
	}{{syscall.SIGINT, trials}, {syscall.SIGKILL, trials}, {syscall.SIGTERM, max(trials/5, 5)}}
	for _, r := range runs {
		stopTrials(t, dir, orig, fixed, whole, rng, r.sig, r.trials)
	}
}

// maxTrialsFactor bounds the trials stopTrials adds when its moments all
// miss the run's writes.
const maxTrialsFactor = 4

// stopTrials runs emend fix on dir's lib, stopped by sig at trials moments
// drawn from rng over a run of length whole, and checks after each (and
// after the recovery) that the library is all original or all fixed.
// When none of those moments stopped a run while it wrote (on a loaded
// machine a run takes longer than whole, and its writes come last), it
// goes on, up to maxTrialsFactor times as many, until one does.
func stopTrials(t *testing.T, dir string, orig, fixed map[string][]byte, whole time.Duration, rng *rand.Rand, sig syscall.Signal, trials int) {
	t.Helper()
	lib := filepath.Join(dir, "lib")
	counts := map[string]int{}
	state := "all fixed"
	midWrite := func() int {
		return counts["rolled back"] + counts["undone by recovery"] + counts["completed by recovery"]
	}
	ran := 0
	for trial := 0; trial < trials || midWrite() == 0 && trial < maxTrialsFactor*trials; trial++ {
		ran++
		if state != "all original" {
			writeAll(t, orig)
		}
		at := time.Duration(rng.Int64N(int64(whole)))
		cmd := emendCmd(dir, "fix", "lib")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(at)
		cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(killRunBudget):
			cmd.Process.Kill()
			t.Fatalf("%v trial %d: fix still running after %v", sig, trial, killRunBudget)
		}
		if strings.Contains(stderr.String(), "stopped by a signal") {
			counts["rolled back"]++
		}
		out, err := emendCmd(dir, "fix", "--recover", "lib").CombinedOutput()
		if err != nil {
			t.Fatalf("%v trial %d: recover: %v\n%s", sig, trial, err, out)
		}
		switch {
		case bytes.Contains(out, []byte("undone")):
			counts["undone by recovery"]++
		case bytes.Contains(out, []byte("completed")):
			counts["completed by recovery"]++
		}
		if sig != syscall.SIGKILL && !bytes.Contains(out, []byte("no interrupted run")) {
			t.Errorf("%v trial %d at %v: recovery was needed: %s", sig, trial, at, out)
		}
		state = checkAllOrNothing(t, lib, orig, fixed)
		counts[state]++
		if t.Failed() {
			t.Fatalf("%v trial %d at %v: stderr %s\nrecover: %s", sig, trial, at, stderr.String(), out)
		}
	}
	t.Logf("%v at %d moments: %v", sig, ran, counts)
	if midWrite() == 0 {
		t.Errorf("%v: no trial stopped a run while it wrote (%v): the moments miss the run", sig, counts)
	}
}

// checkAllOrNothing checks that the library is all original or all fixed
// and holds no stray file, and says which.
func checkAllOrNothing(t *testing.T, lib string, orig, fixed map[string][]byte) string {
	t.Helper()
	nOrig, nFixed := 0, 0
	err := filepath.Walk(lib, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.IsDir() && fi.Name() == config.StateDir {
			return filepath.SkipDir
		}
		if fi.IsDir() {
			return nil
		}
		want, ok := orig[p]
		if !ok {
			t.Errorf("stray file %s", p)
			return nil
		}
		got, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch {
		case bytes.Equal(got, want):
			nOrig++
		case bytes.Equal(got, fixed[p]):
			nFixed++
		default:
			t.Errorf("%s: neither original nor fixed", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if nOrig+nFixed != len(orig) {
		t.Errorf("%d files of %d", nOrig+nFixed, len(orig))
	}
	if nOrig != 0 && nFixed != 0 {
		t.Errorf("%d files original and %d fixed", nOrig, nFixed)
	}
	txn := filepath.Join(lib, config.StateDir, journal.TxnDir)
	left, _ := os.ReadDir(txn)
	for _, d := range left {
		if d.Name() != "lock" {
			t.Errorf("left in %s: %s", txn, d.Name())
		}
	}
	if nFixed > 0 {
		return "all fixed"
	}
	return "all original"
}

// TestKillStreamedFix is TestKillFix for a library where one WebVTT file
// is above the size limit and fixed a window at a time (written to the
// journal as it is fixed): SIGINT and SIGKILL at 10 moments each leave
// every file all original or all fixed, that file too.
func TestKillStreamedFix(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "lib")
	if err := os.WriteFile(filepath.Join(dir, "emend.rules"), []byte("Jupiter => Jupyter\nfast API => FastAPI\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	orig := killLibrary(t, lib, 50)
	var big bytes.Buffer
	big.WriteString("WEBVTT\n\n")
	for i := 0; big.Len() < 3<<20; i++ {
		fmt.Fprintf(&big, "%02d:%02d:%02d.000 --> %02d:%02d:%02d.500\nwe open Jupiter and talk about fast API, then more words %d\n\n", i/3600, i/60%60, i%60, i/3600, i/60%60, i%60, i)
	}
	bigPath := filepath.Join(lib, "long", "marathon.vtt")
	orig[bigPath] = big.Bytes()
	writeAll(t, map[string][]byte{bigPath: big.Bytes()})
	t.Setenv("EMEND_MAX_FILE_SIZE", "1M")
	begin := time.Now()
	if out, err := emendCmd(dir, "fix", "lib").CombinedOutput(); err != nil {
		t.Fatalf("fix: %v\n%s", err, out)
	}
	whole := time.Since(begin)
	fixed := map[string][]byte{}
	for p, b := range orig {
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(got, b) {
			t.Fatalf("%s: not fixed by the rules", p)
		}
		fixed[p] = got
	}
	t.Logf("%d files, one of 3 MB streamed: a whole fix takes %v", len(orig), whole)
	rng := rand.New(rand.NewPCG(killSeed, 1))
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		stopTrials(t, dir, orig, fixed, whole, rng, sig, 10)
	}
}
