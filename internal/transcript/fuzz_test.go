package transcript

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkReader holds every reader to the promises all of them make, on any
// input whatsoever:
//   - it never panics, and returns an episode even when it reports problems;
//   - every problem names the file and a line within it;
//   - segments have sane times and point at lines of the input;
//   - a writable format written back unchanged gives the input, byte for
//     byte, and written with every text changed still reads without panic;
//   - a plain one edited in place changes only the lines it edits;
//   - every writer accepts the episode, and a fresh WebVTT copy reads back
//     to the same texts.
func checkReader(t *testing.T, data []byte, f Format) {
	ep, err := ReadAs("fuzz.in", data, f)
	if ep == nil {
		t.Fatalf("no episode (err %v)", err)
	}
	lines := 1 + strings.Count(lineEndsLF(string(data)), "\n")
	if list, ok := err.(ErrorList); ok {
		for _, e := range list {
			if e.File != "fuzz.in" || e.Line < 0 || e.Line > lines {
				t.Fatalf("problem with a bad position: %v", e)
			}
		}
	} else if err != nil {
		t.Fatalf("error of type %T, want ErrorList: %v", err, err)
	}
	for _, s := range ep.Segments {
		if s.Start < NoTime || s.End < NoTime {
			t.Fatalf("bad time in %+v", s)
		}
		if s.Line < 0 || s.Line > lines {
			t.Fatalf("segment line %d outside the input's %d lines", s.Line, lines)
		}
	}
	if codecFor(f).write != nil {
		out, err := Marshal(ep, f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, data) {
			t.Fatalf("written back unchanged, the input differs:\n%s", firstDiff(data, out))
		}
		changed := *ep
		changed.Segments = append([]Segment(nil), ep.Segments...)
		for i := range changed.Segments {
			changed.Segments[i].Text = "changed & <new> text"
		}
		out, err = Marshal(&changed, f)
		if err != nil {
			t.Fatal(err)
		}
		ReadAs("fuzz.out", out, f)
	}
	checkSplice(t, ep, data)
	for _, w := range WritableFormats() {
		if _, err := Marshal(ep, w); err != nil {
			t.Fatalf("write %s: %v", w, err)
		}
	}
	fresh := *ep
	fresh.src = nil
	fresh.Segments = append([]Segment(nil), ep.Segments...)
	for i := range fresh.Segments {
		fresh.Segments[i].orig = 0
	}
	out, _ := Marshal(&fresh, VTT)
	back, err := ReadAs("fresh.vtt", out, VTT)
	if err != nil {
		t.Fatalf("fresh WebVTT output does not read back: %v\n%s", err, out)
	}
	if len(back.Segments) != len(ep.Segments) {
		t.Fatalf("fresh WebVTT output has %d cues, want %d:\n%s", len(back.Segments), len(ep.Segments), out)
	}
	for i := range back.Segments {
		if got, want := back.Segments[i].Text, cueTextForm(ep.Segments[i].Text); got != want {
			t.Fatalf("cue %d reads back as %q, want %q", i, got, want)
		}
	}
}

// cueTextForm is what text becomes in a WebVTT cue: no blank lines, no
// carriage returns.
func cueTextForm(text string) string {
	var keep []string
	for _, l := range strings.Split(text, "\n") {
		if !isBlank(l) {
			keep = append(keep, strings.ReplaceAll(l, "\r", ""))
		}
	}
	return strings.Join(keep, "\n")
}

// fuzzMinimizeTime bounds how long go test -fuzz minimizes each input
// that finds new code, unless -fuzzminimizetime is given. Go's minimizer
// tries every removal of a run of bytes, as many tries as the square of
// the input's length over two: for the golden files (up to 1.4 KB) and the
// inputs made from them, hundreds of thousands of runs of a reader and
// every writer, more than the default of 60 s. Each input that found
// something new then took a worker for a whole minute, and FuzzJSON
// (whose reader has many paths, found from the first mutations) ran 9
// inputs in 60 s with both workers minimizing. A crash is still minimized
// (the cheap steps first: cutting the tail, removing each byte), for as
// long as this.
const fuzzMinimizeTime = "3s"

// boundMinimizing sets -fuzzminimizetime to fuzzMinimizeTime unless the
// command line gives it. The coordinator reads it when the target calls
// f.Fuzz, so a target calls this first.
func boundMinimizing() {
	given := false
	flag.Visit(func(fl *flag.Flag) { given = given || fl.Name == "test.fuzzminimizetime" })
	if fl := flag.Lookup("test.fuzzminimizetime"); fl != nil && !given {
		if err := fl.Value.Set(fuzzMinimizeTime); err != nil {
			panic(err)
		}
	}
}

// addSeeds adds the golden inputs of a format to a fuzz target's corpus,
// and bounds minimizing (see boundMinimizing): every target of the
// package calls it.
func addSeeds(f *testing.F, format Format) {
	boundMinimizing()
	files, _ := filepath.Glob(filepath.Join("testdata", "golden", string(format), "*"))
	for _, p := range files {
		if strings.HasSuffix(p, ".golden") {
			continue
		}
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
}

func FuzzVTT(f *testing.F) {
	addSeeds(f, VTT)
	f.Add([]byte("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Hi &amp; bye\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkReader(t, data, VTT) })
}

func FuzzTimedText(f *testing.F) {
	addSeeds(f, TimedText)
	f.Add([]byte("00:00:00 Hello.\n\n00:00:05 World\ncontinued\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkReader(t, data, TimedText) })
}

// FuzzRead feeds any input to format detection and the reader it picks.
func FuzzRead(f *testing.F) {
	for _, c := range codecs {
		addSeeds(f, c.format)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Detect(data); err != nil {
			return
		}
		ep, _ := Read("fuzz.in", data)
		if ep == nil {
			t.Fatal("detected a format but read no episode")
		}
		checkReader(t, data, ep.Format)
	})
}

// TestInvalidUTF8 reads files with invalid bytes: the problem is reported
// at its line, the texts are valid UTF-8, and the file still writes back
// unchanged.
func TestInvalidUTF8(t *testing.T) {
	for _, c := range []struct {
		in   string
		f    Format
		line int
	}{
		{"00:00:00 ok\n\n00:00:05 caf\xe9 \xff0\n", TimedText, 3},
		{"WEBVTT\n\n00:01.000 --> 00:02.000\n<v \xffAnn>h\xc3i\n", VTT, 4},
	} {
		ep, err := ReadAs("bad", []byte(c.in), c.f)
		list, _ := err.(ErrorList)
		if len(list) != 1 || list[0].Line != c.line || list[0].Msg != "invalid UTF-8" {
			t.Errorf("%q: problems %v, want invalid UTF-8 at line %d", c.in, err, c.line)
		}
		for _, s := range ep.Segments {
			if !utf8.ValidString(s.Text) || !utf8.ValidString(s.Speaker) {
				t.Errorf("%q: invalid text kept: %q %q", c.in, s.Speaker, s.Text)
			}
		}
		checkReader(t, []byte(c.in), c.f)
	}
}
