package learn

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/english"
	"github.com/emend-project/emend/internal/rules"
)

// Spelling conventions. People fix the spacing of a term's pieces one
// place at a time and never quite the same way: "async io" became
// "AsyncIO" in one commit, "asyncio" in another, "Async IO" in a third, so
// no one fix is made often enough to be learned, though people clearly
// mean to join the term. Grouping those fixes by their letters ("asyncio")
// shows the intent; the text people wrote tells which spelling is the
// show's ("asyncio", 210 times, against 57 "AsyncIO").

// letterKey is the letters and digits of words, lower case: what a term
// split, joined or cased otherwise keeps.
func letterKey(s string) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
	}
	if plain {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// spellGroup gathers the fixes of one term's spacing and joins.
type spellGroup struct {
	count    int
	episodes map[string]bool
	wrongs   map[string]int // folded wrong forms
	rights   map[string]int // folded right forms
	text     map[string]int // exact forms standing in the final text
}

// maxConventionWords bounds the pieces a term is heard in.
const maxConventionWords = 3

// conventions returns candidates for the terms whose spacing people fixed
// in at least MinEpisodes episodes, twice at least, but never the
// same way often enough for a candidate of its own: each other spacing
// people fixed, to the spelling of the term the final text has most among
// those people wrote. have holds the folded wrong words that are
// candidates already.
func (l *Learner) conventions(final map[string][]string, have map[string]*candidate) []*candidate {
	groups := map[string]*spellGroup{}
	for _, p := range l.spellings {
		if rules.Fold(p.wrong) == rules.Fold(p.right) {
			continue // a change of case, which candidates handle
		}
		k := letterKey(p.right)
		g := groups[k]
		if g == nil {
			g = &spellGroup{episodes: map[string]bool{}, wrongs: map[string]int{}, rights: map[string]int{}, text: map[string]int{}}
			groups[k] = g
		}
		g.count += p.count
		for e := range p.episodes {
			g.episodes[e] = true
		}
		g.wrongs[rules.Fold(p.wrong)] += p.count
		g.rights[rules.Fold(p.right)] += p.count
	}
	for k, g := range groups {
		if g.count < 2 || len(g.episodes) < l.opt.MinEpisodes {
			delete(groups, k)
		}
	}
	if len(groups) == 0 {
		return nil
	}
	// The forms in the text: runs of words whose letters are a group's,
	// found through the keys' prefixes, which few words are.
	prefixes := map[string]bool{}
	for k := range groups {
		for i := 1; i <= len(k); i++ {
			prefixes[k[:i]] = true
		}
	}
	// Found on every core, counted in order.
	type form struct {
		g    *spellGroup
		text string
	}
	split := func(p string) []form {
		var out []form
		var ws, keys []string // of one text; the lists are reused
		for _, t := range final[p] {
			ws, keys = ws[:0], keys[:0]
			for i := 0; ; {
				start, end, next := rules.NextWord(t, i)
				if start >= len(t) {
					break
				}
				ws = append(ws, t[start:end])
				keys = append(keys, letterKey(t[start:end]))
				i = next
			}
			for i := range ws {
				key := ""
				for n := 1; n <= maxConventionWords && i+n <= len(ws); n++ {
					key += keys[i+n-1]
					if !prefixes[key] {
						break
					}
					if g := groups[key]; g != nil {
						out = append(out, form{g, strings.Join(ws[i:i+n], " ")})
					}
				}
			}
		}
		return out
	}
	inOrder(sortedKeys(final), split, func(_ string, forms []form) {
		for _, f := range forms {
			f.g.text[f.text]++
		}
	})
	order := make([]string, 0, len(groups))
	for k := range groups {
		order = append(order, k)
	}
	sort.Strings(order)
	var out []*candidate
	for _, k := range order {
		g := groups[k]
		folded := map[string]int{}
		for f, n := range g.text {
			folded[rules.Fold(f)] += n
		}
		// The spelling: of the forms people wrote, the one they wrote
		// most, then the one the text has most; written as the text
		// writes it most.
		best := ""
		for f, n := range g.rights {
			if best == "" || n > g.rights[best] || n == g.rights[best] && (folded[f] > folded[best] || folded[f] == folded[best] && f < best) {
				best = f
			}
		}
		right := mostWritten(g.text, func(f string) bool { return rules.Fold(f) == best })
		if right == "" || !conventionTerm(right) || allDigits(right) {
			continue
		}
		for w, n := range g.wrongs {
			// Not a spelling the text has more than the term's: that is
			// words in their own sense ("Talk Python", the show, where
			// people wrote the handle "talkpython").
			if w == best || folded[w] > folded[best] || len(rules.Words(w)) > maxConventionWords || ordinaryPhrase(w) || brokenTerm(w, right) {
				continue
			}
			// Written as the text writes it most (for the rule's
			// comment: the rule matches every case).
			wrong := mostWritten(g.text, func(f string) bool { return rules.Fold(f) == w })
			if wrong == "" {
				wrong = w
			}
			if spacingStyle(wrong, right) {
				continue
			}
			note := fmt.Sprintf("a spelling: %d fixes of its spacing in %d episodes; the text writes %q %d times, %q %d",
				g.count, len(g.episodes), right, g.text[right], wrong, g.text[wrong])
			if c := have[w]; c != nil {
				// A fix learned on its own ("C Python" to CPython, 7
				// times, kept 40 times where fixed): where the text
				// writes the term joined half as often again as apart, the
				// spelling says it is the same term wherever it stands.
				// Not so "assembly AI", 72 times beside 93 "AssemblyAI":
				// people wrote a sponsor's address there.
				if rules.Fold(c.right) == rules.Fold(right) && 2*folded[best] >= 3*folded[w] {
					c.convention, c.spelling = true, note
				}
				continue
			}
			c := &candidate{wrong: wrong, right: right, count: n, episodes: g.episodes, files: map[string]bool{}, contexts: map[string]int{},
				convention: true, spelling: note}
			out = append(out, c)
		}
	}
	return out
}

// mostWritten returns, of the spellings keep accepts (nil: all), the one
// written most, the first in order on a tie; "" when there is none.
func mostWritten(spelled map[string]int, keep func(string) bool) string {
	most := ""
	for s, n := range spelled {
		if (keep == nil || keep(s)) && (most == "" || n > spelled[most] || n == spelled[most] && s < most) {
			most = s
		}
	}
	return most
}

// conventionTerm reports whether a spelling is a term's, not ordinary
// English: a capital inside a word or a digit ("FastAPI", "PEP 8"), or one
// word with a piece no dictionary has ("asyncio", "f-strings",
// "done-with-pycharm"). Ordinary words joined are style ("database",
// "follow-up": "I'll follow up" is right too).
func conventionTerm(s string) bool {
	if hasUpperInside(s) || strings.ContainsAny(s, "0123456789") {
		return true
	}
	ws := rules.Words(s)
	if len(ws) != 1 {
		return false
	}
	for _, p := range strings.FieldsFunc(ws[0], func(r rune) bool { return r == '-' || r == '.' || r == '_' || r == '\'' || r == '’' }) {
		if utf8.RuneCountInString(p) == 1 || english.Lookup(p) == english.Unknown {
			return true
		}
	}
	return false
}

// spacingStyle reports whether a fix joins or splits ordinary words, which
// is style, not a term ("back end" to backend, "trade off" to tradeoff:
// "you trade off speed"), unless the right words are written as a name: a
// capital inside, or a capital first where the wrong words had none
// ("data dog" to Datadog).
func spacingStyle(wrong, right string) bool {
	r, _ := utf8.DecodeRuneInString(right)
	w, _ := utf8.DecodeRuneInString(wrong)
	if hasUpperInside(right) || unicode.IsUpper(r) && !unicode.IsUpper(w) {
		return false
	}
	for _, p := range strings.FieldsFunc(wrong, func(r rune) bool { return r == ' ' || r == '-' }) {
		if !isNumber(p) && (utf8.RuneCountInString(p) == 1 || english.Lookup(p) == english.Unknown) {
			return false
		}
	}
	return true
}

// ordinaryPhrase reports whether words are all ordinary English function
// words, which a term is not heard as ("for each").
func ordinaryPhrase(s string) bool {
	for _, w := range rules.Words(s) {
		if !functionWords[rules.Fold(w)] {
			return false
		}
	}
	return true
}
