package search

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// assemble lays out the chosen copies' segments and builds the postings.
func (ix *Index) assemble(eps []*epGroup) {
	ix.layout(eps)
	ix.buildPostings()
}

// layout makes the episodes and the segment table from the chosen copies.
func (ix *Index) layout(eps []*epGroup) {
	speakerID := map[string]uint32{"": 0}
	ix.speakers = []string{""}
	// Size the segment table once, rather than grow it segment by segment:
	// it is made on every load of the index, at start-up.
	n := 0
	for _, g := range eps {
		n += len(g.chosen.Segs)
	}
	ix.segEp, ix.segStart = slices.Grow(ix.segEp, n), slices.Grow(ix.segStart, n)
	ix.segText, ix.segSpeaker = slices.Grow(ix.segText, n), slices.Grow(ix.segSpeaker, n)
	for _, g := range eps {
		f := g.chosen
		e := &Episode{Show: g.show, Number: g.number, Slug: g.slug, Title: f.Title, File: f.Path, First: len(ix.segText), Count: len(f.Segs)}
		if g.number >= 0 {
			e.ID = fmt.Sprintf("%s:%d", slugify(ix.Shows[g.show].Name), g.number)
		} else {
			e.ID = slugify(ix.Shows[g.show].Name) + ":" + slugify(g.slug)
		}
		e.Date, e.DateSource = episodeDate(g.files)
		for _, s := range f.Segs {
			id, ok := speakerID[s.Speaker]
			if !ok {
				id = uint32(len(ix.speakers))
				speakerID[s.Speaker] = id
				ix.speakers = append(ix.speakers, s.Speaker)
			}
			ix.segEp = append(ix.segEp, uint32(len(ix.Episodes)))
			ix.segStart = append(ix.segStart, s.Start)
			ix.segText = append(ix.segText, s.Text)
			ix.segSpeaker = append(ix.segSpeaker, id)
		}
		ix.Episodes = append(ix.Episodes, e)
	}
}

// episodeDate dates an episode: from a copy's metadata, else from the
// recording date said in a copy's first lines, else from the earliest
// commit that added one of its files, else from the earliest
// modification time of its files.
func episodeDate(files []*fileRec) (time.Time, string) {
	var meta, said, git, mtime int64
	for _, f := range files {
		if f.MetaDate != 0 && (meta == 0 || f.MetaDate < meta) {
			meta = f.MetaDate
		}
		if f.SaidDate != 0 && (said == 0 || f.SaidDate < said) {
			said = f.SaidDate
		}
		if f.GitDate != 0 && (git == 0 || f.GitDate < git) {
			git = f.GitDate
		}
		if mtime == 0 || f.MTime < mtime {
			mtime = f.MTime
		}
	}
	switch {
	case meta != 0:
		return time.Unix(meta, 0).UTC(), "metadata"
	case said != 0:
		return time.Unix(said, 0).UTC(), "said"
	case git != 0:
		return time.Unix(git, 0).UTC(), "git"
	}
	return time.Unix(0, mtime).UTC(), "mtime"
}

// buildPostings tokenizes every segment into the dictionary and postings.
func (ix *Index) buildPostings() { ix.patchPostings(nil, nil) }

// patchPostings builds the dictionary and postings, taking those of the
// episodes whose text did not change from the old index: from[e] is the
// old index's number of new episode e when its text is unchanged, -1 when
// it must be tokenized. Only the new and changed episodes are tokenized;
// the old postings are renumbered and merged with theirs.
func (ix *Index) patchPostings(old *Index, from []int) {
	ix.segLen = make([]uint32, len(ix.segText))
	// Old segment -> new segment, -1 for segments of episodes gone or
	// changed.
	var remap []int64
	if old != nil {
		remap = make([]int64, len(old.segText))
		for i := range remap {
			remap[i] = -1
		}
	}
	var fresh []int // new segments to tokenize
	for e, ep := range ix.Episodes {
		if old != nil && from[e] >= 0 {
			oe := old.Episodes[from[e]]
			for k := 0; k < ep.Count; k++ {
				remap[oe.First+k] = int64(ep.First + k)
				ix.segLen[ep.First+k] = old.segLen[oe.First+k]
			}
			continue
		}
		for k := 0; k < ep.Count; k++ {
			fresh = append(fresh, ep.First+k)
		}
	}
	// The postings of the tokenized segments, by term id; each off lacks
	// its closing entry until the dictionary is made.
	ids := map[string]uint32{}
	var accs []*postings
	var buf []byte
	for _, s := range fresh {
		seg := uint32(s)
		n := 0
		buf = tokens(ix.segText[s], buf, func(term []byte, pos int) {
			id, ok := ids[string(term)]
			if !ok {
				id = uint32(len(accs))
				ids[string(term)] = id
				accs = append(accs, &postings{})
			}
			a := accs[id]
			if len(a.segs) == 0 || a.segs[len(a.segs)-1] != seg {
				a.segs = append(a.segs, seg)
				a.off = append(a.off, uint32(len(a.pos)))
			}
			a.pos = append(a.pos, uint32(pos))
			if pos+1 > n {
				n = pos + 1
			}
		})
		ix.segLen[s] = uint32(n)
	}
	var total float64
	for _, n := range ix.segLen {
		total += float64(n)
	}
	ix.avgLen = 0
	if len(ix.segText) > 0 {
		ix.avgLen = total / float64(len(ix.segText))
	}
	// The dictionary: the old terms that are still used, and the new.
	terms := make([]string, 0, len(ids))
	for t := range ids {
		terms = append(terms, t)
	}
	if old != nil {
		for t := range old.terms {
			if _, ok := ids[old.terms[t]]; !ok {
				terms = append(terms, old.terms[t])
			}
		}
	}
	sort.Strings(terms)
	ix.terms = terms[:0:0]
	ix.post = make([]postings, 0, len(terms))
	ix.ids = make(map[string]uint32, len(terms))
	for _, t := range terms {
		var p postings
		if old != nil {
			if oid, ok := old.ids[t]; ok {
				p = remapPostings(&old.post[oid], remap)
			}
		}
		if id, ok := ids[t]; ok {
			a := accs[id]
			a.off = append(a.off, uint32(len(a.pos)))
			p = mergePostings(p, *a)
		}
		if len(p.segs) == 0 {
			continue // a word only changed or deleted episodes held
		}
		ix.ids[t] = uint32(len(ix.terms))
		ix.terms = append(ix.terms, t)
		ix.post = append(ix.post, p)
	}
}

// remapPostings renumbers an old term's postings into the new segment
// ids, dropping the segments that are gone. Unchanged episodes keep their
// order, so the result stays sorted.
func remapPostings(p *postings, remap []int64) postings {
	var out postings
	for i, s := range p.segs {
		n := remap[s]
		if n < 0 {
			continue
		}
		if out.off == nil {
			out.segs = make([]uint32, 0, len(p.segs)-i)
			out.off = make([]uint32, 0, len(p.segs)-i+1)
			out.pos = make([]uint32, 0, len(p.pos)-int(p.off[i]))
		}
		out.segs = append(out.segs, uint32(n))
		out.off = append(out.off, uint32(len(out.pos)))
		out.pos = append(out.pos, p.pos[p.off[i]:p.off[i+1]]...)
	}
	if out.off != nil {
		out.off = append(out.off, uint32(len(out.pos)))
	}
	return out
}

// mergePostings merges two postings lists with no segment in common.
func mergePostings(a, b postings) postings {
	if len(a.segs) == 0 {
		return b
	}
	if len(b.segs) == 0 {
		return a
	}
	out := postings{segs: make([]uint32, 0, len(a.segs)+len(b.segs)), off: make([]uint32, 0, len(a.segs)+len(b.segs)+1),
		pos: make([]uint32, 0, len(a.pos)+len(b.pos))}
	i, j := 0, 0
	for i < len(a.segs) || j < len(b.segs) {
		src, k := &a, i
		if i >= len(a.segs) || j < len(b.segs) && b.segs[j] < a.segs[i] {
			src, k = &b, j
			j++
		} else {
			i++
		}
		out.segs = append(out.segs, src.segs[k])
		out.off = append(out.off, uint32(len(out.pos)))
		out.pos = append(out.pos, src.pos[src.off[k]:src.off[k+1]]...)
	}
	out.off = append(out.off, uint32(len(out.pos)))
	return out
}
