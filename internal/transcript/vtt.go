package transcript

import (
	"strings"
)

// WebVTT (https://www.w3.org/TR/webvtt1/), read leniently: a header line
// "WEBVTT" with or without text after it and header lines below it; NOTE,
// STYLE and REGION blocks; cues with an optional identifier, "mm:ss.ttt" or
// "hh:mm:ss.ttt" times, settings, and payload lines; voice spans, other tags
// and character references in payloads; CRLF line ends and a byte-order mark.

func sniffVTT(text string) int {
	if !strings.HasPrefix(text, "WEBVTT") {
		return 0
	}
	if len(text) == 6 {
		return 100
	}
	switch text[6] {
	case ' ', '\t', '\n', '\r':
		return 100
	}
	return 0
}

func readVTT(in *input) *Episode {
	ep := NewEpisode()
	ls := in.lines()
	n := strings.Count(in.text, "-->")
	spans := make([]span, 0, n)
	ep.Segments = make([]Segment, 0, n)

	head, ok := ls.next()
	if !ok {
		in.add(1, "empty file: no WEBVTT header")
		ep.attach(VTT, in, nil, nil)
		return ep
	}
	if sniffVTT(head.text) == 0 {
		in.add(head.no, "missing WEBVTT header")
		ls = in.lines() // read the first line again as part of the body
	} else {
		title := strings.TrimSpace(head.text[6:])
		title = strings.TrimSpace(strings.TrimLeft(title, "-"))
		ep.Title = title
		// Header lines (such as "Kind: captions") run to the first blank line.
		for {
			l, ok := ls.peek()
			if !ok || isBlank(l.text) || strings.Contains(l.text, "-->") {
				break
			}
			ls.next()
		}
	}

	speaker := ""
	for {
		l, ok := ls.nextText()
		if !ok {
			break
		}
		// A block: NOTE, STYLE, REGION or a cue.
		if isBlockKeyword(l.text, "NOTE") || isBlockKeyword(l.text, "STYLE") || isBlockKeyword(l.text, "REGION") {
			skipBlock(ls)
			continue
		}
		first := l
		timing := l
		if !strings.Contains(l.text, "-->") {
			// A cue identifier, then the timing line.
			t, ok := ls.peek()
			if !ok || isBlank(t.text) || !strings.Contains(t.text, "-->") {
				in.add(l.no, "text outside a cue: %q", clip(l.text))
				skipBlock(ls)
				continue
			}
			ls.next()
			timing = t
		}
		start, end, ok := parseTiming(timing.text)
		if !ok {
			in.add(timing.no, "bad cue timing %q", clip(timing.text))
			skipBlock(ls)
			continue
		}
		// The payload runs to a blank line, or to a line that starts
		// another cue when the blank line is missing.
		toff, tend := timing.next, timing.next
		last := timing
		for {
			p, ok := ls.peek()
			if !ok || isBlank(p.text) || strings.Contains(p.text, "-->") {
				break
			}
			ls.next()
			tend = p.end
			last = p
		}
		if last.no == timing.no {
			// No payload: no place for text, so a text change
			// rewrites the whole cue.
			toff, tend = timing.end+1, timing.end
		}
		raw := ""
		if toff <= tend {
			raw = in.text[toff:tend]
		}
		text, firstVoice, lastVoice := cueText(raw)
		seg := Segment{Start: start, End: end, Line: first.no, Text: text}
		if firstVoice != "" {
			seg.Speaker = firstVoice
			speaker = lastVoice
		} else {
			seg.Speaker = speaker
		}
		// The text region leaves out a leading voice tag and a closing
		// </v>, so that new text keeps them.
		if firstVoice != "" && strings.HasPrefix(raw, "<v") {
			if i := strings.IndexByte(raw, '>'); i > 0 {
				toff += i + 1
			}
		}
		if toff <= tend && strings.HasSuffix(in.text[toff:tend], "</v>") {
			tend -= len("</v>")
		}
		ep.addSpan(&spans, seg, span{off: first.off, end: last.end, toff: toff, tend: tend})
	}
	ep.attach(VTT, in, spans, nil)
	return ep
}

// isBlockKeyword reports whether a line opens a block with the keyword:
// the keyword alone or followed by a space or tab.
func isBlockKeyword(s, kw string) bool {
	if !strings.HasPrefix(s, kw) {
		return false
	}
	return len(s) == len(kw) || s[len(kw)] == ' ' || s[len(kw)] == '\t'
}

// skipBlock consumes lines up to the next blank line.
func skipBlock(ls *lines) {
	for {
		l, ok := ls.peek()
		if !ok || isBlank(l.text) {
			return
		}
		ls.next()
	}
}

// parseTiming parses "start --> end [settings]".
func parseTiming(s string) (start, end Millis, ok bool) {
	i := strings.Index(s, "-->")
	if i < 0 {
		return NoTime, NoTime, false
	}
	start, ok = parseClock(strings.TrimSpace(s[:i]))
	if !ok {
		return NoTime, NoTime, false
	}
	rest := strings.TrimLeft(s[i+3:], " \t")
	j := strings.IndexAny(rest, " \t")
	if j < 0 {
		j = len(rest)
	}
	end, ok = parseClock(rest[:j])
	if !ok {
		return NoTime, NoTime, false
	}
	return start, end, true
}

// clip shortens a line for an error message.
func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	i := 57
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "..."
}

var vttWriter = &writer{
	head: func(ep *Episode, nl string) string {
		h := "WEBVTT"
		if ep.Title != "" {
			h += " - " + oneLine(ep.Title)
		}
		if len(ep.Segments) > 0 {
			return h + nl + nl
		}
		return h + nl
	},
	seg:  writeVTTCue,
	text: appendCueText,
	gap:  "\n\n",
	tail: endWith(2),
}

func writeVTTCue(b []byte, ep *Episode, i int, nl string) []byte {
	s := &ep.Segments[i]
	id, settings, hadVoice := vttCueExtras(ep, s)
	b = appendCueHead(b, id, inferredStart(ep, i), inferredEnd(ep, i), '.', settings, nl)
	if s.Speaker != "" && (ep.src == nil || ep.src.format != VTT || hadVoice || i == 0 || ep.Segments[i-1].Speaker != s.Speaker) {
		b = append(b, "<v "...)
		b = append(b, voiceTagName(s.Speaker)...)
		b = append(b, '>')
	}
	if s.Text == "" && s.Speaker == "" {
		// An empty payload line would end the cue early in some players;
		// the cue still needs its line.
		return b
	}
	return escapeCueText(b, s.Text, nl)
}

// angleBrackets removes angle brackets. Made once: building a Replacer
// costs more than a cue's writing, and fuzzing FuzzJSON (a voice tag a
// cue) spent a third of its time building one a cue.
var angleBrackets = strings.NewReplacer("<", "", ">", "")

// voiceTagName makes a speaker's name fit in a <v Name> tag: one line,
// no angle brackets, and no "--" that could make a "-->" with the tag's end.
func voiceTagName(name string) string {
	name = strings.Join(strings.Fields(angleBrackets.Replace(name)), " ")
	for strings.Contains(name, "--") {
		name = strings.ReplaceAll(name, "--", "-")
	}
	return name
}

// vttCueExtras returns the identifier and settings a segment read from a
// WebVTT file had, and whether its payload opened with a voice span.
func vttCueExtras(ep *Episode, s *Segment) (id, settings string, voice bool) {
	if ep.src == nil || ep.src.format != VTT || s.orig < 1 || s.orig > len(ep.src.spans) {
		return "", "", false
	}
	sp := ep.src.spans[s.orig-1]
	head := ep.src.data[sp.off:min(sp.toff, sp.end)]
	voice = strings.HasSuffix(head, ">")
	lines := strings.Split(strings.ReplaceAll(head, "\r", ""), "\n")
	if len(lines) > 0 && !strings.Contains(lines[0], "-->") {
		id, lines = lines[0], lines[1:]
	}
	if len(lines) > 0 {
		t := lines[0]
		if i := strings.Index(t, "-->"); i >= 0 {
			rest := strings.TrimLeft(t[i+3:], " \t")
			if j := strings.IndexAny(rest, " \t"); j >= 0 {
				settings = strings.TrimSpace(rest[j:])
			}
		}
	}
	return id, settings, voice
}
