package rules

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseLine: any line either fails with an error or gives a rule that
// writes back to a line reading as the same rule.
func FuzzParseLine(f *testing.F) {
	for _, s := range []string{
		"Jupiter => Jupyter",
		`rough => ruff; if "pip install _", "_ check"; unless "a _ idea"  # 3 fixes`,
		"pie test => pytest; case; show talk-python",
		`hash => "#"; if "a _ sign"`,
		"=> x", "x =>", "x => y; if", `x => y; if "_`, "# only a comment",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		r, err := ParseLine(line)
		if err != nil || r == nil {
			return
		}
		again, err := ParseLine(r.String())
		if err != nil {
			t.Fatalf("%q parses, but its rule %q does not: %v", line, r.String(), err)
		}
		if again.String() != r.String() {
			t.Fatalf("%q: rule %q reads back as %q", line, r.String(), again.String())
		}
	})
}

// FuzzMatch: on any texts, edits are ordered, in bounds, never overlap, and
// Apply gives texts that differ from the input only where edits were made.
func FuzzMatch(f *testing.F) {
	f.Add("we use Jupiter and pip install rough", "fast\nAPI is, a rough idea")
	f.Add("Langchain's fast", "API")
	f.Add("", "...")
	rs, err := Parse(strings.NewReader(`Jupiter => Jupyter
fast API => FastAPI
rough => ruff; if "pip install _"
a => the; unless "_ rough"
Langchain => LangChain
`), "fuzz")
	if err != nil {
		f.Fatal(err)
	}
	m, err := Compile(rs)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		texts := []string{a, b}
		edits := m.Match(texts, "")
		last, lastText := 0, -1
		for _, e := range edits {
			if e.Text < 0 || e.Text >= len(texts) || e.Start < 0 || e.End > len(texts[e.Text]) || e.Start > e.End {
				t.Fatalf("edit out of bounds: %+v", e)
			}
			if e.Text < lastText || e.Text == lastText && e.Start < last {
				t.Fatalf("edits out of order or overlapping: %+v", edits)
			}
			last, lastText = e.End, e.Text
		}
		out := Apply(texts, edits)
		for i := range texts {
			touched := false
			for _, e := range edits {
				touched = touched || e.Text == i
			}
			if !touched && out[i] != texts[i] {
				t.Fatalf("text %d changed without an edit: %q -> %q", i, texts[i], out[i])
			}
		}
	})
}

// FuzzCheck: any rules file either fails to parse or is checked without a
// panic, and a file that settles gives texts that one more pass leaves as
// they are.
func FuzzCheck(f *testing.F) {
	f.Add("a => b\nb => a\n", "a b")
	f.Add("Jupiter => Jupyter\nJupyter => JupyterLab; case\n", "Jupiter notebooks")
	f.Add("Django => Django REST framework\nfast API => FastAPI\n", "fast API and Django")
	f.Fuzz(func(t *testing.T, file, text string) {
		if !utf8.ValidString(text) {
			return
		}
		rs, err := Parse(strings.NewReader(file), "fuzz")
		if err != nil || len(rs) > 20 {
			return
		}
		if Check(rs) != nil {
			return
		}
		m, _ := Compile(rs)
		for _, r := range rs {
			if len(r.If)+len(r.Unless)+len(r.Topic) > 0 || r.Show != "" {
				return // conditions the right words alone cannot tell
			}
		}
		once := Apply([]string{text}, m.Match([]string{text}, ""))
		if twice := Apply(once, m.Match(once, "")); twice[0] != once[0] {
			t.Fatalf("rules settle, but a second pass changes %q to %q", once[0], twice[0])
		}
	})
}
