package fix

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// bigFilesEnv turns on TestBigFiles: it builds emend and fixes files of up
// to 500 MB, which takes minutes and gigabytes of disk.
const bigFilesEnv = "EMEND_BIGFILES"

// maxMemoryRatio is how many times a file's size fix may take in memory
// (peak RSS above emend's on an empty file), issue 18.
const maxMemoryRatio = 3

// maxSlowdown is how much more CPU time per megabyte the largest file
// under the limit may take than the 10 MB one before the time counts as
// not linear: a shared machine's noise, not a quadratic step. (CPU time,
// user and system: the wall clock of a shared machine says more of the
// other sessions.)
const maxSlowdown = 2.0

// bigSentence is what the one-line files repeat: two fixable words, one
// by a rule (Jupiter), one by the show's spellings (fast API).
const bigSentence = "we open Jupiter and talk about fast API then more words here "

const bigRules = "Jupiter => Jupyter\npedantic => Pydantic\nSQL alchemy => SQLAlchemy\n"

type bigCase struct {
	name  string
	vtt   bool
	size  int64
	limit bool // above the size limit: want its error
	// streamed: above the size limit, fixed a window at a time
	// (WebVTT): want peak memory under maxMemoryRatio times the file.
	streamed bool
}

// TestBigFiles is the benchmark of issue 18: emend fix on one-line .txt
// files of 1 to 100 MB and VTTs of 1 to 500 MB, each in a directory of its
// own, timed by /usr/bin/time -v. It prints each file's size, time, peak
// RSS (minus emend's on an empty file) and their ratio, and fails when a
// VTT above the limit, fixed a window at a time, takes more than
// maxMemoryRatio times its size, when time does not grow linearly, or
// when a .txt above the limit does not get the limit's error. (Files
// under the limit are read whole: about 25-45 times their size.)
//
//	EMEND_BIGFILES=1 go test ./internal/fix -run BigFiles -v -timeout 30m
func TestBigFiles(t *testing.T) {
	if os.Getenv(bigFilesEnv) == "" {
		t.Skipf("set %s=1 to fix files of up to 500 MB", bigFilesEnv)
	}
	if _, err := os.Stat("/usr/bin/time"); err != nil {
		t.Skip("needs /usr/bin/time (apt-get install time)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "emend")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/emend")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	rulesFile := filepath.Join(dir, "bench.rules")
	if err := os.WriteFile(rulesFile, []byte(bigRules), 0o644); err != nil {
		t.Fatal(err)
	}
	const mb = 1 << 20
	cases := []bigCase{
		{"txt", false, 1 * mb, false, false},
		{"txt", false, 10 * mb, false, false},
		{"txt", false, 32 * mb, false, false},
		{"txt", false, 100 * mb, true, false},
		{"vtt", true, 1 * mb, false, false},
		{"vtt", true, 10 * mb, false, false},
		{"vtt", true, 32 * mb, false, false},
		{"vtt", true, 100 * mb, false, true},
		{"vtt", true, 500 * mb, false, true},
	}
	base := runBig(t, bin, rulesFile, filepath.Join(dir, "empty"), bigCase{name: "txt"})
	t.Logf("baseline (empty file): %.2f s, %.1f MB peak RSS", base.secs, float64(base.rss)/mb)
	t.Logf("%-4s %6s %8s %8s %10s %8s %12s  %s", "kind", "MB", "wall s", "CPU s", "RSS MB", "× size", "CPU s per MB", "result")
	perMB := map[string]map[int64]float64{}
	streamed := map[int64]float64{}
	for i, c := range cases {
		r := runBig(t, bin, rulesFile, filepath.Join(dir, strconv.Itoa(i)), c)
		extra := r.rss - base.rss
		ratio := float64(extra) / float64(c.size)
		t.Logf("%-4s %6d %8.2f %8.2f %10.1f %8.2f %12.4f  %s", c.name, c.size/mb, r.secs, r.cpu, float64(r.rss)/mb, ratio, r.cpu/float64(c.size/mb), r.summary)
		switch {
		case c.limit:
			if r.code != 1 || !strings.Contains(r.stderr, "above emend's limit") {
				t.Errorf("%s of %d MB: exit %d, want 1 and the limit's error:\n%s", c.name, c.size/mb, r.code, r.stderr)
			}
			if extra > 16*mb {
				t.Errorf("%s of %d MB: %d MB for a file left alone", c.name, c.size/mb, extra/mb)
			}
			continue
		case r.code != 0:
			t.Errorf("%s of %d MB: exit %d:\n%s", c.name, c.size/mb, r.code, r.stderr)
		case c.streamed && ratio > maxMemoryRatio:
			t.Errorf("%s of %d MB: peak memory %.1f times the file, want at most %d", c.name, c.size/mb, ratio, maxMemoryRatio)
		}
		if c.streamed {
			streamed[c.size/mb] = r.cpu / float64(c.size/mb)
			continue
		}
		if perMB[c.name] == nil {
			perMB[c.name] = map[int64]float64{}
		}
		perMB[c.name][c.size/mb] = r.cpu / float64(c.size/mb)
	}
	if streamed[500] > maxSlowdown*streamed[100] {
		t.Errorf("vtt, streamed: %.4f CPU s per MB at 500 MB, %.4f at 100 MB: not linear", streamed[500], streamed[100])
	}
	for kind, m := range perMB {
		if m[10] > 0 && m[32] > maxSlowdown*m[10] {
			t.Errorf("%s: %.4f CPU s per MB at 32 MB, %.4f at 10 MB: not linear", kind, m[32], m[10])
		}
	}
}

type bigRun struct {
	secs, cpu float64 // wall clock; user and system
	rss       int64   // bytes
	code      int
	stderr    string
	summary   string // emend's summary line
}

var (
	maxRSS  = regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`)
	cpuTime = regexp.MustCompile(`(?:User|System) time \(seconds\): ([\d.]+)`)
	elapsed = regexp.MustCompile(`Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)`)
)

// runBig writes the case's file in a directory of its own, fixes it, and
// checks what was written.
func runBig(t *testing.T, bin, rulesFile, dir string, c bigCase) bigRun {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "episode."+c.name)
	if err := writeBig(name, c); err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command("/usr/bin/time", "-v", bin, "fix", "--rules", rulesFile, name)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	r := bigRun{stderr: stderr.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	m := maxRSS.FindStringSubmatch(r.stderr)
	e := elapsed.FindStringSubmatch(r.stderr)
	if m == nil || e == nil {
		t.Fatalf("no figures from /usr/bin/time:\n%s", r.stderr)
	}
	kb, _ := strconv.ParseInt(m[1], 10, 64)
	r.rss = kb << 10
	h, _ := strconv.ParseFloat("0"+e[1], 64)
	mins, _ := strconv.ParseFloat(e[2], 64)
	secs, _ := strconv.ParseFloat(e[3], 64)
	r.secs = h*3600 + mins*60 + secs
	for _, c := range cpuTime.FindAllStringSubmatch(r.stderr, -1) {
		v, _ := strconv.ParseFloat(c[1], 64)
		r.cpu += v
	}
	for _, l := range strings.Split(r.stderr, "\n") {
		if strings.HasPrefix(l, "made ") && r.summary == "" || strings.Contains(l, "limit") {
			l, _, _ = strings.Cut(strings.ReplaceAll(l, dir+string(filepath.Separator), ""), ", with ")
			r.summary = strings.TrimSpace(l)
		}
	}
	if c.size > 0 && r.code == 0 {
		checkBig(t, name, c)
	}
	return r
}

// writeBig writes a one-line .txt of the sentence repeated, or a VTT of
// one cue of it a second, of about c.size bytes.
func writeBig(name string, c bigCase) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	bigContent(w, c)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func bigContent(w io.Writer, c bigCase) {
	var n int64
	if c.vtt {
		io.WriteString(w, "WEBVTT\n\n")
		n = int64(len("WEBVTT\n\n"))
		for i := 0; ; i++ {
			cue := fmt.Sprintf("%s --> %s\n%s\n\n", vttTime(i), vttTime(i+1), strings.TrimSpace(bigSentence))
			if n+int64(len(cue)) > c.size {
				break
			}
			io.WriteString(w, cue)
			n += int64(len(cue))
		}
		return
	}
	for ; n+int64(len(bigSentence)) < c.size; n += int64(len(bigSentence)) {
		io.WriteString(w, bigSentence)
	}
	if c.size > 0 {
		io.WriteString(w, "the end\n")
	}
}

func vttTime(s int) string {
	return fmt.Sprintf("%02d:%02d:%02d.000", s/3600, s/60%60, s%60)
}

// checkBig checks a fixed file: every fixable word fixed, nothing else
// changed (the same size, give or take the words' lengths).
func checkBig(t *testing.T, name string, c bigCase) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("Jupiter")) || bytes.Contains(data, []byte("fast API")) {
		t.Errorf("%s: not every word fixed", name)
	}
	n := bytes.Count(data, []byte("Jupyter"))
	if m := bytes.Count(data, []byte("FastAPI")); m != n || n == 0 {
		t.Errorf("%s: %d Jupyter, %d FastAPI", name, n, m)
	}
	want := bytes.ReplaceAll(data, []byte("Jupyter"), []byte("Jupiter"))
	want = bytes.ReplaceAll(want, []byte("FastAPI"), []byte("fast API"))
	var orig bytes.Buffer
	bigContent(&orig, c)
	if !bytes.Equal(want, orig.Bytes()) {
		t.Errorf("%s: other bytes changed", name)
	}
}
