package rules

import (
	"reflect"
	"strings"
	"testing"
)

// TestWindowMatchesAll checks that matching through a window of tokens
// (see tokenWindow) finds the edits matching the list of all tokens finds,
// whatever the window's chunk, where rules have contexts before and
// after, topics of two words, phrases over cues and case rules: a window
// edge at any token must change nothing.
func TestWindowMatchesAll(t *testing.T) {
	const rs = `
Jupiter => Jupyter
fast API => FastAPI
rough => ruff; if "pip install _", "_ check", "uv add _"
Daxter => Dagster; unless "_ and Jak"
pandas => Pandas; case
scikit learn => scikit-learn
Rai => Rye; topic "Rye", "Python versions"
SQL alchemy and friends => SQLAlchemy and friends
`
	m, err := Compile(mustRules(t, rs))
	if err != nil {
		t.Fatal(err)
	}
	passage := []string{
		"pip install rough, then rough check, a rough idea with Jupiter.",
		"Daxter and Jak; Daxter runs our assets, pandas and Pandas; scikit",
		"learn and fast", "API. Rai and Python", "versions, python versions, Python versions",
		"see example.com/Jupiter or Jupiter/docs, SQL alchemy and", "friends are fast API fans; Rai",
	}
	var many []string
	for i := 0; i < 40; i++ {
		many = append(many, passage...)
	}
	for _, texts := range [][]string{passage, many, {strings.Join(many, " ")}} {
		defer func(k int) { tokenChunk = k }(tokenChunk)
		tokenChunk = 1 << 30
		want := m.Match(texts, "")
		if len(want) < 10 {
			t.Fatalf("only %d edits: a weak test", len(want))
		}
		for _, chunk := range []int{1, 2, 3, 7, 64} {
			tokenChunk = chunk
			if got := m.Match(texts, ""); !reflect.DeepEqual(got, want) {
				t.Errorf("%d texts, chunk %d: %d edits, want %d\n%v\n%v", len(texts), chunk, len(got), len(want), got, want)
			}
		}
	}
}
