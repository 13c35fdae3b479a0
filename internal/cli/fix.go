package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/vocab"

	"github.com/emend-project/emend/internal/fix"
	"github.com/emend-project/emend/internal/journal"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/patch"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/suggest"
)

// stringList is a flag that may be given several times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ", ") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

type fixOpts struct {
	rules               stringList
	dryRun, patch, json bool
	recover             bool
	show                string
	// suggestAbove is the confidence of the proposals applied too; < 0:
	// none.
	suggestAbove float64
	sug          suggestOpts
	noSpellings  bool
	sp           spellingsOpts
}

func (o *fixOpts) flags() *flag.FlagSet {
	fs := newFlags("fix")
	fs.Var(&o.rules, "rules", "read rules from `FILE` (may be given several times; default: emend.rules, see below)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "change nothing; print the changes as a unified diff")
	fs.BoolVar(&o.patch, "patch", false, "change nothing; print the changes as a mbox that 'git am' applies")
	fs.BoolVar(&o.json, "json", false, "print each edit as a JSON object, one a line (file, line, column, start, before, after, rule, context), and make the edits; with --dry-run, only list them")
	fs.BoolVar(&o.recover, "recover", false, "only complete or undo a fix that was interrupted (killed, or a power loss) in the library of the PATHs (default: the current directory), and say which")
	fs.StringVar(&o.show, "show", "", "the show `NAME` for rules limited to a show (default: each PATH's directory name)")
	o.suggestAbove = -1
	fs.Func("suggest-above", "also apply the proposals of 'emend suggest' of confidence `P` or more (measured default: "+fmt.Sprint(suggest.DefaultThreshold)+"), as rules with their context", func(v string) error {
		p, err := strconv.ParseFloat(v, 64)
		if err != nil || p < 0 || p > 1 {
			return fmt.Errorf("want a confidence from 0 to 1, got %q", v)
		}
		o.suggestAbove = p
		return nil
	})
	o.sug.common(fs)
	fs.BoolVar(&o.noSpellings, "no-spellings", false, "apply the rules (and proposals) only, not the show's spellings")
	o.sp.common(fs)
	return fs
}

var fixCmd = &command{
	name: "fix", args: "[--rules FILE]... PATH... | --recover [PATH]",
	summary: "correct transcripts with rules, in place",
	help: `
Applies the rules to every transcript under the PATHs (files, or directories
read recursively), and writes the corrected files in place: all of them, or,
should one fail, none. Only the text of segments changes; times, cue
identifiers and settings, headers and speaker tags stay as they are. Every
copy of an episode (.txt, .vtt, YouTube copies) is corrected alike.

Without --rules, emend uses emend.rules in the current directory, or else
the first emend.rules, or rules file named by an emend.toml, found in a PATH
directory or above it.

--json writes the files too, and lists each edit it made: to list the edits
without changing anything, give --dry-run --json.

Files emend cannot read without problems are left alone and listed. So are
files it may not write (read-only, with several hard links, or another
user's) and files above the size limit (32 MB; EMEND_MAX_FILE_SIZE raises
it): then the exit status is 1. A WebVTT file above the limit is fixed all
the same, a window of cues at a time, in little memory (not with --dry-run,
--patch or --json, which list it as too large). Files in a format emend reads but does not
write (AssemblyAI JSON) are listed too, without failing. A symbolic link is
written through to its file.

A fix is crash-safe: a journal in the library's .emend directory lets
Ctrl-C (or SIGTERM) undo it, and lets the next fix, or fix --recover,
complete or undo one that was killed. See docs/safety.md.

With --suggest-above P, the proposals 'emend suggest' makes with a
confidence of P or more are applied too, as rules with their context, so
the .vtt of an episode gets the fixes made to its .txt.

The show's spellings are applied too (unless --no-spellings): every known
term written with the same letters in another case, spacing, hyphenation or
joining ("Github", "fast API", "PEP8") is written as the show spells it,
with guards for ordinary words, sentence-initial capitals and addresses
(see 'emend spellings' and docs/spellings.md). With spellings or proposals,
fix runs without a rules file.`,
	flags: func() *flag.FlagSet { return new(fixOpts).flags() },
	run:   runFix,
}

func runFix(env *Env, args []string) error {
	o := new(fixOpts)
	paths, err := parse(o.flags(), args, 0, -1)
	if err != nil {
		return err
	}
	if o.recover {
		if o.dryRun || o.patch || o.json || len(o.rules) > 0 {
			return usagef("--recover takes no other option")
		}
		if len(paths) == 0 {
			paths = []string{"."}
		}
		out, err := recoverLibrary(env, paths)
		if err == nil && !out.Undone && !out.Completed {
			fmt.Fprintf(env.Stderr, "%s: %s\n", stateDir(paths), out)
		}
		return err
	}
	if len(paths) == 0 {
		return usagef("give at least one PATH")
	}
	if !o.dryRun && !o.patch && !o.json {
		if _, err := recoverLibrary(env, paths); err != nil {
			return err
		}
	}
	if o.dryRun && o.patch || o.json && o.patch {
		return usagef("choose one of --dry-run, --patch and --json (--json with --dry-run lists the edits and changes nothing)")
	}
	files := []string(o.rules)
	if len(files) == 0 {
		f, err := findRules(paths)
		switch {
		case err == nil:
			files = []string{f}
		case o.noSpellings && o.suggestAbove < 0:
			return err
		}
	}
	var all []*rules.Rule
	for _, f := range files {
		rs, err := rules.ReadFile(f)
		if err != nil {
			return err
		}
		all = append(all, rs...)
	}
	m, err := rules.Compile(all)
	if err != nil {
		return err
	}
	if len(files) > 1 {
		// Each file settles on its own; together they must too.
		if err := m.Settled(); err != nil {
			return err
		}
	}
	lib, err := scan(env, paths)
	if err != nil {
		return err
	}
	var res *fix.Result
	proposed := 0
	var ps []suggest.Proposal
	if o.suggestAbove >= 0 {
		root := suggest.Root(paths)
		ps, err = o.sug.propose(env, lib, paths, root, all, m, o.suggestAbove, filepath.Join(root, suggest.RejectedFile))
		if err != nil {
			return err
		}
		proposed = len(ps)
	}
	matchers := func(*library.File) *rules.Matcher { return m }
	var sp *spelling.Set
	switch {
	case !o.noSpellings:
		sp, err = o.sp.load(lib, paths, all)
		if err != nil {
			return err
		}
		notes := episodeNotes(lib)
		matchers = suggest.Matchers(lib, all, m, ps, func(f *library.File) []*rules.Rule {
			return sp.EpisodeRules(segmentTexts(f), notes[f])
		})
	case o.suggestAbove >= 0:
		matchers = suggest.Matchers(lib, all, m, ps, nil)
	}
	res = fix.LibraryWith(lib, matchers, o.show)
	if !o.dryRun && !o.patch && !o.json {
		fix.Streamed(res, streamFiles(lib, all, m, matchers, sp, o.show))
	}
	warnSkipped(env, res.Skipped)
	if o.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		for _, e := range res.Edits {
			if err := enc.Encode(e); err != nil {
				return err
			}
		}
	}
	from := "no rules file"
	if len(files) > 0 {
		from = strings.Join(files, ", ")
	}
	summary := fmt.Sprintf("%s in %s, with %s from %s", plural(len(res.Edits)+res.Streamed, "edit"), plural(len(res.Changes), "file"), plural(len(all), "rule"), from)
	if !o.noSpellings {
		summary += " and the show's spellings"
	}
	if o.suggestAbove >= 0 {
		summary += fmt.Sprintf(" and %s of confidence %.2f or more", plural(proposed, "proposal"), o.suggestAbove)
	}
	switch {
	case o.dryRun || o.patch:
		changes, err := patchChanges(res.Changes)
		if err != nil {
			return err
		}
		if o.dryRun && !o.json {
			err = patch.Unified(env.Stdout, changes, patch.Options{Context: 3, Color: env.Color})
		} else if o.patch && len(changes) > 0 {
			err = patch.Mbox(env.Stdout, changes, commitMessage(res))
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "would make %s (nothing changed)\n", summary)
	default:
		if err := writeFixes(res.Changes, stateDir(paths)); err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "made %s\n", summary)
	}
	if n := leftAlone(res.Skipped); n > 0 {
		fmt.Fprintf(env.Stderr, "%s left alone: too large, or emend may not write them (see the warnings)\n", plural(n, "file"))
		return errSilent
	}
	if n := unfixed(res.Skipped); n > 0 {
		them := "them"
		if n == 1 {
			them = "it"
		}
		fmt.Fprintf(env.Stderr, "%s not fixed: emend could not read %s safely (see the warnings; emend check names the lines)\n", plural(n, "file"), them)
		return errSilent
	}
	return nil
}

// streamFiles lists the files the scan left unread for their size that
// fix.Streamed can fix a window at a time (WebVTT), each with the matcher
// of its copy of the episode: that of matchers when the copy has a file
// read whole, else the rules and the show's spellings (sp, when not nil)
// found in the copy's first such file, for all of them. A copy with an
// unread file that cannot be streamed (a large .txt) is left alone
// whole, so that its files stay alike.
func streamFiles(lib *library.Library, all []*rules.Rule, plain *rules.Matcher, matchers func(*library.File) *rules.Matcher, sp *spelling.Set, show string) []fix.StreamFile {
	var out []fix.StreamFile
	for _, ep := range lib.Episodes {
		for _, c := range ep.Copies {
			var big []*library.File
			whole := false
			ok := true
			for _, f := range c.Files {
				switch {
				case f.Episode != nil:
					whole = true
				case errors.Is(f.Err, library.ErrTooLarge) && fix.Streamable(f.Path):
					big = append(big, f)
				case errors.Is(f.Err, library.ErrTooLarge):
					ok = false
				}
			}
			if !ok || len(big) == 0 {
				continue
			}
			m := matchers(big[0])
			if !whole && sp != nil {
				if extra, err := fix.StreamSpellings(big[0].Path, plain, sp.Find); err == nil && len(extra) > 0 {
					m = rules.CompileWith(all, extra, plain)
				}
			}
			if m == nil {
				continue
			}
			for _, f := range big {
				s := show
				if s == "" {
					s = f.Show
				}
				out = append(out, fix.StreamFile{Path: f.Path, Matcher: m, Show: s})
			}
		}
	}
	return out
}

// unfixed counts the files fix could not fix for a reason other than
// their format (emend reads AssemblyAI JSON, say, but never writes it: a
// choice, not a failure) or those leftAlone counts: files it could not
// read or edit safely, which may still hold what the rules correct.
func unfixed(skipped []fix.Skip) int {
	n := 0
	for _, s := range skipped {
		format := strings.HasPrefix(s.Why.Error(), "left alone: emend reads ")
		if !format && !errors.Is(s.Why, fix.ErrNotWritable) && !errors.Is(s.Why, library.ErrTooLarge) {
			n++
		}
	}
	return n
}

// writeFixes writes the changes through the journal in dir. SIGINT and
// SIGTERM while it runs undo the run: the files keep their old content.
func writeFixes(changes []fix.FileChange, dir string) error {
	if len(changes) == 0 {
		return nil
	}
	if err := config.MakeDir(dir); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := fix.Write(ctx, dir, changes)
	if errors.Is(err, journal.ErrInterrupted) {
		return fmt.Errorf("stopped by a signal; %w", err)
	}
	return err
}

// leftAlone counts the files fix left alone because it may not write
// them, or because they are above the size limit.
func leftAlone(skipped []fix.Skip) int {
	n := 0
	for _, s := range skipped {
		if errors.Is(s.Why, fix.ErrNotWritable) || errors.Is(s.Why, library.ErrTooLarge) {
			n++
		}
	}
	return n
}

// findRules returns the default rules file: emend.rules in the current
// directory, or in a PATH directory or one above it; at each directory, an
// emend.toml's rules file counts as well (the library's configured one).
func findRules(paths []string) (string, error) {
	dirs := []string{"."}
	for _, p := range paths {
		dir, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
			dir = filepath.Dir(dir)
		}
		dirs = append(dirs, dir)
	}
	for i, dir := range dirs {
		for {
			if f := filepath.Join(dir, "emend.rules"); exists(f) {
				if i == 0 {
					return "emend.rules", nil
				}
				return f, nil
			}
			if toml := filepath.Join(dir, config.FileName); exists(toml) {
				c, err := config.ReadFile(toml)
				if err != nil {
					return "", err
				}
				if c.Rules != "" {
					return c.Rules, nil
				}
			}
			if i == 0 {
				break // the current directory only: its parents are no library of the PATHs
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", errors.New("no rules: give --rules FILE, put an emend.rules in the current directory or the library (emend learn makes one), or name one in emend.toml")
}

func exists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// patchChanges names the changed files as git does: relative to the root
// of the git repository they are in, else to the current directory, else
// to the deepest directory that holds them all.
func patchChanges(cs []fix.FileChange) ([]patch.FileChange, error) {
	out := make([]patch.FileChange, len(cs))
	abs := make([]string, len(cs))
	common := ""
	for i, c := range cs {
		a, err := filepath.Abs(c.Path)
		if err != nil {
			return nil, err
		}
		abs[i] = a
		if i == 0 {
			common = filepath.Dir(a)
		}
		for !strings.HasPrefix(a, common+string(filepath.Separator)) && common != filepath.Dir(common) {
			common = filepath.Dir(common)
		}
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	for i, c := range cs {
		rel := ""
		for _, base := range []string{gitRoot(filepath.Dir(abs[i])), cwd, common} {
			if base == "" {
				continue
			}
			if r, err := filepath.Rel(base, abs[i]); err == nil && !strings.HasPrefix(r, "..") {
				rel = r
				break
			}
		}
		out[i] = patch.FileChange{Path: filepath.ToSlash(rel), Old: c.Old, New: c.New}
	}
	return out, nil
}

// gitRoot returns the directory at or above dir that holds a .git, or "".
func gitRoot(dir string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// commitMessage describes a fix for --patch: the rules applied, most used
// first.
func commitMessage(res *fix.Result) patch.Message {
	counts := map[string]int{}
	for _, e := range res.Edits {
		if e.After != "" {
			counts[e.Correction]++
		}
	}
	var keys []string
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var body strings.Builder
	body.WriteString("Corrections made by emend fix:\n\n")
	for i, k := range keys {
		if i == 30 {
			fmt.Fprintf(&body, "  ... and %d more\n", len(keys)-i)
			break
		}
		fmt.Fprintf(&body, "  %4d  %s\n", counts[k], k)
	}
	name, email := gitIdentity()
	return patch.Message{
		Author: name, Email: email, Date: time.Now(),
		Subject: fmt.Sprintf("Correct %s in %s", plural(len(res.Edits), "transcript error"), plural(len(res.Changes), "file")),
		Body:    body.String(),
	}
}

// gitIdentity returns the user's git name and email, or emend's own.
func gitIdentity() (string, string) {
	name, email := os.Getenv("GIT_AUTHOR_NAME"), os.Getenv("GIT_AUTHOR_EMAIL")
	if name == "" {
		if out, err := exec.Command("git", "config", "user.name").Output(); err == nil {
			name = strings.TrimSpace(string(out))
		}
	}
	if email == "" {
		if out, err := exec.Command("git", "config", "user.email").Output(); err == nil {
			email = strings.TrimSpace(string(out))
		}
	}
	if name == "" {
		name = "emend"
	}
	if email == "" {
		email = "emend@localhost"
	}
	return name, email
}

// plural writes a count and a noun, with an "s" unless the count is one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// pluralWord is the noun alone, for n of it: "pair" or "pairs".
func pluralWord(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// maxSameWarnings is how many files left alone for the same reason are
// named one by one; the others are counted.
const maxSameWarnings = 3

// warnSkipped lists the files fix left alone, and why. Of those left
// alone for the same reason (54 AssemblyAI files, say), the first few are
// named, and the rest counted.
func warnSkipped(env *Env, skipped []fix.Skip) {
	same := map[string]int{}
	var reasons []string
	for _, s := range skipped {
		why := s.Why.Error()
		if same[why] == 0 {
			reasons = append(reasons, why)
		}
		if same[why]++; same[why] <= maxSameWarnings {
			fmt.Fprintf(env.Stderr, "warning: %v\n", s)
		}
	}
	for _, why := range reasons {
		if n := same[why] - maxSameWarnings; n > 0 {
			fmt.Fprintf(env.Stderr, "warning: %s: %s\n", plural(n, "more file"), why)
		}
	}
}

// episodeNotes maps each file of the library to its episode's show notes
// (the spellings' evidence for that episode); files without are left out,
// and notes that cannot be read are none.
func episodeNotes(lib *library.Library) map[*library.File]*vocab.Notes {
	out := map[*library.File]*vocab.Notes{}
	for _, ep := range lib.Episodes {
		n, err := suggest.NotesFor(ep)
		if err != nil || n == nil {
			continue
		}
		for _, c := range ep.Copies {
			for _, f := range c.Files {
				out[f] = n
			}
		}
	}
	return out
}
