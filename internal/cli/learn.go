package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/emend-project/emend/internal/learn"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/safefile"
)

type learnOpts struct {
	since, until, out string
	minEpisodes       int
}

func (o *learnOpts) flags() *flag.FlagSet {
	fs := newFlags("learn")
	fs.StringVar(&o.since, "since", "", "learn from edits made on or after `DATE` (2024-01-31, or RFC 3339)")
	fs.StringVar(&o.until, "until", "", "learn from edits made before `DATE`")
	fs.StringVar(&o.out, "o", "", "write the rules to `FILE` (default: standard output)")
	fs.IntVar(&o.minEpisodes, "min-episodes", 2, "learn a fix made in at least `N` episodes (a term fixed 3 times in one episode counts too)")
	return fs
}

var learnCmd = &command{
	name: "learn", args: "SOURCE... [--since DATE] [--until DATE] [-o FILE]",
	summary: "learn correction rules from the edits people made",
	help: `
Reads how people corrected transcripts and writes the corrections as rules
(see docs/rules.md for the rules format). A SOURCE is a git repository (its
commits' diffs; the transcripts at --until tell where a wrong word was kept
on purpose), a patch or mbox file, or two directories BEFORE=AFTER.

Each rule's comment gives its support (how many times people made that fix,
in how many episodes) and an example.`,
	flags: func() *flag.FlagSet { return new(learnOpts).flags() },
	run:   runLearn,
}

func runLearn(env *Env, args []string) error {
	o := new(learnOpts)
	specs, err := parse(o.flags(), args, 1, -1)
	if err != nil {
		return err
	}
	for _, spec := range specs {
		if err := sourceExists(spec); err != nil {
			return err
		}
	}
	p := newProgress(env, "reading history")
	src := learn.Sources{Specs: specs, Warn: p.warn}
	if src.Since, err = parseDate(o.since); err != nil {
		return usageError{err}
	}
	if src.Until, err = parseDate(o.until); err != nil {
		return usageError{err}
	}
	src.Progress = func(_ string, d, t int) { p.update(d, t) }
	l := learn.New(learn.Options{MinEpisodes: o.minEpisodes})
	start := time.Now()
	rs, err := l.Learn(src)
	p.done()
	if err != nil {
		return err
	}
	st := l.Stats
	if len(rs) == 0 {
		// An empty rules file written over a good one would lose it, and
		// exit 0 would say all went well: nothing is written.
		why := "no corrections of transcripts found (a SOURCE is a git repository whose commits edit transcripts, a patch or mbox, or BEFORE=AFTER directories)"
		if st.Replacements > 0 {
			why = fmt.Sprintf("%d word replacements seen, none a term people fixed often enough (%d not term corrections, %d too rare: --min-episodes 1 learns fixes made in one episode)",
				st.Replacements, st.Ignored, st.TooRare)
		}
		return fmt.Errorf("nothing to learn from %s: %s; nothing written", strings.Join(specs, ", "), why)
	}
	if err := rules.Check(rs); err != nil {
		// fix would refuse the file: say so now, with the rules to mend.
		fmt.Fprintf(env.Stderr, "warning: the rules learned do not settle; fix will refuse them until they are mended:\n%v\n", err)
	}
	header := fmt.Sprintf("Rules learned by emend learn from %s\n%d rules (%d with contexts) from %d word replacements in %d hunks of %d changes.\nFormat: WRONG => RIGHT; options  # support and an example. See docs/rules.md in emend's repository.",
		strings.Join(specs, ", "), st.Rules, st.Contextual, st.Replacements, st.Hunks, st.Changes)
	var out strings.Builder
	if err := rules.Write(&out, header, rs); err != nil {
		return err
	}
	if o.out == "" || o.out == "-" {
		_, err = fmt.Fprint(env.Stdout, out.String())
	} else {
		err = safefile.WriteFile(o.out, []byte(out.String()), 0o644)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "learned %s (%d with contexts, %d spellings, %d variants) in %.1fs: %d replacements seen, %d not term corrections, %d hunks re-transcribed, %d undone, %d changed again, %d too rare, %d ambiguous\n",
		plural(st.Rules, "rule"), st.Contextual, st.Spellings, st.Variants, time.Since(start).Seconds(), st.Replacements, st.Ignored, st.Rewrites, st.Reverted, st.Superseded, st.TooRare, st.Dropped)
	return nil
}

// sourceExists reports a SOURCE that names no file or directory (of a
// BEFORE=AFTER pair, the side that is missing) as the system says it.
func sourceExists(spec string) error {
	_, err := os.Stat(spec)
	if err == nil {
		return nil
	}
	if before, after, ok := strings.Cut(spec, "="); ok {
		for _, side := range []string{before, after} {
			if _, err := os.Stat(side); err != nil {
				return fmt.Errorf("%s: %w", side, errors.Unwrap(err))
			}
		}
		return nil
	}
	if u := errors.Unwrap(err); u != nil {
		err = u
	}
	return fmt.Errorf("%s: %w", spec, err)
}

// parseDate reads a date as 2006-01-02 (midnight UTC) or RFC 3339; "" is
// no date.
func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad date %q: want 2024-01-31 or 2024-01-31T12:00:00Z", s)
	}
	return t, nil
}
