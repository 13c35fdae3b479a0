package search

import (
	"fmt"
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
// earliest commit that added one of its files, else from the earliest
// modification time of its files.
func episodeDate(files []*fileRec) (time.Time, string) {
	var meta, git, mtime int64
	for _, f := range files {
		if f.MetaDate != 0 && (meta == 0 || f.MetaDate < meta) {
			meta = f.MetaDate
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
	case git != 0:
		return time.Unix(git, 0).UTC(), "git"
	}
	return time.Unix(0, mtime).UTC(), "mtime"
}

// buildPostings tokenizes every segment into the dictionary and postings.
func (ix *Index) buildPostings() {
	type acc struct {
		segs []uint32
		off  []uint32
		pos  []uint32
	}
	ids := map[string]uint32{}
	var accs []*acc
	var buf []byte
	ix.segLen = make([]uint32, len(ix.segText))
	var total float64
	for s, text := range ix.segText {
		seg := uint32(s)
		n := 0
		buf = tokens(text, buf, func(term []byte, pos int) {
			id, ok := ids[string(term)]
			if !ok {
				id = uint32(len(accs))
				ids[string(term)] = id
				accs = append(accs, &acc{})
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
		total += float64(n)
	}
	if len(ix.segText) > 0 {
		ix.avgLen = total / float64(len(ix.segText))
	}
	ix.terms = make([]string, 0, len(ids))
	for t := range ids {
		ix.terms = append(ix.terms, t)
	}
	sort.Strings(ix.terms)
	ix.ids = make(map[string]uint32, len(ids))
	ix.post = make([]postings, len(ix.terms))
	for i, t := range ix.terms {
		ix.ids[t] = uint32(i)
		a := accs[ids[t]]
		ix.post[i] = postings{segs: a.segs, off: append(a.off, uint32(len(a.pos))), pos: a.pos}
	}
}
