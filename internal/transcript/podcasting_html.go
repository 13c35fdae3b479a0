package transcript

import (
	"html"
	"strings"
	"unicode/utf8"
)

// Podcasting 2.0 HTML transcripts (the podcast namespace's
// <podcast:transcript type="text/html">): groups of
//
//	<cite>Alice:</cite>
//	<time>0:00</time>
//	<p>Hello</p>
//
// where the <cite> is given when the speaker changes and carries forward,
// and times are m:ss, mm:ss or h:mm:ss, maybe with a fraction. The groups
// may stand alone or inside a full page (<!DOCTYPE html>, <html>, <head>
// with a <title>, <body>, <div>s); tags are matched without regard to case.
// A segment is one <p>, together with the <cite> and <time> before it; its
// text is the paragraph's, inner tags removed, character references decoded
// and white space collapsed.

func sniffHTML(text string) int {
	t := strings.TrimLeft(text, " \t\r\n\f")
	if !strings.HasPrefix(t, "<") {
		return 0
	}
	hasP := strings.Contains(t, "<p>") || strings.Contains(t, "<p ")
	if hasP && (strings.Contains(t, "<time") || strings.Contains(t, "<cite")) {
		return 85
	}
	return 0
}

// htmlTag is a tag of the source: "<name attributes>", "</name>", a
// comment or a declaration such as <!DOCTYPE html>.
type htmlTag struct {
	off, end int    // from '<' to after '>'; end is -1 when the tag has no end
	name     string // as written; "!" for comments and declarations
	closing  bool
}

// is reports whether the tag has the given lower-case name.
func (t htmlTag) is(name string) bool { return strings.EqualFold(t.name, name) }

// nextTag returns the first tag in s at or after from. A '<' that does not
// start a tag is text.
func nextTag(s string, from int) (htmlTag, bool) {
	for {
		i := strings.IndexByte(s[from:], '<')
		if i < 0 {
			return htmlTag{}, false
		}
		if t, ok := tagAt(s, from+i); ok {
			return t, true
		}
		from += i + 1
	}
}

// tagAt reads the tag that starts at s[at], a '<'.
func tagAt(s string, at int) (htmlTag, bool) {
	t := htmlTag{off: at, end: -1}
	i := at + 1
	if i >= len(s) {
		return t, false
	}
	switch c := s[i]; {
	case strings.HasPrefix(s[i:], "!--"):
		t.name = "!"
		if j := strings.Index(s[i+3:], "-->"); j >= 0 {
			t.end = i + 3 + j + 3
		}
		return t, true
	case c == '!' || c == '?':
		t.name = "!"
	default:
		if c == '/' {
			t.closing = true
			i++
		}
		j := i
		for j < len(s) && (isASCIILetter(s[j]) || j > i && (s[j] >= '0' && s[j] <= '9' || s[j] == '-')) {
			j++
		}
		if j == i {
			return t, false
		}
		if j < len(s) && !strings.ContainsRune(" \t\r\n\f/>", rune(s[j])) {
			return t, false
		}
		t.name = s[i:j]
	}
	if j := strings.IndexByte(s[at:], '>'); j >= 0 {
		t.end = at + j + 1
	}
	return t, true
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// inlineTags are the tags that may appear inside a <p>, <cite> or <time>;
// any other end tag, and the start of another group, end it even when its
// own end tag is missing.
var inlineTags = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "br": true,
	"code": true, "em": true, "i": true, "mark": true, "q": true, "s": true,
	"small": true, "span": true, "strong": true, "sub": true, "sup": true,
	"u": true, "wbr": true, "!": true,
}

// element finds the end of the element whose start tag ends at from. It
// returns the end of its content and the offset after its end tag (the
// same when the end tag is missing), and whether the content runs to the
// end of the file without an end tag.
func element(s string, from int, name string) (cend, after int, atEOF bool) {
	raw := name == "script" || name == "style"
	for at := from; ; {
		t, ok := nextTag(s, at)
		if !ok {
			return len(s), len(s), true
		}
		if t.end < 0 {
			// An unclosed tag: the main loop reports it.
			return t.off, t.off, false
		}
		switch {
		case t.closing && t.is(name):
			return t.off, t.end, false
		case raw:
		case !t.closing && (t.is("p") || t.is("time") || t.is("cite")),
			t.closing && !inlineTags[strings.ToLower(t.name)]:
			return t.off, t.off, false
		}
		at = t.end
	}
}

// htmlText returns the text of HTML content: tags removed (a <br> counts
// as a space), character references decoded, runs of white space made one
// space, no white space at either end, and invalid UTF-8 made U+FFFD.
func htmlText(raw string) string {
	if !strings.ContainsAny(raw, "<&\t\r\n\f") && !strings.Contains(raw, "  ") && strings.TrimSpace(raw) == raw {
		return validUTF8(raw)
	}
	var b strings.Builder
	b.Grow(len(raw))
	space := false // white space is pending
	for i := 0; i < len(raw); {
		c := raw[i]
		switch c {
		case ' ', '\t', '\r', '\n', '\f':
			space = b.Len() > 0
			i++
			continue
		case '<':
			if t, ok := tagAt(raw, i); ok && t.end > 0 {
				if t.is("br") {
					space = b.Len() > 0
				}
				i = t.end
				continue
			}
		case '&':
			if r, n := htmlCharRef(raw[i:]); n > 0 {
				if space {
					b.WriteByte(' ')
					space = false
				}
				b.WriteString(r)
				i += n
				continue
			}
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(c)
		i++
	}
	return validUTF8(b.String())
}

// validUTF8 returns s with invalid UTF-8 replaced by U+FFFD, as browsers
// decode it.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// htmlCharRef decodes the character reference at the start of s, as
// charRef does, knowing every named reference of HTML ("&eacute;").
func htmlCharRef(s string) (string, int) {
	if r, n := charRef(s); n > 0 {
		return r, n
	}
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 32 {
		return "", 0
	}
	for i := 1; i < end; i++ {
		if !isASCIILetter(s[i]) && (s[i] < '0' || s[i] > '9') {
			return "", 0
		}
	}
	if r := html.UnescapeString(s[:end+1]); r != s[:end+1] {
		return r, end + 1
	}
	return "", 0
}

// htmlReader reads an HTML transcript.
type htmlReader struct {
	in    *input
	s     string
	ep    *Episode
	spans []span
	// lineOff and lineNo are the start of a line and its number, from which
	// lineAt counts on.
	lineOff, lineNo int
}

// lineAt returns the 1-based line of a byte offset.
func (r *htmlReader) lineAt(off int) int {
	if off < r.lineOff {
		r.lineOff, r.lineNo = 0, 1
	}
	r.lineNo += strings.Count(r.s[r.lineOff:off], "\n")
	r.lineOff = off
	return r.lineNo
}

// outside reports the text between two tags unless it is blank.
func (r *htmlReader) outside(text string, off int) {
	t := strings.TrimLeft(text, " \t\r\n\f")
	if t == "" {
		return
	}
	off += len(text) - len(t)
	r.in.add(r.lineAt(off), "text outside <p>: %q", clip(firstLine(strings.TrimSpace(t))))
}

func readHTML(in *input) *Episode {
	r := &htmlReader{in: in, s: in.text, ep: NewEpisode(), lineNo: 1}
	s := r.s
	speaker := ""
	// The group of the next <p>: where its <cite> or <time> starts, and
	// the line of its <time>, 0 when none.
	group, groupLine, timeLine := -1, 0, 0
	start := NoTime
	pos := in.body
	for {
		t, ok := nextTag(s, pos)
		if !ok {
			r.outside(s[pos:], pos)
			break
		}
		r.outside(s[pos:t.off], pos)
		if t.end < 0 {
			r.in.add(r.lineAt(t.off), "tag not closed at end of file: %q", clip(firstLine(s[t.off:])))
			break
		}
		pos = t.end
		if t.closing || t.name == "!" {
			continue
		}
		name := strings.ToLower(t.name)
		switch name {
		case "cite", "time", "p", "title", "h1", "script", "style":
		default:
			continue // <html>, <body>, <div>, <br> and the like
		}
		line := r.lineAt(t.off)
		if group < 0 && (name == "cite" || name == "time" || name == "p") {
			group, groupLine = t.off, line
		}
		cend, after, atEOF := element(s, t.end, name)
		if atEOF {
			r.in.add(line, "<%s> not closed at end of file", t.name)
		}
		content := s[t.end:cend]
		pos = after
		switch name {
		case "cite":
			speaker = strings.TrimSpace(strings.TrimSuffix(htmlText(content), ":"))
		case "time":
			if timeLine > 0 {
				// The earlier <time> stays out of this segment.
				r.in.add(timeLine, "<time> with no <p> after it")
				group, groupLine = t.off, line
			}
			timeLine = line
			var ok bool
			clock := htmlText(content)
			if start, ok = parseClock(clock); !ok {
				r.in.add(line, "bad time %q", clip(clock))
			}
		case "p":
			seg := Segment{Start: start, End: NoTime, Speaker: speaker, Text: htmlText(content), Line: groupLine}
			r.ep.addSpan(&r.spans, seg, span{off: group, end: after, toff: t.end, tend: cend})
			group, start, timeLine = -1, NoTime, 0
		case "title", "h1":
			if r.ep.Title == "" {
				r.ep.Title = htmlText(content)
			}
		}
	}
	if timeLine > 0 {
		r.in.add(timeLine, "<time> with no <p> after it")
	}
	r.ep.attach(HTML, in, r.spans, func(g string) bool { return strings.Trim(g, " \t\r\n") == "" })
	return r.ep
}

var htmlWriter = &writer{
	head: func(*Episode, string) string { return "" },
	seg:  writeHTMLGroup,
	text: func(b []byte, ep *Episode, i int, nl string) []byte {
		return appendHTMLText(b, oneLine(ep.Segments[i].Text))
	},
	gap:  "\n",
	tail: endWith(1),
}

// writeHTMLGroup appends a segment as a <cite> when its speaker differs
// from the one before, a <time> when its start is known, and a <p>.
func writeHTMLGroup(b []byte, ep *Episode, i int, nl string) []byte {
	s := &ep.Segments[i]
	prev := ""
	if i > 0 {
		prev = ep.Segments[i-1].Speaker
	}
	if s.Speaker != prev {
		b = append(b, "<cite>"...)
		if s.Speaker != "" {
			b = appendHTMLText(b, oneLine(s.Speaker))
			b = append(b, ':')
		}
		b = append(b, "</cite>"...)
		b = append(b, nl...)
	}
	if s.Start.Known() {
		b = append(b, "<time>"...)
		b = appendShortClock(b, s.Start, false)
		b = append(b, "</time>"...)
		b = append(b, nl...)
	}
	b = append(b, "<p>"...)
	b = appendHTMLText(b, oneLine(s.Text))
	return append(b, "</p>"...)
}

// appendHTMLText appends text with '&', '<' and '>' escaped.
func appendHTMLText(b []byte, text string) []byte {
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		default:
			b = append(b, c)
		}
	}
	return b
}
