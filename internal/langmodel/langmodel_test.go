package langmodel

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// talk is synthetic transcript text about Python tools, in the style of a
// corrected podcast transcript: the tool names as the hosts write them,
// and the ordinary English words they are confused with in ordinary use.
var talk = []string{
	"So you just pip install ruff and then you run ruff check on the whole project.",
	"We switched from flake8 to Ruff, and ruff format replaced Black for us.",
	"Ruff is written in Rust, which is why it's so fast.",
	"I'd say that's a rough estimate, maybe three weeks of work.",
	"I have a rough idea of how it works, but not the details.",
	"It was a rough start for the project, honestly.",
	"The first version was pretty rough around the edges.",
	"We had a rough time with the migration to Python 3.",
	"You can pip install pytest and write your first test in a minute.",
	"Pytest fixtures are the feature I miss most in other languages.",
	"We run pytest with the xdist plugin to use all the cores.",
	"pytest gives you plain assert statements with good error messages.",
	"Pydantic validates the data coming into your FastAPI endpoints.",
	"With Pydantic models you declare the types once and get validation for free.",
	"FastAPI builds on Starlette and Pydantic.",
	"So you pip install fastapi and uvicorn and you're off.",
	"I don't want to be pedantic, but that's not quite a list.",
	"He was being a bit pedantic about the naming.",
	"We keep our notebooks in Jupyter and share them with the team.",
	"JupyterLab is the new interface for Jupyter notebooks.",
	"The probe flew past Jupiter and took pictures of its moons.",
	"Dagster orchestrates the data pipelines for us.",
	"We moved our jobs from Airflow to Dagster last year.",
	"spaCy is the library I use for named entity recognition.",
	"With spaCy you load a model and call it on your text.",
	"Django is the web framework with batteries included.",
	"We built the admin site with Django and Postgres.",
	"It's a jungle out there when you look for a logging library.",
	"The GIL means only one thread runs Python code at a time.",
	"Removing the GIL is the big change in Python 3.13.",
	"Then you uv pip install the requirements and it's done in a second.",
	"Let's take a rough guess at the numbers.",
	"That's a rough number, not an exact one.",
	"I use Ruff in my editor and in continuous integration.",
	"You configure ruff in pyproject.toml.",
	"We added ruff to our pre-commit hooks.",
}

// filler varies the sentences so counts are not all the same.
var filler = []string{
	"Yeah, exactly.", "Right, right.", "That's a great point.", "Absolutely.",
	"I think that's really interesting.", "Let's talk about that.", "Okay.",
	"We'll put a link in the show notes.", "That makes a lot of sense.",
}

// corpus returns the synthetic talk, repeated with variation, as a
// transcript of a few hundred sentences.
func corpus() []string {
	var out []string
	for i := 0; i < 12; i++ {
		for j, s := range talk {
			if (i+j)%3 == 0 {
				s = s + " " + filler[(i+j)%len(filler)]
			}
			out = append(out, s)
		}
	}
	return out
}

func build(t testing.TB, prune bool, texts ...string) *Model {
	t.Helper()
	b := NewBuilder()
	b.PruneSingletons = prune
	for _, s := range texts {
		b.Add(s)
	}
	return b.Model()
}

func TestCompare(t *testing.T) {
	for _, prune := range []bool{false, true} {
		m := build(t, prune, corpus()...)
		tests := []struct {
			left, right []string
			alts        [][]string
			want        int
		}{
			{[]string{"pip", "install"}, []string{"and", "then"}, [][]string{{"rough"}, {"ruff"}}, 1},
			{[]string{"that's", "a"}, []string{"estimate"}, [][]string{{"ruff"}, {"rough"}}, 1},
			{[]string{"I", "have", "a"}, []string{"idea"}, [][]string{{"rough"}, {"ruff"}}, 0},
			{[]string{"and", "then", "you", "run"}, []string{"check"}, [][]string{{"rough"}, {"ruff"}}, 1},
			{[]string{"you", "can"}, []string{"install"}, [][]string{{"pip"}, {"pep"}}, 0},
			{[]string{"pip", "install"}, []string{"and"}, [][]string{{"pie", "test"}, {"pytest"}}, 1},
			{[]string{Start}, []string{"fixtures", "are"}, [][]string{{"pie", "test"}, {"pytest"}}, 1},
			{[]string{"data", "coming", "into", "your"}, []string{"endpoints"}, [][]string{{"fast", "API"}, {"FastAPI"}}, 1},
			{[]string{"a", "bit"}, []string{"about"}, [][]string{{"Pydantic"}, {"pedantic"}}, 1},
			{[]string{"with"}, []string{"models"}, [][]string{{"pedantic"}, {"Pydantic"}}, 1},
			{[]string{"flew", "past"}, []string{"and"}, [][]string{{"Jupyter"}, {"Jupiter"}}, 1},
			{[]string{"notebooks", "in"}, []string{"and", "share"}, [][]string{{"Jupiter"}, {"Jupyter"}}, 1},
			{[]string{"it's", "a"}, []string{"out", "there"}, [][]string{{"Django"}, {"jungle"}}, 1},
			{[]string{"removing", "the"}, []string{"is"}, [][]string{{"gill"}, {"GIL"}}, 1},
			{[]string{"from", "Airflow", "to"}, []string{"last"}, [][]string{{"Daxter"}, {"Dagster"}}, 1},
			// With no left context, the right context decides.
			{nil, []string{"estimate"}, [][]string{{"ruff"}, {"rough"}}, 1},
			{nil, []string{"check", "on"}, [][]string{{"rough"}, {"ruff"}}, 1},
			{nil, []string{"format", "replaced"}, [][]string{{"rough"}, {"ruff"}}, 1},
		}
		for _, tt := range tests {
			got := m.Compare(tt.left, tt.alts, tt.right)
			best := 0
			for i := range got {
				if got[i] > got[best] {
					best = i
				}
				if math.IsInf(got[i], 0) || math.IsNaN(got[i]) {
					t.Errorf("prune=%v %v _ %v: %v scores %v", prune, tt.left, tt.right, tt.alts[i], got[i])
				}
			}
			if best != tt.want {
				t.Errorf("prune=%v %v _ %v: prefers %v over %v (scores %.2f)", prune, tt.left, tt.right, tt.alts[best], tt.alts[tt.want], got)
			}
		}
	}
}

func TestUnknownWord(t *testing.T) {
	m := build(t, false, corpus()...)
	left := []string{"pip", "install"}
	known := m.LogProb(left, []string{"ruff"})
	unknown := m.LogProb(left, []string{"zyzzyva"})
	rare := m.LogProb(left, []string{"moons"})
	if math.IsInf(unknown, 0) || math.IsNaN(unknown) {
		t.Fatalf("unknown word scores %v", unknown)
	}
	if !(unknown < rare && rare < known) {
		t.Errorf("want unknown < seen elsewhere < seen here: %.2f, %.2f, %.2f", unknown, rare, known)
	}
	if got := m.LogProb([]string{"qwxz", "plorb"}, []string{"zyzzyva"}); math.IsInf(got, 0) || math.IsNaN(got) {
		t.Errorf("unknown word in unknown context scores %v", got)
	}
	if m.Count("zyzzyva") != 0 {
		t.Errorf("Count of an unknown word = %d", m.Count("zyzzyva"))
	}
}

// TestNormalised checks that the probabilities of every word, the
// sentence end and the unknown word after a context add up to one, in
// contexts seen and unseen, with singletons pruned and not.
func TestNormalised(t *testing.T) {
	for _, prune := range []bool{false, true} {
		m := build(t, prune, corpus()...)
		for _, left := range [][]string{
			nil, {Start}, {"pip", "install"}, {"a", "rough"}, {"the"}, {"zyzzyva"},
			{"zyzzyva", "the"}, {"the", "zyzzyva"}, {"rough", "estimate"}, {"Ruff"},
		} {
			sum := math.Exp(m.LogProb(left, []string{"zyzzyva"})) + math.Exp(m.LogProb(left, []string{End}))
			for _, w := range m.words[firstWord:] {
				sum += math.Exp(m.LogProb(left, []string{w}))
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("prune=%v after %q: probabilities sum to %v", prune, left, sum)
			}
		}
	}
}

func TestCountsAndSpellings(t *testing.T) {
	m := build(t, false,
		"We use FastAPI. FastAPI is fast. pip install fastapi",
		"FastAPI and fastAPI’s docs.",
		"Don't panic; don’t.",
	)
	if got := m.Count("fastapi"); got != 5 {
		t.Errorf("Count(fastapi) = %d, want 5", got)
	}
	if got := m.Count("FASTAPI"); got != 5 {
		t.Errorf("Count(FASTAPI) = %d, want 5", got)
	}
	want := map[string]int{"FastAPI": 3, "fastAPI": 1, "fastapi": 1}
	if got := m.Spellings("fastapi"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Spellings(fastapi) = %v, want %v", got, want)
	}
	want = map[string]int{"Don't": 1, "don’t": 1}
	if got := m.Spellings("don't"); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Spellings(don't) = %v, want %v", got, want)
	}
	if got := m.Spellings("nothing"); got != nil {
		t.Errorf("Spellings(nothing) = %v, want nil", got)
	}
	if got := m.Words(); got != 16 {
		t.Errorf("Words() = %d, want 16", got)
	}
}

// TestSentences checks that sentences end at '.', '?', '!' and at the end
// of a text, and not inside words like "3.12" or "Node.js".
func TestSentences(t *testing.T) {
	m := build(t, false, "Try Python 3.12 with Node.js! Then ruff. Rough", "day")
	for _, tt := range []struct {
		left []string
		word string
		seen bool
	}{
		{[]string{Start}, "try", true},
		{[]string{"python"}, "3.12", true},
		{[]string{"with"}, "node.js", true},
		{[]string{"node.js"}, End, true},
		{[]string{Start}, "then", true},
		{[]string{"ruff"}, End, true},
		{[]string{"ruff"}, "rough", false},
		{[]string{"rough"}, "day", false},
		{[]string{"rough"}, End, true},
		{[]string{Start}, "day", true},
	} {
		i := m.pair(m.id(tt.left[len(tt.left)-1]), m.id(tt.word))
		if (i >= 0 && m.cont2[i] > 0) != tt.seen {
			t.Errorf("%v then %q: seen %v, want %v", tt.left, tt.word, i >= 0, tt.seen)
		}
	}
}

func TestEmpty(t *testing.T) {
	m := NewBuilder().Model()
	if got := m.LogProb([]string{"a"}, []string{"b", "c"}); math.IsInf(got, 0) || math.IsNaN(got) {
		t.Errorf("empty model scores %v", got)
	}
	m = build(t, false, "", "  ... !? ", strings.Repeat("word ", 3))
	if m.Words() != 3 || m.Count("word") != 3 {
		t.Errorf("Words() = %d, Count(word) = %d, want 3 and 3", m.Words(), m.Count("word"))
	}
}

func TestSortKeys(t *testing.T) {
	for _, n := range []int{0, 1, 100, 5000, 100000} {
		for _, spread := range []uint64{1, 1 << 20, 1 << 63} {
			keys := make([]uint64, n)
			x := uint64(n) + spread
			for i := range keys {
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
				keys[i] = 7<<40 | x%spread // a shared high digit, as triples of one word share theirs
			}
			want := slices.Clone(keys)
			slices.Sort(want)
			sortKeys(keys)
			if !slices.Equal(keys, want) {
				t.Errorf("%d keys below %d: not sorted", n, spread)
			}
		}
	}
}
