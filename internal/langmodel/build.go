package langmodel

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/emend-project/emend/internal/rules"
)

// A Builder counts the words of texts and makes a Model of them.
type Builder struct {
	// PruneSingletons drops triples seen once from the model; their
	// probability mass goes to the pair level. It shrinks the model by
	// about half and costs a little accuracy on rare words.
	PruneSingletons bool

	ids    map[string]uint32
	words  []string
	stream []uint32       // word ids, each sentence led by idStart and ended by idEnd
	spell  map[string]int // forms not already folded, as seen: index in forms
	forms  []form
	tokens uint64
}

// A form is a spelling of a word not already folded: its word's id and
// how often it was seen.
type form struct {
	text     string
	id, seen uint32
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	b := &Builder{
		ids:   make(map[string]uint32),
		words: []string{"", Start, End},
		spell: make(map[string]int),
	}
	return b
}

// Add counts the words of one text: a segment, a paragraph or a whole
// episode of corrected transcript. Sentences end at '.', '?' or '!'
// between words and at the end of the text, so texts joined with spaces
// lose no context at their seams.
func (b *Builder) Add(text string) {
	open := false
	prev := 0
	for _, wb := range rules.WordBounds(text) {
		if open && strings.ContainsAny(text[prev:wb[0]], ".?!") {
			b.stream = append(b.stream, idEnd)
			open = false
		}
		if !open {
			b.stream = append(b.stream, idStart)
			open = true
		}
		b.stream = append(b.stream, b.word(text[wb[0]:wb[1]]))
		b.tokens++
		prev = wb[1]
	}
	if open {
		b.stream = append(b.stream, idEnd)
	}
}

// word returns the id of a word as seen, counting its spelling.
func (b *Builder) word(w string) uint32 {
	if isFolded(w) {
		return b.folded(w)
	}
	if i, ok := b.spell[w]; ok {
		b.forms[i].seen++
		return b.forms[i].id
	}
	id := b.folded(rules.Fold(w))
	w = strings.Clone(w)
	b.spell[w] = len(b.forms)
	b.forms = append(b.forms, form{w, id, 1})
	return id
}

// folded returns the id of a folded word, giving it one if it is new.
func (b *Builder) folded(f string) uint32 {
	if id, ok := b.ids[f]; ok {
		return id
	}
	if len(b.words) >= maxVocab {
		return idUnknown
	}
	id := uint32(len(b.words))
	f = strings.Clone(f)
	b.ids[f] = id
	b.words = append(b.words, f)
	return id
}

// Packing of triples while building: 21 bits a word.
const (
	bits = 21
	mask = 1<<bits - 1
)

// Model makes the model of the texts added so far. The Builder stays
// usable.
func (b *Builder) Model() *Model {
	m := &Model{
		words:  slices.Clone(b.words),
		count:  make([]uint32, len(b.words)),
		tokens: b.tokens,
	}
	for _, id := range b.stream {
		m.count[id]++
	}

	// Every predicted word with its two words of context, counted.
	keys := make([]uint64, 0, len(b.stream))
	for i, w := range b.stream {
		if w == idStart {
			continue
		}
		v := b.stream[i-1]
		u := uint32(idStart)
		if v != idStart {
			u = b.stream[i-2]
		}
		keys = append(keys, uint64(u)<<(2*bits)|uint64(v)<<bits|uint64(w))
	}
	sortKeys(keys)
	tri, triCount := runs(keys)
	keys = nil

	// Pairs (v, w) from the triples, with the number of distinct words
	// before each; and the pair (Start, Start), the context of the first
	// word of a sentence.
	rot := make([]uint64, len(tri))
	for i, k := range tri {
		rot[i] = (k&(1<<(2*bits)-1))<<bits | k>>(2*bits)
	}
	sortKeys(rot)
	var pairs []uint64
	var cont2 []uint32
	for i := 0; i < len(rot); {
		j := i + 1
		for j < len(rot) && rot[j]>>bits == rot[i]>>bits {
			j++
		}
		pairs = append(pairs, rot[i]>>bits)
		cont2 = append(cont2, uint32(j-i))
		i = j
	}
	rot = nil
	if at, found := slices.BinarySearch(pairs, idStart<<bits|idStart); !found {
		pairs = slices.Insert(pairs, at, idStart<<bits|idStart)
		cont2 = slices.Insert(cont2, at, 0)
	}

	// The trie.
	m.biStart = make([]uint32, len(m.words)+1)
	m.biWord = make([]uint32, len(pairs))
	for i, p := range pairs {
		m.biStart[p>>bits+1]++
		m.biWord[i] = uint32(p & mask)
	}
	for v := 1; v < len(m.biStart); v++ {
		m.biStart[v] += m.biStart[v-1]
	}
	m.cont2 = cont2
	m.pruned = make([]uint32, len(pairs))
	m.triStart = make([]uint32, len(pairs)+1)
	m.triWord = make([]uint32, 0, len(tri))
	m.triCount = make([]uint32, 0, len(tri))
	j := 0
	for i, k := range tri {
		for pairs[j] != k>>bits {
			j++
			m.triStart[j] = uint32(len(m.triWord))
		}
		c := triCount[i]
		if c == 1 && b.PruneSingletons {
			m.pruned[j]++
			continue
		}
		m.triWord = append(m.triWord, uint32(k&mask))
		m.triCount = append(m.triCount, c)
	}
	for j++; j <= len(pairs); j++ {
		m.triStart[j] = uint32(len(m.triWord))
	}
	m.triWord = slices.Clone(m.triWord) // drop the room kept for pruned triples
	m.triCount = slices.Clone(m.triCount)
	m.d3 = discountOf(triCount) // before pruning: singletons count

	m.spell = make(map[uint32][]spelling)
	for _, f := range b.forms {
		if f.id >= firstWord {
			m.spell[f.id] = append(m.spell[f.id], spelling{f.text, f.seen})
		}
	}
	for _, s := range m.spell {
		sortSpellings(s)
	}

	if err := m.derive(); err != nil {
		panic(fmt.Sprintf("langmodel: counts beyond 32 bits: %v", err)) // more than 4 billion words
	}
	m.d2 = discountOf(m.cont2)
	m.d1 = discountOf(m.cont1)
	return m
}

// discountOf is the discount of a level whose continuation counts are
// counts, from how many of them are one and two.
func discountOf(counts []uint32) float64 {
	var n1, n2 int
	for _, c := range counts {
		switch c {
		case 1:
			n1++
		case 2:
			n2++
		}
	}
	return discount(n1, n2)
}

// sortSpellings orders spellings by count, most frequent first, then by
// form, so the model's form is deterministic.
func sortSpellings(s []spelling) {
	slices.SortFunc(s, func(a, b spelling) int {
		if a.count != b.count {
			return int(b.count) - int(a.count)
		}
		return strings.Compare(a.form, b.form)
	})
}

// discount estimates the absolute discount of an order from how many
// n-grams were seen once and twice, kept within bounds for small texts.
func discount(n1, n2 int) float64 {
	if n1 == 0 {
		return 0.5
	}
	d := float64(n1) / float64(n1+2*n2)
	return min(max(d, 0.1), 0.9)
}

// runs collapses sorted keys into distinct keys and their counts.
func runs(keys []uint64) ([]uint64, []uint32) {
	var out []uint64
	var counts []uint32
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		out = append(out, keys[i])
		counts = append(counts, uint32(j-i))
		i = j
	}
	return out, counts
}

// derive computes what follows from the stored counts: the vocabulary
// index, the occurrences of each pair as a context, and the continuation
// counts and their sums. It fails when a sum overflows, which only a
// corrupt model does.
func (m *Model) derive() error {
	m.ids = make(map[string]uint32, len(m.words))
	for id := firstWord; id < len(m.words); id++ {
		m.ids[m.words[id]] = uint32(id)
	}
	m.ctx = make([]uint32, len(m.biWord))
	for p := range m.ctx {
		c := uint64(m.pruned[p])
		for _, n := range m.triCount[m.triStart[p]:m.triStart[p+1]] {
			c += uint64(n)
		}
		if c > math.MaxUint32 {
			return fmt.Errorf("pair %d: %d occurrences", p, c)
		}
		m.ctx[p] = uint32(c)
	}
	m.cont1 = make([]uint32, len(m.words))
	m.cont2Sum = make([]uint32, len(m.words))
	m.cont2Types = make([]uint32, len(m.words))
	m.cont1Sum, m.cont1Types = 0, 0
	for v := 0; v+1 < len(m.biStart); v++ {
		for p := m.biStart[v]; p < m.biStart[v+1]; p++ {
			w := m.biWord[p]
			if w == idStart {
				continue
			}
			if m.cont1[w] == 0 {
				m.cont1Types++
			}
			m.cont1[w]++
			m.cont1Sum++
			sum := uint64(m.cont2Sum[v]) + uint64(m.cont2[p])
			if sum > math.MaxUint32 {
				return fmt.Errorf("word %d: %d continuations", v, sum)
			}
			m.cont2Sum[v] = uint32(sum)
			if m.cont2[p] > 0 {
				m.cont2Types[v]++
			}
		}
	}
	return nil
}

// sortKeys sorts keys in place: a least-significant-digit radix sort, 16
// bits a pass, skipping the digits all keys share. On the millions of
// packed triples of a corpus it takes a fifth of the time of a comparison
// sort, for a buffer as large as the keys.
func sortKeys(keys []uint64) {
	if len(keys) < 1<<12 {
		slices.Sort(keys)
		return
	}
	var or, and uint64 = 0, ^uint64(0)
	for _, k := range keys {
		or |= k
		and &= k
	}
	varying := or &^ and // the bits that differ between some keys
	src, dst := keys, make([]uint64, len(keys))
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		if varying>>shift&0xffff == 0 {
			continue
		}
		clear(count[:])
		for _, k := range src {
			count[k>>shift&0xffff]++
		}
		pos := 0
		for d, c := range count {
			count[d] = pos
			pos += c
		}
		for _, k := range src {
			d := k >> shift & 0xffff
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}
