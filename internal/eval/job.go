package eval

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/emend-project/emend/internal/diff"
	"github.com/emend-project/emend/internal/learn"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/suggest"
	"github.com/emend-project/emend/internal/transcript"
	"github.com/emend-project/emend/internal/vocab"
)

// JobReport measures the whole job as a producer runs it: `emend fix` with
// the rules learned from the history (none for a new show), the show's
// spellings, and the proposals at the default threshold, on every
// transcript — the episodes first added after the cut, raw as added, and
// the others as they stood at the cut — each part scored on its own.
type JobReport struct {
	// NewShow is true when the show was measured as new: no learned
	// rules, and a vocabulary without their right sides.
	NewShow   bool    `json:"new_show"`
	Threshold float64 `json:"threshold"`
	Rules     int     `json:"rules"`
	// Terms is the size of the show's spellings; Spellings counts the
	// spelling rules the files called for, summed over files.
	Terms     int `json:"terms"`
	Spellings int `json:"spellings"`
	// New, Old and All score the new episodes, the others, and both.
	New *JobPart `json:"new"`
	Old *JobPart `json:"old"`
	All *JobPart `json:"all"`
	// BySource counts the edits of each kind (rule, spelling, proposal)
	// by class, over all files.
	BySource    map[string]map[Class]int `json:"by_source"`
	ProposeTime time.Duration            `json:"-"`
	Files       int                      `json:"files"`

	setup     *SuggestReport
	matcher   *rules.Matcher
	rules     []*rules.Rule
	spellings *spelling.Set
	newFiles  map[string]bool
	source    map[*rules.Rule]string
}

// JobPart is the job's score on one part of the library, with the
// people's corrections there to recall.
type JobPart struct {
	Name            string `json:"name"`
	Files           int    `json:"files"`
	Words           int    `json:"words"`
	Corrections     int    `json:"corrections"`
	TermCorrections int    `json:"term_corrections"`
	// Recall and DistinctRecall are over all replacements of one to four
	// words; TermRecall and TermDistinctRecall over term corrections.
	Recall             float64 `json:"recall"`
	DistinctRecall     float64 `json:"distinct_recall"`
	TermRecall         float64 `json:"term_recall"`
	TermDistinctRecall float64 `json:"term_distinct_recall"`
	*Score
	pairCounts, termPairs map[string]int
}

func newJobPart(name string, examples int) *JobPart {
	return &JobPart{Name: name, Score: newScore(name, 0, examples), pairCounts: map[string]int{}, termPairs: map[string]int{}}
}

// Sources of the job's edits.
const (
	fromRule     = "learned rules"
	fromSpelling = "spellings"
	fromProposal = "proposals"
)

// setupJob compiles the rules the job applies: the learned ones (none for
// a new show); each file adds the spellings its text calls for.
func setupJob(opt Options, rs []*rules.Rule, sp *spelling.Set, sr *SuggestReport) (*JobReport, error) {
	jr := &JobReport{NewShow: opt.NewShow, Threshold: sr.Default, setup: sr, newFiles: sr.newFiles, spellings: sp, rules: rs,
		New: newJobPart("new episodes, raw as added", opt.Examples), Old: newJobPart("the others, as they stood at the cut", opt.Examples),
		All: newJobPart("all transcripts", opt.Examples), BySource: map[string]map[Class]int{}, source: map[*rules.Rule]string{}}
	for _, pt := range []*JobPart{jr.New, jr.Old, jr.All} {
		pt.source = jr.source
	}
	jr.Rules = len(rs)
	for _, r := range rs {
		jr.source[r] = fromRule
	}
	m, err := rules.Compile(rs)
	if err != nil {
		return nil, fmt.Errorf("the job's rules: %w", err)
	}
	jr.matcher = m
	if sp != nil {
		jr.Terms = sp.Len()
	}
	return jr, nil
}

// file runs the job on one transcript and scores it.
func (jr *JobReport) file(path string, s, e *words, al alignment, corrections []diff.Region) {
	part := jr.Old
	if jr.newFiles[path] {
		part = jr.New
	}
	jr.Files++
	var edits []rules.Edit
	if s.fixable {
		m := jr.matcher
		var notes *vocab.Notes
		if jr.setup.useNotes {
			if n, _ := transcript.ParseName(path); n >= 0 {
				notes = jr.setup.notes(n)
			}
		}
		if jr.spellings != nil {
			extra := jr.spellings.EpisodeRules(s.texts, notes)
			for _, r := range extra {
				jr.source[r] = fromSpelling
			}
			jr.Spellings += len(extra)
			m = rules.CompileWith(jr.rules, extra, jr.matcher)
		}
		ruled := m.Match(s.texts, "")
		ix := jr.setup.ix.With(jr.setup.ix.EvidenceTerms(notes, s.texts))
		start := time.Now()
		_, slug := transcript.ParseName(path)
		ps := ix.Propose(s.texts, suggest.Options{Model: jr.setup.model, Weights: jr.setup.weights, Min: jr.Threshold, Rules: m, Slug: slug})
		jr.ProposeTime += time.Since(start)
		proposed := make([]rules.Edit, 0, len(ps))
		for k := range ps {
			p := &ps[k]
			rule := &rules.Rule{Wrong: p.Before, Right: p.After}
			jr.source[rule] = fromProposal
			proposed = append(proposed, rules.Edit{Text: p.Segment, Start: p.From, End: p.To, New: p.After, Rule: rule})
		}
		edits = merge(ruled, proposed)
	}
	for _, pt := range []*JobPart{part, jr.All} {
		pt.Files++
		pt.Words += len(s.list)
		for _, h := range corrections {
			key := pairKey(s.list[h.A0:h.A1], e.list[h.B0:h.B1])
			pt.Corrections++
			pt.pairCounts[key]++
			if learn.IsCorrection(s.list[h.A0:h.A1], e.list[h.B0:h.B1]) {
				pt.TermCorrections++
				pt.termPairs[key]++
			}
		}
		pt.Score.file(path, s, e, al, corrections, edits)
	}
}

// finish computes the recalls, the counts by source and the samples.
func (jr *JobReport) finish(opt Options) {
	for _, pt := range []*JobPart{jr.New, jr.Old, jr.All} {
		pt.Score.finish(pt.pairCounts, pt.termPairs, opt)
		if pt.Corrections > 0 {
			pt.Recall = float64(pt.Recalled) / float64(pt.Corrections)
		}
		if pt.TermCorrections > 0 {
			pt.TermRecall = float64(pt.RecalledTerms) / float64(pt.TermCorrections)
		}
		pt.DistinctRecall, pt.TermDistinctRecall = pt.PairRecall, pt.TermPairRecall
	}
	for rule, m := range jr.All.byRule {
		src := jr.source[rule]
		if jr.BySource[src] == nil {
			jr.BySource[src] = map[Class]int{}
		}
		for c, n := range m {
			jr.BySource[src][c] += n
		}
	}
}

// RightShare is right / (right + conflicting): the precision,
// which leaves out suspect edits (people edited the segment for something
// else and kept the words).
func (s *Score) RightShare() float64 {
	n := s.Counts[Right] + s.Counts[Conflicting]
	if n == 0 {
		return 0
	}
	return float64(s.Counts[Right]) / float64(n)
}

// Text writes the job's figures for people.
func (jr *JobReport) Text() string {
	var b strings.Builder
	show := "with the rules learned from the history before the cut"
	if jr.NewShow {
		show = "as a new show (no learned rules)"
	}
	fmt.Fprintf(&b, "\nThe whole job, as a producer runs it %s: %d rules, spellings of %d terms (%d spelling rules over the files), proposals at %.2f or more, on %d files (proposals made in %.1fs).\n",
		show, jr.Rules, jr.Terms, jr.Spellings, jr.Threshold, jr.Files, jr.ProposeTime.Seconds())
	fmt.Fprintf(&b, "%-38s %6s %9s %8s %12s %8s %11s %11s %8s %9s %8s %9s\n", "", "files", "people", "right", "conflicting", "suspect", "right/(r+c)", "unreviewed",
		"recall", "distinct", "terms", "distinct")
	for _, pt := range []*JobPart{jr.New, jr.Old, jr.All} {
		fmt.Fprintf(&b, "%-38s %6d %9d %8d %12d %8d %11.3f %11d %8.3f %9.3f %8.3f %9.3f\n", pt.Name, pt.Files, pt.Corrections, pt.Counts[Right], pt.Counts[Conflicting],
			pt.Counts[Suspect], pt.RightShare(), pt.Counts[Unreviewed], pt.Recall, pt.DistinctRecall, pt.TermRecall, pt.TermDistinctRecall)
	}
	b.WriteString("(people: replacements of one to four words people made; recall over them, then over term corrections alone)\n")
	srcs := make([]string, 0, len(jr.BySource))
	for s := range jr.BySource {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	for _, s := range srcs {
		m := jr.BySource[s]
		fmt.Fprintf(&b, "  edits by %-14s right %d, conflicting %d, suspect %d, unreviewed %d\n", s, m[Right], m[Conflicting], m[Suspect], m[Unreviewed])
	}
	for _, c := range []Class{Conflicting, Suspect} {
		if len(jr.All.Examples[c]) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\nthe job, %s edits (of %d), for example:\n", c, jr.All.Counts[c])
		for _, e := range jr.All.Examples[c] {
			b.WriteString(e.line())
		}
	}
	if len(jr.All.UnreviewedSample) > 0 {
		fmt.Fprintf(&b, "\nA random sample of %d of the job's %d unreviewed edits (in lines people never touched), to judge by eye:\n", len(jr.All.UnreviewedSample), jr.All.Counts[Unreviewed])
		for i, e := range jr.All.UnreviewedSample {
			fmt.Fprintf(&b, "%3d. [%s] ", i+1, e.Source)
			b.WriteString(e.line())
		}
	}
	return b.String()
}

// cutTexts returns the text of each transcript as it stood at the cut,
// one per episode stem (the .txt preferred), in a stable order.
func cutTexts(then map[string][]byte) []string {
	byStem := map[string]string{}
	for p := range then {
		stem := strings.TrimSuffix(p, filepath.Ext(p))
		if cur, ok := byStem[stem]; !ok || filepath.Ext(p) == ".txt" && filepath.Ext(cur) != ".txt" {
			byStem[stem] = p
		}
	}
	var texts []string
	for _, p := range byStem {
		st, _, _ := segTexts(p, then[p])
		texts = append(texts, strings.Join(st, "\n"))
	}
	sort.Strings(texts)
	return texts
}
