package site

import (
	"bytes"
	"embed"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/web"
)

// Limits of the pages.
const (
	// DescriptionLen is the longest page description, in characters:
	// about what search engines show under a result.
	DescriptionLen = 160
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// contentSecurityPolicy is the pages' policy, as emend serve sends it in
// a header (a static host may send no headers): scripts and styles only
// from the site, audio from anywhere.
const contentSecurityPolicy = "default-src 'self'; media-src *; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'"

var templates = template.Must(web.Templates().ParseFS(templateFS, "templates/*.html"))

// Head is what every page's <head> says.
type Head struct {
	Title, Description string
	Canonical          string // absolute URL, or ""
	Root               string // the site's root relative to the page: "", "../../"
	SiteName           string
	CSP                string
	OGType             string
	OGAudio            string
	JSONLD             template.JS // the page's schema.org description, or ""
	Scripts            []string    // relative to the static directory
}

// EpisodePage is the data of an episode's page.
type EpisodePage struct {
	Head Head
	web.EpisodeView
	Number string // "" when unknown
	Prev   *Link
	Next   *Link
}

// Link is a link to another page of the site.
type Link struct{ URL, Text string }

// IndexPage is the data of the page that lists the episodes.
type IndexPage struct {
	Head  Head
	Shows []ShowList
}

// ShowList is one show's episodes on the index page, the highest number
// first.
type ShowList struct {
	Name     string
	Episodes []EpisodeItem
}

// EpisodeItem is one episode on the index page.
type EpisodeItem struct {
	URL, Title, Date string
	Number           int
	Segments         int
}

// SearchPage is the data of the search page.
type SearchPage struct {
	Head     Head
	Episodes int
	Help     bool
}

type builder struct {
	ix *search.Index
	o  Options
	w  *writer
}

// episodePath is where an episode's page lives in the site: from its
// id, "talk-python:453" → "episodes/talk-python/453.html". Ids are made
// of lower-case letters, digits and hyphens around one colon.
func episodePath(e *search.Episode) string {
	show, key, _ := strings.Cut(e.ID, ":")
	return "episodes/" + safeName(show) + "/" + safeName(key) + ".html"
}

func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, strings.ToLower(s))
	if s == "" || s[0] == '-' {
		s = "x" + s
	}
	return s
}

// Title is an episode's title for the pages: its own, or made from its
// file name's slug ("guido-van-rossum" → "Guido van rossum").
func Title(e *search.Episode) string {
	if e.Title != "" {
		return e.Title
	}
	t := strings.Join(strings.FieldsFunc(e.Slug, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }), " ")
	if t == "" {
		if e.Number >= 0 {
			return "Episode " + strconv.Itoa(e.Number)
		}
		return e.ID
	}
	r, n := utf8.DecodeRuneInString(t)
	return string(unicode.ToUpper(r)) + t[n:]
}

func (b *builder) head(title, desc, path string) Head {
	h := Head{Title: title, Description: desc, Root: strings.Repeat("../", strings.Count(path, "/")),
		SiteName: b.siteName(), CSP: contentSecurityPolicy, OGType: "website"}
	if b.o.BaseURL != "" {
		h.Canonical = b.o.BaseURL + path
	}
	return h
}

func (b *builder) siteName() string {
	if b.o.Title != "" {
		return b.o.Title
	}
	var names []string
	for _, s := range b.ix.Shows {
		names = append(names, s.Name)
	}
	return strings.Join(names, " · ")
}

func (b *builder) render(name, path string, data any) {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, name, data); err != nil {
		// The templates are the program's own: an error is a bug.
		panic(fmt.Sprintf("site: rendering %s for %s: %v", name, path, err))
	}
	b.w.put(path, buf.Bytes())
}

// pages writes the episode pages, the index, the search page and the
// assets.
func (b *builder) pages() {
	for _, name := range []string{"style.css", "app.js", "favicon.svg"} {
		data, err := web.Asset(name)
		if err != nil {
			panic("site: web asset " + name + ": " + err.Error())
		}
		b.w.put("static/"+name, data)
	}
	for _, name := range []string{"site.css", "search.js"} {
		data, err := assetFS.ReadFile("assets/" + name)
		if err != nil {
			panic("site: asset " + name + ": " + err.Error())
		}
		b.w.put("static/"+name, data)
	}
	ix := b.ix
	for i, e := range ix.Episodes {
		p := b.episodePage(e)
		if i > 0 && ix.Episodes[i-1].Show == e.Show {
			prev := ix.Episodes[i-1]
			p.Prev = &Link{URL: p.Head.Root + episodePath(prev), Text: Title(prev)}
		}
		if i+1 < len(ix.Episodes) && ix.Episodes[i+1].Show == e.Show {
			next := ix.Episodes[i+1]
			p.Next = &Link{URL: p.Head.Root + episodePath(next), Text: Title(next)}
		}
		b.render("site-episode.html", episodePath(e), p)
	}
	b.render("site-index.html", "index.html", b.indexPage())
	if b.o.BaseURL != "" {
		b.w.put("sitemap.xml", b.sitemap())
	}
	sp := SearchPage{Head: b.head("Search · "+b.siteName(), "Search the transcripts of "+b.siteName()+".", "search.html"), Episodes: len(ix.Episodes)}
	sp.Head.Scripts = []string{"search.js"}
	b.render("site-search.html", "search.html", sp)
}

func (b *builder) episodePage(e *search.Episode) *EpisodePage {
	ix := b.ix
	path := episodePath(e)
	show := ix.Shows[e.Show].Name
	segs := ix.Segments(e)
	title := Title(e)
	p := &EpisodePage{EpisodeView: web.EpisodeView{ID: e.ID, Show: show, Title: title, Episode: e.Number, Audio: ix.AudioLink(e, 0)}}
	if e.Number >= 0 {
		p.Number = strconv.Itoa(e.Number)
	}
	if !e.Date.IsZero() {
		p.Date, p.DateFrom = e.Date.Format("2006-01-02"), e.DateSource
	}
	p.Lines, p.Speakers = web.TranscriptLines(segs, nil)
	desc := description(show, p.Number, segs)
	pageTitle := title + " · " + show
	p.Head = b.head(pageTitle, desc, path)
	p.Head.OGType = "article"
	p.Head.OGAudio = p.Audio
	p.Head.Scripts = []string{"app.js"}
	p.Head.JSONLD = b.jsonLD(e, title, show, desc, p)
	return p
}

// description is an episode page's description: which episode it is and
// its first words, within DescriptionLen characters.
func description(show, number string, segs []search.Segment) string {
	d := "Transcript of " + show
	if number != "" {
		d += " episode " + number
	}
	d += ": "
	var text strings.Builder
	for _, s := range segs {
		if text.Len() > 4*DescriptionLen {
			break
		}
		text.WriteString(s.Text)
		text.WriteByte(' ')
	}
	return clip(d+strings.Join(strings.Fields(text.String()), " "), DescriptionLen)
}

// clip shortens a text to at most n characters at a word's end, with an
// ellipsis when it cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// jsonLD is the schema.org PodcastEpisode that describes an episode.
func (b *builder) jsonLD(e *search.Episode, title, show, desc string, p *EpisodePage) template.JS {
	m := map[string]any{
		"@context":    "https://schema.org",
		"@type":       "PodcastEpisode",
		"name":        title,
		"description": desc,
		"partOfSeries": map[string]any{
			"@type": "PodcastSeries",
			"name":  show,
		},
	}
	if e.Number >= 0 {
		m["episodeNumber"] = e.Number
	}
	if p.Date != "" {
		m["datePublished"] = p.Date
	}
	if p.Head.Canonical != "" {
		m["url"] = p.Head.Canonical
	}
	if p.Audio != "" {
		m["associatedMedia"] = map[string]any{"@type": "MediaObject", "contentUrl": audioWithoutFragment(p.Audio)}
	}
	data, err := json.Marshal(m) // escapes <, > and &: safe inside <script>
	if err != nil {
		panic("site: JSON-LD: " + err.Error())
	}
	return template.JS(data)
}

// audioWithoutFragment drops the "#t=0" a time link carries.
func audioWithoutFragment(u string) string {
	if x, err := url.Parse(u); err == nil {
		x.Fragment = ""
		return x.String()
	}
	return u
}

func (b *builder) indexPage() IndexPage {
	ix := b.ix
	p := IndexPage{Head: b.head(b.siteName(), fmt.Sprintf("Transcripts of %d episodes of %s, searchable.", len(ix.Episodes), b.siteName()), "index.html")}
	if b.o.BaseURL != "" {
		p.Head.Canonical = b.o.BaseURL
	}
	for si, s := range ix.Shows {
		sl := ShowList{Name: s.Name}
		for _, e := range ix.Episodes {
			if e.Show != si {
				continue
			}
			it := EpisodeItem{URL: episodePath(e), Title: Title(e), Number: e.Number, Segments: e.Count}
			if !e.Date.IsZero() {
				it.Date = e.Date.Format("2006-01-02")
			}
			sl.Episodes = append(sl.Episodes, it)
		}
		// The highest number first, as a show's own list has it; the
		// episodes without a number (which sort last) stay last.
		n := 0
		for n < len(sl.Episodes) && sl.Episodes[n].Number >= 0 {
			n++
		}
		slices.Reverse(sl.Episodes[:n])
		if len(sl.Episodes) > 0 {
			p.Shows = append(p.Shows, sl)
		}
	}
	return p
}

// sitemap lists the pages for search engines (sitemaps.org), with an
// episode's date as its last change; only with a base URL, since a
// sitemap's addresses are absolute.
func (b *builder) sitemap() []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	add := func(loc, lastmod string) {
		buf.WriteString("<url><loc>")
		xml.EscapeText(&buf, []byte(loc))
		buf.WriteString("</loc>")
		if lastmod != "" {
			buf.WriteString("<lastmod>" + lastmod + "</lastmod>")
		}
		buf.WriteString("</url>\n")
	}
	add(b.o.BaseURL, "")
	add(b.o.BaseURL+"search.html", "")
	for _, e := range b.ix.Episodes {
		date := ""
		if !e.Date.IsZero() {
			date = e.Date.Format("2006-01-02")
		}
		add(b.o.BaseURL+episodePath(e), date)
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}
