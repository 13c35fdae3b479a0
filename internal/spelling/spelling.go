// Package spelling owns the show's spellings: the names a show already
// knows, from its producer's decisions (the spellings file), emend.toml
// (show names, hosts, handles, domains), rules' right sides, show notes
// and titles and the starter vocabulary, and the places transcripts spell
// them otherwise — the same letters in another case, spacing,
// hyphenation, dots or joining ("Github", "fast API", "PEP8", "pip
// tools"). It finds those variants in transcript texts and returns the
// corrections as rules, guarded so that ordinary words in their ordinary
// sense ("a black box", "UV light"), sentence-initial capitals, and
// addresses, paths and code stay as typed. It does no file I/O: callers
// read the files and pass their contents.
package spelling

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/english"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/vocab"
)

// maxSpan is the most words a variant spans ("Talk Python To Me").
const maxSpan = 4

// EvidenceTimes is how often an episode must write a term in its canonical
// spelling, not at the start of a sentence, before a variant of it that is
// also an ordinary word is corrected there.
const EvidenceTimes = 3

// EvidenceRatio is how many times more often than the variant an episode
// must write the canonical spelling for that evidence to count: an
// episode about REST that says "the rest of" now and then has not decided
// that "rest" is REST.
const EvidenceRatio = 10

// Sources are what a spellings set is built from, most trusted first.
type Sources struct {
	Decisions []Decision     // the spellings file
	Config    []string       // emend.toml: show names, hosts, handles, domains
	Rules     []*rules.Rule  // their right sides
	Notes     []*vocab.Notes // show notes (their titles too)
	Titles    []string       // episode titles without notes
	Starter   bool           // emend's starter vocabulary
}

// Options are the show's style.
type Options struct {
	// LowercaseAtStart writes a lowercase brand ("uv", "pip") in lower
	// case at the start of a sentence too; by default a sentence-initial
	// "Uv" keeps its capital.
	LowercaseAtStart bool
}

// Set is a show's spellings.
type Set struct {
	voc     *vocab.Vocabulary
	alias   map[string]*vocab.Term // keys of decisions' variants
	aliases map[string]string      // variant text -> its canonical spelling
	keep    map[string]bool        // rejected spellings
	spoken  map[string]*vocab.Term // keys of trusted terms' spoken forms
	series  map[string]bool        // keys of acronyms naming a numbered series ("PEP 8")
	show    map[string]bool        // keys of the show's own names (emend.toml)
	opt     Options
}

// New builds a spellings set from its sources.
func New(src Sources, opt Options) *Set {
	s := &Set{voc: vocab.New(), alias: map[string]*vocab.Term{}, aliases: map[string]string{}, keep: map[string]bool{},
		spoken: map[string]*vocab.Term{}, series: map[string]bool{}, show: map[string]bool{}, opt: opt}
	for _, d := range src.Decisions {
		if d.Keep != "" {
			s.keep[d.Keep] = true
			continue
		}
		s.voc.Add(d.Canonical, vocab.FromUser, 0)
	}
	s.voc.AddAll(src.Config, vocab.FromUser)
	for _, c := range src.Config {
		s.show[vocab.Key(c)] = true
	}
	for _, n := range src.Notes {
		s.voc.AddNotes(n)
	}
	for _, t := range src.Titles {
		s.voc.AddAll(vocab.TitleTerms(t), vocab.FromTitle)
	}
	if src.Starter {
		s.voc.AddEntries(vocab.StarterEntries(), vocab.FromStarter)
	}
	// A rule's right side spells a term as one fix wanted it, often a
	// fragment or a sentence's first word ("Amy => to Me", "Asynch =>
	// Async", "Paslip => Pathlib"): it never overrides the producer's
	// decisions or the starter list, written from the projects' own
	// documentation.
	for _, right := range vocab.FromRuleSet(src.Rules) {
		if t := s.voc.Lookup(right); t != nil && t.Sources&(vocab.FromUser|vocab.FromStarter) != 0 {
			continue
		}
		s.voc.Add(right, vocab.FromRules, 0)
	}
	s.spokenForms()
	for _, d := range src.Decisions {
		for _, v := range d.Variants {
			t := s.voc.Lookup(d.Canonical)
			if t == nil {
				continue
			}
			s.aliases[v] = t.Text // decided: past the guards but rejections and addresses
			if vocab.Key(v) != vocab.Key(d.Canonical) {
				s.alias[vocab.Key(v)] = t
			}
		}
	}
	return s
}

// spokenForms indexes the ways the trusted terms with symbols are said
// (".NET" as "dot net", "C#" as "C sharp"), and notes the acronyms that
// the vocabulary numbers ("PEP" of "PEP 8").
func (s *Set) spokenForms() {
	for _, t := range s.voc.Terms() {
		if t.Sources&(vocab.FromUser|vocab.FromStarter) == 0 {
			continue
		}
		for _, f := range SpokenForms(t.Text) {
			k := vocab.Key(f)
			if s.voc.Lookup(k) == nil && s.spoken[k] == nil {
				s.spoken[k] = t
				s.alias[k] = t
			}
		}
		if name, num, ok := strings.Cut(t.Text, " "); ok && digits(num) && acronym(name) {
			if a := s.voc.Lookup(name); a != nil {
				s.series[vocab.Key(a.Text)] = true
			}
		}
	}
}

// SpokenForms returns the ways a term with symbols at its edges is said
// and transcribed as words: a leading dot as "dot" (".NET": "dot net",
// "dotnet"), a trailing "#" as "sharp" ("C#": "C sharp"), a trailing "++"
// as "plus plus". Underscores ("__init__" as "dunder init") and inner dots
// ("os.path") are not among them: the shows measured write those as words
// on purpose, and a dotted name said aloud is often an address.
func SpokenForms(term string) []string {
	switch {
	case strings.HasPrefix(term, ".") && lettersOnly(term[1:]):
		return []string{"dot " + term[1:], "dot" + term[1:]}
	case strings.HasSuffix(term, "#") && lettersOnly(term[:len(term)-1]):
		return []string{term[:len(term)-1] + " sharp"}
	case strings.HasSuffix(term, "++") && lettersOnly(term[:len(term)-2]):
		return []string{term[:len(term)-2] + " plus plus"}
	}
	return nil
}

func lettersOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) {
			return false
		}
	}
	return s != ""
}

// Len is the number of terms known.
func (s *Set) Len() int { return s.voc.Len() }

// Lookup returns the canonical spelling of text's term, or "".
func (s *Set) Lookup(text string) string {
	if t := s.term(vocab.Key(text)); t != nil {
		return t.Text
	}
	return ""
}

func (s *Set) term(key string) *vocab.Term {
	if t := s.alias[key]; t != nil {
		return t
	}
	t := s.voc.Lookup(key)
	if t == nil || len(key) < 2 {
		return nil
	}
	return t
}

// Occurrence is one place a text spells a term otherwise.
type Occurrence struct {
	Text       int // which text
	Start, End int // bytes of the variant in that text (End in text EndText)
	EndText    int
	Variant    string // the words as typed, joined by one blank
	Canonical  string
	// Why, when not empty, is the guard that keeps it as typed.
	Why string
	// prev and next are the words around it, in lower case.
	prev, next string
}

// Guards' reasons, as Occurrence.Why gives them.
const (
	WhyRejected = "rejected in the spellings file"
	WhyOrdinary = "an ordinary word, without evidence in the episode"
	WhyStart    = "a sentence-initial capital"
	WhyAddress  = "in an address, path or code"
	WhySplit    = "split where the canonical spelling has no break"
	WhyDecision = "an ordinary word or acronym: needs a decision in the spellings file"
	WhySpelled  = "spelled out letter by letter"
	WhySpoken   = "a term with symbols, from words without them"
	WhyNotes    = "from show notes or rules only, and ordinary words, code or a hyphen dropped"
)

type word struct {
	text, start, end int
	s                string
	key              string
	spaced           bool // only white space (or a text break) before it
	sentenceStart    bool
	glued            bool // glued to an address, path or code
	afterSlashDot    bool // after "slash" or "dot"
	beforeDot        bool // before "dot"
	beforeSlash      bool // before "slash"
	beforeNumber     bool // before a number written in digits ("pep 8")
	afterAt          bool // after "at" or "code", which a handle or a code follows
	command          bool // before a subcommand ("git commit")
}

// handleCue are the words after which a term joined into one word is a
// handle or a coupon code read out ("at talkpython", "the code
// talkpython, all one word").
var handleCue = map[string]bool{"at": true, "code": true, "coupon": true}

// subcommands are the words after which a tool's name in lower case is
// a command line read out.
var subcommands = map[string]bool{"commit": true, "push": true, "pull": true, "clone": true, "checkout": true, "init": true,
	"install": true, "run": true, "status": true, "diff": true, "log": true, "merge": true, "rebase": true, "stash": true,
	"branch": true, "fetch": true, "build": true, "compose": true, "exec": true}

// endsSentence reports whether the text between two words ends a sentence.
func endsSentence(sep string) bool {
	return strings.ContainsAny(sep, ".?!:") || strings.Contains(sep, "\n\n")
}

func onlySpace(s string) bool { return strings.TrimSpace(s) == "" }

// glued reports whether the word at s[i:j] is part of an address, a path,
// a handle or code: a "/", "@", ":", "\", "`", "=", "<" or ">" touches it,
// or it holds a dot followed by a letter with "www" or a known top-level
// domain around.
func glued(s string, i, j int) bool {
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); strings.ContainsRune("/@\\`=<>~$.", r) || r == ':' && i > 1 {
			return true
		}
	}
	if j < len(s) {
		r, _ := utf8.DecodeRuneInString(s[j:])
		if strings.ContainsRune("/@\\`=<>(", r) {
			return true
		}
		if r == ':' && j+1 < len(s) && s[j+1] == '/' {
			return true
		}
		if r == '.' && j+1 < len(s) && isLetter(s[j+1]) {
			return true // "numpy.org", a dotted name the tokenizer split
		}
	}
	return strings.HasPrefix(strings.ToLower(s[i:j]), "www.")
}

// digits reports whether s is a number written in digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// Find returns every place the texts (one episode's segments, in order)
// spell a known term otherwise, guarded ones with their reason. Spans of
// one to four words are looked up by the hash of their key, so the cost is
// linear in the text.
func (s *Set) Find(texts []string) []Occurrence { return s.find(texts, nil) }

func (s *Set) find(texts []string, notes *vocab.Notes) []Occurrence {
	ws := newWordWindow(texts)
	prev := "" // the word before, as written
	var out []Occurrence
	var keyBuf strings.Builder
	for i := 0; ws.has(i); ws.release(i) {
		best := -1
		var bestTerm *vocab.Term
		keyBuf.Reset()
		for n := 1; n <= maxSpan && ws.has(i+n-1); n++ {
			w := ws.at(i + n - 1)
			if n > 1 && !w.spaced {
				break
			}
			keyBuf.WriteString(w.key)
			if t := s.term(keyBuf.String()); t != nil {
				best, bestTerm = n, t
			}
		}
		if best < 0 {
			if o, ok := command(ws, i, prev); ok {
				out = append(out, o)
				prev = ws.at(i + 1).s
				i += 2
				continue
			}
			prev = ws.at(i).s
			i++
			continue
		}
		span := ws.span(i, i+best)
		variant := joinWords(span)
		if variant == bestTerm.Text {
			prev = span[best-1].s
			i += best
			continue
		}
		o := Occurrence{Text: span[0].text, Start: span[0].start, EndText: span[best-1].text, End: span[best-1].end, Variant: variant, Canonical: bestTerm.Text, prev: strings.ToLower(prev)}
		prev = span[best-1].s
		nextWord := "" // the word after, when only blanks separate them
		if ws.has(i + best) {
			o.next = strings.ToLower(ws.at(i + best).s)
			if ws.at(i + best).spaced {
				nextWord = ws.at(i + best).s
			}
		}
		o.Why = s.guard(span, variant, bestTerm, nextWord)
		if (o.Why == WhyOrdinary || o.Why == WhyDecision) && s.numbered(ws, i, best) {
			// "pep 8", "Pep 604": a numbered series' name with its
			// number, corrected with the number so that "a pep talk"
			// elsewhere in the episode stays.
			if best == 1 {
				best = 2
				num := ws.at(i + 1)
				o.EndText, o.End = num.text, num.end
				o.Variant = variant + " " + num.s
				o.Canonical = bestTerm.Text + " " + num.s
			}
			o.Why = ""
		}
		out = append(out, o)
		i += best
	}
	s.evidence(texts, out)
	s.notesEvidence(out, notes)
	gitEvidence(texts, notes, out)
	return out
}

// numbered reports whether the n words at ws[i:] are the name of a
// numbered series ("PEP") followed by a number in digits, or such a name
// and its number.
func (s *Set) numbered(ws *wordWindow, i, n int) bool {
	w := ws.at(i)
	if !w.beforeNumber || !s.series[w.key] || !ws.has(i+1) {
		return false
	}
	switch n {
	case 1:
		return true
	case 2:
		return digits(ws.at(i + 1).s)
	}
	return false
}

func joinWords(ws []word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.s
	}
	return strings.Join(parts, " ")
}

// guard returns why an occurrence stays as typed whatever the episode
// says, or "" — or WhyOrdinary, which evidence in the episode may lift.
func (s *Set) guard(span []word, variant string, t *vocab.Term, next string) string {
	if s.keep[variant] {
		return WhyRejected
	}
	for i, w := range span {
		if w.glued || i == 0 && w.afterSlashDot || i == len(span)-1 && (w.beforeDot || w.beforeSlash) {
			return WhyAddress
		}
		if s.spoken[vocab.Key(variant)] == nil && (w.afterSlashDot || w.beforeDot) {
			return WhyAddress // "github dot com", "slash talkpython"
		}
	}
	if s.spoken[vocab.Key(variant)] != nil {
		return "" // "dotnet", "C sharp": a spoken form of a trusted term
	}
	canon := t.Text
	if _, ok := s.aliases[variant]; ok {
		return ""
	}
	if span[0].afterAt && len(span) == 1 && strings.Contains(canon, " ") {
		return WhyAddress // "at talkpython": a handle read out
	}
	if symbolEdges(canon) || len(span) > 1 && dotJoins(canon) {
		return WhySpoken
	}
	if last := span[len(span)-1]; last.command && strings.ToLower(variant) == variant {
		return WhyAddress // "git commit", "docker run": a command as typed
	}
	if strings.ContainsAny(variant, "'’") != strings.ContainsAny(canon, "'’") {
		return WhySplit // "I'd" and "id"
	}
	if t.Sources&(vocab.FromUser|vocab.FromStarter) == 0 && (!nameLike(variant, canon) || strings.Contains(variant, "-") && !strings.Contains(canon, "-")) {
		return WhyNotes
	}
	if domain(variant) || domain(canon) {
		return WhyAddress
	}
	if spelledOut(variant) {
		return WhySpelled
	}
	if len(span) > 1 && !breaksAgree(span, canon) {
		return WhySplit
	}
	if span[0].sentenceStart && !s.opt.LowercaseAtStart && startCapitalOnly(variant, canon) {
		return WhyStart
	}
	if shouted(variant, t) || capitalName(span, variant, t, next) || s.showTitle(variant, t) {
		return ""
	}
	if needsDecision(variant, t) {
		return WhyDecision
	}
	if ordinary(variant, t) {
		return WhyOrdinary
	}
	return ""
}

// nameLike reports whether a term only show notes or titles give is a
// name worth correcting to: notes are casual, their inline code and
// headings hold ordinary words ("open-source", "Metadata", "Didn’t") and
// code ("re.search", "mongo"). A name has a capital past its first letter
// or a digit, no dot or underscore, and words not all ordinary English.
func nameLike(variant, canon string) bool {
	if strings.ContainsAny(canon, "._") {
		return false
	}
	inner := false
	for i, r := range canon {
		if i > 0 && unicode.IsUpper(r) || unicode.IsDigit(r) {
			inner = true
		}
	}
	if !inner {
		return false
	}
	name := false
	for _, w := range strings.FieldsFunc(variant, func(r rune) bool { return r == ' ' || r == '-' }) {
		if functionWords[strings.ToLower(w)] {
			return false // "the Python", read as "thePython" in a heading
		}
		if english.Lookup(w) != english.Common {
			name = true
		}
	}
	return name
}

var functionWords = map[string]bool{"the": true, "a": true, "an": true, "to": true, "of": true, "and": true, "in": true, "is": true, "it": true, "on": true, "for": true, "with": true, "by": true, "at": true, "or": true}

// symbolEdges reports whether a spelling starts or ends with something
// other than a letter or digit ("__main__", ".NET"): the words without the
// symbols ("main", "net") are other words, or the term spoken (which is
// for suggest to find, not for spellings).
func symbolEdges(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	ok := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	return !ok(first) || !ok(last)
}

// dotJoins reports whether a spelling joins words with a dot inside
// ("uv.lock", "pyproject.toml"): spaced words for it are a file name said
// aloud, or a command ("uv lock"), which people leave as words.
func dotJoins(s string) bool {
	i := strings.IndexByte(s, '.')
	return i > 0 && i < len(s)-1
}

// topLevel are the endings of the domains shows name.
var topLevel = map[string]bool{"com": true, "org": true, "net": true, "io": true, "fm": true, "dev": true, "ai": true, "app": true, "co": true, "me": true, "sh": true}

// domain reports whether a spelling is a domain name ("Python.org"),
// written as the speaker's transcript typed it.
func domain(s string) bool {
	i := strings.LastIndexByte(s, '.')
	return i > 0 && !strings.Contains(s, " ") && topLevel[strings.ToLower(s[i+1:])]
}

// spelledOut reports whether a word is letters spelled out one by one
// ("L-I-N-O-D-E"), as an advertisement reads a name.
func spelledOut(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 {
		return false
	}
	for _, p := range parts {
		if utf8.RuneCountInString(p) != 1 {
			return false
		}
	}
	return true
}

// needsDecision reports whether a variant is an ordinary word or an
// acronym that no episode's evidence can make the term: the word "rest"
// of the acronym REST, or "TALKPYTHON", a code read out in capitals.
func needsDecision(variant string, t *vocab.Term) bool {
	if acronym(variant) && !acronym(t.Text) {
		return true
	}
	return acronym(t.Text) && !strings.Contains(variant, " ") && english.Lookup(variant) == english.Common && strings.ToLower(variant) == variant
}

// startCapitalOnly reports whether variant is canon with its first letter
// capitalised, canon starting in lower case ("Uv", "uv").
func startCapitalOnly(variant, canon string) bool {
	r, n := utf8.DecodeRuneInString(canon)
	if !unicode.IsLower(r) {
		return false
	}
	return variant == string(unicode.ToUpper(r))+canon[n:]
}

// ordinary reports whether a variant reads as ordinary words: a term
// marked common, or a variant differing only in case whose words are all
// English words or acronyms ("python bytes"), or an acronym in capitals
// ("UV", "REST") where the term is not all capitals.
func ordinary(variant string, t *vocab.Term) bool {
	if t.Common {
		return true
	}
	if strings.Contains(variant, " ") && allLowerCommon(variant) && strings.ToLower(t.Text) != t.Text {
		return true // "pager duty", "restructured text": words in their own sense ("pip tools" is pip-tools)
	}
	if !strings.Contains(variant, " ") && allLowerCommon(variant) && !strings.Contains(t.Text, " ") {
		return true // "voila" is Voilà only where the episode says so
	}
	if strings.Contains(t.Text, "_") && strings.Contains(variant, " ") {
		return true // "memory profiler" is memory_profiler only in its episode
	}
	if !strings.EqualFold(variant, t.Text) {
		return false // spaced, joined or hyphenated otherwise: the term's own form
	}
	ws, cs := strings.Fields(variant), strings.Fields(t.Text)
	allEnglish := true
	for i, w := range ws {
		common := english.Lookup(w) == english.Common
		if !common && !acronym(w) {
			allEnglish = false
		}
		if len(ws) > 1 && i < len(cs) && w != cs[i] && common {
			return true // "Jupyter notebook", "GitHub actions": a word in its ordinary sense
		}
	}
	return allEnglish
}

// allLowerCommon reports whether s is ordinary English words in lower case.
func allLowerCommon(s string) bool {
	for _, w := range strings.Fields(s) {
		if strings.ToLower(w) != w || english.Lookup(w) != english.Common {
			return false
		}
	}
	return true
}

func acronym(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters >= 2
}

// breaksAgree reports whether each break between the span's words falls
// where the canonical spelling breaks too: at a blank, hyphen, dot or
// underscore, between a lower-case and a capital letter, or between a
// letter and a digit ("fast API", "pip tools", "PEP 8"; not "py test").
func breaksAgree(span []word, canon string) bool {
	// The positions, in key letters, where canon may break.
	breaks := map[int]bool{}
	n := 0
	var prev rune
	sep := false
	for _, r := range canon {
		k := vocab.Key(string(r))
		if k == "" {
			sep = true
			continue
		}
		if n > 0 && (sep || unicode.IsLower(prev) && unicode.IsUpper(r) || unicode.IsLetter(prev) && unicode.IsDigit(r) || unicode.IsDigit(prev) && unicode.IsLetter(r)) {
			breaks[n] = true
		}
		n += len(k)
		prev, sep = r, false
	}
	at := 0
	for _, w := range span[:len(span)-1] {
		at += len(w.key)
		if !breaks[at] {
			return false
		}
	}
	return true
}

// evidence lifts the ordinary-word guard where the episode writes the
// term in its canonical spelling, not at a sentence's start, EvidenceTimes
// times or more and, for a variant of one word, EvidenceRatio times as
// often as the variant, and the
// term is not marked common ("Black", "Rich", which need a decision).
func (s *Set) evidence(texts []string, occ []Occurrence) {
	need := false
	for _, o := range occ {
		if o.Why == WhyOrdinary {
			need = true
		}
	}
	if !need {
		return
	}
	seen := map[string]int{}
	ws := newWordWindow(texts)
	for i := 0; ws.has(i); i++ {
		for n := 1; n <= maxSpan && ws.has(i+n-1); n++ {
			if n > 1 && !ws.at(i+n-1).spaced {
				break
			}
			if ws.at(i).sentenceStart {
				break
			}
			seen[joinWords(ws.span(i, i+n))]++
		}
		ws.release(i)
	}
	variants := map[string]int{}
	for _, o := range occ {
		variants[o.Variant]++
	}
	for k := range occ {
		o := &occ[k]
		if o.Why != WhyOrdinary || seen[o.Canonical] < EvidenceTimes || !strings.Contains(o.Variant, " ") && seen[o.Canonical] < EvidenceRatio*variants[o.Variant] {
			continue
		}
		t := s.voc.Lookup(o.Canonical)
		if t != nil && t.Common {
			continue
		}
		if acronym(o.Variant) {
			continue
		}
		o.Why = ""
	}
}

// Corrected returns the variants of one episode's occurrences (as Find
// gives them) that Rules corrects: every variant but those guarded
// somewhere in the episode, and but any run of the words of a guarded one
// (a rule for "talk Python" would match inside a guarded "slash talk
// Python to me").
func Corrected(occ []Occurrence) map[string]bool {
	blocked := map[string]bool{}
	for _, o := range occ {
		if o.Why == "" {
			continue
		}
		ws := strings.Fields(o.Variant)
		for i := range ws {
			for j := i + 1; j <= len(ws); j++ {
				blocked[strings.Join(ws[i:j], " ")] = true
			}
		}
	}
	fixed := map[string]bool{}
	for _, o := range occ {
		if !blocked[o.Variant] {
			fixed[o.Variant] = true
		}
	}
	return fixed
}

// Rules returns the corrections for one episode's texts: a rule for each
// variant found there and not guarded, matching its case exactly, so that
// fix applies them with the rules matcher. A variant guarded in one place
// of the episode is not corrected anywhere in it.
func (s *Set) Rules(texts []string) []*rules.Rule { return s.EpisodeRules(texts, nil) }

// Episode is one episode's texts, named for the report.
type Episode struct {
	Name  string
	Texts []string
	Notes *vocab.Notes // its own show notes, the evidence EpisodeRules takes, or nil
}

// Variant is one way the catalogue spells a term otherwise.
type Variant struct {
	Text     string   `json:"text"`
	Count    int      `json:"count"`
	Fixed    int      `json:"fixed"` // places Rules corrects
	Episodes []string `json:"episodes"`
	Guards   []string `json:"guards,omitempty"` // why some places stay
}

// Term is a term the catalogue spells more than one way.
type Term struct {
	Canonical string    `json:"canonical"`
	Count     int       `json:"count"` // places spelled canonically
	Variants  []Variant `json:"variants"`
	// Changes is how many places accepting the canonical spelling changes.
	Changes int `json:"changes"`
}

// Variants reports, for each term the episodes spell more than one way,
// its variants with counts and episodes, most places first.
func (s *Set) Variants(eps []Episode) []Term {
	terms := map[string]*Term{}
	vars := map[[2]string]*Variant{}
	var order []string
	for _, ep := range eps {
		occ := s.find(ep.Texts, ep.Notes)
		fixed := map[string]bool{}
		for _, r := range s.EpisodeRules(ep.Texts, ep.Notes) {
			fixed[r.Wrong] = true
		}
		for _, o := range occ {
			t := terms[o.Canonical]
			if t == nil {
				t = &Term{Canonical: o.Canonical}
				terms[o.Canonical] = t
				order = append(order, o.Canonical)
			}
			v := vars[[2]string{o.Canonical, o.Variant}]
			if v == nil {
				t.Variants = append(t.Variants, Variant{Text: o.Variant})
				v = &t.Variants[len(t.Variants)-1]
				vars[[2]string{o.Canonical, o.Variant}] = v
			}
			v.Count++
			if len(v.Episodes) == 0 || v.Episodes[len(v.Episodes)-1] != ep.Name {
				v.Episodes = append(v.Episodes, ep.Name)
			}
			if o.Why == "" && fixed[o.Variant] {
				v.Fixed++
			} else if o.Why != "" && !slices.Contains(v.Guards, o.Why) {
				v.Guards = append(v.Guards, o.Why)
			}
			t.Changes++
		}
		// Vars point into slices that append may move: rebuild them.
		for k := range vars {
			delete(vars, k)
		}
		for _, t := range terms {
			for i := range t.Variants {
				vars[[2]string{t.Canonical, t.Variants[i].Text}] = &t.Variants[i]
			}
		}
	}
	if len(terms) > 0 {
		for _, ep := range eps {
			for _, w := range canonicalCounts(ep.Texts, terms) {
				terms[w].Count++
			}
		}
	}
	out := make([]Term, 0, len(order))
	for _, c := range order {
		t := terms[c]
		sort.SliceStable(t.Variants, func(i, j int) bool { return t.Variants[i].Count > t.Variants[j].Count })
		out = append(out, *t)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Changes > out[j].Changes })
	return out
}

// canonicalCounts lists each place the texts spell a reported term
// canonically (up to maxSpan words).
func canonicalCounts(texts []string, terms map[string]*Term) []string {
	ws := newWordWindow(texts)
	var out []string
	for i := 0; ws.has(i); i++ {
		for n := 1; n <= maxSpan && ws.has(i+n-1); n++ {
			if n > 1 && !ws.at(i+n-1).spaced {
				break
			}
			if s := joinWords(ws.span(i, i+n)); terms[s] != nil {
				out = append(out, s)
			}
		}
		ws.release(i)
	}
	return out
}
