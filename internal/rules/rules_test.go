package rules

import (
	"bytes"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	const file = "\ufeff# emend rules\n\nJupiter => Jupyter\n  fast   API  =>  FastAPI   # 3 fixes\n" +
		"rough => ruff; if \"pip install _\", \"_ check\"; unless \"a _ idea\"\n" +
		"pie test => pytest; case; show talk-python\n" +
		"C sharp => C#\n" +
		"hash => \"#\"; if \"a _ sign\"  # quoted # stays\n" +
		"rough => ruff; unless \"_ edges\"; topic  \"ruff\",\"Ruff linter\"\n"
	rs, err := Parse(strings.NewReader(file), "emend.rules")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Jupiter => Jupyter",
		"fast API => FastAPI  # 3 fixes",
		`rough => ruff; if "pip install _", "_ check"; unless "a _ idea"`,
		"pie test => pytest; case; show talk-python",
		"C sharp => C#",
		`hash => "#"; if "a _ sign"  # quoted # stays`,
		`rough => ruff; unless "_ edges"; topic "ruff", "Ruff linter"`,
	}
	if rs[5].Right != "#" {
		t.Errorf("a quoted right side reads as %q, want #", rs[5].Right)
	}
	if len(rs) != len(want) {
		t.Fatalf("got %d rules, want %d", len(rs), len(want))
	}
	for i, r := range rs {
		if r.String() != want[i] {
			t.Errorf("rule %d: %q, want %q", i, r.String(), want[i])
		}
		again, err := ParseLine(r.String())
		if err != nil || again.String() != r.String() {
			t.Errorf("rule %d does not read back: %v %v", i, again, err)
		}
	}
	if rs[2].Line != 5 || rs[2].Source != "emend.rules" || len(rs[2].If) != 2 || rs[2].If[0].Before[1] != "install" || rs[2].Unless[0].After[0] != "idea" {
		t.Errorf("rough rule: %+v", rs[2])
	}
	if len(rs[6].Topic) != 2 || rs[6].Topic[1] != "Ruff linter" {
		t.Errorf("topic rule: %+v", rs[6])
	}
	var b bytes.Buffer
	if err := Write(&b, "learned by emend", rs[:2]); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "# learned by emend\nJupiter => Jupyter\nfast API => FastAPI  # 3 fixes\n" {
		t.Errorf("Write: %q", got)
	}
}

func TestParseErrors(t *testing.T) {
	const file = "ok => fine\nno arrow here\n=> nothing\nx =>\n... => dots\nx => y; loud\nx => y; if \"no placeholder\"\nx => y; if \"_ _\"\nx => y; if \"_\"\nx => y; show\nx => y; if \"unterminated\nx => y;\nx => y; topic ruff\nx => y; topic\nx => y; topic \"...\"\n"
	rs, err := Parse(strings.NewReader(file), "bad.rules")
	if len(rs) != 1 {
		t.Errorf("want the one good rule kept, got %d", len(rs))
	}
	want := []string{
		`bad.rules:2: no "=>" in "no arrow here"`,
		`bad.rules:3: nothing before "=>"`,
		`bad.rules:4: nothing after "=>": a rule needs the right words`,
		`bad.rules:5: no word to match in "..."`,
		`bad.rules:6: unknown option "loud" (want case, if, unless, topic or show)`,
		`bad.rules:7: if: context "no placeholder" has no "_" for the wrong words`,
		`bad.rules:8: if: context "_ _" has two "_"`,
		`bad.rules:9: if: context "_" has no word besides "_"`,
		`bad.rules:10: show takes one name, got ""`,
		`bad.rules:11: if: unterminated quote in "\"unterminated"`,
		`bad.rules:12: empty option after ";"`,
		`bad.rules:13: topic: want topic words like "ruff", got "ruff"`,
		`bad.rules:14: topic: want topic words like "ruff", got nothing`,
		`bad.rules:15: topic: no word in "..."`,
	}
	if err == nil {
		t.Fatal("want errors")
	}
	got := strings.Split(err.Error(), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", err, strings.Join(want, "\n"))
	}
}

// TestParseQuotes: a quote that is not one whole Go string is an error
// with the file and line, never text written into transcripts.
func TestParseQuotes(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{`Jupiter => "Jupyter`, "after \"=>\": unclosed quote in `\"Jupyter`"},
		{`"Jupiter => Jupyter`, "no \"=>\" in"}, // the arrow is inside the open quote
		{`Jupiter => Jupyter"`, "after \"=>\": a quote inside `Jupyter\"`: write the whole side in double quotes"},
		{`Jupiter => "Jupyter" Lab`, "text after the closing quote in `\"Jupyter\" Lab`"},
		{`say "hi => hello`, "no \"=>\" in"},
		{`"" => x`, `nothing before "=>"`},
		{`x => ""`, `nothing after "=>"`},
		{`x => "  "`, `nothing after "=>"`},
		{`x => "\q"`, "bad quoted text"},
	} {
		_, err := Parse(strings.NewReader("ok => fine\n"+c.line+"\n"), "q.rules")
		if err == nil || !strings.HasPrefix(err.Error(), "q.rules:2: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want q.rules:2: ...%s", c.line, err, c.want)
		}
	}
	rs, err := Parse(strings.NewReader(`say hi => "say \"hi\""`+"\n"), "q.rules")
	if err != nil || rs[0].Right != `say "hi"` {
		t.Errorf("a whole quoted side: %v %v", rs, err)
	}
}

// TestSettled: rules that undo each other, chains and rules that grow the
// text are errors naming the rules' lines; rules that settle are not.
func TestSettled(t *testing.T) {
	for _, c := range []struct {
		name, file string
		want       []string // "" for none
	}{
		{"settles", "Jupiter => Jupyter\nfast API => FastAPI\nPyDantic => Pydantic; case\nrough => ruff; if \"pip install _\"\nruff => Ruff; if \"_ linter\"\n", nil},
		{"undo", "Jupiter => Jupyter\nJupyter => Jupiter\n", []string{
			"r.rules:1: Jupiter => Jupyter: Jupyter => Jupiter (line 2) undoes it, so each fix flips the text back",
			"r.rules:2: Jupyter => Jupiter: Jupiter => Jupyter (line 1) undoes it, so each fix flips the text back"}},
		{"cycle of three", "a => b\nb => c\nc => a\n", []string{
			"r.rules:1: a => b: b => c (line 2), then c => a (line 3) undoes it",
			"r.rules:2: b => c: c => a (line 3), then a => b (line 1) undoes it",
			"r.rules:3: c => a: a => b (line 1), then b => c (line 2) undoes it"}},
		{"chain", "Jupiter => Jupyter\nJupyter => JupyterLab; case\n", []string{
			"r.rules:1: Jupiter => Jupyter: Jupyter => JupyterLab (line 2) changes its right words again, so one fix is not enough; write Jupiter => JupyterLab"}},
		{"grows", "Django => Django REST framework\n", []string{
			`r.rules:1: Django => Django REST framework: its right words "Django REST framework" hold its wrong words`}},
		{"case only", "jupyter => Jupyter\n", nil},
	} {
		rs, err := Parse(strings.NewReader(c.file), "r.rules")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = Check(rs)
		var got []string
		if err != nil {
			got = strings.Split(err.Error(), "\n")
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: errors\n%v\nwant\n%s", c.name, err, strings.Join(c.want, "\n"))
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], c.want[i]) {
				t.Errorf("%s: error %q, want %q...", c.name, got[i], c.want[i])
			}
		}
	}
}
