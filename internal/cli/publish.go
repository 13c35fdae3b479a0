package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/emend-project/emend/internal/fix"
	"github.com/emend-project/emend/internal/journal"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/publish"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/suggest"
)

type publishOpts struct {
	out         string
	rules       stringList
	noFix       bool
	noSpellings bool
	dryRun      bool
	show        string
	sp          spellingsOpts
}

func (o *publishOpts) flags() *flag.FlagSet {
	fs := newFlags("publish")
	fs.StringVar(&o.out, "o", "", "write into `DIR` (required)")
	fs.Var(&o.rules, "rules", "correct with the rules of `FILE` first (may be given several times; default: the rules emend fix finds)")
	fs.BoolVar(&o.noFix, "no-fix", false, "publish the transcripts as they are, without the rules and spellings")
	fs.BoolVar(&o.noSpellings, "no-spellings", false, "correct with the rules only, not the show's spellings")
	fs.BoolVar(&o.dryRun, "dry-run", false, "write nothing; say which files would be written")
	fs.StringVar(&o.show, "show", "", "the show `NAME` for rules limited to a show (default: each PATH's directory name)")
	o.sp.common(fs)
	return fs
}

var publishCmd = &command{
	name: "publish", args: "[PATH...] -o DIR",
	summary: "write each episode's transcript for podcast apps, in every Podcasting 2.0 format",
	help: `
For every episode under the PATHs (default: the current directory), writes
its transcript into DIR/SHOW/ in each format the Podcasting 2.0
<podcast:transcript> tag names: .vtt (WebVTT, voices as <v Name>, lines of
at most 65 characters), .srt (at most 2 lines of 32 characters a cue, a new
cue at each change of speaker, "Name: " opening each turn), .json
(Podcasting 2.0 JSON segments), .html (the spec's <cite>, <time>, <p>) and
.txt. An episode without times gets .html and .txt only.

Each episode is published from its best copy: the one read without
problems with the most precise times (a .vtt before its .txt, the show's own
pair before a lone automatic copy). It is first corrected, in memory, as
emend fix would (the rules it finds and the show's spellings; --no-fix for
none): the sources are not touched. Cues are re-flowed to each format's line
rules without changing a word; a cue split in two gets times interpolated by
character position, each piece within the source cue's times.

DIR/manifest.json lists each episode and its files with their MIME type,
size and SHA-256. Only files whose content changed are written again, all of
them or none (a journal in DIR/.emend). See docs/publish.md.`,
	flags: func() *flag.FlagSet { return new(publishOpts).flags() },
	run:   runPublish,
}

func runPublish(env *Env, args []string) error {
	o := new(publishOpts)
	paths, err := parse(o.flags(), args, 0, -1)
	if err != nil {
		return err
	}
	if o.out == "" {
		return usagef("-o DIR is required")
	}
	if o.noFix && (len(o.rules) > 0 || o.noSpellings) {
		return usagef("--no-fix takes neither --rules nor --no-spellings")
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	lib, err := scan(env, paths)
	if err != nil {
		return err
	}
	// DIR may be inside the library: what an earlier run wrote there is
	// no copy of an episode.
	lib = lib.Without(o.out)
	fixed := map[string][]byte{}
	edits := 0
	if !o.noFix {
		if fixed, edits, err = o.corrections(env, lib, paths); err != nil {
			return err
		}
	}
	outs, warnings, err := publish.Plan(lib, fixed)
	for _, w := range warnings {
		fmt.Fprintf(env.Stderr, "warning: %v\n", w)
	}
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := publish.Write(ctx, o.out, outs, o.dryRun)
	if errors.Is(err, journal.ErrInterrupted) {
		return fmt.Errorf("stopped by a signal; %w", err)
	}
	if err != nil {
		return err
	}
	files := 0
	for _, out := range outs {
		files += len(out.Files)
	}
	verb := "wrote"
	if o.dryRun {
		verb = "would write"
		for _, name := range res.Written {
			fmt.Fprintln(env.Stdout, name)
		}
	}
	fmt.Fprintf(env.Stderr, "published %s in %s (%s corrected, %s): %s %s, %d unchanged, in %s\n",
		plural(len(outs), "episode"), plural(files, "file"), plural(len(fixed), "source"), plural(edits, "edit"),
		verb, plural(len(res.Written), "file"), res.Unchanged, o.out)
	if len(res.Stale) > 0 {
		fmt.Fprintf(env.Stderr, "%s of the last manifest no longer published, left in place: %s\n", plural(len(res.Stale), "file"), res.Stale[0])
	}
	return nil
}

// corrections returns the content emend fix would give the file each
// episode is published from, for those it changes, and the number of
// edits: the same rules, spellings and matchers as fix.
func (o *publishOpts) corrections(env *Env, lib *library.Library, paths []string) (map[string][]byte, int, error) {
	files := []string(o.rules)
	if len(files) == 0 {
		if f, err := findRules(paths); err == nil {
			files = []string{f}
		} else if o.noSpellings {
			return nil, 0, err
		}
	}
	var all []*rules.Rule
	for _, f := range files {
		rs, err := rules.ReadFile(f)
		if err != nil {
			return nil, 0, err
		}
		all = append(all, rs...)
	}
	m, err := rules.Compile(all)
	if err != nil {
		return nil, 0, err
	}
	if len(files) > 1 {
		if err := m.Settled(); err != nil {
			return nil, 0, err
		}
	}
	matcher := func(*library.File) *rules.Matcher { return m }
	if !o.noSpellings {
		sp, err := o.sp.load(lib, paths, all)
		if err != nil {
			return nil, 0, err
		}
		matcher = suggest.Matchers(lib, all, m, nil, func(f *library.File) []*rules.Rule { return sp.Rules(segmentTexts(f)) })
	}
	out := map[string][]byte{}
	edits := 0
	for _, ep := range lib.Episodes {
		f := publish.Best(ep)
		if f == nil {
			continue
		}
		data, n, err := fix.Content(f, matcher(f), o.show)
		if err != nil {
			fmt.Fprintf(env.Stderr, "warning: %s: published uncorrected: %v\n", f.Path, err)
			continue
		}
		if data != nil {
			out[f.Path] = data
			edits += n
		}
	}
	return out, edits, nil
}
