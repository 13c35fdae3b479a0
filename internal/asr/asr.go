// Package asr owns what emend gives back to speech recognition: the terms
// a show's speech recognition keeps getting wrong, ranked by how often
// people (the corrections in the repository's history and the rules
// learned from it) and emend (the places its rules and the show's
// spellings correct) corrected them, and that list written in the format
// and within the documented limits of each service: Deepgram keyterms,
// AssemblyAI custom_spelling and word_boost, Speechmatics additional_vocab
// with sounds_like, and a Whisper initial_prompt and faster-whisper
// hotwords. So the next episodes come back with fewer errors to fix.
package asr

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/emend-project/emend/internal/english"
	"github.com/emend-project/emend/internal/fix"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/suggest"
	"github.com/emend-project/emend/internal/vocab"
)

// By says who made a correction.
type By int

const (
	People By = iota // people, in the history (or a rule learned from it)
	Emend            // emend, with its rules and the show's spellings
)

// Correction is a correction made Count times: the wrong words speech
// recognition wrote, and the right ones.
type Correction struct {
	Wrong, Right string
	Count        int
	By           By
	// Blind is true when the correction applies everywhere, in no
	// context: only those go where a service replaces text blindly
	// (AssemblyAI's custom_spelling).
	Blind bool
}

// Heard is a way speech recognition wrote a term, and how often it was
// corrected.
type Heard struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
	Blind bool   `json:"-"`
}

// Term is a term speech recognition gets wrong.
type Term struct {
	Text string `json:"term"`
	// People and Emend count the corrections people made and the places
	// emend corrects.
	People int `json:"people"`
	Emend  int `json:"emend"`
	// Heard are the wrong spellings, most corrected first.
	Heard []Heard `json:"heard,omitempty"`

	// rights and peopleRights count the right spellings seen, all and
	// people's.
	rights, peopleRights map[string]int
}

// Score is how often the term was corrected, by anyone.
func (t *Term) Score() int { return t.People + t.Emend }

// maxTermWords is the most words a term may have: a longer right side is a
// phrase rewritten, no term (and AssemblyAI takes at most six).
const maxTermWords = 6

// Rank merges corrections into terms by the key of their right words
// (see vocab.Key: "FastAPI" and "fast API" are one term), spelled as most
// corrections spell them, and ranks them by how often they were
// corrected, people's corrections first on a tie. Right words without a
// letter, or of more than maxTermWords words, are left out.
func Rank(cs []Correction) []*Term {
	byKey := map[string]*Term{}
	var order []string
	for _, c := range cs {
		right := strings.Join(strings.Fields(c.Right), " ")
		if right == "" || len(strings.Fields(right)) > maxTermWords || !hasLetter(right) || c.Count <= 0 {
			continue
		}
		k := vocab.Key(right)
		t := byKey[k]
		if t == nil {
			t = &Term{rights: map[string]int{}, peopleRights: map[string]int{}}
			byKey[k] = t
			order = append(order, k)
		}
		t.rights[right] += c.Count
		if c.By == People {
			t.peopleRights[right] += c.Count
			t.People += c.Count
		} else {
			t.Emend += c.Count
		}
		if w := strings.Join(strings.Fields(c.Wrong), " "); w != "" {
			found := false
			for i := range t.Heard {
				if strings.EqualFold(t.Heard[i].Text, w) {
					t.Heard[i].Count += c.Count
					t.Heard[i].Blind = t.Heard[i].Blind || c.Blind
					found = true
					break
				}
			}
			if !found {
				t.Heard = append(t.Heard, Heard{w, c.Count, c.Blind})
			}
		}
	}
	out := make([]*Term, 0, len(order))
	for _, k := range order {
		t := byKey[k]
		// People's spelling first: emend's is what its rules and the
		// spellings wrote, people's what they chose.
		best := ""
		better := func(r string) bool {
			if p, q := t.peopleRights[r], t.peopleRights[best]; p != q {
				return p > q
			}
			if n, m := t.rights[r], t.rights[best]; n != m {
				return n > m
			}
			return r < best
		}
		for r := range t.rights {
			if best == "" || better(r) {
				best = r
			}
		}
		t.Text = best
		t.Heard = whole(t.Heard, vocab.Key(best))
		sort.SliceStable(t.Heard, func(i, j int) bool { return t.Heard[i].Count > t.Heard[j].Count })
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Score() != b.Score() {
			return a.Score() > b.Score()
		}
		if a.People != b.People {
			return a.People > b.People
		}
		return strings.ToLower(a.Text) < strings.ToLower(b.Text)
	})
	return out
}

// partShare is the share of a term's letters below which a heard form
// that is a part of it ("fast" of FastAPI: 4 of 7) is a word of the term
// people replaced, not the whole term misheard ("Starlet" for Starlette,
// 7 of 9, is kept).
const partShare = 0.75

// whole leaves out the heard forms that are a part of the term ("fast"
// for FastAPI, "C" for CPython): a service told that "fast" sounds like
// FastAPI would write FastAPI for every "fast".
func whole(hs []Heard, key string) []Heard {
	out := hs[:0]
	for _, h := range hs {
		k := vocab.Key(h.Text)
		if k != key && strings.Contains(key, k) && float64(len(k)) < partShare*float64(len(key)) {
			continue
		}
		out = append(out, h)
	}
	return out
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// support reads the number of fixes learn writes in a rule's comment
// ("12 fixes in 7 episodes, e.g. ...").
var support = regexp.MustCompile(`^\s*(\d+) fix(?:es)?\b`)

// FromRules returns the corrections rules stand for: people's, as many as
// the rule's comment says learn saw them make. A rule without that count
// is one correction when written by hand (a producer's decision), and
// none when learned (learn's rules of a spelling convention, or of
// misspellings nobody fixed yet, are emend's: FromFix counts them).
func FromRules(rs []*rules.Rule, byHand bool) []Correction {
	var out []Correction
	for _, r := range rs {
		n := 0
		if byHand {
			n = 1
		}
		if m := support.FindStringSubmatch(r.Comment); m != nil {
			if v, err := strconv.Atoi(m[1]); err == nil && v > 0 {
				n = v
			}
		}
		if n == 0 {
			continue
		}
		out = append(out, Correction{Wrong: r.Wrong, Right: r.Right, Count: n, By: People,
			Blind: len(r.If)+len(r.Unless)+len(r.Topic) == 0 && !common(r.Wrong)})
	}
	return out
}

// common reports whether words are ordinary English throughout ("a rough
// idea"): a service that replaces them blindly would damage speech that
// means them.
func common(words string) bool {
	for _, w := range strings.Fields(words) {
		if english.Lookup(strings.Trim(w, ".,;:!?'\"")) != english.Common {
			return false
		}
	}
	return true
}

// FromDecisions returns a producer's spelling decisions as corrections of
// their variants, one each: a decision is made once.
func FromDecisions(ds []spelling.Decision) []Correction {
	var out []Correction
	for _, d := range ds {
		if d.Canonical == "" {
			continue
		}
		if len(d.Variants) == 0 {
			out = append(out, Correction{Right: d.Canonical, Count: 1, By: People})
		}
		for _, v := range d.Variants {
			out = append(out, Correction{Wrong: v, Right: d.Canonical, Count: 1, By: People, Blind: !common(v)})
		}
	}
	return out
}

// FromFix returns the corrections a fix makes (see fix.LibraryWith),
// counted in the primary file of each copy only (see suggest.Primary): the
// .txt and .vtt of one transcript say the same words, and count once.
func FromFix(lib *library.Library, res *fix.Result) []Correction {
	primary := map[string]bool{}
	for _, ep := range lib.Episodes {
		for _, c := range ep.Copies {
			if f := suggest.Primary(c); f != nil {
				primary[f.Path] = true
			}
		}
	}
	type pair struct{ wrong, right string }
	n := map[pair]int{}
	var order []pair
	for _, e := range res.Edits {
		if !primary[e.File] {
			continue
		}
		p := pair{e.Before, e.After}
		if n[p] == 0 {
			order = append(order, p)
		}
		n[p]++
	}
	out := make([]Correction, 0, len(order))
	for _, p := range order {
		out = append(out, Correction{Wrong: p.wrong, Right: p.right, Count: n[p], By: Emend})
	}
	return out
}

// GitRoots returns the top directories of the git repositories the paths
// are in, each once, in the order of the paths; a path in none is left
// out.
func GitRoots(paths []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range paths {
		dir := p
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			dir = filepath.Dir(p)
		}
		b, err := exec.Command("git", "-C", dir, "rev-parse", "--show-toplevel").Output()
		if err != nil {
			continue
		}
		root := strings.TrimSpace(string(b))
		if root != "" && !seen[root] {
			seen[root] = true
			out = append(out, root)
		}
	}
	return out
}
