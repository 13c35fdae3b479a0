// Package langmodel owns the word trigram language model of corrected
// transcript text: counting words, pairs and triples in text (Builder),
// smoothing them into probabilities (Model.LogProb, Model.Compare), the
// spellings words were seen in (Model.Spellings), and the compact binary
// form the model is cached in (Model.WriteTo, Read).
//
// Words are split as rules.Words splits them and folded as rules.Fold
// folds them; a sentence ends at '.', '?' or '!' between words and at the
// end of each text added.
//
// Smoothing is interpolated Kneser-Ney of order three, with one absolute
// discount per order estimated from the counts of counts (D = n1/(n1+2n2)).
// It is chosen over stupid backoff because the model answers "which of
// these alternatives fits here" where one alternative is often rare or
// unseen: Kneser-Ney gives real, normalised probabilities, so the scores of
// alternatives of different lengths ("fast API" against "FastAPI") and of
// words seen in few contexts compare fairly, and its lower orders count the
// contexts a word follows rather than its frequency, so a word that is
// frequent in one fixed phrase only does not win everywhere. Its cost over
// stupid backoff is a few counts more per pair, computed once when the
// model is built.
//
// The model is stored as a trie in flat arrays: for each word id the range
// of its pairs, for each pair the range of its triples, the last word of
// each sorted within its range. A lookup is two binary searches in short
// ranges; the arrays load from the binary form without hashing.
package langmodel

import (
	"math"
	"sort"

	"github.com/emend-project/emend/internal/rules"
)

// Start and End stand for a sentence boundary in the words given to
// LogProb and Compare: Start first in left, End first in right.
const (
	Start = "<s>"
	End   = "</s>"
)

// Reserved word ids.
const (
	idUnknown = 0 // a word not in the vocabulary
	idStart   = 1 // the start of a sentence: a context, never predicted
	idEnd     = 2 // the end of a sentence
	firstWord = 3
)

// maxVocab bounds the vocabulary: triples are packed into 64 bits, 21 per
// word, while building. Words first seen after the vocabulary is full are
// counted as unknown.
const maxVocab = 1 << 21

// A Model is a trained trigram model. It is safe for concurrent use.
type Model struct {
	words []string          // by id; ids below firstWord are reserved
	ids   map[string]uint32 // folded word to id
	count []uint32          // by id: how often the word was seen
	cont1 []uint32          // by id: distinct words seen before it

	// Pairs (v, w), grouped by v: biStart[v]..biStart[v+1] index biWord.
	biStart []uint32
	biWord  []uint32
	cont2   []uint32 // distinct words seen before the pair
	pruned  []uint32 // occurrences of triples after the pair dropped from the model
	ctx     []uint32 // occurrences of the pair followed by a word: kept triples plus pruned

	// Triples (u, v, w), grouped by the pair (u, v) at index i:
	// triStart[i]..triStart[i+1] index triWord.
	triStart []uint32
	triWord  []uint32
	triCount []uint32

	// Derived per word v, at the pair level: the sum of cont2 over pairs
	// (v, ·) and the number of them with cont2 > 0.
	cont2Sum   []uint32
	cont2Types []uint32
	cont1Sum   uint64 // the sum of cont1: distinct pairs
	cont1Types uint32 // words with cont1 > 0

	d1, d2, d3 float64 // discounts per order
	tokens     uint64  // words trained on, sentence ends not counted

	spell map[uint32][]spelling // spellings other than the folded form
}

// A spelling is a form a word was seen in, and how often.
type spelling struct {
	form  string
	count uint32
}

// id returns the id of a word as given, folded; Start and End map to the
// sentence boundary, anything unseen to idUnknown.
func (m *Model) id(w string) uint32 {
	switch w {
	case Start:
		return idStart
	case End:
		return idEnd
	}
	if id, ok := m.ids[w]; ok {
		return id
	}
	if isFolded(w) {
		return idUnknown
	}
	if id, ok := m.ids[rules.Fold(w)]; ok {
		return id
	}
	return idUnknown
}

// Count returns how often a word (folded or not) was seen.
func (m *Model) Count(word string) int {
	id := m.id(word)
	if id < firstWord {
		if id == idEnd {
			return int(m.count[idEnd])
		}
		return 0
	}
	return int(m.count[id])
}

// Words returns the number of words the model was trained on.
func (m *Model) Words() int { return int(m.tokens) }

// Vocabulary returns the number of distinct folded words seen.
func (m *Model) Vocabulary() int { return len(m.words) - firstWord }

// Spellings reports how often a word was seen in each spelling, for
// casing learned from use: "fastapi" gives {"FastAPI": 120, "fastapi": 3}.
// It returns nil for a word never seen.
func (m *Model) Spellings(word string) map[string]int {
	id := m.id(word)
	if id < firstWord {
		return nil
	}
	out := make(map[string]int, 1+len(m.spell[id]))
	rest := int(m.count[id])
	for _, s := range m.spell[id] {
		out[s.form] = int(s.count)
		rest -= int(s.count)
	}
	if rest > 0 {
		out[m.words[id]] = rest
	}
	return out
}

// pair returns the index of the pair (v, w), or -1.
func (m *Model) pair(v, w uint32) int {
	if int(v)+1 >= len(m.biStart) {
		return -1
	}
	lo, hi := int(m.biStart[v]), int(m.biStart[v+1])
	i := lo + sort.Search(hi-lo, func(k int) bool { return m.biWord[lo+k] >= w })
	if i < hi && m.biWord[i] == w {
		return i
	}
	return -1
}

// triple returns the count of w after the pair at index p, or 0.
func (m *Model) triple(p int, w uint32) uint32 {
	lo, hi := int(m.triStart[p]), int(m.triStart[p+1])
	i := lo + sort.Search(hi-lo, func(k int) bool { return m.triWord[lo+k] >= w })
	if i < hi && m.triWord[i] == w {
		return m.triCount[i]
	}
	return 0
}

// p1 is the unigram probability of w: its continuation count, discounted,
// interpolated with the uniform distribution over the vocabulary and one
// unknown word.
func (m *Model) p1(w uint32) float64 {
	uniform := 1 / float64(len(m.words)-firstWord+2) // words, End and unknown
	if m.cont1Sum == 0 {
		return uniform
	}
	total := float64(m.cont1Sum)
	p := m.d1 * float64(m.cont1Types) / total * uniform
	if int(w) < len(m.cont1) {
		if c := float64(m.cont1[w]) - m.d1; c > 0 {
			p += c / total
		}
	}
	return p
}

// p2 is the probability of w after v at the pair level, from continuation
// counts.
func (m *Model) p2(v, w uint32) float64 {
	lower := m.p1(w)
	if int(v) >= len(m.cont2Sum) || m.cont2Sum[v] == 0 {
		return lower
	}
	total := float64(m.cont2Sum[v])
	p := m.d2 * float64(m.cont2Types[v]) / total * lower
	if i := m.pair(v, w); i >= 0 {
		if c := float64(m.cont2[i]) - m.d2; c > 0 {
			p += c / total
		}
	}
	return p
}

// p3 is the probability of w after u v, from counts.
func (m *Model) p3(u, v, w uint32) float64 {
	lower := m.p2(v, w)
	ctx := m.pair(u, v)
	if ctx < 0 || m.ctx[ctx] == 0 {
		return lower
	}
	total := float64(m.ctx[ctx])
	kept := float64(m.triStart[ctx+1] - m.triStart[ctx])
	p := (m.d3*kept + float64(m.pruned[ctx])) / total * lower
	if c := float64(m.triple(ctx, w)) - m.d3; c > 0 {
		p += c / total
	}
	return p
}

// LogProb returns the natural logarithm of the probability of words
// following left, the words before them (nil when none are known; Start
// for a sentence start). Words are folded; an unknown word gets a small
// probability, never zero.
func (m *Model) LogProb(left []string, words []string) float64 {
	u, v, n := uint32(0), uint32(0), 0 // the context and how many words of it are known
	for _, w := range left[max(0, len(left)-2):] {
		u, v = v, m.id(w)
		n++
	}
	if n > 0 && v == idStart {
		u, n = idStart, 2 // a sentence start is seen as two boundaries
	}
	sum := 0.0
	for _, w := range words {
		id := m.id(w)
		var p float64
		switch n {
		case 0:
			p = m.p1(id)
		case 1:
			p = m.p2(v, id)
		default:
			p = m.p3(u, v, id)
		}
		sum += math.Log(p)
		u, v = v, id
		n++
	}
	return sum
}

// Compare scores alternatives for one slot between left and right: for
// each, the log probability of the alternative's words and of the first
// two words of right after them, so that how well the right context
// follows counts. Alternatives may differ in length ("FastAPI", "fast
// API"); the scores are comparable as they are joint probabilities of the
// same stretch of text. right may begin with End at a sentence end.
func (m *Model) Compare(left []string, alts [][]string, right []string) []float64 {
	right = right[:min(2, len(right))]
	out := make([]float64, len(alts))
	buf := make([]string, 0, 8)
	for i, alt := range alts {
		buf = append(append(buf[:0], alt...), right...)
		out[i] = m.LogProb(left, buf)
	}
	return out
}

// isFolded reports whether a word is its own folded form: ASCII without
// capitals, the usual case.
func isFolded(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 0x80 || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}
