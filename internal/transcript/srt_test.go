package transcript

import (
	"strings"
	"testing"
)

func FuzzSRT(f *testing.F) {
	addSeeds(f, SRT)
	f.Add([]byte("1\n00:00:01,000 --> 00:00:02,000\nANNA: Hi &amp; <i>bye</i>\n2\n00:02.000 --> 00:03.000 X1:1\n"))
	f.Add([]byte("\r\n3\r\n00:00:01,000 --> 00:00:02,000\r\n\r\n\r\n4\r\nno timing\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkReader(t, data, SRT) })
}

func TestSniffSRT(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Format // "" when no format should claim the text
	}{
		{"numbered", "1\n00:00:01,000 --> 00:00:02,000\nHi\n", SRT},
		{"blank lines first", "\n\n  \n1\r\n00:00:01,000 --> 00:00:02,000\r\nHi\r\n", SRT},
		{"any number", "17\n00:01,000 --> 00:02,000\nHi\n", SRT},
		{"timing first, comma", "00:00:01,000 --> 00:00:02,000\nHi\n", SRT},
		{"timing first, dot, no header", "00:00:01.000 --> 00:00:02.000\nHi\n", SRT},
		{"webvtt", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHi\n", VTT},
		{"webvtt with comma times", "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nHi\n", VTT},
		{"timed text", "00:00:01 Hello there.\n\n00:00:05 General Kenobi.\n", TimedText},
		{"number then blank", "1\n\n00:00:01,000 --> 00:00:02,000\nHi\n", ""},
		{"number then text", "1\nHello\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := Detect([]byte(tt.text))
			if got == SRT && tt.want != SRT || got != SRT && tt.want == SRT || tt.want != "" && got != tt.want {
				t.Errorf("Detect = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSRTTimes(t *testing.T) {
	tests := []struct {
		timing     string
		start, end Millis
	}{
		{"00:00:01,000 --> 00:00:04,000", 1000, 4000},
		{"00:00:01.250 --> 00:00:04.5", 1250, 4500},
		{"01:02,003 --> 01:03,000", 62003, 63000},
		{"1:00:00,000 --> 1:00:01,000  X1:100 X2:600 Y1:10 Y2:50", 3600000, 3601000},
		{"00:00:01,000-->00:00:02,000", 1000, 2000},
		{"  00:00:01,000   -->   00:00:02,000  ", 1000, 2000},
	}
	for _, tt := range tests {
		ep, err := ReadAs("t.srt", []byte("1\n"+tt.timing+"\ntext\n"), SRT)
		if err != nil || len(ep.Segments) != 1 {
			t.Errorf("%q: %d segments, %v", tt.timing, len(ep.Segments), err)
			continue
		}
		if s := ep.Segments[0]; s.Start != tt.start || s.End != tt.end {
			t.Errorf("%q: read %d --> %d, want %d --> %d", tt.timing, s.Start, s.End, tt.start, tt.end)
		}
	}
	for _, bad := range []string{
		"00:00:01,000 -> 00:00:02,000",
		"00:00:01,000 --> ",
		"00:00:61,000 --> 00:01:02,000",
		"00:00:01:000 --> 00:00:02:000",
		"one --> two",
	} {
		_, err := ReadAs("t.srt", []byte("1\n"+bad+"\ntext\n"), SRT)
		if err == nil || !strings.Contains(err.Error(), "t.srt:2: bad cue timing") {
			t.Errorf("%q: got %v, want a bad cue timing at line 2", bad, err)
		}
	}
}

func TestSRTSpeakerPrefix(t *testing.T) {
	tests := []struct {
		text, name string
	}{
		{"MICHAEL: Hello", "MICHAEL"},
		{"Anna Lee: hi", "Anna Lee"},
		{"Anna Lee:   hi", "Anna Lee"},
		{"Guido van Rossum: hi", "Guido van Rossum"},
		{"Speaker 2: hi", "Speaker 2"},
		{"Dr. O'Neil-Ruiz: hi", "Dr. O'Neil-Ruiz"},
		{"José Núñez: hola", "José Núñez"},
		{"Note: not a name", ""},
		{"NOTE: not a name either", ""},
		{"Update: not a name", ""},
		{"Fun fact: lower case second word", ""},
		{"anna: lower case", ""},
		{"A Very Long Four Words: hi", ""},
		{"Someone With A Long Name Indeed: hi", ""},
		{"Anna:hi", ""},
		{"Anna: ", ""},
		{"Anna:\nhi", ""},
		{"Anna :hi", ""},
		{"Anna Lee : hi", ""},
		{"10:30: a time", ""},
		{"Python 3.12: released", "Python 3.12"}, // looks like a name; the reader's count rule decides
		{"Hi\nAnna: there", ""},
		{"AA--: dashes", ""},
		{"Anna-: dash", ""},
		{"O'Neil-Ruiz Jr.: ok", "O'Neil-Ruiz Jr."},
		{"Anna ..: dots", ""},
	}
	for _, tt := range tests {
		name, n := srtSpeakerPrefix(tt.text)
		if name != tt.name {
			t.Errorf("srtSpeakerPrefix(%q) = %q, want %q", tt.text, name, tt.name)
		}
		if name != "" && (n <= len(name) || strings.TrimSpace(tt.text[len(name)+1:n]) != "") {
			t.Errorf("srtSpeakerPrefix(%q): prefix length %d", tt.text, n)
		}
	}
}

// TestSRTSpeakers checks the rule for taking a prefix as a speaker: it must
// start two cues or be written in capitals.
func TestSRTSpeakers(t *testing.T) {
	cue := func(n int, text string) string {
		return "1\n00:00:0" + string(rune('0'+n)) + ",000 --> 00:00:0" + string(rune('1'+n)) + ",000\n" + text + "\n\n"
	}
	tests := []struct {
		name  string
		texts []string
		want  []string // speakers, then texts, one cue a line
	}{
		{"named twice", []string{"Anna Lee: hi", "carried", "Anna Lee: again"},
			[]string{"Anna Lee|hi", "Anna Lee|carried", "Anna Lee|again"}},
		{"one word named once", []string{"Anna: hi", "Remember: this"},
			[]string{"|Anna: hi", "|Remember: this"}},
		{"two words named once", []string{"Anna Lee: hi", "Remember: this"},
			[]string{"Anna Lee|hi", "Anna Lee|Remember: this"}},
		{"label in a name", []string{"Pro Tip: hi", "Pro Tip: again"},
			[]string{"|Pro Tip: hi", "|Pro Tip: again"}},
		{"capitals once", []string{"ANNA LEE: hi", "Remember: this"},
			[]string{"ANNA LEE|hi", "ANNA LEE|Remember: this"}},
		{"label twice", []string{"Note: one", "Note: two"},
			[]string{"|Note: one", "|Note: two"}},
		{"turns", []string{"BOB: a", "ANNA: b", "c", "BOB: d"},
			[]string{"BOB|a", "ANNA|b", "ANNA|c", "BOB|d"}},
		{"behind a tag", []string{"<i>BOB:</i> a &amp; b"},
			[]string{"BOB|a & b"}},
	}
	for _, tt := range tests {
		var src strings.Builder
		for i, text := range tt.texts {
			src.WriteString(cue(i, text))
		}
		ep, err := ReadAs("t.srt", []byte(src.String()), SRT)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []string
		for _, s := range ep.Segments {
			got = append(got, s.Speaker+"|"+s.Text)
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s: got\n%s\nwant\n%s", tt.name, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}

func TestSRTWriteFresh(t *testing.T) {
	ep := NewEpisode()
	ep.Segments = []Segment{
		{Start: 1000, End: 4000, Speaker: "Anna Lee", Text: "Welcome to the show."},
		{Start: 4000, End: NoTime, Speaker: "Anna Lee", Text: "Two lines\nof <talk> & more"},
		{Start: NoTime, End: NoTime, Speaker: "Bob Ruiz", Text: "Arrows --> and &amp;"},
		{Start: 3723004, End: 3724000, Text: ""},
	}
	out, err := Marshal(ep, SRT)
	if err != nil {
		t.Fatal(err)
	}
	want := "1\n00:00:01,000 --> 00:00:04,000\nAnna Lee: Welcome to the show.\n\n" +
		"2\n00:00:04,000 --> 00:00:06,400\nTwo lines\nof &lt;talk> & more\n\n" +
		"3\n00:00:06,400 --> 01:02:03,004\nBob Ruiz: Arrows --&gt; and &amp;amp;\n\n" +
		"4\n01:02:03,004 --> 01:02:04,000\n\n"
	if string(out) != want {
		t.Fatalf("fresh output:\n%s\nwant:\n%s", out, want)
	}
	back, err := ReadAs("back.srt", out, SRT)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range back.Segments {
		if w := ep.Segments[i]; s.Text != w.Text || s.Speaker != w.Speaker && w.Speaker != "" {
			t.Errorf("cue %d reads back as %q %q, want %q %q", i, s.Speaker, s.Text, w.Speaker, w.Text)
		}
	}
}

func TestSRTWriteFaithful(t *testing.T) {
	src := "\ufeff7\r\n00:00:01,000 --> 00:00:02,000 X1:10 X2:20\r\nANNA: <i>Hello</i> there\r\n\r\n\r\n" +
		"00:00:02,000 --> 00:00:03,000\r\nNo number.\r\n" +
		"9\r\n00:00:03,000 --> 00:00:04,000\r\n<b>BOB:</b> tagged\r\n"
	ep, err := ReadAs("t.srt", []byte(src), SRT)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(change func(ep *Episode)) string {
		c := *ep
		c.Segments = append([]Segment(nil), ep.Segments...)
		change(&c)
		out, err := Marshal(&c, SRT)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	tests := []struct {
		name   string
		change func(ep *Episode)
		want   string
	}{
		{"text keeps number, timing and prefix",
			func(ep *Episode) { ep.Segments[0].Text = "Hi & bye" },
			strings.Replace(src, "<i>Hello</i> there", "<i>Hi &</i> bye", 1)}, // the tags stay around the changed words
		{"text of a cue with no number",
			func(ep *Episode) { ep.Segments[1].Text = "Two\nlines" },
			strings.Replace(src, "No number.", "Two\r\nlines", 1)},
		{"text after a tagged prefix regenerates the cue",
			func(ep *Episode) { ep.Segments[2].Text = "plain" },
			strings.Replace(src, "<b>BOB:</b> tagged", "BOB: plain", 1)},
		{"time keeps number, coordinates and prefix",
			func(ep *Episode) { ep.Segments[0].End = 1500 },
			strings.Replace(strings.Replace(src, "00:00:02,000 X1", "00:00:01,500 X1", 1), "<i>Hello</i>", "Hello", 1)},
		{"time of a cue with no number",
			func(ep *Episode) { ep.Segments[1].Start = 2100 },
			strings.Replace(src, "00:00:02,000 --> 00:00:03,000", "00:00:02,100 --> 00:00:03,000", 1)},
		{"new cue",
			func(ep *Episode) {
				ep.Segments = append(ep.Segments, Segment{Start: 5000, End: 6000, Speaker: "BOB", Text: "new"})
			},
			strings.TrimSuffix(src, "\r\n") + "\r\n\r\n\r\n4\r\n00:00:05,000 --> 00:00:06,000\r\nnew\r\n"},
		{"new speaker",
			func(ep *Episode) {
				ep.Segments = append(ep.Segments, Segment{Start: 5000, End: 6000, Speaker: "CAROL", Text: "new"})
			},
			strings.TrimSuffix(src, "\r\n") + "\r\n\r\n\r\n4\r\n00:00:05,000 --> 00:00:06,000\r\nCAROL: new\r\n"},
	}
	for _, tt := range tests {
		if got := edit(tt.change); got != tt.want {
			t.Errorf("%s: got\n%q\nwant\n%q", tt.name, got, tt.want)
		}
	}
}
