package fix

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/transcript"
)

// streamRules make edits of every kind: one word, several, across two
// cues, with contexts before and after, by topic, by case.
const streamRules = `Jupiter => Jupyter
fast API => FastAPI
SQL alchemy => SQLAlchemy
rough => ruff; if "pip install _", "_ check"; unless "a _ idea"
Simpy => SymPy; topic "SymPy"
pie test => pytest; case
`

// streamWords are what the cues are made of: the rules' words, words
// around them, and words of no rule.
var streamWords = strings.Fields("we open Jupiter and talk about fast API then SQL alchemy pip install rough check a idea Simpy SymPy pie test Pie more words here. the end, so")

// streamVTT makes a WebVTT file of n cues of random words: some with an
// identifier, a voice, two lines, a NOTE between them.
func streamVTT(seed int64, n int) []byte {
	rnd := rand.New(rand.NewSource(seed))
	var b bytes.Buffer
	b.WriteString("WEBVTT\nKind: captions\n\n")
	for i := 0; i < n; i++ {
		if rnd.Intn(20) == 0 {
			b.WriteString("NOTE a note\nof two lines\n\n")
		}
		if rnd.Intn(5) == 0 {
			fmt.Fprintf(&b, "cue-%d\n", i)
		}
		fmt.Fprintf(&b, "%s --> %s\n", vttTime(i), vttTime(i+1))
		if rnd.Intn(4) == 0 {
			fmt.Fprintf(&b, "<v Speaker %d>", rnd.Intn(3))
		}
		words := 1 + rnd.Intn(9)
		for k := 0; k < words; k++ {
			if k > 0 {
				if rnd.Intn(6) == 0 {
					b.WriteString("\n")
				} else {
					b.WriteString(" ")
				}
			}
			b.WriteString(streamWords[rnd.Intn(len(streamWords))])
		}
		b.WriteString("\n\n")
		if rnd.Intn(30) == 0 {
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

// TestStreamAsWhole: a WebVTT file fixed a window at a time, windows of a
// few cues, is what fixing it whole gives, byte for byte, with as many
// edits.
func TestStreamAsWhole(t *testing.T) {
	rs, err := rules.Parse(strings.NewReader(streamRules), "stream.rules")
	if err != nil {
		t.Fatal(err)
	}
	m, err := rules.Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	defer func(w int) { StreamWindow = w }(StreamWindow)
	dir := t.TempDir()
	for seed := int64(1); seed <= 12; seed++ {
		data := streamVTT(seed, 400)
		path := filepath.Join(dir, fmt.Sprintf("%d.vtt", seed))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ep, perr := transcript.ReadAs(path, data, transcript.VTT)
		if perr != nil {
			t.Fatalf("seed %d: %v", seed, perr)
		}
		edits, want, err := file(path, ep, m, "show", false, true)
		if err != nil || len(edits) == 0 {
			t.Fatalf("seed %d: whole: %d edits, %v", seed, len(edits), err)
		}
		for _, window := range []int{1, 60, 500, 1 << 20} {
			StreamWindow = window
			p, err := PlanStream(path, m, "show")
			if err != nil {
				t.Fatalf("seed %d, window %d: %v", seed, window, err)
			}
			var got bytes.Buffer
			if err := p.Write(&got); err != nil {
				t.Fatalf("seed %d, window %d: %v", seed, window, err)
			}
			if p.Edits != len(edits) || !bytes.Equal(got.Bytes(), want) {
				t.Errorf("seed %d, window %d: %d edits, want %d; output differs:\n%s", seed, window, p.Edits, len(edits), firstDiff(want, got.Bytes()))
			}
		}
	}
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("at byte %d: want %q\n got %q", i, a[from:min(len(a), i+80)], b[from:min(len(b), i+80)])
}

// FuzzStream: any WebVTT file that reads without problems, fixed a window
// at a time (windows of one cue and of 200 bytes), gives what fixing it
// whole gives, or an error (then fix leaves it alone); never other bytes.
func FuzzStream(f *testing.F) {
	boundMinimizing()
	f.Add(streamVTT(1, 10))
	f.Add(streamVTT(2, 8))
	f.Add([]byte("WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nfast\r\n\r\n00:02.000 --> 00:03.000\r\nAPI Jupiter\r\n"))
	f.Add([]byte("\ufeffWEBVTT\n\nNOTE x\n\n1\n00:01.000 --> 00:02.000 align:start\n<v A>SQL</v>\n00:02.000 --> 00:03.000\nalchemy\n\n\n\n"))
	rs, err := rules.Parse(strings.NewReader(streamRules), "stream.rules")
	if err != nil {
		f.Fatal(err)
	}
	m, err := rules.Compile(rs)
	if err != nil {
		f.Fatal(err)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		ep, perr := transcript.ReadAs("in.vtt", data, transcript.VTT)
		if perr != nil || ep == nil {
			return
		}
		path := filepath.Join(dir, "in.vtt")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		edits, want, err := file(path, ep, m, "show", false, true)
		if err != nil {
			return
		}
		if len(edits) == 0 {
			want = data
		}
		defer func(w int) { StreamWindow = w }(StreamWindow)
		for _, window := range []int{1, 200} {
			StreamWindow = window
			p, err := PlanStream(path, m, "show")
			if err != nil {
				continue
			}
			var got bytes.Buffer
			if err := p.Write(&got); err != nil {
				continue
			}
			if p.Edits != len(edits) || !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("window %d: %d edits, want %d; output differs:\n%s", window, p.Edits, len(edits), firstDiff(want, got.Bytes()))
			}
		}
	})
}

// boundMinimizing sets -fuzzminimizetime to 3 s unless the command line
// gives it: Go's minimizer tries every removal of a run of bytes, and an
// input of a kilobyte that finds new code would take a worker for the
// default 60 s (see the same in package transcript's fuzz_test.go).
func boundMinimizing() {
	given := false
	flag.Visit(func(fl *flag.Flag) { given = given || fl.Name == "test.fuzzminimizetime" })
	if fl := flag.Lookup("test.fuzzminimizetime"); fl != nil && !given {
		if err := fl.Value.Set("3s"); err != nil {
			panic(err)
		}
	}
}
