package search

import (
	"context"
	"fmt"
	"sort"
)

// TrendRow is how often a query was said in one period on one show.
type TrendRow struct {
	Period string `json:"period"` // "2024" or "2024-03"
	Show   string `json:"show"`
	// Mentions counts the times a one-word or one-phrase query was said
	// (for a query of several words, the places where all were said).
	Mentions int `json:"mentions"`
	// Episodes counts the episodes that mention it; Published the
	// episodes of the period (that the query's filters allow).
	Episodes  int `json:"episodes"`
	Published int `json:"published"`
}

// Trend counts a query's mentions per show and period, by "month" or
// "year", over the episodes' dates. Every period in which a show published
// an episode has a row, mentioned or not.
func (ix *Index) Trend(ctx context.Context, q *Query, by string) ([]TrendRow, error) {
	layout := map[string]string{"year": "2006", "month": "2006-01"}[by]
	if layout == "" {
		return nil, fmt.Errorf("trend by %q: want month or year", by)
	}
	r := newRun(ix, ctx)
	hits, err := r.eval(q)
	if err != nil {
		return nil, err
	}
	type key struct {
		show   int
		period string
	}
	rows := map[key]*TrendRow{}
	row := func(e *Episode) *TrendRow {
		k := key{e.Show, e.Date.Format(layout)}
		if rows[k] == nil {
			rows[k] = &TrendRow{Period: k.period, Show: ix.Shows[e.Show].Name}
		}
		return rows[k]
	}
	allowed := ix.episodesAllowed(q)
	for i, e := range ix.Episodes {
		if !e.Date.IsZero() && allowed[i] {
			row(e).Published++
		}
	}
	// Hits are in segment order, so an episode's hits are contiguous:
	// its row is looked up once.
	last := -1
	var rw *TrendRow
	for i, h := range hits {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		ep := int(ix.segEp[h.seg])
		if ep != last {
			last, rw = ep, nil
			if e := ix.Episodes[ep]; !e.Date.IsZero() {
				rw = row(e)
				rw.Episodes++
			}
		}
		if rw == nil {
			continue
		}
		if len(q.Clauses) == 1 {
			rw.Mentions += int(h.tf)
		} else {
			rw.Mentions++
		}
	}
	out := make([]TrendRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Period != out[b].Period {
			return out[a].Period < out[b].Period
		}
		return out[a].Show < out[b].Show
	})
	return out, nil
}
