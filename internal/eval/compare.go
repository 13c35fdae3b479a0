package eval

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/emend-project/emend/internal/diff"
	"github.com/emend-project/emend/internal/learn"
	"github.com/emend-project/emend/internal/rules"
)

// maxAlign bounds the words of a changed run of segments aligned word by
// word; a longer run (a re-transcription) is one region.
const maxAlign = 20000

// alignment is how people changed a transcript, word by word.
type alignment struct {
	regions    []diff.Region // of word indices, then -> final
	changedSeg []bool        // start segments people edited
	// rewritten marks the start segments of runs people re-transcribed
	// rather than corrected (they kept under half the words): edits there
	// say nothing of corrections.
	rewritten []bool
	rewrite   map[int]bool // regions inside rewritten runs
}

// minKept is the share of a changed run's words people must have kept for
// their edits to count as corrections, when they changed more than eight.
const minKept = 0.5

// align lines up a transcript then and at the end: segments first, then
// the words of each changed run of segments.
func align(s, e *words) alignment {
	al := alignment{changedSeg: make([]bool, len(s.texts)), rewritten: make([]bool, len(s.texts)), rewrite: map[int]bool{}}
	for _, sr := range diff.Strings(s.texts, e.texts) {
		for k := sr.A0; k < sr.A1; k++ {
			al.changedSeg[k] = true
		}
		a0, a1 := s.first[sr.A0], s.first[sr.A1]
		b0, b1 := e.first[sr.B0], e.first[sr.B1]
		var wrs []diff.Region
		if (a1-a0)+(b1-b0) <= maxAlign {
			wrs = diff.Strings(s.list[a0:a1], e.list[b0:b1])
		} else {
			wrs = []diff.Region{{A0: 0, A1: a1 - a0, B0: 0, B1: b1 - b0}}
		}
		changed := 0
		for _, wr := range wrs {
			changed += wr.A1 - wr.A0
		}
		kept := (a1 - a0) - changed
		rewritten := (a1-a0)+(b1-b0)-2*kept > 8 && float64(kept) < minKept*float64(max(a1-a0, b1-b0))
		if rewritten {
			for k := sr.A0; k < sr.A1; k++ {
				al.rewritten[k] = true
			}
		}
		for _, wr := range wrs {
			if rewritten {
				al.rewrite[len(al.regions)] = true
			}
			al.regions = append(al.regions, diff.Region{A0: a0 + wr.A0, A1: a0 + wr.A1, B0: b0 + wr.B0, B1: b0 + wr.B1})
		}
	}
	// A transcript whose segments people changed for the most part was
	// made again (a new speech recognition run, segments split anew),
	// not corrected, however many words each segment kept. Over the Talk
	// Python window of 2024 the share of segments changed per file is
	// bimodal: 408 files under 10%, 3 near 30%, 191 over 50%.
	changed := 0
	for _, c := range al.changedSeg {
		if c {
			changed++
		}
	}
	if len(s.texts) >= 10 && float64(changed) > maxChangedSegs*float64(len(s.texts)) {
		for k := range al.rewritten {
			al.rewritten[k] = true
		}
		for k := range al.regions {
			al.rewrite[k] = true
		}
	}
	return al
}

// maxChangedSegs is the share of a transcript's segments people may change
// and still be taken to correct it rather than make it again.
const maxChangedSegs = 0.5

// pos maps a boundary between words of the text then to the same boundary
// in the final text. It must not fall strictly inside a region.
func (al alignment) pos(i int) int {
	k := sort.Search(len(al.regions), func(k int) bool { return al.regions[k].A1 > i })
	// Regions before k end at or before i.
	if k < len(al.regions) && al.regions[k].A0 == i && al.regions[k].A0 < al.regions[k].A1 {
		return al.regions[k].B0
	}
	if k == 0 {
		return i
	}
	prev := al.regions[k-1]
	return prev.B1 + (i - prev.A1)
}

// Some transcripts hold a paragraph a line (Talk Python's older .txt
// files: hundreds of words); an edit anywhere in such a line does not say
// people read a word far from it.
const (
	longSegment = 40 // words: a longer segment is a paragraph
	nearWords   = 20 // how near a word people's edit must be, there
)

// editedNear reports whether people edited the segment of word w (which
// they changed) near w: anywhere in an ordinary line, within nearWords
// words in a paragraph.
func (al alignment) editedNear(s *words, w int) bool {
	seg := s.seg[w]
	if s.first[seg+1]-s.first[seg] <= longSegment {
		return true
	}
	k := sort.Search(len(al.regions), func(k int) bool { return al.regions[k].A1 > w-nearWords })
	return k < len(al.regions) && al.regions[k].A0 < w+nearWords
}

// rewrittenWords reports whether any word in [a, b) stands in a run
// people re-transcribed.
func (al alignment) rewrittenWords(s *words, a, b int) bool {
	for w := a; w < b; w++ {
		if al.rewritten[s.seg[w]] {
			return true
		}
	}
	return false
}

// isTermCorrection reports whether people replacing a by b is a term
// correction: one to four words by one to four, changing more than
// punctuation (words hold none) and more than the case of a word's first
// letter (a sentence begun or ended elsewhere: punctuation too).
func isTermCorrection(a, b []string) bool {
	if len(a) < 1 || len(a) > 4 || len(b) < 1 || len(b) > 4 {
		return false
	}
	x, y := strings.Join(a, " "), strings.Join(b, " ")
	if x == y {
		return false
	}
	if len(a) == 1 && len(b) == 1 {
		ra, rb := []rune(x), []rune(y)
		if len(ra) == len(rb) && string(ra[1:]) == string(rb[1:]) && unicode.ToLower(ra[0]) == unicode.ToLower(rb[0]) {
			return false
		}
	}
	return true
}

// file evaluates one transcript.
func (r *Report) file(path string, thenData, finalData []byte, emend, base *rules.Matcher) {
	s, e, al, ok := compare(path, thenData, finalData)
	if !ok {
		return
	}
	r.Files++
	r.Words += len(s.list)
	var corrections []diff.Region
	for k, h := range al.regions {
		if !al.rewrite[k] && isTermCorrection(s.list[h.A0:h.A1], e.list[h.B0:h.B1]) {
			corrections = append(corrections, h)
			r.Corrections++
			key := pairKey(s.list[h.A0:h.A1], e.list[h.B0:h.B1])
			r.pairCounts[key]++
			if learn.IsCorrection(s.list[h.A0:h.A1], e.list[h.B0:h.B1]) {
				r.TermCorrections++
				r.termPairs[key]++
			}
		}
	}
	for _, sys := range []struct {
		m     *rules.Matcher
		score *Score
	}{{emend, r.Emend}, {base, r.Baseline}} {
		var edits []rules.Edit
		if s.fixable || sys.score == r.Baseline {
			// A find-and-replace script edits any file; emend fix
			// leaves alone those it cannot edit safely.
			edits = sys.m.Match(s.texts, "")
		}
		sys.score.file(path, s, e, al, corrections, edits)
	}
	if r.Suggest != nil {
		r.Suggest.file(r, path, s, e, al, corrections, emend)
	}
	if r.Job != nil {
		r.Job.file(path, s, e, al, corrections)
	}
}

func pairKey(a, b []string) string { return strings.Join(a, " ") + " -> " + strings.Join(b, " ") }

// group is one match of a rule: its edits (more than one when its words
// ran over segments), the words it replaced and the words it wrote.
type group struct {
	i, j  int // words then
	right []string
	edits []rules.Edit
}

// groups turns a matcher's edits into matches over word indices.
func groups(s *words, edits []rules.Edit) []group {
	var out []group
	for _, ed := range edits {
		if ed.Part > 0 && len(out) > 0 {
			g := &out[len(out)-1]
			g.edits = append(g.edits, ed)
			g.j = wordAfter(s, ed.Text, ed.End)
			continue
		}
		out = append(out, group{
			i: wordAt(s, ed.Text, ed.Start), j: wordAfter(s, ed.Text, ed.End),
			right: rules.Words(ed.New), edits: []rules.Edit{ed},
		})
	}
	return out
}

// wordAt returns the index of the first word of segment seg starting at
// or after byte off.
func wordAt(s *words, seg, off int) int {
	k := s.first[seg]
	for k < s.first[seg+1] && s.at[k][0] < off {
		k++
	}
	return k
}

// wordAfter returns the index after the last word of segment seg ending
// at or before byte off.
func wordAfter(s *words, seg, off int) int {
	k := s.first[seg]
	for k < s.first[seg+1] && s.at[k][1] <= off {
		k++
	}
	return k
}

// block is a stretch of words then where a system's edits and people's
// edits overlap.
type block struct {
	a, b   int
	groups []int // indices into the system's groups
	humans []int // indices into al.regions
}

// file classifies one system's edits of one transcript, and counts the
// people's corrections it made.
func (sc *Score) file(path string, s, e *words, al alignment, corrections []diff.Region, edits []rules.Edit) {
	gs := groups(s, edits)
	if len(gs) == 0 {
		return
	}
	// Overlapping stretches, in order: the system's matches and the
	// people's regions (an insertion overlaps a match it falls inside).
	type span struct {
		a, b  int
		group int // -1 for a human region
		human int
	}
	var spans []span
	for k, g := range gs {
		spans = append(spans, span{g.i, g.j, k, -1})
	}
	for k, h := range al.regions {
		spans = append(spans, span{h.A0, h.A1, -1, k})
	}
	sort.SliceStable(spans, func(x, y int) bool { return spans[x].a < spans[y].a })
	// Connected stretches of overlapping spans; those holding a match of
	// the system are its blocks.
	var all []block
	for _, sp := range spans {
		if n := len(all); n > 0 {
			cur := &all[n-1]
			inside := sp.a < cur.b && (sp.b > sp.a || sp.a > cur.a)
			if inside {
				cur.b = max(cur.b, sp.b)
				if sp.group >= 0 {
					cur.groups = append(cur.groups, sp.group)
				} else {
					cur.humans = append(cur.humans, sp.human)
				}
				continue
			}
		}
		bl := block{a: sp.a, b: sp.b}
		if sp.group >= 0 {
			bl.groups = []int{sp.group}
		} else {
			bl.humans = []int{sp.human}
		}
		all = append(all, bl)
	}
	var blocks []block
	for _, bl := range all {
		if len(bl.groups) > 0 {
			blocks = append(blocks, bl)
		}
	}
	isCorrection := map[int]bool{}
	for _, c := range corrections {
		for k, h := range al.regions {
			if h == c {
				isCorrection[k] = true
			}
		}
	}
	for _, bl := range blocks {
		if rewritten := al.rewrittenWords(s, bl.a, bl.b); rewritten {
			sc.Rewritten += len(bl.groups)
			continue
		}
		if len(bl.humans) == 0 {
			for _, k := range bl.groups {
				g := gs[k]
				class := Unreviewed
				for w := g.i; w < g.j; w++ {
					if al.changedSeg[s.seg[w]] && al.editedNear(s, w) {
						class = Suspect
					}
				}
				sc.count(class, path, s, g, "")
			}
			continue
		}
		// What the system wrote over the block, and where its words are.
		var mine []string
		written := map[int][2]int{}
		at := bl.a
		for _, k := range bl.groups {
			g := gs[k]
			mine = append(mine, s.list[at:g.i]...)
			written[k] = [2]int{len(mine), len(mine) + len(g.right)}
			mine = append(mine, g.right...)
			at = g.j
		}
		mine = append(mine, s.list[at:bl.b]...)
		c, d := al.pos(bl.a), al.pos(bl.b)
		people := e.list[c:d]
		mineMatched := make([]bool, len(mine))
		peopleMatched := make([]bool, len(people))
		for x := range mine {
			mineMatched[x] = true
		}
		for y := range people {
			peopleMatched[y] = true
		}
		for _, dr := range diff.Strings(mine, people) {
			for x := dr.A0; x < dr.A1; x++ {
				mineMatched[x] = false
			}
			for y := dr.B0; y < dr.B1; y++ {
				peopleMatched[y] = false
			}
		}
		for _, k := range bl.groups {
			w := written[k]
			class := Right
			for x := w[0]; x < w[1]; x++ {
				if !mineMatched[x] {
					class = Conflicting
				}
			}
			if class == Conflicting && sameIgnoringCase(mine, people) {
				sc.CaseOnly++
			}
			sc.count(class, path, s, gs[k], strings.Join(people, " "))
		}
		for _, hk := range bl.humans {
			if !isCorrection[hk] {
				continue
			}
			h := al.regions[hk]
			ok := true
			for y := h.B0 - c; y < h.B1-c; y++ {
				if !peopleMatched[y] {
					ok = false
				}
			}
			if ok {
				sc.Recalled++
				sc.pairHits[pairKey(s.list[h.A0:h.A1], e.list[h.B0:h.B1])]++
				if learn.IsCorrection(s.list[h.A0:h.A1], e.list[h.B0:h.B1]) {
					sc.RecalledTerms++
				}
			}
		}
	}
}

// count records an edit of a class, keeping examples.
func (sc *Score) count(c Class, path string, s *words, g group, people string) {
	sc.Counts[c]++
	if sc.byEdit != nil {
		sc.byEdit[editKey(path, g.edits[0])] = c
	}
	if r := g.edits[0].Rule; r != nil {
		if sc.byRule == nil {
			sc.byRule = map[*rules.Rule]map[Class]int{}
		}
		if sc.byRule[r] == nil {
			sc.byRule[r] = map[Class]int{}
		}
		sc.byRule[r][c]++
	}
	if sc.classOf != nil {
		sc.classOf[g.edits[0].Rule] = c
	}
	if c != Unreviewed && len(sc.Examples[c]) >= sc.maxExamples {
		return
	}
	ed := g.edits[0]
	seg := ed.Text
	text := s.texts[seg]
	before := text[ed.Start:ed.End]
	for _, more := range g.edits[1:] {
		before += " " + s.texts[more.Text][more.Start:more.End]
	}
	ex := Example{File: path, Before: strings.Join(strings.Fields(before), " "), After: ed.New, People: people,
		Context: contextOf(text, ed.Start, ed.End), Source: sc.source[ed.Rule]}
	if seg < len(s.lines) {
		ex.Line = s.lines[seg]
	}
	if c == Unreviewed {
		sc.unreviewed = append(sc.unreviewed, ex)
		if len(sc.Examples[c]) >= sc.maxExamples {
			return
		}
	}
	sc.Examples[c] = append(sc.Examples[c], ex)
}

// contextOf returns the text around bytes [start, end), the edited part in
// brackets.
func contextOf(text string, start, end int) string {
	ws := rules.WordBounds(text)
	from, to := 0, len(text)
	for k, w := range ws {
		if w[0] >= start {
			from = ws[max(0, k-6)][0]
			break
		}
	}
	for k := len(ws) - 1; k >= 0; k-- {
		if ws[k][1] <= end {
			to = ws[min(len(ws)-1, k+6)][1]
			break
		}
	}
	from, to = min(from, start), max(to, end)
	return strings.Join(strings.Fields(text[from:start]+"["+text[start:end]+"]"+text[end:to]), " ")
}

// sameIgnoringCase reports whether two word runs are equal but for case.
func sameIgnoringCase(a, b []string) bool {
	return strings.EqualFold(strings.Join(a, " "), strings.Join(b, " "))
}

// editKey names an edit by its place: file, segment and byte.
func editKey(path string, ed rules.Edit) string {
	return fmt.Sprintf("%s\x00%d\x00%d", path, ed.Text, ed.Start)
}

// later classifies emend's edits of one transcript against the text at
// HEAD, past the window, recording each edit's class in sc.byEdit.
func later(sc *Score, path string, thenData, headData []byte, m *rules.Matcher) {
	if s, h, al, ok := compare(path, thenData, headData); ok {
		sc.file(path, s, h, al, nil, m.Match(s.texts, ""))
	}
}

// compare reads a transcript then and later, and aligns their words; ok is
// false when either cannot be read.
func compare(path string, thenData, laterData []byte) (s, e *words, al alignment, ok bool) {
	st, sl, fixable := segTexts(path, thenData)
	et, _, _ := segTexts(path, laterData)
	if st == nil || et == nil {
		return nil, nil, alignment{}, false
	}
	s, e = newWords(st), newWords(et)
	s.lines, s.fixable = sl, fixable
	return s, e, align(s, e), true
}
