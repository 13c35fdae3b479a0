package suggest

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	"github.com/emend-project/emend/internal/english"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/vocab"
)

// Features are what a proposal's confidence is computed from.
type Features struct {
	// KeyEqual is 1 when the heard words and the term share a sound-alike
	// key (0 when the keys are one edit apart).
	KeyEqual float64
	// Spelling is the similarity of the spellings without spaces: 1 minus
	// the edit distance over the longer length.
	Spelling float64
	// Joined is 1 when the spellings are the same letters, split, joined
	// or cased otherwise ("fast API" for FastAPI).
	Joined float64
	// Notes, Rules, User and Transcripts are 1 for the term's source (all
	// 0 for the starter vocabulary).
	Notes, Rules, User, Transcripts float64
	// Common is 1 for a term that is also an ordinary English word.
	Common float64
	// HeardFreq is log10(1 + times the heard word was seen in corrected
	// text): an ordinary word in ordinary use stays. 0 for several words.
	HeardFreq float64
	// TermFreq is log10(1 + times the term was seen in corrected text).
	TermFreq float64
	// LM is the language model's log probability of the term in context
	// minus that of the heard words, in nats, clipped to [-8, 8].
	LM float64
	// TermShare is the share of the term's words seen spelled (cased) as
	// the term spells them (the least of its words; 0.5 when unseen):
	// "Latest" from a title is "latest" nearly everywhere else.
	TermShare float64
	// WordsDiff is how many more or fewer words the term has than the
	// heard span.
	WordsDiff float64
	// TermLen is the term's length in letters, over 12 (at most 1).
	TermLen float64
	// LMSound is LM for a term that only sounds like the heard words (0
	// for the same letters split or joined): there, context decides.
	LMSound float64
	// InEpisode is 1 when the term stands spelled right elsewhere in the
	// same transcript: it is spoken in this episode.
	InEpisode float64
	// Sound is how alike the heard words and the term are said: 1 minus
	// the least phoneme distance of their pronunciations (dictionary or
	// guessed, see internal/pronounce), at least 0.
	Sound float64
	// SoundOnly is 1 for a candidate found by its phonemes alone, not
	// close in spelling ("Arkin" for Okken, "Moka" for Mocha).
	SoundOnly float64
	// HeardZipf is how common the rarest heard word is in spoken English
	// (english.Zipf, SUBTLEX-US: 0 never said, 3 rare, 5 and over
	// everyday): "Grinion" (0) is a mishearing more likely than "court"
	// (4.8), whatever the library's own text says.
	HeardZipf float64
	// Repeat is log2 of how many places of the episode hold the same
	// heard words as a candidate for the same term (0 for one): the same
	// mishearing comes back each time the name is said.
	Repeat float64
	// RareRepeat is Repeat for heard words that are no everyday English
	// (HeardZipf under RareZipf): "Grinion" twelve times, not "court".
	RareRepeat float64
	// OwnNotes is 1 when this episode's own show notes name the term
	// (Term.Episode): the names most likely said in it ("Valkey" in the
	// notes of the episode that says "Valky" six times).
	OwnNotes float64
	// Unheard is 1 when a heard word is in no English word list and was
	// never seen in corrected text ("Valky", "Codium"): no word at all,
	// so a mishearing of something.
	Unheard float64
	// InSlug is 1 when the episode's file name names the term: all its
	// words, or its letters joined, are words of the slug ("Daxter" in
	// 454-dagster.txt).
	InSlug float64
}

// RareZipf is the Zipf frequency under which heard words count as rare
// for RareRepeat: "pedantic" (2.5) and "gradient" (2.3) are, "ginger" (3.8)
// and "court" (4.8) are not.
const RareZipf = 3.5

// vector lists the features in the order of the weights, after a 1 for
// the intercept.
func (f *Features) vector() []float64 {
	return []float64{1, f.KeyEqual, f.Spelling, f.Joined, f.Notes, f.Rules, f.User, f.Transcripts, f.Common, f.HeardFreq, f.TermFreq, f.LM,
		f.TermShare, f.WordsDiff, f.TermLen, f.LMSound, f.InEpisode, f.Sound, f.SoundOnly, f.HeardZipf, f.Repeat, f.RareRepeat, f.OwnNotes, f.Unheard, f.InSlug}
}

// FeatureNames names the features in the order of the weights.
var FeatureNames = []string{"intercept", "KeyEqual", "Spelling", "Joined", "Notes", "Rules", "User", "Transcripts", "Common", "HeardFreq", "TermFreq", "LM",
	"TermShare", "WordsDiff", "TermLen", "LMSound", "InEpisode", "Sound", "SoundOnly", "HeardZipf", "Repeat", "RareRepeat", "OwnNotes", "Unheard", "InSlug"}

// sign constrains each weight's sign in fitting: +1 at least 0, -1 at most
// 0, 0 free. Evidence for a term must never lower its confidence; how
// often a term is seen cuts both ways (a name, or an ordinary word).
var sign = []int{0, 1, 1, 1, 1, 1, 1, 1, -1, -1, 0, 1, 1, 0, 0, 1, 1, 1, 0, -1, 1, 1, 1, 0, 1}

// Weights are the logistic regression weights of the features.
type Weights []float64

// DefaultWeights were fitted with FitWeighted on the 16,074 proposals
// people reviewed in the episodes first added to Talk Python in 2022 and
// to Python Bytes in 2023, with the vocabulary and language model of the
// text as it stood at the start of each window (right: people later wrote
// the term there; wrong: they wrote something else, or, weighed
// SuspectWeight, edited the segment and kept the words). Their calibration
// was then measured on the episodes added in the year after each window
// (see docs/evaluation.md, "Scoring"). Refit with:
//
//	emend eval talk-python --until 2022-01-01 --end 2023-01-01 --suggest --samples tp.samples
//	emend eval python-bytes --until 2023-01-01 --end 2024-01-01 --suggest --samples pb.samples --fit --fit-with tp.samples
//
// (The proposals fitted on were chosen among overlapping candidates with
// the weights then in force; the fit was not iterated.)
var DefaultWeights = Weights{-7.633, 0.991, 1.951, 0.000, 0.199, 0.003, 0.002, 0.002, -0.098, 0.000, 0.463, 0.018, 0.417, -0.659, -0.059, 0.165, 1.421, 2.472, 1.132, -0.059, 0.000, 0.045, 0.199, 0.237, 1.544}

// Confidence is the weights' estimate that a proposal with these
// features is right.
func (w Weights) Confidence(f *Features) float64 {
	z := 0.0
	for i, x := range f.vector() {
		if i < len(w) {
			z += w[i] * x
		}
	}
	return sigmoid(z)
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// The sentence edges in the words given to Model.Compare, as
// internal/langmodel names them.
const (
	sentenceStart = "<s>"
	sentenceEnd   = "</s>"
)

// Options tune Propose.
type Options struct {
	// Model is the language model of corrected text; nil: none.
	Model Model
	// Weights of the features; nil: DefaultWeights.
	Weights Weights
	// Min is the lowest confidence proposed.
	Min float64
	// Rejected holds corrections people rejected, "heard => term" with
	// folded heard words; they are never proposed again.
	Rejected map[string]bool
	// Rules, when not nil, are the rules: words they correct are theirs,
	// and get no proposal. Show is the show the rules are matched for.
	Rules *rules.Matcher
	Show  string
	// Slug is the episode's file name without its number and extension
	// ("fastui" of 449-fastui.vtt): what it is about (see guarded).
	Slug string
}

// scored is a candidate with its confidence.
type scored struct {
	candidate
	f    Features
	conf float64
	lp   [2]float64 // the model's log probabilities of heard and term
	left []string
	rght []string
	freq int
}

// Propose returns the proposals for a transcript's segment texts: the best
// of the overlapping candidates, at or above opt.Min, in text order. Only
// Segment, From, To, Before, After, Confidence, Evidence, Source,
// Features, Left and Right are set.
func (ix *Index) Propose(texts []string, opt Options) []Proposal {
	if len(ix.terms) == 0 {
		return nil
	}
	w := opt.Weights
	if w == nil {
		w = DefaultWeights
	}
	t := newText(texts)
	cands := ix.candidates(t)
	all := make([]scored, 0, len(cands))
	at := t.positions()
	reps := repetitions(t, cands)
	slug := slugWords(opt.Slug)
	longer := ix.coveredByLonger(cands)
	for _, c := range cands {
		tm := &ix.terms[c.term]
		if ordinaryTerm(tm.Text) && (tm.Source == FromNotes || tm.Source == FromTranscripts) || learnedWords(tm) || tm.short && longer[c.i] {
			continue
		}
		inEpisode := t.has(at, tm.Text)
		if ix.guarded(t, c, inEpisode, slug) {
			continue
		}
		s := ix.score(t, c, opt.Model)
		if inEpisode {
			s.f.InEpisode = 1
		}
		s.f.HeardZipf = heardZipf(t, c.i, c.j)
		s.f.Repeat = math.Log2(float64(reps[repKey(t, c)]))
		if s.f.HeardZipf < RareZipf {
			s.f.RareRepeat = s.f.Repeat
		}
		if s.f.HeardZipf == 0 && unheard(t, c.i, c.j, opt.Model) {
			s.f.Unheard = 1
		}
		if tm.Episode {
			s.f.OwnNotes = 1
		}
		if slugNames(slug, tm) {
			s.f.InSlug = 1
		}
		s.conf = w.Confidence(&s.f)
		if s.conf < opt.Min {
			continue
		}
		if opt.Rejected != nil && opt.Rejected[rejectedKey(t.fold[c.i:c.j], tm.Text)] {
			continue
		}
		all = append(all, s)
	}
	// The most confident first; then the longer span, then text order.
	sort.SliceStable(all, func(a, b int) bool {
		if all[a].conf != all[b].conf {
			return all[a].conf > all[b].conf
		}
		if la, lb := all[a].j-all[a].i, all[b].j-all[b].i; la != lb {
			return la > lb
		}
		return all[a].i < all[b].i
	})
	taken := make([]bool, len(t.fold))
	if opt.Rules != nil {
		// Words are in text order: the first word an edit reaches is
		// found by bisection, the rest follow it.
		for _, ed := range opt.Rules.Match(texts, opt.Show) {
			k := sort.Search(len(t.fold), func(k int) bool {
				return int(t.seg[k]) > ed.Text || int(t.seg[k]) == ed.Text && t.at[k][1] > ed.Start
			})
			for ; k < len(t.fold) && int(t.seg[k]) == ed.Text && t.at[k][0] < ed.End; k++ {
				taken[k] = true
			}
		}
	}
	var out []Proposal
	for _, s := range all {
		free := true
		for k := s.i; k < s.j; k++ {
			if taken[k] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for k := s.i; k < s.j; k++ {
			taken[k] = true
		}
		tm := &ix.terms[s.term]
		seg := int(t.seg[s.i])
		p := Proposal{
			Segment: seg, From: t.at[s.i][0], To: t.at[s.j-1][1],
			Before: texts[seg][t.at[s.i][0]:t.at[s.j-1][1]], After: tm.Text,
			Confidence: s.conf, Source: tm.Source.String(), Features: s.f,
			Left: s.left, Right: s.rght,
		}
		p.Evidence = evidence(t, &s, tm)
		out = append(out, p)
	}
	Sort(out) // no File yet: by segment, then place
	return out
}

// coveredByLonger marks the words that a candidate of several words for
// a term of MinJoined letters or more covers: there a short term found
// by an alias ("sequel" for SQL) is part of a longer name ("sequel
// alchemy" for SQLAlchemy), not the name.
func (ix *Index) coveredByLonger(cands []candidate) map[int]bool {
	out := map[int]bool{}
	for _, c := range cands {
		if c.j-c.i < 2 || ix.terms[c.term].short {
			continue
		}
		for k := c.i; k < c.j; k++ {
			out[k] = true
		}
	}
	return out
}

// unheard reports whether a heard word of t.fold[i:j] is in no English
// word list and was never seen in corrected text (m nil: no text seen).
func unheard(t *text, i, j int, m Model) bool {
	for k := i; k < j; k++ {
		w := t.fold[k]
		if !strings.ContainsFunc(w, unicode.IsLetter) || english.Zipf(w) > 0 || english.IsWord(w) {
			continue
		}
		if m == nil || m.Count(w) == 0 {
			return true
		}
	}
	return false
}

// ordinaryTerm reports whether a term is one ordinary English word in
// lower case ("share", "pass", "name": inline code of show notes): what
// sounds like it is another ordinary word far more often than a mishearing
// ("cheer", "Pazza", "num" on Python Bytes), so such a term from notes or
// transcripts is never proposed. The starter list, the producer and rules
// name the terms that are words too ("ruff"), which context decides.
func ordinaryTerm(term string) bool {
	return term == strings.ToLower(term) && !strings.ContainsAny(term, " -._") && english.IsWord(term)
}

// learnedWords reports whether a term only the transcripts' own text
// gives (no list, notes or title names it) is ordinary English words,
// however cased or joined: "Talk" (of "Talk Python"), "Open-source" (at
// the start of a sentence), "sub-interpreters". Such a spelling is the
// transcripts' style, not a name: what sounds like it ("track", "open
// source") is those words, and the show's spellings see to their case.
func learnedWords(tm *term) bool {
	return tm.Source == FromTranscripts && !tm.Listed && vocab.OrdinaryWords(tm.Text)
}

// positions maps each word of the text, as written, to where it stands.
func (t *text) positions() map[string][]int32 {
	m := map[string][]int32{}
	for k := range t.fold {
		w := t.texts[t.seg[k]][t.at[k][0]:t.at[k][1]]
		m[w] = append(m[w], int32(k))
	}
	return m
}

// has reports whether the text holds a term spelled exactly so.
func (t *text) has(at map[string][]int32, term string) bool {
	ws := rules.Words(term)
	if len(ws) == 0 {
		return false
	}
	for _, k := range at[ws[0]] {
		ok := int(k)+len(ws) <= len(t.fold)
		for n := 1; ok && n < len(ws); n++ {
			w := int(k) + n
			ok = !t.brk[w] && t.texts[t.seg[w]][t.at[w][0]:t.at[w][1]] == ws[n]
		}
		if ok {
			return true
		}
	}
	return false
}

// score computes a candidate's features.
func (ix *Index) score(t *text, c candidate, m Model) scored {
	tm := &ix.terms[c.term]
	s := scored{candidate: c}
	f := &s.f
	if c.keyDist == 0 {
		f.KeyEqual = 1
	}
	heard := strings.Join(t.joined[c.i:c.j], "")
	longest := max(len(heard), len(tm.joined))
	d := c.spell
	if c.joined {
		d = 0
	}
	f.Spelling = 1 - float64(d)/float64(longest)
	f.WordsDiff = float64(abs(c.j - c.i - tm.words))
	if c.joined && f.WordsDiff > 0 && c.j-c.i == hyphenParts(tm.Text) {
		// The words of a hyphenated name, spaced: "Python build
		// standalone" for python-build-standalone is no join.
		f.WordsDiff = 0
	}
	f.TermLen = min(1, float64(len(tm.joined))/12)
	sd := c.sound
	if sd < 0 {
		var ws []string
		for k := c.i; k < c.j; k++ {
			ws = append(ws, t.word(k))
		}
		sd = soundDistance(sayWords(ws), tm.prons)
	}
	f.Sound = max(0, 1-sd)
	if c.bySound {
		f.SoundOnly = 1
	}
	if c.joined {
		f.Joined = 1
	}
	switch tm.Source {
	case FromNotes:
		f.Notes = 1
	case FromRules:
		f.Rules = 1
	case FromUser:
		f.User = 1
	case FromTranscripts:
		f.Transcripts = 1
	}
	if tm.Common {
		f.Common = 1
	}
	// Context: up to two words before and after, within the sentence,
	// whose edges the language model knows ("<s>", "</s>").
	for k := c.i; k > c.i-2; k-- {
		if t.sent[k] {
			s.left = append([]string{sentenceStart}, s.left...)
			break
		}
		s.left = append([]string{t.fold[k-1]}, s.left...)
	}
	for k := c.j; k < c.j+2; k++ {
		if k == len(t.fold) || t.sent[k] {
			s.rght = append(s.rght, sentenceEnd)
			break
		}
		s.rght = append(s.rght, t.fold[k])
	}
	if m == nil {
		return s
	}
	if c.j == c.i+1 {
		s.freq = m.Count(t.fold[c.i])
		f.HeardFreq = math.Log10(1 + float64(s.freq))
	}
	tf := math.MaxInt
	for _, w := range tm.fields {
		tf = min(tf, m.Count(w))
	}
	f.TermFreq = math.Log10(1 + float64(tf))
	f.TermShare = 0.5
	if sp, ok := m.(interface{ Spellings(string) map[string]int }); ok {
		share := 1.0
		seen := false
		for _, w := range rules.Words(tm.Text) {
			forms := sp.Spellings(rules.Fold(w))
			total := 0
			for _, n := range forms {
				total += n
			}
			if total > 0 {
				seen = true
				share = min(share, float64(forms[w])/float64(total))
			}
		}
		if seen {
			f.TermShare = share
		}
	}
	lp := m.Compare(s.left, [][]string{t.fold[c.i:c.j], tm.fields}, s.rght)
	if len(lp) == 2 && !math.IsNaN(lp[0]) && !math.IsNaN(lp[1]) {
		s.lp = [2]float64{lp[0], lp[1]}
		f.LM = max(-8, min(8, lp[1]-lp[0]))
		if !c.joined {
			f.LMSound = f.LM
		}
	}
	return s
}

// evidence says in a few words why a proposal was made.
func evidence(t *text, s *scored, tm *term) string {
	var parts []string
	heard := t.texts[t.seg[s.i]][t.at[s.i][0]:t.at[s.j-1][1]]
	how := "sounds like"
	switch {
	case s.joined && s.j-s.i > tm.words:
		how = "split from"
	case s.joined && s.j-s.i < tm.words:
		how = "joined from"
	case s.joined:
		how = "spelled as"
	case s.bySound:
		how = "is said like"
	case s.keyDist > 0:
		how = "sounds close to"
	}
	parts = append(parts, fmt.Sprintf("%s %s (%s)", how, tm.Text, tm.Source))
	if s.f.LM >= 1 || s.f.LM <= -1 {
		ctx := func(words string) string {
			var ws []string
			for _, w := range append(append(append([]string(nil), s.left...), words), s.rght...) {
				if w != sentenceStart && w != sentenceEnd {
					ws = append(ws, w)
				}
			}
			return strings.Join(ws, " ")
		}
		a, b := ctx(tm.fold), ctx(strings.Join(t.fold[s.i:s.j], " "))
		if s.f.LM < 0 {
			a, b = b, a
		}
		parts = append(parts, fmt.Sprintf("%q %s likelier than %q", a, times(math.Exp(math.Abs(s.lp[1]-s.lp[0]))), b))
	}
	if s.freq > 0 {
		parts = append(parts, fmt.Sprintf("%q seen %d× in corrected text", heard, s.freq))
	}
	if tm.Common {
		parts = append(parts, tm.Text+" is also an ordinary word")
	}
	return strings.Join(parts, "; ")
}

func times(x float64) string {
	switch {
	case x >= 1e6:
		return "over a million times"
	case x >= 100:
		return fmt.Sprintf("%.0f×", x)
	default:
		return fmt.Sprintf("%.1f×", x)
	}
}

// hyphenParts is how many words a term has when split at its hyphens too.
func hyphenParts(text string) int {
	n := 0
	for _, w := range rules.Words(text) {
		n += len(strings.FieldsFunc(w, func(r rune) bool { return r == '-' }))
	}
	return n
}
