package feed

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

func unescapePath(s string) (string, error) { return url.PathUnescape(s) }

// ItemResult is what Add did to one item.
type ItemResult struct {
	Title string
	Line  int
	// Match is the episode the item was matched to; its Episode is nil
	// when none was, and Why says why.
	Match Match
	Why   string
	// Added and Updated count the item's transcript tags written anew and
	// rewritten.
	Added, Updated int
}

// Result is what Add made of a feed.
type Result struct {
	Output []byte
	Items  []ItemResult
	// NamespaceAdded is true when the podcast namespace was declared on
	// <rss>.
	NamespaceAdded bool
}

// Matched returns how many items were matched to an episode.
func (r *Result) Matched() int {
	n := 0
	for _, it := range r.Items {
		if it.Match.Episode != nil {
			n++
		}
	}
	return n
}

// Changed reports whether the output differs from the input.
func (r *Result) Changed() bool {
	if r.NamespaceAdded {
		return true
	}
	for _, it := range r.Items {
		if it.Added+it.Updated > 0 {
			return true
		}
	}
	return false
}

// Options are what Add needs besides the feed.
type Options struct {
	// BaseURL is where the directory's files are served: a file at
	// DIR/a/301.vtt is at BaseURL/a/301.vtt.
	BaseURL string
}

// edit replaces the bytes [at, end) of the feed with text.
type edit struct {
	at, end int
	text    string
}

// Add adds or updates the transcript tags of each item of the feed whose
// episode the directory holds: one tag for each of the episode's files,
// of the type its extension says, with rel="captions" for WebVTT and SRT
// and the channel's language. An existing tag of the same type (or of a
// non-standard alias, such as application/srt) is rewritten when it
// differs and left alone otherwise; tags of other types are kept. The
// namespace is declared on <rss> when it is not. Every other byte of the
// feed is kept: the output is the input with those tags written in.
func Add(data []byte, dir *Dir, opt Options) (*Result, error) {
	base, err := checkBase(opt.BaseURL)
	if err != nil {
		return nil, err
	}
	d, err := parse(data)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	prefix, declared := d.podcastPrefix()
	var edits []edit
	tagged := false // an item has transcript tags, old or new
	if !declared {
		prefix = "podcast"
		for i := 2; d.prefixes[prefix] != ""; i++ {
			prefix = fmt.Sprintf("podcast%d", i)
		}
	}
	for _, it := range d.items {
		line, _ := d.lines.pos(it.Start)
		ir := ItemResult{Title: it.title, Line: line}
		ir.Match, ir.Why = dir.match(it)
		if ep := ir.Match.Episode; ep != nil {
			es, added, updated := itemEdits(d, it, ep, base, prefix)
			edits = append(edits, es...)
			ir.Added, ir.Updated = added, updated
			tagged = tagged || len(ep.Files) > 0
		}
		res.Items = append(res.Items, ir)
	}
	if !declared && tagged {
		edits = append(edits, namespaceEdit(d, prefix))
		res.NamespaceAdded = true
	}
	res.Output = apply(data, edits)
	return res, nil
}

// checkBase checks and trims a base URL.
func checkBase(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("base URL %q: want an absolute URL such as https://example.com/transcripts", base)
	}
	return strings.TrimRight(base, "/"), nil
}

// fileURL is where a file of the directory is served.
func fileURL(base, rel string) string {
	segs := strings.Split(rel, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return base + "/" + strings.Join(segs, "/")
}

// want is a transcript tag's attributes, in the order they are written.
type want struct{ url, typ, language, rel string }

func (w want) render(prefix string) string {
	var b strings.Builder
	b.WriteString("<" + prefix + ":transcript")
	for _, a := range [][2]string{{"url", w.url}, {"type", w.typ}, {"language", w.language}, {"rel", w.rel}} {
		if a[1] != "" {
			b.WriteString(" " + a[0] + `="` + escapeAttr(a[1]) + `"`)
		}
	}
	b.WriteString("/>")
	return b.String()
}

func (w want) same(t *tag) bool {
	return t.attrs["url"] == w.url && t.attrs["type"] == w.typ && t.attrs["language"] == w.language && t.attrs["rel"] == w.rel
}

func escapeAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;", "\n", "&#xA;", "\r", "&#xD;", "\t", "&#x9;").Replace(s)
}

// itemEdits returns the edits that give an item a tag for each of its
// episode's files.
func itemEdits(d *doc, it *item, ep *Episode, base, prefix string) (edits []edit, added, updated int) {
	used := map[*tag]bool{}
	var insert []string
	for _, f := range ep.Files {
		w := want{url: fileURL(base, f.Rel), typ: f.Type.MIME, language: d.language}
		if f.Type.Captions {
			w.rel = "captions"
		}
		t := existing(it, f.Type, w.url, used)
		switch {
		case t == nil:
			insert = append(insert, w.render(prefix))
			added++
		case w.same(t):
			used[t] = true
		default:
			used[t] = true
			p := t.prefix
			if !isPodcastNS(t.space) {
				p = prefix // an undeclared prefix: written as the declared one
			}
			edits = append(edits, edit{t.Start, t.End, w.render(p)})
			updated++
		}
	}
	if len(insert) > 0 {
		var b strings.Builder
		for _, s := range insert {
			b.WriteString(it.indent)
			b.WriteString(s)
		}
		edits = append(edits, edit{it.anchor, it.anchor, b.String()})
	}
	return edits, added, updated
}

// existing returns the item's transcript tag for a type: one of that type
// or an alias of it, or one with the URL; nil when there is none.
func existing(it *item, t Type, url string, used map[*tag]bool) *tag {
	for _, pass := range []func(*tag) bool{
		func(g *tag) bool { u, ok := typeOf(g.attrs["type"]); return ok && u.MIME == t.MIME },
		func(g *tag) bool { return typeAliases[strings.ToLower(strings.TrimSpace(g.attrs["type"]))] == t.MIME },
		func(g *tag) bool { return g.attrs["url"] == url },
	} {
		for _, g := range it.transcripts {
			if !used[g] && pass(g) {
				return g
			}
		}
	}
	return nil
}

// namespaceEdit declares the namespace on <rss>, after its last
// attribute, with the white space that precedes that attribute (one
// attribute a line stays one a line).
func namespaceEdit(d *doc, prefix string) edit {
	raw := d.data[d.root.Start:d.root.End]
	attrs := scanAttrs(raw)
	at, space := len(raw)-1, " " // before ">"
	if len(attrs) > 0 {
		last := attrs[len(attrs)-1]
		at = last.afterValue
		if last.space != "" {
			space = last.space
		}
	} else {
		for at > 0 && (isSpace(raw[at-1]) || raw[at-1] == '/') {
			at--
		}
	}
	return edit{d.root.Start + at, d.root.Start + at, space + "xmlns:" + prefix + `="` + Namespace + `"`}
}

// apply makes the edits, which do not overlap.
func apply(data []byte, edits []edit) []byte {
	if len(edits) == 0 {
		return append([]byte(nil), data...)
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at < edits[j].at })
	var b strings.Builder
	last := 0
	for _, e := range edits {
		b.Write(data[last:e.at])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(data[last:])
	return []byte(b.String())
}
