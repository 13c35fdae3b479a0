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
