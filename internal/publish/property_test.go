package publish

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/transcript"
)

// vocabulary for the random episodes: short and long words, accents,
// punctuation, markup characters, a URL and a word longer than any line.
var vocabulary = []string{
	"the", "a", "Python", "Pydantic", "type", "hints", "and", "DuckDB", "is", "fast.",
	"café", "naïve", "Grüße", "日本語", "emoji🙂", "&", "<b>", "x->y", "3.12", "well,",
	"https://github.com/emend-project/emend/blob/main/docs/publish.md",
	"Supercalifragilisticexpialidocious-and-then-some",
}

var speakers = []string{"", "Ann Lee", "Bob Ray", "Michael Kennedy"}

// randomEpisode makes an episode of random segments: words from the
// vocabulary, speakers that change or not, times that follow, overlap,
// go missing or end before they start.
func randomEpisode(r *rand.Rand) *transcript.Episode {
	ep := transcript.NewEpisode()
	n := r.IntN(30)
	var t transcript.Millis
	speaker := ""
	for range n {
		words := make([]string, r.IntN(40))
		for k := range words {
			words[k] = vocabulary[r.IntN(len(vocabulary))]
		}
		if r.IntN(4) == 0 {
			speaker = speakers[1+r.IntN(len(speakers)-1)]
		}
		s := transcript.Segment{Start: t, End: t + transcript.Millis(r.IntN(15000)), Speaker: speaker, Text: strings.Join(words, " ")}
		switch r.IntN(10) {
		case 0:
			s.End = transcript.NoTime
		case 1:
			s.End = s.Start - 500 // an end before its start
		case 2:
			s.Text = strings.Join(words, "\n") // one word a line
		}
		ep.Segments = append(ep.Segments, s)
		t += transcript.Millis(r.IntN(8000)) // may start before the last ends
	}
	return ep
}

// TestPublishReadBack: for random episodes, every file published reads
// back with the same words, speakers and times within the bound, and
// keeps the line rules.
func TestPublishReadBack(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		ep := randomEpisode(r)
		files, err := Episode(ep, "ep")
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 && hasWords(ep) {
			t.Fatalf("episode %d: no files, and words to publish", i)
		}
		for _, f := range files {
			if err := verify(ep, f, nil); err != nil {
				t.Fatalf("episode %d, %s: %v\n%s", i, f.Name, err, f.Data)
			}
		}
	}
}

// FuzzReflow: whatever the text, times and rules, the cues hold the
// segment's words in order, keep the line rules (a longer line is one
// word), and lie within the segment's times in order, the first starting
// at its start and the last ending at its end.
func FuzzReflow(f *testing.F) {
	f.Add("Well, join me for an insightful conversation with Alex Monahan,", int64(1360), int64(3900), 32, 2, "")
	f.Add("see https://github.com/emend-project/emend/blob/main/x.md now", int64(0), int64(3000), 32, 2, "Michael Kennedy")
	f.Add(" \n\t ", int64(5), int64(0), 65, 2, "")
	f.Add("日本語 café\u00a0naïve\u2028x", int64(0), int64(10), 1, 1, "A")
	f.Fuzz(func(t *testing.T, text string, start, dur int64, maxChars, maxLines int, speaker string) {
		if !utf8.ValidString(text) || start < 0 || dur < 0 || start > 1e12 || dur > 1e12 || maxChars < 1 || maxChars > 200 || maxLines < 1 || maxLines > 5 {
			t.Skip()
		}
		s := transcript.Segment{Start: transcript.Millis(start), End: transcript.Millis(start + dur), Speaker: speaker, Text: text}
		r := LineRules{MaxChars: maxChars, MaxLines: maxLines, SpeakerPrefix: true}
		cues := Reflow([]transcript.Segment{s}, nil, r)
		want := strings.Join(strings.FieldsFunc(text, isSpace), " ")
		var got []string
		prev := s.Start
		for i, c := range cues {
			got = append(got, strings.Join(strings.FieldsFunc(c.Text, isSpace), " "))
			lines := strings.Split(c.Text, "\n")
			if len(lines) > maxLines {
				t.Fatalf("cue %d: %d lines, at most %d", i, len(lines), maxLines)
			}
			for j, l := range lines {
				n := utf8.RuneCountInString(l)
				if i == 0 && j == 0 && speaker != "" {
					n += utf8.RuneCountInString(speaker) + 2
				}
				if n > maxChars && len(strings.FieldsFunc(l, isSpace)) > 1 {
					t.Fatalf("cue %d: line %q of %d characters, at most %d", i, l, n, maxChars)
				}
			}
			if c.Start < prev || c.End < c.Start || c.End > s.End {
				t.Fatalf("cue %d: %d-%d, out of order or outside %d-%d", i, c.Start, c.End, s.Start, s.End)
			}
			if i > 0 && c.Start != cues[i-1].End {
				t.Fatalf("cue %d starts at %d, the one before ends at %d", i, c.Start, cues[i-1].End)
			}
			prev = c.Start
		}
		if strings.Join(got, " ") != want {
			t.Fatalf("words %q, want %q", strings.Join(got, " "), want)
		}
		if len(cues) > 0 && (cues[0].Start != s.Start || cues[len(cues)-1].End != s.End) {
			t.Fatalf("cues run %d-%d, the segment %d-%d", cues[0].Start, cues[len(cues)-1].End, s.Start, s.End)
		}
	})
}
