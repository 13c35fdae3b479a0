package transcript

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A transcript web page copied as text: what a producer gets by selecting
// all on a podcast's transcript page and pasting it into a file.
//
//	Talk Python To Me - Python conversations for passionate developers
//	Episodes
//	#512: Typed Dataframes with Polars and Pandera Transcript
//	Recorded on Thursday, Jun 12, 2025.
//	00:00 The dataframe is the workhorse of Python data science, and yet
//	it keeps surprising us.
//
//	00:34 This is Talk Python To Me, episode 512.
//	...
//	1:00:02 After the first hour the time grows to h:mm:ss.
//	Back to show page
//	© 2025 Talk Python
//
// Page text comes first: a banner, navigation, the heading that gives the
// episode's number and title ("#512: Title Transcript", "Episode #512:
// Title - Transcript", "Transcript: #512 Title"), and the date it was
// recorded ("Recorded on Thursday, Jun 12, 2025.", "Recorded on June 12,
// 2025", or "Jun 12, 2025" alone). Then the transcript: paragraphs that
// start with their time ("mm:ss", "m:ss", "h:mm:ss"; the text after a space,
// a tab or a no-break space, or on the lines below a time that stands
// alone), running over the lines below until the next time. Blank lines may
// or may not separate paragraphs.
//
// Then page text again, which stays out of the segments. Where the
// transcript ends is decided line by line:
//   - a "Back to show page" link (or "Back to episode", ...) ends it, and
//     nothing after it is read;
//   - a footer line ("© 2025 Talk Python", "Copyright ...", "Privacy
//     policy", "All rights reserved") is page text wherever it stands;
//   - after a blank line, a short line (at most 8 words and 60 bytes) that
//     neither starts with a lower-case letter nor ends with sentence
//     punctuation ("Talk Python's Mastodon") is page text, unless it is a
//     note of what is heard ("[music]", "(laughter)"); any other line
//     continues the paragraph above.
//
// Once page text starts, every line up to the next time is page text. When
// a time does come, the page text in between is reported, as it may have
// been spoken text taken for page text. Segments have their time as Start
// and no End; speakers are not told on these pages. A line that starts
// with a clock that is no valid time ("00:75 ...") is reported and read as
// text, a time earlier than the one above is reported and kept, and so is
// a "Recorded on" line whose date cannot be read.
//
// The format is read only; each paragraph's span (from its time to the end
// of its text, the text region after the time and its blanks) is still
// recorded, for a writer to come.

// pageTimeAt describes the time that may start a line of a web page.
type pageTimeAt struct {
	t        Millis
	from, to int  // the time token, after any indentation
	at       int  // where the text after the time and its blanks starts
	ok       bool // the token is a valid time
	clock    bool // the token looks like a clock ("00:75"), valid or not
}

// pageTime reads the time at the start of a line: digits and colons, in
// one to three groups of which the first has up to three digits, the others
// one or two, followed by a blank, a no-break space or the end of the line.
// "12:30pm" and "2025:" are no times; "00:75" and "1:2" look like clocks
// but are not valid ones.
func pageTime(s string) pageTimeAt {
	var p pageTimeAt
	p.t = NoTime
	i := blankRun(s)
	p.from = i
	groups, digits := 1, 0
	j := i
	for ; j < len(s); j++ {
		c := s[j]
		if c >= '0' && c <= '9' {
			digits++
			if digits > 3 || (groups > 1 && digits > 2) {
				return p
			}
			continue
		}
		if c != ':' || digits == 0 || groups == 3 {
			break
		}
		groups++
		digits = 0
	}
	if groups < 2 || digits == 0 {
		return p
	}
	p.to = j
	n := blankRun(s[j:])
	if j < len(s) && n == 0 {
		return p
	}
	p.clock = true
	p.at = j + n
	p.t, p.ok = parseClock(s[p.from:p.to])
	return p
}

// blankRun returns the length of the spaces, tabs, no-break spaces and
// line separators (U+2028, which some editors put at a line's start) at the
// start of s.
func blankRun(s string) int {
	i := 0
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t':
			i++
		case strings.HasPrefix(s[i:], "\u00a0"):
			i += len("\u00a0")
		case strings.HasPrefix(s[i:], "\u2028") || strings.HasPrefix(s[i:], "\u2029"):
			i += len("\u2028")
		default:
			return i
		}
	}
	return i
}

// isFullClock reports whether a time token has the two-digit hour of the
// "HH:MM:SS text" files, which web pages do not use.
func isFullClock(tok string) bool { return len(tok) == 8 && tok[2] == ':' && tok[5] == ':' }

func sniffWebPage(text string) int {
	short, full := 0, 0 // paragraph starts, in page form and in HH:MM:SS form
	spaced := 0         // paragraph starts after a blank line
	marker := false
	blank := false
	for text != "" {
		var l string
		l, text = cutLine(text)
		if trimBlanks(l) == "" {
			blank = true
			continue
		}
		p := pageTime(l)
		switch {
		case p.ok && isFullClock(l[p.from:p.to]):
			full++
			if full >= 20 && short == 0 {
				return 0 // the "HH:MM:SS text" form, not a page
			}
		case p.ok:
			short++
			if blank {
				spaced++
			}
		default:
			if !marker {
				marker = isPageMarker(l)
			}
		}
		blank = false
	}
	if short == 0 || short <= full {
		return 0
	}
	if marker {
		return 85
	}
	// No marker, but paragraphs with blank lines between them: likely a
	// page of another site, or a page's transcript alone (the "m:ss text"
	// files of Talk Python's early episodes). Captions have no blank lines
	// between their lines.
	if short >= 3 && spaced*2 >= short {
		return 40
	}
	return 0
}

// isPageMarker reports whether a line is one only a transcript page has:
// a transcript heading with an episode number, a "Recorded on" line with a
// date, or a "Back to show page" link.
func isPageMarker(l string) bool {
	if isBackLink(l) {
		return true
	}
	if rest, ok := cutRecorded(l); ok {
		_, ok = parsePageDate(rest)
		return ok
	}
	if !strings.Contains(l, "ranscript") && !strings.Contains(l, "RANSCRIPT") {
		return false
	}
	_, _, ok := parsePageHeading(l)
	return ok
}

func readWebPage(in *input) *Episode {
	ep := NewEpisode()
	ls := in.lines()
	var spans []span

	var (
		started  bool // the first paragraph has begun
		open     bool // a paragraph is open
		cur      span // the open paragraph's span
		seg      Segment
		text     lineText // the open paragraph's text
		inPage   bool     // inside page text after the transcript began
		blank    bool     // a blank line came since the last text line
		skipped  line     // the first page text line since the last paragraph
		previous = NoTime
	)
	// Invalid bytes in the text become U+FFFD when read is done with the
	// episode (see sanitize).
	flush := func() {
		if !open {
			return
		}
		seg.Text = text.String()
		ep.addSpan(&spans, seg, cur)
		open = false
	}

	for {
		l, ok := ls.next()
		if !ok {
			break
		}
		if trimBlanks(l.text) == "" {
			blank = true
			continue
		}
		p := pageTime(l.text)
		if p.ok {
			flush()
			started = true
			if skipped.no > 0 {
				in.add(skipped.no, "page text inside the transcript, left out: %q", clip(skipped.text))
				skipped = line{}
			}
			inOrder(in, l.no, p.t, &previous)
			seg = Segment{Start: p.t, End: NoTime, Line: l.no}
			tokEnd := l.off + p.to
			cur, open = span{off: l.off + p.from, end: tokEnd, toff: tokEnd, tend: tokEnd}, true
			text.reset()
			text.add(&cur, l.off+p.at, l.text[p.at:])
			inPage, blank = false, false
			continue
		}
		if !started {
			readPageHeader(in, ep, l)
			continue
		}
		if isBackLink(l.text) {
			break
		}
		if inPage {
			continue
		}
		if isFooterLine(l.text) || (blank && text.n > 0 && looksLikePageText(l.text)) {
			flush()
			inPage = true
			skipped = l
			continue
		}
		if p.clock {
			in.add(l.no, "bad time %q, read as text", l.text[p.from:p.to])
		}
		lead := blankRun(l.text)
		text.add(&cur, l.off+lead, l.text[lead:])
		blank = false
	}
	flush()
	if !started {
		in.add(1, "no \"mm:ss text\" paragraph")
	}
	ep.attach(WebPage, in, spans, nil)
	return ep
}

// readPageHeader takes the episode's number, title and date from a line of
// page text above the transcript.
func readPageHeader(in *input, ep *Episode, l line) {
	if rest, ok := cutRecorded(l.text); ok {
		if d, ok := parsePageDate(rest); ok {
			ep.Date = d
		} else {
			in.add(l.no, "cannot read the date in %q", clip(trimBlanks(l.text)))
		}
		return
	}
	if ep.Date.IsZero() {
		if d, ok := parsePageDate(l.text); ok {
			ep.Date = d
			return
		}
		// "This is show number 18, recorded Thursday, July 1st 2015", as
		// the early Talk Python files open.
		if i := indexFold(l.text, ", recorded "); i >= 0 {
			if d, ok := parsePageDate(l.text[i+len(", recorded "):]); ok {
				ep.Date = d
				return
			}
		}
	}
	if ep.Number < 0 && ep.Title == "" {
		if n, title, ok := parsePageHeading(l.text); ok {
			ep.Number, ep.Title = n, strings.ToValidUTF8(title, "\ufffd")
		}
	}
}

// backLinks are the links that close a transcript page's transcript.
var backLinks = []string{
	"back to show page", "back to the show page", "back to show notes",
	"back to episode", "back to episode page", "back to the episode",
}

// footerLines are page text that may follow a transcript, wherever it
// stands.
var footerLines = []string{
	"back to top", "privacy policy", "terms of service", "terms of use",
	"all rights reserved",
}

// isBackLink reports whether a line is a link back to the episode's page.
func isBackLink(s string) bool { return isPhrase(s, backLinks) }

// isFooterLine reports whether a line is a known piece of a page footer.
func isFooterLine(s string) bool {
	s = trimBlanks(s)
	if strings.HasPrefix(s, "©") || hasPrefixFold(s, "copyright ") || hasPrefixFold(s, "(c) ") {
		return true
	}
	return isPhrase(s, footerLines)
}

// isPhrase reports whether s, without surrounding blanks and final
// punctuation or arrows, is one of the phrases, in any case.
func isPhrase(s string, phrases []string) bool {
	s = strings.TrimRight(trimBlanks(s), " .!→»>")
	s = strings.TrimLeft(s, " ←«<")
	s = trimBlanks(s)
	for _, p := range phrases {
		if strings.EqualFold(s, p) {
			return true
		}
	}
	return false
}

// looksLikePageText reports whether a line after a blank line looks like a
// link or label rather than spoken text: short, not starting in lower case,
// not ending a sentence or a clause.
func looksLikePageText(s string) bool {
	s = trimBlanks(s)
	if s == "" || len(s) > 60 || soundNote(s) {
		return false
	}
	if c := s[0]; c >= 'a' && c <= 'z' {
		return false
	}
	if strings.ContainsAny(s[len(s)-1:], ".?!,;:\"')…") || strings.HasSuffix(s, "…") ||
		strings.HasSuffix(s, "”") || strings.HasSuffix(s, "’") {
		return false
	}
	return len(strings.Fields(s)) <= 8
}

// soundNote reports whether a line is a note of what is heard, in
// brackets or parentheses: "[music]", "(laughter)". It belongs to the
// transcript, with the speech around it.
func soundNote(s string) bool {
	return len(s) >= 3 && (s[0] == '[' && s[len(s)-1] == ']' || s[0] == '(' && s[len(s)-1] == ')')
}

// indexFold returns where sub first stands in s, in any case, or -1.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if hasPrefixFold(s[i:], sub) {
			return i
		}
	}
	return -1
}

// hasPrefixFold reports whether s starts with prefix, in any case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// cutRecorded returns what follows "Recorded on" (or "Recorded:",
// "Recorded") at the start of a line.
func cutRecorded(s string) (string, bool) {
	s = trimBlanks(strings.TrimRight(s, "\r"))
	if !hasPrefixFold(s, "recorded") {
		return "", false
	}
	rest := s[len("recorded"):]
	n := blankRun(rest)
	switch {
	case hasPrefixFold(rest[n:], "on ") && n > 0:
		return trimBlanks(rest[n+len("on "):]), true
	case strings.HasPrefix(rest, ":"):
		return trimBlanks(rest[1:]), true
	case n > 0:
		return trimBlanks(rest), true
	}
	return "", false
}

// parsePageHeading reads a transcript heading: "#512: Title Transcript",
// "Episode #512: Title - Transcript", "Episode 512 - Title (Transcript)",
// "Transcript: #512 Title", "Transcript for #512: Title". The word
// "Transcript" and an episode number ("#" or "Episode" before it) must be
// there; the title may be empty.
func parsePageHeading(s string) (number int, title string, ok bool) {
	s = trimBlanks(s)
	const word = "transcript"
	const seps = " \t:|-–—(["
	switch {
	case hasPrefixFold(s, word) && len(s) > len(word) && strings.ContainsRune(seps, rune(s[len(word)])):
		s = strings.TrimLeft(s[len(word):], seps)
		for _, w := range []string{"for ", "of "} {
			if hasPrefixFold(s, w) {
				s = s[len(w):]
			}
		}
	default:
		t := strings.TrimRight(s, " \t)]")
		if len(t) <= len(word) || !strings.EqualFold(t[len(t)-len(word):], word) ||
			!strings.ContainsRune(seps, rune(t[len(t)-len(word)-1])) {
			return -1, "", false
		}
		s = strings.TrimRight(t[:len(t)-len(word)], seps)
	}
	s = trimBlanks(s)
	numbered := false
	for _, p := range []string{"episode", "ep.", "ep "} {
		if hasPrefixFold(s, p) {
			s, numbered = trimBlanks(s[len(p):]), true
			break
		}
	}
	if strings.HasPrefix(s, "#") {
		s, numbered = s[1:], true
	}
	i := 0
	for i < len(s) && i < 7 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if !numbered || i == 0 || i == 7 {
		return -1, "", false
	}
	if r, _ := utf8.DecodeRuneInString(s[i:]); i < len(s) && !strings.ContainsRune(" \t:.,-–—|\u00a0", r) {
		return -1, "", false
	}
	number, _ = strconv.Atoi(s[:i])
	title = strings.TrimLeft(s[i:], " \t:.,-–—|\u00a0")
	return number, trimBlanks(title), true
}

var monthNames = [...]string{
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
}

var weekdayNames = [...]string{
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}

// parsePageDate reads a date as pages write it: "Thursday, Jun 12, 2025",
// "June 12th, 2025", "12 June 2025" or "2025-06-12", with an optional final
// period; what follows the year's sentence (". Published ...") or " at "
// is ignored.
func parsePageDate(s string) (time.Time, bool) {
	s = trimBlanks(strings.TrimRight(s, "\r"))
	for _, cut := range []string{" at ", " - "} {
		if i := strings.Index(s, cut); i >= 0 {
			s = s[:i]
		}
	}
	if i := yearStop(s); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimRight(s, ".")
	if d, err := time.Parse("2006-01-02", s); err == nil {
		return d, true
	}
	var f [4]string
	n := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\u00a0' }) {
		if n == len(f) {
			return time.Time{}, false
		}
		f[n] = w
		n++
	}
	words := f[:n]
	if n == 4 && nameIndex(words[0], weekdayNames[:]) >= 0 {
		words = words[1:]
	}
	if len(words) != 3 {
		return time.Time{}, false
	}
	m := nameIndex(words[0], monthNames[:])
	day := words[1]
	if m < 0 {
		m, day = nameIndex(words[1], monthNames[:]), words[0]
	}
	d, dok := dayOfMonth(day)
	y, err := strconv.Atoi(words[2])
	if m < 0 || !dok || err != nil || len(words[2]) != 4 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m+1), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false // such as February 30
	}
	return t, true
}

// yearStop returns where a sentence ends right after a year, "2025. ", or
// -1.
func yearStop(s string) int {
	for i := 0; ; {
		j := strings.Index(s[i:], ". ")
		if j < 0 {
			return -1
		}
		i += j
		if i >= 4 && strings.Trim(s[i-4:i], "0123456789") == "" {
			return i
		}
		i++
	}
}

// nameIndex returns the index of the name that w spells in full or
// abbreviates to three letters or more ("Jun", "Sept.", "Thu"), or -1.
func nameIndex(w string, names []string) int {
	w = strings.ToLower(strings.TrimRight(w, "."))
	if len(w) < 3 {
		return -1
	}
	for i, name := range names {
		if strings.HasPrefix(name, w) {
			return i
		}
	}
	return -1
}

// dayOfMonth reads "12", "12th", "1st", "2nd", "3rd".
func dayOfMonth(w string) (int, bool) {
	for _, suffix := range []string{"st", "nd", "rd", "th"} {
		if len(w) > 2 && strings.HasSuffix(strings.ToLower(w), suffix) {
			w = w[:len(w)-2]
			break
		}
	}
	if len(w) > 2 {
		return 0, false
	}
	d, err := strconv.Atoi(w)
	return d, err == nil && d >= 1 && d <= 31
}
