package transcript

import (
	"reflect"
	"strings"
	"testing"
)

func mustRead(t *testing.T, name, text string) *Episode {
	t.Helper()
	ep, err := Read(name, []byte(text))
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return ep
}

func mustMarshal(t *testing.T, ep *Episode, f Format) string {
	t.Helper()
	out, err := Marshal(ep, f)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

const editVTT = "\ufeffWEBVTT\r\nKind: captions\r\n\r\nNOTE kept\r\n\r\nintro\r\n00:01.000 --> 00:04.500 align:start\r\n<v Maya Patel>We use Jupiter notebooks.</v>\r\n\r\n00:04.500 --> 00:07.250\r\nAnd pedantic for\r\nvalidation.\r\n\r\n00:07.250 --> 00:09.000\r\nBye.\r\n\r\n"

// TestFaithfulEdits: changing, removing and adding segments rewrites only
// those segments, in the file's own line ends, keeping identifiers,
// settings, voice spans, notes and headers.
func TestFaithfulEdits(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(ep *Episode)
		want string
	}{
		{"text only", func(ep *Episode) {
			ep.Segments[0].Text = "We use Jupyter notebooks & <more>."
			ep.Segments[1].Text = "And Pydantic for\nvalidation."
		}, "\ufeffWEBVTT\r\nKind: captions\r\n\r\nNOTE kept\r\n\r\nintro\r\n00:01.000 --> 00:04.500 align:start\r\n<v Maya Patel>We use Jupyter notebooks & &lt;more>.</v>\r\n\r\n00:04.500 --> 00:07.250\r\nAnd Pydantic for\r\nvalidation.\r\n\r\n00:07.250 --> 00:09.000\r\nBye.\r\n\r\n"},
		{"time changed", func(ep *Episode) {
			ep.Segments[0].End = 4600
		}, "\ufeffWEBVTT\r\nKind: captions\r\n\r\nNOTE kept\r\n\r\nintro\r\n00:00:01.000 --> 00:00:04.600 align:start\r\n<v Maya Patel>We use Jupiter notebooks.\r\n\r\n00:04.500 --> 00:07.250\r\nAnd pedantic for\r\nvalidation.\r\n\r\n00:07.250 --> 00:09.000\r\nBye.\r\n\r\n"},
		{"removed", func(ep *Episode) {
			ep.Segments = append(ep.Segments[:1], ep.Segments[2:]...)
		}, "\ufeffWEBVTT\r\nKind: captions\r\n\r\nNOTE kept\r\n\r\nintro\r\n00:01.000 --> 00:04.500 align:start\r\n<v Maya Patel>We use Jupiter notebooks.</v>\r\n\r\n00:07.250 --> 00:09.000\r\nBye.\r\n\r\n"},
		{"added", func(ep *Episode) {
			ep.Segments = append(ep.Segments, Segment{Start: 9000, End: 10000, Speaker: "Tom Reyes", Text: "One more."})
		}, editVTT[:len(editVTT)-2] + "\r\n00:00:09.000 --> 00:00:10.000\r\n<v Tom Reyes>One more.\r\n\r\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ep := mustRead(t, "edit.vtt", editVTT)
			c.edit(ep)
			if got := mustMarshal(t, ep, VTT); got != c.want {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

// TestTimedTextEdit: a corrected line keeps its time; the others are
// untouched.
func TestTimedTextEdit(t *testing.T) {
	ep := mustRead(t, "a.txt", "00:00:00 Hello.\n\n00:00:06 We use rough for linting.\n\n")
	ep.Segments[1].Text = "We use ruff for linting."
	if got, want := mustMarshal(t, ep, TimedText), "00:00:00 Hello.\n\n00:00:06 We use ruff for linting.\n\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestFreshWrite: an episode made in memory, or converted from another
// format, is written in the writer's own layout.
func TestFreshWrite(t *testing.T) {
	ep := NewEpisode()
	ep.Segments = []Segment{
		{Start: 1500, End: NoTime, Speaker: "Ann", Text: "Hi & <welcome>"},
		{Start: 3_600_000 + 2000, End: NoTime, Speaker: "Ann", Text: "two\nlines -->"},
	}
	if got, want := mustMarshal(t, ep, VTT), "WEBVTT\n\n00:00:01.500 --> 01:00:02.000\n<v Ann>Hi & &lt;welcome>\n\n01:00:02.000 --> 01:00:03.200\n<v Ann>two\nlines --&gt;\n\n"; got != want {
		t.Errorf("vtt:\ngot  %q\nwant %q", got, want)
	}
	if got, want := mustMarshal(t, ep, TimedText), "00:00:01 Ann: Hi & <welcome>\n\n01:00:02 two lines -->\n\n"; got != want {
		t.Errorf("txt:\ngot  %q\nwant %q", got, want)
	}
	vtt := mustRead(t, "x.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n")
	if got, want := mustMarshal(t, vtt, TimedText), "00:00:01 A\n\n"; got != want {
		t.Errorf("vtt to txt: got %q, want %q", got, want)
	}
}

func TestParseName(t *testing.T) {
	for _, c := range []struct {
		path string
		num  int
		slug string
	}{
		{"transcripts/301-deploying-django.vtt", 301, "deploying-django"},
		{"000_tptm_introducing_the_show.txt", 0, "tptm_introducing_the_show"},
		{"/x/049_ Microsofts_JIT.txt", 49, "Microsofts_JIT"},
		{"youtube/425-YOUTUBE-if-you-were.vtt", 425, "YOUTUBE-if-you-were"},
		{"intro.txt", -1, "intro"},
		{"2024-recap.vtt", 2024, "recap"},
		{"12345678-too-long.vtt", -1, "12345678-too-long"},
		{"303-python-for-astronomy-with-dr.-becky.vtt", 303, "python-for-astronomy-with-dr.-becky"},
	} {
		n, s := ParseName(c.path)
		if n != c.num || s != c.slug {
			t.Errorf("ParseName(%q) = %d, %q; want %d, %q", c.path, n, s, c.num, c.slug)
		}
	}
}

func TestParseClock(t *testing.T) {
	for _, c := range []struct {
		s  string
		ms Millis
		ok bool
	}{
		{"00:00:00.001", 1, true},
		{"01:02:03.456", 3723456, true},
		{"02:03.4", 123400, true},
		{"00:00:01,250", 1250, true},
		{"100:00:00.000", 360000000, true},
		{"1:00:12", 3612000, true},
		{"00:60.000", NoTime, false},
		{"00:61:00.000", NoTime, false},
		{"0:5", NoTime, false},
		{"12", NoTime, false},
		{"00:00:00.", NoTime, false},
		{"00:00:00.000x", NoTime, false},
		{"1:2:3:4", NoTime, false},
		{"", NoTime, false},
		{"99999999999:00", NoTime, false},
	} {
		ms, ok := parseClock(c.s)
		if ms != c.ms || ok != c.ok {
			t.Errorf("parseClock(%q) = %d, %v; want %d, %v", c.s, ms, ok, c.ms, c.ok)
		}
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Format
		err  bool
	}{
		{"WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", VTT, false},
		{"\ufeffWEBVTT - title\r\n", VTT, false},
		{"WEBVTTX\n", Text, false},
		{"00:00:00 Hello.\n\n00:00:05 World.\n", TimedText, false},
		{"", "", true},
		{"  \n\n", "", true},
		{"WEBVTT\x00", "", true},
	} {
		got, err := Detect([]byte(c.in))
		if got != c.want || (err != nil) != c.err {
			t.Errorf("Detect(%q) = %q, %v; want %q (error %v)", c.in, got, err, c.want, c.err)
		}
	}
}

// TestAddToEmptyFile: segments added to a file that had none are written
// afresh, since the file has no place for them (after a JSON file's closing
// brace would not be JSON).
func TestAddToEmptyFile(t *testing.T) {
	for _, c := range []struct {
		in string
		f  Format
	}{
		{`{"version": "1.0.0", "segments": []}`, JSON},
		{"WEBVTT\n", VTT},
	} {
		ep, _ := ReadAs("empty", []byte(c.in), c.f)
		if got := mustMarshal(t, ep, c.f); got != c.in {
			t.Errorf("%s unchanged: got %q", c.f, got)
		}
		ep.Segments = append(ep.Segments, Segment{Start: 0, End: 1000, Text: "Added."})
		back, err := ReadAs("again", []byte(mustMarshal(t, ep, c.f)), c.f)
		if err != nil || len(back.Segments) != 1 || back.Segments[0].Text != "Added." {
			t.Errorf("%s with a segment added reads back as %v (%v)", c.f, back.Segments, err)
		}
	}
}

func TestVoiceTagName(t *testing.T) {
	for in, want := range map[string]string{
		"Maya Patel": "Maya Patel", "AA--": "AA-", "<b>Bob</b>": "bBob/b", " Ann\nLee ": "Ann Lee", "a---b": "a-b",
	} {
		if got := voiceTagName(in); got != want {
			t.Errorf("voiceTagName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEmptyCueGetsText: a cue with no payload that gets text is rewritten
// whole, never with the text on its timing line.
func TestEmptyCueGetsText(t *testing.T) {
	ep := mustRead(t, "e.vtt", "WEBVTT\n\nid\n00:01.000 --> 00:02.000 align:end\n\n00:02.000 --> 00:03.000\nNext.\n")
	ep.Segments[0].Text = "Now said."
	if got, want := mustMarshal(t, ep, VTT), "WEBVTT\n\nid\n00:00:01.000 --> 00:00:02.000 align:end\nNow said.\n\n00:02.000 --> 00:03.000\nNext.\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTrimBlanks(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "  ": "", "\u00a0 x\t\u00a0": "x", "a b": "a b", " \r\n ": "\n", "é\u00a0": "é",
	} {
		if got := trimBlanks(in); got != want {
			t.Errorf("trimBlanks(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestConvertedSpeakers: a WebVTT written from another format names the
// speaker in every cue, as players show cues one at a time.
func TestConvertedSpeakers(t *testing.T) {
	ep := mustRead(t, "a.srt", "1\n00:00:01,000 --> 00:00:02,000\nAnna Lee: Hello.\n\n2\n00:00:02,000 --> 00:00:03,000\nStill Anna.\n")
	want := "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Anna Lee>Hello.\n\n00:00:02.000 --> 00:00:03.000\n<v Anna Lee>Still Anna.\n\n"
	if got := mustMarshal(t, ep, VTT); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTextPos(t *testing.T) {
	ep := mustRead(t, "p.vtt", "WEBVTT\n\nid\n00:01.000 --> 00:02.000\n<v Ann>héllo there\nsecond Jupiter line\n")
	text := ep.Segments[0].Text // "héllo there\nsecond Jupiter line"
	for _, c := range []struct {
		sub       string
		line, col int
	}{
		{"there", 5, 14}, // after "<v Ann>" and "héllo "
		{"Jupiter", 6, 8},
		{"héllo", 5, 8},
	} {
		line, col := ep.TextPos(0, strings.Index(text, c.sub))
		if line != c.line || col != c.col {
			t.Errorf("%q at %d:%d, want %d:%d", c.sub, line, col, c.line, c.col)
		}
	}
	txt := mustRead(t, "p.txt", "00:00:00 Hi.\n\n00:00:05 We use Jupiter.\n")
	if line, col := txt.TextPos(1, 7); line != 3 || col != 17 {
		t.Errorf("txt: %d:%d, want 3:17", line, col)
	}
}

// TestSpliceKeepsMarkup: a corrected word leaves the cue's other markup as
// it was, so the diff shows the correction alone.
func TestSpliceKeepsMarkup(t *testing.T) {
	for _, c := range []struct{ raw, from, to, want string }{
		{"Q&amp;A on pedantic", "pedantic", "Pydantic", "Q&amp;A on Pydantic"},
		{"<i>Jupiter</i> notebooks &amp; more", "Jupiter", "Jupyter", "<i>Jupyter</i> notebooks &amp; more"},
		{"we use <b>rough</b>, not flake8", "rough", "ruff", "we use <b>ruff</b>, not flake8"},
		{"caf&#233; Jupiter", "Jupiter", "Jupyter", "caf&#233; Jupyter"},
		{"fast\r\nAPI is <i>great</i>", "fast\nAPI", "FastAPI", "FastAPI is <i>great</i>"},
		{"héllo Jupiter", "héllo", "hello", "hello Jupiter"},
	} {
		old, _, _ := cueText(c.raw)
		got, ok := spliceCue(nil, c.raw, old, strings.Replace(old, c.from, c.to, 1), "\r\n")
		if !ok || string(got) != c.want {
			t.Errorf("%q: got %q (%v), want %q", c.raw, got, ok, c.want)
		}
	}
	// A change across a tag rewrites the payload whole rather than leave
	// the tag unbalanced; so does a payload that is not the old text.
	if _, ok := spliceCue(nil, "x <i>a</i> y", "x a y", "x q", "\n"); ok {
		t.Error("a splice across a tag should refuse")
	}
	if got, ok := spliceCue(nil, "x <i>a</i> y &amp; z", "x a y & z", "x b y & w", "\n"); !ok || string(got) != "x <i>b</i> y &amp; w" {
		t.Errorf("two changes around markup: %q", got)
	}
	if _, ok := spliceCue(nil, "other", "x a y", "x b y", "\n"); ok {
		t.Error("a splice into a payload that is not the old text should refuse")
	}
}

func TestChangedRegions(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want []region
	}{
		{"same", "same", nil},
		{"Langchain and Jupiter", "LangChain and Jupyter", []region{{4, 5, 4, 5}, {17, 18, 17, 18}}},
		{"API and pedantic", "and Pydantic", []region{{0, 4, 0, 0}, {8, 10, 4, 6}}},
		{"", "new", []region{{0, 0, 0, 3}}},
		{"héllo", "hello", []region{{1, 3, 1, 2}}},
	} {
		if got := changedRegions(c.a, c.b); !reflect.DeepEqual(got, c.want) {
			t.Errorf("changedRegions(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
