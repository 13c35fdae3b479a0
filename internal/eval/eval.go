// Package eval measures how well learned rules correct transcripts. It
// learns from a repository's history up to a date, fixes every transcript as
// it stood then (or as first added after it), and compares the result word
// by word with the text people wrote by the end of the window. Each edit
// emend makes is right (people later wrote the same words at the same
// place), conflicting (people changed those words to something else),
// suspect (people edited that segment but kept those words), or unreviewed
// (people never touched the segment). The same is measured for a plain
// find-and-replace of the mined pairs, the baseline to beat.
package eval

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/emend-project/emend/internal/fix"
	"github.com/emend-project/emend/internal/history"
	"github.com/emend-project/emend/internal/learn"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/suggest"
	"github.com/emend-project/emend/internal/transcript"
)

// Class is the verdict on one edit.
type Class string

// The classes of edit.
const (
	Right       Class = "right"
	Conflicting Class = "conflicting"
	Suspect     Class = "suspect"
	Unreviewed  Class = "unreviewed"
)

// Classes lists the classes in report order.
var Classes = []Class{Right, Conflicting, Suspect, Unreviewed}

// Options say what to evaluate.
type Options struct {
	Repo       string
	Until, End time.Time // End zero: the repository's HEAD
	// Examples is how many examples of each class to keep; Sample how
	// many unreviewed edits to draw at random for judging by eye.
	Examples, Sample int
	Seed             uint64
	// MinEpisodes is learn's threshold (0: learn's default).
	MinEpisodes int
	Progress    func(stage string, done, total int)
	Warn        func(string)
	// Suggest measures proposals too (see SuggestReport), with the
	// episodes' show notes unless NoNotes; SuggestAbove is the
	// auto-apply threshold (0: suggest.DefaultThreshold), Weights the
	// scoring weights (nil: suggest.DefaultWeights), and Fit fits new
	// weights on the proposals people reviewed.
	Suggest, NoNotes, Fit bool
	SuggestAbove          float64
	Weights               suggest.Weights
	// FitWith are reviewed proposals of other runs to fit on too.
	FitWith []Sample
	// Job measures the whole job as a producer runs it (see JobReport):
	// the learned rules, the spellings and the proposals at SuggestAbove,
	// on every transcript; NewShow measures it with no learned rules.
	Job, NewShow bool
	// Spellings are the producer's spelling decisions and the show's
	// names from its emend.toml, for the job (see internal/spelling);
	// NoSpellings leaves the show's spellings out of the job.
	Spellings   []spelling.Decision
	ShowTerms   []string
	NoSpellings bool
}

// Example is one edit, with what people wrote there.
type Example struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Before string `json:"before"`
	After  string `json:"after"`
	// People is what the final text has at that place.
	People  string `json:"people"`
	Context string `json:"context"`
	// Source says what made the edit, in the job's figures: learned
	// rules, spellings or proposals.
	Source string `json:"source,omitempty"`
}

// Score is one system's results.
type Score struct {
	Name     string              `json:"name"`
	Rules    int                 `json:"rules"`
	Counts   map[Class]int       `json:"counts"`
	Examples map[Class][]Example `json:"examples"`
	// Recalled counts the human term corrections made identically, and
	// PairRecall is the mean over distinct corrections (wrong -> right)
	// of the share of their occurrences made.
	Recalled   int     `json:"recalled"`
	PairRecall float64 `json:"pair_recall"`
	// RecalledTerms and TermPairRecall are the same over the term
	// corrections alone: those learn would learn from (not spoken forms
	// written out, function words, numbers, spacing style).
	RecalledTerms  int     `json:"recalled_terms"`
	TermPairRecall float64 `json:"term_pair_recall"`
	// CaseOnly counts the conflicting edits whose words people wrote the
	// same but for case ("NginX" where people wrote "NGINX").
	CaseOnly int `json:"case_only"`
	// Rewritten counts the edits in text people re-transcribed, which
	// count in no class.
	Rewritten int `json:"rewritten"`
	// Unreviewed is a random sample of the unreviewed edits.
	UnreviewedSample []Example `json:"unreviewed_sample"`
	pairHits         map[string]int
	unreviewed       []Example
	maxExamples      int
	// classOf, when not nil, records the class of each edit by its rule
	// (suggestions give each proposal a rule of its own).
	classOf map[*rules.Rule]Class
	// byRule counts each rule's edits by class.
	byRule map[*rules.Rule]map[Class]int
	// byEdit, when not nil, records the class of each edit by its place
	// (see editKey).
	byEdit map[string]Class
	// source, when not nil, names what made each rule's edits.
	source map[*rules.Rule]string
	// Later counts, with an --end before HEAD, the edits of each class
	// whose words people wrote at the same place by HEAD: right after
	// all, later than the window.
	Later map[Class]int `json:"later,omitempty"`
	// Contradicted lists the rules with edits people contradicted
	// (conflicting or suspect), most first: the rules to review.
	Contradicted []RuleScore `json:"contradicted,omitempty"`
	// Missed lists the term corrections people made that emend made in
	// fewer places, most places missed first (at most maxMissed).
	Missed []Miss `json:"missed,omitempty"`
}

// Miss is one distinct term correction people made, with how many
// places they made it and how many of those emend made alike.
type Miss struct {
	Correction string `json:"correction"`
	People     int    `json:"people"`
	Emend      int    `json:"emend"`
}

// maxMissed bounds the list of missed corrections a report keeps.
const maxMissed = 200

// RuleScore is one rule's edits by class.
type RuleScore struct {
	Rule   string        `json:"rule"`
	Counts map[Class]int `json:"counts"`
}

func (r RuleScore) wrong() int { return r.Counts[Conflicting] + r.Counts[Suspect] }

// Precision is right / (right + conflicting + suspect).
func (s *Score) Precision() float64 {
	n := s.Counts[Right] + s.Counts[Conflicting] + s.Counts[Suspect]
	if n == 0 {
		return 0
	}
	return float64(s.Counts[Right]) / float64(n)
}

// PrecisionIgnoringCase counts conflicting edits that differ from people's
// words only in case as right.
func (s *Score) PrecisionIgnoringCase() float64 {
	n := s.Counts[Right] + s.Counts[Conflicting] + s.Counts[Suspect]
	if n == 0 {
		return 0
	}
	return float64(s.Counts[Right]+s.CaseOnly) / float64(n)
}

// Report is the outcome of an evaluation.
type Report struct {
	Repo       string    `json:"repo"`
	Until, End time.Time `json:"-"`
	Files      int       `json:"files"`
	Words      int       `json:"words"`
	// Corrections counts the human term corrections in the window:
	// replacements of one to four words by one to four others; Pairs the
	// distinct ones.
	Corrections int `json:"corrections"`
	// TermCorrections counts those that are term corrections as learn
	// judges them; TermPairs the distinct ones.
	TermCorrections int `json:"term_corrections"`
	TermPairs       int `json:"term_pairs"`
	termPairs       map[string]int
	Pairs           int `json:"pairs"`
	// Ceiling is the share of people's corrections in the window that
	// they had made before Until, word for word (the recall of a learner
	// that applied every past edit where it was right and nowhere else);
	// CeilingDistinct the same over distinct corrections.
	Ceiling         float64       `json:"ceiling"`
	CeilingDistinct float64       `json:"ceiling_distinct"`
	Emend           *Score        `json:"emend"`
	Baseline        *Score        `json:"baseline"`
	LearnStats      learn.Stats   `json:"learn_stats"`
	Elapsed         time.Duration `json:"-"`
	pairCounts      map[string]int
	// Suggest holds the proposals' figures, with Options.Suggest.
	Suggest *SuggestReport `json:"suggest,omitempty"`
	// Job holds the whole job's figures, with Options.Job.
	Job *JobReport `json:"job,omitempty"`
}

// Run evaluates.
func Run(opt Options) (*Report, error) {
	start := time.Now()
	if opt.Examples == 0 {
		opt.Examples = 8
	}
	if opt.Sample == 0 {
		opt.Sample = 100
	}
	progress := func(stage string) func(int, int) {
		if opt.Progress == nil {
			return nil
		}
		return func(d, t int) { opt.Progress(stage, d, t) }
	}
	// The transcripts as they stood at Until, which learning reads too.
	then, err := history.Snapshot(opt.Repo, opt.Until.Add(-time.Nanosecond), nil)
	if err != nil && !isMissing(err) {
		return nil, err
	}
	if err != nil && opt.Warn != nil {
		opt.Warn(err.Error()) // as learning would, reading it itself
	}
	// Learn from the history before Until.
	l := learn.New(learn.Options{MinEpisodes: opt.MinEpisodes})
	rs, err := l.Learn(learn.Sources{Specs: []string{opt.Repo}, Until: opt.Until, Warn: opt.Warn,
		Snapshots: map[string]map[string][]byte{opt.Repo: then},
		Progress: func(_ string, d, t int) {
			if p := progress("learning"); p != nil {
				p(d, t)
			}
		}})
	if err != nil {
		return nil, err
	}
	emend, err := rules.Compile(rs)
	if err != nil {
		return nil, err
	}
	base, nbase, err := baseline(l.Pairs())
	// The ceiling: corrections people had made before, word for word.
	made := map[string]bool{}
	for _, p := range l.Edits() {
		made[pairKey(rules.Words(p.Wrong), rules.Words(p.Right))] = true
	}
	if err != nil {
		return nil, err
	}
	// The transcripts first added after Until, and at the end.
	added, err := history.Added(opt.Repo, opt.Until.Add(-time.Nanosecond), endOrNow(opt.End), nil)
	if err != nil && !isMissing(err) {
		return nil, err
	}
	var sr, jobSetup *SuggestReport
	if opt.Suggest || opt.Job {
		if p := progress("vocabulary and language model"); p != nil {
			p(0, 1)
		}
		sr = setupSuggest(opt, rs, then, added)
		jobSetup = sr
		if opt.Job && opt.NewShow {
			// A new show has no rules to name terms.
			jobSetup = setupSuggest(opt, nil, then, added)
		}
		if !opt.Suggest {
			sr = nil
		}
	}
	var job *JobReport
	if opt.Job {
		known := rs
		if opt.NewShow {
			known = nil
		}
		var sp *spelling.Set
		if !opt.NoSpellings {
			src := spelling.Sources{Decisions: opt.Spellings, Config: opt.ShowTerms, Rules: known, Starter: true}
			if jobSetup.useNotes {
				src.Notes = jobSetup.allNotes(then, added)
			}
			sp = spelling.New(src, spelling.Options{})
		}
		if job, err = setupJob(opt, known, sp, jobSetup); err != nil {
			return nil, err
		}
	}
	for p, b := range added {
		then[p] = b
	}
	final, err := history.Snapshot(opt.Repo, opt.End, nil)
	if err != nil && !isMissing(err) {
		return nil, err
	}
	r := &Report{Repo: opt.Repo, Until: opt.Until, End: opt.End, LearnStats: l.Stats, pairCounts: map[string]int{}, termPairs: map[string]int{},
		Emend:    newScore("emend", len(rs), opt.Examples),
		Baseline: newScore("find-and-replace baseline", nbase, opt.Examples), Suggest: sr, Job: job}
	if !opt.End.IsZero() {
		r.Emend.byEdit = map[string]Class{}
	}
	paths := make([]string, 0, len(then))
	for p := range then {
		if _, ok := final[p]; ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	pr := progress("comparing")
	for i, p := range paths {
		r.file(p, then[p], final[p], emend, base)
		if pr != nil {
			pr(i+1, len(paths))
		}
	}
	if !opt.End.IsZero() {
		// Edits people made themselves after the window.
		head, err := history.Snapshot(opt.Repo, time.Time{}, nil)
		if err != nil && !isMissing(err) {
			return nil, err
		}
		ahead := newScore("emend at HEAD", len(rs), 0)
		ahead.byEdit = map[string]Class{}
		for _, p := range paths {
			if data, ok := head[p]; ok {
				later(ahead, p, then[p], data, emend)
			}
		}
		r.Emend.Later = map[Class]int{}
		for k, c := range r.Emend.byEdit {
			if c != Right && ahead.byEdit[k] == Right {
				r.Emend.Later[c]++
			}
		}
	}
	for _, s := range []*Score{r.Emend, r.Baseline} {
		s.finish(r.pairCounts, r.termPairs, opt)
	}
	r.Pairs, r.TermPairs = len(r.pairCounts), len(r.termPairs)
	seen, distinct := 0, 0.0
	for k, n := range r.pairCounts {
		if made[k] {
			seen += n
			distinct++
		}
	}
	if r.Corrections > 0 {
		r.Ceiling, r.CeilingDistinct = float64(seen)/float64(r.Corrections), distinct/float64(len(r.pairCounts))
	}
	if sr != nil {
		sr.finish(opt.Fit, opt.FitWith)
	}
	if job != nil {
		job.finish(opt)
	}
	r.Elapsed = time.Since(start)
	return r, nil
}

func endOrNow(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now().Add(24 * time.Hour)
	}
	return t
}

func isMissing(err error) bool {
	_, ok := err.(*history.MissingError)
	return ok
}

func newScore(name string, n, examples int) *Score {
	return &Score{Name: name, Rules: n, Counts: map[Class]int{}, Examples: map[Class][]Example{}, pairHits: map[string]int{}, maxExamples: examples}
}

// baseline compiles the mined pairs as plain find-and-replace rules: case
// sensitive, word-bounded, longest first; for a wrong form mined with
// several right ones, the most frequent. Pairs mined once are left out, as
// learn leaves out fixes made once.
func baseline(pairs []learn.Pair) (*rules.Matcher, int, error) {
	seen := map[string]bool{}
	var rs []*rules.Rule
	for _, p := range pairs { // most frequent first
		if seen[p.Wrong] || p.Count < 2 {
			continue
		}
		seen[p.Wrong] = true
		rs = append(rs, &rules.Rule{Wrong: p.Wrong, Right: p.Right, Case: true})
	}
	m, err := rules.Compile(rs)
	return m, len(rs), err
}

// finish computes recall over distinct corrections and draws the sample.
func (s *Score) finish(pairCounts, termPairs map[string]int, opt Options) {
	for rule, m := range s.byRule {
		if m[Conflicting]+m[Suspect] > 0 {
			s.Contradicted = append(s.Contradicted, RuleScore{Rule: rule.Wrong + " => " + rule.Right, Counts: m})
		}
	}
	sort.Slice(s.Contradicted, func(i, j int) bool {
		a, b := s.Contradicted[i], s.Contradicted[j]
		if a.wrong() != b.wrong() {
			return a.wrong() > b.wrong()
		}
		return a.Rule < b.Rule
	})
	s.PairRecall = s.meanRecall(pairCounts)
	s.TermPairRecall = s.meanRecall(termPairs)
	s.Missed = s.missed(termPairs)
	rng := rand.New(rand.NewPCG(opt.Seed, 1))
	idx := rng.Perm(len(s.unreviewed))
	for _, i := range idx[:min(len(idx), opt.Sample)] {
		s.UnreviewedSample = append(s.UnreviewedSample, s.unreviewed[i])
	}
}

// missed lists the term corrections emend made in fewer places than
// people, most places missed first.
func (s *Score) missed(termPairs map[string]int) []Miss {
	var ms []Miss
	for k, n := range termPairs {
		if h := s.pairHits[k]; h < n {
			ms = append(ms, Miss{Correction: k, People: n, Emend: h})
		}
	}
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i].People-ms[i].Emend, ms[j].People-ms[j].Emend
		if a != b {
			return a > b
		}
		return ms[i].Correction < ms[j].Correction
	})
	return ms[:min(len(ms), maxMissed)]
}

// meanRecall averages, over the distinct corrections, the share of each
// one's places the system corrected alike.
func (s *Score) meanRecall(pairs map[string]int) float64 {
	if len(pairs) == 0 {
		return 0
	}
	sum := 0.0
	for k, n := range pairs {
		sum += float64(s.pairHits[k]) / float64(n)
	}
	return sum / float64(len(pairs))
}

// TermRecall is the share of term corrections made identically.
func (r *Report) TermRecall(s *Score) float64 {
	if r.TermCorrections == 0 {
		return 0
	}
	return float64(s.RecalledTerms) / float64(r.TermCorrections)
}

// TopCorrections returns the n corrections people made most.
func (r *Report) TopCorrections(n int) []string {
	keys := make([]string, 0, len(r.pairCounts))
	for k := range r.pairCounts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if r.pairCounts[keys[i]] != r.pairCounts[keys[j]] {
			return r.pairCounts[keys[i]] > r.pairCounts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys[:min(n, len(keys))]
}

// Recall is the share of human term corrections made identically.
func (r *Report) Recall(s *Score) float64 {
	if r.Corrections == 0 {
		return 0
	}
	return float64(s.Recalled) / float64(r.Corrections)
}

// Text writes the report for people.
func (r *Report) Text() string {
	var b strings.Builder
	end := "HEAD"
	if !r.End.IsZero() {
		end = r.End.Format("2006-01-02")
	}
	fmt.Fprintf(&b, "emend eval %s: rules learned from the history before %s, applied to the transcripts as they stood then (or as first added), compared with the text at %s.\n",
		r.Repo, r.Until.Format("2006-01-02"), end)
	fmt.Fprintf(&b, "%d files, %d words; people made %d replacements of one to four words (%d distinct) in the window, %d of them term corrections (%d distinct). Took %.1fs.\n\n",
		r.Files, r.Words, r.Corrections, r.Pairs, r.TermCorrections, r.TermPairs, r.Elapsed.Seconds())
	fmt.Fprintf(&b, "%-28s %7s %8s %12s %8s %10s %11s %8s %9s %10s\n", "", "rules", "right", "conflicting", "suspect", "precision", "unreviewed", "recall", "distinct", "rewritten")
	for _, s := range []*Score{r.Emend, r.Baseline} {
		fmt.Fprintf(&b, "%-28s %7d %8d %12d %8d %10.3f %11d %8.3f %9.3f %10d\n", s.Name, s.Rules, s.Counts[Right], s.Counts[Conflicting], s.Counts[Suspect],
			s.Precision(), s.Counts[Unreviewed], r.Recall(s), s.PairRecall, s.Rewritten)
	}
	b.WriteString("(rewritten: edits in text people re-transcribed rather than corrected, in no class)\n")
	if l := r.Emend.Later; l != nil {
		fixed := l[Conflicting] + l[Suspect]
		n := r.Emend.Counts[Right] + r.Emend.Counts[Conflicting] + r.Emend.Counts[Suspect]
		fmt.Fprintf(&b, "after the window, by HEAD, people wrote emend's words themselves at %d of its %d conflicting and %d of its %d suspect edits (and %d of its %d unreviewed ones): precision %.3f counting those as right\n",
			l[Conflicting], r.Emend.Counts[Conflicting], l[Suspect], r.Emend.Counts[Suspect], l[Unreviewed], r.Emend.Counts[Unreviewed], float64(r.Emend.Counts[Right]+fixed)/float64(max(1, n)))
	}
	fmt.Fprintf(&b, "ceiling for rules learned from history: %.3f of people's corrections (distinct %.3f) were made word for word before %s\n",
		r.Ceiling, r.CeilingDistinct, r.Until.Format("2006-01-02"))
	for _, s := range []*Score{r.Emend, r.Baseline} {
		fmt.Fprintf(&b, "%s: precision %.3f counting the %d conflicting edits that differ from people's words only in case as right; recall %.3f (distinct %.3f) over term corrections alone\n",
			s.Name, s.PrecisionIgnoringCase(), s.CaseOnly, r.TermRecall(s), s.TermPairRecall)
	}
	if top := r.TopCorrections(30); len(top) > 0 {
		b.WriteString("\nThe corrections people made most in the window:\n")
		for _, t := range top {
			fmt.Fprintf(&b, "  %5d  %s   (emend made %d, the baseline %d)\n", r.pairCounts[t], t, r.Emend.pairHits[t], r.Baseline.pairHits[t])
		}
	}
	if cs := r.Emend.Contradicted; len(cs) > 0 {
		b.WriteString("\nemend's rules whose edits people contradicted (changed otherwise, or kept), most first:\n")
		for _, c := range cs[:min(len(cs), 10)] {
			fmt.Fprintf(&b, "  %-40s right %d, conflicting %d, suspect %d, unreviewed %d\n", c.Rule, c.Counts[Right], c.Counts[Conflicting], c.Counts[Suspect], c.Counts[Unreviewed])
		}
	}
	for _, s := range []*Score{r.Emend, r.Baseline} {
		for _, c := range Classes {
			if len(s.Examples[c]) == 0 {
				continue
			}
			fmt.Fprintf(&b, "\n%s, %s edits (of %d), for example:\n", s.Name, c, s.Counts[c])
			for _, e := range s.Examples[c] {
				b.WriteString(e.line())
			}
		}
	}
	if r.Suggest != nil {
		b.WriteString(r.Suggest.Text())
	}
	if r.Job != nil {
		b.WriteString(r.Job.Text())
	}
	if len(r.Emend.UnreviewedSample) > 0 {
		fmt.Fprintf(&b, "\nA random sample of %d of emend's %d unreviewed edits, to judge by eye:\n", len(r.Emend.UnreviewedSample), r.Emend.Counts[Unreviewed])
		for i, e := range r.Emend.UnreviewedSample {
			fmt.Fprintf(&b, "%3d. ", i+1)
			b.WriteString(e.line())
		}
	}
	return b.String()
}

func (e Example) line() string {
	s := fmt.Sprintf("  %s:%d  %q -> %q", e.File, e.Line, e.Before, e.After)
	if e.People != "" {
		s += fmt.Sprintf(" (people: %q)", e.People)
	}
	return s + "  | " + e.Context + "\n"
}

// words is a transcript's words with where they stand.
type words struct {
	texts []string // segment texts
	lines []int    // the source line of each segment
	list  []string // the words
	seg   []int    // the segment of each word
	at    [][2]int // its bytes in the segment
	first []int    // index of the first word of each segment, and one past the end
	// fixable is whether emend fix edits the file (see fix.Editable).
	fixable bool
}

func newWords(texts []string) *words {
	w := &words{texts: texts, first: make([]int, len(texts)+1)}
	for i, t := range texts {
		w.first[i] = len(w.list)
		for _, b := range rules.WordBounds(t) {
			w.list = append(w.list, t[b[0]:b[1]])
			w.seg = append(w.seg, i)
			w.at = append(w.at, b)
		}
	}
	w.first[len(texts)] = len(w.list)
	return w
}

// segTexts reads a transcript's segment texts and their lines, and says
// whether emend fix would edit it.
func segTexts(path string, data []byte) ([]string, []int, bool) {
	ep, err := transcript.Read(path, data)
	if ep == nil {
		return nil, nil, false
	}
	texts := make([]string, len(ep.Segments))
	lines := make([]int, len(ep.Segments))
	for i, s := range ep.Segments {
		texts[i], lines[i] = s.Text, s.Line
	}
	return texts, lines, fix.Editable(ep, err)
}
