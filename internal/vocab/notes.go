package vocab

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/rules"
)

// Notes are the names an episode's show notes (Markdown) give.
type Notes struct {
	Title  string   // the first heading, or a "title:" front-matter line
	Terms  []string // link texts, bold/italic names, inline code, names from "Special guest(s):" lines, headings' names
	Guests []string // people named in "Special guest"/"Guest" lines
	// Mentions are weaker: names in the running text and in links'
	// addresses (see mentions.go), not already among Terms.
	Mentions []string
	// Words counts each word of the notes' text as written.
	Words map[string]int
}

// ParseNotes reads an episode's show notes in Markdown and picks out the
// names people say: products, projects, people and companies, as the notes
// spell them. Terms are distinct, in order of first appearance. Link
// texts and emphasised text that are URLs, handles, generic words ("here",
// "this article") or sentences give only the names inside them; "A and B"
// gives both; a trailing version gives the name with and without it
// ("Pydantic v2", "Pydantic"). Fenced code is skipped. The only error is
// text that is not UTF-8; ParseNotes never panics.
func ParseNotes(data []byte, name string) (*Notes, error) {
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte{'\n'})
		return nil, fmt.Errorf("%s:%d: not UTF-8 text", name, line)
	}
	p := &notesParser{n: &Notes{Words: map[string]int{}}, seen: map[string]bool{}, guestSeen: map[string]bool{}, mentioned: map[string]bool{}, words: map[string]int{}}
	p.words = p.n.Words
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.TrimPrefix(text, "\uFEFF")
	lines := strings.Split(text, "\n")
	i := p.frontMatter(lines)
	fence := ""
	guestList := false
	for ; i < len(lines); i++ {
		line := lines[i]
		trim := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trim, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~") {
			fence = trim[:3]
			continue
		}
		if trim == "" {
			continue
		}
		var spans []span
		if h, ok := heading(trim); ok {
			plain := render(h, 0, &spans)
			if p.n.Title == "" {
				p.n.Title = strings.TrimSpace(plain)
			}
			spans = append(spans, span{kindHeading, plain})
			p.spans(spans)
			guestList = false
			continue
		}
		item, isItem := listItem(trim)
		plain := strings.TrimSpace(render(item, 0, &spans))
		if guestList && isItem {
			p.guests(plain)
			p.spans(spans)
			continue
		}
		guestList = false
		if rest, ok := guestLine(plain); ok {
			if strings.TrimSpace(rest) == "" {
				guestList = true
			} else {
				p.guests(rest)
			}
			p.spans(spans)
			continue
		}
		if s, ok := sponsorLine(plain); ok {
			p.phrase(s)
		}
		p.spans(spans)
		p.mentions(line, plain)
	}
	p.dropMentioned()
	return p.n, nil
}

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

type notesParser struct {
	n         *Notes
	seen      map[string]bool
	guestSeen map[string]bool
	mentioned map[string]bool
	words     map[string]int
}

// dropMentioned leaves out of Mentions what Terms came to hold later.
func (p *notesParser) dropMentioned() {
	out := p.n.Mentions[:0]
	for _, m := range p.n.Mentions {
		if !p.seen[m] {
			out = append(out, m)
		}
	}
	p.n.Mentions = out
}

// frontMatter reads a "---" block at the top for its title and returns the
// first line after it.
func (p *notesParser) frontMatter(lines []string) int {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return 0
	}
	for i := 1; i < len(lines) && i < 200; i++ {
		l := strings.TrimSpace(lines[i])
		if l == "---" || l == "..." {
			for _, fl := range lines[1:i] {
				k, v, ok := strings.Cut(fl, ":")
				if ok && strings.EqualFold(strings.TrimSpace(k), "title") {
					v = strings.TrimSpace(v)
					if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
						v = v[1 : len(v)-1]
					}
					p.n.Title = v
					p.phrase(v)
				}
			}
			return i + 1
		}
	}
	return 0
}

func (p *notesParser) add(t string) {
	t = strings.Join(strings.Fields(t), " ")
	if t == "" || p.seen[t] || !acceptable(t) {
		return
	}
	p.seen[t] = true
	p.n.Terms = append(p.n.Terms, t)
}

// acceptable is the last check on a term: short, with letters, not a URL
// or handle, not a common word.
func acceptable(t string) bool {
	if len(t) > 80 || !hasTwoLetters(t) || strings.ContainsAny(t[:1], "-/~$") || strings.Contains(t, "=") || strings.ContainsAny(t, "@<>{}|\\()\"“”") || strings.Contains(t, "://") {
		return false
	}
	ws := rules.Words(t)
	if len(ws) == 0 {
		return false
	}
	if len(ws) == 1 {
		f := rules.Fold(ws[0])
		if notTerm(f) || isCommonWord(f) {
			return false
		}
	}
	return true
}

func (p *notesParser) spans(spans []span) {
	for _, s := range spans {
		switch s.kind {
		case kindCode:
			p.code(s.text)
		default:
			p.phrase(s.text)
		}
	}
}

// code takes an inline code span that is one name: "mureq-typed",
// "pyproject.toml", "inspect_wheel()"; not commands or expressions.
func (p *notesParser) code(s string) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "()")
	if s == "" || strings.ContainsAny(s, " \t=/$;:,'\"()[]*+!?<>{}|&%") || strings.HasPrefix(s, "-") || strings.HasPrefix(s, ".") {
		return
	}
	p.add(s)
}

// guests takes the people a "Special guest" line names.
func (p *notesParser) guests(s string) {
	for _, part := range splitNames(s) {
		part = cleanName(part)
		if i := strings.Index(part, " - "); i >= 0 {
			part = strings.TrimSpace(part[:i]) // "Steve Dower - @zooba"
		}
		part = strings.Join(strings.Fields(part), " ")
		if !personLike(part) {
			continue
		}
		p.add(part)
		if p.seen[part] && !p.guestSeen[part] {
			p.guestSeen[part] = true
			p.n.Guests = append(p.n.Guests, part)
		}
	}
}

// phrase takes the names in a link text, an emphasised span or a heading.
func (p *notesParser) phrase(s string) {
	s = cleanName(s)
	if s == "" || looksLikeURL(s) || strings.HasPrefix(s, "@") {
		return
	}
	if who, rest, ok := itemHeader(s); ok && who != "" {
		p.add(who)
		s = rest
	}
	for _, part := range splitNames(clauses(s)) {
		part = cleanName(part)
		if part == "" || looksLikeURL(part) || strings.Contains(part, "@") {
			continue
		}
		if boilerplate[strings.ToLower(part)] {
			continue
		}
		base, version := cutVersion(part)
		if nameLike(base) {
			if sayableVersion(version) {
				p.add(part)
			}
			p.add(base)
			continue
		}
		for _, t := range namesIn(part) {
			p.add(t)
		}
	}
}

// boilerplate are the bold and heading words of show notes that are not
// names.
var boilerplate = map[string]bool{
	"sponsored by": true, "sponsored by us": true, "connect with the hosts": true,
	"join us on youtube": true, "special guest": true, "special guests": true,
	"extras": true, "joke": true, "jokes": true, "show notes": true, "links": true,
	"quick links": true, "bonus": true, "other news": true, "follow up": true,
	"follow-up": true, "michael's extras": true, "brian's extras": true,
}

// itemHeader splits the header of a news item: "Michael #1: uv" gives
// "Michael" and "uv"; "#1 (Brian): Advanced plots" gives "Brian".
func itemHeader(s string) (who, rest string, ok bool) {
	if strings.HasPrefix(s, "#") {
		i := strings.Index(s, "(")
		j := strings.Index(s, ")")
		if i > 0 && j > i && isInteger(strings.TrimSpace(s[1:i])) {
			return strings.TrimSpace(s[i+1 : j]), strings.TrimLeft(s[j+1:], ": "), true
		}
		return "", s, false
	}
	if i := strings.Index(s, ": "); i > 0 && i < 40 && !strings.Contains(s[:i], "#") && personLike(s[:i]) {
		return s[:i], s[i+2:], true // "Michael: Upgrade to Python 3.12"
	}
	i := strings.Index(s, "#")
	if i <= 0 || i > 40 {
		return "", s, false
	}
	j := i + 1
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i+1 {
		return "", s, false
	}
	who = strings.TrimSpace(s[:i])
	if !personLike(who) {
		return "", s, false
	}
	return who, strings.TrimLeft(s[j:], ": "), true
}

// clauses marks the ends of a title's clauses ("PyPI Is Under Attack:
// Project Creation Suspended") with the separator splitNames uses, so that
// each is judged alone.
func clauses(s string) string {
	for _, sep := range []string{": ", " — ", " – ", " - ", ". ", "? ", "! ", " | "} {
		s = strings.ReplaceAll(s, sep, "\x00")
	}
	return s
}

// splitNames splits "A and B", "A, B or C", "A / B", "A vs. B"; not "&",
// which stands inside names ("Test & Code", "Weights & Biases").
func splitNames(s string) []string {
	for _, sep := range []string{" and ", ", ", "; ", " / ", " vs. ", " vs ", " or ", " + "} {
		s = strings.ReplaceAll(s, sep, "\x00")
	}
	return strings.Split(s, "\x00")
}

// cleanName trims blanks, quotes, brackets and trailing punctuation, a
// possessive, and a parenthesised aside.
func cleanName(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, " ("); i > 0 {
		if j := strings.LastIndex(s, ")"); j > i {
			s = strings.TrimSpace(s[:i] + s[j+1:])
		}
	}
	for {
		t := strings.Trim(s, " \t:;,.!?…*_~\"“”‘’«»()[]")
		t = strings.TrimPrefix(t, "'")
		t = strings.TrimSuffix(t, "'")
		if strings.HasSuffix(t, "'s") || strings.HasSuffix(t, "’s") {
			t = strings.TrimSuffix(strings.TrimSuffix(t, "'s"), "’s")
		}
		if t == s {
			return s
		}
		s = t
	}
}

func looksLikeURL(s string) bool {
	l := strings.ToLower(s)
	if strings.Contains(l, "://") || strings.HasPrefix(l, "www.") || strings.HasPrefix(l, "mailto:") {
		return true
	}
	// "pythonbytes.fm/connect": a dotted host with a path.
	if i := strings.Index(l, "/"); i > 0 && !strings.Contains(l[:i], " ") && strings.Contains(l[:i], ".") {
		return true
	}
	return false
}

// cutVersion splits a trailing version off a name: "Pydantic v2" gives
// "Pydantic" and "v2"; "Python 3.12" gives "Python" and "3.12".
func cutVersion(s string) (base, version string) {
	i := strings.LastIndexByte(s, ' ')
	if i <= 0 {
		return s, ""
	}
	last := s[i+1:]
	if !isVersion(last) {
		return s, ""
	}
	return strings.TrimSpace(s[:i]), last
}

func isVersion(w string) bool {
	w = strings.TrimPrefix(strings.TrimPrefix(w, "v"), "V")
	if w == "" || w[0] < '0' || w[0] > '9' {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= '0' && c <= '9' || c == '.' || c >= 'a' && c <= 'z' && i > 0) {
			return false
		}
	}
	return true
}

// sayableVersion reports whether a name keeps its version as a term:
// "Pydantic v2", "Python 3.12"; not "Python 3" (the number is not part of
// the name) nor "Python 3.14.0b2" (nobody says that).
func sayableVersion(v string) bool {
	if v == "" || isInteger(v) {
		return len(v) > 1 && (v[0] == 'v' || v[0] == 'V') && isInteger(v[1:])
	}
	if (v[0] == 'v' || v[0] == 'V') && isInteger(v[1:]) {
		return true
	}
	a, b, ok := strings.Cut(v, ".")
	return ok && isInteger(a) && isInteger(b)
}

func isInteger(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// smallWords are the words title case leaves in lower case, and that may
// stand inside a name ("Zen of Python", "Guido van Rossum").
var smallWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true, "for": true,
	"from": true, "in": true, "on": true, "to": true, "with": true, "by": true, "at": true,
	"vs": true, "is": true, "as": true,
}

// nameSmallWords are the small words that stand inside names ("Zen of
// Python", "Ruby on Rails", "Material for MkDocs"); "in", "with" and
// "from" make titles ("Asterisks in Python").
var nameSmallWords = map[string]bool{"of": true, "the": true, "and": true, "on": true, "for": true}

// nameLike reports whether a short text is a name as it stands: one word
// that is not common English ("uv", "Pydantic"), or up to four words that
// are capitalised or shaped like names, small words and particles allowed
// inside ("Hugging Face", "Guido van Rossum"), not starting with a common
// word nor made only of them: "My CLI World" and "Error Messages" are
// titles.
func nameLike(s string) bool {
	fs := strings.Fields(s)
	if len(fs) == 0 || len(fs) > 4 {
		return false
	}
	if len(fs) == 1 {
		ws := rules.Words(fs[0])
		if len(ws) == 0 || len(ws[0]) < len(fs[0])-1 {
			return tokenName(fs[0]) // "C++", "Jupyter+git": judge as a token
		}
		f := rules.Fold(ws[0])
		return hasTwoLetters(ws[0]) && !isCommonWord(f) && !notTerm(f) && !looksEnglish(ws[0])
	}
	if isCommonWord(rules.Fold(fs[0])) || len(fs) >= 3 && looksEnglish(fs[0]) {
		return false
	}
	common, content := 0, 0
	for i, f := range fs {
		if i > 0 && i < len(fs)-1 && (nameSmallWords[f] || particles[f] || f == "&") {
			continue
		}
		r, _ := utf8.DecodeRuneInString(f)
		if !(unicode.IsUpper(r) || unicode.IsDigit(r) || wordShape(f) >= shapeCapital) {
			return false
		}
		content++
		if isCommonWord(rules.Fold(f)) {
			common++
		}
	}
	return common < content
}

// tokenName judges a one-token text with symbols in it.
func tokenName(s string) bool {
	return hasTwoLetters(s) || strings.ContainsAny(s, "+#") && utf8.RuneCountInString(s) <= 4
}

// namesIn takes the names inside a phrase that is not one: words shaped
// like names ("SLSA", "GitHub", "mureq-typed"), and runs of capitalised
// words that are not common English ("courses at Talk Python Training"
// gives "Talk Python Training"; "Python Cheat Sheets from Trey Hunner"
// gives "Python" and "Trey Hunner").
func namesIn(s string) []string {
	ws := rules.Words(s)
	bounds := rules.WordBounds(s)
	caps, counted := 0, 0
	for _, w := range ws {
		if !smallWords[strings.ToLower(w)] {
			counted++
			if wordShape(w) >= shapeCapital {
				caps++
			}
		}
	}
	titleCase := counted >= 2 && caps == counted
	var out []string
	runStart, runEnd, runNames := -1, 0, 0
	flush := func() {
		if runStart >= 0 && runNames > 0 {
			out = append(out, s[runStart:runEnd])
		}
		runStart, runNames = -1, 0
	}
	for i, w := range ws {
		shape := wordShape(w)
		f := rules.Fold(w)
		name := !isCommonWord(f) && !notTerm(f) && hasTwoLetters(w) && !looksEnglish(w)
		switch shape {
		case shapeJoined:
			for _, part := range strings.FieldsFunc(w, isJoinerRune) {
				if hasTwoLetters(part) && !isCommonWord(part) {
					out = append(out, w)
					break
				}
			}
		case shapeCapital, shapeInner, shapeAcronym:
			// In a title every word is capitalised, so only names
			// count; in a sentence, capitalised common words may stand
			// in a run with a name ("Talk Python Training").
			if !name && (titleCase || i == 0 || notTerm(f) || !hasTwoLetters(w)) {
				break
			}
			if i == 0 && shape == shapeCapital && (len(ws) == 1 || wordShape(ws[1]) < shapeCapital) && !(name && possessive(s[bounds[i][1]:])) {
				break // a capitalised first word alone: "Working with ...", not "Hynek’s video"
			}
			if name {
				runNames++
			}
			if runStart >= 0 && onlyBlanks(s[runEnd:bounds[i][0]]) {
				runEnd = bounds[i][1]
				continue
			}
			if runStart >= 0 {
				flush()
				if name {
					runNames = 1
				}
			}
			runStart, runEnd = bounds[i][0], bounds[i][1]
			continue
		}
		flush()
	}
	flush()
	return out
}

// possessive reports whether the text after a word begins with a
// possessive "'s" (or "’s"): what follows a name.
func possessive(after string) bool {
	return strings.HasPrefix(after, "'s") || strings.HasPrefix(after, "’s")
}

// personLike reports whether s reads as a person's name: one to five
// words, capitalised (particles aside), letters only.
func personLike(s string) bool {
	fs := strings.Fields(s)
	if len(fs) == 0 || len(fs) > 5 {
		return false
	}
	for i, f := range fs {
		if i > 0 && particles[f] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(f)
		if !unicode.IsUpper(r) {
			return false
		}
		lowerSeen := false
		for _, c := range f {
			if unicode.IsLower(c) {
				lowerSeen = true
			}
			if !(unicode.IsLetter(c) || c == '-' || c == '\'' || c == '’' || c == '.') {
				return false
			}
		}
		if !lowerSeen && utf8.RuneCountInString(f) > 2 {
			return false // "GUEST_PROFILE", shouting
		}
	}
	f := rules.Fold(fs[0])
	return !isCommonWord(f) && !notTerm(f)
}

// guestLine recognises "Special guest: X", "Special guests:" and "Guest:
// X" and returns what follows the colon.
func guestLine(plain string) (rest string, ok bool) {
	l := strings.ToLower(plain)
	for _, pre := range []string{"special guests", "special guest", "guests", "guest"} {
		if !strings.HasPrefix(l, pre) {
			continue
		}
		after := strings.TrimLeft(plain[len(pre):], " *_")
		if after == "" {
			return "", pre != "guest" && pre != "guests"
		}
		if after[0] == ':' {
			return after[1:], true
		}
		return "", false
	}
	return "", false
}

// sponsorLine returns the sponsor a "Sponsored by X: ..." line names.
func sponsorLine(plain string) (string, bool) {
	const pre = "sponsored by "
	if len(plain) <= len(pre) || !strings.EqualFold(plain[:len(pre)], pre) {
		return "", false
	}
	s := plain[len(pre):]
	if i := strings.IndexAny(s, ":!"); i >= 0 {
		s = s[:i]
	}
	return s, true
}

// heading returns the text of an ATX heading line.
func heading(line string) (string, bool) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n < len(line) && line[n] != ' ' && line[n] != '\t' {
		return "", false
	}
	h := strings.TrimSpace(line[n:])
	h = strings.TrimSpace(strings.TrimRight(h, "#"))
	return h, true
}

// listItem strips a list marker: "- ", "* ", "+ ", "1. ".
func listItem(line string) (string, bool) {
	if len(line) >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && (line[1] == ' ' || line[1] == '\t') {
		return strings.TrimSpace(line[2:]), true
	}
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && line[i+1] == ' ' {
		return strings.TrimSpace(line[i+2:]), true
	}
	return line, false
}

// Inline Markdown.

const (
	kindLink = iota
	kindStrong
	kindEmphasis
	kindCode
	kindHeading
)

type span struct {
	kind int
	text string
}

// maxDepth bounds nested emphasis and links; maxScan bounds the search
// for a closing mark, so that hostile input stays linear enough.
const (
	maxDepth = 8
	maxScan  = 4096
)

// render returns the plain text of a line of inline Markdown and appends
// its links, emphasis and code spans to spans, with their plain text.
func render(s string, depth int, spans *[]span) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isPunct(s[i+1]):
			b.WriteByte(s[i+1])
			i += 2
			continue
		case c == '`':
			k := run(s, i, '`')
			if j := closeRun(s, i+k, '`', k); j >= 0 {
				code := strings.TrimSpace(s[i+k : j])
				*spans = append(*spans, span{kindCode, code})
				b.WriteString(code)
				i = j + k
				continue
			}
			b.WriteString(s[i : i+k])
			i += k
			continue
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			if end, _, ok := link(s, i+1); ok {
				i = end // an image: its alt text is not a name
				continue
			}
		case c == '[':
			if end, text, ok := link(s, i); ok && depth < maxDepth {
				plain := strings.TrimSpace(render(text, depth+1, spans))
				*spans = append(*spans, span{kindLink, plain})
				b.WriteString(plain)
				i = end
				continue
			}
		case c == '*' || c == '_':
			k := run(s, i, c)
			if k > 3 {
				b.WriteString(s[i : i+k])
				i += k
				continue
			}
			if opens(s, i, k, c) && depth < maxDepth {
				if j := closeEmphasis(s, i+k, c, k); j >= 0 {
					inner := render(s[i+k:j], depth+1, spans)
					kind := kindEmphasis
					if k >= 2 {
						kind = kindStrong
					}
					*spans = append(*spans, span{kind, strings.TrimSpace(inner)})
					b.WriteString(inner)
					i = j + k
					continue
				}
			}
			b.WriteString(s[i : i+k])
			i += k
			continue
		case c == '<':
			if j := strings.IndexByte(s[i:], '>'); j > 1 && j < 300 && !strings.ContainsAny(s[i+1:i+j], "< ") {
				i += j + 1 // an autolink or an HTML tag
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

func isPunct(c byte) bool {
	return c < utf8.RuneSelf && unicode.IsPunct(rune(c)) || c == '`' || c == '*' || c == '_'
}

// run counts the repeats of c at s[i:].
func run(s string, i int, c byte) int {
	k := 0
	for i+k < len(s) && s[i+k] == c {
		k++
	}
	return k
}

// closeRun finds a run of exactly k c's at or after i.
func closeRun(s string, i int, c byte, k int) int {
	for j := i; j < len(s) && j-i < maxScan; {
		if s[j] == c {
			n := run(s, j, c)
			if n == k {
				return j
			}
			j += n
			continue
		}
		j++
	}
	return -1
}

// opens reports whether k c's at i may open emphasis: followed by a
// non-blank, and for "_" not inside a word ("jinja_partials").
func opens(s string, i, k int, c byte) bool {
	if i+k >= len(s) || s[i+k] == ' ' || s[i+k] == '\t' {
		return false
	}
	if c == '_' && i > 0 && isAlnumBefore(s, i) {
		return false
	}
	return true
}

// closeEmphasis finds the closing run of k c's for emphasis opened before
// i: preceded by a non-blank, and for "_" not followed by a letter.
func closeEmphasis(s string, i int, c byte, k int) int {
	for j := i; j < len(s) && j-i < maxScan; {
		if s[j] == '`' { // code spans hide emphasis marks
			n := run(s, j, '`')
			if e := closeRun(s, j+n, '`', n); e >= 0 {
				j = e + n
				continue
			}
			j += n
			continue
		}
		if s[j] != c {
			j++
			continue
		}
		n := run(s, j, c)
		if n >= k && j > i && s[j-1] != ' ' && s[j-1] != '\t' {
			end := j + n
			if c != '_' || end >= len(s) || !isAlnumAt(s, end) {
				return j + n - k
			}
		}
		j += n
	}
	return -1
}

func isAlnumBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isAlnumAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// link parses "[text](url)" or "[text][ref]" at s[i] == '[' and returns
// the end and the text.
func link(s string, i int) (end int, text string, ok bool) {
	depth := 0
	j := i
	for ; j < len(s) && j-i < maxScan; j++ {
		switch s[j] {
		case '\\':
			j++
		case '[':
			depth++
		case ']':
			depth--
		}
		if depth == 0 {
			break
		}
	}
	if j >= len(s) || depth != 0 || s[j] != ']' {
		return 0, "", false
	}
	text = s[i+1 : j]
	k := j + 1
	if k < len(s) && s[k] == '(' {
		pd := 0
		for m := k; m < len(s) && m-k < maxScan; m++ {
			switch s[m] {
			case '(':
				pd++
			case ')':
				pd--
				if pd == 0 {
					return m + 1, text, true
				}
			}
		}
		return 0, "", false
	}
	if k < len(s) && s[k] == '[' {
		if m := strings.IndexByte(s[k:], ']'); m > 0 {
			return k + m + 1, text, true
		}
	}
	return 0, "", false
}

// TitleTerms returns the names in an episode title, as ParseNotes takes
// them from a heading: "Python Bytes 438" gives "Python Bytes"; "Pydantic
// v2 and the Rust core" gives "Pydantic v2", "Pydantic" and "Rust".
func TitleTerms(title string) []string {
	p := &notesParser{n: &Notes{}, seen: map[string]bool{}}
	var spans []span
	p.phrase(render(title, 0, &spans))
	p.spans(spans)
	return p.n.Terms
}
