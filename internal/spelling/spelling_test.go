package spelling

import (
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/vocab"
)

func fixText(t *testing.T, s *Set, texts []string) []string {
	t.Helper()
	m, err := rules.Compile(s.Rules(texts))
	if err != nil {
		t.Fatal(err)
	}
	return rules.Apply(texts, m.Match(texts, ""))
}

func TestRulesFix(t *testing.T) {
	s := New(Sources{
		Starter:   true,
		Config:    []string{"Python Bytes", "Michael Kennedy", "Talk Python", "Talk Python To Me", "PagerDuty"},
		Decisions: []Decision{{Canonical: "Talk Python", Variants: []string{"Talkpython.FM"}}, {Keep: "Pep"}},
	}, Options{})
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"case", []string{"It is on Github and uses Numpy."}, []string{"It is on GitHub and uses NumPy."}},
		{"spacing", []string{"we built it with fast API today"}, []string{"we built it with FastAPI today"}},
		{"hyphenation", []string{"I use pip tools for that"}, []string{"I use pip-tools for that"}},
		{"letter digit", []string{"follow PEP8 please"}, []string{"follow PEP 8 please"}},
		{"across cues", []string{"we built it with fast", "API today"}, []string{"we built it with FastAPI", "today"}},
		{"host name", []string{"this is michael kennedy here"}, []string{"this is Michael Kennedy here"}},
		{"decision alias", []string{"visit Talkpython.FM now"}, []string{"visit Talk Python now"}},
		{"numbered series", []string{"read pep 604 and pep 20, then PEP 8"}, []string{"read PEP 604 and PEP 20, then PEP 8"}},
		{"spoken forms", []string{"written in dotnet or C sharp, and Dot Net too"}, []string{"written in .NET or C#, and .NET too"}},
		{"possessive", []string{"Github's API"}, []string{"GitHub's API"}},
		// Guards.
		{"sentence start keeps capital", []string{"Uv is fast. I like it."}, []string{"Uv is fast. I like it."}},
		{"url stays", []string{"see github.com/numpy/numpy or https://fastapi.tiangolo.com"}, []string{"see github.com/numpy/numpy or https://fastapi.tiangolo.com"}},
		{"email stays", []string{"mail numpy@example.com"}, []string{"mail numpy@example.com"}},
		{"code stays", []string{"run `numpy` there"}, []string{"run `numpy` there"}},
		{"black box", []string{"it is a black box to me"}, []string{"it is a black box to me"}},
		{"uv light", []string{"UV light is bad for you"}, []string{"UV light is bad for you"}},
		{"rich text", []string{"the rich text editor"}, []string{"the rich text editor"}},
		{"click button", []string{"click the button"}, []string{"click the button"}},
		{"ordinary phrase without evidence", []string{"they python bytes"}, []string{"they python bytes"}},
		{"ordinary phrase with evidence", []string{"welcome to Python Bytes, this is Python Bytes on Python Bytes and python bytes"}, []string{"welcome to Python Bytes, this is Python Bytes on Python Bytes and Python Bytes"}},
		{"split where the term has no break", []string{"the py test runner"}, []string{"the py test runner"}},
		{"spoken handle", []string{"follow us at talkpython, or hired.com slash talk python to me"}, []string{"follow us at talkpython, or hired.com slash talk python to me"}},
		{"guarded span blocks its words", []string{"visit hired.com slash python bytes, on python bytes Python Bytes Python Bytes Python Bytes"}, []string{"visit hired.com slash python bytes, on python bytes Python Bytes Python Bytes Python Bytes"}},
		{"file name said as words", []string{"uv.lock, uv.lock, uv.lock: check in the UV lock file"}, []string{"uv.lock, uv.lock, uv.lock: check in the UV lock file"}},
		{"symbols at the edges", []string{"the main thing is the net result"}, []string{"the main thing is the net result"}},
		{"spelled out", []string{"that's L-I-N-O-D-E"}, []string{"that's L-I-N-O-D-E"}},
		{"domain as typed", []string{"go to Python.org today"}, []string{"go to Python.org today"}},
		{"acronym word needs a decision", []string{"the rest of the REST API, REST, REST and REST"}, []string{"the rest of the REST API, REST, REST and REST"}},
		{"shouted code", []string{"use code TALKPYTHON"}, []string{"use code TALKPYTHON"}},
		{"ordinary word in a name", []string{"open a Jupyter notebook"}, []string{"open a Jupyter notebook"}},
		{"coupon code", []string{"sign up with the code talkpython, all one word"}, []string{"sign up with the code talkpython, all one word"}},
		{"underscored name from ordinary words", []string{"Fil, my memory profiler"}, []string{"Fil, my memory profiler"}},
		{"ordinary words spaced", []string{"put myself on pager duty"}, []string{"put myself on pager duty"}},
		{"top-level domain", []string{"like all the .io domains"}, []string{"like all the .io domains"}},
		{"command line", []string{"type, let's say, git commit, and git is happy"}, []string{"type, let's say, git commit, and git is happy"}},
		{"series name and ordinary word", []string{"read pep 604, then the pep says, then a pep talk"}, []string{"read PEP 604, then the pep says, then a pep talk"}},
		{"pep talk", []string{"give them a pep talk"}, []string{"give them a pep talk"}},
		{"rest is no series", []string{"take a rest 10 minutes later"}, []string{"take a rest 10 minutes later"}},
		{"spoken form in an address", []string{"see talkpython.fm/dotnet or ironpython dot net slash docs, or dotnet dot com"}, []string{"see talkpython.fm/dotnet or ironpython dot net slash docs, or dotnet dot com"}},
		{"rejected", []string{"the Pep talk"}, []string{"the Pep talk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fixText(t, s, tt.in)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q (rules %v)", got, tt.want, s.Rules(tt.in))
			}
		})
	}
}

func TestNotesTerms(t *testing.T) {
	n := &vocab.Notes{Title: "Episode 1", Terms: []string{"Didn’t", "open-source", "thePython", "re.search", "Metadata", "mongo", "WiFi", "DuckDB", "Sebastián Ramírez"}}
	s := New(Sources{Notes: []*vocab.Notes{n}}, Options{})
	in := []string{"I didn't see the open source code of the Python research on metadata in mongo, but duckdb and Sebastian Ramirez did. I'd say so. Wi-Fi."}
	want := "I didn't see the open source code of the Python research on metadata in mongo, but DuckDB and Sebastián Ramírez did. I'd say so. Wi-Fi."
	if got := fixText(t, s, in); got[0] != want {
		t.Errorf("got  %q\nwant %q", got[0], want)
	}
}

func TestLowercaseAtStart(t *testing.T) {
	s := New(Sources{Starter: true}, Options{LowercaseAtStart: true})
	got := fixText(t, s, []string{"Uv is fast."})
	if got[0] != "uv is fast." {
		t.Errorf("got %q", got)
	}
}

func TestVariants(t *testing.T) {
	s := New(Sources{Starter: true}, Options{})
	eps := []Episode{
		{Name: "1", Texts: []string{"Github and Github and GitHub, also Numpy."}},
		{Name: "2", Texts: []string{"on github today"}},
	}
	ts := s.Variants(eps)
	if len(ts) == 0 || ts[0].Canonical != "GitHub" || ts[0].Changes != 3 || ts[0].Count != 1 {
		t.Fatalf("got %+v", ts)
	}
	if v := ts[0].Variants[0]; v.Text != "Github" || v.Count != 2 || v.Fixed != 2 || len(v.Episodes) != 1 {
		t.Errorf("first variant %+v", v)
	}
}

func TestParseRoundTrip(t *testing.T) {
	in := "# header\nGitHub\nFastAPI = fast API, Fast-API  # seen 12 times\n!black\n\n"
	ds, err := Parse(strings.NewReader(in), "x.spellings")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 3 || ds[1].Canonical != "FastAPI" || len(ds[1].Variants) != 2 || ds[1].Comment != "seen 12 times" || ds[2].Keep != "black" || ds[2].Line != 4 {
		t.Fatalf("got %+v", ds)
	}
	var b strings.Builder
	if err := Write(&b, "header", ds); err != nil {
		t.Fatal(err)
	}
	again, err := Parse(strings.NewReader(b.String()), "x")
	if err != nil || len(again) != 3 || again[1].String() != ds[1].String() {
		t.Fatalf("round trip: %v %+v", err, again)
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"GitHub = \n", "= x\n", "!\n", "A = A\n", "ok\nbad = a,,b\n", "x\xff\n"} {
		_, err := Parse(strings.NewReader(in), "s.spellings")
		if err == nil || !strings.HasPrefix(err.Error(), "s.spellings:") {
			t.Errorf("%q: got %v", in, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("GitHub\nFastAPI = fast API, Fast-API # c\n!black\n")
	f.Add("# only\n\n  x  =  y ,z\n")
	f.Fuzz(func(t *testing.T, in string) {
		ds, err := Parse(strings.NewReader(in), "f")
		if err != nil {
			return
		}
		var b strings.Builder
		if err := Write(&b, "", ds); err != nil {
			t.Fatal(err)
		}
		again, err := Parse(strings.NewReader(b.String()), "f")
		if err != nil {
			t.Fatalf("written file does not parse: %v\n%s", err, b.String())
		}
		if len(again) != len(ds) {
			t.Fatalf("%d decisions, %d after round trip", len(ds), len(again))
		}
		for i := range ds {
			if again[i].String() != ds[i].String() {
				t.Fatalf("%q became %q", ds[i].String(), again[i].String())
			}
		}
	})
}

func TestReview(t *testing.T) {
	terms := []Term{
		{Canonical: "GitHub", Variants: []Variant{{Text: "Github", Count: 3}, {Text: "github", Count: 1}}},
		{Canonical: "Black", Variants: []Variant{{Text: "black", Count: 9}}},
		{Canonical: "Pandas", Variants: []Variant{{Text: "pandas", Count: 5}}},
		{Canonical: "NumPy", Variants: []Variant{{Text: "Numpy"}}},
		{Canonical: "Later", Variants: []Variant{{Text: "later"}}},
	}
	var out strings.Builder
	ds, err := Review(strings.NewReader("a\nr\nx\n1\nt NumPy\nq\n"), &out, terms)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	want := "GitHub = Github, github  # reviewed|!black  # reviewed: Black|pandas = Pandas  # reviewed|NumPy = Numpy  # reviewed"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %q\nwant %q", strings.Join(got, "|"), want)
	}
	if !strings.Contains(out.String(), "answer a, a variant's number") {
		t.Errorf("no help after a bad answer:\n%s", out.String())
	}
	// The decisions make the edits: accepted "github" passes the
	// ordinary-word guard, the rejected "black" stays.
	s := New(Sources{Starter: true, Decisions: ds}, Options{})
	if got := fixText(t, s, []string{"on github, a black box"}); got[0] != "on GitHub, a black box" {
		t.Errorf("got %q", got)
	}
	merged := Merge([]Decision{{Canonical: "Github"}, {Keep: "black"}}, ds)
	if len(merged) != 4 || merged[0].Canonical != "GitHub" {
		t.Errorf("merge: %+v", merged)
	}
}

// A rule's right side is a fix's spelling, often a fragment or a first
// word: it neither makes ordinary words terms nor overrides the starter.
func TestRulesRightSidesYield(t *testing.T) {
	rs := []*rules.Rule{{Wrong: "Amy", Right: "to Me"}, {Wrong: "Asynch", Right: "Async"}, {Wrong: "Paslip", Right: "Pathlib"}, {Wrong: "Zorbel", Right: "ZorbKit"}}
	s := New(Sources{Starter: true, Rules: rs}, Options{})
	in := []string{"say it to me, we use async code and pathlib here, and zorbkit today"}
	got := fixText(t, s, in)
	want := []string{"say it to me, we use async code and pathlib here, and ZorbKit today"}
	if got[0] != want[0] {
		t.Errorf("got  %q\nwant %q", got[0], want[0])
	}
}
