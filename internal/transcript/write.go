package transcript

import (
	"fmt"
	"io"
	"strings"
)

// writer is how emend writes one format. Fresh output is
//
//	head + seg(0) + gap + seg(1) + gap + ... + seg(n-1) + tail
//
// Output for an episode read from the same format copies the source and
// regenerates only what changed (see Marshal).
type writer struct {
	// head returns what precedes the first segment of a fresh file.
	head func(ep *Episode, nl string) string
	// seg appends segment i of ep, all of it, without its final line end.
	seg func(b []byte, ep *Episode, i int, nl string) []byte
	// text appends a segment's text as it stands inside its segment, for a
	// segment whose text alone changed. Nil when a changed text must
	// regenerate the whole segment.
	text func(b []byte, ep *Episode, i int, nl string) []byte
	// gap is what separates two segments of a fresh file, with "\n" for
	// every line end.
	gap string
	// tail returns what follows the last segment of a fresh file.
	tail func(ep *Episode, nl string) string
}

// Marshal returns ep written in format f.
//
// When ep was read from a file in format f, the output is the file itself,
// byte for byte, except for the segments that were changed, added or
// removed: a segment whose text alone changed keeps its times, identifier,
// settings and markup around the new text. Otherwise the output is fresh,
// in the writer's own layout.
func Marshal(ep *Episode, f Format) ([]byte, error) {
	c := codecFor(f)
	if c == nil {
		return nil, fmt.Errorf("unknown format %q", f)
	}
	if c.write == nil {
		return nil, fmt.Errorf("emend reads %s but does not write it", c.desc)
	}
	// The writers see a copy of the episode that carries its timeline,
	// worked out once for the whole write.
	w := *ep
	w.writeTimes = timeline(ep)
	if ep.src != nil && ep.src.format == f {
		return faithful(&w, c.write), nil
	}
	return fresh(&w, c.write), nil
}

// Write writes ep in format f to w.
func Write(w io.Writer, ep *Episode, f Format) error {
	b, err := Marshal(ep, f)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func fresh(ep *Episode, w *writer) []byte {
	b := make([]byte, 0, 64*len(ep.Segments)+64)
	b = append(b, w.head(ep, "\n")...)
	for i := range ep.Segments {
		if i > 0 {
			b = append(b, w.gap...)
		}
		b = w.seg(b, ep, i, "\n")
	}
	return append(b, w.tail(ep, "\n")...)
}

func faithful(ep *Episode, w *writer) []byte {
	src := ep.src
	data, spans := src.data, src.spans
	nl := "\n"
	gap := w.gap
	if src.style.gap != "" {
		gap = src.style.gap
	}
	switch {
	case src.style.crlf:
		nl = "\r\n"
		gap = strings.ReplaceAll(gap, "\n", "\r\n")
	case src.style.cr:
		nl = "\r"
		gap = strings.ReplaceAll(gap, "\n", "\r")
	}
	b := make([]byte, 0, len(data)+len(data)/8)
	if len(spans) == 0 {
		// Nothing was read from the file, so there is no place to put
		// new segments in it: keep the file while it stays empty, and
		// write afresh once it is not.
		if len(ep.Segments) == 0 {
			return []byte(data)
		}
		return fresh(ep, w)
	}
	b = append(b, data[:spans[0].off]...)
	prev := -1 // index into spans of the last segment written, -2 after a new one
	for i := range ep.Segments {
		s := &ep.Segments[i]
		k := s.orig - 1
		if k < 0 || k >= len(spans) {
			if i > 0 {
				b = append(b, gap...)
			}
			b = w.seg(b, ep, i, nl)
			prev = -2
			continue
		}
		sp := &spans[k]
		switch {
		case i == 0:
		case prev >= 0 && k > prev:
			// The material between this segment and the one before it
			// in the source (blank lines, notes, page text).
			b = append(b, data[spans[k-1].end:sp.off]...)
		default:
			b = append(b, gap...)
		}
		prev = k
		switch {
		case s.Start == sp.start && s.End == sp.stop && s.Speaker == sp.speaker && s.Text == sp.text:
			b = append(b, data[sp.off:sp.end]...)
		case s.Start == sp.start && s.End == sp.stop && s.Speaker == sp.speaker && w.text != nil && sp.toff <= sp.tend:
			b = append(b, data[sp.off:sp.toff]...)
			b = w.text(b, ep, i, nl)
			b = append(b, data[sp.tend:sp.end]...)
		default:
			b = w.seg(b, ep, i, nl)
		}
	}
	return append(b, data[spans[len(spans)-1].end:]...)
}

// interval is a segment's start and end as a writer writes them.
type interval struct{ start, end Millis }

// timeline returns the times to write for each segment, filling in those
// the source did not give: a segment without a start starts where the one
// before it ended; one without an end ends where the next segment starts,
// when that one has a start, or else after a time estimated from its words
// (0.4 s a word, 1 s at least). So an untimed transcript becomes a run of
// consecutive cues, and the lines of a .txt end where the next one starts.
func timeline(ep *Episode) []interval {
	segs := ep.Segments
	out := make([]interval, len(segs))
	var prev Millis
	for i, s := range segs {
		start := s.Start
		if !start.Known() {
			start = prev
		}
		end := s.End
		if !end.Known() || end < start {
			end = NoTime
			if i+1 < len(segs) && segs[i+1].Start >= start {
				end = segs[i+1].Start
			}
			if !end.Known() {
				words := Millis(len(strings.Fields(s.Text)))
				end = start + max(1000, words*400)
			}
		}
		out[i] = interval{start, end}
		prev = end
	}
	return out
}

// inferredStart returns the start to write for segment i (see timeline).
func inferredStart(ep *Episode, i int) Millis { return ep.times()[i].start }

// inferredEnd returns the end to write for segment i (see timeline).
func inferredEnd(ep *Episode, i int) Millis { return ep.times()[i].end }

// times returns the episode's timeline: the one Marshal worked out for the
// write in progress, or a new one.
func (e *Episode) times() []interval {
	if len(e.writeTimes) == len(e.Segments) {
		return e.writeTimes
	}
	return timeline(e)
}

// appendCueHead appends the lines that open a WebVTT or SRT cue: its
// identifier or number when it has one, then "start --> end" with sep
// before the milliseconds, and the settings after.
func appendCueHead(b []byte, id string, start, end Millis, sep byte, settings, nl string) []byte {
	if id != "" {
		b = append(b, id...)
		b = append(b, nl...)
	}
	b = appendClock(b, start, sep)
	b = append(b, " --> "...)
	b = appendClock(b, end, sep)
	if settings != "" {
		b = append(b, ' ')
		b = append(b, settings...)
	}
	return append(b, nl...)
}

// endWith returns a writer's tail: n line ends after the last segment, and
// nothing after an empty episode.
func endWith(n int) func(ep *Episode, nl string) string {
	return func(ep *Episode, nl string) string {
		if len(ep.Segments) == 0 {
			return ""
		}
		return strings.Repeat(nl, n)
	}
}

// appendCueText appends the new text of segment i of an episode read from a
// WebVTT or SRT file, splicing it into the payload it had there so that the
// markup around the change stays (see spliceCue).
func appendCueText(b []byte, ep *Episode, i int, nl string) []byte {
	s := &ep.Segments[i]
	if ep.src != nil && s.orig > 0 && s.orig <= len(ep.src.spans) {
		sp := ep.src.spans[s.orig-1]
		if sp.toff <= sp.tend {
			if out, ok := spliceCue(b, ep.src.data[sp.toff:sp.tend], sp.text, s.Text, nl); ok {
				return out
			}
		}
	}
	return escapeCueText(b, s.Text, nl)
}

// appendLines appends text with its "\n" line breaks written as nl.
func appendLines(b []byte, text, nl string) []byte {
	if nl == "\n" {
		return append(b, text...)
	}
	for {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			return append(b, text...)
		}
		b = append(b, text[:i]...)
		b = append(b, nl...)
		text = text[i+1:]
	}
}

// oneLine returns text with its line breaks and runs of blanks turned into
// single spaces, for formats that keep a segment on one line.
func oneLine(text string) string {
	if !strings.ContainsAny(text, "\n\r\t") {
		return text
	}
	return strings.Join(strings.Fields(text), " ")
}
