package transcript

import (
	"strings"
)

// The "HH:MM:SS text" form of podcast transcript repositories: each segment
// a line that starts with its time, floored to the second (the hour may
// have one digit), segments separated by a blank line. A line without a
// time continues the segment above it.

// timedPrefix returns the time at the start of a "HH:MM:SS text" line (or
// "H:MM:SS text": some files begin "0:00:00") and the offset of the text
// after it.
func timedPrefix(s string) (Millis, int, bool) {
	n := 8
	switch {
	case len(s) >= 8 && s[2] == ':' && s[5] == ':':
	case len(s) >= 7 && s[1] == ':' && s[4] == ':':
		n = 7
	default:
		return NoTime, 0, false
	}
	if len(s) > n && s[n] != ' ' && s[n] != '\t' {
		return NoTime, 0, false
	}
	t, ok := parseClock(s[:n])
	if !ok {
		return NoTime, 0, false
	}
	i := n
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return t, i, true
}

func sniffTimedText(text string) int {
	ls := firstLines(text, 12)
	if len(ls) == 0 {
		return 0
	}
	timed := 0
	for _, l := range ls {
		if _, _, ok := timedPrefix(l); ok {
			timed++
		}
	}
	if _, _, ok := timedPrefix(ls[0]); !ok || timed*4 < len(ls)*3 {
		return 0
	}
	return 80
}

func readTimedText(in *input) *Episode {
	ep := NewEpisode()
	ls := in.lines()
	n := strings.Count(in.text, "\n")/2 + 1
	spans := make([]span, 0, n)
	ep.Segments = make([]Segment, 0, n)
	var cur span
	var open bool // whether cur and seg hold a segment not yet added
	var seg Segment
	flush := func() {
		if open {
			ep.addSpan(&spans, seg, cur)
			open = false
		}
	}
	for {
		l, ok := ls.nextText()
		if !ok {
			break
		}
		t, at, ok := timedPrefix(l.text)
		if !ok {
			if !open {
				in.add(l.no, "text before the first timestamp: %q", clip(l.text))
				continue
			}
			// A continuation of the segment above.
			seg.Text += "\n" + l.text
			cur.end, cur.tend = l.end, l.end
			continue
		}
		flush()
		seg = Segment{Start: t, End: NoTime, Line: l.no, Text: l.text[at:]}
		cur = span{off: l.off, end: l.end, toff: l.off + at, tend: l.end}
		open = true
	}
	flush()
	if len(spans) == 0 && !isBlank(in.text[in.body:]) {
		in.add(1, "no \"HH:MM:SS text\" line")
	}
	ep.attach(TimedText, in, spans, nil)
	return ep
}

var timedTextWriter = &writer{
	head: func(*Episode, string) string { return "" },
	seg: func(b []byte, ep *Episode, i int, nl string) []byte {
		s := &ep.Segments[i]
		start := inferredStart(ep, i)
		b = appendClock(b, start.Floor(), 0)
		b = append(b, ' ')
		if s.Speaker != "" && (i == 0 || ep.Segments[i-1].Speaker != s.Speaker) {
			b = append(b, oneLine(s.Speaker)...)
			b = append(b, ": "...)
		}
		return append(b, oneLine(s.Text)...)
	},
	text: func(b []byte, ep *Episode, i int, nl string) []byte {
		return appendLines(b, ep.Segments[i].Text, nl)
	},
	gap:  "\n\n",
	tail: endWith(2),
}
