package suggest

import (
	"path/filepath"
	"strings"

	"github.com/emend-project/emend/internal/fix"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/rules"
)

// Primary is the file of a copy proposals are made on: the copy's other
// files (a .vtt beside a .txt) get the same corrections through rules.
// The .txt is preferred, its paragraphs giving the most context; a file
// that emend fix would not edit (read with problems, and not plain text)
// is never chosen.
func Primary(c *library.Copy) *library.File {
	var best *library.File
	rank := func(f *library.File) int {
		switch strings.ToLower(filepath.Ext(f.Path)) {
		case ".txt":
			return 3
		case ".vtt":
			return 2
		case ".srt":
			return 1
		}
		return 0
	}
	for _, f := range c.Files {
		if !fix.Editable(f.Episode, f.Err) {
			continue
		}
		if best == nil || rank(f) > rank(best) {
			best = f
		}
	}
	return best
}

// Library proposes corrections for every copy of every episode of a
// library, on each copy's primary file. extra, when not nil, gives the
// terms only one episode has (its show notes and title).
func (ix *Index) Library(lib *library.Library, extra func(*library.Episode) []Term, opt Options, progress func(done, total int)) []Proposal {
	var out []Proposal
	for n, ep := range lib.Episodes {
		eix := ix
		if extra != nil {
			eix = ix.With(extra(ep))
		}
		for _, c := range ep.Copies {
			if f := Primary(c); f != nil {
				out = append(out, eix.Episode(f.Path, f.Episode, opt)...)
			}
		}
		if progress != nil {
			progress(n+1, len(lib.Episodes))
		}
	}
	return out
}

// Matchers compiles, for each copy, the rules with the extra rules its
// primary file calls for (extra may be nil; the show's spellings, say) and
// the rules made from the copy's proposals, and returns the matcher of each
// file (plain, the rules compiled alone, for files with neither), so that
// every file of a copy is corrected alike. Where they compete for the same
// words, rules win over the extra rules, and those over proposals.
func Matchers(lib *library.Library, base []*rules.Rule, plain *rules.Matcher, ps []Proposal, extra func(*library.File) []*rules.Rule) func(*library.File) *rules.Matcher {
	byFile := map[string][]Proposal{}
	for _, p := range ps {
		byFile[p.File] = append(byFile[p.File], p)
	}
	byStem := map[string]*rules.Matcher{}
	for _, ep := range lib.Episodes {
		for _, c := range ep.Copies {
			f := Primary(c)
			if f == nil {
				continue
			}
			var more []*rules.Rule
			if extra != nil {
				more = extra(f)
			}
			more = append(more, Rules(byFile[f.Path])...)
			if len(more) > 0 {
				byStem[c.Stem] = rules.CompileWith(base, more, plain)
			}
		}
	}
	return func(f *library.File) *rules.Matcher {
		if m := byStem[f.Stem()]; m != nil {
			return m
		}
		return plain
	}
}
