// Package vocab owns emend's vocabulary: the names and terms a producer's
// transcripts should spell right ("FastAPI", "scikit-learn", "Sebastián
// Ramírez"), gathered from every source a producer has — the starter list
// emend ships, the right-hand sides of rules, corrected transcripts, show
// notes and episode titles, and user vocabulary files — with one canonical
// spelling per term.
//
// Terms are merged by their key (see Key): the case-folded text without
// accents, spaces, hyphens, underscores and dots, so "fast API", "Fast-API"
// and "FastAPI" are one term, as are "Sebastian Ramirez" and "Sebastián
// Ramírez". Of the spellings a term is seen in, the canonical one is chosen
// by trust, then use (see Add).
package vocab

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Source says where a term came from (bit flags, a term can have several).
type Source uint16

const (
	FromStarter     Source = 1 << iota // emend's shipped starter vocabulary
	FromRules                          // right-hand side of a rule
	FromTranscripts                    // spelled this way in corrected transcripts
	FromNotes                          // in some episode's show notes
	FromTitle                          // in some episode's title
	FromUser                           // a user vocabulary file
)

// String names the sources, as "starter+notes".
func (s Source) String() string {
	names := []string{"starter", "rules", "transcripts", "notes", "title", "user"}
	var parts []string
	for i, n := range names {
		if s&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "+")
}

// trust ranks the spellings of one term: the canonical spelling is the one
// with the most trusted source. The user's own files and rules are the
// producer's explicit decisions; the starter list is written from the
// projects' own documentation; notes, titles and transcripts show how the
// producer writes a term, but are casual about case ("numpy", "Github"), so
// they decide the spelling of terms the starter lacks.
func trust(s Source) int {
	switch {
	case s&FromUser != 0:
		return 5
	case s&FromRules != 0:
		return 4
	case s&FromStarter != 0:
		return 3
	case s&(FromNotes|FromTitle) != 0:
		return 2
	case s&FromTranscripts != 0:
		return 1
	}
	return 0
}

// Term is one name or term with its canonical spelling.
type Term struct {
	Text    string // canonical spelling: "FastAPI", "scikit-learn", "Sebastián Ramírez"
	Sources Source // every source the term came from, in any spelling
	Uses    int    // times seen spelled exactly as Text in transcripts/notes (0 if unknown)
	// Common is true when the term is also an ordinary English word
	// ("Black", "Rich", "Click"): a list marked it "!common".
	Common bool
	// Variants are every spelling seen, the canonical one first.
	Variants []Spelling
	// SoundsLike are the term's "sounds like" aliases, as vocabulary
	// lists give them: how it is said in other words ("whiskey" for
	// WSGI). HeardAs are the wrong sides of rules that fixed it (see
	// AddRules): how it was misheard ("Daxter" for Dagster). At most
	// MaxSoundsLike of each, the first given kept.
	SoundsLike, HeardAs []string

	key   string
	order int // when the term was first added, for a stable order
}

// Spelling is one way a term was written.
type Spelling struct {
	Text    string
	Sources Source
	Uses    int
	order   int
}

// Vocabulary is a set of terms, each under its key.
type Vocabulary struct {
	terms map[string]*Term
	n     int // spellings added, for first-seen order
}

// New returns an empty vocabulary.
func New() *Vocabulary { return &Vocabulary{terms: map[string]*Term{}} }

// Add adds a spelling of a term, seen uses times (0 if unknown) in the
// given source. Spellings with the same key (see Key) are one term. Its
// canonical spelling is the one with the most trusted source — user files,
// then rules, then the starter list, then notes and titles, then
// transcripts — then the most uses, then the first added. Text is trimmed
// and its inner white space squeezed; empty text, or text without a letter
// or digit, is ignored.
func (v *Vocabulary) Add(text string, src Source, uses int) {
	v.add(text, src, uses, false, nil)
}

func (v *Vocabulary) add(text string, src Source, uses int, common bool, soundsLike []string) {
	text = strings.Join(strings.Fields(text), " ")
	k := Key(text)
	if k == "" {
		return
	}
	if uses < 0 {
		uses = 0
	}
	v.n++
	t := v.terms[k]
	if t == nil {
		t = &Term{key: k, order: v.n}
		v.terms[k] = t
	}
	t.Sources |= src
	t.Common = t.Common || common
	for _, a := range soundsLike {
		t.SoundsLike = t.addAlias(t.SoundsLike, a)
	}
	found := false
	for i := range t.Variants {
		if t.Variants[i].Text == text {
			t.Variants[i].Sources |= src
			t.Variants[i].Uses += uses
			found = true
			break
		}
	}
	if !found {
		t.Variants = append(t.Variants, Spelling{Text: text, Sources: src, Uses: uses, order: v.n})
	}
	sort.SliceStable(t.Variants, func(i, j int) bool { return better(t.Variants[i], t.Variants[j]) })
	t.Text = t.Variants[0].Text
	t.Uses = t.Variants[0].Uses
}

// addAlias returns aliases with alias added, unless the term is spelled
// so (by key), or it has it already, as a sounds-like alias or one heard.
func (t *Term) addAlias(aliases []string, alias string) []string {
	alias = strings.Join(strings.Fields(alias), " ")
	k := Key(alias)
	if k == "" || k == t.key || len(aliases) >= MaxSoundsLike {
		return aliases
	}
	for _, l := range [][]string{t.SoundsLike, t.HeardAs} {
		for _, a := range l {
			if Key(a) == k {
				return aliases
			}
		}
	}
	return append(aliases, alias)
}

// better reports whether spelling a is more canonical than b.
func better(a, b Spelling) bool {
	if ta, tb := trust(a.Sources), trust(b.Sources); ta != tb {
		return ta > tb
	}
	if a.Uses != b.Uses {
		return a.Uses > b.Uses
	}
	return a.order < b.order
}

// AddEntries adds the entries of a vocabulary list.
func (v *Vocabulary) AddEntries(es []Entry, src Source) {
	for _, e := range es {
		v.add(e.Text, src, 0, e.Common, e.SoundsLike)
	}
}

// AddAll adds terms from one source, each seen once.
func (v *Vocabulary) AddAll(texts []string, src Source) {
	for _, t := range texts {
		v.add(t, src, 1, false, nil)
	}
}

// AddUses adds terms with their counts, as Learn returns them.
func (v *Vocabulary) AddUses(us []TermUse, src Source) {
	for _, u := range us {
		v.add(u.Text, src, u.Uses, false, nil)
	}
}

// AddNotes adds an episode's show notes: its terms FromNotes, seen once
// each, and the names in its title (TitleTerms) FromTitle too.
func (v *Vocabulary) AddNotes(n *Notes) {
	if n == nil {
		return
	}
	v.AddAll(n.Terms, FromNotes)
	v.AddAll(TitleTerms(n.Title), FromTitle)
}

// Lookup returns the term with the same key as text, or nil.
func (v *Vocabulary) Lookup(text string) *Term {
	if v == nil {
		return nil
	}
	return v.terms[Key(text)]
}

// Terms returns the terms in the order they were first added.
func (v *Vocabulary) Terms() []*Term {
	out := make([]*Term, 0, len(v.terms))
	for _, t := range v.terms {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].order < out[j].order })
	return out
}

// Len returns the number of terms.
func (v *Vocabulary) Len() int { return len(v.terms) }

// Key returns the form terms are merged and looked up by: the text
// case-folded as rules.Fold does, with Latin accents taken off, and without
// white space, hyphens, underscores, dots and apostrophes. "Fast API",
// "fast-api" and "FastAPI" share the key "fastapi"; "Sebastián Ramírez"
// and "sebastian ramirez" share "sebastianramirez"; "Node.js" and "nodejs"
// share "nodejs". Other punctuation stays ("C++", "C#").
func Key(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'A' <= c && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '_' || c == '.' || c == '\'':
			default:
				b.WriteByte(c)
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if unicode.IsSpace(r) || r == '\u2019' || r == '\u2010' || r == '\u2011' || r == '\u2013' {
			continue
		}
		if unicode.IsMark(r) {
			continue // a combining accent
		}
		r = unicode.ToLower(r)
		if s, ok := unaccent[r]; ok {
			b.WriteString(s)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// unaccent maps the accented Latin letters of European names to plain
// ones, lower case only (Key folds case first).
var unaccent = map[rune]string{}

func init() {
	for _, p := range []struct{ from, to string }{
		{"àáâãäåāăą", "a"}, {"çćĉċč", "c"}, {"ďđ", "d"}, {"èéêëēĕėęě", "e"},
		{"ĝğġģ", "g"}, {"ĥħ", "h"}, {"ìíîïĩīĭįı", "i"}, {"ĵ", "j"}, {"ķ", "k"},
		{"ĺļľŀł", "l"}, {"ñńņňŉ", "n"}, {"òóôõöøōŏő", "o"}, {"ŕŗř", "r"},
		{"śŝşšș", "s"}, {"ţťŧț", "t"}, {"ùúûüũūŭůűų", "u"}, {"ŵ", "w"},
		{"ýÿŷ", "y"}, {"źżž", "z"}, {"ß", "ss"}, {"æ", "ae"}, {"œ", "oe"}, {"þ", "th"}, {"ð", "d"},
	} {
		for _, r := range p.from {
			unaccent[r] = p.to
		}
	}
}
