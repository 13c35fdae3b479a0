package transcript

import (
	"strings"
	"testing"
)

func TestTitleLine(t *testing.T) {
	for _, c := range []struct {
		in        string
		alone     bool
		want      string
		wantTitle bool
	}{
		{"Transcript: Pandas and friends", false, "Pandas and friends", true},
		{"transcript:   spaced out  ", false, "spaced out", true},
		{"Transcript:", true, "", true},
		{"# Episode 57: Jupiter everywhere", false, "Episode 57: Jupiter everywhere", true},
		{"#hashtag", true, "", false},
		{"Packaging Corner - Transcript", true, "Packaging Corner", true},
		{"Packaging Corner | transcript", true, "Packaging Corner", true},
		{"Packaging Corner — Transcript", true, "Packaging Corner", true},
		{"Packaging Corner: Transcript", true, "Packaging Corner", true},
		{"Packaging Corner - Transcript", false, "", false}, // the paragraph goes on
		{"Transcript", true, "", true},
		{"Read the full transcript", true, "", false},
		{"Welcome to the show.", true, "", false},
	} {
		got, ok := titleLine(c.in, c.alone)
		if got != c.want || ok != c.wantTitle {
			t.Errorf("titleLine(%q, %v) = %q, %v; want %q, %v", c.in, c.alone, got, ok, c.want, c.wantTitle)
		}
	}
}

func TestSpeakerLabel(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "" when not a label
	}{
		{"Maya Patel: Welcome back.", "Maya Patel"},
		{"Jon: Thanks.", "Jon"},
		{"Dr. Ann O'Neil: Hello.", "Dr. Ann O'Neil"},
		{"Speaker 2: yes", "Speaker 2"},
		{"SPEAKER_01: yes", "SPEAKER_01"},
		{"Zoë Müller: hallo", "Zoë Müller"},
		{"Note: machine made.", ""},
		{"NOTE: machine made.", ""},
		{"Her advice: start small.", ""}, // "advice" is not capitalized
		{"So the point is: yes", ""},
		{"One Two Three Four Five: too many words", ""},
		{"Maya:", ""},
		{"Maya:no space", ""},
		{"Maya:   ", ""},
		{"2: a number alone", ""},
		{"https://example.com is a link", ""},
		{"Maya  Patel: two blanks", ""},
	} {
		name, at, ok := speakerLabel(c.in)
		if !ok {
			name = ""
		}
		if name != c.want {
			t.Errorf("speakerLabel(%q) = %q, want %q", c.in, name, c.want)
		}
		if ok && strings.TrimSpace(c.in[at:]) != c.in[at:] {
			t.Errorf("speakerLabel(%q): text at %d starts with a blank", c.in, at)
		}
	}
}

func TestTextSpeakers(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string // speaker: text
	}{
		{"first paragraph labelled", "Ann: Hi.\n\nStill Ann.\n",
			[]string{"Ann: Hi.", "Ann: Still Ann."}},
		{"recurring label", "Intro.\n\nAnn: Hi.\n\nBob: Hey.\n\nAnn: Bye.\n",
			[]string{": Intro.", "Ann: Hi.", "Bob: Hey.", "Ann: Bye."}},
		{"one label in the middle", "Intro.\n\nPython: the language.\n\nOutro.\n",
			[]string{": Intro.", ": Python: the language.", ": Outro."}},
		{"excluded word first", "Note: made by a machine.\n\nHello.\n",
			[]string{": Note: made by a machine.", ": Hello."}},
		{"label on a later line", "Hello\nAnn: not a label here\n\nBye.\n",
			[]string{": Hello Ann: not a label here", ": Bye."}},
	} {
		ep, err := ReadAs("t.txt", []byte(c.in), Text)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		var got []string
		for _, s := range ep.Segments {
			got = append(got, s.Speaker+": "+s.Text)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestSniffText(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     int
	}{
		{"prose", "Hello there.\n", 10},
		{"latin-1 word", "caf\xe9 au lait, and a lot more text in UTF-8 around it\n", 10},
		{"blank", " \n\t\r\n", 0},
		{"binary", "ab\x00cd", 0},
		{"mostly not UTF-8", "\xff\xfe\xfa\xfb\xfc ok", 0},
		{"a bracketed note first", "[Music]\nHello there.\n", 10},
		{"a number in brackets first", "[1] Hello there.\n", 10},
		{"a bracket alone", "[\nHello there.\n", 10},
		{"speech recognition JSON", "{\n    \"sentences\": [\n        {\"text\": \"Hello\"}]}\n", 0},
		{"JSON with a BOM", "\ufeff{\"text\": \"Hello\"}", 0},
		{"JSON array", "[{\"text\": \"Hello\"}]", 0},
		{"a brace in prose", "{laughs} Hello there.\n", 10},
		{"markup", "<!DOCTYPE html>\n<html><body>Hello</body></html>\n", 0},
		{"XML", "<?xml version=\"1.0\"?>\n<tt/>\n", 0},
		{"a less-than first", "<3 from the listeners\n", 10},
	} {
		if got := sniffText(c.in); got != c.want {
			t.Errorf("%s: sniffText = %d, want %d", c.name, got, c.want)
		}
	}
}

// TestTextWriteRead checks that plain text written afresh reads back to
// the same title, speakers and texts (each on one line).
func TestTextWriteRead(t *testing.T) {
	ep := NewEpisode()
	ep.Title = "Episode 9:\nPolars"
	ep.Segments = []Segment{
		{Start: 0, End: 3000, Speaker: "Maya Patel", Text: "Welcome back\nto the show."},
		{Start: 3000, End: 5000, Speaker: "Maya Patel", Text: "Still me."},
		{Start: 5000, End: NoTime, Speaker: "Jon", Text: "Hi: thanks."},
		{Start: NoTime, End: NoTime, Speaker: "Maya Patel", Text: "Bye."},
	}
	out, err := Marshal(ep, Text)
	if err != nil {
		t.Fatal(err)
	}
	want := "Transcript: Episode 9: Polars\n\nMaya Patel: Welcome back to the show.\n\nStill me.\n\nJon: Hi: thanks.\n\nMaya Patel: Bye.\n"
	if string(out) != want {
		t.Fatalf("written:\n%s\nwant:\n%s", out, want)
	}
	back, err := Read("back.txt", out)
	if err != nil {
		t.Fatal(err)
	}
	if back.Format != Text || back.Title != oneLine(ep.Title) || len(back.Segments) != len(ep.Segments) {
		t.Fatalf("read back %s %q with %d segments", back.Format, back.Title, len(back.Segments))
	}
	for i, s := range back.Segments {
		if s.Text != oneLine(ep.Segments[i].Text) || s.Speaker != ep.Segments[i].Speaker {
			t.Errorf("segment %d reads back as %q: %q", i, s.Speaker, s.Text)
		}
	}

	// No title, no speakers, no segments.
	for _, c := range []struct {
		ep   *Episode
		want string
	}{
		{&Episode{Segments: []Segment{{Text: "one"}, {Text: "two"}}}, "one\n\ntwo\n"},
		{&Episode{Title: "Only a title"}, "Transcript: Only a title\n"},
		{&Episode{}, ""},
	} {
		if out, _ := Marshal(c.ep, Text); string(out) != c.want {
			t.Errorf("wrote %q, want %q", out, c.want)
		}
	}
}

// TestTextChangedLayout checks that a paragraph whose text changed is
// rewritten in its own layout, and everything else is kept.
func TestTextChangedLayout(t *testing.T) {
	for _, c := range []struct {
		name, in, text, want string
	}{
		{"one line", "Title - Transcript\n\nthe rough linter\n\nnext\n",
			"the ruff linter", "Title - Transcript\n\nthe ruff linter\n\nnext\n"},
		{"word a line", "so\njupiter\nnotebooks\n\nnext\n",
			"so Jupyter notebooks and more", "so\nJupyter\nnotebooks\nand\nmore\n\nnext\n"},
		{"wrapped", "Ann: one two three four\nfive six seven\n\nnext\n",
			"one two three four five six seven eight", "Ann: one two three four\nfive six seven eight\n\nnext\n"},
		{"indented, crlf", "  alpha beta\r\n  gamma\r\n\r\nnext\r\n",
			"alpha beta gamma delta epsilon", "  alpha beta\r\ngamma delta\r\nepsilon\r\n\r\nnext\r\n"},
	} {
		ep, err := ReadAs("t.txt", []byte(c.in), Text)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		ep.Segments[0].Text = c.text
		out, _ := Marshal(ep, Text)
		if string(out) != c.want {
			t.Errorf("%s: wrote %q, want %q", c.name, out, c.want)
		}
		back, _ := ReadAs("t.txt", out, Text)
		if got := back.Segments[0].Text; got != c.text {
			t.Errorf("%s: reads back as %q", c.name, got)
		}
	}
}

// TestTextSpeakerChange checks that a changed speaker rewrites the
// paragraph with its label, and that a new segment is added with the
// file's own gap.
func TestTextSpeakerChange(t *testing.T) {
	in := "Ann: Hi.\r\n\r\nBob: Hey.\r\n"
	ep, err := ReadAs("t.txt", []byte(in), Text)
	if err != nil {
		t.Fatal(err)
	}
	ep.Segments[1].Speaker = "Robert"
	ep.Segments = append(ep.Segments, Segment{Start: NoTime, End: NoTime, Speaker: "Ann", Text: "Bye."})
	out, _ := Marshal(ep, Text)
	if want := "Ann: Hi.\r\n\r\nRobert: Hey.\r\n\r\nAnn: Bye.\r\n"; string(out) != want {
		t.Errorf("wrote %q, want %q", out, want)
	}
}

func FuzzText(f *testing.F) {
	addSeeds(f, Text)
	f.Add([]byte("Transcript: T\n\nAnn: hi\nthere\n\nBob: yo\n\nso\nyes\n"))
	f.Add([]byte("\ufeff# T\r\n\r\n  Note: x\r\n0:00 y\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkReader(t, data, Text) })
}
