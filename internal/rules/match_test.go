package rules

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func mustRules(t *testing.T, text string) []*Rule {
	t.Helper()
	rs, err := Parse(strings.NewReader(text), "test.rules")
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func fix(t *testing.T, rules string, show string, texts ...string) []string {
	t.Helper()
	m, err := Compile(mustRules(t, rules))
	if err != nil {
		t.Fatal(err)
	}
	return Apply(texts, m.Match(texts, show))
}

// TestMatchingPromises holds the matcher to each promise of the rules
// format, on the kind of text speech recognition produces.
func TestMatchingPromises(t *testing.T) {
	const rules = `
Tom => Tim
gill => GIL
dick => dict
Akin => Okken
Jupiter => Jupyter
Langchain => LangChain
fast API => FastAPI
pie test => pytest
learn => Learn
rough => ruff; if "pip install _", "_ check", "uv add _"
Daxter => Dagster; unless "_ and Jak"
pandas => Pandas; case
Spacey => spaCy; show talk-python
scikit learn => scikit-learn
scikit => SciKit
Rai => Rye; topic "Rye", "Python versions"
`
	for _, c := range []struct {
		name, show string
		in, want   []string
	}{
		{"never inside a word", "", []string{"Tomorrow Tom and Tommy met Tom."}, []string{"Tomorrow Tim and Tommy met Tim."}},
		{"any case", "", []string{"JUPITER, jupiter and Jupiter"}, []string{"Jupyter, Jupyter and Jupyter"}},
		{"punctuation stays", "", []string{"(Langchain), Langchain; \"Langchain\"..."}, []string{"(LangChain), LangChain; \"LangChain\"..."}},
		{"possessive", "", []string{"Langchain's docs and Langchain’s agents"}, []string{"LangChain's docs and LangChain’s agents"}},
		{"across any white space", "", []string{"a fast  API, a fast\nAPI, a fast\tAPI"}, []string{"a FastAPI, a FastAPI, a FastAPI"}},
		{"not across punctuation", "", []string{"it was fast. API design matters"}, []string{"it was fast. API design matters"}},
		{"not in an address or a path", "", []string{"see example.com/Jupiter or Jupiter/docs, docs/jupiter.html and Jupiter / Tom"},
			[]string{"see example.com/Jupiter or Jupiter/docs, docs/jupiter.html and Jupyter / Tim"}},
		{"not in a person's name", "", []string{"Sam Gill said the gill, Dick Taylor a dick lookup, Brian Akin and Gill's"},
			[]string{"Sam Gill said the GIL, Dick Taylor a dict lookup, Brian Okken and GIL's"}},
		{"not in a handle", "", []string{"follow @Jupiter and mail x@Tom, or Jupiter @ Tom"},
			[]string{"follow @Jupiter and mail x@Tom, or Jupyter @ Tim"}},
		{"white space kept around an edit", "", []string{"  run pie test  now\n"}, []string{"  run pytest  now\n"}},
		{"context before", "", []string{"pip install rough, then rough check, a rough idea"}, []string{"pip install ruff, then ruff check, a rough idea"}},
		{"context over punctuation and case", "", []string{"Just uv... ADD rough."}, []string{"Just uv... ADD ruff."}},
		{"not where unless is met", "", []string{"Daxter and Jak; Daxter runs our assets"}, []string{"Daxter and Jak; Dagster runs our assets"}},
		{"case rule", "", []string{"pandas and PANDAS"}, []string{"Pandas and PANDAS"}},
		{"show rule elsewhere", "python-bytes", []string{"Spacey"}, []string{"Spacey"}},
		{"show rule in its show", "Talk-Python", []string{"Spacey"}, []string{"spaCy"}},
		{"hyphenated word is one word", "", []string{"scikit-learn and learn"}, []string{"scikit-learn and Learn"}},
		{"longest match wins", "", []string{"scikit learn, scikit"}, []string{"scikit-learn, SciKit"}},
		{"phrase over two cues", "", []string{"we build on fast", "API every day."}, []string{"we build on FastAPI", "every day."}},
		{"context over two cues", "", []string{"just pip install", "rough and go"}, []string{"just pip install", "ruff and go"}},
		{"no phrase over punctuation between cues", "", []string{"it was fast.", "API design"}, []string{"it was fast.", "API design"}},
		{"unicode text", "", []string{"Ça marche avec Jupiter — très bien"}, []string{"Ça marche avec Jupyter — très bien"}},
		{"topic named three times", "", []string{"Rye manages projects.", "Rai is fast; rye, RYE!"}, []string{"Rye manages projects.", "Rye is fast; rye, RYE!"}},
		{"topic named twice", "", []string{"Rye manages projects.", "Rai is fast; Rye too. Rai"}, []string{"Rye manages projects.", "Rai is fast; Rye too. Rai"}},
		{"topic of two words, over cues", "", []string{"Rai and Python", "versions, python versions, Python versions"},
			[]string{"Rye and Python", "versions, python versions, Python versions"}},
		{"topic words split by punctuation", "", []string{"Rai: Python. Versions, Python. Versions, Python. Versions"},
			[]string{"Rai: Python. Versions, Python. Versions, Python. Versions"}},
		{"nothing to do", "", []string{"", " ", "..."}, []string{"", " ", "..."}},
		{"already right", "", []string{"LangChain and FastAPI"}, []string{"LangChain and FastAPI"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := fix(t, rules, c.show, c.in...); !reflect.DeepEqual(got, c.want) {
				t.Errorf("\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestOrderIndependent: shuffling the rules never changes the result.
func TestOrderIndependent(t *testing.T) {
	rs := mustRules(t, `
fast => quick
fast API => FastAPI
API => api
fast API server => FastAPI server
rough => ruff; if "_ check"
rough => coarse; unless "_ check"
Pandas => pandas
pandas => Pandas; case
`)
	text := []string{"a fast API server, a fast API, fast food, an API; rough check, rough draft; Pandas, pandas"}
	var want []string
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 50; i++ {
		rng.Shuffle(len(rs), func(a, b int) { rs[a], rs[b] = rs[b], rs[a] })
		m, err := Compile(rs)
		if err != nil {
			t.Fatal(err)
		}
		got := Apply(text, m.Match(text, ""))
		if want == nil {
			want = got
			if w := "a FastAPI server, a FastAPI, quick food, an api; ruff check, coarse draft; pandas, Pandas"; got[0] != w {
				t.Fatalf("got %q, want %q", got[0], w)
			}
		} else if !reflect.DeepEqual(got, want) {
			t.Fatalf("order %d gives %q, want %q", i, got, want)
		}
	}
}

func TestConflicts(t *testing.T) {
	_, err := Compile(mustRules(t, "Jupiter => Jupyter\njupiter => Jupiter notebook\n"))
	if err == nil || !strings.Contains(err.Error(), "test.rules:2") || !strings.Contains(err.Error(), "conflicts with") {
		t.Errorf("want a conflict naming line 2, got %v", err)
	}
	// Same rule twice, or rules told apart by a context, case or show: fine.
	for _, ok := range []string{
		"Jupiter => Jupyter\nJupiter => Jupyter\n",
		"rough => ruff; if \"_ check\"\nrough => coarse\n",
		"pandas => Pandas; case\npandas => Pandas\nPANDAS => pandas; case\n",
		"Spacey => spaCy; show a\nSpacey => Spacy; show b\n",
	} {
		if _, err := Compile(mustRules(t, ok)); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
}

func TestEditsReportPlaces(t *testing.T) {
	m, _ := Compile(mustRules(t, "fast API => FastAPI\n"))
	edits := m.Match([]string{"one", "so fast", "API is"}, "")
	want := []Edit{
		{Text: 1, Start: 3, End: 7, New: "FastAPI", Part: 0},
		{Text: 2, Start: 0, End: 4, New: "", Part: 1},
	}
	for i := range edits {
		edits[i].Rule = nil
	}
	if !reflect.DeepEqual(edits, want) {
		t.Errorf("got %+v, want %+v", edits, want)
	}
}

// TestSplitPhraseTakesItsPunctuation: a phrase split over two texts (cues,
// or lines of a .txt) is corrected in the first, and the punctuation that
// closed it moves there with it, even when the second text keeps nothing.
func TestSplitPhraseTakesItsPunctuation(t *testing.T) {
	m, _ := Compile(mustRules(t, "SQL Alchemy => SQLAlchemy\nC Python => CPython\nfast API => FastAPI\n"))
	for _, tc := range []struct{ in, want []string }{
		{[]string{"maintainer of SQL", "Alchemy. And more"}, []string{"maintainer of SQLAlchemy.", "And more"}},
		{[]string{"a really cool C", "Python, deep dive course"}, []string{"a really cool CPython,", "deep dive course"}},
		{[]string{"so fast", "API's docs"}, []string{"so FastAPI's", "docs"}},
		{[]string{"the \"fast", "API.\" Then"}, []string{"the \"FastAPI.\"", "Then"}},
		{[]string{"so fast", "API\u2026 right"}, []string{"so FastAPI\u2026", "right"}},
		{[]string{"so fast", "API is"}, []string{"so FastAPI", "is"}},
		{[]string{"maintainer of SQL", "Alchemy."}, []string{"maintainer of SQLAlchemy.", ""}},
		{[]string{"maintainer of SQL", " Alchemy. "}, []string{"maintainer of SQLAlchemy.", " "}},
		// Not closing punctuation: a mark glued to the next word, or an
		// opening one.
		{[]string{"so fast", "API,then"}, []string{"so FastAPI", ",then"}},
		{[]string{"so fast", "API (the"}, []string{"so FastAPI", "(the"}},
	} {
		got := Apply(tc.in, m.Match(tc.in, ""))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"Hello, world.":              {"Hello", "world"},
		"scikit-learn Node.js 3.12":  {"scikit-learn", "Node.js", "3.12"},
		"don't Langchain's it’s":     {"don't", "Langchain", "it"},
		"end. -dash- 'quoted' __x__": {"end", "dash", "quoted", "x"},
		"naïve café, 東京 and Ärger":   {"naïve", "café", "東京", "and", "Ärger"},
		"":                           nil,
		"— … !!":                     nil,
		"C++ and C# v2.0.":           {"C", "and", "C", "v2.0"},
	} {
		if got := Words(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNoEditWhereAlreadyRight(t *testing.T) {
	m, _ := Compile(mustRules(t, "Langchain => LangChain\n"))
	if edits := m.Match([]string{"LangChain, langchain"}, ""); len(edits) != 1 || edits[0].Start != 11 {
		t.Errorf("want one edit, of the lower-case word: %+v", edits)
	}
}

// TestManyRulesAllMatch compiles thousands of rules, whose first and later
// words share many shapes, and checks each one still matches its words in
// a sentence: the matcher's tables of first words and steps (which skip
// words no rule can begin or continue) must never skip a rule's words.
func TestManyRulesAllMatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	syll := []string{"py", "dan", "tic", "jup", "y", "ter", "fast", "a", "pi", "ruff", "lang", "chain", "star", "lette", "o", "x"}
	word := func() string {
		var b strings.Builder
		for k := 1 + rng.IntN(3); k > 0; k-- {
			b.WriteString(syll[rng.IntN(len(syll))])
		}
		return b.String()
	}
	seen := map[string]bool{}
	var rs []*Rule
	for len(rs) < 5000 {
		ws := make([]string, 1+rng.IntN(4))
		for i := range ws {
			ws[i] = word()
		}
		wrong := strings.Join(ws, " ")
		if seen[wrong] {
			continue
		}
		seen[wrong] = true
		rs = append(rs, &Rule{Wrong: wrong, Right: "R" + fmt.Sprint(len(rs))})
	}
	m, err := Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		// Alone in its text, so no longer rule can take its words.
		edits := m.Match([]string{"so", r.Wrong + ",", "then"}, "")
		if len(edits) != 1 || edits[0].Rule != r || edits[0].Text != 1 || edits[0].End != len(r.Wrong) {
			t.Fatalf("%q: got %+v, want one edit by its rule", r.Wrong, edits)
		}
	}
}

// TestPlaces: Places finds the words where Match leaves them as typed (a
// handle, a person's name), but not in an address or a path.
func TestPlaces(t *testing.T) {
	rs, err := Parse(strings.NewReader("gill => GIL\nJupiter => Jupyter\n"), "places")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"follow @Jupiter, ask Sam Gill about the gill, see example.com/Jupiter"}
	if got := len(m.Match(texts, "")); got != 1 {
		t.Errorf("Match: %d edits, want 1 (the gill)", got)
	}
	if got := len(m.Places(texts, "")); got != 3 {
		t.Errorf("Places: %d places, want 3 (@Jupiter, Sam Gill, the gill)", got)
	}
}
