package transcript

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Copied captions: what one gets copying a video site's transcript panel.
// Each segment starts with its time, "m:ss" in the first ten minutes, then
// "mm:ss", then "h:mm:ss" from the first hour on, and lines follow each
// other without blank lines. The text is a few words of lowercase speech
// without punctuation or speaker names, so segments have no Speaker. Two
// layouts are read:
//
//	0:00 hello and welcome          0:00
//	0:03 we deliver python news     hello and welcome
//	                                0:03
//	                                3 seconds
//	                                we deliver python news
//
// In the second (a newer panel), the time stands alone on its line, maybe
// followed by its spoken form ("3 seconds", "1 minute, 5 seconds"), which
// is dropped, and the text follows on the next lines. A line without a time
// continues the segment above it: a long caption wrapped when pasted.
// Segments end where the next one starts, so End is NoTime.

// maxCaptionSlip is how far times may go back before it is a problem: some
// panels repeat or reorder a line by a second or two.
const maxCaptionSlip = 3000

// captionClock reads the "m:ss", "mm:ss" or "h:mm:ss" time that starts a
// caption line and is followed by a blank or the end of the line. It
// returns the time and where the text after it (and its blanks) starts.
// bad is true, and ok false, when the line starts with something shaped
// like a time that is not one, such as "0:75" or "1:5".
func captionClock(s string) (t Millis, text int, ok, bad bool) {
	i, colons := 0, 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == ':') {
		if s[i] == ':' {
			colons++
		}
		i++
	}
	if i == 0 || colons == 0 || (i < len(s) && s[i] != ' ' && s[i] != '\t') {
		return NoTime, 0, false, false
	}
	tok := s[:i]
	if tok[0] == ':' {
		return NoTime, 0, false, false
	}
	first := strings.IndexByte(tok, ':')
	if colons > 2 || first > 2 || !captionClockShape(tok[first:]) {
		return NoTime, 0, false, true
	}
	t, ok = parseClock(tok)
	if !ok {
		return NoTime, 0, false, true
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return t, i, true, false
}

// captionClockShape reports whether s is one or two ":dd" groups.
func captionClockShape(s string) bool {
	for len(s) > 0 {
		if len(s) < 3 || s[0] != ':' || s[1] == ':' || s[2] == ':' {
			return false
		}
		s = s[3:]
	}
	return true
}

// paddedClock reports whether a caption line's time is written the way
// the "HH:MM:SS text" form and copied web pages write it, with two-digit
// minutes under ten or two-digit hours ("05:30", "00:00:00"), rather than
// the way caption panels do ("5:30", "0:00:00").
func paddedClock(s string) bool {
	i := strings.IndexByte(s, ':')
	if i != 2 {
		return false
	}
	if j := strings.IndexAny(s, " \t"); j >= 0 {
		s = s[:j]
	}
	return strings.Count(s, ":") == 2 || s[0] == '0'
}

// spokenDuration reports whether s is the spoken form of the time t that
// newer caption panels copy below it: "0 seconds", "1 minute, 5 seconds",
// "1 hour, 2 seconds".
func spokenDuration(s string, t Millis) bool {
	var secs int64
	for part := range strings.SplitSeq(strings.TrimSpace(s), ",") {
		num, unit, ok := strings.Cut(strings.TrimSpace(part), " ")
		n, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil || n < 0 || n > 1000 {
			return false
		}
		switch strings.TrimSuffix(unit, "s") {
		case "hour":
			secs += n * 3600
		case "minute":
			secs += n * 60
		case "second":
			secs += n
		default:
			return false
		}
	}
	return secs == int64(t)/1000
}

func sniffCaptions(text string) int {
	// A copy may start with a heading or two, such as the video's title,
	// and may start or end with blank lines: the lines looked at are those
	// from the first time on, and the blank lines between them.
	const maxLines, maxHeading = 30, 3
	heading, nonBlank, blanks, pendingBlanks := 0, 0, 0, 0
	timed, alone := 0, 0
	firstTimed := ""
	for len(text) > 0 && nonBlank < maxLines && heading <= maxHeading {
		var l string
		l, text = cutLine(text)
		if isBlank(l) {
			if timed > 0 {
				pendingBlanks++
			}
			continue
		}
		_, at, ok, _ := captionClock(l)
		if timed == 0 && !ok {
			heading++
			continue
		}
		nonBlank++
		blanks += pendingBlanks
		pendingBlanks = 0
		if !ok {
			continue
		}
		timed++
		if at == len(l) {
			alone++
		}
		if firstTimed == "" {
			firstTimed = l
		}
	}
	switch {
	case timed < 2 || paddedClock(firstTimed):
		return 0
	case blanks*8 > nonBlank:
		// Lines separated by blank lines: the "HH:MM:SS text" form or a
		// copied web page, not a caption panel.
		return 0
	case timed*4 >= nonBlank*3, alone*4 >= nonBlank:
		return 70
	}
	return 0
}

func readCaptions(in *input) *Episode {
	ep := NewEpisode()
	ls := in.lines()
	var spans []span
	var seg Segment // the open segment
	var cur span    // its span
	open := false
	prev := NoTime // the time of the previous time line
	var stray line // the first line before the first time
	strays := 0

	flush := func() {
		if !open {
			return
		}
		if cur.toff > cur.tend {
			in.add(seg.Line, "time %s has no text", shortClock(seg.Start))
		} else {
			seg.Text = joinTextLines(in.text[cur.toff:cur.tend], "\n")
			ep.addSpan(&spans, seg, cur)
		}
		open = false
	}
	for {
		l, ok := ls.nextText()
		if !ok {
			break
		}
		t, at, ok, bad := captionClock(l.text)
		if !ok {
			if bad {
				in.add(l.no, "%q is not a time; read as text", clip(firstField(l.text)))
			}
			switch {
			case open:
				// A continuation of the segment above, or the text of a
				// time that stands alone.
				if cur.toff > cur.tend {
					cur.toff = l.off
				}
				cur.end, cur.tend = l.end, l.end
			case strays == 0:
				stray, strays = l, 1
			default:
				strays++
			}
			continue
		}
		if strays > 0 {
			in.add(stray.no, "text before the first time: %q (%d lines)", clip(stray.text), strays)
			strays = 0
		}
		flush()
		if prev.Known() && t+maxCaptionSlip < prev {
			in.add(l.no, "time %s goes back from %s", shortClock(t), shortClock(prev))
		}
		prev = t
		seg, open = Segment{Start: t, End: NoTime, Line: l.no}, true
		if at < len(l.text) {
			cur = span{off: l.off, end: l.end, toff: l.off + at, tend: l.end}
			continue
		}
		// The time alone: its text is on the lines below. toff > tend
		// until one comes.
		cur = span{off: l.off, end: l.end, toff: l.end + 1, tend: l.end}
		if n, ok := ls.peek(); ok && spokenDuration(n.text, t) {
			ls.next()
			cur.end, cur.toff, cur.tend = n.end, n.end+1, n.end
		}
	}
	flush()
	if strays > 0 {
		in.add(stray.no, "no time in %d lines of text, from %q", strays, clip(stray.text))
	} else if len(spans) == 0 && len(in.list) == 0 {
		in.add(1, "no \"m:ss text\" line")
	}
	ep.attach(Captions, in, spans, nil)
	return ep
}

// shortClock formats a time the way caption panels show it, for messages.
func shortClock(t Millis) string {
	return string(appendShortClock(nil, t, false))
}

// firstField returns s up to its first blank.
func firstField(s string) string {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

// joinTextLines returns the non-blank lines of s, trimmed of blanks, joined
// with sep, and bytes that are not UTF-8 replaced with U+FFFD (the reader
// reports them). It does not allocate for a single valid line.
func joinTextLines(s, sep string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, '\n') < 0 {
		return trimBlanks(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for l := range strings.SplitSeq(s, "\n") {
		l = trimBlanks(l)
		if l == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(l)
	}
	return b.String()
}
