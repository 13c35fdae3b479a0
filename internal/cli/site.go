package cli

import (
	"flag"
	"fmt"
	"net/url"

	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/site"
)

type siteOpts struct {
	libraryOpts
	out, baseURL, title string
	quiet               bool
}

func (o *siteOpts) flags() *flag.FlagSet {
	fs := newFlags("site")
	o.add(fs)
	fs.StringVar(&o.out, "o", "", "the `DIR` to write the site to (required)")
	fs.StringVar(&o.baseURL, "base-url", "", "the absolute `URL` the site is served from, for canonical links and Open Graph")
	fs.StringVar(&o.title, "title", "", "the site's `TITLE` (default: the shows' names)")
	fs.BoolVar(&o.quiet, "q", false, "print nothing on success")
	return fs
}

var siteCmd = &command{
	name: "site", args: "[PATH...] -o DIR",
	summary: "write a static site: episode pages, an index and a search in the browser",
	help: `
Writes a static site of the library (the shows of emend.toml, or the
transcripts under the PATHs, each a show named after its directory) into
DIR, for any web host: a page per episode with its transcript, times and an
anchor per segment, a player when the show has an audio_url, and metadata
for search engines (Open Graph, schema.org PodcastEpisode); an index of the
episodes; and search.html, a search that runs in the browser over a split
index and fetches only the few small files a query needs; with --base-url,
canonical links and a sitemap.xml for search engines.

Only the files whose content changed are written again; files of an earlier
build the site no longer has are removed (DIR/.emend-site lists the site's
files, and a DIR that holds other files and no such list is refused). The
library's index (.emend/index) is read when there is one, to spare reading
unchanged transcripts again; it is not written.`,
	flags: func() *flag.FlagSet { return new(siteOpts).flags() },
	run:   runSite,
}

func init() { commands = append(commands, siteCmd) }

func runSite(env *Env, args []string) error {
	o := new(siteOpts)
	paths, err := parse(o.flags(), args, 0, -1)
	if err != nil {
		return err
	}
	if o.out == "" {
		return usagef("-o DIR is required")
	}
	if o.baseURL != "" {
		u, err := url.Parse(o.baseURL)
		if err != nil || !u.IsAbs() || u.Host == "" {
			return usagef("--base-url %q: want an absolute URL such as https://example.org/transcripts/", o.baseURL)
		}
	}
	cfg, idx, err := o.resolve(paths)
	if err != nil {
		return err
	}
	sources, err := showSources(paths, cfg, "of the transcripts")
	if err != nil {
		return err
	}
	old, _ := search.Load(idx) // an index that is missing or damaged is only slower
	p := newProgress(env, "reading")
	ix, _, err := search.Build(sources, old, p.update)
	p.done()
	if err != nil {
		return err
	}
	st, err := site.Build(ix, o.out, site.Options{BaseURL: o.baseURL, Title: o.title})
	if err != nil {
		return err
	}
	if !o.quiet {
		fmt.Fprintf(env.Stdout, "site of %d episodes in %s: %d files (%.1f MB), %d written, %d unchanged, %d removed, in %.2fs\n",
			st.Episodes, o.out, st.Files, float64(st.Bytes)/1e6, st.Written, st.Unchanged, st.Removed, st.Took.Seconds())
	}
	return nil
}
