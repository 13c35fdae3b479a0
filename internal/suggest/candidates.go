package suggest

import (
	"strings"

	"github.com/emend-project/emend/internal/english"
	"github.com/emend-project/emend/internal/phonetic"
	"github.com/emend-project/emend/internal/pronounce"
	"github.com/emend-project/emend/internal/rules"
)

// MaxWords is the most words a heard span or a term may have.
const MaxWords = 4

// text is a transcript's words, with where they stand.
type text struct {
	texts  []string
	seg    []int32  // the segment of each word
	at     [][2]int // its bytes in the segment
	fold   []string // folded
	joined []string // folded without hyphens, dots, apostrophes
	// brk[k] is true when word k may not be joined to word k-1: another
	// segment, or punctuation between them.
	brk []bool
	// sent[k] is true when word k begins a sentence: the first word, or
	// one after '.', '?' or '!' (in its segment or at the end of the one
	// before), as the language model splits sentences.
	sent []bool
	stop []bool // a function word
	num  []bool // a number: digits and no more than one letter ("3.12", "v2"; not "Web2Pi")
	ord  []int8 // 1: an ordinary English word, -1: not, 0: not known yet
	// counts are how many times each folded word is said (see bursty).
	counts map[string]int
}

func newText(texts []string) *text {
	t := &text{texts: texts}
	ended := true // the text so far ends a sentence
	for si, s := range texts {
		prevEnd := -1
		for _, b := range rules.WordBounds(s) {
			gap := s[max(prevEnd, 0):b[0]]
			t.sent = append(t.sent, ended && prevEnd < 0 || strings.ContainsAny(gap, ".?!"))
			ended = false
			w := s[b[0]:b[1]]
			f := rules.Fold(w)
			t.seg = append(t.seg, int32(si))
			t.at = append(t.at, b)
			t.fold = append(t.fold, f)
			t.joined = append(t.joined, joinFold([]string{f}))
			t.brk = append(t.brk, prevEnd < 0 || strings.TrimSpace(s[prevEnd:b[0]]) != "")
			t.stop = append(t.stop, stopWords[f])
			t.num = append(t.num, number(f))
			prevEnd = b[1]
		}
		if prevEnd >= 0 {
			ended = strings.ContainsAny(s[prevEnd:], ".?!")
		}
	}
	return t
}

func byJoined(x *Index) map[string][]int32 { return x.byJoined }
func byKey(x *Index) map[string][]int32    { return x.byKey }
func byDel(x *Index) map[string][]int32    { return x.byDel }
func bySound(x *Index) map[string][]int32  { return x.sound.key }
func bySndDel(x *Index) map[string][]int32 { return x.sound.del }
func byStrong(x *Index) map[string][]int32 { return x.strong.key }
func byStrDel(x *Index) map[string][]int32 { return x.strong.del }

// candidate is a span of words that sounds like or is spelled close to a
// term.
type candidate struct {
	i, j    int // words [i, j)
	term    int32
	keyDist int // 0 or 1
	spell   int // edit distance of the joined spellings
	joined  bool
	// bySound is true for a candidate found by its phonemes alone, with
	// sound their distance (pronounce.Distance; -1: not computed yet).
	bySound bool
	sound   float64
}

// candidates lists the spans of the text close to a term of the index.
func (ix *Index) candidates(t *text) []candidate {
	var out []candidate
	var key, joined []byte
	var seen, heardAs []int32 // terms tried by spelling; terms found, or tried by sound
	said := make([][]pronounce.Pronunciation, len(t.fold))
	saidDone := make([]bool, len(t.fold))
	var span []pronounce.Pronunciation
	for i := range t.fold {
		if t.stop[i] || t.num[i] {
			continue
		}
		joined = joined[:0]
		span = span[:0]
		span = append(span, nil)
		for j := i + 1; j <= min(i+MaxWords, len(t.fold)); j++ {
			if j > i+1 && t.brk[j-1] || t.num[j-1] {
				break
			}
			joined = append(joined, t.joined[j-1]...)
			if !saidDone[j-1] {
				saidDone[j-1] = true
				said[j-1] = sayWords([]string{t.word(j - 1)})
			}
			span = extendSaid(span, said[j-1])
			if t.stop[j-1] {
				continue // a span does not end in a function word
			}
			if len(joined) < 3 {
				continue
			}
			// A term already spelled right is not made into another by
			// spelling; by sound, only into a term of a stronger source
			// than its own, and a strong one: a name learned from
			// transcripts ("Arkin") may be a mishearing never corrected.
			isTerm := ix.spellsTerm(t, i, j)
			heardSrc := Source(-1)
			if isTerm {
				heardSrc = ix.sourceOf(t, i, j)
				if heardSrc >= FromUser {
					continue
				}
			}
			seen, heardAs = seen[:0], heardAs[:0]
			add := func(n int32, keyDist int) {
				for _, s := range seen {
					if s == n {
						return
					}
				}
				seen = append(seen, n)
				tm := &ix.terms[n]
				if c, ok := ix.check(t, i, j, string(joined), tm, keyDist); ok {
					c.term = n
					out = append(out, c)
					heardAs = append(heardAs, n)
				}
			}
			// A term not close in spelling may be close in sound.
			addSound := func(n int32) {
				for _, s := range heardAs {
					if s == n {
						return
					}
				}
				heardAs = append(heardAs, n)
				if isTerm && ix.terms[n].Source <= heardSrc {
					return
				}
				if c, ok := ix.checkSound(t, i, j, string(joined), &ix.terms[n], span); ok {
					c.term = n
					out = append(out, c)
				}
			}
			for _, n := range ix.lookup(byJoined, string(joined)) {
				if !isTerm {
					add(n, 0)
				}
			}
			func() {
				if isTerm {
					return
				}
				key = phonetic.AppendKey(key[:0], string(joined))
				if len(key) == 0 {
					return
				}
				for _, n := range ix.lookup(byKey, string(key)) {
					add(n, 0)
				}
				if len(key) < 4 {
					return
				}
				// Keys one edit apart: a term key one longer holds this key
				// as a deletion; one shorter or of the same length share a
				// deletion.
				for _, n := range ix.lookup(byDel, string(key)) {
					add(n, 1)
				}
				for k := range len(key) {
					d := string(key[:k]) + string(key[k+1:])
					for _, n := range ix.lookup(byKey, d) {
						add(n, 1)
					}
					for _, n := range ix.lookup(byDel, d) {
						if phonetic.Distance(string(key), ix.terms[n].key, 1) <= 1 {
							add(n, 1)
						}
					}
				}
			}()
			// Terms that sound alike by their phonemes: the same key, or
			// keys one class apart. Ordinary words are tried only against
			// the terms of strong sources (see checkSound), and keys of
			// three classes only against those: short keys' neighbours are
			// too many.
			ordinary := true
			for k := i; k < j && ordinary; k++ {
				ordinary = t.ordinary(k)
			}
			keyMap, delMap, minDel := bySound, bySndDel, weakMinDel
			if ordinary || isTerm {
				keyMap, delMap = byStrong, byStrDel
			}
			for _, p := range span {
				key = pronounce.AppendKey(key[:0], p)
				if len(key) < MinSoundKey {
					continue
				}
				for _, n := range ix.lookup(keyMap, string(key)) {
					addSound(n)
				}
				for _, n := range ix.lookup(delMap, string(key)) {
					addSound(n)
				}
				if len(key) <= MinSoundKey {
					continue
				}
				// Terms one class shorter.
				m := keyMap
				if len(key) < minDel {
					m = byStrong
				}
				for k := range len(key) {
					d := string(key[:k]) + string(key[k+1:])
					for _, n := range ix.lookup(m, d) {
						addSound(n)
					}
				}
			}
		}
	}
	return out
}

// ordinary reports whether word k is an ordinary English word in its
// ordinary use, remembering the answer: a common English word that is not
// bursty in this text (see bursty).
func (t *text) ordinary(k int) bool {
	if t.ord == nil {
		t.ord = make([]int8, len(t.fold))
	}
	if t.ord[k] == 0 {
		t.ord[k] = -1
		if english.Lookup(t.fold[k]) == english.Common && !t.bursty(t.fold[k]) {
			t.ord[k] = 1
		}
	}
	return t.ord[k] > 0
}

// MinBurst and BurstRatio say when an ordinary word is bursty in a
// transcript: said at least MinBurst times, and at least BurstRatio times
// as often as spoken English says it (english.Count). A name misheard as
// one word comes back each time the name is said: "ginger" ten times in
// an interview about Jinja, where an hour of talk says it 0.06 times.
const (
	MinBurst   = 4
	BurstRatio = 50
)

// bursty reports whether a folded word is bursty in the text (see
// MinBurst): then it is tried against every term by sound, as words that
// are no English are.
func (t *text) bursty(fold string) bool {
	if t.counts == nil {
		t.counts = make(map[string]int, len(t.fold)/4)
		for _, f := range t.fold {
			t.counts[f]++
		}
	}
	n := t.counts[fold]
	if n < MinBurst {
		return false
	}
	expected := float64(len(t.fold)) * float64(english.Count(fold)) / english.CorpusWords
	return float64(n) >= BurstRatio*expected
}

// word is word k as written.
func (t *text) word(k int) string { return t.texts[t.seg[k]][t.at[k][0]:t.at[k][1]] }

// extendSaid returns how a span is said with one more word said as
// next: every pairing, at most pronounce.MaxPronunciations (a word
// without a pronunciation adds nothing). It reuses span's storage.
func extendSaid(span, next []pronounce.Pronunciation) []pronounce.Pronunciation {
	if len(next) == 0 {
		return span
	}
	n := len(span)
	out := span
	for _, b := range next[1:] {
		for _, a := range span[:n] {
			if len(out) < pronounce.MaxPronunciations {
				out = append(out, append(append(pronounce.Pronunciation(nil), a...), b...))
			}
		}
	}
	for k := range n {
		out[k] = append(append(pronounce.Pronunciation(nil), span[k]...), next[0]...)
	}
	return out
}

// MaxSoundDistance is the largest phoneme distance (pronounce.Distance)
// between heard words and a term found by sound alone: "Arkin" for Okken
// is 0.16, "Polar" for Polars 0.18, "coffee" for Kafka 0.24.
const MaxSoundDistance = 0.25

// MaxAliasDistance is the largest phoneme distance between heard words
// and a "sounds like" alias of a term for the words to be a candidate by
// the alias, when they are not one by the term's own sound: an alias is
// how the term is heard, its neighbours are not all ("Posi", the tool
// Posy, is 0.24 from "peipsi", a mishearing of PyPI).
// MaxOrdinaryAliasDistance is that distance for ordinary English words
// and a term of a weak source: said
// as the alias is ("whiskey", "whisky" for WSGI), not merely near it
// ("whisker" is 0.05 from "whiskey").
const (
	MaxAliasDistance         = 0.1
	MaxOrdinaryAliasDistance = 0.03
)

// checkSound decides whether a span that check refused is a candidate
// for a term by sound: pronunciations close enough, and words that are
// not ordinary English in their ordinary sense unless the term is the
// episode's, the rules' or the producer's, or they are said as one of its
// aliases; beginning alike, and not the
// term inflected (see soundMatch).
func (ix *Index) checkSound(t *text, i, j int, joined string, tm *term, said []pronounce.Pronunciation) (candidate, bool) {
	c := candidate{i: i, j: j, keyDist: 1, bySound: true}
	heard := t.texts[t.seg[i]][t.at[i][0]:t.at[j-1][1]]
	if heard == tm.Text || joined == tm.joined || abs(j-i-tm.words) > 2 || spelledOut(t.fold[i:j]) || containsTerm(t.fold[i:j], tm) {
		return c, false
	}
	// Ordinary words, for a term of a weak source, only by an alias.
	ordinary := tm.Source < FromUser
	for k := i; k < j && ordinary; k++ {
		ordinary = t.ordinary(k)
	}
	da := 2.0 // to the nearest alias
	if len(tm.alias) > 0 {
		da = soundMatch(said, tm.alias)
	}
	if ordinary && da > MaxOrdinaryAliasDistance {
		return c, false
	}
	d := soundMatch(said, tm.prons)
	if d > MaxSoundDistance && da > MaxAliasDistance {
		return c, false
	}
	c.sound = d // the term's own pronunciations, for Features.Sound
	c.spell = phonetic.Distance(joined, tm.joined, max(len(joined), len(tm.joined)))
	return c, true
}

// sourceOf returns the strongest source of the terms spelled as words
// [i, j) (in any case).
func (ix *Index) sourceOf(t *text, i, j int) Source {
	fold := strings.Join(t.fold[i:j], " ")
	src := Source(-1)
	for _, n := range ix.lookup(byJoined, joinFold(t.fold[i:j])) {
		if ix.terms[n].fold == fold {
			src = max(src, ix.terms[n].Source)
		}
	}
	if src < 0 {
		// A term too short to be indexed, or not indexed by spelling:
		// taken as the starter list's.
		src = FromStarter
	}
	return src
}

// spellsTerm reports whether words [i, j) are a term of the vocabulary
// already (in any case): a right term is not made into another.
func (ix *Index) spellsTerm(t *text, i, j int) bool {
	if j == i+1 {
		return ix.isExact(t.fold[i])
	}
	return ix.isExact(strings.Join(t.fold[i:j], " "))
}

// check decides whether a span is a candidate for a term: close enough in
// spelling, and not the term itself.
func (ix *Index) check(t *text, i, j int, joined string, tm *term, keyDist int) (candidate, bool) {
	c := candidate{i: i, j: j, keyDist: keyDist, sound: -1}
	heard := t.texts[t.seg[i]][t.at[i][0]:t.at[j-1][1]]
	if heard == tm.Text {
		return c, false
	}
	// Letters spelled out one by one ("P-Y-P-I", "F I V E") are kept as
	// spoken: people spell a name out on purpose.
	if spelledOut(t.fold[i:j]) {
		return c, false
	}
	if joined == tm.joined {
		// The same letters, split, joined or cased otherwise. A case
		// difference in the first letter alone is style, not a term.
		if j-i == tm.words && strings.EqualFold(heard, tm.Text) && heard[1:] == tm.Text[1:] {
			return c, false
		}
		c.keyDist, c.joined = 0, true
		return c, true
	}
	if abs(j-i-tm.words) > 2 {
		return c, false
	}
	// Words that hold the term itself ("Python now", "python.py" are not
	// "Python").
	if containsTerm(t.fold[i:j], tm) {
		return c, false
	}
	longest := max(len(joined), len(tm.joined))
	// Sound-alikes may be spelled very differently ("rough", "ruff"); a
	// key one edit apart needs closer spelling.
	maxd := max(1, (longest+1)/2)
	if keyDist > 0 {
		maxd = max(1, longest*2/5)
	}
	d := phonetic.Distance(joined, tm.joined, maxd)
	if d > maxd {
		return c, false
	}
	// The heard words must begin with the term's first sound: "rough"
	// for "ruff", not "enough" for "ruff".
	if len(tm.key) > 0 && len(joined) > 0 && firstSound(joined) != firstSound(tm.joined) {
		return c, false
	}
	c.spell = d
	return c, true
}

// containsTerm reports whether the words, split also at hyphens, dots and
// underscores ("python.py"), hold the folded term's words as a run.
func containsTerm(words []string, tm *term) bool {
	var buf [8]string
	parts := buf[:0]
	for _, w := range words {
		if !strings.ContainsAny(w, ".-_") {
			if w != "" {
				parts = append(parts, w)
			}
			continue
		}
		parts = append(parts, strings.FieldsFunc(w, func(r rune) bool { return r == '.' || r == '-' || r == '_' })...)
	}
	for k := 0; k+len(tm.fields) <= len(parts); k++ {
		if joinedIs(parts[k:k+len(tm.fields)], tm.fold) {
			return true
		}
	}
	return false
}

// joinedIs reports whether strings.Join(parts, " ") == s, without joining.
func joinedIs(parts []string, s string) bool {
	n := 0
	for i, p := range parts {
		if i > 0 {
			if n >= len(s) || s[n] != ' ' {
				return false
			}
			n++
		}
		if !strings.HasPrefix(s[n:], p) {
			return false
		}
		n += len(p)
	}
	return n == len(s)
}

// spelledOut reports whether words are letters spelled one by one: single
// letters, or a word of letters joined by hyphens.
func spelledOut(words []string) bool {
	single := 0
	for _, w := range words {
		if len(w) == 1 {
			single++
			continue
		}
		if len(w) >= 3 && w[1] == '-' && strings.Count(w, "-")*2+1 == len(w) {
			return true
		}
	}
	return single >= 2
}

// firstSound is a word's first letter, with letters that sound alike at
// the start of a word made one.
func firstSound(s string) byte {
	k := phonetic.Key(s[:min(len(s), 2)])
	if k == "" {
		return s[0]
	}
	return k[0]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// stopWords are function words: a span made only of them, or beginning or
// ending with one, is not a term heard wrong.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if then so of to in on at by for with from as is are was were be been
	being am i you he she it we they me him her us them my your his its our their this that these those there here what
	which who whom whose when where why how not no nor do does did done have has had having will would shall should can
	could may might must just also very too than into onto over under about up down out off again all any both each few
	more most other some such only own same s t don't it's i'm you're we're they're that's there's isn't aren't wasn't
	yeah yes okay ok oh um uh like well right really kind sort got get go going know think mean say said thing things
	let let's one two lot`) {
		m[w] = true
	}
	return m
}()

// number reports whether a folded word holds a digit and at most one
// letter: a number or version ("3.12", "v2", "2x"), which no span holds,
// unlike a name with digits in it ("web2py", "Neo4j", "h5py") heard
// otherwise ("Web2Pi").
func number(f string) bool {
	digit, letters := false, 0
	for i := 0; i < len(f); i++ {
		switch c := f[i]; {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z':
			letters++
		}
	}
	return digit && letters <= 1
}
