package transcript

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Format names a transcript format.
type Format string

// The formats emend reads. All but Captions, WebPage, Stamped and
// AssemblyAI can be written too.
const (
	VTT       Format = "vtt"      // WebVTT
	SRT       Format = "srt"      // SubRip
	TimedText Format = "txt"      // "HH:MM:SS text" lines separated by blank lines
	Captions  Format = "captions" // "m:ss text" lines copied from a caption panel
	WebPage   Format = "webpage"  // a copied transcript web page, "mm:ss text" paragraphs
	Stamped   Format = "stamped"  // a transcription tool's export: "[00:05] text", "Name (00:05):"
	Text      Format = "text"     // untimed text, with an optional "Transcript: Title" line
	JSON      Format = "json"     // Podcasting 2.0 JSON
	HTML      Format = "html"     // Podcasting 2.0 HTML
	// AssemblyAI is the JSON of the AssemblyAI service: sentences,
	// paragraphs or utterances.
	AssemblyAI Format = "assemblyai"
)

// codec is what emend knows of one format.
type codec struct {
	format Format
	desc   string
	// sniff returns how sure it is, from 0 (not this format) to 100, that
	// the text is in this format. It looks at no more than it needs.
	sniff func(text string) int
	read  func(in *input) *Episode
	write *writer // nil when emend does not write the format
}

// codecs lists every format, in the order detection breaks ties.
var codecs = []*codec{
	{VTT, "WebVTT", sniffVTT, readVTT, vttWriter},
	{SRT, "SubRip (SRT)", sniffSRT, readSRT, srtWriter},
	{JSON, "Podcasting 2.0 JSON", sniffJSON, readJSON, jsonWriter},
	{HTML, "Podcasting 2.0 HTML", sniffHTML, readHTML, htmlWriter},
	{AssemblyAI, "AssemblyAI JSON", sniffAssemblyAI, readAssemblyAI, nil},
	{TimedText, "HH:MM:SS text lines", sniffTimedText, readTimedText, timedTextWriter},
	{WebPage, "copied transcript web page", sniffWebPage, readWebPage, nil},
	{Captions, "copied captions (m:ss text)", sniffCaptions, readCaptions, nil},
	{Stamped, "time-stamped export (Descript, Whisper, Rev, Otter, tables)", sniffStamped, readStamped, nil},
	{Text, "untimed text", sniffText, readText, textWriter},
}

func codecFor(f Format) *codec {
	for _, c := range codecs {
		if c.format == f {
			return c
		}
	}
	return nil
}

// Formats returns every format emend reads.
func Formats() []Format {
	out := make([]Format, len(codecs))
	for i, c := range codecs {
		out[i] = c.format
	}
	return out
}

// WritableFormats returns the formats emend can write.
func WritableFormats() []Format {
	var out []Format
	for _, c := range codecs {
		if c.write != nil {
			out = append(out, c.format)
		}
	}
	return out
}

// Writable reports whether emend writes a format.
func Writable(f Format) bool {
	c := codecFor(f)
	return c != nil && c.write != nil
}

// Describe returns a short human name for a format.
func (f Format) Describe() string {
	if c := codecFor(f); c != nil {
		return c.desc
	}
	return string(f)
}

// ParseFormat returns the format with the given name, accepting the usual
// file extensions as aliases.
func ParseFormat(name string) (Format, error) {
	n := strings.ToLower(strings.TrimPrefix(name, "."))
	switch n {
	case "webvtt":
		n = "vtt"
	case "subrip":
		n = "srt"
	case "htm":
		n = "html"
	case "plain", "untimed":
		n = "text"
	}
	if c := codecFor(Format(n)); c != nil {
		return c.format, nil
	}
	return "", fmt.Errorf("unknown format %q", name)
}

const bom = "\ufeff"

// sniffWindow is how much of a file detection looks at.
const sniffWindow = 64 << 10

// Detect returns the format of a transcript, judged from its content.
func Detect(data []byte) (Format, error) {
	text := string(data[:min(len(data), sniffWindow)])
	return detect(lineEndsLF(text))
}

// lineEndsLF returns a text whose lines end in a carriage return alone (as
// on the Macs of old: some early Talk Python transcripts) with line feeds
// instead, byte for byte; any other text as it is.
func lineEndsLF(text string) string {
	if crOnly(text) {
		return strings.ReplaceAll(text, "\r", "\n")
	}
	return text
}

// crOnly reports whether a text's lines end in a carriage return alone.
func crOnly(text string) bool {
	return strings.IndexByte(text, '\r') >= 0 && strings.IndexByte(text, '\n') < 0
}

func detect(text string) (Format, error) {
	if strings.IndexByte(text, 0) >= 0 {
		return "", fmt.Errorf("binary data, not a transcript")
	}
	text = strings.TrimPrefix(text, bom)
	if strings.TrimSpace(text) == "" {
		return "", fmt.Errorf("empty file")
	}
	best, bestScore := Format(""), 0
	for _, c := range codecs {
		if s := c.sniff(text); s > bestScore {
			best, bestScore = c.format, s
			if s >= 100 {
				break // certain: a WebVTT header
			}
		}
	}
	if bestScore == 0 {
		return "", fmt.Errorf("not a transcript in any format emend reads")
	}
	return best, nil
}

// Read parses a transcript, detecting its format from its content. The
// name is used in error messages and to guess the episode's number and
// slug. On problems it returns an ErrorList together with the episode
// made of what it could read; on an unreadable file the episode is nil.
func Read(name string, data []byte) (*Episode, error) {
	text := string(data)
	f, err := detect(lineEndsLF(text[:min(len(text), sniffWindow)]))
	if err != nil {
		return nil, ErrorList{{File: name, Msg: err.Error()}}
	}
	return read(name, text, f)
}

// ReadAs parses a transcript in a given format.
func ReadAs(name string, data []byte, f Format) (*Episode, error) {
	return read(name, string(data), f)
}

// ReadFile reads and parses the transcript at path.
func ReadFile(path string) (*Episode, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Read(path, data)
}

func read(name, text string, f Format) (*Episode, error) {
	c := codecFor(f)
	if c == nil {
		return nil, fmt.Errorf("unknown format %q", f)
	}
	// A text whose lines end in carriage returns is read with line feeds
	// in their place (the same offsets); its source keeps its own bytes.
	orig, cr := text, crOnly(text)
	text = lineEndsLF(text)
	in := newInput(name, text)
	valid := utf8.ValidString(text)
	if !valid {
		line := 1 + strings.Count(text[:firstInvalidUTF8(text)], "\n")
		in.add(line, "invalid UTF-8")
	}
	ep := c.read(in)
	if ep == nil {
		ep = NewEpisode()
	}
	if cr && ep.src != nil {
		ep.src.data, ep.src.style.cr = orig, true
	}
	if !valid {
		ep.sanitize()
	}
	if ep.Format == "" {
		ep.Format = f
	}
	if name != "" {
		ep.Files = append(ep.Files, name)
		num, slug := ParseName(name)
		if ep.Number < 0 {
			ep.Number = num
		}
		if ep.Slug == "" {
			ep.Slug = slug
		}
	}
	return ep, in.err()
}

// sanitize replaces invalid UTF-8 in the episode's texts with U+FFFD, so
// that what emend writes is valid. The source spans learn the new texts too:
// a segment left alone is still copied as it was.
func (e *Episode) sanitize() {
	fix := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
	e.Title, e.Show, e.Slug = fix(e.Title), fix(e.Show), fix(e.Slug)
	for i := range e.Segments {
		s := &e.Segments[i]
		s.Text, s.Speaker = fix(s.Text), fix(s.Speaker)
		if e.src != nil && s.orig > 0 && s.orig <= len(e.src.spans) {
			sp := &e.src.spans[s.orig-1]
			sp.text, sp.speaker = s.Text, s.Speaker
		}
	}
}

func firstInvalidUTF8(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return len(s)
}

// ParseName guesses an episode's number and slug from a file name such as
// "transcripts/301-deploying-django.vtt" or "049_ Microsofts JIT.txt". The
// number is -1 when the name does not start with one.
func ParseName(path string) (number int, slug string) {
	base := filepath.Base(path)
	if ext := filepath.Ext(base); ext != "" && len(ext) <= 5 {
		base = base[:len(base)-len(ext)]
	}
	i := 0
	for i < len(base) && base[i] >= '0' && base[i] <= '9' && i < 7 {
		i++
	}
	if i == 0 || (i < len(base) && base[i] >= '0' && base[i] <= '9') {
		return -1, base
	}
	n := 0
	for _, c := range base[:i] {
		n = n*10 + int(c-'0')
	}
	slug = strings.TrimLeft(base[i:], "-_ .#")
	return n, slug
}

// input is a file being read: its name, its text and the problems found.
type input struct {
	problems
	text string
	// body is where the content starts, after a byte-order mark.
	body int
	crlf bool
}

func newInput(name, text string) *input {
	in := &input{problems: problems{file: name}, text: text}
	if strings.HasPrefix(text, bom) {
		in.body = len(bom)
	}
	if i := strings.IndexByte(text, '\n'); i > 0 && text[i-1] == '\r' {
		in.crlf = true
	}
	return in
}

// line is one line of input, without its line end.
type line struct {
	no       int // 1-based
	off, end int // the line's bytes, end excludes "\r\n" or "\n"
	next     int // where the following line starts
	text     string
}

// lines iterates over the lines of an input from its body on.
type lines struct {
	text string
	pos  int
	no   int
}

func (in *input) lines() *lines { return &lines{text: in.text, pos: in.body} }

// next returns the next line, or false at the end of the text.
func (ls *lines) next() (line, bool) {
	if ls.pos >= len(ls.text) {
		return line{}, false
	}
	off := ls.pos
	ls.no++
	i := strings.IndexByte(ls.text[off:], '\n')
	var end, next int
	if i < 0 {
		end, next = len(ls.text), len(ls.text)
	} else {
		end, next = off+i, off+i+1
	}
	ls.pos = next
	e := end
	if e > off && ls.text[e-1] == '\r' {
		e--
	}
	return line{no: ls.no, off: off, end: e, next: next, text: ls.text[off:e]}, true
}

// nextText returns the next line that is not blank, or false at the end
// of the text.
func (ls *lines) nextText() (line, bool) {
	for {
		l, ok := ls.next()
		if !ok || !isBlank(l.text) {
			return l, ok
		}
	}
}

// lineText gathers the text of a segment that runs over lines, as a reader
// meets them: each line trimmed of its trailing blanks, the lines joined by
// line feeds, and the segment's span stretched over them.
type lineText struct {
	first string          // the text while it has one line
	more  strings.Builder // the text once it has more
	n     int             // its lines
}

// add appends line s, which stands at off in the source, to the text and
// to the span sp. A line of blanks adds nothing.
func (t *lineText) add(sp *span, off int, s string) {
	s = strings.TrimRight(s, " \t\u00a0\u2028\u2029")
	if s == "" {
		return
	}
	if t.n == 0 {
		sp.toff = off
	}
	sp.end, sp.tend = off+len(s), off+len(s)
	switch t.n {
	case 0:
		t.first = s
	case 1:
		t.more.Reset()
		t.more.WriteString(t.first)
		fallthrough
	default:
		t.more.WriteByte('\n')
		t.more.WriteString(s)
	}
	t.n++
}

// String returns the text gathered.
func (t *lineText) String() string {
	if t.n > 1 {
		return t.more.String()
	}
	return t.first
}

// reset empties the text, for the next segment.
func (t *lineText) reset() { t.first, t.n = "", 0 }

// inOrder reports, at line no, a time t earlier than the one above,
// *previous, and makes t the one above.
func inOrder(in *input, no int, t Millis, previous *Millis) {
	if previous.Known() && t < *previous {
		in.add(no, "time %s goes back before %s, the time above",
			string(appendShortClock(nil, t, true)), string(appendShortClock(nil, *previous, true)))
	}
	*previous = t
}

// peek returns the next line without consuming it.
func (ls *lines) peek() (line, bool) {
	save, no := ls.pos, ls.no
	l, ok := ls.next()
	ls.pos, ls.no = save, no
	return l, ok
}

// isBlank reports whether a line holds only white space.
func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\f', '\v':
		default:
			return false
		}
	}
	return true
}

// trimBlanks removes spaces, tabs, no-break spaces and other blanks from
// both ends of s.
func trimBlanks(s string) string {
	for len(s) > 0 {
		switch {
		case s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\f' || s[0] == '\v':
			s = s[1:]
		case strings.HasPrefix(s, "\u00a0"):
			s = s[2:]
		case strings.HasPrefix(s, "\u2028") || strings.HasPrefix(s, "\u2029"):
			s = s[3:]
		default:
			goto end
		}
	}
end:
	for len(s) > 0 {
		switch c := s[len(s)-1]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			s = s[:len(s)-1]
		case strings.HasSuffix(s, "\u00a0"):
			s = s[:len(s)-2]
		case strings.HasSuffix(s, "\u2028") || strings.HasSuffix(s, "\u2029"):
			s = s[:len(s)-3]
		default:
			return s
		}
	}
	return s
}

// cutLine splits text after its first line, and returns that line
// without its line end.
func cutLine(text string) (line, rest string) {
	line, rest, _ = strings.Cut(text, "\n")
	return strings.TrimSuffix(line, "\r"), rest
}

// firstLines returns up to n non-blank lines from the start of text.
func firstLines(text string, n int) []string {
	var out []string
	for len(text) > 0 && len(out) < n {
		var l string
		l, text = cutLine(text)
		if !isBlank(l) {
			out = append(out, l)
		}
	}
	return out
}
