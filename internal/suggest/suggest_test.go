package suggest

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/rules"
)

// bigrams is a small stand-in for internal/langmodel: add-one smoothed
// bigram counts of folded words.
type bigrams struct {
	uni   map[string]int
	bi    map[string]int
	total int
}

func newBigrams(text string) *bigrams {
	m := &bigrams{uni: map[string]int{}, bi: map[string]int{}}
	for _, line := range strings.Split(text, "\n") {
		prev := ""
		for _, w := range rules.Words(line) {
			w = rules.Fold(w)
			m.uni[w]++
			m.total++
			if prev != "" {
				m.bi[prev+" "+w]++
			}
			prev = w
		}
	}
	return m
}

func (m *bigrams) Count(w string) int { return m.uni[w] }

func (m *bigrams) Compare(left []string, alts [][]string, right []string) []float64 {
	out := make([]float64, len(alts))
	v := float64(len(m.uni) + 1)
	for i, alt := range alts {
		seq := append(append(append([]string(nil), left...), alt...), right...)
		lp := 0.0
		for k := len(left); k < len(seq); k++ {
			if k == 0 {
				lp += math.Log((float64(m.uni[seq[k]]) + 1) / (float64(m.total) + v))
				continue
			}
			lp += math.Log((float64(m.bi[seq[k-1]+" "+seq[k]]) + 1) / (float64(m.uni[seq[k-1]]) + v))
		}
		out[i] = lp
	}
	return out
}

// corrected is synthetic corrected text: what the model learns from.
var corrected = strings.Repeat(`We use ruff to lint the code, so pip install ruff and run ruff check.
That is a rough estimate, a rough idea of the numbers, and it was a rough week.
FastAPI is built on Starlette and Pydantic, and msgspec is fast too.
Install it with pipx so the tool has its own environment.
The pipeline runs in Dagster, and Dagster schedules the jobs.
I think the result is good enough for most people.
`, 20)

var vocabulary = []Term{
	{Text: "FastAPI", Source: FromStarter},
	{Text: "pipx", Source: FromStarter},
	{Text: "msgspec", Source: FromStarter},
	{Text: "Dagster", Source: FromTranscripts},
	{Text: "ruff", Source: FromStarter, Common: true},
	{Text: "Sebastián Ramírez", Source: FromNotes},
	{Text: "Pydantic", Source: FromStarter},
	{Text: "pip", Source: FromStarter},
	{Text: "Python", Source: FromStarter},
	{Text: "PyPI", Source: FromStarter},
}

func proposals(t *testing.T, ix *Index, m Model, text string) map[string]Proposal {
	t.Helper()
	var model Model
	if m != nil {
		model = m
	}
	out := map[string]Proposal{}
	for _, p := range ix.Propose([]string{text}, Options{Model: model}) {
		out[p.Before] = p
	}
	return out
}

func TestCandidates(t *testing.T) {
	ix := NewIndex(vocabulary)
	tests := []struct {
		text, heard, want string
	}{
		{"we moved the service to fast API last year", "fast API", "FastAPI"},
		{"we moved the service to Fast Api last year", "Fast Api", "FastAPI"},
		{"you can install it with pipex instead", "pipex", "pipx"},
		{"they serialize with message spec because", "message spec", "msgspec"},
		{"the jobs run on Daxter every night", "Daxter", "Dagster"},
		{"and our guest Sebastian Ramirez wrote it", "Sebastian Ramirez", "Sebastián Ramírez"},
		{"our guest Sebastian Ram Irez wrote it", "Sebastian Ram Irez", "Sebastián Ramírez"},
		{"the model classes come from pedantic here", "pedantic", "Pydantic"},
	}
	for _, tt := range tests {
		t.Run(tt.heard, func(t *testing.T) {
			if !hasCandidate(ix, tt.text, tt.heard, tt.want) {
				t.Errorf("no candidate %q -> %q in %q", tt.heard, tt.want, tt.text)
			}
		})
	}
}

func TestNoCandidates(t *testing.T) {
	ix := NewIndex(vocabulary)
	for _, text := range []string{
		"we moved the service to FastAPI last year", // spelled right
		"install it with pipx, then pip",            // right, and a term too short to match
		"Fastapi. Python is the language",           // across a full stop: "Fastapi" alone is a candidate, checked below
		"in 2023 the 4 of us and the",               // numbers, function words
		"the python community",                      // a case difference of the first letter is style
		"it is spelled P-Y-P-I, or F I V E",         // letters spelled out on purpose
		"in Python now and python.py files",         // the term itself, with more
	} {
		tx := newText([]string{text})
		for _, c := range ix.candidates(tx) {
			heard := text[tx.at[c.i][0]:tx.at[c.j-1][1]]
			if heard == "Fastapi" && ix.terms[c.term].Text == "FastAPI" {
				continue
			}
			t.Errorf("%q: unexpected candidate %q -> %q", text, heard, ix.terms[c.term].Text)
		}
	}
}

func TestCandidatesAcrossPunctuation(t *testing.T) {
	ix := NewIndex([]Term{{Text: "FastAPI"}})
	tx := newText([]string{"it was fast. API design matters", "so fast", "API"})
	for _, c := range ix.candidates(tx) {
		t.Errorf("candidate across a break: %q", tx.fold[c.i:c.j])
	}
}

func TestContextBeatsSimilarity(t *testing.T) {
	ix := NewIndex(vocabulary)
	m := newBigrams(corrected)
	stays := proposals(t, ix, m, "that is a rough estimate of the cost")
	if p, ok := stays["rough"]; ok && p.Confidence >= DefaultThreshold {
		t.Errorf("a rough estimate: proposed %q with confidence %.2f (%s)", p.After, p.Confidence, p.Evidence)
	}
	fixed := proposals(t, ix, m, "so just pip install rough and you are done")
	p, ok := fixed["rough"]
	if !ok || p.After != "ruff" {
		t.Fatalf("pip install rough: got %+v, want ruff", fixed)
	}
	if !strings.Contains(p.Evidence, "pip install ruff") {
		t.Errorf("evidence %q does not cite the context", p.Evidence)
	}
	// The same words, the same term: the context alone makes ruff
	// several times likelier after "pip install".
	if p.Confidence < 3*stays["rough"].Confidence {
		t.Errorf("context: %.4f after pip install is not well above %.4f in a rough estimate", p.Confidence, stays["rough"].Confidence)
	}
	// And with the language model's say weighed heavily, as a producer
	// whose corrected text is all corrected may fit it, ruff is proposed
	// outright and the rough estimate stays.
	w := append(Weights(nil), DefaultWeights...)
	w[slices.Index(FeatureNames, "LMSound")] = 1.5
	ps := ix.Propose([]string{"so just pip install rough and it is a rough estimate"}, Options{Model: m, Weights: w, Min: 0.5})
	if len(ps) != 1 || ps[0].After != "ruff" || ps[0].From != 20 {
		t.Errorf("with context weighed: %+v, want only the rough after pip install", ps)
	}
}

func TestConfidenceMonotonic(t *testing.T) {
	base := Features{KeyEqual: 1, Spelling: 0.7, HeardFreq: 1, TermFreq: 1, LM: 0}
	c0 := DefaultWeights.Confidence(&base)
	more := []func(f *Features){
		func(f *Features) { f.LM = 3 },
		func(f *Features) { f.Notes = 1 },
		func(f *Features) { f.Rules = 1 },
		func(f *Features) { f.Spelling = 0.9 },
		func(f *Features) { f.Joined = 1 },
		func(f *Features) { f.HeardFreq = 0 },
		func(f *Features) { f.TermShare = 1 },
	}
	for i, change := range more {
		f := base
		change(&f)
		if c := DefaultWeights.Confidence(&f); c < c0 {
			t.Errorf("evidence %d lowered the confidence: %.3f < %.3f", i, c, c0)
		}
	}
	less := []func(f *Features){
		func(f *Features) { f.Common = 1 },
		func(f *Features) { f.HeardFreq = 4 },
		func(f *Features) { f.LM = -3 },
	}
	for i, change := range less {
		f := base
		change(&f)
		if c := DefaultWeights.Confidence(&f); c > c0 {
			t.Errorf("counter-evidence %d raised the confidence: %.3f > %.3f", i, c, c0)
		}
	}
	// Sources in order of strength.
	var prev float64
	for s := FromStarter; s <= FromNotes; s++ {
		ix := NewIndex([]Term{{Text: "Dagster", Source: s}})
		ps := ix.Propose([]string{"it runs on Daxter nightly"}, Options{})
		if len(ps) != 1 {
			t.Fatalf("source %v: %d proposals", s, len(ps))
		}
		if ps[0].Confidence < prev {
			t.Errorf("source %v: confidence %.3f below a weaker source's %.3f", s, ps[0].Confidence, prev)
		}
		prev = ps[0].Confidence
	}
}

func TestProposeOverlaps(t *testing.T) {
	ix := NewIndex(vocabulary)
	ps := ix.Propose([]string{"we moved to fast API and message spec, then pipex"}, Options{Model: newBigrams(corrected)})
	var got []string
	for _, p := range ps {
		got = append(got, p.Before+" -> "+p.After)
	}
	want := []string{"fast API -> FastAPI", "message spec -> msgspec", "pipex -> pipx"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestRejected(t *testing.T) {
	ix := NewIndex(vocabulary)
	ps := ix.Propose([]string{"install it with pipex instead"}, Options{Rejected: map[string]bool{"pipex => pipx": true}})
	if len(ps) != 0 {
		t.Errorf("a rejected proposal came back: %+v", ps)
	}
}

// FuzzPropose feeds any text to Propose: it must not panic, and every
// proposal must name the bytes it replaces, whole words, in order.
func FuzzPropose(f *testing.F) {
	for _, s := range []string{
		"we moved to fast API and message spec, then pipex",
		"Sebastian Ramirez\nand Daxter",
		"P-Y-T-E-S-T, F I V E, 3.12 and 2024",
		"fast\u00a0API’s pipex…  \t Fast-API",
		"\xff\xfe fast API",
		"",
	} {
		f.Add(s, "FastAPI")
	}
	m := newBigrams(corrected)
	f.Fuzz(func(t *testing.T, text, extra string) {
		ix := NewIndex(vocabulary).With([]Term{{Text: extra, Source: FromNotes}})
		texts := strings.Split(text, "|")
		ps := ix.Propose(texts, Options{Model: m})
		for k, p := range ps {
			if p.Segment < 0 || p.Segment >= len(texts) || p.From < 0 || p.To > len(texts[p.Segment]) || p.From >= p.To {
				t.Fatalf("proposal out of bounds: %+v", p)
			}
			if texts[p.Segment][p.From:p.To] != p.Before {
				t.Fatalf("before %q is not the text's %q", p.Before, texts[p.Segment][p.From:p.To])
			}
			if p.Confidence < 0 || p.Confidence > 1 {
				t.Fatalf("confidence %v", p.Confidence)
			}
			if k > 0 && ps[k-1].Segment == p.Segment && ps[k-1].To > p.From {
				t.Fatalf("overlapping proposals: %+v, %+v", ps[k-1], p)
			}
			r := p.Rule("")
			if _, err := rules.Compile([]*rules.Rule{r}); err != nil {
				t.Fatalf("the proposal's rule does not compile: %v (%s)", err, r)
			}
		}
	})
}

func TestWith(t *testing.T) {
	base := NewIndex([]Term{{Text: "Dagster", Source: FromStarter}, {Text: "FastAPI", Source: FromStarter}})
	ep := base.With([]Term{{Text: "Dagster", Source: FromNotes}, {Text: "Jonas Berg", Source: FromNotes}, {Text: "uv", Source: FromNotes}})
	text := []string{"it runs on Daxter, says Jonas Burg, on fast API"}
	got := map[string]Proposal{}
	for _, p := range ep.Propose(text, Options{}) {
		got[p.After] = p
	}
	if got["Dagster"].Source != "show notes" || got["Jonas Berg"].Before != "Jonas Burg" || got["FastAPI"].Source != "starter vocabulary" {
		t.Errorf("with notes: %+v", got)
	}
	for _, p := range base.Propose(text, Options{}) {
		if p.After == "Jonas Berg" || p.Source != "starter vocabulary" {
			t.Errorf("the base index changed: %+v", p)
		}
	}
	if ep.Len() != 3 || base.Len() != 2 {
		t.Errorf("terms: %d with notes (want 3: uv is too short to match), %d base", ep.Len(), base.Len())
	}
}

// Words a rule corrects are the rule's: no proposal touches them, in any
// segment, while the words beside them are still proposed on.
func TestRulesTakeTheirWords(t *testing.T) {
	ix := NewIndex(vocabulary)
	m, err := rules.Compile([]*rules.Rule{{Wrong: "Daxter", Right: "Dagster"}, {Wrong: "fast API", Right: "FastAPI"}})
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"install it with pipex, and Daxter runs it",
		"then fast API and message spec",
		"later, Daxter and fast API again",
	}
	got := map[string]bool{}
	for _, p := range ix.Propose(texts, Options{Rules: m}) {
		got[fmt.Sprintf("%d:%s", p.Segment, p.Before)] = true
	}
	// The rules match every segment: "Daxter" and "fast API" are theirs
	// in segment 2 as well.
	want := map[string]bool{"0:pipex": true, "1:message spec": true}
	if !maps.Equal(got, want) {
		t.Errorf("proposals %v, want %v", got, want)
	}
	all := map[string]bool{}
	for _, p := range ix.Propose(texts, Options{}) {
		all[fmt.Sprintf("%d:%s", p.Segment, p.Before)] = true
	}
	for _, k := range []string{"0:Daxter", "1:fast API", "2:Daxter", "2:fast API"} {
		if !all[k] {
			t.Errorf("without rules, no proposal %s: %v", k, all)
		}
	}
}

func TestContainsTerm(t *testing.T) {
	ix := NewIndex([]Term{{Text: "Python"}, {Text: "scikit learn"}, {Text: "Jonas Berg"}})
	term := func(text string) *term {
		for i := range ix.terms {
			if ix.terms[i].Text == text {
				return &ix.terms[i]
			}
		}
		t.Fatalf("no term %q", text)
		return nil
	}
	for _, tt := range []struct {
		words []string
		term  string
		want  bool
	}{
		{[]string{"python", "now"}, "Python", true},
		{[]string{"python.py"}, "Python", true},
		{[]string{"my_python_lib"}, "Python", true},
		{[]string{"pythonic"}, "Python", false},
		{[]string{"py", "thon"}, "Python", false},
		{[]string{"scikit-learn"}, "scikit learn", true},
		{[]string{"scikit", "learn.org"}, "scikit learn", true},
		{[]string{"learn", "scikit"}, "scikit learn", false},
		{[]string{"jonas", "bergman"}, "Jonas Berg", false},
		{[]string{"", "-", "jonas", "berg"}, "Jonas Berg", true},
	} {
		if got := containsTerm(tt.words, term(tt.term)); got != tt.want {
			t.Errorf("containsTerm(%q, %q) = %v, want %v", tt.words, tt.term, got, tt.want)
		}
	}
	for _, parts := range [][]string{nil, {""}, {"a"}, {"a", "b"}, {"a b"}, {"", "a"}, {"ab", ""}} {
		for _, s := range []string{"", "a", "a b", " a", "ab ", "a b c"} {
			if got, want := joinedIs(parts, s), strings.Join(parts, " ") == s; got != want {
				t.Errorf("joinedIs(%q, %q) = %v, want %v", parts, s, got, want)
			}
		}
	}
}

func TestOrdinaryTermNeverProposed(t *testing.T) {
	ix := NewIndex([]Term{{Text: "share", Source: FromNotes}, {Text: "Pydantic", Source: FromNotes}})
	ps := ix.Propose([]string{"you can cheer for this, and pedantic models are nice"}, Options{})
	for _, p := range ps {
		if p.After == "share" {
			t.Errorf("proposed an ordinary word: %q -> %q", p.Before, p.After)
		}
	}
	if !ordinaryTerm("share") || ordinaryTerm("Pydantic") || ordinaryTerm("pip-tools") || ordinaryTerm("msgspec") {
		t.Error("ordinaryTerm: want share only")
	}
}

// hasCandidate reports whether the index finds heard in text as a
// candidate for the term spelled want.
func hasCandidate(ix *Index, text, heard, want string) bool {
	tx := newText([]string{text})
	for _, c := range ix.candidates(tx) {
		if text[tx.at[c.i][0]:tx.at[c.j-1][1]] == heard && ix.terms[c.term].Text == want {
			return true
		}
	}
	return false
}

// TestShortTermByAlias checks that a term too short to be matched by its
// own sound is found by its aliases alone: "gill" for GIL, never "guilt"
// or "Gil" for it, nor "you v" for uv, which has none.
func TestShortTermByAlias(t *testing.T) {
	ix := NewIndex([]Term{{Text: "GIL", SoundsLike: []string{"gill"}}, {Text: "uv"}})
	for _, tt := range []struct {
		text string
		want string // the heard words of the one candidate, "" for none
	}{
		{"removing the gill makes threads run", "gill"},
		{"no guilt at all", ""},
		{"install it with you v today", ""},
	} {
		tx := newText([]string{tt.text})
		var got []string
		for _, c := range ix.candidates(tx) {
			got = append(got, strings.Join(tx.fold[c.i:c.j], " ")+" -> "+ix.terms[c.term].Text)
		}
		switch {
		case tt.want == "" && len(got) > 0:
			t.Errorf("%q: candidates %q, want none", tt.text, got)
		case tt.want != "" && (len(got) != 1 || got[0] != tt.want+" -> GIL"):
			t.Errorf("%q: candidates %q, want %s -> GIL", tt.text, got, tt.want)
		}
	}
}

// TestShortTermInLongerName checks that an alias of a short term inside
// a longer name's candidate is no proposal of its own: "Sequel Alchemy" is
// SQLAlchemy, not "SQL Alchemy".
func TestShortTermInLongerName(t *testing.T) {
	ix := NewIndex([]Term{{Text: "SQL", SoundsLike: []string{"sequel"}}, {Text: "SQLAlchemy", SoundsLike: []string{"sequel alchemy"}}})
	var got []string
	for _, p := range ix.Propose([]string{"we liked Flask and Sequel Alchemy, and plain sequel too"}, Options{}) {
		got = append(got, p.Before+" -> "+p.After)
	}
	if !slices.Equal(got, []string{"Sequel Alchemy -> SQLAlchemy", "sequel -> SQL"}) {
		t.Errorf("proposals %q, want Sequel Alchemy -> SQLAlchemy and sequel -> SQL", got)
	}
}

// TestLearnedWordsNoName checks that a term only the transcripts spell,
// made of ordinary words ("Open-source" at a sentence's start), makes no
// proposal, while the same term named by a list does.
func TestLearnedWordsNoName(t *testing.T) {
	text := []string{"we care about open source code a lot"}
	for _, listed := range []bool{false, true} {
		ix := NewIndex([]Term{{Text: "Open-source", Source: FromTranscripts, Listed: listed}})
		got := len(ix.Propose(text, Options{})) > 0
		if got != listed {
			t.Errorf("Open-source listed=%v: proposed %v, want %v", listed, got, listed)
		}
	}
}
