package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/review"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/safefile"
	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/suggest"
)

// spellingsOpts are the flags every command using the spellings shares.
type spellingsOpts struct {
	file             string
	lowercaseAtStart bool
}

func (o *spellingsOpts) common(fs *flag.FlagSet) {
	fs.StringVar(&o.file, "spellings", "", "read the producer's spelling decisions from `FILE` (default: "+spelling.FileName+" beside emend.toml or in the library)")
	fs.BoolVar(&o.lowercaseAtStart, "lowercase-at-start", false, "write a lowercase brand (uv, pip) in lower case at the start of a sentence too")
}

// spellingsFile returns the spellings file to read and write: the one
// given, or emend.spellings beside the emend.toml of root, or in root.
func (o *spellingsOpts) spellingsFile(root string) string {
	if o.file != "" {
		return o.file
	}
	if toml := config.Find(root); toml != "" {
		return filepath.Join(filepath.Dir(toml), spelling.FileName)
	}
	return filepath.Join(root, spelling.FileName)
}

// load builds the show's spellings from every source (see
// review.LoadSpellings).
func (o *spellingsOpts) load(lib *library.Library, paths []string, rs []*rules.Rule) (*spelling.Set, error) {
	root := suggest.Root(paths)
	return review.LoadSpellings(lib, root, o.spellingsFile(root), o.file != "", rs, spelling.Options{LowercaseAtStart: o.lowercaseAtStart})
}

func segmentTexts(f *library.File) []string { return review.SegmentTexts(f) }

type spellingsCmdOpts struct {
	json, review bool
	rules        stringList
	sp           spellingsOpts
	top          int
}

var spellingsCmd = &command{
	name: "spellings", args: "[--json] PATH...",
	summary: "list the terms the transcripts spell more than one way",
	help: `
Lists, for each known term (from the spellings file, emend.toml, the rules,
show notes and the starter vocabulary) that the transcripts under the PATHs
spell otherwise than its canonical spelling, its variants with their counts
and episodes, most places first. A variant fix leaves alone says why (an
ordinary word without evidence, a sentence-initial capital, an address).

With --review, each term is asked about once: a (accept the canonical
spelling), a variant's number (make it canonical), t SPELLING, r (reject:
keep every variant as typed), s (skip) or q (quit); the decisions are added
to the spellings file, written whole or not at all. See docs/spellings.md.`,
	flags: func() *flag.FlagSet { return new(spellingsCmdOpts).flags() },
	run:   runSpellings,
}

func (o *spellingsCmdOpts) flags() *flag.FlagSet {
	fs := newFlags("spellings")
	fs.BoolVar(&o.json, "json", false, "print the report as JSON")
	fs.BoolVar(&o.review, "review", false, "decide each term once, a line each (accept, choose a variant, type a spelling, reject), and write the decisions to the spellings file")
	fs.Var(&o.rules, "rules", "read rules from `FILE` (their right sides are terms; default: emend.rules when there is one)")
	fs.IntVar(&o.top, "top", 0, "list only the first `N` terms (0: all)")
	o.sp.common(fs)
	return fs
}

func runSpellings(env *Env, args []string) error {
	o := new(spellingsCmdOpts)
	paths, err := parse(o.flags(), args, 1, -1)
	if err != nil {
		return err
	}
	var rs []*rules.Rule
	files := []string(o.rules)
	if len(files) == 0 {
		if f, err := findRules(paths); err == nil {
			files = []string{f}
		}
	}
	for _, f := range files {
		r, err := rules.ReadFile(f)
		if err != nil {
			return err
		}
		rs = append(rs, r...)
	}
	lib, err := scan(env, paths)
	if err != nil {
		return err
	}
	sp, err := o.sp.load(lib, paths, rs)
	if err != nil {
		return err
	}
	var eps []spelling.Episode
	notes := episodeNotes(lib)
	for _, ep := range lib.Episodes {
		for _, c := range ep.Copies {
			if f := suggest.Primary(c); f != nil && f.Episode != nil {
				eps = append(eps, spelling.Episode{Name: f.Path, Texts: segmentTexts(f), Notes: notes[f]})
			}
		}
	}
	terms := sp.Variants(eps)
	if o.top > 0 && len(terms) > o.top {
		terms = terms[:o.top]
	}
	if o.review {
		return reviewSpellings(env, o.sp.spellingsFile(suggest.Root(paths)), terms)
	}
	if o.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(terms)
	}
	places, fixed := 0, 0
	for _, t := range terms {
		fmt.Fprintf(env.Stdout, "%s  (%d places to change; %d spelled so)\n", t.Canonical, t.Changes, t.Count)
		for _, v := range t.Variants {
			line := fmt.Sprintf("  %-30s %5d in %s, fix makes %d", v.Text, v.Count, plural(len(v.Episodes), "episode"), v.Fixed)
			if len(v.Guards) > 0 {
				line += "; kept: " + strings.Join(v.Guards, "; ")
			}
			fmt.Fprintln(env.Stdout, line)
			places += v.Count
			fixed += v.Fixed
		}
	}
	fmt.Fprintf(env.Stderr, "%s spelled otherwise in %s, %d places; fix changes %d of them\n", plural(len(terms), "term"), plural(len(eps), "transcript"), places, fixed)
	return nil
}

// reviewSpellings asks about each term and adds the decisions to the
// spellings file at path, atomically.
func reviewSpellings(env *Env, path string, terms []spelling.Term) error {
	var old []spelling.Decision
	if f, err := os.Open(path); err == nil {
		old, err = spelling.Parse(f, path)
		f.Close()
		if err != nil {
			return err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	ds, err := spelling.Review(env.Stdin, env.Stdout, terms)
	if err != nil {
		return err
	}
	if len(ds) == 0 {
		fmt.Fprintln(env.Stderr, "no decisions: "+path+" left as it was")
		return nil
	}
	var b strings.Builder
	header := ""
	if len(old) == 0 {
		header = "The show's spellings: one decision a line (see docs/spellings.md)."
	}
	if err := spelling.Write(&b, header, spelling.Merge(old, ds)); err != nil {
		return err
	}
	if err := safefile.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fmt.Fprintf(env.Stderr, "wrote %s to %s\n", plural(len(ds), "decision"), path)
	return nil
}
