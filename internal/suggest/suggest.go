// Package suggest owns proposals: corrections no rule knows yet. It indexes
// a vocabulary of terms by sound-alike key and by spelling with spaces and
// hyphens removed, finds the spans of one to four words of a transcript
// that sound like or are spelled close to a term (splits "fast API" ->
// FastAPI, joins "pipex" -> pipx, sound-alikes "Daxter" -> Dagster), scores
// each with a calibrated confidence from what is known of the term and of
// the words around it, and turns accepted proposals into rules so that they
// are applied, like every rule, by internal/fix.
package suggest

import (
	"fmt"
	"sort"
	"strings"

	"github.com/emend-project/emend/internal/phonetic"
	"github.com/emend-project/emend/internal/pronounce"
	"github.com/emend-project/emend/internal/rules"
)

// Source says where a term came from; a later source is stronger evidence
// that the term is spoken in an episode.
type Source int

// The sources of terms, weakest first.
const (
	FromStarter     Source = iota // the vocabulary emend ships
	FromTranscripts               // spelled so in corrected transcripts
	FromUser                      // a user's vocabulary file
	FromRules                     // the right-hand side of a rule
	FromNotes                     // this episode's show notes or title
)

var sourceNames = [...]string{"starter vocabulary", "corrected transcripts", "your vocabulary", "rules", "show notes"}

func (s Source) String() string {
	if s >= 0 && int(s) < len(sourceNames) {
		return sourceNames[s]
	}
	return fmt.Sprintf("source %d", int(s))
}

// Term is a word or phrase of the vocabulary, as it should be spelled.
type Term struct {
	Text   string
	Source Source
	// Common is true for a term that is also an ordinary English word
	// ("ruff", "black", "rich"): heard in ordinary use, it stays.
	Common bool
	// Listed is true for a term the starter list or show notes name too,
	// whatever its strongest source: a name, not only a spelling the
	// transcripts kept.
	Listed bool
	// SoundsLike are how the term is said in other words ("whiskey" for
	// WSGI), HeardAs how it was misheard ("Daxter" for Dagster; see
	// vocab.Term): words said as one are candidates for the term,
	// ordinary English or not. A term sounds like its SoundsLike aliases
	// (Features.Sound); a mishearing is no evidence of that.
	SoundsLike, HeardAs []string
	// Episode is true for a term of the episode's own show notes (see
	// EpisodeTerms), given to Index.With for that episode alone.
	Episode bool
}

// Model is what scoring asks of a language model of corrected text.
// internal/langmodel provides one; words are given case-folded.
type Model interface {
	// Count returns how often a word was seen.
	Count(word string) int
	// Compare returns the log probability of each alternative between the
	// left and right words.
	Compare(left []string, alts [][]string, right []string) []float64
}

// Proposal is one correction proposed for a place in a transcript.
type Proposal struct {
	File string `json:"file"`
	// Line and Column (1-based, in characters) are where the heard words
	// start in the file.
	Line   int `json:"line"`
	Column int `json:"column"`
	// Start is the segment's start in seconds, or -1 when unknown.
	Start  float64 `json:"start"`
	Before string  `json:"before"`
	After  string  `json:"after"`
	// Confidence is the estimated probability that the proposal is right.
	Confidence float64 `json:"confidence"`
	Evidence   string  `json:"evidence"`
	Context    string  `json:"context"`
	Source     string  `json:"source"`

	// Segment, From and To place the heard words: bytes [From, To) of the
	// text of segment Segment.
	Segment  int      `json:"-"`
	From     int      `json:"-"`
	To       int      `json:"-"`
	Features Features `json:"-"`
	// Left and Right are the words just before and after the span, folded,
	// for the rule that makes the proposal (nil at a text's edge).
	Left, Right []string `json:"-"`
}

// term is a vocabulary term ready for matching.
type term struct {
	Term
	key    string   // phonetic key
	joined string   // folded spelling without spaces, hyphens and dots
	fold   string   // folded words joined by single spaces
	fields []string // strings.Fields(fold), for the language model
	words  int
	prons  []pronounce.Pronunciation // how it is said (see sayWords)
	// alias are how its SoundsLike and HeardAs aliases are said; prons
	// hold those of SoundsLike too.
	alias []pronounce.Pronunciation
	// short is true for a term of fewer than MinJoined letters, filed by
	// its aliases alone: said otherwise, it sounds like too many words.
	short bool
}

// Index is a vocabulary indexed for finding candidates.
type Index struct {
	terms    []term
	byKey    map[string][]int32 // phonetic key -> terms
	byDel    map[string][]int32 // key with one letter deleted -> terms (keys of 4+ letters)
	byJoined map[string][]int32 // joined spelling -> terms
	// sound and strong file terms by the phoneme keys of their
	// pronunciations: every term, and those of strong sources (notes,
	// rules, the producer's), which ordinary words are tried against.
	sound, strong soundMaps
	exact         map[string]bool // folded text of every term, to skip spans spelled as one
	// known holds the folded text of the terms of a source other than the
	// transcripts' own spellings (which may be misspellings kept).
	known map[string]bool
	// parent, when not nil, is the index this one adds terms to (With):
	// its terms come first in terms, and its maps are looked up too.
	parent *Index
}

// MinJoined is the shortest joined spelling of a term matched by its own
// sound or spelling: shorter terms ("uv", "pip") sound like too many
// ordinary words. A shorter term with aliases ("GIL ~ gill") is found by
// them alone.
const MinJoined = 4

// NewIndex indexes a vocabulary. A term listed twice keeps its strongest
// source; terms of more than four words are left out.
func NewIndex(terms []Term) *Index {
	ix := &Index{byKey: map[string][]int32{}, byDel: map[string][]int32{}, byJoined: map[string][]int32{}, exact: map[string]bool{}, known: map[string]bool{},
		sound: newSoundMaps(weakMinDel), strong: newSoundMaps(MinSoundKey + 1)}
	ix.add(terms, map[string]int{})
	return ix
}

// With returns the index with more terms, such as one episode's show
// notes, without copying the index's maps: a term already indexed gets the
// stronger of its two sources.
func (ix *Index) With(terms []Term) *Index {
	if len(terms) == 0 {
		return ix
	}
	child := &Index{byKey: map[string][]int32{}, byDel: map[string][]int32{}, byJoined: map[string][]int32{}, exact: map[string]bool{}, known: map[string]bool{},
		sound: newSoundMaps(weakMinDel), strong: newSoundMaps(MinSoundKey + 1), parent: ix, terms: append([]term(nil), ix.terms...)}
	seen := map[string]int{}
	for _, t := range terms {
		if k, ok := ix.find(t.Text); ok {
			seen[ix.terms[k].Text] = k
		}
	}
	child.add(terms, seen)
	return child
}

// find returns the index of a term of the parent chain spelled so.
func (ix *Index) find(text string) (int, bool) {
	text = strings.Join(strings.Fields(text), " ")
	for _, n := range ix.lookup(byJoined, joinFold(foldWords(text))) {
		if ix.terms[n].Text == text {
			return int(n), true
		}
	}
	return 0, false
}

// lookup returns the terms filed under key in one of the maps of the index
// and its parents.
func (ix *Index) lookup(m func(*Index) map[string][]int32, key string) []int32 {
	if ix.parent == nil {
		return m(ix)[key]
	}
	a, b := ix.parent.lookup(m, key), m(ix)[key]
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	return append(append([]int32(nil), a...), b...)
}

// isKnown reports whether folded text is a term of a source other than
// the transcripts (see Index.known).
func (ix *Index) isKnown(fold string) bool {
	for x := ix; x != nil; x = x.parent {
		if x.known[fold] {
			return true
		}
	}
	return false
}

func (ix *Index) isExact(fold string) bool {
	for x := ix; x != nil; x = x.parent {
		if x.exact[fold] {
			return true
		}
	}
	return false
}

func foldWords(text string) []string {
	ws := rules.Words(text)
	for i, w := range ws {
		ws[i] = rules.Fold(w)
	}
	return ws
}

// add indexes terms; seen maps the text of the terms indexed already to
// their place.
func (ix *Index) add(terms []Term, seen map[string]int) {
	first := len(ix.terms)
	for _, t := range terms {
		t.Text = strings.Join(strings.Fields(t.Text), " ")
		folded := foldWords(t.Text)
		if len(folded) == 0 || len(folded) > MaxWords {
			continue
		}
		if t.Source != FromTranscripts || t.Listed {
			ix.known[strings.Join(folded, " ")] = true
		}
		if k, ok := seen[t.Text]; ok {
			old := &ix.terms[k]
			if old.Source < FromUser && t.Source >= FromUser && !old.short {
				ix.strong.add(old.prons, int32(k))
			}
			old.Source = max(old.Source, t.Source)
			old.Common = old.Common || t.Common
			old.Episode = old.Episode || t.Episode
			continue
		}
		fold := strings.Join(folded, " ")
		ix.exact[fold] = true
		joined := joinFold(folded)
		short := len(joined) < MinJoined
		if short && len(t.SoundsLike)+len(t.HeardAs) == 0 || allDigits(joined) {
			continue
		}
		seen[t.Text] = len(ix.terms)
		said := sayAliases(t.SoundsLike)
		ix.terms = append(ix.terms, term{Term: t, key: phonetic.Key(t.Text), joined: joined, fold: fold, fields: strings.Fields(fold), words: len(folded),
			prons: append(sayWords(rules.Words(t.Text)), said...), alias: append(said, sayAliases(t.HeardAs)...), short: short})
	}
	for i := first; i < len(ix.terms); i++ {
		t := &ix.terms[i]
		n := int32(i)
		if t.short {
			// Found by its aliases alone ("gill" for GIL).
			ix.sound.add(t.alias, n)
			ix.strong.add(t.alias, n)
			continue
		}
		ix.byJoined[t.joined] = append(ix.byJoined[t.joined], n)
		ix.sound.add(t.prons, n)
		ix.sound.add(t.alias, n)
		// Ordinary words are tried against an alias of any term.
		ix.strong.add(t.alias, n)
		if t.Source >= FromUser {
			ix.strong.add(t.prons, n)
		}
		if t.key == "" {
			continue
		}
		ix.byKey[t.key] = append(ix.byKey[t.key], n)
		if len(t.key) >= 4 {
			for _, d := range deletions(t.key) {
				ix.byDel[d] = appendOnce(ix.byDel[d], n)
			}
		}
	}
}

// Len returns the number of terms indexed.
func (ix *Index) Len() int { return len(ix.terms) }

func appendOnce(l []int32, n int32) []int32 {
	if len(l) > 0 && l[len(l)-1] == n {
		return l
	}
	return append(l, n)
}

// deletions returns s with each one of its bytes left out.
func deletions(s string) []string {
	out := make([]string, 0, len(s))
	for i := range len(s) {
		d := s[:i] + s[i+1:]
		if len(out) == 0 || out[len(out)-1] != d {
			out = append(out, d)
		}
	}
	return out
}

// joinFold joins folded words without their spaces, hyphens, dots and
// apostrophes: "scikit-learn" and "scikit learn" both give "scikitlearn".
func joinFold(folded []string) string {
	var b strings.Builder
	for _, w := range folded {
		for i := 0; i < len(w); i++ {
			switch w[i] {
			case '-', '.', '\'', '_':
			default:
				b.WriteByte(w[i])
			}
		}
	}
	return b.String()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Sort orders proposals by file, then place.
func Sort(ps []Proposal) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Segment != b.Segment {
			return a.Segment < b.Segment
		}
		return a.From < b.From
	})
}

// Has reports whether the index holds a term spelled so (case aside).
func (ix *Index) Has(text string) bool {
	return ix.isExact(strings.Join(foldWords(text), " "))
}

// soundMaps file terms by the phoneme keys of their pronunciations
// (pronounce.Key), and by those keys with one class deleted.
type soundMaps struct {
	key, del map[string][]int32
	// minDel is the shortest key whose deletions are filed: short keys'
	// deletions hold very many terms.
	minDel int
}

func newSoundMaps(minDel int) soundMaps {
	return soundMaps{key: map[string][]int32{}, del: map[string][]int32{}, minDel: minDel}
}

// weakMinDel is the shortest key of a term of a weak source (the starter
// list, corrected transcripts) filed by its deletions, and the shortest
// heard key whose deletions are looked up among them.
const weakMinDel = MinSoundKey + 2

// add files term n under the keys of its pronunciations.
func (m *soundMaps) add(prons []pronounce.Pronunciation, n int32) {
	var key []byte
	for _, p := range prons {
		key = pronounce.AppendKey(key[:0], p)
		if len(key) < MinSoundKey {
			continue
		}
		m.key[string(key)] = appendOnce(m.key[string(key)], n)
		if len(key) < m.minDel {
			continue
		}
		for _, d := range deletions(string(key)) {
			m.del[d] = appendOnce(m.del[d], n)
		}
	}
}

// MinSoundKey is the shortest phoneme key (consonant classes) a term is
// found by sound with: a term of one consonant ("Ian", "Go") sounds like
// too many words.
const MinSoundKey = 2

// sayWords returns how words are said one after another: each word's
// pronunciations combined, at most pronounce.MaxPronunciations of them.
func sayWords(words []string) []pronounce.Pronunciation {
	out := []pronounce.Pronunciation{nil}
	for _, w := range words {
		ps := pronounce.Pronounce(w)
		if len(ps) == 0 {
			continue
		}
		if len(ps) > 2 {
			ps = ps[:2]
		}
		next := make([]pronounce.Pronunciation, 0, min(pronounce.MaxPronunciations, len(out)*len(ps)))
		for _, a := range out {
			for _, b := range ps {
				if len(next) < pronounce.MaxPronunciations {
					next = append(next, append(append(pronounce.Pronunciation(nil), a...), b...))
				}
			}
		}
		out = next
	}
	if len(out) == 1 && out[0] == nil {
		return nil
	}
	return out
}

// MaxAliasPronunciations is the most pronunciations a term's aliases add
// to its own.
const MaxAliasPronunciations = 24

// sayAliases returns how a term's aliases are said, each alias's
// pronunciations in turn, at most MaxAliasPronunciations in all.
func sayAliases(aliases []string) []pronounce.Pronunciation {
	var out []pronounce.Pronunciation
	for _, a := range aliases {
		for _, p := range sayWords(rules.Words(a)) {
			if len(out) == MaxAliasPronunciations {
				return out
			}
			out = append(out, p)
		}
	}
	return out
}

// soundDistance is the least phoneme distance between two sets of
// pronunciations (2 when either is unknown).
func soundDistance(a, b []pronounce.Pronunciation) float64 {
	best := 2.0
	for _, x := range a {
		for _, y := range b {
			best = min(best, pronounce.Distance(x, y))
		}
	}
	return best
}

// soundMatch is soundDistance over the pairs of pronunciations that
// begin alike, 2 when the heard words are the term inflected
// ("quarantining" for Quarantine): another word, not a mishearing.
func soundMatch(heard, term []pronounce.Pronunciation) float64 {
	best := 2.0
	for _, x := range heard {
		for _, y := range term {
			if pronounce.Inflects(x, y) {
				return 2
			}
			if pronounce.SameStart(x, y) {
				best = min(best, pronounce.Distance(x, y))
			}
		}
	}
	return best
}
