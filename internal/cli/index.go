package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/search"
)

// libraryOpts are the options that say which library and index a search
// command uses.
type libraryOpts struct{ config, index string }

func (o *libraryOpts) add(fs *flag.FlagSet) {
	fs.StringVar(&o.config, "config", "", "the library's `FILE` (default: emend.toml in the current directory or above)")
	fs.StringVar(&o.index, "index", "", "the index `FILE` (default: .emend/index beside emend.toml; for index PATH..., in the first PATH; for search, the first found in the current directory or above)")
}

// resolve finds the library's configuration (nil when there is none) and
// the index file: --index; else .emend/index beside emend.toml; else, for
// index PATH..., in the first PATH (a file's directory), where a user who
// indexed a directory looks for it, not in the current directory; else the
// first .emend/index in the current directory or above.
func (o *libraryOpts) resolve(paths []string) (*config.Config, string, error) {
	usePaths := len(paths) > 0
	var cfg *config.Config
	p := o.config
	if p == "" && !usePaths {
		p = config.Find(".")
	}
	if p != "" {
		c, err := config.ReadFile(p)
		if err != nil {
			return nil, "", err
		}
		cfg = c
	}
	idx := o.index
	if idx == "" {
		dir := "."
		switch {
		case cfg != nil:
			dir = cfg.Dir
		case usePaths:
			dir = paths[0]
			if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
				dir = filepath.Dir(dir)
			}
		default:
			dir = indexAbove(".")
		}
		idx = filepath.Join(dir, filepath.FromSlash(search.DefaultPath))
	}
	return cfg, idx, nil
}

// indexAbove returns the first directory from dir upwards that holds an
// index, or dir when none does.
func indexAbove(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for d := abs; ; {
		if _, err := os.Stat(filepath.Join(d, filepath.FromSlash(search.DefaultPath))); err == nil {
			if d == abs {
				return dir
			}
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// load opens the library's index.
func (o *libraryOpts) load() (*search.Index, error) {
	_, idx, err := o.resolve(nil)
	if err != nil {
		return nil, err
	}
	ix, err := search.Load(idx)
	if os.IsNotExist(err) {
		return nil, fmt.Errorf("no index at %s: run emend index first", idx)
	}
	return ix, err
}

type indexOpts struct {
	libraryOpts
	quiet bool
}

func (o *indexOpts) flags() *flag.FlagSet {
	fs := newFlags("index")
	o.add(fs)
	fs.BoolVar(&o.quiet, "q", false, "print nothing on success")
	return fs
}

var indexCmd = &command{
	name: "index", args: "[PATH...]",
	summary: "build or update the search index of a library",
	help: `
Indexes the shows of the library described by emend.toml (in the current
directory or above, or --config), or, given PATHs, the transcripts under
them, each PATH a show named after its directory. The index is kept in
.emend/index beside emend.toml, or, given PATHs, in the first PATH (a
file's directory); search finds it from that directory or below. Indexing
again reads only the files that are new or changed and drops deleted ones.

Each episode is indexed from one copy: a readable one, not from a YouTube
directory if there is another, timed, and "HH:MM:SS text" paragraphs before
subtitle cues. An episode's date (for year: and trends) comes from its
transcript's metadata, else from the recording date said in its first
lines ("recorded Monday, February 17th, 2025"), else from the commit that
added its first file to git, else from the file's modification time.`,
	flags: func() *flag.FlagSet { return new(indexOpts).flags() },
	run:   runIndex,
}

func runIndex(env *Env, args []string) error {
	o := new(indexOpts)
	paths, err := parse(o.flags(), args, 0, -1)
	if err != nil {
		return err
	}
	if len(paths) > 0 {
		// It writes in the library: a fix interrupted there is recovered first.
		if _, err := recoverLibrary(env, paths); err != nil {
			return err
		}
	}
	cfg, idx, err := o.resolve(paths)
	if err != nil {
		return err
	}
	sources, err := showSources(paths, cfg, "to index")
	if err != nil {
		return err
	}
	old, err := search.Load(idx)
	if err != nil && !os.IsNotExist(err) {
		fmt.Fprintf(env.Stderr, "emend index: %v; building it anew\n", err)
	}
	p := newProgress(env, "indexing")
	ix, st, err := search.Build(sources, old, p.update)
	p.done()
	if err != nil {
		return err
	}
	if st.Changed {
		if err := ix.Save(idx); err != nil {
			return err
		}
	}
	if !o.quiet {
		fmt.Fprintf(env.Stdout, "indexed %d episodes (%d segments) from %d files in %.2fs: %d read, %d unchanged, %d removed; %s\n",
			st.Episodes, st.Segments, st.Files, st.Took.Seconds(), st.Parsed, st.Reused, st.Removed, idx)
	}
	return nil
}

// showSources are the shows to read: one a PATH, named after its
// directory, else the shows of emend.toml; what says which PATHs the
// usage error asks for.
func showSources(paths []string, cfg *config.Config, what string) ([]search.Source, error) {
	var sources []search.Source
	switch {
	case len(paths) > 0:
		for _, p := range paths {
			abs, err := filepath.Abs(p)
			if err != nil {
				return nil, err
			}
			name := filepath.Base(abs)
			if fi, err := os.Stat(abs); err == nil && !fi.IsDir() {
				name = filepath.Base(filepath.Dir(abs))
			}
			sources = append(sources, search.Source{Show: search.Show{Name: name}, Paths: []string{p}})
		}
	case cfg != nil:
		for _, s := range cfg.Shows {
			sources = append(sources, search.Source{Show: search.Show{Name: s.Name, EpisodeURL: s.EpisodeURL, AudioURL: s.AudioURL}, Paths: s.Paths})
		}
	default:
		return nil, usagef("no emend.toml here or above: give the PATHs %s, or --config", what)
	}
	return sources, nil
}
