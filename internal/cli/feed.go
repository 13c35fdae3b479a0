package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/emend-project/emend/internal/feed"
	"github.com/emend-project/emend/internal/safefile"
)

type feedOpts struct {
	baseURL, dir, out string
}

func (o *feedOpts) flags() *flag.FlagSet {
	fs := newFlags("feed")
	fs.StringVar(&o.baseURL, "base-url", "", "add: the `URL` the directory's files are served under (required)")
	fs.StringVar(&o.dir, "dir", "", "the `DIR` of published transcripts (add: default the current directory; check: without it, only the feed is checked)")
	fs.StringVar(&o.out, "o", "", "add: write the feed to `FILE` (may be FEED.xml itself; default: standard output)")
	return fs
}

var feedCmd = &command{
	name: "feed", args: "add FEED.xml --base-url URL [--dir DIR] [-o OUT] | check FEED.xml [--dir DIR]",
	summary: "add Podcasting 2.0 transcript tags to a feed, or check them",
	help: `
feed add gives each <item> of an RSS feed whose episode has transcripts in
DIR a <podcast:transcript> tag for each of them: url (BASE-URL and the
file's path in DIR), type (text/vtt, application/x-subrip,
application/json, text/html or text/plain, from the file's extension),
language (the channel's <language>) and rel="captions" for WebVTT and
SRT. An item is matched to its episode by the file name in its GUID or
enclosure URL, its itunes:episode number, a number in its title ("#301",
"Episode 301"), or its title against the file's name. Tags already there
are updated (a non-standard type such as application/srt is rewritten);
the podcast namespace is declared on <rss> when missing. Every other byte
of the feed is kept: a diff shows only the transcript tags, and a second
run changes nothing. The feed goes to standard output, or, all or
nothing, to -o OUT (which may be the feed itself). The items not matched
are listed on standard error; when none is, nothing is written and the
exit status is 1.

feed check reports what podcast apps trip on, each with its line and
column: XML that is not well-formed, a missing or wrong namespace, a tag
without url or type, an unknown type (application/srt, text/srt), a
relative URL; with --dir DIR also a tag whose file is not in DIR, a file
whose content is not of its tag's type, and an item with no tag whose
episode has files in DIR. The exit status is 1 when it finds anything.

See docs/feed.md.`,
	flags: func() *flag.FlagSet { return new(feedOpts).flags() },
	run:   runFeed,
}

func init() { commands = append(commands, feedCmd) }

func runFeed(env *Env, args []string) error {
	o := new(feedOpts)
	pos, err := parse(o.flags(), args, 2, 2)
	if err != nil {
		return err
	}
	verb, name := pos[0], pos[1]
	switch verb {
	case "add":
		if o.baseURL == "" {
			return usagef("feed add needs --base-url URL")
		}
	case "check":
		if o.baseURL != "" || o.out != "" {
			return usagef("feed check takes --dir only")
		}
	default:
		return usagef("want feed add FEED.xml or feed check FEED.xml, not %q", verb)
	}
	data, err := readInput(env, name)
	if err != nil {
		return err
	}
	var dir *feed.Dir
	if o.dir != "" || verb == "add" {
		d := o.dir
		if d == "" {
			d = "."
		}
		if dir, err = feed.ReadDir(d); err != nil {
			return err
		}
	}
	if verb == "check" {
		fs := feed.Check(data, dir)
		for _, f := range fs {
			fmt.Fprintf(env.Stdout, "%s:%s\n", name, f)
		}
		if len(fs) > 0 {
			fmt.Fprintf(env.Stderr, "%s: %s\n", name, plural(len(fs), "problem"))
			return errSilent
		}
		fmt.Fprintf(env.Stderr, "%s: no problems found\n", name)
		return nil
	}
	res, err := feed.Add(data, dir, feed.Options{BaseURL: o.baseURL})
	if err != nil {
		var pe *feed.ParseError
		if errors.As(err, &pe) {
			return fmt.Errorf("%s:%w", name, err)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	added, updated := 0, 0
	for _, it := range res.Items {
		added += it.Added
		updated += it.Updated
		if it.Match.Episode == nil {
			fmt.Fprintf(env.Stderr, "%s:%d: not matched: %q (%s)\n", name, it.Line, it.Title, it.Why)
		}
	}
	ns := ""
	if res.NamespaceAdded {
		ns = ", namespace declared"
	}
	fmt.Fprintf(env.Stderr, "%s: %d of %s matched to %s in %s: %s added, %d updated%s\n", name, res.Matched(), plural(len(res.Items), "item"),
		plural(len(dir.Episodes), "episode"), dir.Root, plural(added, "tag"), updated, ns)
	if res.Matched() == 0 {
		return fmt.Errorf("no item of %s matched an episode in %s: nothing written", name, dir.Root)
	}
	if o.out == "" || o.out == "-" {
		_, err = env.Stdout.Write(res.Output)
		return err
	}
	if o.out == name && !res.Changed() {
		return nil // in place and nothing to change: the file is not touched
	}
	return safefile.WriteFile(o.out, res.Output, 0o644)
}

// readInput reads a file, or standard input for "-".
func readInput(env *Env, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(io.LimitReader(env.Stdin, feed.MaxFeedSize+1))
	}
	return os.ReadFile(name)
}
