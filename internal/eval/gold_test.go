package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/corpustest"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/suggest"
)

func TestParseGold(t *testing.T) {
	f, err := os.Open("testdata/gold/042-tools.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := ParseGold(f, "042-tools.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if g.File != "transcripts/042-tools.txt" || g.Commit != "0123abc" || len(g.Items) != 8 {
		t.Fatalf("got file %q commit %q, %d items", g.File, g.Commit, len(g.Items))
	}
	if it := g.Items[1]; it.At != 5*time.Second || it.Heard != "fast API" || it.Right != "FastAPI" || it.Line != 8 || it.Clock() != "00:00:05" {
		t.Errorf("item 2: %+v", it)
	}
}

func TestParseGoldErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"00:01:02\tonly heard\n", "2 fields"},
		{"1:2:3:4\ta\tb\n", "bad time"},
		{"00:61:00\ta\tb\n", "bad time"},
		{"00:01:00\t\tb\n", "empty"},
		{"00:01:00\tsame\tsame\n", "the same"},
		{"# c\n\nxx:00\ta\tb\n", "x.tsv:3"},
		{"00:01:00\ta\tb\tc\n", "4 fields"},
	} {
		_, err := ParseGold(strings.NewReader(tc.in), "x.tsv")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error with %q", tc.in, err, tc.want)
		}
	}
	g, err := ParseGold(strings.NewReader("# file: a.txt\r\n5:07\tfast API\tFastAPI\r\n"), "crlf")
	if err != nil || g.File != "a.txt" || len(g.Items) != 1 || g.Items[0].At != 307*time.Second || g.Items[0].Right != "FastAPI" {
		t.Errorf("CRLF, mm:ss: %+v, %v", g, err)
	}
}

func FuzzParseGold(f *testing.F) {
	for _, s := range []string{"# file: a\n00:00:01\tx\ty\n", "1:02:03\tfast API\tFastAPI\n", "\t\t\n", "99:99\ta\tb", "# commit:\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseGold(strings.NewReader(s), "fuzz")
		if err != nil {
			return
		}
		for _, it := range g.Items {
			if it.At < 0 || it.Heard == "" || it.Right == "" || it.Heard == it.Right || strings.Contains(it.Heard, "\t") {
				t.Fatalf("bad item %+v from %q", it, s)
			}
			back, err := parseClock(it.Clock())
			if err != nil || back != it.At {
				t.Fatalf("clock %s of %v reads back as %v, %v", it.Clock(), it.At, back, err)
			}
		}
	})
}

func TestMakes(t *testing.T) {
	text := "we use murex typed and AutoJump in Z daily"
	at := func(s string) (int, int) { k := strings.Index(text, s); return k, k + len(s) }
	a, b := at("murex typed")
	ja, jb := at("AutoJump in Z")
	ed := func(s, repl string) rules.Edit { x, y := at(s); return rules.Edit{Start: x, End: y, New: repl} }
	for _, tc := range []struct {
		name        string
		a, b        int
		right       string
		eds         []rules.Edit
		exact, want bool
		got         string
	}{
		{"whole span", a, b, "mureq-typed", []rules.Edit{ed("murex typed", "mureq-typed")}, true, true, "mureq-typed"},
		{"part of it", a, b, "mureq-typed", []rules.Edit{ed("murex", "mureq")}, false, false, "mureq typed"},
		{"part, right words", a, b, "mureq typed", []rules.Edit{ed("murex", "mureq")}, true, true, "mureq typed"},
		{"case differs", a, b, "mureq-typed", []rules.Edit{ed("murex typed", "Mureq-Typed")}, true, false, "Mureq-Typed"},
		{"case aside", a, b, "mureq-typed", []rules.Edit{ed("murex typed", "Mureq-Typed")}, false, true, "Mureq-Typed"},
		{"wider edit", a, b, "mureq typed", []rules.Edit{ed("use murex", "use mureq")}, true, true, "use mureq typed"},
		{"two edits", ja, jb, "autojump and z", []rules.Edit{ed("AutoJump", "autojump"), ed("in Z", "and z")}, true, true, "autojump and z"},
		{"elsewhere", a, b, "mureq-typed", []rules.Edit{ed("daily", "Daily")}, false, false, "murex typed"},
		{"none", a, b, "mureq-typed", nil, false, false, "murex typed"},
	} {
		ok, got := makes(text, tc.a, tc.b, tc.right, tc.eds, tc.exact)
		if ok != tc.want || got != tc.got {
			t.Errorf("%s: got %v %q, want %v %q", tc.name, ok, got, tc.want, tc.got)
		}
	}
}

func TestIntroduced(t *testing.T) {
	terms := []suggest.Term{{Text: "Trey Hunner"}, {Text: "Hunner"}, {Text: "mureq"}, {Text: "Git"}, {Text: "typed"}, {Text: "Posit"}}
	for _, tc := range []struct {
		heard, right string
		want         string
	}{
		{"Trey Hunter's", "Trey Hunner's", "Trey Hunner,Hunner"},
		{"murex typed", "mureq-typed", ""}, // one word: mureq-typed is not mureq
		{"murex", "mureq", "mureq"},
		{"get pull", "git pull", "Git"},
		{"Deposit", "Posit.", "Posit"},
		{"typed", "Typed", ""},
	} {
		got := strings.Join(introduced(terms, GoldItem{Heard: tc.heard, Right: tc.right}), ",")
		if got != tc.want {
			t.Errorf("%q -> %q: got %q, want %q", tc.heard, tc.right, got, tc.want)
		}
	}
}

// TestGoldScore runs the job on a hand-written transcript with a small
// vocabulary, and checks each gold item's outcome.
func TestGoldScore(t *testing.T) {
	data, err := os.ReadFile("testdata/gold/042-tools.txt")
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open("testdata/gold/042-tools.tsv")
	defer f.Close()
	g, err := ParseGold(f, "042-tools.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var terms []suggest.Term
	for _, s := range []string{"FastAPI", "Pydantic", "Ruff", "pipx", "Kubernetes", "Talk Python To Me", "GitHub", "Black", "Sentry"} {
		terms = append(terms, suggest.Term{Text: s, Source: suggest.FromStarter})
	}
	model := suggest.NewModel([]string{"we use FastAPI and Pydantic", "lint it with Ruff and Black", "install it with pipx", "deploy on Kubernetes"})
	sp := spelling.New(spelling.Sources{Config: []string{"FastAPI", "GitHub"}}, spelling.Options{})
	gs := goldSetup{terms: terms, model: model, threshold: suggest.DefaultThreshold, spellings: sp}
	r, err := gs.score(g, data)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]GoldResult{}
	for _, x := range r.Results {
		by[x.Heard] = x
	}
	if x := by["fast API"]; !x.Found || !x.Spelled || !x.Fixed || !x.Candidate {
		t.Errorf("fast API: the spellings fix it and it is a candidate: %+v", x)
	}
	if x := by["Github"]; !x.Spelled || !x.Fixed || x.Candidate {
		t.Errorf("Github: the spellings fix it, no candidate (case only): %+v", x)
	}
	for _, h := range []string{"pedantic", "pipex", "Cubernetties"} {
		if x := by[h]; !x.Found || !x.Candidate || x.Spelled {
			t.Errorf("%s: a candidate the spellings do not fix: %+v", h, x)
		}
	}
	if x := by["Zorblax"]; !x.Found || x.Candidate || x.Why != WhyNoTerm {
		t.Errorf("Zorblax: no term: %+v", x)
	}
	if x := by["Sentry"]; x.Found || x.Why != WhyNotFound {
		t.Errorf("Sentry at 00:01:30: not found there: %+v", x)
	}
	if r.Items != 8 || r.Found != 7 || r.Candidates != 5.0/8 || r.Reached != 6.0/8 {
		t.Errorf("items %d, found %d, candidates %.3f, reached %.3f", r.Items, r.Found, r.Candidates, r.Reached)
	}
	for _, x := range r.Results {
		if x.Proposed && (!x.Candidate || x.Confidence < r.Threshold) || x.Fixed != (x.Spelled || x.Proposed) && !x.Spelled {
			t.Errorf("inconsistent: %+v", x)
		}
	}
	txt := r.Text()
	for _, want := range []string{"among the candidates at any confidence", "term not in any vocabulary (1)", "Zorblax"} {
		if !strings.Contains(txt, want) {
			t.Errorf("report lacks %q:\n%s", want, txt)
		}
	}
	t.Logf("\n%s", txt)
	// Without the spellings, a fix of case alone is no candidate, and
	// says why.
	gs.spellings = nil
	if r, err = gs.score(g, data); err != nil {
		t.Fatal(err)
	}
	if x := r.Results[0]; x.Heard != "Github" || x.Fixed || x.Candidate || x.Why != WhyCaseOnly {
		t.Errorf("Github without spellings: %+v", x)
	}
}

// TestGoldFiles checks that every gold list of docs/eval/gold parses and,
// with the corpora, that each item's heard words are in the raw
// transcript near its time.
func TestGoldFiles(t *testing.T) {
	files, _ := filepath.Glob("../../docs/eval/gold/*.tsv")
	if len(files) == 0 {
		t.Fatal("no gold lists in docs/eval/gold")
	}
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		g, err := ParseGold(f, p)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if g.File == "" || g.Commit == "" || len(g.Items) < 20 {
			t.Errorf("%s: file %q, commit %q, %d items", p, g.File, g.Commit, len(g.Items))
		}
		show := "python-bytes"
		if strings.Contains(filepath.Base(p), "talk-python") {
			show = "talk-python"
		}
		if testing.Short() {
			continue
		}
		r, err := RunGold(GoldOptions{Repo: corpustest.Dir(t, show), Gold: g, NoSpellings: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range r.Results {
			if !x.Found {
				t.Errorf("%s:%d: %s %q not in the raw transcript within %v", p, x.Line, x.Clock(), x.Heard, GoldSlack)
			}
		}
	}
}

func TestAllOrdinary(t *testing.T) {
	terms := []suggest.Term{{Text: "sed", Source: suggest.FromNotes}, {Text: "sed", Source: suggest.FromStarter},
		{Text: "court", Source: suggest.FromTranscripts}, {Text: "Posit", Source: suggest.FromNotes}, {Text: "ruff", Source: suggest.FromStarter}}
	for _, tc := range []struct {
		names []string
		want  bool
	}{
		{[]string{"court"}, true},
		{[]string{"sed"}, false}, // the starter names it too
		{[]string{"Posit"}, false},
		{[]string{"ruff"}, false},
		{[]string{"court", "Posit"}, false},
	} {
		if got := allOrdinary(terms, tc.names); got != tc.want {
			t.Errorf("%v: got %v, want %v", tc.names, got, tc.want)
		}
	}
}
