package search

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCostBounds(t *testing.T) {
	words := func(n int, w string) string { return strings.TrimSpace(strings.Repeat(w+" ", n)) }
	alts := func(n int) string {
		var a []string
		for i := range n {
			a = append(a, fmt.Sprintf("w%d", i))
		}
		return strings.Join(a, " OR ")
	}
	for _, tc := range []struct {
		q      string
		sounds bool
		msg    string // "" when accepted
	}{
		{`"` + words(MaxPhraseWords, "the") + `"`, false, ""},
		{`"` + words(MaxPhraseWords+1, "the") + `"`, false, "the phrase"},
		{`-"` + words(MaxPhraseWords+1, "the") + `" uv`, false, "the phrase"},
		{alts(MaxAlternatives), false, ""},
		{alts(MaxAlternatives + 1), false, "alternatives joined by OR"},
		{words(MaxItems, "uv"), false, ""},
		{words(MaxItems+1, "uv"), false, "words and phrases"},
		{words(MaxItems-1, "uv") + " -django -flask", false, "words and phrases"},
		{words(MaxPrefixes, "py*"), false, ""},
		{words(MaxPrefixes+1, "py*"), false, "prefixes"},
		{`"a b c d` + strings.Repeat(" py*", 1) + `" ` + words(MaxPrefixes, "do*"), false, "prefixes"},
		{words(MaxSoundsLike, "fastapi~"), false, ""},
		{words(MaxSoundsLike+1, "fastapi~"), false, "sounds-like"},
		{words(MaxSoundsLike+1, "fastapi"), true, "sounds-like"},
		{words(MaxSoundsLike+1, "fastapi"), false, ""},
	} {
		_, err := Parse(tc.q, tc.sounds)
		var se *SyntaxError
		switch {
		case tc.msg == "" && err != nil:
			t.Errorf("%.60s: %v", tc.q, err)
		case tc.msg != "" && (!errors.As(err, &se) || !se.Costly || !strings.Contains(err.Error(), tc.msg) || !strings.HasPrefix(err.Error(), "query too costly: ")):
			t.Errorf("%.60s: %v; want a costly error with %q", tc.q, err, tc.msg)
		}
	}
}

// commonIndex builds an index of n segments that all say the same common
// words, the worst case of phrase matching.
func commonIndex(t *testing.T, n int) *Index {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%02d:%02d:%02d and the cat and the dog and the bird\n\n", i/3600, i/60%60, i%60)
	}
	writeFile(t, filepath.Join(dir, "001-x.txt"), b.String(), time.Now())
	ix, _, err := Build([]Source{{Show: Show{Name: "s"}, Paths: []string{dir}}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestWorkBudget(t *testing.T) {
	ix := commonIndex(t, 5000)
	q, err := Parse(`"and the cat" OR "and the dog" OR "the bird"`, false)
	if err != nil {
		t.Fatal(err)
	}
	r := newRun(ix, context.Background())
	hits, err := r.eval(q)
	if err != nil || len(hits) != 5000 {
		t.Fatalf("unbounded: %d hits, %v", len(hits), err)
	}
	full := r.work
	if full < 5*5000 {
		t.Fatalf("work %d for 3 phrases over 5000 segments", full)
	}
	r = newRun(ix, context.Background())
	r.budget = full / 2
	_, err = r.eval(q)
	var se *SyntaxError
	if !errors.As(err, &se) || !se.Costly {
		t.Fatalf("over budget: %v", err)
	}
	if r.work > full/2+checkEvery {
		t.Errorf("stopped at work %d, budget %d", r.work, full/2)
	}
}

// countdown is a context that is done after its Err has been asked n
// times: it tells whether matching looks at the deadline as it goes.
type countdown struct {
	context.Context
	n int
}

func (c *countdown) Err() error {
	if c.n--; c.n < 0 {
		return context.DeadlineExceeded
	}
	return nil
}

func TestDeadlineInsideMatching(t *testing.T) {
	ix := commonIndex(t, 20000)
	for _, q := range []string{`"and the cat and the dog"`, `and OR the OR cat`, `"the ca*"`} {
		pq, err := Parse(q, false)
		if err != nil {
			t.Fatal(err)
		}
		// The deadline passes after the first look at it: matching
		// must notice it before it has walked the postings.
		r := newRun(ix, &countdown{Context: context.Background(), n: 1})
		_, err = r.eval(pq)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: %v", q, err)
		}
		if r.work > 2*checkEvery+MaxPhraseWords {
			t.Errorf("%s: walked %d before seeing the deadline", q, r.work)
		}
	}
}
