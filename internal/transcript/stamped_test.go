package transcript

import "testing"

func TestSniffStamped(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     int
	}{
		{"brackets", "[00:00:00] Ann: Hi.\n[00:00:02] Bob: Hello.\n[00:00:05] Ann: Bye.\n", 75},
		{"whisper", "[00:00.000 --> 00:02.000]  Hi.\n[00:02.000 --> 00:05.000]  Hello.\n[00:05.000 --> 00:07.000]  Bye.\n", 75},
		{"rev", "Title\n\nSpeaker 1 (00:00):\nHi.\n\nSpeaker 2 (00:02):\nHello.\n\nSpeaker 1 (00:05):\nBye.\n", 75},
		{"otter", "Ann Lee  0:00\nHi.\n\nBob  0:02\nHello.\n\nAnn Lee  0:05\nBye.\n", 75},
		{"table", "Ann:\t00:00:00\tHi.\n\t00:00:02\tStill Ann.\nBob:\t00:00:05\tBye.\n", 75},
		{"chapters above paragraphs", "Chapters\nIntro 0:00\nSetup 2:30\nDemo 10:00\nWrap Up 55:00\n\nWelcome to the show, today we talk.\n\nAnd then we talked more.\n", 0},
		{"two stamps", "[00:00:00] Hi.\n[00:00:02] Hello.\n", 0},
		{"stamps far down", "a\nb\nc\nd\ne\nf\n[00:00:00] Hi.\n[00:00:02] Hello.\n[00:00:05] Bye.\n", 0},
		{"sound notes", "[Music]\nHello there.\n[laughs]\nAnd more.\n[applause]\n", 0},
		{"captions", "0:00 hello and welcome\n0:03 we deliver\n0:05 news\n", 0},
		{"HH:MM:SS text", "00:00:00 Hello.\n\n00:00:05 World.\n\n00:00:09 Bye.\n", 0},
		{"web page", "0:34 Hello.\n\n0:55 World.\n\n1:02 Again.\n", 0},
		{"labels without times", "Ann: Hi.\n\nBob: Hello.\n\nAnn: Bye.\n", 0},
		{"prose with times", "We met at 10:30 and talked.\nThen came 11:00.\nAnd at Noon 12:00\nWelcome (00:05) to the show.\n", 0},
		{"vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", 0},
	} {
		if got := sniffStamped(c.in); got != c.want {
			t.Errorf("%s: sniffStamped = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestHeadingStamp(t *testing.T) {
	for _, c := range []struct {
		in, name string
		t        Millis
		text     string // after the heading
		ok       bool
	}{
		{"Speaker 1 (00:05):", "Speaker 1", 5000, "", true},
		{"Speaker 1 (00:05): Hello there.", "Speaker 1", 5000, "Hello there.", true},
		{"Dr. Ann O'Neil (1:02:03)", "Dr. Ann O'Neil", 3723000, "", true},
		{"Michael Kennedy  0:05", "Michael Kennedy", 5000, "", true},
		{"SPEAKER_01 00:00:07", "SPEAKER_01", 7000, "", true},
		{"Welcome (00:05) to the show.", "", 0, "", false},
		{"we met at 10:30", "", 0, "", false},
		{"Note (00:05):", "", 0, "", false},
		{"Speaker 1 (soon):", "", 0, "", false},
		{"A Very Long Name Of Five (00:05):", "", 0, "", false},
	} {
		name, tm, at, ok := headingStamp(c.in)
		if ok != c.ok || ok && (name != c.name || tm != c.t || c.in[at:] != c.text) {
			t.Errorf("headingStamp(%q) = %q, %d, %q, %v; want %q, %d, %q, %v", c.in, name, tm, c.in[min(at, len(c.in)):], ok, c.name, c.t, c.text, c.ok)
		}
	}
}

// TestStampedEditInPlace: fix's way with an export, CRLF and all.
func TestStampedEditInPlace(t *testing.T) {
	in := "Title\r\n\r\nSpeaker 1 (00:00):\r\nWe use Jupiter\r\nnotebooks.\r\n\r\nSpeaker 2 (00:05): And pedantic.\r\n\r\nSpeaker 1 (00:09): Bye.\r\n"
	ep, err := Read("rev.txt", []byte(in))
	if err != nil || ep.Format != Stamped || len(ep.Segments) != 3 {
		t.Fatalf("read as %s, %d segments (%v)", ep.Format, len(ep.Segments), err)
	}
	out, err := ep.Splice(resolve(t, ep, []wordEdit{{0, "Jupiter", "Jupyter"}, {1, "pedantic", "Pydantic"}}))
	want := "Title\r\n\r\nSpeaker 1 (00:00):\r\nWe use Jupyter\r\nnotebooks.\r\n\r\nSpeaker 2 (00:05): And Pydantic.\r\n\r\nSpeaker 1 (00:09): Bye.\r\n"
	if err != nil || string(out) != want {
		t.Errorf("Splice = %q, %v; want %q", out, err, want)
	}
}

func FuzzStamped(f *testing.F) {
	addSeeds(f, Stamped)
	f.Add([]byte("[00:00:00] Ann: Hi\n[0:01 --> 0:02]\nBob (00:03): yes\nAnn  1:00:00\ntext\n"))
	f.Add([]byte("\ufeffSpeaker 1 (00:00):\r\n[ 00:75 ] x\r\n(00:01):\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkReader(t, data, Stamped) })
}
