package learn

import (
	"fmt"
	"maps"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/english"
	"github.com/emend-project/emend/internal/phonetic"
	"github.com/emend-project/emend/internal/rules"
)

// Variants. Speech recognition mishears a term many ways: people fixed
// "BINI" and "Bini" to Beanie 18 times, and "Pydentic", "Pythantic",
// "Pidentic" to Pydantic; the next episode brings "Binny" and "Bidentic".
// A word of the text that no dictionary has, spelled within an edit of a
// misspelling people fixed to a term, or sounding as one, standing in few
// episodes, is one more misspelling of that term.

// family is a term people fixed from several misspellings, with blind
// rules.
type family struct {
	right    string
	wrongs   []string // folded single-word misspellings
	count    int
	episodes map[string]bool
	// spelled counts how the text writes the term.
	spelled map[string]int
}

// minFamilyFixes is how many fixes a term's family needs.
const minFamilyFixes = 10

// variants returns blind rules for the unfixed misspellings of the terms
// of blind rules (see above). cands are the candidates of the rules made;
// have holds every folded wrong form learned, which are no variants.
func (l *Learner) variants(made map[*rules.Rule]*candidate, final map[string][]string, have map[string]bool) []*rules.Rule {
	fams := map[string]*family{}
	for r, c := range made {
		if r.Case || len(r.If)+len(r.Unless) > 0 || len(rules.Words(r.Wrong)) != 1 || len(rules.Words(r.Right)) != 1 || c.convention {
			continue
		}
		k := rules.Fold(r.Right)
		f := fams[k]
		if f == nil {
			f = &family{right: r.Right, episodes: map[string]bool{}}
			fams[k] = f
		}
		f.wrongs = append(f.wrongs, rules.Fold(r.Wrong))
		f.count += c.count
		for e := range c.episodes {
			f.episodes[e] = true
		}
	}
	for k, f := range fams {
		if f.count < minFamilyFixes || len(f.episodes) < 2 {
			delete(fams, k)
		}
		sort.Strings(f.wrongs)
	}
	if len(fams) == 0 {
		return nil
	}
	// Terms that are words of their own: the rules' right sides, the
	// starter list.
	known := maps.Clone(starterTerms())
	for r := range made {
		known[rules.Fold(r.Right)] = true
	}
	// The words of the text no dictionary has, with their spellings and
	// episodes.
	type word struct {
		spelled  map[string]int
		episodes map[string]bool
	}
	words := map[string]*word{}
	// How the text writes each family's term.
	memberOf := map[string]*family{}
	for fk, f := range fams {
		memberOf[fk] = f
		for _, w := range f.wrongs {
			memberOf[w] = f
		}
		f.spelled = map[string]int{}
	}
	// The words that may be a variant, with their folds, and the words
	// of the families' terms, found on every core: words of the
	// dictionary (by their letters, whatever their case), terms and wrong
	// words of a rule are none.
	type word2 struct {
		w, k          string
		n             int
		term, variant bool
	}
	split := func(p string) []word2 {
		// Each spelling once: a file says its words many times.
		n := map[string]int{}
		for _, t := range final[p] {
			for i := 0; ; {
				start, end, next := rules.NextWord(t, i)
				if start >= len(t) {
					break
				}
				i = next
				if w := t[start:end]; utf8.RuneCountInString(w) >= 4 && isLetters(w) {
					n[w]++
				}
			}
		}
		var out []word2
		for w, c := range n {
			k := rules.Fold(w)
			term := false
			if f := memberOf[k]; f != nil && k == rules.Fold(f.right) {
				term = true
			}
			variant := !have[k] && !known[k] && english.Lookup(w) == english.Unknown
			if term || variant {
				out = append(out, word2{w, k, c, term, variant})
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].w < out[j].w })
		return out
	}
	inOrder(sortedKeys(final), split, func(p string, ws []word2) {
		ep := episodeKey(p)
		for _, ww := range ws {
			w, k := ww.w, ww.k
			if ww.term {
				memberOf[k].spelled[w] += ww.n
			}
			if !ww.variant {
				continue
			}
			x := words[k]
			if x == nil {
				x = &word{spelled: map[string]int{}, episodes: map[string]bool{}}
				words[k] = x
			}
			x.spelled[w] += ww.n
			x.episodes[ep] = true
		}
	})
	keys := make([]string, 0, len(words))
	for k := range words {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	famKeys := make([]string, 0, len(fams))
	for k := range fams {
		famKeys = append(famKeys, k)
	}
	sort.Strings(famKeys)
	var out []*rules.Rule
	for _, k := range keys {
		x := words[k]
		var best *family
		bestOf := ""
		ambiguous := false
		for _, fk := range famKeys {
			f := fams[fk]
			if strings.HasPrefix(k, fk) || strings.HasPrefix(fk, k) || lengthens(k, fk, f.wrongs) {
				// "Pydantics", "Pydant": the term itself; "identica"
				// beside the misspelling "identic": another word.
				best, ambiguous = nil, true
				break
			}
			if len(x.episodes) > max(2*len(f.episodes), l.finalEpisodes/20) {
				continue
			}
			// A short word must look like a name, as misheard terms
			// do ("Binny"; not "janky"), where people fixed the term.
			beside := false
			for e := range x.episodes {
				beside = beside || f.episodes[e]
			}
			beside = beside && capitalised(x.spelled)
			for _, m := range append([]string{fk}, f.wrongs...) {
				if !closeSpelling(k, m, beside) {
					continue
				}
				if best != nil && best != f {
					ambiguous = true
				}
				best, bestOf = f, m
				break
			}
		}
		if best == nil || ambiguous || nearKnown(k, best, known) {
			continue
		}
		spelled := mostWritten(x.spelled, nil)
		right := best.written()
		out = append(out, &rules.Rule{Wrong: spelled, Right: right,
			Comment: fmt.Sprintf("a variant: spelled like %q, one of the misspellings people fixed to %s %d times in %d episodes; stands in %d episodes",
				bestOf, right, best.count, len(best.episodes), len(x.episodes))})
	}
	// Casings of a family's term the text has seldom beside its own
	// ("PyDantic", 24 times beside 800 "Pydantic"), beyond a sentence's
	// first letter, and not in capitals throughout ("TALKPYTHON", a
	// code people spell out).
	exact := map[string]bool{}
	for r := range made {
		exact[r.Wrong] = true
	}
	for _, fk := range famKeys {
		f := fams[fk]
		right := f.written()
		for sp, n := range f.spelled {
			if sp == right || exact[sp] || onlyFirstLetterCase(sp, right) || strings.ToUpper(sp) == sp || 10*n > f.spelled[right] {
				continue
			}
			out = append(out, &rules.Rule{Wrong: sp, Right: right, Case: true,
				Comment: fmt.Sprintf("a variant: %s cased otherwise, %d times beside %d; people fixed misspellings of it %d times in %d episodes",
					right, n, f.spelled[right], f.count, len(f.episodes))})
		}
	}
	l.Stats.Variants = len(out)
	return out
}

// lengthens reports whether a word (folded) is one of the misspellings of
// a term (folded) with letters before or after it, and spelled unlike the
// term and its other misspellings: another word ("identica", a service,
// beside "identic"; "Psequel", psql, beside "sequel"). Not so "Bidentic",
// a letter away from "Pydentic", nor "Jupitery", near Jupyter.
func lengthens(w, term string, wrongs []string) bool {
	for _, m := range wrongs {
		if len(w) <= len(m) || !strings.HasPrefix(w, m) && !strings.HasSuffix(w, m) {
			continue
		}
		near := closeSpelling(w, term, false)
		for _, o := range wrongs {
			near = near || o != m && closeSpelling(w, o, false)
		}
		if !near {
			return true
		}
	}
	return false
}

// written returns the term as the text writes it most ("async", though
// people wrote "Async" in the fixes, at the start of sentences).
func (f *family) written() string {
	if right := mostWritten(f.spelled, nil); right != "" {
		return right
	}
	return f.right
}

// closeSpelling reports whether a word (folded) is a misspelling of m
// (folded): for words of seven letters or more, one edit away, or two and
// sounding alike ("Bidentic", "Pydanic"); for shorter words, which are
// too often words of their own ("Tock", "Pepe", "rsync"), five letters or
// more, sounding alike, two edits away, in an episode where people fixed
// the term ("Binny" in the episodes about Beanie).
func closeSpelling(w, m string, beside bool) bool {
	d := phonetic.Distance(w, m, 2)
	if d > 2 {
		return false
	}
	alike := phonetic.Key(w) == phonetic.Key(m)
	if len(w) >= 7 && len(m) >= 7 {
		return d <= 1 || alike
	}
	return beside && len(w) >= 5 && len(m) >= 4 && alike
}

// nearKnown reports whether a word (folded) is a plural of its family's
// misspellings ("Pydentics": the fix would lose the plural), or is within
// an edit of a term other than its family's ("Pythontic" of Pythonic,
// "Pipsy" of pipsi).
func nearKnown(w string, f *family, known map[string]bool) bool {
	if strings.HasSuffix(w, "s") {
		for _, m := range append([]string{rules.Fold(f.right)}, f.wrongs...) {
			if phonetic.Distance(w[:len(w)-1], m, 1) <= 1 {
				return true
			}
		}
	}
	for k := range known {
		if k != rules.Fold(f.right) && phonetic.Distance(w, k, 1) <= 1 {
			return true
		}
	}
	return false
}

// capitalised reports whether a word is written capitalised most often.
func capitalised(spelled map[string]int) bool {
	up := 0
	for s, n := range spelled {
		if s[0] >= 'A' && s[0] <= 'Z' {
			up += n
		} else {
			up -= n
		}
	}
	return up > 0
}

// isLetters reports whether a word is letters only.
func isLetters(w string) bool {
	for _, r := range w {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') && r < utf8.RuneSelf {
			return false
		}
	}
	return true
}
