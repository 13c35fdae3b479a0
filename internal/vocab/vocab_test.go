package vocab

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/rules"
)

func TestKey(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"FastAPI", "fast API"},
		{"FastAPI", "Fast-API"},
		{"scikit-learn", "Scikit Learn"},
		{"Sebastián Ramírez", "sebastian ramirez"},
		{"Łukasz Langa", "Lukasz Langa"},
		{"Node.js", "nodejs"},
		{"talkpython.fm", "Talk Python FM"},
		{"O’Reilly", "O'Reilly"},
	} {
		if Key(c.a) != Key(c.b) {
			t.Errorf("Key(%q) = %q, Key(%q) = %q: want equal", c.a, Key(c.a), c.b, Key(c.b))
		}
	}
	for _, c := range []struct{ a, b string }{
		{"C++", "C"},
		{"C#", "C"},
		{"Vue", "Vue.js"},
	} {
		if Key(c.a) == Key(c.b) {
			t.Errorf("Key(%q) == Key(%q) = %q: want different", c.a, c.b, Key(c.a))
		}
	}
}

type add struct {
	text string
	src  Source
	uses int
}

func TestAddCanonical(t *testing.T) {
	for _, c := range []struct {
		name    string
		adds    []add
		lookup  string
		want    string
		sources Source
		uses    int
	}{
		{"one spelling", []add{{"FastAPI", FromStarter, 0}}, "fast api", "FastAPI", FromStarter, 0},
		{"starter beats casual notes", []add{{"numpy", FromNotes, 12}, {"NumPy", FromStarter, 0}}, "Numpy", "NumPy", FromStarter | FromNotes, 0},
		{"starter beats transcripts", []add{{"Sebastian Ramirez", FromTranscripts, 40}, {"Sebastián Ramírez", FromStarter, 0}}, "sebastian ramirez", "Sebastián Ramírez", FromStarter | FromTranscripts, 0},
		{"rules beat starter", []add{{"PyTorch", FromStarter, 0}, {"Pytorch", FromRules, 0}}, "pytorch", "Pytorch", FromStarter | FromRules, 0},
		{"user beats rules", []add{{"Pytorch", FromRules, 0}, {"PYTORCH", FromUser, 0}}, "pytorch", "PYTORCH", FromRules | FromUser, 0},
		{"notes beat transcripts", []add{{"Dagster", FromTranscripts, 30}, {"DAGster", FromNotes, 1}}, "dagster", "DAGster", FromTranscripts | FromNotes, 1},
		{"title counts as notes", []add{{"Dagster", FromTranscripts, 30}, {"DagSter", FromTitle, 1}}, "dagster", "DagSter", FromTranscripts | FromTitle, 1},
		{"more uses win in one tier", []add{{"Msgspec", FromTranscripts, 3}, {"msgspec", FromTranscripts, 9}}, "MsgSpec", "msgspec", FromTranscripts, 9},
		{"uses add up per spelling", []add{{"msgspec", FromTranscripts, 5}, {"Msgspec", FromTranscripts, 6}, {"msgspec", FromNotes, 2}}, "msgspec", "msgspec", FromTranscripts | FromNotes, 7},
		{"first added wins a tie", []add{{"PyData", FromNotes, 1}, {"Pydata", FromNotes, 1}}, "py data", "PyData", FromNotes, 1},
		{"blanks squeezed", []add{{"  Hugging   Face ", FromStarter, 0}}, "huggingface", "Hugging Face", FromStarter, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := New()
			for _, a := range c.adds {
				v.Add(a.text, a.src, a.uses)
			}
			if v.Len() != 1 {
				t.Fatalf("Len = %d, want 1 (all spellings one term)", v.Len())
			}
			term := v.Lookup(c.lookup)
			if term == nil {
				t.Fatalf("Lookup(%q) = nil", c.lookup)
			}
			if term.Text != c.want || term.Sources != c.sources || term.Uses != c.uses {
				t.Errorf("got %q %v uses %d, want %q %v uses %d", term.Text, term.Sources, term.Uses, c.want, c.sources, c.uses)
			}
			if term.Variants[0].Text != term.Text {
				t.Errorf("first variant %q is not the canonical %q", term.Variants[0].Text, term.Text)
			}
		})
	}
}

func TestAddIgnoresEmpty(t *testing.T) {
	v := New()
	for _, s := range []string{"", "  ", "---", "..."} {
		v.Add(s, FromUser, 1)
	}
	if v.Len() != 0 {
		t.Errorf("Len = %d after adding blanks and punctuation, want 0", v.Len())
	}
	if v.Lookup("") != nil {
		t.Error("Lookup(\"\") found a term")
	}
}

func TestTermsStableOrder(t *testing.T) {
	v := New()
	for _, s := range []string{"Zope", "Airflow", "NumPy", "airflow", "Black"} {
		v.Add(s, FromStarter, 0)
	}
	var got []string
	for _, term := range v.Terms() {
		got = append(got, term.Text)
	}
	want := []string{"Zope", "Airflow", "NumPy", "Black"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Terms = %q, want %q (first added first)", got, want)
	}
}

func TestCommonFlag(t *testing.T) {
	v := New()
	v.AddEntries([]Entry{{Text: "Black", Common: true}, {Text: "Ruff"}}, FromStarter)
	v.Add("black", FromNotes, 3)
	if b := v.Lookup("black"); b == nil || !b.Common || b.Text != "Black" {
		t.Errorf("black: %+v, want Common Black", b)
	}
	if r := v.Lookup("ruff"); r == nil || r.Common {
		t.Errorf("ruff: %+v, want not Common", r)
	}
}

func TestParseList(t *testing.T) {
	es, err := ParseList(strings.NewReader("# header\n\nFastAPI\n  Black   !common  # the formatter\nC#\nF# # a language\nGuido  van Rossum\n"), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{{Text: "FastAPI", Line: 3}, {Text: "Black", Common: true, Line: 4}, {Text: "C#", Line: 5}, {Text: "F#", Line: 6}, {Text: "Guido van Rossum", Line: 7}}
	if !reflect.DeepEqual(es, want) {
		t.Errorf("got %+v\nwant %+v", es, want)
	}
}

func TestParseListSoundsLike(t *testing.T) {
	for _, c := range []struct {
		line string
		want Entry
		err  string
	}{
		{line: "WSGI ~ whiskey, wiz  gee", want: Entry{Text: "WSGI", SoundsLike: []string{"whiskey", "wiz gee"}, Line: 1}},
		{line: "Black~blag !common # the formatter", want: Entry{Text: "Black", Common: true, SoundsLike: []string{"blag"}, Line: 1}},
		{line: "C# ~ see sharp", want: Entry{Text: "C#", SoundsLike: []string{"see sharp"}, Line: 1}},
		{line: "~ whiskey", err: "x.txt:1: sounds-like aliases without a term"},
		{line: "WSGI ~", err: "x.txt:1: an empty sounds-like alias"},
		{line: "WSGI ~ whiskey,, wiz gee", err: "x.txt:1: an empty sounds-like alias"},
		{line: "WSGI ~ 42", err: `x.txt:1: sounds-like alias "42" has no letter`},
		{line: "WSGI ~ a ~ b", err: `x.txt:1: a second "~"`},
		{line: "WSGI ~ " + strings.Repeat("a,", MaxSoundsLike) + "b", err: "x.txt:1: more than 16 sounds-like aliases"},
	} {
		es, err := ParseList(strings.NewReader(c.line+"\n"), "x.txt")
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.line, err, c.err)
			}
			continue
		}
		if err != nil || len(es) != 1 || !reflect.DeepEqual(es[0], c.want) {
			t.Errorf("%q: %+v, %v; want %+v", c.line, es, err, c.want)
		}
	}
}

func TestSoundsLikeMerged(t *testing.T) {
	v := New()
	v.AddEntries([]Entry{{Text: "WSGI", SoundsLike: []string{"whiskey", "wsgi", "W.S.G.I."}}}, FromStarter)
	v.AddEntries([]Entry{{Text: "wsgi", SoundsLike: []string{"Whiskey", "wiz gee"}}}, FromUser)
	got := v.Lookup("WSGI").SoundsLike
	// The term's own letters are no alias; the same alias twice is one.
	if want := []string{"whiskey", "wiz gee"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SoundsLike = %q, want %q", got, want)
	}
}

func TestAddRulesSoundsLike(t *testing.T) {
	v := New()
	v.AddRules([]*rules.Rule{
		{Wrong: "Arkin", Right: "Okken"},
		{Wrong: "Atkins", Right: "Okken"},
		{Wrong: "okken", Right: "Okken"},                    // the same letters: no alias
		{Wrong: "going to be one of those", Right: "Okken"}, // too long to be heard as one name
		{Wrong: "gonna", Right: "going to"},                 // no term
		{Wrong: "pedantic", Right: "Pydantic"},
		{Wrong: "Daxter", Right: "Dagster"},
		{Wrong: "Dax", Right: "Dagster"}, // too short
		{Wrong: "dag stir", Right: "Dagster", If: []rules.Context{{After: []string{"pipeline"}}}}, // only in a context
	})
	if got, want := v.Lookup("Okken").HeardAs, []string{"Arkin", "Atkins"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Okken HeardAs = %q, want %q", got, want)
	}
	if got := v.Lookup("Pydantic"); got == nil || got.Sources != FromRules || !reflect.DeepEqual(got.HeardAs, []string{"pedantic"}) {
		t.Errorf("Pydantic = %+v", got)
	}
	if got := v.Lookup("Dagster"); got == nil || !reflect.DeepEqual(got.HeardAs, []string{"Daxter"}) {
		t.Errorf("Dagster = %+v, want the alias Daxter alone", got)
	}
	if v.Lookup("going to") != nil {
		t.Error(`"going to" made a term`)
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "names.txt")
	data := "FastAPI\n---\nBlack !commn\n!common\n" + strings.Repeat("x", 200) + "\nfine\n\xff\xfe\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(p)
	if err == nil {
		t.Fatal("no error for a file with bad lines")
	}
	for _, want := range []string{p + ":2: ", p + ":3: unknown flag \"!commn\"", p + ":4: ", p + ":5: ", p + ":7: not UTF-8"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q\ndoes not say %q", err, want)
		}
	}
	if strings.Contains(err.Error(), ":1:") || strings.Contains(err.Error(), ":6:") {
		t.Errorf("error %q names a good line", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.txt")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, want a not-exist error", err)
	}
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("\uFEFFDagster\r\nmsgspec\r\n# end\r\n"), 0o644)
	got, err := ReadFile(good)
	if err != nil || !reflect.DeepEqual(got, []string{"Dagster", "msgspec"}) {
		t.Errorf("ReadFile with BOM and CRLF = %q, %v", got, err)
	}
}

func TestStarter(t *testing.T) {
	es := StarterEntries() // panics if the shipped list has a bad line
	v := Starter()
	if v.Len() < len(es)*9/10 {
		t.Errorf("starter: %d entries make only %d terms: too many clash", len(es), v.Len())
	}
	for _, want := range []string{"FastAPI", "scikit-learn", "NumPy", "pipx", "msgspec", "Dagster", "Sebastián Ramírez", "Łukasz Langa"} {
		term := v.Lookup(want)
		if term == nil || term.Text != want || term.Sources != FromStarter {
			t.Errorf("Lookup(%q) = %+v", want, term)
		}
	}
	if b := v.Lookup("black"); b == nil || !b.Common {
		t.Errorf("Black is not marked common: %+v", b)
	}
	if f := v.Lookup("FastAPI"); f.Common {
		t.Error("FastAPI marked common")
	}
	// Entries that clash under Key are duplicates in the list.
	seen := map[string]Entry{}
	for _, e := range es {
		if prev, ok := seen[Key(e.Text)]; ok {
			t.Errorf("starter.txt:%d: %q is the same term as %q (line %d)", e.Line, e.Text, prev.Text, prev.Line)
		}
		seen[Key(e.Text)] = e
	}
	// Starter returns a fresh vocabulary each time.
	v.Add("NUMPY", FromUser, 0)
	if Starter().Lookup("numpy").Text != "NumPy" {
		t.Error("changing one Starter vocabulary changed another")
	}
}

func TestFromRuleSet(t *testing.T) {
	rs, err := rules.Parse(strings.NewReader(`fast API => FastAPI
pipex => pipx
message spec => msgspec
Daxter => Dagster
gonna => going to
there => their; if "_ code"
pie test => pytest
scikit learn => scikit-learn
node JS => Node.js
i => I; case
Sebastian Ramirez => Sebastián Ramírez
fastapi => FastAPI
python three twelve => Python 3.12
a very long wrong thing => the right thing is a sentence now
Top => Talk; if "_ Python"
tack => Talk; if "_ Python"
Python to me => Python To Me; if "Talk _"
Pythony => Python To Me
Speak => Speak; if "_ Python"
Black => Black; if "use _"
black => Black
`), "test.rules")
	if err != nil {
		t.Fatal(err)
	}
	got := FromRuleSet(rs)
	want := []string{"FastAPI", "pipx", "msgspec", "Dagster", "pytest", "scikit-learn", "Node.js", "Sebastián Ramírez", "Python 3.12", "Black"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FromRuleSet = %q\nwant %q", got, want)
	}
	if FromRuleSet(nil) != nil {
		t.Error("FromRuleSet(nil) not empty")
	}
}
