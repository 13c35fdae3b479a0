package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/emend-project/emend/internal/search"
)

// Bar is one period of the trend chart, laid out in the SVG's units.
type Bar struct {
	Period             string
	Mentions, Episodes int
	X, Y, W, H         float64
	LabelX             float64
	Label              bool
}

// TrendView is the data of the trend page.
type TrendView struct {
	Q, By, Error  string
	Sounds        bool
	Bars          []Bar
	Rows          []search.TrendRow
	Max, Total    int
	Width, Height int
	Ticks         []Tick
	Title         string
}

// Tick is one horizontal grid line of the chart.
type Tick struct {
	Y     float64
	Label int
}

const (
	chartLeft   = 40.0 // room for the axis labels
	chartBottom = 24.0
	chartTop    = 10.0
)

func (p *Pages) trendPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	view := TrendView{Q: strings.TrimSpace(v.Get("q")), By: v.Get("by"), Sounds: v.Get("sounds") == "on", Width: chartWidth, Height: chartHeight}
	if view.By != "month" {
		view.By = "year"
	}
	status := http.StatusOK
	if view.Q != "" {
		if err := p.trend(r, &view); err != nil {
			view.Error, status = failed(w, err)
		}
	}
	p.render(w, status, "trend.html", view)
}

func (p *Pages) trend(r *http.Request, view *TrendView) error {
	if len(view.Q) > search.MaxQueryLen {
		return fmt.Errorf("the query is longer than %d bytes", search.MaxQueryLen)
	}
	q, err := search.Parse(view.Q, view.Sounds)
	if err != nil {
		return err
	}
	var rows []search.TrendRow
	if err := p.run(r, func(ctx context.Context) (err error) {
		rows, err = p.ix.Trend(ctx, q, view.By)
		return err
	}); err != nil {
		return err
	}
	view.Rows = rows
	// The chart sums the shows per period.
	sums := map[string]*Bar{}
	var periods []string
	for _, row := range rows {
		b := sums[row.Period]
		if b == nil {
			b = &Bar{Period: row.Period}
			sums[row.Period] = b
			periods = append(periods, row.Period)
		}
		b.Mentions += row.Mentions
		b.Episodes += row.Episodes
	}
	slices.Sort(periods)
	for _, b := range sums {
		view.Max = max(view.Max, b.Mentions)
		view.Total += b.Mentions
	}
	view.Title = fmt.Sprintf("Mentions of %s by %s: %d in all", view.Q, view.By, view.Total)
	if len(periods) == 0 {
		return nil
	}
	top := niceMax(view.Max)
	plotW := float64(chartWidth) - chartLeft
	plotH := float64(chartHeight) - chartBottom - chartTop
	slot := plotW / float64(len(periods))
	every := max(1, len(periods)/12) // label at most about twelve periods
	for i, per := range periods {
		b := *sums[per]
		b.W = max(slot*0.8, 1)
		b.X = chartLeft + float64(i)*slot + (slot-b.W)/2
		b.H = plotH * float64(b.Mentions) / float64(top)
		b.Y = chartTop + plotH - b.H
		b.LabelX = b.X + b.W/2
		b.Label = i%every == 0
		view.Bars = append(view.Bars, b)
	}
	for k := 0; k <= 4; k++ {
		val := top * k / 4
		view.Ticks = append(view.Ticks, Tick{Y: chartTop + plotH - plotH*float64(val)/float64(top), Label: val})
	}
	return nil
}

// niceMax rounds a chart's largest value up to a multiple of 4 of a round
// step, so that the four grid lines fall on whole numbers.
func niceMax(n int) int {
	if n < 4 {
		return 4
	}
	step := 1
	for step*4*10 <= n {
		step *= 10
	}
	for _, m := range []int{1, 2, 5, 10} {
		if step*m*4 >= n {
			return step * m * 4
		}
	}
	return step * 40
}
