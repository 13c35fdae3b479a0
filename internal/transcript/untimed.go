package transcript

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Untimed text: a transcript without times, such as ASR output or a
// transcript pasted from a document. The first line may name the episode:
// "Transcript: Title", "# Title", "Title - Transcript" (or " | ", " – ",
// " — ") or a bare "Transcript" heading; it becomes Episode.Title, not a
// segment.
//
// Each paragraph (lines up to a blank line) is one segment, its lines
// joined with single spaces: a hard-wrapped paragraph, a long run-on block
// and a run of one-word lines (ASR output a word a line) all read as one
// searchable, correctable text, whose phrases do not break at line ends.
// Start and End are NoTime.
//
// Paragraphs may open with a speaker label, "Name: text". Labels are taken
// as speakers only when the file looks labelled: the first paragraph has
// one, or some name labels two paragraphs or more. Then a paragraph without
// a label continues the speaker above it. A name is one to four
// capitalized words ("Sarah Chen", "Dr. Ann O'Neil", "Speaker 2"), and words
// such as "Note" or "Update" are never names.
//
// When a paragraph's text alone changes, it is rewritten in the layout it
// had: on one line, a word a line, or wrapped at its longest line's width.

// sniffText is the fallback: any text that no other reader wants, unless it
// is binary, mostly not UTF-8, or structured data: JSON (a speech
// recognition service's output, say) or markup. Read as paragraphs of
// text, their syntax would pass for speech, and be edited as such.
func sniffText(text string) int {
	body := strings.TrimLeft(strings.TrimPrefix(text, bom), " \t\r\n\f\v")
	if strings.IndexByte(text, 0) >= 0 || body == "" || structured(body) {
		return 0
	}
	if !utf8.ValidString(text) {
		invalid := 0
		for i := 0; i < len(text); {
			r, n := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && n == 1 {
				invalid++
			}
			i += n
		}
		if invalid*4 > utf8.RuneCountInString(text) {
			return 0
		}
	}
	return 10
}

// structured reports whether a text (from its first non-blank byte) opens
// a JSON object or array, or markup ("<html>", "<?xml", "<!DOCTYPE"): not
// "[Music] Hello".
func structured(body string) bool {
	switch body[0] {
	case '{':
		rest := strings.TrimLeft(body[1:], " \t\r\n")
		return rest == "" || rest[0] == '"' || rest[0] == '}'
	case '[':
		rest := strings.TrimLeft(body[1:], " \t\r\n")
		return rest == "" || strings.IndexByte("{[\"]", rest[0]) >= 0
	case '<':
		return len(body) > 1 && (body[1] == '?' || body[1] == '!' || 'a' <= body[1] && body[1] <= 'z' || 'A' <= body[1] && body[1] <= 'Z')
	}
	return false
}

// paragraph is a block of non-blank lines of an untimed text.
type paragraph struct {
	line      int    // its first line
	off, end  int    // its bytes, without the blanks around them
	label     string // the speaker label that opens it, or ""
	labelText int    // where the text after the label starts
}

func readText(in *input) *Episode {
	ep := NewEpisode()
	ls := in.lines()
	var paras []paragraph
	var timed line // the first line that starts with a time
	titled := false
	for {
		l, ok := ls.nextText()
		if !ok {
			break
		}
		if !titled {
			titled = true
			next, ok := ls.peek()
			alone := !ok || isBlank(next.text)
			if title, ok := titleLine(l.text, alone); ok {
				ep.Title = strings.ToValidUTF8(title, "\uFFFD")
				continue
			}
		}
		// A paragraph: this line and the non-blank lines below it.
		lead := len(l.text) - len(strings.TrimLeft(l.text, " \t\f\v"))
		p := paragraph{line: l.no, off: l.off + lead}
		last := l
		for {
			if timed.no == 0 && looksTimed(last.text) {
				timed = last
			}
			n, ok := ls.peek()
			if !ok || isBlank(n.text) {
				break
			}
			ls.next()
			last = n
		}
		p.end = last.off + len(strings.TrimRight(last.text, " \t\f\v\r"))
		if name, at, ok := speakerLabel(l.text[lead:]); ok && p.end > p.off+at {
			p.label, p.labelText = name, p.off+at
		}
		paras = append(paras, p)
	}
	if timed.no > 0 {
		in.add(timed.no, "read as untimed text, but this line starts with a time: %q", clip(timed.text))
	}
	if len(paras) == 0 && ep.Title == "" {
		in.add(1, "no text")
	}

	labelled := labelledSpeakers(paras)
	var spans []span
	speaker := ""
	for _, p := range paras {
		toff := p.off
		if labelled && p.label != "" {
			speaker, toff = p.label, p.labelText
		}
		seg := Segment{Start: NoTime, End: NoTime, Speaker: speaker, Line: p.line}
		seg.Text = joinTextLines(in.text[toff:p.end], " ")
		ep.addSpan(&spans, seg, span{off: p.off, end: p.end, toff: toff, tend: p.end})
	}
	ep.attach(Text, in, spans, nil)
	return ep
}

// titleLine returns the title named by the first line of an untimed text.
// alone tells whether the line is a paragraph of its own, which the forms
// that end with "Transcript" require.
func titleLine(s string, alone bool) (string, bool) {
	s = trimBlanks(s)
	const word = "transcript"
	if len(s) > len(word) && strings.EqualFold(s[:len(word)], word) && s[len(word)] == ':' {
		return trimBlanks(s[len(word)+1:]), true
	}
	if len(s) > 2 && s[0] == '#' && (s[1] == ' ' || s[1] == '\t') {
		return trimBlanks(s[2:]), true
	}
	if !alone || len(s) < len(word) || !strings.EqualFold(s[len(s)-len(word):], word) {
		return "", false
	}
	rest := trimBlanks(s[:len(s)-len(word)])
	if rest == "" {
		return "", true // a bare "Transcript" heading
	}
	for _, sep := range []string{" -", " |", " –", " —", ":"} {
		if t, ok := strings.CutSuffix(rest, sep); ok {
			return trimBlanks(t), true
		}
	}
	return "", false
}

// notNames are words that open a paragraph like a speaker label ("Note:
// ...") but name no one.
var notNames = map[string]bool{
	"note": true, "notes": true, "nb": true, "update": true, "edit": true,
	"warning": true, "disclaimer": true, "transcript": true, "summary": true,
	"example": true, "ps": true, "p.s.": true, "links": true, "link": true,
	"source": true, "sources": true, "chapters": true, "topics": true,
	"title": true, "episode": true, "date": true, "guests": true,
}

// speakerLabel reads a "Name: " label at the start of a paragraph and
// returns the name and where the text after it starts.
func speakerLabel(s string) (name string, text int, ok bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 || i > 40 || i+1 >= len(s) || (s[i+1] != ' ' && s[i+1] != '\t') {
		return "", 0, false
	}
	name = s[:i]
	if notNames[strings.ToLower(name)] {
		return "", 0, false
	}
	words := strings.Split(name, " ")
	if len(words) > 4 {
		return "", 0, false
	}
	for k, w := range words {
		if !nameWord(w, k > 0 && k == len(words)-1) {
			return "", 0, false
		}
	}
	text = i + 1
	for text < len(s) && (s[text] == ' ' || s[text] == '\t') {
		text++
	}
	return name, text, text < len(s)
}

// nameWord reports whether w can be a word of a speaker's name: a
// capitalized word ("Chen", "O'Neil", "Dr.", "SPEAKER_01"), or, when it is
// the last word, a number ("Speaker 2").
func nameWord(w string, last bool) bool {
	if w == "" {
		return false
	}
	r, n := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		if !last {
			return false
		}
		for _, c := range w {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	for _, c := range w[n:] {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune(".'’-_", c) {
			return false
		}
	}
	return true
}

// labelledSpeakers reports whether the labels that open paragraphs are
// speakers: the first paragraph has one, or some name opens two paragraphs.
func labelledSpeakers(paras []paragraph) bool {
	if len(paras) == 0 {
		return false
	}
	if paras[0].label != "" {
		return true
	}
	seen := map[string]bool{}
	for _, p := range paras {
		if p.label == "" {
			continue
		}
		if seen[p.label] {
			return true
		}
		seen[p.label] = true
	}
	return false
}

// looksTimed reports whether a line starts with a clock time ("0:03",
// "00:04:10"), which an untimed text should not have.
func looksTimed(s string) bool {
	_, _, ok, _ := captionClock(trimBlanks(s))
	return ok
}

var textWriter = &writer{
	head: func(ep *Episode, nl string) string {
		if ep.Title == "" {
			return ""
		}
		h := "Transcript: " + oneLine(ep.Title) + nl
		if len(ep.Segments) > 0 {
			h += nl
		}
		return h
	},
	seg: func(b []byte, ep *Episode, i int, nl string) []byte {
		s := &ep.Segments[i]
		if s.Speaker != "" && (i == 0 || ep.Segments[i-1].Speaker != s.Speaker) {
			b = append(b, oneLine(s.Speaker)...)
			b = append(b, ": "...)
		}
		return append(b, oneLine(s.Text)...)
	},
	text: writeTextParagraph,
	gap:  "\n\n",
	tail: endWith(1),
}

// writeTextParagraph appends the new text of a paragraph read from an
// untimed text in the layout its text had there: one line, a word a line,
// or lines wrapped at the width of its longest line.
func writeTextParagraph(b []byte, ep *Episode, i int, nl string) []byte {
	s := &ep.Segments[i]
	if ep.src == nil || s.orig < 1 || s.orig > len(ep.src.spans) {
		return append(b, oneLine(s.Text)...)
	}
	sp := ep.src.spans[s.orig-1]
	old := ep.src.data[sp.toff:sp.tend]
	if strings.IndexByte(old, '\n') < 0 {
		return append(b, oneLine(s.Text)...)
	}
	// The paragraph's lines, from the start of its first line, so that
	// the width counts a speaker label and indentation.
	start := strings.LastIndexByte(ep.src.data[:sp.toff], '\n') + 1
	width, wordALine := 0, true
	for l := range strings.SplitSeq(ep.src.data[start:sp.tend], "\n") {
		l = strings.TrimRight(l, "\r")
		width = max(width, utf8.RuneCountInString(l))
		if strings.ContainsAny(trimBlanks(l), " \t") {
			wordALine = false
		}
	}
	col := utf8.RuneCountInString(ep.src.data[start:sp.toff])
	for k, w := range strings.Fields(s.Text) {
		n := utf8.RuneCountInString(w)
		switch {
		case k == 0:
		case wordALine || col+1+n > width:
			b = append(b, nl...)
			col = 0
		default:
			b = append(b, ' ')
			col++
		}
		b = append(b, w...)
		col += n
	}
	return b
}
