package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/emend-project/emend/internal/fix"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/suggest"
)

type suggestOpts struct {
	vocab, notes, rules stringList
	json, review        bool
	noNotes             bool
	min                 float64
}

func (o *suggestOpts) flags() *flag.FlagSet {
	fs := newFlags("suggest")
	o.common(fs)
	fs.Var(&o.rules, "rules", "read rules from `FILE`, and write accepted proposals there (default: emend.rules, found as fix finds it)")
	fs.BoolVar(&o.json, "json", false, "print each proposal as a JSON object, one a line (file, line, column, start, before, after, confidence, evidence, context, source)")
	fs.BoolVar(&o.review, "review", false, "ask about each proposal: accept, reject, edit, skip or quit; accepted ones are added to the rules file")
	fs.Float64Var(&o.min, "min", 0.2, "list proposals of confidence `P` or more (a confidence is the estimated chance that people would make the fix; the measured auto-apply threshold, for fix --suggest-above, is "+fmt.Sprint(suggest.DefaultThreshold)+")")
	return fs
}

// common declares the options suggest and fix --suggest-above share.
func (o *suggestOpts) common(fs *flag.FlagSet) {
	fs.Var(&o.vocab, "vocab", "add the terms of vocabulary `FILE`, one a line (may be given several times)")
	fs.Var(&o.notes, "notes", "add the names of show notes `FILE` in Markdown (may be given several times; show_notes/NNN.md beside the transcripts are read by themselves)")
	fs.BoolVar(&o.noNotes, "no-notes", false, "do not read show_notes/NNN.md beside the transcripts")
}

var suggestCmd = &command{
	name: "suggest", args: "[--vocab FILE]... [--notes FILE]... [--json] [--review] PATH...",
	summary: "propose corrections no rule knows yet",
	help: `
Finds the words of the transcripts under the PATHs that sound like, or are
spelled close to, a term of the vocabulary (a library heard as two words, a
name split or joined, a guest's name heard wrong), and lists each proposal
with its place, time, context, confidence and evidence.

The vocabulary comes from emend's starter list, the rules' right sides, the
names the library's corrected transcripts spell, show notes (show_notes/
NNN.md beside the transcripts directory, and --notes files; an episode's
own notes count most) and --vocab files. A language model of the library's
text says which words fit the context: "pip install ruff", but "a rough
estimate". The episodes proposed on, every copy of them, teach nothing.
The model and the names are cached in .emend/ beside emend.toml (without
one, under the first PATH: its directory for a file), and rebuilt when
transcripts change.

With --review, each group of proposals (the same words and term, at every
place) is asked about once: a accepts it, r rejects it
(it is not proposed again: .emend/rejected), e edits the right spelling,
s skips, q quits. Accepted proposals are added to the rules file as rules
with their context, so the next 'emend fix' makes them without asking.
'emend fix --suggest-above P' applies the proposals of confidence P or more.

Exit status: 1 when proposals are listed.`,
	flags: func() *flag.FlagSet { return new(suggestOpts).flags() },
	run:   runSuggest,
}

func runSuggest(env *Env, args []string) error {
	o := new(suggestOpts)
	paths, err := parse(o.flags(), args, 1, -1)
	if err != nil {
		return err
	}
	if len(paths) > 0 {
		// It writes in the library: a fix interrupted there is recovered first.
		if _, err := recoverLibrary(env, paths); err != nil {
			return err
		}
	}
	if o.min < 0 || o.min > 1 {
		return usagef("--min takes a confidence from 0 to 1")
	}
	if o.review && o.json {
		return usagef("choose one of --review and --json")
	}
	rs, rulesFile, err := readRulesIfAny(o.rules, paths)
	if err != nil {
		return err
	}
	lib, err := scan(env, paths)
	if err != nil {
		return err
	}
	for _, f := range lib.Files {
		if !fix.Editable(f.Episode, f.Err) {
			fmt.Fprintf(env.Stderr, "warning: %s: no proposals: %v\n", f.Path, f.Err)
		}
	}
	root := suggest.Root(paths)
	rejectedFile := filepath.Join(root, suggest.RejectedFile)
	ps, err := o.propose(env, lib, paths, root, rs, nil, o.min, rejectedFile)
	if err != nil {
		return err
	}
	if o.review {
		ds, err := suggest.Review(env.Stdin, env.Stdout, ps, env.Color)
		if err != nil {
			return err
		}
		if rulesFile == "" {
			rulesFile = "emend.rules"
		}
		accepted := suggest.AcceptedRules(ds)
		if err := suggest.AppendRules(rulesFile, accepted); err != nil {
			return err
		}
		if err := suggest.AddRejected(rejectedFile, ds); err != nil {
			return err
		}
		rejected := 0
		for _, d := range ds {
			if d.Verdict == suggest.Rejected {
				rejected++
			}
		}
		fmt.Fprintf(env.Stderr, "reviewed %d of %s: %s added to %s, %d rejected\n", len(ds), plural(len(ps), "proposal"), plural(len(accepted), "rule"), rulesFile, rejected)
		return nil
	}
	if o.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		for _, p := range ps {
			if err := enc.Encode(p); err != nil {
				return err
			}
		}
	} else {
		for _, p := range ps {
			at := p.Clock()
			if at != "" {
				at = " " + at
			}
			fmt.Fprintf(env.Stdout, "%s:%d:%d:%s %q -> %q  %.2f  %s\n    %s\n", p.File, p.Line, p.Column, at, p.Before, p.After, p.Confidence, p.Context, p.Evidence)
		}
	}
	fmt.Fprintf(env.Stderr, "%s of confidence %.2f or more\n", plural(len(ps), "proposal"), o.min)
	if len(ps) > 0 {
		return errSilent
	}
	return nil
}

// propose makes the proposals of confidence min or more for lib, scanned
// from paths; m, when not nil, is rs compiled already.
func (o *suggestOpts) propose(env *Env, lib *library.Library, paths []string, root string, rs []*rules.Rule, m *rules.Matcher, min float64, rejectedFile string) ([]suggest.Proposal, error) {
	p := newProgress(env, "")
	var targets []string
	for _, f := range lib.Files {
		targets = append(targets, f.Path)
	}
	cfg := suggest.Config{Root: root, Rules: rs, VocabFiles: o.vocab, NotesFiles: o.notes, NoNotes: o.noNotes, Targets: targets,
		Progress: func(stage string, d, t int) { p.label = stage; p.update(d, t) }}
	if len(paths) == 1 && paths[0] == root {
		cfg.Scanned = lib // the library at root: what it teaches is learned from it, not read again
	}
	setup, err := suggest.NewSetup(cfg)
	p.done()
	if err != nil {
		return nil, err
	}
	if setup.Built {
		fmt.Fprintf(env.Stderr, "learned the language model and names of %s (cached in %s)\n", root, filepath.Join(root, suggest.CacheDir))
	}
	rejected, err := suggest.ReadRejected(rejectedFile)
	if err != nil {
		return nil, err
	}
	p = newProgress(env, "proposing")
	ps := setup.Propose(lib, suggest.Options{Min: min, Rejected: rejected, Rules: m}, p.update)
	p.done()
	return ps, nil
}

// readRulesIfAny reads the rules files given, or the default one when
// there is one: proposals need no rules.
func readRulesIfAny(files []string, paths []string) ([]*rules.Rule, string, error) {
	if len(files) == 0 {
		f, err := findRules(paths)
		if err != nil {
			return nil, "", nil
		}
		files = []string{f}
	}
	var all []*rules.Rule
	for _, f := range files {
		rs, err := rules.ReadFile(f)
		if errors.Is(err, os.ErrNotExist) {
			continue // made when a proposal is accepted
		}
		if err != nil {
			return nil, "", err
		}
		all = append(all, rs...)
	}
	return all, strings.TrimSpace(files[0]), nil
}
