package publish

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/transcript"
)

// srcWord is a word of the source, with what publishing must keep of it.
type srcWord struct {
	text       string
	speaker    string
	seg        int // the source segment
	first      bool
	last       bool
	start, end transcript.Millis // the source segment's times
}

// sourceWords lists the words of an episode's segments (times filled when
// timed), with the speakers its turns give.
func sourceWords(ep *transcript.Episode, segs []transcript.Segment) []srcWord {
	var out []srcWord
	for i, s := range segs {
		ws, _ := splitWords(s, ep.Turns(i))
		for k, w := range ws {
			out = append(out, srcWord{text: w.text, speaker: w.speaker, seg: i, first: k == 0, last: k == len(ws)-1, start: s.Start, end: s.End})
		}
	}
	return out
}

// lineStats counts what the line rules let through.
type lineStats struct {
	lines, longWords int
	// labels counts the SRT cues whose text starts with a label in the
	// source ("Joe: Thank you"), which the SRT reader takes for the
	// speaker, as the format's convention has it.
	labels int
}

// verify reads a published file back through emend's readers and checks
// that it holds the source's words, in order, with its speakers and its
// times: a cue never runs over two source segments, lies within its
// source segment's times (to the second for HTML and text, which write
// whole seconds), starts at its segment's start when it holds the
// segment's first word and ends at its end when it holds its last; and,
// for WebVTT and SRT, that every cue keeps the line rules, a line over the
// limit holding one word alone.
func verify(ep *transcript.Episode, f File, st *lineStats) error {
	timed := Timed(ep)
	segs := ep.Segments
	if timed {
		segs = Filled(segs)
	}
	src := sourceWords(ep, segs)
	back, err := transcript.Read(f.Name, f.Data)
	if err != nil {
		return fmt.Errorf("read back: %w", err)
	}
	want := f.Kind.Format
	if !timed && want == transcript.TimedText {
		want = transcript.Text
	}
	if len(back.Segments) > 0 && back.Format != want {
		return fmt.Errorf("read back as %s, want %s", back.Format, want)
	}
	plain := want == transcript.TimedText // "Name: " stays in the text
	wholeSeconds := f.Kind.Format == transcript.TimedText || f.Kind.Format == transcript.HTML
	k := 0
	prevSpeaker, prevSrcSpeaker := "", ""
	for i, s := range back.Segments {
		words := strings.Fields(s.Text)
		if len(words) == 0 {
			return fmt.Errorf("cue %d (line %d) has no words", i+1, s.Line)
		}
		if k >= len(src) {
			return fmt.Errorf("cue %d (line %d): words beyond the source's: %q", i+1, s.Line, s.Text)
		}
		first := src[k]
		if plain && first.speaker != "" && first.speaker != prevSrcSpeaker {
			prefix := strings.Fields(first.speaker + ":")
			if len(words) < len(prefix) || strings.Join(words[:len(prefix)], " ") != strings.Join(prefix, " ") {
				return fmt.Errorf("cue %d (line %d): no %q prefix: %q", i+1, s.Line, first.speaker+":", s.Text)
			}
			words = words[len(prefix):]
		}
		readSpeaker := s.Speaker
		if f.Kind.Format == transcript.SRT && s.Speaker != "" && s.Speaker != first.speaker {
			label := strings.Fields(s.Speaker + ":")
			labelled := len(words) >= len(label) && strings.Join(words[:len(label)], " ") == strings.Join(label, " ")
			if !labelled && k+len(label) <= len(src) && textOf(src[k:k+len(label)]) == strings.Join(label, " ") {
				words = append(label, words...)
				if st != nil {
					st.labels++
				}
				s.Speaker = first.speaker
			}
		}
		if len(words) == 0 || k+len(words) > len(src) {
			return fmt.Errorf("cue %d (line %d): words beyond the source's: %q", i+1, s.Line, s.Text)
		}
		for j, w := range words {
			sw := src[k+j]
			if w != sw.text {
				return fmt.Errorf("cue %d (line %d): word %q, source has %q", i+1, s.Line, w, sw.text)
			}
			if sw.seg != first.seg {
				return fmt.Errorf("cue %d (line %d) runs over two source segments", i+1, s.Line)
			}
			if sw.speaker != first.speaker {
				return fmt.Errorf("cue %d (line %d) runs over a change of speaker", i+1, s.Line)
			}
		}
		last := src[k+len(words)-1]
		k += len(words)
		// The speaker: the source's, or the one before carried forward
		// when the source names none (no format can say "nobody").
		if !plain && s.Speaker != first.speaker && !(first.speaker == "" && s.Speaker == prevSpeaker) {
			return fmt.Errorf("cue %d (line %d): speaker %q, source has %q", i+1, s.Line, s.Speaker, first.speaker)
		}
		prevSpeaker, prevSrcSpeaker = readSpeaker, first.speaker
		if timed {
			if err := checkTimes(s, first, last, f.Kind.Format != transcript.HTML && f.Kind.Format != transcript.TimedText, wholeSeconds); err != nil {
				return fmt.Errorf("cue %d (line %d): %w", i+1, s.Line, err)
			}
		} else if s.Start.Known() {
			return fmt.Errorf("cue %d (line %d): a time %d, the source has none", i+1, s.Line, s.Start)
		}
		if f.Kind.Rules.MaxChars > 0 {
			if err := checkLines(s, f.Kind.Rules, i == 0 || back.Segments[i-1].Speaker != s.Speaker, st); err != nil {
				return fmt.Errorf("cue %d (line %d): %w", i+1, s.Line, err)
			}
		}
	}
	if k != len(src) {
		return fmt.Errorf("%d words of the source missing, from %q", len(src)-k, src[k].text)
	}
	return nil
}

func checkTimes(s transcript.Segment, first, last srcWord, hasEnd, wholeSeconds bool) error {
	lo := first.start
	if wholeSeconds {
		lo = lo.Floor()
	}
	if s.Start < lo || s.Start > first.end {
		return fmt.Errorf("starts at %d, outside its source's %d-%d", s.Start, first.start, first.end)
	}
	if first.first && s.Start != lo {
		return fmt.Errorf("starts at %d, its source at %d", s.Start, lo)
	}
	if !hasEnd {
		return nil
	}
	if s.End < s.Start || s.End > first.end {
		return fmt.Errorf("ends at %d, outside its source's %d-%d", s.End, first.start, first.end)
	}
	if last.last && s.End != first.end {
		return fmt.Errorf("ends at %d, its source at %d", s.End, first.end)
	}
	return nil
}

func checkLines(s transcript.Segment, r LineRules, turn bool, st *lineStats) error {
	lines := strings.Split(s.Text, "\n")
	if len(lines) > r.MaxLines {
		return fmt.Errorf("%d lines, at most %d", len(lines), r.MaxLines)
	}
	for j, l := range lines {
		n := utf8.RuneCountInString(l)
		if j == 0 && turn && r.SpeakerPrefix && s.Speaker != "" {
			n += utf8.RuneCountInString(s.Speaker) + 2
		}
		if st != nil {
			st.lines++
		}
		if n > r.MaxChars {
			if len(strings.Fields(l)) > 1 {
				return fmt.Errorf("line %q: %d characters, at most %d", l, n, r.MaxChars)
			}
			if st != nil {
				st.longWords++
			}
		}
	}
	return nil
}

func textOf(ws []srcWord) string {
	t := make([]string, len(ws))
	for i, w := range ws {
		t[i] = w.text
	}
	return strings.Join(t, " ")
}
