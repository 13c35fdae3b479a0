package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/emend-project/emend/internal/asr"
	"github.com/emend-project/emend/internal/fix"
	"github.com/emend-project/emend/internal/learn"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/safefile"
	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/suggest"
)

type vocabOpts struct {
	service, history, out string
	rules                 stringList
	limit                 int
	query, noSpellings    bool
	sp                    spellingsOpts
}

func (o *vocabOpts) flags() *flag.FlagSet {
	fs := newFlags("vocab")
	fs.StringVar(&o.service, "for", "", "the `SERVICE`: "+strings.Join(asr.Services, ", ")+" (list: the ranking as a table), or all (with -o DIR: a file each, from one ranking)")
	fs.Var(&o.rules, "rules", "read rules from `FILE` (may be given several times; default: emend.rules, as fix finds it)")
	fs.StringVar(&o.history, "history", "auto", "learn people's corrections from the git history of the PATHs: `auto` (when there is no rules file), yes or no")
	fs.BoolVar(&o.noSpellings, "no-spellings", false, "leave out the places the show's spellings correct")
	fs.IntVar(&o.limit, "limit", 0, "write at most `N` terms (0: as many as the service takes)")
	fs.BoolVar(&o.query, "query", false, "deepgram: write the keyterms as URL query parameters (keyterm=A&keyterm=B) instead of JSON")
	fs.StringVar(&o.out, "o", "", "write to `FILE` (default: standard output); with --for all, the directory")
	o.sp.common(fs)
	return fs
}

var vocabCmd = &command{
	name: "vocab", args: "export --for deepgram|assemblyai|speechmatics|whisper|list [PATH...]",
	summary: "export the terms speech recognition keeps getting wrong, for the next episodes",
	help: `
vocab export writes the terms the show's speech recognition gets wrong,
ranked by how often they were corrected: by people (the fixes counted in
the rules file's comments, the spelling decisions, and, with --history or
when there is no rules file, the corrections learned from the git history
of the PATHs) and by emend (the places its rules and the show's spellings
correct in the transcripts under the PATHs, counted once a transcript:
the .txt and .vtt of one recording are one). PATHs default to the current
directory.

Each service gets the part of its request that carries vocabulary, as
JSON, within its documented limits:
  deepgram      {"keyterm": [...]}: at most 100 keyterms, 500 tokens (--query: keyterm=A&keyterm=B)
  assemblyai    custom_spelling (from -> to; only blind one-word corrections) and word_boost (spoken form, 1,000 phrases of up to 6 words)
  speechmatics  additional_vocab with sounds_like (the misheard forms), at most 1,000
  whisper       initial_prompt and faster-whisper hotwords, each within 223 tokens, estimated on the high side
See docs/vocab-export.md for the limits' sources and the token estimate.`,
	flags: func() *flag.FlagSet { return new(vocabOpts).flags() },
	run:   runVocab,
}

func init() { commands = append(commands, vocabCmd) }

func runVocab(env *Env, args []string) error {
	o := new(vocabOpts)
	pos, err := parse(o.flags(), args, 1, -1)
	if err != nil {
		return err
	}
	if pos[0] != "export" {
		return usagef("want vocab export, not %q", pos[0])
	}
	paths := pos[1:]
	if len(paths) == 0 {
		paths = []string{"."}
	}
	known := o.service == "all"
	for _, s := range asr.Services {
		known = known || s == o.service
	}
	switch {
	case o.service == "":
		return usagef("--for is required: one of %s", strings.Join(asr.Services, ", "))
	case !known:
		return usagef("unknown service %q: want one of %s", o.service, strings.Join(asr.Services, ", "))
	case o.history != "auto" && o.history != "yes" && o.history != "no":
		return usagef("--history %q: want auto, yes or no", o.history)
	case o.query && o.service != "deepgram":
		return usagef("--query is for --for deepgram only")
	case o.limit < 0:
		return usagef("--limit %d: want 0 or more", o.limit)
	case o.service == "all" && (o.out == "" || o.out == "-"):
		return usagef("--for all needs -o DIR, the directory to write a file a service to")
	}
	files := []string(o.rules)
	if len(files) == 0 {
		if f, err := findRules(paths); err == nil {
			files = []string{f}
		}
	}
	var own []*rules.Rule
	for _, f := range files {
		rs, err := rules.ReadFile(f)
		if err != nil {
			return err
		}
		own = append(own, rs...)
	}
	cs := asr.FromRules(own, true)
	var learned []*rules.Rule
	if o.history == "yes" || o.history == "auto" && len(files) == 0 {
		roots := asr.GitRoots(paths)
		if len(roots) == 0 && o.history == "yes" {
			return fmt.Errorf("--history yes: %s in no git repository", strings.Join(paths, ", "))
		}
		if len(roots) > 0 {
			p := newProgress(env, "reading history")
			l := learn.New(learn.Options{})
			learned, err = l.Learn(learn.Sources{Specs: roots, Warn: p.warn, Progress: func(_ string, d, t int) { p.update(d, t) }})
			p.done()
			if err != nil {
				return err
			}
			cs = append(cs, asr.FromRules(learned, false)...)
		}
	}
	lib, err := scan(env, paths)
	if err != nil {
		return err
	}
	all := append(append([]*rules.Rule(nil), own...), learned...)
	m, err := rules.Compile(all)
	if err != nil && len(learned) > 0 {
		// The learned rules and the file's may not go together: the file's
		// alone say what fix would do.
		all = own
		m, err = rules.Compile(all)
	}
	if err != nil {
		return err
	}
	var res *fix.Result
	if o.noSpellings {
		res = fix.Library(lib, m, "")
	} else {
		sp, err := o.sp.load(lib, paths, all)
		if err != nil {
			return err
		}
		if ds, err := readDecisions(o.sp.spellingsFile(suggest.Root(paths))); err == nil {
			cs = append(cs, asr.FromDecisions(ds)...)
		} else if o.sp.file != "" {
			return err
		}
		res = fix.LibraryWith(lib, suggest.Matchers(lib, all, m, nil, func(f *library.File) []*rules.Rule { return sp.Rules(segmentTexts(f)) }), "")
	}
	cs = append(cs, asr.FromFix(lib, res)...)
	terms := asr.Rank(cs)
	if len(terms) == 0 {
		return errors.New("no corrections found: no rules file, no corrections in the git history, and nothing the show's spellings correct; nothing written")
	}
	people, emend := 0, 0
	for _, t := range terms {
		people += t.People
		emend += t.Emend
	}
	fmt.Fprintf(env.Stderr, "%s ranked from %d corrections by people and %d places emend corrects\n", plural(len(terms), "term"), people, emend)
	if o.service == "all" {
		return exportAll(o.out, terms, asr.Options{Limit: o.limit})
	}
	out, err := asr.Export(o.service, terms, asr.Options{Limit: o.limit, Query: o.query})
	if err != nil {
		return err
	}
	if o.out == "" || o.out == "-" {
		_, err = env.Stdout.Write(out)
		return err
	}
	return safefile.WriteFile(o.out, out, 0o644)
}

// exportAll writes every service's export into a directory, from one
// ranking: SERVICE.json, and list.txt.
func exportAll(dir string, terms []*asr.Term, opt asr.Options) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, s := range asr.Services {
		out, err := asr.Export(s, terms, opt)
		if err != nil {
			return err
		}
		name := s + ".json"
		if s == "list" {
			name = "list.txt"
		}
		if err := safefile.WriteFile(filepath.Join(dir, name), out, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// readDecisions reads a spellings file.
func readDecisions(path string) ([]spelling.Decision, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return spelling.Parse(f, path)
}
