package search

// Postings is one term of the index with the segments that hold it and
// the term's word positions in each: segment Segs[i] has the positions
// Pos[Off[i]:Off[i+1]]. Segment ids are global: episode e holds
// [e.First, e.First+e.Count). The slices belong to the index: read them,
// do not change them.
type Postings struct {
	Term string
	Segs []uint32
	Off  []uint32
	Pos  []uint32
}

// EachTerm calls fn with every term of the dictionary, in sorted order,
// and its postings, for the packages that lay the index out elsewhere
// (the static site's split index).
func (ix *Index) EachTerm(fn func(p Postings)) {
	for i, t := range ix.terms {
		p := &ix.post[i]
		fn(Postings{Term: t, Segs: p.segs, Off: p.off, Pos: p.pos})
	}
}

// SegmentWords returns the length of segment s (a global id) in words,
// as the ranking counts it.
func (ix *Index) SegmentWords(s int) int { return int(ix.segLen[s]) }

// AverageWords returns the mean length of a segment in words.
func (ix *Index) AverageWords() float64 { return ix.avgLen }

// Fold returns a word's folded form, as the index stores it: lower case,
// the typographic apostrophe made plain.
func Fold(w string) string { return string(fold(nil, w)) }
