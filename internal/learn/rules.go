package learn

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/english"
	"github.com/emend-project/emend/internal/phonetic"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/vocab"
)

// candidate is a correction on its way to a rule: the pairs with the same
// folded wrong words merged.
type candidate struct {
	wrong, right string
	count        int
	episodes     map[string]bool
	files        map[string]bool
	contexts     map[string]int
	example      string
	// survivors are the neighbour words of each place the wrong words
	// stand in the final text: kept where people made the fix (inside),
	// or not fixed elsewhere (outside).
	survivors       [][]string // the context keys of each place (see contextKeys)
	kept            []bool     // for each survivor: inside a fixed file
	inside, outside int
	// elsewhere holds the episodes where the wrong words stand unfixed.
	elsewhere map[string]bool
	// last is when people last made the fix.
	last time.Time
	// standsIn is the episode of each survivor; lift how much likelier
	// the right words are in those episodes than in any (see topics).
	standsIn []string
	lift     float64
	// topicOnly marks a candidate made in one episode only, which may
	// become a topic rule and nothing else.
	topicOnly bool
	// convention marks a candidate of a spelling convention (see
	// conventions), and spelling says why.
	convention bool
	spelling   string
}

// Rules returns the rules learned. final holds the text of the transcripts
// as they stand now (by path, as the changes name them: one string a
// segment), where the wrong words may survive; nil when it is unknown, and
// then a fix that could be ambiguous is learned without contexts.
func (l *Learner) Rules(final map[string][]string) []*rules.Rule {
	cands := l.candidates()
	eps := map[string]bool{}
	for p := range final {
		eps[episodeKey(p)] = true
	}
	l.finalEpisodes = len(eps)
	if final != nil {
		cands = l.standing(cands, final)
		have := map[string]*candidate{}
		for _, c := range cands {
			have[rules.Fold(c.wrong)] = c
		}
		cands = append(cands, l.conventions(final, have)...)
		l.survivors(cands, final)
		l.topics(cands)
	}
	var out []*rules.Rule
	made := map[*rules.Rule]*candidate{}
	have := map[string]bool{}
	for _, c := range cands {
		have[rules.Fold(c.wrong)] = true
		r := l.rule(c)
		if r != nil {
			out = append(out, r)
			made[r] = c
		}
	}
	if final != nil {
		out = append(out, l.variants(made, final, have)...)
	}
	out = settle(out)
	rules.Sort(out)
	l.Stats.Rules = len(out)
	return out
}

// settle makes the rules give the same text however often they are
// applied: of two rules that undo each other ("CI CD" to CICD, learned
// from some fixes, and "CICD" to "CI CD", the spelling of others), people
// spell the term both ways, and neither is kept; a rule whose right words
// another rule applying everywhere would correct again ("Pydanic" to
// "Pydantic" beside "Pydantic" to "pydantic") writes that rule's right
// words at once.
func settle(rs []*rules.Rule) []*rules.Rule {
	key := func(s string) string { return foldWords(rules.Words(s)) }
	blind := map[string]*rules.Rule{} // by folded wrong words
	for _, r := range rs {
		if len(r.If)+len(r.Unless) == 0 && r.Show == "" {
			k := key(r.Wrong)
			if r.Case {
				k = r.Wrong // a case rule corrects only its own spelling
			}
			blind[k] = r
		}
	}
	next := func(right string) *rules.Rule {
		if r := blind[right]; r != nil && r.Case {
			return r
		}
		if r := blind[key(right)]; r != nil && !r.Case {
			return r
		}
		return nil
	}
	drop := map[*rules.Rule]bool{}
	for _, r := range rs {
		n := next(r.Right)
		if n == nil || n == r {
			continue
		}
		if key(n.Right) == key(r.Wrong) {
			drop[r], drop[n] = true, true // they undo each other
			continue
		}
		for seen := 0; n != nil && n != r && seen < 8; seen++ {
			r.Right = n.Right
			n = next(r.Right)
		}
		if len(r.Topic) > 0 {
			r.Topic = append([]string{r.Right}, r.Topic[1:]...) // the term as people write it now; the heard words stay
		}
	}
	out := rs[:0]
	for _, r := range rs {
		if !drop[r] {
			out = append(out, r)
		}
	}
	// A rule that applies only beside some words may write, with them,
	// the wrong words of a rule applying everywhere ("Sequel" to SQL
	// before "alchemy" writes "SQL alchemy", fixed to SQLAlchemy only on
	// the next run): those words get a rule of their own, to the last
	// correction ("Sequel alchemy" to SQLAlchemy), which as the longer
	// match wins.
	have := map[string]bool{}
	for _, r := range out {
		have[key(r.Wrong)] = true
	}
	var more []*rules.Rule
	add := func(wrong string, n *rules.Rule, r *rules.Rule, how string) {
		if have[key(wrong)] {
			return
		}
		have[key(wrong)] = true
		more = append(more, &rules.Rule{Wrong: wrong, Right: n.Right, Show: r.Show, Topic: r.Topic,
			Comment: fmt.Sprintf("%s => %s%s, then %s => %s", r.Wrong, r.Right, how, n.Wrong, n.Right)})
	}
	order := make([]string, 0, len(blind))
	for k := range blind {
		order = append(order, k)
	}
	sort.Strings(order)
	for _, r := range out {
		// Applying everywhere, inside another's wrong words ("sequel"
		// to SQL, then "SQL alchemy" to SQLAlchemy).
		if len(r.If)+len(r.Unless) == 0 && !r.Case {
			rw := rules.Words(r.Right)
			for _, k := range order {
				n := blind[k]
				nw := rules.Words(n.Wrong)
				if n == r || n.Case || drop[n] || len(nw) <= len(rw) {
					continue
				}
				for i := 0; i+len(rw) <= len(nw); i++ {
					if foldWords(nw[i:i+len(rw)]) == foldWords(rw) {
						parts := append(append(append([]string(nil), nw[:i]...), r.Wrong), nw[i+len(rw):]...)
						add(strings.Join(parts, " "), n, r, "")
						break
					}
				}
			}
		}
		for _, c := range r.If {
			phrase := strings.Join(append(append(append([]string(nil), c.Before...), r.Right), c.After...), " ")
			n := blind[key(phrase)]
			if n == nil || n.Case || drop[n] {
				continue
			}
			add(strings.Join(append(append(append([]string(nil), c.Before...), r.Wrong), c.After...), " "), n, r, "; if "+c.String())
		}
	}
	return append(out, more...)
}

// candidates merges the pairs by folded wrong words, drops corrections
// later undone, and keeps those made often enough.
func (l *Learner) candidates() []*candidate {
	pairs := l.sortedPairs()
	// Undone: a fix right -> wrong made about as often as wrong -> right.
	undone := map[*pair]bool{}
	for _, p := range pairs {
		if back := l.edits[p.right+"\x00"+p.wrong]; back > 0 && p.right != p.wrong && 2*back >= p.count {
			undone[p] = true
		}
	}
	byWrong := map[string][]*pair{}
	var keys []string
	for _, p := range pairs {
		if undone[p] {
			l.Stats.Reverted++
			continue
		}
		k := rules.Fold(p.wrong)
		if byWrong[k] == nil {
			keys = append(keys, k)
		}
		byWrong[k] = append(byWrong[k], p)
	}
	sort.Strings(keys)
	var out []*candidate
	for _, k := range keys {
		ps := byWrong[k]
		// The right words people chose most, whatever their case, if they
		// chose them mostly; spelled as most fixes spelled them (the
		// latest breaks a tie).
		rights := map[string]int{}
		total := 0
		for _, p := range ps {
			rights[rules.Fold(p.right)] += p.count
			total += p.count
		}
		best := ""
		for r, n := range rights {
			if best == "" || n > rights[best] || n == rights[best] && r < best {
				best = r
			}
		}
		if 3*rights[best] < 2*total {
			l.Stats.Dropped++
			continue
		}
		c := &candidate{episodes: map[string]bool{}, files: map[string]bool{}, contexts: map[string]int{}}
		most := 0
		spelled := map[string]int{}
		latest := map[string]time.Time{}
		for _, p := range ps {
			if rules.Fold(p.right) != best {
				continue
			}
			if p.last.After(c.last) {
				c.last = p.last
			}
			c.count += p.count
			if p.count > most {
				most, c.wrong = p.count, p.wrong
			}
			spelled[p.right] += p.count
			if p.last.After(latest[p.right]) {
				latest[p.right] = p.last
			}
			for e := range p.episodes {
				c.episodes[e] = true
			}
			for f := range p.files {
				c.files[f] = true
			}
			for x, n := range p.contexts {
				c.contexts[x] += n
			}
			if c.example == "" {
				c.example = p.example
			}
		}
		for sp, n := range spelled {
			if c.right == "" || n > spelled[c.right] || n == spelled[c.right] && (latest[sp].After(latest[c.right]) || latest[sp].Equal(latest[c.right]) && sp < c.right) {
				c.right = sp
			}
		}
		if brokenTerm(c.wrong, c.right) {
			l.Stats.Ignored++
			continue
		}
		switch {
		case len(c.episodes) >= l.opt.MinEpisodes:
		case c.count >= l.opt.MinTimes && (termLike(c.right) || misheard(c.wrong, c.right) && !english.IsWord(c.right) && !hasUpperInside(c.wrong) || c.count >= 10 && heardAsWords(c.wrong, c.right)):
			// Made often in one episode, of a term ("Pydentic" to
			// Pydantic, "Garrit" to Gerrit). Not of a name English
			// has ("Niklas" to Nicholas): that is one guest's name;
			// nor of a word written as a term ("MessagePack" to
			// msgspec): that is another thing, named in that episode
			// for this one.
			l.Stats.OneEpisode++
		case c.count >= 10 && topicShaped(c.wrong, c.right):
			// Made ten times or more in one episode, of one word:
			// "rough" to ruff, 32 times in the episode about Ruff.
			// Only a topic rule may come of it (see topicRule).
			c.topicOnly = true
			l.Stats.OneEpisode++
		default:
			l.Stats.TooRare++
			continue
		}
		out = append(out, c)
	}
	return out
}

// nearBytes bounds the text read around a match for the word beside it.
const nearBytes = 80

// survivors finds where each candidate's wrong words still stand in the
// final text: in the files where its fix was made, where people saw them
// and kept them, and in the other files. A longer candidate's match is also
// a place of each shorter candidate inside it ("the node" of "node").
func (l *Learner) survivors(cands []*candidate, final map[string][]string) {
	rs := make([]*rules.Rule, len(cands))
	byRule := map[*rules.Rule]*candidate{}
	byWords := map[string]*candidate{}
	for i, c := range cands {
		rs[i] = &rules.Rule{Wrong: c.wrong, Right: c.right}
		if rules.Fold(c.wrong) == rules.Fold(c.right) {
			rs[i].Case = true
		}
		byRule[rs[i]] = c
		byWords[foldWords(rules.Words(c.wrong))] = c
	}
	m, err := rules.Compile(rs)
	if err != nil {
		return // cannot happen: candidates have distinct folded wrong words
	}
	match := func(p string) []rules.Edit { return m.Places(final[p], "") }
	inOrder(sortedKeys(final), match, func(p string, edits []rules.Edit) {
		texts := final[p]
		for _, e := range edits {
			if e.Part > 0 {
				continue
			}
			t := texts[e.Text]
			words := foldAll(rules.Words(t[e.Start:e.End]))
			before, after := lastWords(t[:e.Start], 2), firstWords(t[e.End:], 2)
			for i := 0; i < len(words); i++ {
				for j := i + 1; j <= len(words); j++ {
					c := byWords[strings.Join(words[i:j], " ")]
					if c == nil || (i > 0 || j < len(words)) && c == byRule[e.Rule] {
						continue
					}
					if c.files[p] {
						c.inside++
					} else {
						c.outside++
						if c.elsewhere == nil {
							c.elsewhere = map[string]bool{}
						}
						c.elsewhere[episodeKey(p)] = true
					}
					c.kept = append(c.kept, c.files[p])
					c.standsIn = append(c.standsIn, episodeKey(p))
					b := append(append([]string(nil), before...), words[:i]...)
					a := append(append([]string(nil), words[j:]...), after...)
					c.survivors = append(c.survivors, contextKeys(b[max(0, len(b)-2):], a[:min(len(a), 2)]))
				}
			}
		}
	})
}

// topics computes each candidate's lift: the share of the places its wrong
// words stand whose episode has its right words too (see standing), over
// the share of all episodes that have them. Near 1, the wrong words stand
// anywhere, in a sense of their own ("pipe" beside PyPI, which half the
// episodes name); far above, they stand where the term is talked of, as
// the same error ("Starlet" in the episodes about Starlette).
func (l *Learner) topics(cands []*candidate) {
	for _, c := range cands {
		in := l.rightIn[foldWords(rules.Words(c.right))]
		if len(c.standsIn) == 0 || len(in) == 0 {
			continue
		}
		with := 0
		for _, ep := range c.standsIn {
			if in[ep] {
				with++
			}
		}
		base := float64(len(in)) / float64(max(1, l.finalEpisodes))
		c.lift = float64(with) / float64(len(c.standsIn)) / base
	}
}

// standing drops the candidates whose right words no longer stand in the
// final text as often as half the fixes: people changed them again
// ("training dot talk" became "training.talk", later
// "training.talkpython.fm"), so the fix was a step, not the correction.
// It records the episodes where each candidate's right words stand, for
// topics.
func (l *Learner) standing(cands []*candidate, final map[string][]string) []*candidate {
	rs := make([]*rules.Rule, 0, len(cands))
	seen := map[string]bool{}
	for _, c := range cands {
		if k := foldWords(rules.Words(c.right)); !seen[k] {
			seen[k] = true
			rs = append(rs, &rules.Rule{Wrong: c.right, Right: c.right + "\x00"})
		}
	}
	m, err := rules.Compile(rs)
	if err != nil {
		return cands
	}
	// Each rule's right words, folded, and whether they are one word:
	// the commonest terms stand hundreds of thousands of times.
	type key struct {
		k   string
		one bool
	}
	keyOf := make(map[*rules.Rule]key, len(rs))
	for _, r := range rs {
		ws := rules.Words(r.Wrong)
		keyOf[r] = key{foldWords(ws), len(ws) == 1}
	}
	stands := map[string]int{}
	written := map[string]map[string]int{} // the spellings of one-word right words
	l.rightIn = map[string]map[string]bool{}
	// The words beside the right words that are naming neighbours of
	// their fixes, to count (see rule).
	l.rightBeside = map[string]map[string]int{}
	for _, c := range cands {
		k := foldWords(rules.Words(c.right))
		for x := range c.contexts {
			if twoWords(x) || !naming(x) {
				continue
			}
			if l.rightBeside[k] == nil {
				l.rightBeside[k] = map[string]int{}
			}
			l.rightBeside[k][x] = 0
		}
	}
	match := func(p string) []rules.Edit { return m.Places(final[p], "") }
	inOrder(sortedKeys(final), match, func(p string, edits []rules.Edit) {
		texts := final[p]
		ep := episodeKey(p)
		for _, e := range edits {
			if e.Part == 0 {
				k, one := keyOf[e.Rule].k, keyOf[e.Rule].one
				stands[k]++
				if one {
					if written[k] == nil {
						written[k] = map[string]int{}
					}
					written[k][texts[e.Text][e.Start:e.End]]++
				}
				if l.rightIn[k] == nil {
					l.rightIn[k] = map[string]bool{}
				}
				l.rightIn[k][ep] = true
				if beside := l.rightBeside[k]; beside != nil {
					t := texts[e.Text]
					before := lastWords(t[max(0, e.Start-nearBytes):e.Start], 1)
					after := firstWords(t[e.End:min(len(t), e.End+nearBytes)], 1)
					for _, x := range contextKeys(before, after) {
						if n, ok := beside[x]; ok {
							beside[x] = n + 1
						}
					}
				}
			}
		}
	})
	// Right words glued together ("talkpython.fm/youtube") match no
	// rule, which matches words apart: they are counted as written, until
	// there are enough.
	need := map[string]int{}
	for _, c := range cands {
		if c.right != join(rules.Words(c.right)) {
			k := rules.Fold(c.right)
			need[k] = max(need[k], (c.count+1)/2)
		}
	}
	glued := map[string]int{}
	if len(need) > 0 {
		left := len(need)
	texts:
		for _, texts := range final {
			for _, t := range texts {
				if !strings.ContainsAny(t, "@.#$/+-") {
					continue
				}
				t = rules.Fold(t)
				for k, n := range need {
					if glued[k] < n {
						if glued[k] += strings.Count(t, k); glued[k] >= n {
							if left--; left == 0 {
								break texts
							}
						}
					}
				}
			}
		}
	}
	out := cands[:0]
	for _, c := range cands {
		n := stands[foldWords(rules.Words(c.right))]
		if _, ok := need[rules.Fold(c.right)]; ok {
			n = glued[rules.Fold(c.right)]
		}
		if 2*n < c.count {
			l.Stats.Superseded++
			continue
		}
		// Spelled inside as the text writes it most, clearly: people
		// fixed "TK enter" to TKinter 5 times, Tkinter once, but write
		// Tkinter twice as often.
		if sp := written[foldWords(rules.Words(c.right))]; len(sp) > 1 {
			first, _ := utf8.DecodeRuneInString(c.right)
			alt := mostWritten(sp, func(s string) bool {
				r, _ := utf8.DecodeRuneInString(s)
				return r == first && len(s) == len(c.right) && strings.EqualFold(s, c.right) && s != c.wrong
			})
			if alt != "" && 2*sp[alt] > 3*sp[c.right] {
				c.right = alt
			}
		}
		out = append(out, c)
	}
	return out
}

func foldWords(ws []string) string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = rules.Fold(w)
	}
	return strings.Join(out, " ")
}

// lastWords returns the last n words of s, folded.
func lastWords(s string, n int) []string {
	// Read from the end, a window at a time: the words of a window that
	// holds more than n are the text's, but for the first, which the
	// window may cut.
	for w := wordsWindow; w < len(s); w *= 2 {
		if ws := rules.Words(s[len(s)-w:]); len(ws) > n {
			return foldAll(ws[len(ws)-n:])
		}
	}
	ws := rules.Words(s)
	return foldAll(ws[max(0, len(ws)-n):])
}

// wordsWindow is the bytes of text firstWords and lastWords read first.
const wordsWindow = 64

// firstWords returns the first n words of s, folded.
func firstWords(s string, n int) []string {
	for w := wordsWindow; w < len(s); w *= 2 {
		if ws := rules.Words(s[:w]); len(ws) > n {
			return foldAll(ws[:n])
		}
	}
	ws := rules.Words(s)
	return foldAll(ws[:min(len(ws), n)])
}

// rule makes a candidate a rule: blind when its wrong words never survive
// where people fixed them; with the contexts that tell fixed places from
// kept ones otherwise; nil when no context tells them apart.
func (l *Learner) rule(c *candidate) *rules.Rule {
	r := &rules.Rule{Wrong: c.wrong, Right: c.right}
	if rules.Fold(c.wrong) == rules.Fold(c.right) {
		r.Case = true // a casing fix: only the wrong casing
	}
	n := len(c.survivors)
	r.Comment = fmt.Sprintf("%s in %s, e.g. %q", countOf(c.count, "fix", "fixes"), countOf(len(c.episodes), "episode", "episodes"), c.example)
	if c.topicOnly {
		if l.topicRule(c, r) {
			return r
		}
		l.Stats.Dropped++
		return nil
	}
	// A rule is blind (applies everywhere) when the wrong words standing
	// in the text are errors nobody fixed yet rather than words in their
	// own sense:
	//   - people (almost) never kept them where they fixed them, and they
	//     are no commoner elsewhere than the fixes (common ones are
	//     ordinary words, fixed only in some places), or they are a term
	//     heard split or joined ("fast API" for FastAPI): the same letters
	//     in other words are no ordinary English;
	//   - or they are such a term, kept no more than twice as often as
	//     fixed where people fixed them, and rare elsewhere ("C Python");
	//   - or they are one word no dictionary has ("Streamlet",
	//     "Daxter"), which cannot be meant wherever it stands, kept no
	//     more than twice as often as fixed where people fixed it, and
	//     standing in few other episodes (twice those fixed, or one in
	//     twenty of all): a word of the show's own language stands in
	//     many ("Pythonic", fixed to Pydantic 68 times, stands in 146 of
	//     some 1,000);
	//   - or the fix was made twenty times for each place they still
	//     stand: those few are most likely unfixed errors.
	// One word heard as another ("jingle" for Django, "pipe" for PyPI) is
	// the riskiest case, as the wrong word is often a word in its own
	// right: standing anywhere, it must be well attested to be blind.
	// Places people kept the words where they fixed them are taken for
	// deliberate only when they are not few beside the fixes: people fix
	// what they notice, and miss some.
	keptFew := c.inside*10 <= c.count
	joined := splitOrJoined(c.wrong, c.right)
	blind := keptFew && (2*c.outside <= c.count || joined) ||
		misheard(c.wrong, c.right) && c.inside <= 2*c.count && len(c.elsewhere) <= max(2*len(c.episodes), l.finalEpisodes/20) ||
		joined && c.inside <= 2*c.count && 2*c.outside <= c.count ||
		(heardSplit(c.wrong, c.right) || heardPieces(c.wrong, c.right) && c.count >= 5) && c.inside <= 3*c.count ||
		20*n <= c.count
	if !blind && n > 0 && 2*c.inside <= c.count && len(c.episodes) >= 3 && similar(c) >= 0.8 {
		// Standing elsewhere beside the same words as where people
		// fixed it ("the gill", "remove the gill"): the same errors,
		// unfixed yet.
		blind = true
	}
	if blind && (n > 0 || ordinary(c.wrong)) && !wellAttested(c) {
		blind = false
	}
	if !blind && (l.stillFixed(c) || topical(c)) {
		blind = true
	}
	if blind && knownTerm(c.wrong) && !sameLetters(c.wrong, c.right) {
		// A term of its own ("SimPy", "Pinecone") is no misspelling
		// wherever it stands, only where its neighbours say so.
		blind = false
	}
	if c.convention {
		// A term's pieces have no sense of their own apart.
		if c.example == "" {
			r.Comment = c.spelling
		} else {
			r.Comment += "; " + c.spelling
		}
		l.Stats.Spellings++
		return r
	}
	// An ordinary word people fixed nearly always beside one neighbour
	// ("Python bites", "Brian Akin") is fixed only beside the neighbours
	// of its fixes, even where it could be blind: elsewhere it is most
	// likely the word in its own sense ("that bites me", "akin to").
	// Unless it stands where the term is talked of (topical).
	narrowed := blind && ordinary(c.wrong) && 5*mainContext(c) >= 4*c.count && !topical(c)
	if narrowed {
		blind = false
	}
	if blind {
		l.talkedOf(c, r)
		return r
	}
	// The neighbours of the places people kept the words where they fixed
	// them.
	kept, unfixed := map[string]int{}, map[string]int{}
	for i, keys := range c.survivors {
		m := unfixed
		if c.kept[i] {
			m = kept
		}
		for _, k := range keys {
			m[k]++
		}
	}
	// Fixed far more often than kept: apply everywhere but where a kept
	// place's neighbours say otherwise. Nearly blind, so an ordinary word
	// needs the support a blind rule needs ("guise" to GUI, 4 fixes in 2
	// episodes, would rewrite "in the guise that").
	if !narrowed && n > 0 && c.count >= 4*n && (!ordinary(c.wrong) || wellAttested(c)) {
		var unless []rules.Context
		covered := 0
		seen := map[string]bool{}
		for _, keys := range c.survivors {
			ok := false
			for _, k := range keys {
				if twoWords(k) {
					continue
				}
				if c.contexts[k] == 0 {
					ok = true
					if !seen[k] {
						seen[k] = true
						unless = append(unless, toContext(k))
					}
					break
				}
			}
			if ok {
				covered++
			}
		}
		if covered == n {
			r.Unless = unless
			l.Stats.Contextual++
			r.Comment += fmt.Sprintf("; stands %d times where fixed, %d elsewhere", c.inside, c.outside)
			return r
		}
	}
	// Otherwise apply only where the neighbours of fixed places are, and
	// never those of kept places.
	type ctx struct {
		k string
		n int
	}
	var good []ctx
	coveredFixes := 0
	term := !english.IsWord(c.right)
	beside := l.rightBeside[foldWords(rules.Words(c.right))]
	for k, m := range c.contexts {
		// A context must have been seen at two fixes at least, never
		// where people kept the words, and must name something: "the _"
		// or "_ is" (or "_ because", "use _") say nothing of which sense
		// the words have. A word that stands beside the words unfixed
		// more often than beside the fixes ("top Python developer jobs"
		// beside "Talk Python") gives way to the two words it begins,
		// specific enough on their own.
		// A term no dictionary has is another matter: people keep it a
		// few times where they fix it many (missed), and where the text
		// writes the term itself beside a word more often than it leaves
		// the wrong words there ("Jupyter notebook"), the word is the
		// term's and the wrong words beside it are errors not reached.
		// A narrowed rule (see above) keeps every naming neighbour: it
		// could have been blind.
		if m < 2 || twoWords(k) || kept[k] > 0 && !narrowed && !(term && 10*kept[k] <= m) {
			continue
		}
		if !naming(k) {
			continue
		}
		if narrowed || unfixed[k] <= m || term && beside[k]-m >= unfixed[k] {
			good = append(good, ctx{k, m})
			coveredFixes += m
			continue
		}
		for k2, m2 := range c.contexts {
			if m2 >= 2 && kept[k2] == 0 && extends(k2, k) {
				good = append(good, ctx{k2, m2})
				coveredFixes += m2
			}
		}
	}
	// The contexts must cover half the fixes at least (roughly: a fix
	// with two good neighbours counts twice), or the rule would miss most
	// of what people fixed.
	if len(good) == 0 || 2*coveredFixes < c.count {
		if l.topicRule(c, r) {
			return r
		}
		l.Stats.Dropped++
		return nil
	}
	sort.Slice(good, func(i, j int) bool {
		if good[i].n != good[j].n {
			return good[i].n > good[j].n
		}
		return good[i].k < good[j].k
	})
	for _, g := range good[:min(len(good), 12)] {
		r.If = append(r.If, toContext(g.k))
	}
	l.Stats.Contextual++
	r.Comment += fmt.Sprintf("; stands %d times where fixed, %d elsewhere", c.inside, c.outside)
	return r
}

// topicRule makes r apply in the episodes that talk of its right word,
// when its fixes were made in such episodes and its neighbours say little:
// "rough" was fixed to ruff 85 times in 10 episodes, beside words of every
// kind ("use _", "_ and"), and kept 137 times in those episodes, most of
// them missed; elsewhere it is the word ("a rough idea"). It applies when
// the fix is of one word to another (see topicShaped), made ten times or
// more (in one episode, it may be), of no person's name ("Kevin" to VINSEN
// is a speaker's label) nor a word written as a term ("MessagePack" to
// msgspec: another thing), kept no more than twice as often as
// fixed where people fixed it ("HTML", fixed to HTMX 10 times and kept 62,
// is a term of its own there), standing far more often where the term is
// talked of than anywhere (a lift of 7 or more: not an everyday word like
// "missed"), and the term is the show's topic now and then, not every
// week (named in one episode in ten or fewer: "Talk" names every episode).
// An ordinary word keeps its own sense's neighbours as exceptions (see
// ownSense: "rough edges").
func (l *Learner) topicRule(c *candidate, r *rules.Rule) bool {
	if !topicShaped(c.wrong, r.Right) || english.Lookup(c.wrong) == english.Name || hasUpperInside(c.wrong) || c.count < 10 || c.inside > 2*c.count || c.lift < 7 {
		return false
	}
	in := l.rightIn[foldWords(rules.Words(c.right))]
	if len(in) == 0 || 10*len(in) > l.finalEpisodes {
		return false
	}
	if ordinary(c.wrong) {
		r.Unless = append(r.Unless, ownSense(c, in)...)
	}
	r.Topic = []string{r.Right}
	l.Stats.Contextual++
	r.Comment += fmt.Sprintf("; stands %d times where fixed, %d elsewhere; %.0f times likelier where %s is named", c.inside, c.outside, c.lift, r.Right)
	return true
}

// RepeatTopic names the evidence a blind rule for a word in its own right
// needs: the episode names the term, or says the heard word, TopicTimes
// times (see rules.TopicTimes). A name misheard as a word comes back each
// time the name is said ("sequel" for SQL, "gill" for the GIL, through an
// episode about them), where the word in its own sense is said once ("his
// sequel game", "a Jenga tower").
//
// talkedOf gives a blind rule that topic when its wrong side is one
// ordinary word of the dictionary (or a word no dictionary has but the
// term's letters do not explain: "Jenga", a game, for Django), and the rule
// has no topic yet.
func (l *Learner) talkedOf(c *candidate, r *rules.Rule) {
	ws := rules.Words(c.wrong)
	if len(ws) != 1 || len(r.Topic) > 0 || r.Case || sameLetters(c.wrong, c.right) {
		return
	}
	switch english.Lookup(ws[0]) {
	case english.Name:
		// A name heard for a name ("Jupiter" for Jupyter) is the
		// mishearing itself: a tech show seldom means the planet.
		return
	case english.Unknown:
		if !wordLike(ws[0], c.right) {
			return
		}
	}
	if c.count >= establishedFixes && len(c.episodes) >= establishedEpisodes {
		// Fixed in many episodes: the heard word is the term's wherever
		// it stands, passing mentions too ("get around the gill").
		return
	}
	r.Topic = []string{r.Right, c.wrong}
	r.Comment += "; only where the episode names " + r.Right + " or says " + strconv.Quote(c.wrong) + " 3 times"
}

// A fix made establishedFixes times in establishedEpisodes episodes is
// one people make across the catalogue: its rule needs no topic.
const (
	establishedFixes    = 20
	establishedEpisodes = 10
)

// wordLike reports whether a word no dictionary has reads as a word of its
// own rather than as the term's letters heard otherwise: its letters share
// no longer start with the term's than the first letter ("Jenga" for
// Django) and it has no capital inside ("PyDenic").
func wordLike(w, term string) bool {
	if hasUpperInside(w) {
		return false
	}
	a, b := []rune(strings.ToLower(w)), []rune(strings.ToLower(term))
	same := 0
	for same < len(a) && same < len(b) && a[same] == b[same] {
		same++
	}
	return same <= 1 && !misheard(w, term)
}

// topicShaped reports whether a fix has the words of a topic rule's: one
// word to another, not a fix of case alone.
func topicShaped(wrong, right string) bool {
	return len(rules.Words(wrong)) == 1 && len(rules.Words(right)) == 1 && !sameLetters(wrong, right)
}

// ownSense returns the contexts of a topic rule's exceptions: the naming
// neighbours its wrong word stands beside, unfixed, both in the episodes
// of in and elsewhere, twice or more, and never beside a fix.
func ownSense(c *candidate, in map[string]bool) []rules.Context {
	there, elsewhere := map[string]int{}, map[string]int{}
	for i, keys := range c.survivors {
		m := elsewhere
		if in[c.standsIn[i]] {
			m = there
		}
		for _, k := range keys {
			if !twoWords(k) && naming(k) && c.contexts[k] == 0 {
				m[k]++
			}
		}
	}
	var keys []string
	for k, n := range there {
		if n+elsewhere[k] >= 2 && elsewhere[k] > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	out := make([]rules.Context, len(keys))
	for i, k := range keys {
		out[i] = toContext(k)
	}
	return out
}

// mainContext returns how many of a candidate's fixes its commonest
// naming neighbour stood beside.
func mainContext(c *candidate) int {
	most := 0
	for k, m := range c.contexts {
		if !twoWords(k) && naming(k) {
			most = max(most, m)
		}
	}
	return most
}

// naming reports whether a one-word context key names something: "the _"
// or "_ is" (or "_ because", "use _") say nothing of which sense words
// have.
func naming(k string) bool {
	w := k[1:]
	return !weakWords[w] && !functionWords[w] && !fillers[w] && !isNumber(w)
}

// stillFixed reports whether people fixed one word that is no ordinary
// English ("Jupiter" to Jupyter: a name) often, in several episodes, and
// lately (in the six months before the latest fix read), and kept it where
// they fixed it no more often than they fixed it: they are still fixing it
// across the catalogue, a few places at a time, so where it stands is an
// error not reached yet. In 290 fixes people may keep "Jupiter" 153 times
// in the files they fixed, all beside "notebook" and "lab" as the fixes
// are. A fix given up long ago is judged by its places alone ("sequel" to
// SQL, last made a year before: people keep "sequel" where they edit),
// and so is a word standing unfixed in many episodes, a word of the show's
// language ("Pythonic", fixed to Pydantic 68 times, stands in 145). Words
// of three letters are too often other terms ("IPI" for PyPI, but also
// for ipywidgets).
func (l *Learner) stillFixed(c *candidate) bool {
	return len(rules.Words(c.wrong)) == 1 && utf8.RuneCountInString(c.wrong) >= 4 && english.Lookup(c.wrong) != english.Common && !sameLetters(c.wrong, c.right) &&
		c.count >= 10 && len(c.episodes) >= 2 && c.inside <= c.count && !l.latest.IsZero() && c.last.After(l.latest.AddDate(0, -6, 0)) &&
		len(c.elsewhere) <= max(2*len(c.episodes), l.finalEpisodes/20)
}

// topical reports whether one word people fixed often, in several
// episodes, stands unfixed where the term is talked of, five times likelier
// than anywhere (see topics), and not much more often than people fixed
// it: "Starlet" stands in the episodes that name Starlette 16 times as
// often as in any, "Ginger" in those that name Jinja 9 times; "pipe"
// beside PyPI, "sequel" beside SQL, which many episodes name, 0.85 and 2.1
// times: words in their own sense as often as not. (A term of its own is
// no misspelling however near it stands: "HTML" beside HTMX, 6.7 times;
// see rule.)
func topical(c *candidate) bool {
	pieces := heardAsWords(c.wrong, c.right)
	return (len(rules.Words(c.wrong)) == 1 || pieces) && c.count >= 10 && (len(c.episodes) >= 2 || pieces) && c.lift >= 5 &&
		len(c.survivors) <= 5*c.count
}

// knownTerm reports whether a word is a term of the starter vocabulary.
func knownTerm(w string) bool { return starterTerms()[rules.Fold(w)] }

// starterTerms returns the terms of the starter vocabulary, folded, read
// once; callers must not change it.
var starterTerms = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, e := range vocab.StarterEntries() {
		m[rules.Fold(e.Text)] = true
	}
	return m
})

// similar is the cosine similarity of the one-word neighbours of the
// places people fixed the words and of the places they stand unfixed:
// near 1 when the words stand where they were fixed, as the same errors.
func similar(c *candidate) float64 {
	surv := map[string]int{}
	for _, keys := range c.survivors {
		for _, k := range keys {
			if !twoWords(k) {
				surv[k]++
			}
		}
	}
	var dot, a, b float64
	for k, n := range c.contexts {
		if twoWords(k) {
			continue
		}
		a += float64(n * n)
		dot += float64(n * surv[k])
	}
	for _, n := range surv {
		b += float64(n * n)
	}
	if a == 0 || b == 0 {
		return 0
	}
	return dot / math.Sqrt(a*b)
}

// weakWords say too little of a word's sense to be a context alone, beside
// the function words: "pipe because", "use pipe" fit a pipe as well as PyPI.
var weakWords = wordSet("because itself yet use using used like about into over up out off get got go going " +
	"know think mean really now here thing things way lot kind sort well yeah okay right actually basically " +
	"even still only more most other another same new good great much many each every after before while " +
	"since until again make made say said see want need something anything nothing everything people time " +
	"top first last next back")

// extends reports whether a two-word context key continues a one-word
// one away from the words: "<<v w" extends "<w", ">>w x" extends ">w".
func extends(k2, k string) bool {
	switch {
	case strings.HasPrefix(k2, "<<") && strings.HasPrefix(k, "<"):
		return strings.HasSuffix(k2, " "+k[1:])
	case strings.HasPrefix(k2, ">>") && strings.HasPrefix(k, ">"):
		return strings.HasPrefix(k2[2:], k[1:]+" ")
	}
	return false
}

// toContext turns a context key (see contextKeys) into a context.
func toContext(k string) rules.Context {
	switch {
	case strings.HasPrefix(k, "<<"):
		return rules.Context{Before: strings.Fields(k[2:])}
	case strings.HasPrefix(k, ">>"):
		return rules.Context{After: strings.Fields(k[2:])}
	case strings.HasPrefix(k, "<"):
		return rules.Context{Before: []string{k[1:]}}
	}
	return rules.Context{After: []string{k[1:]}}
}

// splitOrJoined reports whether two phrases have the same letters in a
// different number of words: "fast API" and "FastAPI".
func splitOrJoined(a, b string) bool {
	wa, wb := rules.Words(a), rules.Words(b)
	if len(wa) == len(wb) {
		return false
	}
	return rules.Fold(strings.Join(wa, "")) == rules.Fold(strings.Join(wb, ""))
}

// ordinary reports whether words are one ordinary English word.
func ordinary(s string) bool {
	ws := rules.Words(s)
	return len(ws) == 1 && english.Lookup(ws[0]) == english.Common
}

// heardSplit reports whether wrong words are a term written with a
// capital inside heard as words of three letters or more ("fast API" for
// FastAPI): shorter pieces are often terms of their own ("C API", "I O").
func heardSplit(wrong, right string) bool {
	ws := rules.Words(wrong)
	if len(ws) < 2 || len(rules.Words(right)) != 1 || !hasUpperInside(right) || !splitOrJoined(wrong, right) {
		return false
	}
	for _, w := range ws {
		if utf8.RuneCountInString(w) < 3 {
			return false
		}
	}
	return true
}

// heardPieces reports whether wrong words are one term no dictionary has
// heard as words a letter away from it ("map plot lib" for matplotlib, "TK
// enter" for Tkinter): written together they are the term misspelled, a
// phrase with no sense of its own. A mark apart is no letter ("easy
// install" for easy_install: "it's a really easy install").
func heardPieces(wrong, right string) bool {
	ws, rw := rules.Words(wrong), rules.Words(right)
	if len(ws) < 2 || len(rw) != 1 || english.IsWord(rw[0]) {
		return false
	}
	j, r := letterKey(strings.Join(ws, "")), letterKey(rw[0])
	return utf8.RuneCountInString(r) >= 6 && phonetic.Distance(j, r, 1) == 1
}

// heardAsWords reports whether one word no dictionary has was heard as
// several ("message spec" for msgspec), not as itself beside another ("dot
// Git" for git: that is a word taken out).
func heardAsWords(wrong, right string) bool {
	ws, rw := rules.Words(wrong), rules.Words(right)
	if len(ws) < 2 || len(rw) != 1 || !isLetters(rw[0]) || english.IsWord(rw[0]) {
		return false
	}
	for _, w := range ws {
		if rules.Fold(w) == rules.Fold(rw[0]) {
			return false
		}
	}
	return true
}

// brokenTerm reports whether a fix splits a written term, one word with a
// dot inside ("Training.TalkPython.FM"), into more words: speech
// recognition does not write such words, people do, so the fix undoes one.
func brokenTerm(wrong, right string) bool {
	ws := rules.Words(wrong)
	return len(ws) == 1 && strings.Contains(ws[0], ".") && len(rules.Words(right)) > 1
}

// misheard reports whether the wrong words of a fix that changes letters
// into a term (no ordinary word: "dotnet" to "net" is spelling) are no
// English at all: one word of six letters or more (dots and hyphens
// allowed) that no dictionary has ("Pydentic", "Streamlet", "Daxter",
// "talkbython.fm"). Where such a word
// stands it is the same error, unfixed yet, not a word in its own sense,
// so its fix may be blind however often it stands elsewhere. Shorter
// unknown words are too often abbreviations, names or foreign words
// ("vin", "issa", "tomo").
func misheard(wrong, right string) bool {
	ws := rules.Words(wrong)
	if len(ws) != 1 || sameLetters(wrong, right) || english.Lookup(right) == english.Common {
		return false
	}
	w := strings.TrimSuffix(strings.TrimSuffix(ws[0], "'s"), "’s")
	if utf8.RuneCountInString(w) < 6 || isNumber(w) {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '.' && r != '-' {
			return false
		}
	}
	return english.Lookup(w) == english.Unknown
}

// wellAttested reports whether a candidate may be a blind rule as far as
// its support goes: a single word replaced by other letters needs five
// fixes in three episodes; a phrase, or a fix of case, spacing or joins,
// what any rule needs.
func wellAttested(c *candidate) bool {
	if len(rules.Words(c.wrong)) > 1 || sameLetters(c.wrong, c.right) || misheard(c.wrong, c.right) {
		return true
	}
	return c.count >= 5 && len(c.episodes) >= 3
}

// countOf writes n of a noun in its right number: "1 fix", "3 fixes".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
