package cli

import (
	"encoding/json"
	"flag"
	"fmt"

	"github.com/emend-project/emend/internal/check"
)

type checkOpts struct {
	json       bool
	max        int
	maxPerPair int
	quiet      bool
}

func (o *checkOpts) flags() *flag.FlagSet {
	fs := newFlags("check")
	fs.BoolVar(&o.json, "json", false, "print each finding as a JSON object, one a line")
	fs.IntVar(&o.max, "max", 200, "print at most `N` findings (0: all); the summary counts them all")
	fs.IntVar(&o.maxPerPair, "max-per-pair", 20, "report at most `N` disagreements for one .txt/.vtt pair")
	fs.BoolVar(&o.quiet, "q", false, "print only the summary")
	return fs
}

var checkCmd = &command{
	name: "check", args: "PATH...",
	summary: "check that transcripts parse and that their copies agree",
	help: `
Reads every transcript under the PATHs and reports, with file and line:
  parse       what a reader could not understand
  order       a segment that starts before the one above it
  timing      a segment that ends before it starts
  text        a .txt line whose text differs from the .vtt cues it joins
  time        a .txt line whose time is not the floor of its first cue's start
  missing     .txt lines with no cues, or cues with no .txt line
  duplicate   two different transcripts with one episode number in a directory
  mismatch    a copy (a YouTube copy, say) that says other things than the
              episode's transcript: likely another episode's file
  unpaired    a .txt or .vtt without its other half, in a directory where
              transcripts come in pairs
Copies are grouped by the episode number that starts their file names; the
.txt and .vtt of a transcript share a name. Exits 1 when it finds anything.`,
	flags: func() *flag.FlagSet { return new(checkOpts).flags() },
	run:   runCheck,
}

func runCheck(env *Env, args []string) error {
	o := new(checkOpts)
	paths, err := parse(o.flags(), args, 1, -1)
	if err != nil {
		return err
	}
	lib, err := scan(env, paths)
	if err != nil {
		return err
	}
	r := check.Library(lib, check.Options{MaxPerPair: o.maxPerPair})
	if !o.quiet {
		enc := json.NewEncoder(env.Stdout)
		for i, f := range r.Findings {
			if o.max > 0 && i >= o.max {
				fmt.Fprintf(env.Stdout, "... %d more findings not shown (--max 0 shows all)\n", len(r.Findings)-i)
				break
			}
			if o.json {
				if err := enc.Encode(f); err != nil {
					return err
				}
				continue
			}
			fmt.Fprintln(env.Stdout, f)
		}
	}
	fmt.Fprintf(env.Stderr, "checked %s, %d .txt/.vtt %s (%d agree)", plural(r.Files, "file"), r.Pairs, pluralWord(r.Pairs, "pair"), r.PairsAgreeing)
	if r.OK() {
		fmt.Fprintln(env.Stderr, ": no problems")
		return nil
	}
	fmt.Fprint(env.Stderr, ":")
	for _, k := range check.Kinds {
		if n := r.Counts[k]; n > 0 {
			fmt.Fprintf(env.Stderr, " %d %s", n, k)
		}
	}
	fmt.Fprintln(env.Stderr)
	return errSilent
}
