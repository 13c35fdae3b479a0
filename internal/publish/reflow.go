package publish

import (
	"strings"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/transcript"
)

// LineRules are a caption format's limits on its cues.
type LineRules struct {
	// MaxChars is the most characters a line may hold; 0 for no limit
	// (the segment stays one cue, on one line).
	MaxChars int
	// MaxLines is the most lines a cue may hold.
	MaxLines int
	// SpeakerPrefix is set when the writer opens each turn with "Name: "
	// on the cue's first line (SRT), which then counts in that line.
	SpeakerPrefix bool
}

// The line rules of the Podcasting 2.0 transcript formats: WebVTT lines of
// at most 65 characters ("a maximum line-length of 65 characters is
// recommended"; two lines a cue, as captions are shown), and SRT cues of at
// most 2 lines of 32 characters with a new cue at each change of speaker.
var (
	VTTRules = LineRules{MaxChars: VTTMaxChars, MaxLines: MaxCueLines}
	SRTRules = LineRules{MaxChars: SRTMaxChars, MaxLines: MaxCueLines, SpeakerPrefix: true}
	// Paragraphs is for the formats without line rules (JSON, HTML,
	// text): a cue is only split where its speaker changes.
	Paragraphs = LineRules{}
)

// The limits the Podcasting 2.0 transcript spec names.
const (
	VTTMaxChars = 65
	SRTMaxChars = 32
	MaxCueLines = 2
)

// Filled returns the segments with every start and end known, as the
// published cues carry them: a segment without a start starts where the
// one before it ended (0 for the first); one without an end, or ending
// before its start, ends where the next one starts when that is no
// earlier, or else after an estimate from its words (EstimatePerWord a
// word, EstimateMin at least), as transcript.Marshal fills them.
func Filled(segs []transcript.Segment) []transcript.Segment {
	out := make([]transcript.Segment, len(segs))
	copy(out, segs)
	var prev transcript.Millis
	for i := range out {
		s := &out[i]
		if !s.Start.Known() {
			s.Start = prev
		}
		if !s.End.Known() || s.End < s.Start {
			s.End = transcript.NoTime
			if i+1 < len(out) && out[i+1].Start >= s.Start {
				s.End = out[i+1].Start
			}
			if !s.End.Known() {
				words := transcript.Millis(len(strings.Fields(s.Text)))
				s.End = s.Start + max(EstimateMin, words*EstimatePerWord)
			}
		}
		prev = s.End
	}
	return out
}

// The estimate of a segment's length when neither it nor the next
// segment says when it ends (transcript.Marshal's).
const (
	EstimatePerWord transcript.Millis = 400
	EstimateMin     transcript.Millis = 1000
)

// word is a word of a segment: its text, its speaker, and the position of
// its first character in the segment's words joined by single spaces.
type word struct {
	text    string
	speaker string
	pos     int
}

// Reflow splits segments into cues that keep a format's line rules,
// without changing a word: the words of each segment are laid out in
// lines of at most r.MaxChars characters (a word longer than that alone on
// its line), r.MaxLines lines a cue, and a new cue starts at every change
// of speaker inside a segment (turns gives them; nil for none). A segment
// without words gives no cue. The lines are balanced: a segment that needs
// n cues is laid out in the narrowest lines that still fill no more than
// n cues (and no more lines for one cue), so that it is not left with a
// word alone in a last cue.
//
// segs must have their times (see Filled). When a segment is split, each
// piece's times are interpolated by the character position of its first
// word in the segment: the first piece starts at the segment's start, the
// last ends at its end, and each piece lies within the segment's interval,
// so no word moves outside the time its source cue gave it (the bound: at
// most the source cue's length; see docs/publish.md for what it is in the
// corpora).
func Reflow(segs []transcript.Segment, turns func(i int) []transcript.Turn, r LineRules) []transcript.Segment {
	var out []transcript.Segment
	prevSpeaker := ""
	for i, s := range segs {
		var ts []transcript.Turn
		if turns != nil {
			ts = turns(i)
		}
		words, total := splitWords(s, ts)
		at := func(pos int) transcript.Millis {
			if total == 0 {
				return s.Start
			}
			return s.Start + transcript.Millis(int64(s.End-s.Start)*int64(pos)/int64(total))
		}
		for len(words) > 0 {
			// A run of words of one speaker.
			n := 1
			for n < len(words) && words[n].speaker == words[0].speaker {
				n++
			}
			run, rest := words[:n], words[n:]
			speaker := run[0].speaker
			prefix := 0
			if r.SpeakerPrefix && speaker != "" && speaker != prevSpeaker {
				prefix = utf8.RuneCountInString(speaker) + len(": ")
			}
			for _, c := range layout(run, prefix, r) {
				end := s.End
				if c.next < len(run) {
					end = at(run[c.next].pos)
				} else if len(rest) > 0 {
					end = at(rest[0].pos)
				}
				out = append(out, transcript.Segment{
					Start: at(run[c.first].pos), End: end, Speaker: speaker,
					Text: c.text, Line: s.Line,
				})
			}
			prevSpeaker = speaker
			words = rest
		}
	}
	return out
}

// cue is a cue laid out: its words [first, next) and its lines.
type cue struct {
	first, next int
	text        string
}

// layout lays a run of words of one speaker out in cues by the rules;
// prefix is the characters the first line's speaker prefix takes.
func layout(words []word, prefix int, r LineRules) []cue {
	if r.MaxChars <= 0 {
		texts := make([]string, len(words))
		for i, w := range words {
			texts[i] = w.text
		}
		return []cue{{0, len(words), strings.Join(texts, " ")}}
	}
	maxLines := max(r.MaxLines, 1)
	lines := breakLines(words, r.MaxChars, r.MaxChars-prefix)
	// The narrowest width that needs no more lines: no more cues, their
	// lines all used when there are several.
	target := len(lines)
	if cues := (len(lines) + maxLines - 1) / maxLines; cues > 1 {
		target = cues * maxLines
	}
	lo, hi := 1, r.MaxChars
	for lo < hi {
		mid := (lo + hi) / 2
		if len(breakLines(words, mid, min(mid, r.MaxChars-prefix))) <= target {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	lines = breakLines(words, lo, min(lo, r.MaxChars-prefix))
	var out []cue
	for k := 0; k < len(lines); k += maxLines {
		group := lines[k:min(k+maxLines, len(lines))]
		texts := make([]string, len(group))
		for j, l := range group {
			texts[j] = joinWords(words[l[0]:l[1]])
		}
		out = append(out, cue{group[0][0], group[len(group)-1][1], strings.Join(texts, "\n")})
	}
	return out
}

// breakLines breaks words into lines of at most width characters, the
// first line of at most firstWidth, a word longer than the line alone on
// it; it returns each line's words [from, to).
func breakLines(words []word, width, firstWidth int) [][2]int {
	var lines [][2]int
	from, n := 0, 0
	for k, w := range words {
		size := utf8.RuneCountInString(w.text)
		limit := width
		if len(lines) == 0 {
			limit = firstWidth
		}
		if k > from && n+1+size > limit {
			lines = append(lines, [2]int{from, k})
			from, n = k, 0
		}
		if k > from {
			n++
		}
		n += size
	}
	return append(lines, [2]int{from, len(words)})
}

func joinWords(ws []word) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	return b.String()
}

// splitWords returns the words of a segment, each with its speaker and its
// character position in the words joined by single spaces, and the
// number of characters of that text.
func splitWords(s transcript.Segment, turns []transcript.Turn) ([]word, int) {
	var out []word
	pos := 0
	speaker := s.Speaker
	t := 0
	text := s.Text
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isSpace(r) {
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if isSpace(r) {
				break
			}
			j += size
		}
		for t < len(turns) && turns[t].Off <= i {
			speaker = turns[t].Speaker
			t++
		}
		if len(out) > 0 {
			pos++ // the space before
		}
		out = append(out, word{text: text[i:j], speaker: speaker, pos: pos})
		pos += utf8.RuneCountInString(text[i:j])
		i = j
	}
	return out, pos
}

// isSpace reports whether r separates words, as strings.Fields splits
// them.
func isSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xA0:
		return true
	}
	return r == 0x1680 || r >= 0x2000 && r <= 0x200a || r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f || r == 0x3000
}
