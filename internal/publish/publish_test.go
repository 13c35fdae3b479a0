package publish

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func seg(start, end transcript.Millis, speaker, text string) transcript.Segment {
	return transcript.Segment{Start: start, End: end, Speaker: speaker, Text: text}
}

func TestReflow(t *testing.T) {
	tests := []struct {
		name  string
		segs  []transcript.Segment
		rules LineRules
		want  []transcript.Segment
	}{
		{"fits", []transcript.Segment{seg(0, 2000, "", "Have you heard about DuckDB?")}, SRTRules,
			[]transcript.Segment{seg(0, 2000, "", "Have you heard about DuckDB?")}},
		{"two balanced lines", []transcript.Segment{seg(1360, 5260, "", "Well, join me for an insightful conversation with Alex Monahan,")}, SRTRules,
			[]transcript.Segment{seg(1360, 5260, "", "Well, join me for an insightful\nconversation with Alex Monahan,")}},
		{"split by characters", []transcript.Segment{seg(0, 6500, "", "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm")}, LineRules{MaxChars: 9, MaxLines: 2},
			// 13 words of 4 in lines of two words: 7 lines, 4 cues of 2 lines; positions 0, 20, 40, 60 of 64 characters.
			[]transcript.Segment{
				seg(0, 2031, "", "aaaa bbbb\ncccc dddd"),
				seg(2031, 4062, "", "eeee ffff\ngggg hhhh"),
				seg(4062, 6093, "", "iiii jjjj\nkkkk llll"),
				seg(6093, 6500, "", "mmmm"),
			}},
		{"long word alone", []transcript.Segment{seg(0, 3000, "", "see https://github.com/emend-project/emend/blob/main/x.md now")}, SRTRules,
			// "now" starts at character 58 of 61.
			[]transcript.Segment{seg(0, 2852, "", "see\nhttps://github.com/emend-project/emend/blob/main/x.md"), seg(2852, 3000, "", "now")}},
		{"speaker prefix counts", []transcript.Segment{seg(0, 1000, "Michael Kennedy", "Welcome to the show, everyone")}, SRTRules,
			// "Michael Kennedy: " takes 17 of the first line's 32.
			[]transcript.Segment{seg(0, 1000, "Michael Kennedy", "Welcome to the\nshow, everyone")}},
		{"no prefix when the speaker goes on", []transcript.Segment{seg(0, 1000, "Ann Lee", "Hi."), seg(1000, 2000, "Ann Lee", "Welcome to the show, everyone")}, SRTRules,
			[]transcript.Segment{seg(0, 1000, "Ann Lee", "Hi."), seg(1000, 2000, "Ann Lee", "Welcome to the show, everyone")}},
		{"empty segments dropped", []transcript.Segment{seg(0, 1000, "", "a"), seg(1000, 2000, "", " \n "), seg(2000, 3000, "", "")}, VTTRules,
			[]transcript.Segment{seg(0, 1000, "", "a")}},
		{"white space made single", []transcript.Segment{seg(0, 1000, "", "a \t b\n\nc")}, Paragraphs,
			[]transcript.Segment{seg(0, 1000, "", "a b c")}},
		{"paragraphs not split", []transcript.Segment{seg(0, 1000, "", strings.Repeat("word ", 40))}, Paragraphs,
			[]transcript.Segment{seg(0, 1000, "", strings.TrimSpace(strings.Repeat("word ", 40)))}},
		{"overlapping kept", []transcript.Segment{seg(0, 5000, "", "one"), seg(3000, 6000, "", "two")}, VTTRules,
			[]transcript.Segment{seg(0, 5000, "", "one"), seg(3000, 6000, "", "two")}},
		{"a zero-length cue split", []transcript.Segment{seg(4000, 4000, "", "aaaa bbbb cccc dddd eeee")}, LineRules{MaxChars: 4, MaxLines: 1},
			[]transcript.Segment{seg(4000, 4000, "", "aaaa"), seg(4000, 4000, "", "bbbb"), seg(4000, 4000, "", "cccc"), seg(4000, 4000, "", "dddd"), seg(4000, 4000, "", "eeee")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Reflow(tt.segs, nil, tt.rules)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Reflow:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReflowTurns(t *testing.T) {
	ep, err := transcript.Read("x.vtt", []byte("WEBVTT\n\n00:00.000 --> 00:10.000\n<v Ann Lee>Hi there.</v> <v Bob Ray>Hello and welcome to the show.\n\n00:10.000 --> 00:11.000\nYes.\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := Reflow(ep.Segments, ep.Turns, VTTRules)
	// Bob starts at character 10 of 40: at 10/40 of 10 s.
	want := []transcript.Segment{
		{Start: 0, End: 2500, Speaker: "Ann Lee", Text: "Hi there.", Line: 3},
		{Start: 2500, End: 10000, Speaker: "Bob Ray", Text: "Hello and welcome to the show.", Line: 3},
		{Start: 10000, End: 11000, Speaker: "Bob Ray", Text: "Yes.", Line: 6},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Reflow:\n got %+v\nwant %+v", got, want)
	}
}

func TestFilled(t *testing.T) {
	no := transcript.NoTime
	got := Filled([]transcript.Segment{seg(no, no, "", "a b c"), seg(5000, no, "", "d"), seg(9000, 8000, "", "e f"), seg(no, no, "", "g")})
	want := []transcript.Segment{seg(0, 5000, "", "a b c"), seg(5000, 9000, "", "d"), seg(9000, 10000, "", "e f"), seg(10000, 11000, "", "g")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Filled:\n got %v\nwant %v", got, want)
	}
}

// TestGolden publishes ugly inputs and compares every file with its golden
// copy (go test -run TestGolden -update rewrites them), and reads each back.
func TestGolden(t *testing.T) {
	ins, err := filepath.Glob("testdata/in/*")
	if err != nil || len(ins) == 0 {
		t.Fatal("no inputs", err)
	}
	for _, in := range ins {
		t.Run(filepath.Base(in), func(t *testing.T) {
			ep, err := transcript.ReadFile(in)
			if err != nil && ep == nil {
				t.Fatal(err)
			}
			name := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
			files, err := Episode(ep, name)
			if err != nil {
				t.Fatal(err)
			}
			var exts []string
			for _, f := range files {
				exts = append(exts, f.Kind.Ext)
				golden := filepath.Join("testdata", "golden", f.Name)
				if *update {
					if err := os.WriteFile(golden, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if string(f.Data) != string(want) {
					t.Errorf("%s differs from %s:\n%s", f.Name, golden, f.Data)
				}
				if err := verify(ep, f, nil); err != nil {
					t.Errorf("%s: %v", f.Name, err)
				}
			}
			wantExts := []string{".vtt", ".srt", ".json", ".html", ".txt"}
			if !Timed(ep) {
				wantExts = []string{".html", ".txt"}
			}
			if !reflect.DeepEqual(exts, wantExts) {
				t.Errorf("published %v, want %v", exts, wantExts)
			}
		})
	}
}
