package transcript

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSniffWebPage(t *testing.T) {
	tests := []struct {
		name, text string
		want       int
	}{
		{"page", "Talk Python To Me\nEpisodes\n#512: Typed Dataframes Transcript\nRecorded on Thursday, Jun 12, 2025.\n00:00 Hello.\n\n00:34 This is episode 512.\n\n59:48 Thanks.\n1:00:02 Bye.\nBack to show page\n© 2025 Talk Python\n", 85},
		{"heading only", "Show\nEpisode #3: Hello - Transcript\n0:00 Hi.\n0:05 Bye.\n", 85},
		{"recorded only", "Show\nRecorded on June 3, 2025\n0:00 Hi.\n", 85},
		{"back link only", "0:00 Hi.\n0:05 Bye.\nBack to show page\n", 85},
		{"CRLF, time alone", "Show\r\nTranscript: #9 Nine\r\n00:00\r\nHi.\r\n\r\n00:05\r\nBye.\r\n", 85},
		{"page without markers", "Some Podcast\nAbout\n00:00 Hi.\n\n00:05 Hello.\n\n00:09 Bye.\n", 40},
		{"transcript alone", "0:34 Hello and welcome.\n\n0:55 Our guest is here.\n\n[music]\n\n1:28 Welcome.\n", 40},
		{"transcript alone, two paragraphs", "0:34 Hello and welcome.\n\n0:55 Our guest is here.\n", 0},
		{"corpus HH:MM:SS", "00:00:00 Talk Python to Me, episode 412.\n\n00:00:06 Today we talk about Jupiter.\n\n00:00:11 Recorded on June 3, 2025.\n", 0},
		{"corpus with a title", "Episode #412 Transcript\n00:00:00 Hello.\n\n00:00:06 World.\n\n00:00:11 Bye.\n", 0},
		{"captions", "0:00 so today we are talking\n0:02 about polars and pandas\n0:05 and why the lazy API\n0:08 matters\n", 0},
		{"captions with a Recorded line", "0:00 so today\n0:02 we talk\nRecorded on the fly, no date\n0:05 okay\n", 0},
		{"untimed", "Transcript: Typed Dataframes\n\nMichael: Welcome to the show.\n\nNora: Thanks for having me.\n", 0},
		{"untimed page", "#512: Typed Dataframes Transcript\nRecorded on June 12, 2025\nWelcome to the show.\nBack to show page\n", 0},
		{"vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", 0},
		{"clock in text", "Show\nRecorded on June 3, 2025\n12:30pm start\n2025: a year\n", 0},
		{"empty", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sniffWebPage(tt.text); got != tt.want {
				t.Errorf("sniffWebPage = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestPageTime(t *testing.T) {
	tests := []struct {
		in        string
		t         Millis
		at        int
		ok, clock bool
	}{
		{"00:34 Hi", 34000, 6, true, true},
		{"0:34 Hi", 34000, 5, true, true},
		{"  12:05\tHi", 725000, 8, true, true},
		{"1:00:02 Hi", 3602000, 8, true, true},
		{"123:45 Hi", (123*60 + 45) * 1000, 7, true, true},
		{"00:34", 34000, 5, true, true},
		{"00:34\u00a0Hi", 34000, 7, true, true},
		{"00:75 Hi", NoTime, 6, false, true},
		{"1:2 Hi", NoTime, 4, false, true},
		{"1:60:00 Hi", NoTime, 8, false, true},
		{"12:30pm Hi", NoTime, 0, false, false},
		{"3:16, Hi", NoTime, 0, false, false},
		{"2025: Hi", NoTime, 0, false, false},
		{"1234:56 Hi", NoTime, 0, false, false},
		{"1:2:3:4 Hi", NoTime, 0, false, false},
		{"12:345 Hi", NoTime, 0, false, false},
		{"Hi 00:34", NoTime, 0, false, false},
		{":34 Hi", NoTime, 0, false, false},
		{"", NoTime, 0, false, false},
	}
	for _, tt := range tests {
		p := pageTime(tt.in)
		if p.t != tt.t || p.ok != tt.ok || p.clock != tt.clock || (p.clock && p.at != tt.at) {
			t.Errorf("pageTime(%q) = %+v, want t %d at %d ok %v clock %v", tt.in, p, tt.t, tt.at, tt.ok, tt.clock)
		}
	}
}

func TestParsePageHeading(t *testing.T) {
	tests := []struct {
		in     string
		number int
		title  string
		ok     bool
	}{
		{"#512: Typed Dataframes with Polars and Pandera Transcript", 512, "Typed Dataframes with Polars and Pandera", true},
		{"Episode #512: Typed Dataframes - Transcript", 512, "Typed Dataframes", true},
		{"Episode 19 - Reproducible Research (Transcript)", 19, "Reproducible Research", true},
		{"Transcript: #88 Why Your Conda Environment Is Slow", 88, "Why Your Conda Environment Is Slow", true},
		{"Transcript for #7: Seven", 7, "Seven", true},
		{"TRANSCRIPT — Ep. 42 – Answers", 42, "Answers", true},
		{"#12 Transcript", 12, "", true},
		{"#512: Typed Dataframes", -1, "", false},            // no "Transcript"
		{"2025: A Year of Python Transcript", -1, "", false}, // no "#" or "Episode"
		{"Transcripts", -1, "", false},
		{"#512a: Transcript", -1, "", false},
		{"Read the transcript", -1, "", false},
		{"Transcript", -1, "", false},
	}
	for _, tt := range tests {
		n, title, ok := parsePageHeading(tt.in)
		if n != tt.number || title != tt.title || ok != tt.ok {
			t.Errorf("parsePageHeading(%q) = %d, %q, %v; want %d, %q, %v", tt.in, n, title, ok, tt.number, tt.title, tt.ok)
		}
	}
}

func TestParsePageDate(t *testing.T) {
	tests := []struct {
		in, want string // want "" when not a date
	}{
		{"Thursday, Jun 12, 2025.", "2025-06-12"},
		{"June 12, 2025", "2025-06-12"},
		{"Jun 12, 2025", "2025-06-12"},
		{"June 12th, 2025", "2025-06-12"},
		{"Sept. 1st, 2024", "2024-09-01"},
		{"12 March 2024", "2024-03-12"},
		{"2024-03-12", "2024-03-12"},
		{"Thu, Jun 12, 2025 at 10am PT.", "2025-06-12"},
		{"Jun 12, 2025. Published Jun 20, 2025.", "2025-06-12"},
		{"February 30, 2025", ""},
		{"the thirty-second of Smarch", ""},
		{"June 2025", ""},
		{"Jun 12, 25", ""},
		{"Ju 12, 2025", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d, ok := parsePageDate(tt.in)
		got := ""
		if ok {
			got = d.Format("2006-01-02")
			if d.Location() != time.UTC || d.Hour() != 0 {
				t.Errorf("parsePageDate(%q) = %v, want a UTC date", tt.in, d)
			}
		}
		if got != tt.want {
			t.Errorf("parsePageDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCutRecorded(t *testing.T) {
	tests := []struct {
		in, rest string
		ok       bool
	}{
		{"Recorded on Thursday, Jun 12, 2025.", "Thursday, Jun 12, 2025.", true},
		{"  recorded ON June 3, 2025", "June 3, 2025", true},
		{"Recorded: 12 March 2024", "12 March 2024", true},
		{"Recorded June 3, 2025", "June 3, 2025", true},
		{"Recordedon June 3", "", false},
		{"Record on June 3", "", false},
	}
	for _, tt := range tests {
		rest, ok := cutRecorded(tt.in)
		if rest != tt.rest || ok != tt.ok {
			t.Errorf("cutRecorded(%q) = %q, %v; want %q, %v", tt.in, rest, ok, tt.rest, tt.ok)
		}
	}
}

// TestWebPageEnd checks where a transcript is taken to end when the page
// has no "Back to show page" link.
func TestWebPageEnd(t *testing.T) {
	tests := []struct {
		name, tail string
		last       string // the last segment's text
	}{
		{"short lines after a blank line", "\n\nTalk Python's Mastodon\nMichael Kennedy's Mastodon\n", "Bye."},
		{"a copyright line without a blank line", "\n© 2025 Talk Python\n", "Bye."},
		{"sentence after a blank line", "\n\nAnd one more thing.\n", "Bye.\nAnd one more thing."},
		{"lower case after a blank line", "\n\nand one more thing\n", "Bye.\nand one more thing"},
		{"short line without a blank line", "\nSee you next time\n", "Bye.\nSee you next time"},
		{"long line after a blank line", "\n\nWe will be back next week with more about the Python packaging ecosystem\n", "Bye.\nWe will be back next week with more about the Python packaging ecosystem"},
		{"back link, then times", "\nBack to show page\n00:09 Not read.\n", "Bye."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "#1: One Transcript\n00:00 Hi.\n00:05 Bye." + tt.tail
			ep, err := ReadAs("end.txt", []byte(src), WebPage)
			if err != nil {
				t.Fatal(err)
			}
			if len(ep.Segments) != 2 || ep.Segments[1].Text != tt.last {
				t.Errorf("segments %+v, want 2 ending with %q", ep.Segments, tt.last)
			}
		})
	}
}

// TestWebPageSpans checks the spans of every golden page: in order, inside
// the text, each from its time to the end of its text, with its text region
// after the time and its blanks.
func TestWebPageSpans(t *testing.T) {
	files, _ := filepath.Glob("testdata/golden/webpage/*.txt")
	if len(files) == 0 {
		t.Fatal("no golden web pages")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ep, _ := ReadAs(f, data, WebPage)
		if ep.src == nil || len(ep.src.spans) != len(ep.Segments) {
			t.Fatalf("%s: source not attached or spans missing", f)
		}
		text := string(data)
		prev := 0
		for i, sp := range ep.src.spans {
			if sp.off < prev || sp.off > sp.toff || sp.toff > sp.tend || sp.tend > sp.end || sp.end > len(text) {
				t.Fatalf("%s: span %d %+v out of order (previous end %d)", f, i, sp, prev)
			}
			prev = sp.end
			first, _, _ := strings.Cut(lineEndsLF(text)[sp.off:sp.end], "\n")
			if p := pageTime(strings.TrimSuffix(first, "\r")); !p.ok || p.from != 0 || p.t != ep.Segments[i].Start {
				t.Errorf("%s: span %d does not start with the time: %q", f, i, clip(text[sp.off:sp.end]))
			}
			region := lineEndsLF(text)[sp.toff:sp.tend]
			if strings.TrimRight(region, " \t") != region || strings.HasPrefix(region, " ") {
				t.Errorf("%s: span %d text region %q has blanks around it", f, i, region)
			}
			if !strings.Contains(region, "\n") && region != ep.Segments[i].Text {
				t.Errorf("%s: span %d text region %q, segment text %q", f, i, region, ep.Segments[i].Text)
			}
		}
	}
}

func TestWebPageNotWritable(t *testing.T) {
	if codecFor(WebPage).write != nil {
		t.Fatal("the web page format has a writer; it is meant to be read only")
	}
	ep, _ := ReadAs("p.txt", []byte("#1: One Transcript\n00:00 Hi.\n"), WebPage)
	if _, err := Marshal(ep, WebPage); err == nil {
		t.Error("Marshal to webpage succeeded, want an error")
	}
}

func FuzzWebPage(f *testing.F) {
	addSeeds(f, WebPage)
	f.Add([]byte("#1: One Transcript\nRecorded on Jun 1, 2025.\n00:00 Hi.\n\n0:05\nBye\n\nFooter\n1:00:00 x\nBack to show page\n"))
	f.Add([]byte("\ufeffTranscript: #2 Two\r\n00:00\u00a0Hi\r\n00:75 x\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkReader(t, data, WebPage) })
}
