package asr

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/spelling"
)

func mustRules(t *testing.T, text string) []*rules.Rule {
	t.Helper()
	rs, err := rules.Parse(strings.NewReader(text), "test.rules")
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestRank(t *testing.T) {
	rs := mustRules(t, `
Jupiter => Jupyter   # 12 fixes in 7 episodes, e.g. "the Jupiter notebook"
pedantic => Pydantic   # 5 fixes in 3 episodes, e.g. "pedantic models"
rough => ruff; if "pip install _"   # 3 fixes in 2 episodes, e.g. "pip install rough"
fast API => FastAPI
Gnocchi => "Ramírez Sebastián"   # 1 fix in 1 episode, e.g. "x"
`)
	cs := FromRules(rs, true)
	cs = append(cs, FromDecisions([]spelling.Decision{{Canonical: "FastAPI", Variants: []string{"Fast-API"}}, {Keep: "black"}})...)
	cs = append(cs,
		Correction{Wrong: "pedantic", Right: "Pydantic", Count: 20, By: Emend},
		Correction{Wrong: "Fast API", Right: "Fast API", Count: 2, By: Emend}, // another spelling of the same key
		Correction{Wrong: "x", Right: "!!!", Count: 50, By: Emend},            // no letter: no term
		Correction{Wrong: "x", Right: "one two three four five six seven", Count: 50, By: Emend},
	)
	terms := Rank(cs)
	var got []string
	for _, tm := range terms {
		got = append(got, fmt.Sprintf("%s %d+%d", tm.Text, tm.People, tm.Emend))
	}
	want := []string{"Pydantic 5+20", "Jupyter 12+0", "FastAPI 2+2", "ruff 3+0", "Ramírez Sebastián 1+0"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("ranking %v, want %v", got, want)
	}
	pyd := terms[0]
	if len(pyd.Heard) != 1 || pyd.Heard[0].Text != "pedantic" || pyd.Heard[0].Count != 25 {
		t.Errorf("Pydantic heard as %+v", pyd.Heard)
	}
	// "pedantic" is ordinary English: no blind replacement.
	if pyd.Heard[0].Blind {
		t.Error("pedantic marked blind")
	}
	cfg := AssemblyAI(terms, 0)
	var spell []string
	for _, c := range cfg.CustomSpelling {
		spell = append(spell, strings.Join(c.From, "|")+">"+c.To)
	}
	// ruff's rule has a context, Pydantic's wrong word is English, and
	// "Ramírez Sebastián" is two words: none is spelled blindly.
	if strings.Join(spell, " ") != "Jupiter>Jupyter fast API|Fast-API>FastAPI" {
		t.Errorf("custom_spelling %v", spell)
	}
}

func TestFromRulesSupport(t *testing.T) {
	rs := mustRules(t, "a => A  # 1 fix in 1 episode\nb => B  # 30 fixes in 9 episodes\nc => C  # decided by Maya\nd => D\n")
	var got []int
	for _, c := range FromRules(rs, true) {
		got = append(got, c.Count)
	}
	if fmt.Sprint(got) != "[1 30 1 1]" {
		t.Errorf("counts %v", got)
	}
	got = nil
	for _, c := range FromRules(rs, false) {
		got = append(got, c.Count)
	}
	if fmt.Sprint(got) != "[1 30]" {
		t.Errorf("learned rules' counts %v, want those with a support only", got)
	}
}

// manyTerms returns n terms of long, accented, many-word names, to press
// on every limit.
func manyTerms(n int) []*Term {
	var cs []Correction
	for i := 0; i < n; i++ {
		right := fmt.Sprintf("Kubernetesify%dÉtoile", i)
		if i%3 == 0 {
			right = fmt.Sprintf("Sebastián Ramírez the %d Great of Pythonland", i) // six words and more
		}
		cs = append(cs, Correction{Wrong: fmt.Sprintf("cooper netties %d", i), Right: right, Count: n - i, By: People, Blind: true})
		cs = append(cs, Correction{Wrong: fmt.Sprintf("coober %d", i), Right: right, Count: 1, By: Emend})
	}
	return Rank(cs)
}

// TestLimits: every format keeps within its service's documented limits,
// however many terms there are, and is valid JSON.
func TestLimits(t *testing.T) {
	for _, n := range []int{0, 1, 5, 3000} {
		terms := manyTerms(n)
		dg := Deepgram(terms, 0)
		tokens := 0
		for _, k := range dg {
			tokens += EstimateTokens(k)
		}
		if len(dg) > DeepgramMaxKeyterms || tokens > DeepgramMaxTokens {
			t.Errorf("%d terms: deepgram %d keyterms, %d tokens", n, len(dg), tokens)
		}
		if n >= 5 && len(dg) == 0 {
			t.Errorf("%d terms: no keyterm", n)
		}
		aai := AssemblyAI(terms, 0)
		if len(aai.WordBoost) > AssemblyAIMaxBoost || len(aai.CustomSpelling) > AssemblyAIMaxSpellings {
			t.Errorf("%d terms: assemblyai %d boost, %d spellings", n, len(aai.WordBoost), len(aai.CustomSpelling))
		}
		for _, w := range aai.WordBoost {
			if len(strings.Fields(w)) > AssemblyAIMaxWords || strings.ContainsAny(w, ".,-!?:;\"") {
				t.Errorf("word_boost %q: too long or punctuated", w)
			}
		}
		for _, c := range aai.CustomSpelling {
			if len(strings.Fields(c.To)) != 1 || len(c.From) == 0 {
				t.Errorf("custom_spelling %+v", c)
			}
		}
		sm := Speechmatics(terms, 0)
		if len(sm) > SpeechmaticsMaxVocab {
			t.Errorf("%d terms: speechmatics %d entries", n, len(sm))
		}
		for _, v := range sm {
			if len(v.SoundsLike) > SpeechmaticsMaxSoundsLike {
				t.Errorf("%s: %d sounds_like", v.Content, len(v.SoundsLike))
			}
		}
		w := Whisper(terms, 0)
		if EstimateTokens(w.InitialPrompt) > WhisperMaxTokens || EstimateTokens(w.Hotwords) > WhisperMaxTokens ||
			w.PromptTokens != EstimateTokens(w.InitialPrompt) {
			t.Errorf("%d terms: whisper prompt %d tokens, hotwords %d", n, EstimateTokens(w.InitialPrompt), EstimateTokens(w.Hotwords))
		}
		if n >= 5 && (w.InitialPrompt == "" || w.Hotwords == "") {
			t.Errorf("%d terms: empty whisper config %+v", n, w)
		}
		for _, s := range Services {
			out, err := Export(s, terms, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if s != "list" && !json.Valid(out) {
				t.Errorf("%s: no JSON: %s", s, out)
			}
		}
		q, _ := Export("deepgram", terms, Options{Query: true})
		vals, err := url.ParseQuery(strings.TrimSpace(string(q)))
		if err != nil || len(vals["keyterm"]) != len(dg) {
			t.Errorf("deepgram query %q: %v, %d keyterms", q, err, len(vals["keyterm"]))
		}
	}
	// A limit lowers the service's, never raises it.
	terms := manyTerms(3000)
	if got := len(Deepgram(terms, 3)); got != 3 {
		t.Errorf("limit 3: %d keyterms", got)
	}
	if got := len(Speechmatics(terms, 5000)); got != SpeechmaticsMaxVocab {
		t.Errorf("limit 5000: %d entries", got)
	}
}

func TestEstimateTokens(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"a", 1},
		{"Pydantic", 4},
		{" Pydantic", 4}, // the space goes with the word
		{"Glossary: Jupyter, FastAPI.", 4 + 1 + 4 + 1 + 4 + 1},
		{"3.12", 4},
		{"é", 2},
		{"a  b", 3},
	} {
		if got := EstimateTokens(c.in); got != c.want {
			t.Errorf("EstimateTokens(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestSpoken(t *testing.T) {
	for in, want := range map[string]string{
		"scikit-learn":      "scikit learn",
		"PEP 8":             "PEP eight",
		"Python 3.12":       "Python three dot twelve",
		"talkpython.fm":     "talkpython dot fm",
		".NET":              "dot NET",
		"C#":                "C sharp",
		"Sebastián Ramírez": "Sebastián Ramírez",
		"don't":             "don't",
		"Web3":              "Web three",
		"HTTP/2":            "HTTP two",
		"1024":              "one zero two four",
	} {
		if got := Spoken(in); got != want {
			t.Errorf("Spoken(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSpeechmaticsSoundsLike(t *testing.T) {
	terms := Rank([]Correction{
		{Wrong: "Github", Right: "GitHub", Count: 3},
		{Wrong: "git hub", Right: "GitHub", Count: 1},
		{Wrong: "pedantic", Right: "Pydantic", Count: 2},
		{Wrong: "Pedantic", Right: "Pydantic", Count: 3},
		{Right: ".NET", Count: 1},
		{Wrong: "talk python.fm", Right: "talkpython.fm", Count: 1},
		{Wrong: "talk", Right: "talkpython.fm", Count: 1}, // a part of the term: left out
		{Wrong: "Starlet", Right: "Starlette", Count: 1},  // most of it: the term misheard
	})
	got, _ := json.Marshal(Speechmatics(terms, 0))
	want := `[{"content":"Pydantic","sounds_like":["pedantic"]},{"content":"GitHub"},{"content":"talkpython.fm","sounds_like":["talk python dot fm"]},{"content":".NET","sounds_like":["dot net"]},{"content":"Starlette","sounds_like":["starlet"]}]`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// FuzzSpoken: whatever the term, its spoken form is words without
// punctuation (AssemblyAI's rule), and the token estimate of a text is no
// less than that of a part of it.
func FuzzSpoken(f *testing.F) {
	for _, s := range []string{"scikit-learn", "Python 3.12", ".NET", "C#", "talkpython.fm/youtube", "Sebastián Ramírez", "a..b", "#", "++"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp := Spoken(s)
		for _, r := range sp {
			if r != ' ' && r != '\'' && !unicode.IsLetter(r) {
				t.Fatalf("Spoken(%q) = %q holds %q", s, sp, r)
			}
		}
		if strings.Contains(sp, "  ") || strings.TrimSpace(sp) != sp {
			t.Fatalf("Spoken(%q) = %q: odd spaces", s, sp)
		}
		if n := EstimateTokens(s); n < 0 || len(s) > 0 && n == 0 && strings.TrimSpace(s) != "" {
			t.Fatalf("EstimateTokens(%q) = %d", s, n)
		}
	})
}
