package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/emend-project/emend/internal/search"
)

type trendOpts struct {
	libraryOpts
	by, format string
	soundsLike bool
}

func (o *trendOpts) flags() *flag.FlagSet {
	fs := newFlags("trend")
	o.add(fs)
	fs.StringVar(&o.by, "by", "year", "count per `month` or year")
	fs.StringVar(&o.format, "format", "table", "print a `table`, csv or json")
	fs.BoolVar(&o.soundsLike, "sounds-like", false, "count what sounds like the term too")
	return fs
}

var trendCmd = &command{
	name: "trend", args: "TERM...",
	summary: "count how often a term was said, per show and month or year",
	help: `
Counts the mentions of a term (any query emend search takes: a word, a
"phrase", fastapi~, with filters) per show and year or month, with the
number of episodes that mention it and of episodes published then.`,
	flags: func() *flag.FlagSet { return new(trendOpts).flags() },
	run:   runTrend,
}

func runTrend(env *Env, args []string) error {
	o := new(trendOpts)
	words, err := parseQuery(o.flags(), args)
	if err != nil {
		return err
	}
	if o.by != "month" && o.by != "year" {
		return usagef("--by %s: want month or year", o.by)
	}
	if o.format != "table" && o.format != "csv" && o.format != "json" {
		return usagef("--format %s: want table, csv or json", o.format)
	}
	q, ix, err := o.query(words, o.soundsLike)
	if err != nil {
		return err
	}
	rows, err := ix.Trend(context.Background(), q, o.by)
	if err != nil {
		return err
	}
	switch o.format {
	case "json":
		if rows == nil {
			rows = []search.TrendRow{}
		}
		return json.NewEncoder(env.Stdout).Encode(rows)
	case "csv":
		w := csv.NewWriter(env.Stdout)
		w.Write([]string{"period", "show", "mentions", "episodes", "published"})
		for _, r := range rows {
			w.Write([]string{r.Period, r.Show, strconv.Itoa(r.Mentions), strconv.Itoa(r.Episodes), strconv.Itoa(r.Published)})
		}
		w.Flush()
		return w.Error()
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, o.by+"\tshow\tmentions\tepisodes\tpublished\t")
	total := 0
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t\n", r.Period, r.Show, r.Mentions, r.Episodes, r.Published)
		total += r.Mentions
	}
	fmt.Fprintf(w, "total\t\t%d\t\t\t\n", total)
	return w.Flush()
}
