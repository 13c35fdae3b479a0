package suggest

import (
	"strings"

	"github.com/emend-project/emend/internal/phonetic"
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
	num  []bool // holds a digit
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
			t.num = append(t.num, strings.ContainsAny(f, "0123456789"))
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

// candidate is a span of words that sounds like or is spelled close to a
// term.
type candidate struct {
	i, j    int // words [i, j)
	term    int32
	keyDist int // 0 or 1
	spell   int // edit distance of the joined spellings
	joined  bool
}

// candidates lists the spans of the text close to a term of the index.
func (ix *Index) candidates(t *text) []candidate {
	var out []candidate
	var key, joined []byte
	var seen []int32
	for i := range t.fold {
		if t.stop[i] || t.num[i] {
			continue
		}
		joined = joined[:0]
		for j := i + 1; j <= min(i+MaxWords, len(t.fold)); j++ {
			if j > i+1 && t.brk[j-1] || t.num[j-1] {
				break
			}
			joined = append(joined, t.joined[j-1]...)
			if t.stop[j-1] {
				continue // a span does not end in a function word
			}
			if ix.spellsTerm(t, i, j) {
				continue
			}
			if len(joined) < 3 {
				continue
			}
			seen = seen[:0]
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
				}
			}
			for _, n := range ix.lookup(byJoined, string(joined)) {
				add(n, 0)
			}
			key = phonetic.AppendKey(key[:0], string(joined))
			if len(key) == 0 {
				continue
			}
			for _, n := range ix.lookup(byKey, string(key)) {
				add(n, 0)
			}
			if len(key) < 4 {
				continue
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
		}
	}
	return out
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
	c := candidate{i: i, j: j, keyDist: keyDist}
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
