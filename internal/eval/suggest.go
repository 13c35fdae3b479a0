package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/emend-project/emend/internal/diff"
	"github.com/emend-project/emend/internal/langmodel"
	"github.com/emend-project/emend/internal/learn"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/suggest"
	"github.com/emend-project/emend/internal/transcript"
	"github.com/emend-project/emend/internal/vocab"
)

// Thresholds are the confidences proposals are measured at.
var Thresholds = []float64{0.2, 0.3, 0.4, 0.5, 0.7, 0.8, 0.9, 0.95}

// SuggestReport measures proposals: made on the episodes first added after
// Until, raw as added, with a vocabulary and a language model of the text
// as it stood at Until, and compared with the text at the end.
type SuggestReport struct {
	Notes      bool `json:"notes"`
	Terms      int  `json:"terms"`
	ModelWords int  `json:"model_words"`
	Files      int  `json:"files"`
	Words      int  `json:"words"`
	// Corrections and TermCorrections count people's corrections in the
	// new episodes, as Report counts them.
	Corrections     int `json:"corrections"`
	TermCorrections int `json:"term_corrections"`
	// Proposals counts every proposal made (at any confidence).
	Proposals int              `json:"proposals"`
	At        []ThresholdScore `json:"thresholds"`
	// Default is the auto-apply threshold, Combined the rules and the
	// proposals at or above it, Rules the rules alone, on the new
	// episodes.
	Default     float64   `json:"default_threshold"`
	Rules       *Score    `json:"rules"`
	Combined    *Score    `json:"combined"`
	Calibration []Bucket  `json:"calibration"`
	Fitted      []float64 `json:"fitted,omitempty"`
	Samples     []Sample  `json:"-"`
	fittedOn    int
	ProposeTime time.Duration `json:"-"`

	ix        *suggest.Index
	terms     []suggest.Term // the index's terms, for the gold lists
	model     *langmodel.Model
	weights   suggest.Weights
	notesDir  string
	useNotes  bool
	newFiles  map[string]bool
	scores    []*Score
	all       *Score
	atDefault *Score
	conf      map[*rules.Rule]*suggest.Proposal
}

// ThresholdScore is how proposals at or above a confidence fare.
type ThresholdScore struct {
	Threshold float64 `json:"threshold"`
	*Score
	Recall      float64 `json:"recall"`
	WrongPer10k float64 `json:"wrong_per_10k_words"`
}

// Bucket compares predicted and observed rates of right proposals among
// those people reviewed, for confidences in [Lo, Hi).
type Bucket struct {
	Lo, Hi    float64
	N, Right  int
	Predicted float64 // mean confidence
}

// Sample is a reviewed proposal, for fitting the weights.
type Sample struct {
	Features suggest.Features `json:"features"`
	Right    bool             `json:"right"`
	// Class is how people treated it: right, conflicting or suspect.
	Class Class `json:"class,omitempty"`
	// File, Before, After and Confidence say which proposal it was, to
	// read the samples by (fitting uses only Features and Right).
	File       string  `json:"file,omitempty"`
	Before     string  `json:"before,omitempty"`
	After      string  `json:"after,omitempty"`
	Confidence float64 `json:"confidence,omitempty"`
}

// setupSuggest builds the vocabulary and the language model of the text
// as it stood at Until (then, before the new episodes were merged in).
func setupSuggest(opt Options, rs []*rules.Rule, then map[string][]byte, added map[string][]byte) *SuggestReport {
	sr := &SuggestReport{Notes: !opt.NoNotes, Default: opt.SuggestAbove, weights: opt.Weights, newFiles: map[string]bool{},
		conf: map[*rules.Rule]*suggest.Proposal{}, notesDir: filepath.Join(opt.Repo, "show_notes"), useNotes: !opt.NoNotes}
	if sr.Default == 0 {
		sr.Default = suggest.DefaultThreshold
	}
	for p := range added {
		if _, old := then[p]; !old {
			sr.newFiles[p] = true
		}
	}
	texts := cutTexts(then)
	c := suggest.Corpus{Texts: texts, Rules: rs}
	if sr.useNotes {
		// The notes of the episodes published before Until, in episode
		// order: the vocabulary breaks ties between spellings by the first
		// added, and the figures must not vary from run to run.
		c.Notes = sr.allNotes(then)
	}
	v := suggest.Vocabulary(c)
	sr.Terms = v.Len()
	sr.terms = suggest.Terms(v)
	sr.ix = suggest.NewIndex(sr.terms)
	sr.model = suggest.NewModel(texts)
	sr.ModelWords = sr.model.Words()
	for _, t := range Thresholds {
		sr.scores = append(sr.scores, newScore(fmt.Sprintf("proposals >= %.2f", t), 0, 0))
	}
	sr.all = newScore("all proposals", 0, 0)
	sr.all.classOf = map[*rules.Rule]Class{}
	sr.atDefault = newScore("proposals at the default threshold", 0, opt.Examples)
	sr.Rules = newScore("rules alone", len(rs), opt.Examples)
	sr.Combined = newScore(fmt.Sprintf("rules + proposals >= %.2f", sr.Default), len(rs), opt.Examples)
	return sr
}

// allNotes reads the show notes of every episode of the files given.
func (sr *SuggestReport) allNotes(sets ...map[string][]byte) []*vocab.Notes {
	known := map[int]bool{}
	for _, set := range sets {
		for p := range set {
			if n, _ := transcript.ParseName(p); n >= 0 {
				known[n] = true
			}
		}
	}
	nums := make([]int, 0, len(known))
	for n := range known {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	var out []*vocab.Notes
	for _, n := range nums {
		if notes := sr.notes(n); notes != nil {
			out = append(out, notes)
		}
	}
	return out
}

// notes reads episode n's show notes, or nil.
func (sr *SuggestReport) notes(n int) *vocab.Notes {
	for _, name := range []string{fmt.Sprintf("%03d.md", n), fmt.Sprintf("%d.md", n)} {
		p := filepath.Join(sr.notesDir, name)
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		notes, err := vocab.ParseNotes(data, p)
		if err == nil {
			return notes
		}
	}
	return nil
}

// file measures proposals on one transcript, when it is a new episode.
func (sr *SuggestReport) file(r *Report, path string, s, e *words, al alignment, corrections []diff.Region, m *rules.Matcher) {
	if !sr.newFiles[path] {
		return
	}
	sr.Files++
	sr.Words += len(s.list)
	for _, h := range corrections {
		sr.Corrections++
		if learn.IsCorrection(s.list[h.A0:h.A1], e.list[h.B0:h.B1]) {
			sr.TermCorrections++
		}
	}
	var notes *vocab.Notes
	if sr.useNotes {
		if n, _ := transcript.ParseName(path); n >= 0 {
			notes = sr.notes(n)
		}
	}
	ix := sr.ix.With(sr.ix.EvidenceTerms(notes, s.texts))
	start := time.Now()
	_, slug := transcript.ParseName(path)
	ps := ix.Propose(s.texts, suggest.Options{Model: sr.model, Weights: sr.weights, Slug: slug})
	sr.ProposeTime += time.Since(start)
	sr.Proposals += len(ps)
	edits := make([]rules.Edit, len(ps))
	for k := range ps {
		p := &ps[k]
		p.File = path
		rule := &rules.Rule{Wrong: p.Before, Right: p.After}
		sr.conf[rule] = p
		edits[k] = rules.Edit{Text: p.Segment, Start: p.From, End: p.To, New: p.After, Rule: rule}
	}
	above := func(t float64) []rules.Edit {
		var out []rules.Edit
		for _, ed := range edits {
			if sr.conf[ed.Rule].Confidence >= t {
				out = append(out, ed)
			}
		}
		return out
	}
	sr.all.file(path, s, e, al, corrections, edits)
	for k, t := range Thresholds {
		sr.scores[k].file(path, s, e, al, corrections, above(t))
	}
	sr.atDefault.file(path, s, e, al, corrections, above(sr.Default))
	ruled := m.Match(s.texts, "")
	sr.Rules.file(path, s, e, al, corrections, ruled)
	sr.Combined.file(path, s, e, al, corrections, merge(ruled, above(sr.Default)))
}

// merge adds to the rules' edits the proposals that overlap none of them,
// in text order.
func merge(ruled, proposed []rules.Edit) []rules.Edit {
	out := append([]rules.Edit(nil), ruled...)
	for _, p := range proposed {
		free := true
		for _, r := range ruled {
			if r.Text == p.Text && r.Start < p.End && p.Start < r.End {
				free = false
				break
			}
		}
		if free {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Text != out[j].Text {
			return out[i].Text < out[j].Text
		}
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].Part < out[j].Part
	})
	return out
}

// finish computes the figures once every file is measured.
func (sr *SuggestReport) finish(fit bool, with []Sample) {
	for k, t := range Thresholds {
		sc := sr.scores[k]
		ts := ThresholdScore{Threshold: t, Score: sc}
		if sr.Corrections > 0 {
			ts.Recall = float64(sc.Recalled) / float64(sr.Corrections)
		}
		if sr.Words > 0 {
			ts.WrongPer10k = float64(sc.Counts[Conflicting]+sc.Counts[Suspect]) / float64(sr.Words) * 10000
		}
		sr.At = append(sr.At, ts)
	}
	// Calibration and samples from the reviewed proposals.
	buckets := []float64{0, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001}
	sr.Calibration = make([]Bucket, len(buckets)-1)
	for k := range sr.Calibration {
		sr.Calibration[k].Lo, sr.Calibration[k].Hi = buckets[k], buckets[k+1]
	}
	rulesOf := make([]*rules.Rule, 0, len(sr.all.classOf))
	for rule := range sr.all.classOf {
		rulesOf = append(rulesOf, rule)
	}
	sort.Slice(rulesOf, func(i, j int) bool {
		a, b := sr.conf[rulesOf[i]], sr.conf[rulesOf[j]]
		if a.Confidence != b.Confidence {
			return a.Confidence < b.Confidence
		}
		return a.Before+a.After < b.Before+b.After
	})
	for _, rule := range rulesOf {
		c := sr.all.classOf[rule]
		if c == Unreviewed {
			continue
		}
		p := sr.conf[rule]
		sr.Samples = append(sr.Samples, Sample{Features: p.Features, Right: c == Right, Class: c,
			File: p.File, Before: p.Before, After: p.After, Confidence: p.Confidence})
		for k := range sr.Calibration {
			b := &sr.Calibration[k]
			if p.Confidence >= b.Lo && p.Confidence < b.Hi {
				b.N++
				if c == Right {
					b.Right++
				}
				b.Predicted += p.Confidence
			}
		}
	}
	for k := range sr.Calibration {
		if b := &sr.Calibration[k]; b.N > 0 {
			b.Predicted /= float64(b.N)
		}
	}
	if fit {
		all := append(append([]Sample(nil), sr.Samples...), with...)
		fs := make([]suggest.Features, len(all))
		ys := make([]bool, len(all))
		ws := make([]float64, len(all))
		for i, s := range all {
			fs[i], ys[i], ws[i] = s.Features, s.Right, 1
			if s.Class == Suspect {
				ws[i] = suggest.SuspectWeight
			}
		}
		sr.Fitted = suggest.FitWeighted(fs, ys, ws)
		sr.fittedOn = len(all)
	}
}

// ExtraRight is how many more right edits the rules and proposals make
// together than the rules alone, as a share of the rules' right edits.
func (sr *SuggestReport) ExtraRight() float64 {
	if sr.Rules.Counts[Right] == 0 {
		return 0
	}
	return float64(sr.Combined.Counts[Right]-sr.Rules.Counts[Right]) / float64(sr.Rules.Counts[Right])
}

// Text writes the proposals' figures for people.
func (sr *SuggestReport) Text() string {
	var b strings.Builder
	notes := "with show notes"
	if !sr.Notes {
		notes = "without show notes"
	}
	fmt.Fprintf(&b, "\nProposals (%s) on the %d files of episodes first added in the window, raw as added: %d words, %d human corrections (%d of terms).\n",
		notes, sr.Files, sr.Words, sr.Corrections, sr.TermCorrections)
	fmt.Fprintf(&b, "Vocabulary of %d terms; language model of %d words of the text as it stood then. %d proposals at any confidence, made in %.2fs (%.1f ms per file).\n\n",
		sr.Terms, sr.ModelWords, sr.Proposals, sr.ProposeTime.Seconds(), float64(sr.ProposeTime.Microseconds())/1000/float64(max(1, sr.Files)))
	fmt.Fprintf(&b, "%-10s %9s %7s %12s %8s %10s %11s %8s %14s %10s\n", "threshold", "proposed", "right", "conflicting", "suspect", "precision", "unreviewed", "recall", "wrong/10k words", "case-only")
	for _, t := range sr.At {
		proposed := 0
		for _, c := range Classes {
			proposed += t.Counts[c]
		}
		fmt.Fprintf(&b, "%-10.2f %9d %7d %12d %8d %10.3f %11d %8.4f %14.2f %10d\n", t.Threshold, proposed, t.Counts[Right], t.Counts[Conflicting], t.Counts[Suspect],
			t.Precision(), t.Counts[Unreviewed], t.Recall, t.WrongPer10k, t.CaseOnly)
	}
	b.WriteString("(case-only: conflicting proposals that differ from people's words only in case, \"attrs\" where people wrote \"Attrs\")\n")
	fmt.Fprintf(&b, "\nOn these files, the rules alone make %d right edits (%d conflicting, %d suspect); with proposals >= %.2f, %d right (%d conflicting, %d suspect): %+.1f%% right edits.\n",
		sr.Rules.Counts[Right], sr.Rules.Counts[Conflicting], sr.Rules.Counts[Suspect], sr.Default,
		sr.Combined.Counts[Right], sr.Combined.Counts[Conflicting], sr.Combined.Counts[Suspect], 100*sr.ExtraRight())
	b.WriteString("\nCalibration (proposals people reviewed: right, or changed otherwise, or kept):\n")
	fmt.Fprintf(&b, "  %-13s %6s %10s %10s\n", "confidence", "n", "predicted", "observed")
	for _, c := range sr.Calibration {
		if c.N == 0 {
			continue
		}
		fmt.Fprintf(&b, "  [%.2f, %.2f) %6d %10.3f %10.3f\n", c.Lo, min(c.Hi, 1), c.N, c.Predicted, float64(c.Right)/float64(c.N))
	}
	for _, c := range Classes {
		if len(sr.atDefault.Examples[c]) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\nproposals >= %.2f, %s (of %d), for example:\n", sr.Default, c, sr.atDefault.Counts[c])
		for _, e := range sr.atDefault.Examples[c] {
			b.WriteString(e.line())
		}
	}
	if len(sr.Fitted) > 0 {
		fmt.Fprintf(&b, "\nFitted weights on %d reviewed proposals (paste into suggest.DefaultWeights):\n  suggest.Weights{", sr.fittedOn)
		for i, w := range sr.Fitted {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%.3f", w)
		}
		b.WriteString("}\n  // ")
		b.WriteString(strings.Join(suggest.FeatureNames, ", "))
		b.WriteString("\n")
	}
	return b.String()
}
