package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/emend-project/emend/internal/search"
)

type searchOpts struct {
	libraryOpts
	json, soundsLike  bool
	limit, perEpisode int
}

func (o *searchOpts) flags() *flag.FlagSet {
	fs := newFlags("search")
	o.add(fs)
	fs.BoolVar(&o.json, "json", false, "print each hit as a JSON object, one a line (show, episode, file, start, time, text, snippet, url, ...)")
	fs.BoolVar(&o.soundsLike, "sounds-like", false, "find every word as if it ended with ~: also what sounds like it")
	fs.IntVar(&o.limit, "limit", 20, "show at most `N` episodes")
	fs.IntVar(&o.perEpisode, "per-episode", 3, "show at most `N` places per episode")
	return fs
}

var searchCmd = &command{
	name: "search", args: "QUERY...",
	summary: "search the library's transcripts, with links to the second",
	help: `
Searches the index built by emend index and prints the best episodes, each
with its best places: time, snippet and deep link.

Query syntax:
  uv                       a word (any case)
  "type hints"             a phrase
  pydantic OR attrs        either
  -django                  not in the same place: after -- or inside one
                           quoted argument (emend search -- uv -django,
                           emend search 'uv -django'), as options end there
  pyd*                     words starting with pyd
  fastapi~  "fast api"~    sounds like: also what speech recognition wrote
                           for it ("fast API", "Daxter" for Dagster)
  show:bytes  episode:300-350  year:2023  year:2020-2022  speaker:michael
A rare or unknown word also finds the near spellings (pydnatic: pydantic).
Exit status 1 when nothing is found.`,
	flags: func() *flag.FlagSet { return new(searchOpts).flags() },
	run:   runSearch,
}

func runSearch(env *Env, args []string) error {
	o := new(searchOpts)
	words, err := parseQuery(o.flags(), args)
	if err != nil {
		return err
	}
	q, ix, err := o.query(words, o.soundsLike)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*search.Deadline)
	defer cancel()
	res, err := ix.Search(ctx, q, search.Options{Limit: o.limit, PerEpisode: o.perEpisode})
	if err != nil {
		return err
	}
	if o.json {
		e := json.NewEncoder(env.Stdout)
		for _, g := range res.Groups {
			for _, h := range g.Hits {
				if err := e.Encode(h); err != nil {
					return err
				}
			}
		}
	} else {
		printResult(env, res)
	}
	if res.Segments == 0 {
		return errSilent
	}
	return nil
}

// query parses a command's query words (a bad query is a usage error) and
// loads the library's index to run it on.
func (o *libraryOpts) query(words []string, soundsLike bool) (*search.Query, *search.Index, error) {
	q, err := search.Parse(strings.Join(words, " "), soundsLike)
	var se *search.SyntaxError
	if errors.As(err, &se) {
		return nil, nil, usageError{err}
	}
	if err != nil {
		return nil, nil, err
	}
	ix, err := o.load()
	if err != nil {
		return nil, nil, err
	}
	return q, ix, nil
}

// parseQuery parses a command's options and returns its query words. Its
// options are as strict as every other command's: an unknown one is a usage
// error, not a query word. A query word that starts with a dash (an
// exclusion such as -django) comes after "--" or inside one quoted argument
// ('uv -django'); the error for a dashed word says so.
func parseQuery(fs *flag.FlagSet, args []string) ([]string, error) {
	words, err := parse(fs, args, 0, -1)
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) && strings.Contains(err.Error(), "flag provided but not defined") {
			return nil, usagef("%v (to exclude a word, end the options with --: emend %s -- uv -django)", err, fs.Name())
		}
		return nil, err
	}
	if len(words) == 0 {
		return nil, usagef("missing query")
	}
	return words, nil
}

func printResult(env *Env, res *search.Result) {
	w := env.Stdout
	for _, g := range res.Groups {
		title := g.Title
		if title == "" {
			title = g.Slug
		}
		if title == "" {
			title = g.File
		}
		num := ""
		if g.Episode >= 0 {
			num = fmt.Sprintf(" #%d", g.Episode)
		}
		fmt.Fprintf(w, "%s%s%s  %s", bold(env), g.Show, num, reset(env))
		if g.Date != "" {
			fmt.Fprintf(w, "(%s) ", g.Date)
		}
		fmt.Fprintf(w, "%s  [%d]\n", title, g.Matches)
		for _, h := range g.Hits {
			t := h.Time
			if t == "" {
				t = "-:--:--"
			}
			fmt.Fprintf(w, "  %8s  ", t)
			if h.Speaker != "" {
				fmt.Fprintf(w, "%s: ", h.Speaker)
			}
			writeHighlighted(env, w, h.Snippet, h.Highlights)
			fmt.Fprintln(w)
			if h.URL != "" {
				fmt.Fprintf(w, "            %s\n", h.URL)
			}
		}
	}
	switch {
	case res.Segments == 0:
		fmt.Fprintln(env.Stderr, "no match")
	default:
		fmt.Fprintf(env.Stderr, "%s in %s", plural(res.Segments, "place"), plural(res.Episodes, "episode"))
		if len(res.Groups) < res.Episodes {
			fmt.Fprintf(env.Stderr, " (%d shown; --limit for more)", len(res.Groups))
		}
		fmt.Fprintln(env.Stderr)
	}
	for word, to := range res.Expanded {
		if len(to) > 8 {
			to = append(to[:8:8], "…")
		}
		fmt.Fprintf(env.Stderr, "%s also found as: %s\n", word, strings.Join(to, ", "))
	}
}

func bold(env *Env) string {
	if env.Color {
		return "\033[1m"
	}
	return ""
}

func reset(env *Env) string {
	if env.Color {
		return "\033[0m"
	}
	return ""
}

// writeHighlighted prints a snippet with its matches in bold yellow on a
// terminal, and between asterisks elsewhere.
func writeHighlighted(env *Env, w io.Writer, s string, hl [][2]int) {
	on, off := "*", "*"
	if env.Color {
		on, off = "\033[1;33m", "\033[0m"
	}
	last := 0
	for _, h := range hl {
		if h[0] < last || h[1] > len(s) {
			continue
		}
		io.WriteString(w, s[last:h[0]])
		io.WriteString(w, on+s[h[0]:h[1]]+off)
		last = h[1]
	}
	io.WriteString(w, s[last:])
}
