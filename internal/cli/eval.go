package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/eval"
	"github.com/emend-project/emend/internal/safefile"
	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/suggest"
)

type evalOpts struct {
	until, end string
	json       bool
	sample     int
	examples   int
	seed       uint64
	minEp      int
	suggest    bool
	noNotes    bool
	fit        bool
	above      float64
	samples    string
	fitWith    stringList
	job        bool
	newShow    bool
	spellings  string
	config     string
	noSpell    bool
	gold       string
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
	fs.BoolVar(&o.suggest, "suggest", false, "measure proposals too, on the episodes first added after --until")
	fs.BoolVar(&o.noNotes, "no-notes", false, "with --suggest, leave show notes (show_notes/NNN.md) out of the vocabulary")
	fs.BoolVar(&o.fit, "fit", false, "with --suggest, fit the proposals' scoring weights on the proposals people reviewed, and print them")
	fs.Float64Var(&o.above, "suggest-above", suggest.DefaultThreshold, "with --suggest, the auto-apply threshold `P` the wrong edits per 10,000 words are measured at")
	fs.StringVar(&o.samples, "samples", "", "with --suggest, write the proposals people reviewed, with their features, to `FILE` (JSON lines), to fit on later")
	fs.BoolVar(&o.job, "job", false, "measure the whole job as a producer runs it: learned rules, spellings and proposals at --suggest-above, on every transcript")
	fs.BoolVar(&o.newShow, "new-show", false, "with --job, measure the show as new: no learned rules")
	fs.StringVar(&o.spellings, "spellings", "", "with --job, the producer's spelling decisions, a spellings `FILE` (see emend spellings)")
	fs.StringVar(&o.config, "config", "", "with --job, the show's names, hosts and handles from the emend.toml `FILE`")
	fs.BoolVar(&o.noSpell, "no-spellings", false, "with --job, leave the show's spellings out")
	fs.StringVar(&o.gold, "gold", "", "score the job, as for a new show, on the misheard names of a gold list `FILE` (see docs/eval/gold), instead of --until; with --spellings, --config, --suggest-above")
	fs.Var(&o.fitWith, "fit-with", "with --fit, fit on the proposals of `FILE` (written by --samples) too (may be given several times)")
	return fs
}

var evalCmd = &command{
	name: "eval", args: "REPO --until DATE [--end DATE] | --gold FILE REPO",
	summary: "measure learned rules against what people corrected later",
	help: `
Learns rules from the git history of REPO before --until, fixes every
transcript as it stood then (or as first added after it), and compares the
result word by word with the text at --end. Each edit emend makes is:
  right        people later wrote the same words at the same place
  conflicting  people changed those words to something else
  suspect      people edited that segment but kept these words (within 20
               words of them, in a segment of over 40: a paragraph)
  unreviewed   people never touched the segment (many are right fixes
               nobody made yet: a random sample is shown to judge by eye)
Precision is right / (right + conflicting + suspect); recall is the share
of people's term corrections (one to four words replaced by one to four)
that emend made identically; distinct recall averages that over each
distinct correction. The same figures are given for a plain find-and-replace
of the mined pairs (case-sensitive, word-bounded, longest first).

With --suggest, eval also builds the vocabulary (starter list, rules, names
in the text as it stood at --until, show notes unless --no-notes) and the
language model of that text, proposes corrections on the episodes first
added after --until, raw as added, and reports the proposals' precision and
recall at several confidence thresholds, wrong edits per 10,000 words, how
many more right edits the rules and proposals make together than the rules
alone, and the calibration of the confidences.

With --job, eval measures the whole job as a producer runs 'emend fix
--suggest-above P': the rules learned before --until, the show's
spellings and the proposals at P or more, applied together to every
transcript, and scored apart on the episodes first added after --until
(raw, as added) and on the others (as they stood at --until). With
--new-show the show is measured as new: no learned rules, and none of
their right sides in the vocabulary.

With --gold FILE, eval runs that job (new show, spellings, proposals at
--suggest-above) on the one episode a gold list names, raw as its commit
added it, with a vocabulary and language model of the text just before
that commit, and says of each gold item (matched by time, within a few
seconds, and heard words) whether it is among the candidates at any
confidence, proposed with the right spelling, or fixed by the spellings.`,
	flags: func() *flag.FlagSet { return new(evalOpts).flags() },
	run:   runEval,
}

func runEval(env *Env, args []string) error {
	o := new(evalOpts)
	pos, err := parse(o.flags(), args, 1, 1)
	if err != nil {
		return err
	}
	if o.gold != "" {
		return runGold(env, o, pos[0])
	}
	if o.until == "" {
		return usagef("--until is required")
	}
	if (o.noNotes || o.fit || o.samples != "") && !o.suggest || len(o.fitWith) > 0 && !o.fit {
		return usagef("--no-notes, --fit and --samples go with --suggest; --fit-with with --fit")
	}
	if (o.newShow || o.spellings != "" || o.config != "" || o.noSpell) && !o.job {
		return usagef("--new-show, --spellings, --config and --no-spellings go with --job")
	}
	opt := eval.Options{Repo: pos[0], Sample: o.sample, Seed: o.seed, Examples: o.examples, MinEpisodes: o.minEp,
		Suggest: o.suggest, NoNotes: o.noNotes, Fit: o.fit, SuggestAbove: o.above, Job: o.job, NewShow: o.newShow,
		Warn: func(m string) { fmt.Fprintf(env.Stderr, "warning: %s\n", m) }}
	if opt.Until, err = parseDate(o.until); err != nil {
		return usageError{err}
	}
	if opt.End, err = parseDate(o.end); err != nil {
		return usageError{err}
	}
	if opt.Spellings, opt.ShowTerms, err = o.show(); err != nil {
		return err
	}
	opt.NoSpellings = o.noSpell
	for _, f := range o.fitWith {
		ss, err := readSamples(f)
		if err != nil {
			return err
		}
		opt.FitWith = append(opt.FitWith, ss...)
	}
	p := newProgress(env, "")
	opt.Progress = func(stage string, d, t int) { p.label = stage; p.update(d, t) }
	r, err := eval.Run(opt)
	p.done()
	if err != nil {
		return err
	}
	if o.samples != "" && r.Suggest != nil {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		for _, s := range r.Suggest.Samples {
			enc.Encode(s)
		}
		if err := safefile.WriteFile(o.samples, b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("samples: %w", err)
		}
	}
	if o.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	_, err = fmt.Fprint(env.Stdout, r.Text())
	return err
}

// readSamples reads the reviewed proposals --samples wrote.
func readSamples(path string) ([]eval.Sample, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("samples: %w", err)
	}
	var out []eval.Sample
	for i, l := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		var s eval.Sample
		if err := json.Unmarshal(l, &s); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// runGold scores the job on a gold list.
func runGold(env *Env, o *evalOpts, repo string) error {
	if o.until != "" || o.end != "" || o.suggest || o.job || o.newShow {
		return usagef("--gold goes with --spellings, --config, --no-spellings, --suggest-above and --json only")
	}
	f, err := os.Open(o.gold)
	if err != nil {
		return err
	}
	g, err := eval.ParseGold(f, o.gold)
	f.Close()
	if err != nil {
		return err
	}
	opt := eval.GoldOptions{Repo: repo, Gold: g, Threshold: o.above, Warn: func(m string) { fmt.Fprintf(env.Stderr, "warning: %s\n", m) }}
	if opt.Spellings, opt.ShowTerms, err = o.show(); err != nil {
		return err
	}
	opt.NoSpellings = o.noSpell
	r, err := eval.RunGold(opt)
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

// show reads the producer's spelling decisions (--spellings, unless
// --no-spellings) and the show's names (--config).
func (o *evalOpts) show() ([]spelling.Decision, []string, error) {
	var ds []spelling.Decision
	if o.spellings != "" && !o.noSpell {
		data, err := os.ReadFile(o.spellings)
		if err != nil {
			return nil, nil, err
		}
		if ds, err = spelling.Parse(bytes.NewReader(data), o.spellings); err != nil {
			return nil, nil, err
		}
	}
	var terms []string
	if o.config != "" {
		c, err := config.ReadFile(o.config)
		if err != nil {
			return nil, nil, err
		}
		terms = c.Terms()
	}
	return ds, terms, nil
}
