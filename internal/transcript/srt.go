package transcript

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SubRip (SRT), read leniently: cues made of a number line, a timing line
// "00:00:01,000 --> 00:00:04,000" and payload lines, separated by blank
// lines. The reader accepts cue numbers that are missing, wrong or out of
// order; '.' as well as ',' before the milliseconds and times without hours;
// position coordinates ("X1:100 X2:600 ...") after the end time; a
// byte-order mark and CRLF line ends; any number of blank or white-space-only
// lines between cues, and none at all before a cue that starts with its
// number and timing lines; basic tags (<i>, <b>, <u>, <font ...>) and
// character references in payloads; and "Name: " speaker prefixes (see
// srtSpeakerPrefix for when a prefix counts as a speaker).

func sniffSRT(text string) int {
	var first, second string
	found := false
	for text != "" {
		var l string
		l, text = cutLine(text)
		if !found {
			if isBlank(l) {
				continue
			}
			first, found = l, true
			continue
		}
		second = l
		break
	}
	if !found {
		return 0
	}
	if isCueNumber(first) && strings.Contains(second, "-->") {
		return 90
	}
	if _, _, ok := parseTiming(first); ok {
		// A file that starts with its first timing line: SRT when the
		// milliseconds follow a comma; with '.' it may be a WebVTT file
		// that lost its header, which the SRT reader reads as well.
		if strings.IndexByte(first[:strings.Index(first, "-->")], ',') >= 0 {
			return 90
		}
		return 50
	}
	return 0
}

// isCueNumber reports whether a line holds a cue number: digits, perhaps
// with blanks around them.
func isCueNumber(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 10 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isTimingLine reports whether a line is meant as a cue timing line; it may
// still fail to parse.
func isTimingLine(s string) bool { return strings.Contains(s, "-->") }

// srtCueAhead reports whether the next lines start a cue: a timing line, or
// a cue number followed by a timing line. It consumes nothing.
func srtCueAhead(ls *lines) bool {
	save, no := ls.pos, ls.no
	defer func() { ls.pos, ls.no = save, no }()
	l, ok := ls.next()
	if !ok {
		return false
	}
	if isTimingLine(l.text) {
		return true
	}
	if !isCueNumber(l.text) {
		return false
	}
	t, ok := ls.next()
	return ok && isTimingLine(t.text)
}

// skipSRTBlock consumes the lines of a block the reader could not make a
// cue of, up to a blank line or the start of the next cue.
func skipSRTBlock(ls *lines) {
	for {
		l, ok := ls.peek()
		if !ok || isBlank(l.text) || srtCueAhead(ls) {
			return
		}
		ls.next()
	}
}

// srtCue is a cue read but not yet added to the episode: speakers are
// decided once the whole file is read.
type srtCue struct {
	seg Segment
	sp  span
	// name is the speaker a "Name: " prefix of the text would name, and
	// prefix the length of that prefix in seg.Text; rawPrefix tells whether
	// the payload starts with the same bytes, without tags or references.
	name      string
	prefix    int
	rawPrefix bool
}

// readSRT reads the cues of an SRT file. A block it cannot make a cue of
// is reported and skipped up to the next blank line or cue.
func readSRT(in *input) *Episode {
	ep := NewEpisode()
	ls := in.lines()
	cues := make([]srtCue, 0, strings.Count(in.text, "-->"))
	// read has reported invalid UTF-8; texts get U+FFFD in its place, so
	// that whatever they are written to is valid.
	valid := utf8.ValidString(in.text)
	for {
		l, ok := ls.nextText()
		if !ok {
			break
		}
		first, timing := l, l
		if !isTimingLine(l.text) {
			p, ok := ls.peek()
			switch {
			case ok && isTimingLine(p.text):
				// l is the cue number, whatever it says.
				ls.next()
				timing = p
			case isCueNumber(l.text) && (!ok || isBlank(p.text) || srtCueAhead(ls)):
				in.add(l.no, "cue number %s without a timing line", strings.TrimSpace(l.text))
				continue
			case isCueNumber(l.text):
				in.add(p.no, "bad cue timing %q after cue number %s", clip(p.text), strings.TrimSpace(l.text))
				skipSRTBlock(ls)
				continue
			default:
				in.add(l.no, "text outside a cue: %q", clip(l.text))
				skipSRTBlock(ls)
				continue
			}
		}
		start, end, ok := parseTiming(timing.text)
		if !ok {
			in.add(timing.no, "bad cue timing %q", clip(timing.text))
			skipSRTBlock(ls)
			continue
		}
		// The payload runs to a blank line, or to the start of the next
		// cue when the blank line is missing.
		last := timing
		for {
			p, ok := ls.peek()
			if !ok || isBlank(p.text) || srtCueAhead(ls) {
				break
			}
			ls.next()
			last = p
		}
		c := srtCue{
			seg: Segment{Start: start, End: end, Line: first.no},
			sp:  span{off: first.off, end: last.end, toff: timing.next, tend: last.end},
		}
		if last.no == timing.no {
			// No payload: there is no place for new text to go, so a
			// changed text regenerates the cue.
			c.sp.tend = c.sp.toff - 1
		} else {
			raw := in.text[c.sp.toff:c.sp.tend]
			c.seg.Text, _, _ = cueText(raw)
			if !valid {
				c.seg.Text = strings.ToValidUTF8(c.seg.Text, "\uFFFD")
			}
			c.name, c.prefix = srtSpeakerPrefix(c.seg.Text)
			c.rawPrefix = c.name != "" && strings.HasPrefix(raw, c.seg.Text[:c.prefix])
		}
		cues = append(cues, c)
	}
	spans := make([]span, 0, len(cues))
	ep.Segments = make([]Segment, 0, len(cues))
	addSRTCues(ep, &spans, cues)
	// New cues get the separator of the first two, when it is blank lines.
	ep.attach(SRT, in, spans, func(g string) bool { return onlyLineEnds(g) && strings.Count(g, "\n") >= 2 })
	return ep
}

// addSRTCues decides which "Name: " prefixes name speakers, takes them out
// of the texts, and adds the cues to the episode. A speaker carries forward
// to the cues after it until another is named.
func addSRTCues(ep *Episode, spans *[]span, cues []srtCue) {
	var counts map[string]int
	for i := range cues {
		if n := cues[i].name; n != "" {
			if counts == nil {
				counts = make(map[string]int)
			}
			counts[n]++
		}
	}
	speaker := ""
	for i := range cues {
		c := &cues[i]
		if c.name != "" && (counts[c.name] >= 2 || strings.IndexByte(c.name, ' ') > 0 || isCapitalsName(c.name)) {
			speaker = c.name
			c.seg.Text = c.seg.Text[c.prefix:]
			if c.rawPrefix {
				// New text goes after the prefix, which stays.
				c.sp.toff += c.prefix
			} else {
				// The prefix sits among tags: regenerate the cue.
				c.sp.tend = c.sp.toff - 1
			}
		}
		c.seg.Speaker = speaker
		ep.addSpan(spans, c.seg, c.sp)
	}
}

// srtSpeakerPrefix returns the name in a "Name: " prefix at the start of a
// cue's text, and the length of the prefix with the blanks after the colon,
// or "" when the text does not start with something that may be a name.
//
// A name is 1 to 3 words and at most 30 bytes: the first word starts with a
// capital letter, the others with a capital letter or a digit ("Speaker 2")
// or are name particles ("Guido van Rossum"); words are made of letters,
// digits, and '.', '-' or an apostrophe after a letter or digit, the words
// ending with a letter, a digit or '.'. Text must follow the colon on its
// line.
// Label words that open sentences in running text ("Note:", "Update:",
// "Quick Question:") are never part of names.
//
// Such a prefix can still be a sentence ("Remember: ...") so the reader
// takes it as a speaker only when it looks most like a name: when the same
// prefix starts at least two cues of the file, as a speaker's name does in
// any conversation; when the name has two or three words ("Anna Lee"); or
// when it is written in capitals ("MICHAEL"), the caption convention. So a
// one-word name in mixed case, named once, stays part of the text.
func srtSpeakerPrefix(text string) (name string, n int) {
	colon := strings.IndexByte(text[:min(len(text), 31)], ':')
	if colon <= 0 {
		return "", 0
	}
	name = text[:colon]
	n = colon + 1
	if n >= len(text) || (text[n] != ' ' && text[n] != '\t') {
		return "", 0
	}
	for n < len(text) && (text[n] == ' ' || text[n] == '\t') {
		n++
	}
	if n >= len(text) || text[n] == '\n' || text[n] == '\r' {
		return "", 0
	}
	rest, words := name, 0
	for rest != "" {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		words++
		if words > 3 || !isNameWord(w, words == 1) {
			return "", 0
		}
	}
	if words == 0 || strings.HasSuffix(name, " ") {
		return "", 0
	}
	return name, n
}

// isNameWord reports whether w may be a word of a speaker's name, the
// first word when first is set.
func isNameWord(w string, first bool) bool {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case w == "":
		return false
	case unicode.IsUpper(r):
	case !first && (unicode.IsDigit(r) || isNameParticle(w)):
	default:
		return false
	}
	// Punctuation must follow a letter or digit: "Dr.", "O'Neil",
	// "Ruiz-Díaz", but not "--" or "A-".
	prevAlnum := false
	for _, r := range w {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			prevAlnum = true
		case r == '.' && prevAlnum:
			prevAlnum = false
		case (r == '-' || r == '\'' || r == '’') && prevAlnum:
			prevAlnum = false
		default:
			return false
		}
	}
	last, _ := utf8.DecodeLastRuneInString(w)
	return (prevAlnum || last == '.') && !isLabelWord(w)
}

// isNameParticle reports whether a lower-case word may stand inside a name.
func isNameParticle(w string) bool {
	switch w {
	case "van", "von", "de", "der", "den", "da", "das", "di", "do", "dos", "du", "del", "della", "la", "le", "bin", "al", "ter", "ten", "y":
		return true
	}
	return false
}

// isLabelWord reports whether a word is one that, followed by a colon,
// labels a sentence rather than names a speaker.
func isLabelWord(w string) bool {
	switch strings.ToLower(strings.TrimRight(w, ".")) {
	case "note", "notes", "nb", "ps", "update", "edit", "edited", "warning", "caution", "important",
		"example", "question", "answer", "tip", "hint", "step", "part", "chapter", "episode", "season",
		"summary", "disclaimer", "correction", "reminder", "source", "sources", "link", "links",
		"reference", "fact", "spoiler", "bonus", "quote", "definition", "result", "output", "error",
		"info", "topic", "agenda", "today", "todo", "re", "fyi", "translation", "transcript", "news":
		return true
	}
	return false
}

// isCapitalsName reports whether a name is written in capitals, with at
// least two letters.
func isCapitalsName(name string) bool {
	letters := 0
	for _, r := range name {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

var srtWriter = &writer{
	head: func(*Episode, string) string { return "" },
	seg:  writeSRTCue,
	text: appendCueText,
	gap:  "\n\n",
	tail: endWith(1),
}

// writeSRTCue appends a whole cue. A cue read from an SRT file keeps its
// number line (or its lack of one) and its position coordinates; a new cue
// is numbered by its place in the episode. The speaker prefix opens each
// turn, and stays on a cue that had one in the source.
func writeSRTCue(b []byte, ep *Episode, i int, nl string) []byte {
	s := &ep.Segments[i]
	number, coords, hadPrefix, read := srtCueExtras(ep, s)
	if !read {
		number = strconv.Itoa(i + 1)
	}
	b = appendCueHead(b, number, inferredStart(ep, i), inferredEnd(ep, i), ',', coords, nl)
	if s.Speaker != "" && (hadPrefix || i == 0 || ep.Segments[i-1].Speaker != s.Speaker) {
		b = escapeCueText(b, oneLine(s.Speaker), nl)
		b = append(b, ": "...)
	}
	return escapeCueText(b, s.Text, nl)
}

// srtCueExtras returns, for a segment read from an SRT file, its cue's
// number line ("" when it had none), the position coordinates after its end
// time, and whether its payload opened with the speaker's name. read is
// false for a segment not read from an SRT file.
func srtCueExtras(ep *Episode, s *Segment) (number, coords string, hadPrefix, read bool) {
	if ep.src == nil || ep.src.format != SRT || s.orig < 1 || s.orig > len(ep.src.spans) {
		return "", "", false, false
	}
	sp := ep.src.spans[s.orig-1]
	cue := ep.src.data[sp.off:sp.end]
	l, rest := cutLine(cue)
	if !isTimingLine(l) {
		number = l
		l, rest = cutLine(rest)
	}
	if i := strings.Index(l, "-->"); i >= 0 {
		after := strings.TrimLeft(l[i+3:], " \t")
		if j := strings.IndexAny(after, " \t"); j >= 0 {
			coords = strings.TrimSpace(after[j:])
		}
	}
	if sp.speaker != "" && rest != "" {
		text, _, _ := cueText(rest)
		name, _ := srtSpeakerPrefix(text)
		hadPrefix = name == sp.speaker
	}
	return number, coords, hadPrefix, true
}
