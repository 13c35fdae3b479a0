package transcript

import (
	"bytes"
	"strings"
	"testing"
)

// TestSplice edits files of plain text in place: only the edited words
// change, whatever the file holds around them that the reader left out or
// complained of.
func TestSplice(t *testing.T) {
	for _, c := range []struct {
		name, in string
		format   Format
		edits    []wordEdit
		want     string
	}{{
		name: "page text, a time going back, a glued time",
		in: "0:34 Hello and welcome to Python Chats.\n\n0:55 We use Jupiter notebooks.\n\n" +
			"[music]\n\n Thanks for listening.\n\n1:28 And the pedantic library.\n\n1:20 Yeah.\n\n6:25So, Jupiter again.\n",
		format: WebPage,
		// The last segment is "Yeah.\n6:25So, Jupiter again.", over a
		// blank line.
		edits: []wordEdit{{1, "Jupiter", "Jupyter"}, {2, "pedantic", "Pydantic"}, {3, "Jupiter", "Jupyter"}},
		want: "0:34 Hello and welcome to Python Chats.\n\n0:55 We use Jupyter notebooks.\n\n" +
			"[music]\n\n Thanks for listening.\n\n1:28 And the Pydantic library.\n\n1:20 Yeah.\n\n6:25So, Jupyter again.\n",
	}, {
		name:   "blanks the reader left out, CRLF, a phrase over a line break",
		in:     "00:00:01 We use fast  \r\n   API here, and Jupiter.\r\n\r\n00:00:05\tBye.\r\n",
		format: TimedText,
		edits:  []wordEdit{{0, "fast  \n   API", "FastAPI"}, {0, "Jupiter", "Jupyter"}},
		want:   "00:00:01 We use FastAPI here, and Jupyter.\r\n\r\n00:00:05\tBye.\r\n",
	}, {
		name:   "copied captions, an edit at the end of a text",
		in:     "My video\n0:00 we use jupiter\n0:02 notebooks a lot\n",
		format: Captions,
		edits:  []wordEdit{{0, "jupiter", "Jupyter"}},
		want:   "My video\n0:00 we use Jupyter\n0:02 notebooks a lot\n",
	}, {
		name:   "untimed paragraphs, a deletion",
		in:     "Ann: We use use Jupiter.\n\nBob: Me too.\n",
		format: Text,
		edits:  []wordEdit{{0, "use ", ""}, {0, "Jupiter", "Jupyter"}},
		want:   "Ann: We use Jupyter.\n\nBob: Me too.\n",
	}, {
		name:   "lines ending in carriage returns, a phrase over a line end",
		in:     "00:00:01 We use fast\rAPI and\rJupiter.\r\r00:00:05 Bye.\r",
		format: TimedText,
		edits:  []wordEdit{{0, "fast\nAPI", "FastAPI"}, {0, "Jupiter", "Jupyter"}},
		want:   "00:00:01 We use FastAPI and\rJupyter.\r\r00:00:05 Bye.\r",
	}, {
		name:   "no edits",
		in:     "0:01 One.\n\n[music]\n\n0:02 Two.\n\n0:03 Three.\n",
		format: WebPage,
		want:   "0:01 One.\n\n[music]\n\n0:02 Two.\n\n0:03 Three.\n",
	}} {
		t.Run(c.name, func(t *testing.T) {
			ep, _ := ReadAs("in.txt", []byte(c.in), c.format)
			out, err := ep.Splice(resolve(t, ep, c.edits))
			if err != nil {
				t.Fatalf("Splice: %v (segments %q)", err, texts(ep))
			}
			if string(out) != c.want {
				t.Errorf("got\n%q\nwant\n%q", out, c.want)
			}
		})
	}
}

// wordEdit replaces the first Old in the text of segment Seg with New.
type wordEdit struct {
	Seg      int
	Old, New string
}

func resolve(t *testing.T, ep *Episode, ws []wordEdit) []TextEdit {
	t.Helper()
	var out []TextEdit
	for _, w := range ws {
		i := strings.Index(ep.Segments[w.Seg].Text, w.Old)
		if i < 0 {
			t.Fatalf("no %q in segment %d: %q", w.Old, w.Seg, ep.Segments[w.Seg].Text)
		}
		out = append(out, TextEdit{w.Seg, i, i + len(w.Old), w.New})
	}
	return out
}

func texts(ep *Episode) []string {
	var out []string
	for _, s := range ep.Segments {
		out = append(out, s.Text)
	}
	return out
}

// TestSpliceRefuses: where an edit in place cannot keep every other byte,
// or would not read back as edited, Splice says so and writes nothing.
func TestSpliceRefuses(t *testing.T) {
	page := "0:01 One Jupiter.\n\n0:02 Two.\n\n0:03 Three.\n"
	for _, c := range []struct {
		name, in string
		format   Format
		edits    []TextEdit
		want     string
	}{
		{"markup", "WEBVTT\n\n00:01.000 --> 00:02.000\nJupiter &amp; co\n", VTT, []TextEdit{{0, 0, 7, "Jupyter"}}, "marked up"},
		{"invalid UTF-8", "0:01 One \xff Jupiter.\n\n0:02 Two.\n\n0:03 Three.\n", WebPage, []TextEdit{{0, 8, 15, "Jupyter"}}, "invalid UTF-8, which emend does not edit"},
		{"overlap", page, WebPage, []TextEdit{{0, 4, 11, "Jupyter"}, {0, 6, 8, "x"}}, "overlap"},
		{"outside the text", page, WebPage, []TextEdit{{0, 4, 40, "x"}}, "outside"},
		{"no such segment", page, WebPage, []TextEdit{{7, 0, 1, "x"}}, "segment 7"},
		{"a new paragraph", page, WebPage, []TextEdit{{1, 0, 3, "2\n\n0:09 New"}}, "read back"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ep, _ := ReadAs("in.txt", []byte(c.in), c.format)
			out, err := ep.Splice(c.edits)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Splice = %q, %v; want an error saying %q", out, err, c.want)
			}
		})
	}
}

// checkSplice holds Splice to its promise on any input of a plain format:
// with no edit it gives the input; with the first word of each text
// replaced it fails, or gives the input with the same lines, those alone
// changed that now hold the new word.
func checkSplice(t *testing.T, ep *Episode, data []byte) {
	if !Spliceable(ep.Format) {
		return
	}
	out, err := ep.Splice(nil)
	if err != nil || !bytes.Equal(out, data) {
		t.Fatalf("Splice without edits: %v, output differs:\n%s", err, firstDiff(data, out))
	}
	var edits []TextEdit
	for i, s := range ep.Segments {
		if a, b := firstWord(s.Text); b > a {
			edits = append(edits, TextEdit{Seg: i, Start: a, End: b, New: "Emended"})
		}
	}
	out, err = ep.Splice(edits)
	if err != nil {
		return
	}
	before, after := bytes.Split(data, []byte("\n")), bytes.Split(out, []byte("\n"))
	if len(before) != len(after) {
		t.Fatalf("%d lines before the edits, %d after", len(before), len(after))
	}
	for i := range before {
		if !bytes.Equal(before[i], after[i]) && !bytes.Contains(after[i], []byte("Emended")) {
			t.Fatalf("line %d changed without an edit: %q, was %q", i+1, after[i], before[i])
		}
	}
}

// firstWord returns the bytes of the first run of ASCII letters of s.
func firstWord(s string) (int, int) {
	a := strings.IndexFunc(s, func(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' })
	if a < 0 {
		return 0, 0
	}
	b := a
	for b < len(s) && ('a' <= s[b] && s[b] <= 'z' || 'A' <= s[b] && s[b] <= 'Z') {
		b++
	}
	return a, b
}

// TestMacLineEnds: a file whose lines end in carriage returns alone is
// read line by line, and a text written into it anew ends its lines so.
func TestMacLineEnds(t *testing.T) {
	in := "00:00:01 Hello.\r\r00:00:05 Bye.\r"
	ep, err := Read("mac.txt", []byte(in))
	if err != nil || ep.Format != TimedText || len(ep.Segments) != 2 || ep.Segments[1].Line != 3 {
		t.Fatalf("read %s, %d segments (%v): %q", ep.Format, len(ep.Segments), err, texts(ep))
	}
	ep.Segments[0].Text = "Hello,\nworld."
	if got, want := mustMarshal(t, ep, TimedText), "00:00:01 Hello,\rworld.\r\r00:00:05 Bye.\r"; got != want {
		t.Errorf("written %q, want %q", got, want)
	}
	if line, col := ep.TextPos(1, 1); line != 3 || col != 11 {
		t.Errorf("TextPos = %d:%d, want 3:11", line, col)
	}
}
