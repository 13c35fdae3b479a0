// Package web owns the HTML pages of `emend serve`: search (/), episode
// pages (/episodes/{id}) with downloads, and the trend chart (/trend).
// Pages are rendered on the server with html/template from embedded
// templates and assets; every page works without JavaScript, and a small
// script (assets/app.js) adds search as you type and seeking the audio.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/transcript"
)

// Limits of the pages.
const (
	PerPage       = 10     // episodes on one page of results
	PerEpisode    = 3      // passages shown per episode
	MaxEpisodes   = 100000 // episodes a search considers for its facets
	ContextBefore = 1      // neighbouring segments shown before a hit
	ContextAfter  = 1      // and after
	MaxPage       = 10000
	chartWidth    = 720
	chartHeight   = 240
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// Runner runs a query within the server's limits of time and concurrency.
type Runner func(r *http.Request, query func(context.Context) error) error

// Pages serves the HTML pages over one index.
type Pages struct {
	ix     *search.Index
	run    Runner
	tmpl   *template.Template
	review *Review
}

// WithReview adds the review queue and sign-in to the pages (rv may be
// nil: none).
func (p *Pages) WithReview(rv *Review) *Pages {
	p.review = rv
	return p
}

// New returns the pages of an index; run bounds each query.
func New(ix *search.Index, run Runner) *Pages {
	return &Pages{ix: ix, run: run, tmpl: parseTemplates()}
}

// Templates returns a fresh copy of the pages' templates, for a package
// that renders pages of its own with the same parts ("spans",
// "transcript"): the static site.
func Templates() *template.Template { return parseTemplates() }

// Asset returns one of the pages' embedded assets by name: "style.css",
// "app.js" or "favicon.svg".
func Asset(name string) ([]byte, error) { return assetFS.ReadFile("assets/" + name) }

func parseTemplates() *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{
		"mark": mark,
		"box":  func(name string, fs []Facet) FacetBox { return FacetBox{name, fs} },
		"when": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Local().Format("2006-01-02 15:04:05")
		},
	}).ParseFS(templateFS, "templates/*.html"))
}

// Register adds the pages' routes to a mux.
func (p *Pages) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", p.searchPage)
	mux.HandleFunc("GET /episodes/{id}", p.episodePage)
	mux.HandleFunc("GET /episodes/{id}/download/{format}", p.download)
	mux.HandleFunc("GET /trend", p.trendPage)
	if p.review != nil {
		p.review.register(mux, p)
	}
	sub, _ := fs.Sub(assetFS, "assets")
	static := http.StripPrefix("/static/", http.FileServerFS(sub))
	mux.Handle("GET /static/", static)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p.notFound(w, "There is no page "+r.URL.Path+".")
	})
}

// secure sets the headers every page carries.
func secure(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; media-src *; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
}

func (p *Pages) render(w http.ResponseWriter, status int, name string, data any) {
	var b bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		http.Error(w, "rendering "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	secure(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// Span is a piece of text, highlighted or not.
type Span struct {
	Text string
	Hit  bool
}

// mark splits a text into spans, highlighting the words in hl (folded to
// lower case).
func mark(text string, hl map[string]bool) []Span {
	if len(hl) == 0 {
		return []Span{{Text: text}}
	}
	var out []Span
	start, plain := 0, 0
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' }
	runes := []rune(text)
	pos := 0 // byte offset of runes[i]
	offs := make([]int, len(runes)+1)
	for i, r := range runes {
		offs[i] = pos
		pos += len(string(r))
	}
	offs[len(runes)] = pos
	for i := 0; i <= len(runes); i++ {
		if i < len(runes) && isWord(runes[i]) {
			continue
		}
		if i > start {
			w := text[offs[start]:offs[i]]
			if hl[strings.ToLower(w)] {
				if offs[start] > plain {
					out = append(out, Span{Text: text[plain:offs[start]]})
				}
				out = append(out, Span{Text: w, Hit: true})
				plain = offs[i]
			}
		}
		start = i + 1
	}
	if plain < len(text) {
		out = append(out, Span{Text: text[plain:]})
	}
	return out
}

// words reads the hl parameter: words to highlight, comma-separated.
func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Split(s, ",") {
		if w = strings.ToLower(strings.TrimSpace(w)); w != "" {
			m[w] = true
		}
	}
	return m
}

// Facet is one value of a facet, with its count and the URL that narrows
// (or, when selected, widens) the results.
type Facet struct {
	Value    string
	Count    int
	URL      string
	Selected bool
}

// FacetBox is one facet's values, under its name.
type FacetBox struct {
	Name   string
	Facets []Facet
}

// Line is one segment shown on a page.
type Line struct {
	Index   int
	Anchor  string // "t=90", for the first segment at that second
	Time    string
	Seconds int64
	Speaker string
	Spans   []Span
	Hit     bool
	Link    string // where its time link goes
}

// Passage is a hit with its neighbouring segments.
type Passage struct {
	Lines []Line
	Time  string
	Link  string // the episode page at that line, or with audio there
	Audio bool
}

// GroupView is one episode of the results.
type GroupView struct {
	ID, Show, Title, Date string
	Episode               int
	Matches               int
	URL                   string
	Passages              []Passage
}

// SearchView is the data of the search page.
type SearchView struct {
	Q, Show, Year, Speaker string
	Sounds                 bool
	Error                  string
	Segments, Episodes     int
	Groups                 []GroupView
	Shows, Years, Speakers []Facet
	Page, Pages            int
	Prev, Next             string
	TookMS                 string
	Expanded               map[string][]string
	TrendURL               string
}

// params are the search page's URL parameters.
type params struct {
	q, show, year, speaker string
	sounds                 bool
	page                   int
}

func (v params) url(page int) string {
	u := url.Values{}
	u.Set("q", v.q)
	if v.sounds {
		u.Set("sounds", "on")
	}
	for k, x := range map[string]string{"show": v.show, "year": v.year, "speaker": v.speaker} {
		if x != "" {
			u.Set(k, x)
		}
	}
	if page > 1 {
		u.Set("page", strconv.Itoa(page))
	}
	return "/?" + u.Encode()
}

func (p *Pages) searchPage(w http.ResponseWriter, r *http.Request) {
	t0 := time.Now()
	v := r.URL.Query()
	pr := params{q: strings.TrimSpace(v.Get("q")), show: v.Get("show"), year: v.Get("year"), speaker: v.Get("speaker"),
		sounds: v.Get("sounds") == "on", page: 1}
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n >= 1 && n <= MaxPage {
		pr.page = n
	}
	view := SearchView{Q: pr.q, Show: pr.show, Year: pr.year, Speaker: pr.speaker, Sounds: pr.sounds, Page: pr.page}
	status := http.StatusOK
	if pr.q != "" {
		if err := p.search(r, pr, &view); err != nil {
			view.Error, status = failed(w, err)
		}
	}
	view.TookMS = strconv.FormatFloat(float64(time.Since(t0).Microseconds())/1000, 'f', 1, 64)
	name := "search.html"
	if v.Get("partial") == "1" {
		name = "results"
	}
	p.render(w, status, name, view)
}

// Retrier is an error of a Runner that says when to retry: a client over
// its share of queries. A page then answers 429 Too Many Requests, with
// a Retry-After header and a message saying to try again.
type Retrier interface {
	error
	RetryAfter() int // seconds
}

// failed is what a page shows for a query that failed, and its status.
// A Retrier's wait goes into the Retry-After header.
func failed(w http.ResponseWriter, err error) (msg string, status int) {
	var rt Retrier
	if errors.As(err, &rt) {
		secs := max(1, rt.RetryAfter())
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		return fmt.Sprintf("Too many searches at once from your address: wait %s and try again.", plural(secs, "second")), http.StatusTooManyRequests
	}
	return err.Error(), statusOf(err)
}

// plural writes a count and a noun, with an "s" unless the count is one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func statusOf(err error) int {
	var se *search.SyntaxError
	switch {
	case errors.As(err, &se):
		return http.StatusBadRequest
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

func (p *Pages) search(r *http.Request, pr params, view *SearchView) error {
	if len(pr.q) > search.MaxQueryLen {
		return fmt.Errorf("the query is longer than %d bytes", search.MaxQueryLen)
	}
	q, err := search.Parse(pr.q, pr.sounds)
	if err != nil {
		return err
	}
	if pr.speaker != "" {
		q.Speakers = append(q.Speakers, strings.ToLower(pr.speaker))
	}
	var res *search.Result
	err = p.run(r, func(ctx context.Context) (err error) {
		res, err = p.ix.Search(ctx, q, search.Options{Limit: MaxEpisodes, PerEpisode: PerEpisode})
		return err
	})
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("the query took too long; narrow it down: %w", err)
		}
		return err
	}
	view.Expanded = res.Expanded
	view.TrendURL = "/trend?" + url.Values{"q": {pr.q}}.Encode()
	// Facets count the episodes of every facet value under the other
	// facets' selections.
	shows, years, speakers := map[string]int{}, map[string]int{}, map[string]int{}
	var kept []*search.Group
	for _, g := range res.Groups {
		year := yearOf(g.Date)
		okShow, okYear := pr.show == "" || g.Show == pr.show, pr.year == "" || year == pr.year
		if okYear {
			shows[g.Show]++
		}
		if okShow && year != "" {
			years[year]++
		}
		if okShow && okYear {
			kept = append(kept, g)
			seen := map[string]bool{}
			for _, h := range g.Hits {
				if h.Speaker != "" && !seen[h.Speaker] {
					seen[h.Speaker] = true
					speakers[h.Speaker]++
				}
			}
		}
	}
	view.Shows = facets(shows, pr.show, func(x string) params { c := pr; c.show = x; c.page = 1; return c })
	view.Years = facets(years, pr.year, func(x string) params { c := pr; c.year = x; c.page = 1; return c })
	slices.SortFunc(view.Years, func(a, b Facet) int { return strings.Compare(b.Value, a.Value) })
	if pr.speaker != "" || len(speakers) > 0 {
		view.Speakers = facets(speakers, pr.speaker, func(x string) params { c := pr; c.speaker = x; c.page = 1; return c })
	}
	view.Episodes = len(kept)
	for _, g := range kept {
		view.Segments += g.Matches
	}
	view.Pages = (len(kept) + PerPage - 1) / PerPage
	if view.Page > view.Pages && view.Pages > 0 {
		view.Page = view.Pages
	}
	if view.Page > 1 {
		view.Prev = pr.url(view.Page - 1)
	}
	if view.Page < view.Pages {
		view.Next = pr.url(view.Page + 1)
	}
	from := (view.Page - 1) * PerPage
	kept = kept[min(from, len(kept)):min(from+PerPage, len(kept))]
	hl := map[string]bool{}
	for _, g := range res.Groups {
		for _, h := range g.Hits {
			for _, b := range h.Highlights {
				if b[0] >= 0 && b[1] <= len(h.Snippet) && b[0] < b[1] {
					hl[strings.ToLower(h.Snippet[b[0]:b[1]])] = true
				}
			}
		}
	}
	hlParam := strings.Join(sortedKeys(hl), ",")
	for _, g := range kept {
		view.Groups = append(view.Groups, p.groupView(g, hl, hlParam))
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func yearOf(date string) string {
	if len(date) >= 4 {
		return date[:4]
	}
	return ""
}

func facets(counts map[string]int, selected string, with func(string) params) []Facet {
	var out []Facet
	for v, n := range counts {
		f := Facet{Value: v, Count: n, Selected: v == selected}
		if f.Selected {
			f.URL = with("").url(1)
		} else {
			f.URL = with(v).url(1)
		}
		out = append(out, f)
	}
	if selected != "" && counts[selected] == 0 {
		out = append(out, Facet{Value: selected, Selected: true, URL: with("").url(1)})
	}
	slices.SortFunc(out, func(a, b Facet) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}

func episodeURL(id string, hl string) string {
	u := "/episodes/" + url.PathEscape(id)
	if hl != "" {
		u += "?" + url.Values{"hl": {hl}}.Encode()
	}
	return u
}

// groupView lays out one episode's hits with their neighbouring segments.
func (p *Pages) groupView(g *search.Group, hl map[string]bool, hlParam string) GroupView {
	gv := GroupView{ID: g.ID, Show: g.Show, Title: g.Title, Date: g.Date, Episode: g.Episode, Matches: g.Matches,
		URL: episodeURL(g.ID, hlParam)}
	e := p.ix.Episode(g.ID)
	if e == nil {
		return gv
	}
	segs := p.ix.Segments(e)
	audio := p.ix.AudioLink(e, 0) != ""
	next := 0 // hits are in segment order
	for _, h := range g.Hits {
		i := next
		for i < len(segs) && !(segs[i].Text == h.Text && segs[i].Start == h.Start) {
			i++
		}
		if i == len(segs) {
			continue
		}
		next = i + 1
		pa := Passage{Time: h.Time, Audio: audio, Link: gv.URL + "#" + AnchorOf(segs, i)}
		for j := max(0, i-ContextBefore); j <= min(len(segs)-1, i+ContextAfter); j++ {
			pa.Lines = append(pa.Lines, Line{Index: j, Speaker: segs[j].Speaker, Spans: mark(segs[j].Text, hl), Hit: j == i,
				Time: clock(segs[j].Start)})
		}
		gv.Passages = append(gv.Passages, pa)
	}
	return gv
}

func clock(sec float64) string {
	if sec < 0 {
		return ""
	}
	return search.Clock(int64(sec * 1000))
}

// AnchorOf is the fragment that addresses segment i: "t=SECONDS" for the
// first segment at that second, else "sN".
func AnchorOf(segs []search.Segment, i int) string {
	if segs[i].Start < 0 || (i > 0 && int64(segs[i-1].Start) == int64(segs[i].Start)) {
		return "s" + strconv.Itoa(i)
	}
	return "t=" + strconv.FormatInt(int64(segs[i].Start), 10)
}

// EpisodeView is the data of an episode page.
type EpisodeView struct {
	ID, Show, Title, Date, DateFrom, File string
	Episode                               int
	Audio                                 string
	Lines                                 []Line
	Downloads                             []Download
	Highlight                             string
	Speakers                              []string
}

// Download is one format the episode can be downloaded in.
type Download struct{ Format, Name, URL string }

// TranscriptLines lays out an episode's segments for the "transcript"
// template, the words in hl highlighted, and lists its speakers in the
// order they first speak.
func TranscriptLines(segs []search.Segment, hl map[string]bool) (lines []Line, speakers []string) {
	seen := map[string]bool{}
	for i, s := range segs {
		l := Line{Index: i, Speaker: s.Speaker, Spans: mark(s.Text, hl), Time: clock(s.Start), Seconds: int64(max(s.Start, 0))}
		a := AnchorOf(segs, i)
		if a[0] == 't' {
			l.Anchor = a
		}
		l.Link = "#" + a
		if s.Speaker != "" && !seen[s.Speaker] {
			seen[s.Speaker] = true
			speakers = append(speakers, s.Speaker)
		}
		lines = append(lines, l)
	}
	return lines, speakers
}

func (p *Pages) episodePage(w http.ResponseWriter, r *http.Request) {
	e := p.ix.Episode(r.PathValue("id"))
	if e == nil {
		p.notFound(w, fmt.Sprintf("There is no episode %q. Episode ids look like show-name:123.", r.PathValue("id")))
		return
	}
	hlParam := r.URL.Query().Get("hl")
	hl := words(hlParam)
	segs := p.ix.Segments(e)
	v := EpisodeView{ID: e.ID, Show: p.ix.Shows[e.Show].Name, Title: e.Title, Episode: e.Number, File: shortPath(e.File),
		Audio: p.ix.AudioLink(e, 0), Highlight: hlParam}
	if !e.Date.IsZero() {
		v.Date, v.DateFrom = e.Date.Format("2006-01-02"), e.DateSource
	}
	v.Lines, v.Speakers = TranscriptLines(segs, hl)
	for _, f := range transcript.WritableFormats() {
		v.Downloads = append(v.Downloads, Download{Format: string(f), Name: f.Describe(),
			URL: "/episodes/" + url.PathEscape(e.ID) + "/download/" + string(f)})
	}
	p.render(w, http.StatusOK, "episode.html", v)
}

// shortPath drops the directories of a transcript's path: pages show no
// absolute server paths.
func shortPath(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

func (p *Pages) notFound(w http.ResponseWriter, msg string) {
	p.render(w, http.StatusNotFound, "notfound.html", msg)
}

// extensions of the downloads, by format.
var extensions = map[transcript.Format]string{transcript.TimedText: "txt", transcript.Text: "text.txt",
	transcript.JSON: "json", transcript.HTML: "html", transcript.VTT: "vtt", transcript.SRT: "srt"}

func (p *Pages) download(w http.ResponseWriter, r *http.Request) {
	e := p.ix.Episode(r.PathValue("id"))
	if e == nil {
		p.notFound(w, fmt.Sprintf("There is no episode %q.", r.PathValue("id")))
		return
	}
	f, err := transcript.ParseFormat(r.PathValue("format"))
	if err != nil || !transcript.Writable(f) {
		p.notFound(w, fmt.Sprintf("emend does not write the format %q.", r.PathValue("format")))
		return
	}
	ep := p.episode(e)
	b, err := transcript.Marshal(ep, f)
	if err != nil {
		http.Error(w, fmt.Sprintf("writing %s as %s: %v", e.ID, f, err), http.StatusInternalServerError)
		return
	}
	ext := extensions[f]
	if ext == "" {
		ext = string(f)
	}
	name := strings.NewReplacer(":", "-", "/", "-").Replace(e.ID) + "." + ext
	ct := map[string]string{"json": "application/json", "html": "text/html", "vtt": "text/vtt"}[string(f)]
	if ct == "" {
		ct = "text/plain"
	}
	secure(w)
	w.Header().Set("Content-Type", ct+"; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(b)
}

// episode rebuilds a transcript episode from the index, for the writers.
func (p *Pages) episode(e *search.Episode) *transcript.Episode {
	ep := transcript.NewEpisode()
	ep.Show, ep.Number, ep.Slug, ep.Title, ep.Date = p.ix.Shows[e.Show].Name, e.Number, e.Slug, e.Title, e.Date
	for i, s := range p.ix.Segments(e) {
		start := transcript.Millis(p.ix.SegmentStart(e, i))
		if start < 0 {
			start = transcript.NoTime
		}
		ep.Segments = append(ep.Segments, transcript.Segment{Start: start, End: transcript.NoTime, Speaker: s.Speaker, Text: s.Text})
	}
	return ep
}
