package transcript

import (
	"strings"
)

// Time-stamped exports: the text files transcription services and tools
// write, each segment opened by its time (and often its speaker) in a shape
// of their own. These are read:
//
//	[00:00:05] Michael: Welcome to the show.      a stamp in brackets, then
//	[00:05.000 --> 00:07.500]  Thanks for ...     the text (Descript, Whisper)
//
//	Speaker 1 (00:05):                            a heading with the speaker
//	Welcome to the show.                          and the time, the text on
//	                                              the lines below (Rev) or
//	Michael Kennedy  0:05                         after the heading
//	Welcome to the show.                          (Otter)
//
//	Michael Kennedy:<tab>00:00:05<tab>Welcome     a table, the name left out
//	<tab>00:00:09<tab>Thanks for having me.       where the speaker goes on
//
// Times are m:ss, mm:ss or h:mm:ss, with optional milliseconds; a bracket
// may give the end too ("start --> end"). A speaker label after a bracket
// ("Michael: ") is the segment's speaker. A line with no stamp continues
// the segment above; lines before the first stamp (a title) stay out of the
// segments. A time earlier than the one above is reported and kept. The
// format is read only: fix edits it in place (see Splice).

// bracketStamp reads "[time]" or "[time --> time]" at the start of a line:
// the times (end NoTime when not given) and where the text after it (and
// its blanks) starts.
func bracketStamp(s string) (start, end Millis, at int, ok bool) {
	i := blankRun(s)
	if i >= len(s) || s[i] != '[' {
		return NoTime, NoTime, 0, false
	}
	j := strings.IndexByte(s[i:], ']')
	if j < 0 {
		return NoTime, NoTime, 0, false
	}
	inner := s[i+1 : i+j]
	first, second, two := strings.Cut(inner, "-->")
	start, ok = stampClock(first)
	if !ok {
		return NoTime, NoTime, 0, false
	}
	end = NoTime
	if two {
		if end, ok = stampClock(second); !ok {
			return NoTime, NoTime, 0, false
		}
	}
	at = i + j + 1
	return start, end, at + blankRun(s[at:]), true
}

// stampClock reads a time of a stamp, blanks around it allowed.
func stampClock(s string) (Millis, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s[0] < '0' || s[0] > '9' || strings.Count(s, ":") == 0 {
		return NoTime, false
	}
	return parseClock(s)
}

// headingStamp reads a speaker's name and a time that open a line: "Speaker
// 1 (00:05):", "Michael Kennedy (1:02:03): Welcome", or, alone on the line,
// "Michael Kennedy  0:05". It returns where the text after them (and its
// blanks) starts: the end of the line when the text is on the lines below.
func headingStamp(s string) (name string, t Millis, at int, ok bool) {
	lead := blankRun(s)
	body := s[lead:]
	if open := strings.IndexByte(body, '('); open > 0 {
		if shut := strings.IndexByte(body[open:], ')'); shut > 0 {
			name = trimBlanks(body[:open])
			t, ok = stampClock(body[open+1 : open+shut])
			at = lead + open + shut + 1
			// The heading ends there: a colon follows, or nothing.
			colon := at < len(s) && s[at] == ':'
			if ok && speakerName(name) && (colon || trimBlanks(s[at:]) == "") {
				if colon {
					at++
				}
				return name, t, at + blankRun(s[at:]), true
			}
		}
	}
	trimmed := trimBlanks(strings.TrimSuffix(trimBlanks(body), ":"))
	i := strings.LastIndexAny(trimmed, " \t")
	if i <= 0 {
		return "", NoTime, 0, false
	}
	name = trimBlanks(trimmed[:i])
	if t, ok = stampClock(trimmed[i+1:]); !ok || !speakerName(name) {
		return "", NoTime, 0, false
	}
	return name, t, len(s), true
}

// tabStamp reads a line of a table: "Name:\ttime\ttext", the name left out
// where the speaker goes on ("\t00:00:55\ttext"). It returns where the
// text (and its blanks) starts.
func tabStamp(s string) (name string, t Millis, at int, ok bool) {
	first := strings.IndexByte(s, '\t')
	if first < 0 {
		return "", NoTime, 0, false
	}
	second := strings.IndexByte(s[first+1:], '\t')
	if second < 0 {
		return "", NoTime, 0, false
	}
	second += first + 1
	name = trimBlanks(strings.TrimSuffix(trimBlanks(s[:first]), ":"))
	if t, ok = stampClock(s[first+1 : second]); !ok || name != "" && !speakerName(name) {
		return "", NoTime, 0, false
	}
	at = second + 1
	return name, t, at + blankRun(s[at:]), true
}

// speakerName reports whether s can be a speaker's name: one to four words
// shaped as names ("Michael Kennedy", "Speaker 1", "SPEAKER_01").
func speakerName(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 4 || notNames[strings.ToLower(s)] {
		return false
	}
	for k, w := range words {
		if !nameWord(w, k > 0 && k == len(words)-1) {
			return false
		}
	}
	return true
}

func sniffStamped(text string) int {
	const maxLines = 40
	lines, brackets, headings, firstStamp := 0, 0, 0, -1
	pending := false // a heading whose text is to come on the lines below
	for text != "" && lines < maxLines {
		var l string
		l, text = cutLine(text)
		if isBlank(l) {
			continue
		}
		lines++
		_, _, _, b := bracketStamp(l)
		_, _, at, h := headingStamp(l)
		if _, _, _, tab := tabStamp(l); tab {
			b = true
		}
		if b {
			brackets++
		}
		// A heading counts once its text comes: a list of chapters
		// ("Intro 0:00", "Setup 2:30") is no run of headings.
		switch {
		case h && at < len(l):
			headings++
			pending = false
		case h:
			pending = true
		case pending && !b:
			headings++
			pending = false
		default:
			pending = false
		}
		if (b || h) && firstStamp < 0 {
			firstStamp = lines
		}
	}
	switch {
	case firstStamp < 0 || firstStamp > 5:
		return 0
	case brackets >= 3 && brackets*2 >= lines:
		return 75
	case headings >= 3 && headings*5 >= lines && brackets == 0:
		return 75
	}
	return 0
}

func readStamped(in *input) *Episode {
	ep := NewEpisode()
	ls := in.lines()
	var spans []span
	var (
		open     bool
		seg      Segment
		cur      span
		text     lineText
		previous = NoTime
	)
	flush := func() {
		if open {
			seg.Text = text.String()
			ep.addSpan(&spans, seg, cur)
			open = false
		}
	}
	begin := func(l line, t, end Millis, speaker string) {
		flush()
		inOrder(in, l.no, t, &previous)
		seg = Segment{Start: t, End: end, Speaker: speaker, Line: l.no}
		cur = span{off: l.off, end: l.end, toff: l.end, tend: l.end}
		text.reset()
		open = true
	}
	for {
		l, ok := ls.nextText()
		if !ok {
			break
		}
		if t, end, at, ok := bracketStamp(l.text); ok {
			speaker := ""
			if name, x, ok := speakerLabel(l.text[at:]); ok {
				speaker, at = name, at+x
			}
			begin(l, t, end, speaker)
			text.add(&cur, l.off+at, l.text[at:])
			continue
		}
		if name, t, at, ok := tabStamp(l.text); ok {
			if name == "" {
				name = seg.Speaker // the speaker goes on
			}
			begin(l, t, NoTime, name)
			text.add(&cur, l.off+at, l.text[at:])
			continue
		}
		if name, t, at, ok := headingStamp(l.text); ok {
			begin(l, t, NoTime, name)
			text.add(&cur, l.off+at, l.text[at:])
			continue
		}
		if open {
			lead := blankRun(l.text)
			text.add(&cur, l.off+lead, l.text[lead:])
		}
	}
	flush()
	if len(spans) == 0 {
		in.add(1, "no time stamp")
	}
	ep.attach(Stamped, in, spans, nil)
	return ep
}
