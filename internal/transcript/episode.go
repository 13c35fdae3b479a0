// Package transcript owns emend's model of a podcast transcript (an Episode
// made of timed Segments) and the readers and writers of every format emend
// understands: WebVTT, SRT, the "HH:MM:SS text" files of podcast repositories,
// copied captions, copied transcript web pages, untimed text, and Podcasting
// 2.0 JSON and HTML.
//
// Readers choose the format from the content, never from the file name, and
// report what they cannot understand with file and line. A transcript read
// from a file remembers its source bytes, so that writing it back in the same
// format reproduces the file byte for byte and changes only the segments
// whose text, times or speaker were changed.
package transcript

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Millis is a time offset into an episode in milliseconds.
type Millis int64

// NoTime marks a start or end time that the source did not give.
const NoTime Millis = -1

// Known reports whether m is a real time rather than NoTime.
func (m Millis) Known() bool { return m >= 0 }

// Floor returns m floored to the whole second, as a .txt of "HH:MM:SS
// text" lines writes the start of each cue.
func (m Millis) Floor() Millis { return m - m%1000 }

// Seconds returns m in seconds.
func (m Millis) Seconds() float64 { return float64(m) / 1000 }

// Duration returns m as a time.Duration.
func (m Millis) Duration() time.Duration { return time.Duration(m) * time.Millisecond }

// Segment is one timed piece of an episode: a cue of a subtitle file, a line
// of a text transcript, a paragraph of a web page.
type Segment struct {
	Start   Millis // NoTime when unknown
	End     Millis // NoTime when unknown
	Speaker string // empty when unknown
	// Text is the spoken text, with markup removed and entities decoded.
	// Lines of a multi-line cue are joined with "\n".
	Text string
	// Line is the 1-based line of the source file where the segment
	// starts, or 0 for a segment that was not read from a file.
	Line int

	// orig is the 1-based index of the source span this segment was read
	// from, 0 for a segment made in memory.
	orig int
}

// Episode is one episode's transcript.
type Episode struct {
	Show   string
	Number int // -1 when unknown
	Slug   string
	Title  string
	Date   time.Time // zero when unknown
	// Files lists the source files the episode was read from.
	Files []string
	// Format is the format the episode was read from, empty for an episode
	// made in memory.
	Format   Format
	Segments []Segment

	src *source
	// writeTimes is set on the copy of an episode that writers see.
	writeTimes []interval
}

// NewEpisode returns an empty episode with an unknown number.
func NewEpisode() *Episode { return &Episode{Number: -1} }

// Duration returns the end of the last timed segment, or 0 when no segment
// has a time.
func (e *Episode) Duration() Millis {
	var d Millis
	for _, s := range e.Segments {
		if s.End > d {
			d = s.End
		}
		if s.Start > d {
			d = s.Start
		}
	}
	return d
}

// Detach forgets the episode's source bytes, so that writing it produces
// fresh output in the writer's own layout instead of a faithful copy.
func (e *Episode) Detach() {
	e.src = nil
	for i := range e.Segments {
		e.Segments[i].orig = 0
	}
}

// source is what a reader remembers of the bytes it read, for faithful
// rewriting.
type source struct {
	format Format
	data   string
	spans  []span
	// style holds format-specific layout facts a fresh segment should
	// follow (line ending, blank lines between cues).
	style style
}

// lineEnd returns the byte that ends the source's lines.
func (s *source) lineEnd() byte {
	if s.style.cr {
		return '\r'
	}
	return '\n'
}

// span is where one segment stood in the source, and what it said there.
type span struct {
	off, end    int // the whole segment (cue, line, paragraph)
	toff, tend  int // the part that holds its text
	start, stop Millis
	speaker     string
	text        string
}

type style struct {
	crlf bool
	cr   bool   // lines end in a carriage return alone (the text read has line feeds)
	gap  string // separator written between a new segment and the previous one
}

// attach records the source of an episode read from in, with the spans
// its segments were read from (each segment's orig indexes spans). New
// segments written into the file are separated from the one before by the
// separator the file has between its first two segments when keepGap
// accepts it (nil accepts only line ends), and else by the writer's own.
func (e *Episode) attach(f Format, in *input, spans []span, keepGap func(gap string) bool) {
	st := style{crlf: in.crlf}
	if len(spans) > 1 {
		g := in.text[spans[0].end:spans[1].off]
		if keepGap == nil {
			keepGap = onlyLineEnds
		}
		if keepGap(g) {
			st.gap = strings.ReplaceAll(g, "\r\n", "\n")
		}
	}
	e.Format = f
	e.src = &source{format: f, data: in.text, spans: spans, style: st}
}

// onlyLineEnds reports whether a separator is nothing but line ends.
func onlyLineEnds(g string) bool { return strings.Trim(g, "\r\n") == "" }

// addSpan appends a segment together with the span it was read from.
func (e *Episode) addSpan(spans *[]span, seg Segment, sp span) {
	sp.start, sp.stop, sp.speaker, sp.text = seg.Start, seg.End, seg.Speaker, seg.Text
	*spans = append(*spans, sp)
	seg.orig = len(*spans)
	e.Segments = append(e.Segments, seg)
}

// TextPos returns the line and column (1-based, in characters) in the
// source file of byte off of segment i's text. For a segment made in
// memory, or text whose markup was decoded, the place is the segment's line
// and the offset within its text.
func (e *Episode) TextPos(i, off int) (line, col int) {
	s := e.Segments[i]
	off = min(max(off, 0), len(s.Text))
	before := s.Text[:off]
	if e.src == nil || s.orig < 1 || s.orig > len(e.src.spans) {
		return s.Line + strings.Count(before, "\n"), utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	}
	sp := e.src.spans[s.orig-1]
	data := e.src.data
	if pos, err := e.sourceOffsets(i); err == nil {
		// Where the byte stands in the file, blank lines inside the
		// text counted.
		p, _ := pos.at(off)
		nl := e.src.lineEnd()
		from := strings.LastIndexByte(data[:p], nl) + 1
		return s.Line + strings.Count(data[min(sp.off, p):p], string(nl)), utf8.RuneCountInString(data[from:p]) + 1
	}
	toff := min(sp.toff, len(data))
	line = s.Line + strings.Count(data[sp.off:max(sp.off, toff)], "\n") + strings.Count(before, "\n")
	if nl := strings.LastIndexByte(before, '\n'); nl >= 0 {
		return line, utf8.RuneCountInString(before[nl+1:]) + 1
	}
	lineStart := strings.LastIndexByte(data[:toff], '\n') + 1
	return line, utf8.RuneCountInString(data[lineStart:toff]) + utf8.RuneCountInString(before) + 1
}

// TextPositions is TextPos for several byte offsets of segment i's text,
// given in increasing order: in time linear in the segment's span of the
// file (TextPos, called once an offset, is linear each time, so quadratic
// over a long segment with many edits). Offsets out of order are placed
// one by one with TextPos.
func (e *Episode) TextPositions(i int, offs []int) (lines, cols []int) {
	lines, cols = make([]int, len(offs)), make([]int, len(offs))
	if !slices.IsSorted(offs) {
		for k, off := range offs {
			lines[k], cols[k] = e.TextPos(i, off)
		}
		return lines, cols
	}
	s := e.Segments[i]
	clamp := func(off int) int { return min(max(off, 0), len(s.Text)) }
	if e.src == nil || s.orig < 1 || s.orig > len(e.src.spans) {
		c := newLineCounter(s.Text, '\n', 0, s.Line)
		for k, off := range offs {
			lines[k], cols[k] = c.advance(clamp(off))
		}
		return lines, cols
	}
	sp := e.src.spans[s.orig-1]
	data := e.src.data
	if pos, err := e.sourceOffsets(i); err == nil {
		c := newLineCounter(data, e.src.lineEnd(), min(sp.off, len(data)), s.Line)
		for k, off := range offs {
			if p, _ := pos.at(clamp(off)); p >= c.cur {
				lines[k], cols[k] = c.advance(p)
			} else {
				lines[k], cols[k] = e.TextPos(i, off)
			}
		}
		return lines, cols
	}
	toff := min(sp.toff, len(data))
	lineStart := strings.LastIndexByte(data[:toff], '\n') + 1
	c := &lineCounter{data: s.Text, nl: '\n',
		line: s.Line + strings.Count(data[sp.off:max(sp.off, toff)], "\n"),
		col:  utf8.RuneCountInString(data[lineStart:toff])}
	for k, off := range offs {
		lines[k], cols[k] = c.advance(clamp(off))
	}
	return lines, cols
}

// lineCounter walks forward through data, keeping the line and column
// (in characters) it stands at.
type lineCounter struct {
	data           string
	nl             byte
	cur, line, col int // col: characters since the line's start, before cur
}

func newLineCounter(data string, nl byte, from, line int) *lineCounter {
	start := strings.LastIndexByte(data[:from], nl) + 1
	return &lineCounter{data: data, nl: nl, cur: from, line: line, col: utf8.RuneCountInString(data[start:from])}
}

// advance moves to byte p (at or after the current one) and returns its
// line and 1-based column. The counter itself stops at the start of the
// character p is in, so that a character split by p counts once, as
// TextPos counts it.
func (c *lineCounter) advance(p int) (line, col int) {
	a := p
	for a > c.cur && a < len(c.data) && !utf8.RuneStart(c.data[a]) {
		a--
	}
	seg := c.data[c.cur:a]
	if k := strings.LastIndexByte(seg, c.nl); k >= 0 {
		c.line += strings.Count(seg, string(rune(c.nl)))
		c.col = utf8.RuneCountInString(seg[k+1:])
	} else {
		c.col += utf8.RuneCountInString(seg)
	}
	c.cur = a
	return c.line, c.col + utf8.RuneCountInString(c.data[a:p]) + 1
}
