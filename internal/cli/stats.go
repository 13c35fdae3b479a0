package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/emend-project/emend/internal/library"
)

type statsOpts struct{ json bool }

func (o *statsOpts) flags() *flag.FlagSet {
	fs := newFlags("stats")
	fs.BoolVar(&o.json, "json", false, "print the figures as a JSON object")
	return fs
}

var statsCmd = &command{
	name: "stats", args: "PATH...",
	summary: "count episodes, words, hours and formats in a library",
	help: `
Reads every transcript under the PATHs (files, or directories read
recursively) and counts files, episodes, words and hours. Words and hours
count each episode once, from its longest copy.`,
	flags: func() *flag.FlagSet { return new(statsOpts).flags() },
	run:   runStats,
}

func runStats(env *Env, args []string) error {
	o := new(statsOpts)
	paths, err := parse(o.flags(), args, 1, -1)
	if err != nil {
		return err
	}
	lib, err := scan(env, paths)
	if err != nil {
		return err
	}
	st := lib.Stats()
	if o.json {
		e := json.NewEncoder(env.Stdout)
		return e.Encode(map[string]any{
			"files": st.Files, "bytes": st.Bytes, "episodes": st.Episodes, "copies": st.Copies,
			"words": st.Words, "hours": round2(st.Hours), "segments": st.Segments,
			"formats": st.Formats, "unreadable": st.Unreadable, "with_problems": st.WithProblems,
		})
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "episodes\t%d\n", st.Episodes)
	fmt.Fprintf(w, "copies\t%d\t(transcripts of an episode: a .txt and .vtt pair counts once)\n", st.Copies)
	fmt.Fprintf(w, "files\t%d\t(%s)\n", st.Files, humanBytes(st.Bytes))
	fmt.Fprintf(w, "words\t%d\n", st.Words)
	fmt.Fprintf(w, "hours\t%.1f\n", st.Hours)
	fmt.Fprintf(w, "segments\t%d\n", st.Segments)
	for _, f := range st.FormatNames() {
		fmt.Fprintf(w, "format %s\t%d files\t(%s)\n", f, st.Formats[f], f.Describe())
	}
	if st.Unreadable > 0 {
		fmt.Fprintf(w, "unreadable\t%d files\n", st.Unreadable)
	}
	if st.WithProblems > 0 {
		fmt.Fprintf(w, "with problems\t%d files\t(see emend check)\n", st.WithProblems)
	}
	return w.Flush()
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// scan reads a library, with progress on a terminal.
// A path with no transcript in it is an error: a command that found
// nothing to check, count or fix has not done what it was asked.
func scan(env *Env, paths []string) (*library.Library, error) {
	for _, path := range paths {
		found, err := library.Find(path)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("no transcripts in %s: emend reads %s files (and skips hidden directories)",
				path, strings.Join(library.Extensions, ", "))
		}
	}
	p := newProgress(env, "reading")
	lib, err := library.Scan(paths, p.update)
	p.done()
	return lib, err
}

// humanBytes formats a size in B, kB, MB or GB.
func humanBytes(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1e6:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	case n < 1e9:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}
