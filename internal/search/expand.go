package search

import (
	"math/bits"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/phonetic"
)

// Limits on how far a word is widened.
const (
	maxPrefixTerms = 200 // most frequent terms a prefix stands for
	maxTypoTerms   = 5
	typoRareBelow  = 5  // a word in fewer segments than this is widened to near spellings
	maxSoundTerms  = 30 // most frequent sound-alike terms
	maxPairTerms   = 12 // sound-alike terms per half of a split word
)

// prefix returns the most frequent terms that start with p.
func (r *run) prefix(p string) []wterm {
	ix := r.ix
	i := sort.SearchStrings(ix.terms, p)
	var set []wterm
	for ; i < len(ix.terms) && strings.HasPrefix(ix.terms[i], p); i++ {
		set = append(set, wterm{uint32(i), 1})
	}
	r.work += len(set) // the next spend reports it
	set = ix.mostFrequent(set, maxPrefixTerms)
	if len(set) > 1 || len(set) == 1 && ix.terms[set[0].id] != p {
		r.note(p+"*", set)
	}
	return set
}

func (ix *Index) mostFrequent(set []wterm, n int) []wterm {
	if len(set) <= n {
		return set
	}
	sort.SliceStable(set, func(a, b int) bool { return len(ix.post[set[a].id].segs) > len(ix.post[set[b].id].segs) })
	return set[:n]
}

func (r *run) note(word string, set []wterm) {
	for _, t := range set {
		r.expanded[word] = append(r.expanded[word], r.ix.terms[t.id])
	}
}

// warm builds the tables of typo tolerance and sounds-like search.
func (ix *Index) warm() {
	ix.lazy.Do(func() {
		ix.byFirst = map[byte][]uint32{}
		ix.byKey = map[string][]uint32{}
		ix.keyFirst = map[byte][]string{}
		var buf []byte
		ix.masks = make([]uint64, len(ix.terms))
		for i, t := range ix.terms {
			ix.masks[i] = letterMask(t)
			ix.byFirst[t[0]] = append(ix.byFirst[t[0]], uint32(i))
			buf = phonetic.AppendKey(buf[:0], t)
			if len(buf) == 0 {
				continue
			}
			ids, ok := ix.byKey[string(buf)]
			k := string(buf)
			if !ok {
				ix.keyFirst[k[0]] = append(ix.keyFirst[k[0]], k)
			}
			ix.byKey[k] = append(ids, uint32(i))
		}
	})
}

// Warm prepares an index for typo tolerance and sounds-like queries, which
// otherwise prepare it on their first use.
func (ix *Index) Warm() { ix.warm() }

// typos widens a rare or unknown word to the more frequent words within
// an edit distance of 1 (2 for words of 8 letters or more) that start
// with the same letter.
func (r *run) typos(w string, known bool, id uint32) []wterm {
	ix := r.ix
	df := 0
	if known {
		df = len(ix.post[id].segs)
	}
	n := utf8.RuneCountInString(w)
	if df >= typoRareBelow || n < 4 || strings.ContainsAny(w, "0123456789") {
		return nil
	}
	ix.warm()
	max := 1
	if n >= 8 {
		max = 2
	}
	type cand struct {
		id       uint32
		dist, df int
	}
	var cs []cand
	mask := letterMask(w)
	r.work += len(ix.byFirst[w[0]]) // the next spend reports it
	for _, t := range ix.byFirst[w[0]] {
		term := ix.terms[t]
		if d := len(term) - len(w); d > max || d < -max || term == w {
			continue
		}
		// An edit adds or removes at most two letters from the set of
		// letters a word holds: a cheap test before the distance.
		if bits.OnesCount64(ix.masks[t]^mask) > 2*max {
			continue
		}
		tdf := len(ix.post[t].segs)
		if tdf <= df {
			continue
		}
		if d := phonetic.Distance(term, w, max); d <= max {
			cs = append(cs, cand{t, d, tdf})
		}
	}
	sort.Slice(cs, func(a, b int) bool {
		if cs[a].dist != cs[b].dist {
			return cs[a].dist < cs[b].dist
		}
		return cs[a].df > cs[b].df
	})
	if len(cs) > maxTypoTerms {
		cs = cs[:maxTypoTerms]
	}
	set := make([]wterm, len(cs))
	for i, c := range cs {
		set[i] = wterm{c.id, typoWeight}
	}
	r.note(w, set)
	return set
}

// soundsLike finds the segments holding a word, or two neighbouring
// words, that sound like the item: whose phonetic key equals the item's
// or is one edit from it (for keys of 4 letters or more).
func (r *run) soundsLike(it Item) ([]hit, error) {
	ix := r.ix
	ix.warm()
	joined := strings.Join(it.Words, "")
	key := phonetic.Key(joined)
	if len(key) < 2 {
		return nil, nil
	}
	max := 0
	if len(key) >= 4 {
		max = 1
	}
	letters := lettersOf(joined)
	if err := r.spend(len(ix.keyFirst[key[0]])); err != nil {
		return nil, err
	}
	var set []wterm
	for _, k := range ix.keyFirst[key[0]] {
		if d := len(k) - len(key); d > max || d < -max {
			continue
		}
		if phonetic.Distance(k, key, max) <= max {
			for _, t := range ix.byKey[k] {
				if len(it.Words) == 1 && ix.terms[t] == it.Words[0] || !spelledNear(ix.terms[t], letters) {
					continue // the word itself is already searched
				}
				set = append(set, wterm{t, 1})
			}
		}
	}
	set = ix.mostFrequent(set, maxSoundTerms)
	r.note(it.String(), set)
	for _, t := range set {
		r.marks[ix.terms[t.id]] = true
	}
	out, err := r.termHits(set)
	if err != nil {
		return nil, err
	}
	// Splits: "fast API" for FastAPI.
	for i := 2; i+2 <= len(letters); i++ {
		if err := r.ctx.Err(); err != nil {
			return nil, err
		}
		kl, kr := phonetic.Key(letters[:i]), phonetic.Key(letters[i:])
		if len(kl) == 0 || len(kr) == 0 || len(kl)+len(kr) < 4 {
			continue // a one-sound piece ("py" of pytest) only beside a longer one
		}
		a := ix.mostFrequent(ix.keyTerms(kl, letters[:i]), maxPairTerms)
		b := ix.mostFrequent(ix.keyTerms(kr, letters[i:]), maxPairTerms)
		if len(a) == 0 || len(b) == 0 {
			continue
		}
		h, err := r.phrase([][]wterm{a, b}, 1)
		if err != nil {
			return nil, err
		}
		if len(h) == 0 {
			continue
		}
		// The words that were found as a pair.
		for _, t := range append(a, b...) {
			r.marks[ix.terms[t.id]] = true
		}
		var names []string
		for _, x := range a {
			for _, y := range b {
				names = append(names, ix.terms[x.id]+" "+ix.terms[y.id])
			}
		}
		if len(names) <= 4 {
			r.expanded[it.String()] = append(r.expanded[it.String()], names...)
		} else {
			r.expanded[it.String()] = append(r.expanded[it.String()], letters[:i]+"~ "+letters[i:]+"~")
		}
		if err := r.spend(len(out) + len(h)); err != nil {
			return nil, err
		}
		out = union(out, h, 1)
	}
	return out, nil
}

// keyTerms returns the terms with a phonetic key that are spelled near a
// word.
func (ix *Index) keyTerms(k, word string) []wterm {
	var set []wterm
	for _, t := range ix.byKey[k] {
		if spelledNear(ix.terms[t], word) {
			set = append(set, wterm{t, 1})
		}
	}
	return set
}

// spelledNear reports whether a term's letters are within 1 + len/4
// edits of a word's: sounding alike is not enough on its own, as keys are
// coarse ("fast" and "visit" share most of FastAPI's). A word of three
// letters or fewer may be 2 edits away, for the short piece of a split
// ("pie" for the "py" of pytest) and so also for a short query word.
func spelledNear(term, word string) bool {
	max := 1 + len(word)/4
	if len(word) <= 3 {
		max = 2 // "pie" for the "py" of pytest
	}
	return phonetic.Distance(lettersOf(term), word, max) <= max
}

// letterMask returns the set of ASCII letters and digits of a word, as
// bits; other characters share one bit.
func letterMask(w string) uint64 {
	var m uint64
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z':
			m |= 1 << (c - 'a')
		case c >= '0' && c <= '9':
			m |= 1 << (26 + c - '0')
		default:
			m |= 1 << 63
		}
	}
	return m
}

// lettersOf keeps the letters and digits of a folded word.
func lettersOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= utf8.RuneSelf {
			b.WriteRune(r)
		}
	}
	return b.String()
}
