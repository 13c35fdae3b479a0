package search

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/corpustest"
)

func TestScratchCost(t *testing.T) {
	p := "/tmp/emend-server-tp.index"
	ix, err := Load(p)
	if err != nil {
		ix, _, err = Build([]Source{{Show: Show{Name: "talk-python"}, Paths: []string{corpustest.Dir(t, "talk-python")}}}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		ix.Save(p)
	}
	ix.Warm()
	st := ix.Stats()
	t.Logf("%+v", st)
	qs := []string{os.Getenv("Q")}
	if qs[0] == "" {
		qs = []string{
			`the OR a OR and OR to OR of OR i OR you OR it`,
			`"and the" OR "of the" OR "in the" OR "to the" OR "it is" OR "you know" OR "i think" OR "that is"`,
			`"the the the the the the the the"`,
			`"you know" "i think" "it is" "and the" "of the" "in the" "to the" "that is"`,
			`th* wh* yo* an*`,
			`the~ and~ you~ that~ this~ with~`,
			`kn* th* so* ju*`,
			`"the th*"`,
			`"so th*"`,
			`the and you that this with of to in it is a`,
			`python~ the~ and~ know~ think~ thing~`,
		}
	}
	for _, q := range qs {
		pq, err := Parse(q, false)
		if err != nil {
			t.Logf("%s: %v", q, err)
			continue
		}
		t0 := time.Now()
		r := newRun(ix, context.Background())
		_, err = ix.Search(context.Background(), pq, Options{Limit: 100, PerEpisode: 20})
		r.eval(pq)
		t.Logf("%-50s %8.1fms work %9d %v", q, float64(time.Since(t0).Microseconds())/1000, r.work, err)
	}
}
