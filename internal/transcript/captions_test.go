package transcript

import (
	"testing"
)

func TestCaptionClock(t *testing.T) {
	for _, c := range []struct {
		in      string
		want    Millis
		text    int
		ok, bad bool
	}{
		{"0:00 hello", 0, 5, true, false},
		{"0:03", 3000, 4, true, false},
		{"9:59\tsome words", 599000, 5, true, false},
		{"10:02  two blanks", 602000, 7, true, false},
		{"59:58 words", 3598000, 6, true, false},
		{"1:00:01 after the first hour", 3601000, 8, true, false},
		{"00:00:05 corpus form", 5000, 9, true, false},
		{"0:75 not a time", NoTime, 0, false, true},
		{"1:5 short seconds", NoTime, 0, false, true},
		{"123:45 three-digit minutes", NoTime, 0, false, true},
		{"1:60:00 sixty minutes", NoTime, 0, false, true},
		{"1:2:3:4", NoTime, 0, false, true},
		{"10:30: a colon after", NoTime, 0, false, true},
		{"10:30am we met", NoTime, 0, false, false},
		{"00:01.000 --> 00:02.000", NoTime, 0, false, false},
		{":30 seconds", NoTime, 0, false, false},
		{"42 is the answer", NoTime, 0, false, false},
		{"hello 0:00", NoTime, 0, false, false},
		{"", NoTime, 0, false, false},
	} {
		got, text, ok, bad := captionClock(c.in)
		if got != c.want || text != c.text || ok != c.ok || bad != c.bad {
			t.Errorf("captionClock(%q) = %d, %d, %v, %v; want %d, %d, %v, %v", c.in, got, text, ok, bad, c.want, c.text, c.ok, c.bad)
		}
	}
}

func TestSpokenDuration(t *testing.T) {
	for _, c := range []struct {
		in   string
		t    Millis
		want bool
	}{
		{"0 seconds", 0, true},
		{"1 second", 1000, true},
		{"3 seconds", 3000, true},
		{"1 minute, 5 seconds", 65000, true},
		{"2 minutes", 120000, true},
		{"1 hour", 3600000, true},
		{"1 hour, 2 minutes, 3 seconds", 3723000, true},
		{"3 seconds", 4000, false}, // another time's
		{"3 seconds ago", 3000, false},
		{"three seconds", 3000, false},
		{"seconds", 0, false},
		{"hello and welcome", 0, false},
	} {
		if got := spokenDuration(c.in, c.t); got != c.want {
			t.Errorf("spokenDuration(%q, %d) = %v, want %v", c.in, c.t, got, c.want)
		}
	}
}

func TestSniffCaptions(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     int
	}{
		{"inline", "0:00 hello and welcome\n0:03 we deliver\n0:05 news\n", 70},
		{"time alone", "0:00\nhello and welcome\n0:03\nwe deliver\n", 70},
		{"spoken durations", "0:00\n0 seconds\nhello\n0:03\n3 seconds\nwe deliver\n", 70},
		{"leading and trailing blanks", "\n\n0:00 hello\n0:03 world\n\n\n", 70},
		{"heading", "My video title\n\n0:00 hello\n0:03 world\n0:05 again\n", 70},
		{"crlf", "0:00 hello\r\n0:03 world\r\n", 70},
		{"from ten minutes", "10:02 hello\n10:05 world\n", 70},
		{"after an hour", "1:00:01 hello\n1:00:04 world\n", 70},
		{"one line", "0:00 hello and welcome\n", 0},
		{"padded minutes", "00:00 hello\n00:03 world\n", 0},
		{"padded hours", "00:00:00 hello\n00:00:03 world\n", 0},
		{"corpus form", "00:00:00 Hello.\n\n00:00:03 World.\n\n", 0},
		{"blank lines between", "0:00 hello\n\n0:03 world\n\n0:05 again\n", 0},
		{"web page", "Transcript\n\n00:00 Hello there.\n\n00:04 Welcome back.\n\nBack to show page\n", 0},
		{"vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nhello\n", 0},
		{"srt", "1\n00:00:01,000 --> 00:00:02,000\nhello\n\n2\n00:00:03,000 --> 00:00:04,000\nworld\n", 0},
		{"prose", "We met at 10:30 and talked.\nThen 11:00 came.\n", 0},
		{"prose with times", "Intro\nMore intro\nStill intro\nAnd more\n0:00 hello\n0:03 world\n", 0},
		{"mostly untimed", "0:00 a\nb\nc\nd\n0:03 e\nf\ng\nh\n", 0},
	} {
		if got := sniffCaptions(c.in); got != c.want {
			t.Errorf("%s: sniffCaptions = %d, want %d", c.name, got, c.want)
		}
	}
}

// TestCaptionsDetection checks that caption copies are told from the
// formats they resemble.
func TestCaptionsDetection(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Format
	}{
		{"0:00 hello\n0:03 world\n", Captions},
		{"\ufeff0:00 hello\r\n0:03 world\r\n", Captions},
		{"00:00:00 Hello.\n\n00:00:03 World.\n", TimedText},
		// A one-digit hour on the first line, as some files begin.
		{"0:00:00 Hello.\n\n00:00:03 World.\n\n00:00:07 Bye.\n", TimedText},
		// The transcript of a web page alone, paragraphs under "m:ss".
		{"0:34 Hello.\n\n0:55 World.\n\n1:02 Again.\n", WebPage},
	} {
		if got, err := Detect([]byte(c.in)); got != c.want {
			t.Errorf("Detect(%q) = %q (%v), want %q", c.in, got, err, c.want)
		}
	}
}

func FuzzCaptions(f *testing.F) {
	addSeeds(f, Captions)
	f.Add([]byte("0:00 hello\n0:03\n3 seconds\nworld\n0:01 back\nmore text\n1:00:00\n"))
	f.Add([]byte("\ufeff0:00 [Music]\r\n0:75 bad\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkReader(t, data, Captions) })
}
