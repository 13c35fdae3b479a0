package cli

import (
	"encoding/json"
	"flag"
	"fmt"

	"github.com/emend-project/emend/internal/eval"
)

type evalOpts struct {
	until, end string
	json       bool
	sample     int
	examples   int
	seed       uint64
	minEp      int
}

func (o *evalOpts) flags() *flag.FlagSet {
	fs := newFlags("eval")
	fs.StringVar(&o.until, "until", "", "learn from the history before `DATE`, and fix the transcripts as they stood then (required)")
	fs.StringVar(&o.end, "end", "", "compare with the transcripts at `DATE` (default: HEAD)")
	fs.BoolVar(&o.json, "json", false, "print the report as JSON")
	fs.IntVar(&o.sample, "sample", 100, "draw `N` unreviewed edits at random for judging by eye")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the random sample")
	fs.IntVar(&o.examples, "examples", 8, "show `N` examples of each class of edit")
	fs.IntVar(&o.minEp, "min-episodes", 2, "learn a fix made in at least `N` episodes, as emend learn does")
	return fs
}

var evalCmd = &command{
	name: "eval", args: "REPO --until DATE [--end DATE]",
	summary: "measure learned rules against what people corrected later",
	help: `
Learns rules from the git history of REPO before --until, fixes every
transcript as it stood then (or as first added after it), and compares the
result word by word with the text at --end. Each edit emend makes is:
  right        people later wrote the same words at the same place
  conflicting  people changed those words to something else
  suspect      people edited that segment but kept these words
  unreviewed   people never touched the segment (many are right fixes
               nobody made yet: a random sample is shown to judge by eye)
Precision is right / (right + conflicting + suspect); recall is the share
of people's term corrections (one to four words replaced by one to four)
that emend made identically; distinct recall averages that over each
distinct correction. The same figures are given for a plain find-and-replace
of the mined pairs (case-sensitive, word-bounded, longest first).`,
	flags: func() *flag.FlagSet { return new(evalOpts).flags() },
	run:   runEval,
}

func runEval(env *Env, args []string) error {
	o := new(evalOpts)
	pos, err := parse(o.flags(), args, 1, 1)
	if err != nil {
		return err
	}
	if o.until == "" {
		return usagef("--until is required")
	}
	opt := eval.Options{Repo: pos[0], Sample: o.sample, Seed: o.seed, Examples: o.examples, MinEpisodes: o.minEp,
		Warn: func(m string) { fmt.Fprintf(env.Stderr, "warning: %s\n", m) }}
	if opt.Until, err = parseDate(o.until); err != nil {
		return usageError{err}
	}
	if opt.End, err = parseDate(o.end); err != nil {
		return usageError{err}
	}
	p := newProgress(env, "")
	opt.Progress = func(stage string, d, t int) { p.label = stage; p.update(d, t) }
	r, err := eval.Run(opt)
	p.done()
	if err != nil {
		return err
	}
	if o.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	_, err = fmt.Fprint(env.Stdout, r.Text())
	return err
}
