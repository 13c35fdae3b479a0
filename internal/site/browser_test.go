package site_test

// Browser tests: the static site in a real headless Chromium
// (internal/browsertest), served by net/http's FileServer as any static
// host would serve it. Each query's bytes are counted by the server, with
// the browser's cache off, so that every query pays for what it fetches.
// Set EMEND_SCREENSHOTS=docs/screenshots to write the screenshots.

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/emend-project/emend/internal/browsertest"
	"github.com/emend-project/emend/internal/corpustest"
	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/site"
)

// MaxQueryBytes is the most a search may transfer, the page included.
const MaxQueryBytes = 300 << 10

// counter serves a directory and counts the bytes of what it sends.
type counter struct {
	mu    sync.Mutex
	bytes int64
	files []string
	h     http.Handler
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cw := &countingWriter{ResponseWriter: w}
	c.h.ServeHTTP(cw, r)
	c.mu.Lock()
	c.bytes += cw.n
	c.files = append(c.files, r.URL.Path)
	c.mu.Unlock()
}

func (c *counter) reset() {
	c.mu.Lock()
	c.bytes, c.files = 0, nil
	c.mu.Unlock()
}

func (c *counter) read() (int64, []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes, append([]string(nil), c.files...)
}

type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
}

// serveSite builds the site of an index and serves it, with the audio
// show's audio as silent WAV files.
func serveSite(t testing.TB, ix *search.Index) (*httptest.Server, *counter, site.Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := site.Build(ix, dir, site.Options{BaseURL: "https://example.org/podcast/"})
	if err != nil {
		t.Fatal(err)
	}
	c := &counter{h: http.FileServer(http.Dir(dir))}
	wav := silentWAV(audioLength)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /audio/{file}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "audio/wav")
		http.ServeContent(w, r, r.PathValue("file"), time.Time{}, bytes.NewReader(wav))
	})
	mux.Handle("/", c)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, c, st
}

func noCache(p *browsertest.Page) {
	p.Do("turning the cache off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	}))
}

// query opens the search page with a query and waits for its results;
// it returns the bytes the server sent for it (the page, its style and
// script, and the index files) and those of the index files alone.
func query(t *testing.T, p *browsertest.Page, c *counter, q string) (total, index int64, files int) {
	t.Helper()
	c.reset()
	p.Open("/search.html?q=" + strings.ReplaceAll(urlQueryEscape(q), "+", "%20"))
	p.WaitFor("the results of "+q, `document.getElementById("results").getAttribute("data-done") === `+jsQuote(q))
	total, names := c.read()
	// The server counted all; the script counted the index files.
	idx := int64(browsertest.Eval[float64](p, `window.emendSearch.bytes`))
	for _, n := range names {
		if strings.HasPrefix(n, "/search/") {
			files++
		}
	}
	return total, idx, files
}

func urlQueryEscape(s string) string {
	r := strings.NewReplacer("%", "%25", "&", "%26", "#", "%23", "+", "%2B", " ", "+", `"`, "%22")
	return r.Replace(s)
}

func jsQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// libraryQueries are five queries of the test library, and an episode
// title each must find.
var libraryQueries = []struct{ q, want string }{
	{"uv", "A deep dive into uv"},
	{`"type hints"`, "Type hints everywhere"},
	{"pyd*", "Packaging in 2023"},
	{"scikit-learn show:bytes", "Ruff and friends"},
	{"polars -pandas", "Bonus live q and a"},
}

// moreQueries are checked for what they find, not measured.
var moreQueries = []struct {
	q        string
	episodes int    // episodes shown
	summary  string // the summary starts with it
}{
	{"polars OR zzz", 1, "1 episode"},
	{"zzz OR polars", 1, "1 episode"},
	{"welcome OR polars", 2, "2 episodes"},
	{"welcome OR pol*", 2, "2 episodes"},
	{`"type hints" -scikit`, 1, "1 episode"},
	{"uv OR", 0, "OR goes between"},
	{`"polars is fast"`, 1, "1 episode"},
	{"polars year:2025 show:weekly", 1, "1 episode"},
	{"polars year:2024", 0, "Nothing found"},
	{"uv episode:11-12", 2, "2 episodes"},
	{"script tag", 1, "1 episode"},
	{"granian script", 0, "0 episodes with every word in one passage (of 1 that"},
}

func TestBrowserSearch(t *testing.T) {
	ix, _ := writeLibrary(t)
	srv, c, _ := serveSite(t, ix)
	p := browsertest.New(t, srv.URL)
	noCache(p)
	for _, lq := range libraryQueries {
		total, idx, files := query(t, p, c, lq.q)
		titles := p.Text("#results")
		if !strings.Contains(titles, lq.want) {
			t.Errorf("%s: %q not in the results:\n%s", lq.q, lq.want, titles)
		}
		if p.Count("#results mark") == 0 {
			t.Errorf("%s: no word highlighted", lq.q)
		}
		if lq.q == "uv" {
			p.Screenshot("site-search")
		}
		t.Logf("query %-28s %6d bytes in all, %6d of index in %d files", lq.q, total, idx, files)
		if total > MaxQueryBytes {
			t.Errorf("%s: %d bytes transferred, over %d", lq.q, total, MaxQueryBytes)
		}
	}
	for _, mq := range moreQueries {
		query(t, p, c, mq.q)
		if n := p.Count("#results .group"); n != mq.episodes || !strings.HasPrefix(p.Text("#results"), mq.summary) {
			t.Errorf("%s: %d episodes, want %d; %q, want %q first", mq.q, n, mq.episodes, p.Text("#results"), mq.summary)
		}
	}
	// An episode without times: its passage is read at its line.
	query(t, p, c, "litestar")
	if href := browsertest.Eval[string](p, `document.querySelector("#results a.time").getAttribute("href")`); href != "episodes/bytes-weekly/3.html#s0" {
		t.Errorf("the untimed passage links to %q", href)
	}
	if txt := p.Text("#results .passage"); !strings.Contains(txt, "Read") || !strings.Contains(txt, "The <script>alert(1)</script> tag is text here.") {
		t.Errorf("the untimed passage: %q", txt)
	}
	// The phrase finds the passage with the phrase, not one with both
	// words apart; the exclusion leaves the passage with scikit out.
	query(t, p, c, `"type hints" -scikit`)
	if !strings.Contains(p.Text("#results"), "Let’s talk about type hints") {
		t.Errorf(`"type hints" -scikit: %s`, p.Text("#results"))
	}
}

func TestBrowserSearchAsYouType(t *testing.T) {
	ix, _ := writeLibrary(t)
	srv, _, _ := serveSite(t, ix)
	p := browsertest.New(t, srv.URL)
	p.Open("/search.html")
	p.Type("#q", "fastapi")
	p.WaitFor("results", `document.getElementById("results").getAttribute("data-done") === "fastapi"`)
	if loc := p.Location(); !strings.HasSuffix(loc, "/search.html?q=fastapi") {
		t.Errorf("location %s, want the query in it", loc)
	}
	if n := p.Count("#results .group"); n < 3 {
		t.Errorf("%d episodes for fastapi, want at least 3", n)
	}
	// A result's time goes to the line on the episode's page.
	href := browsertest.Eval[string](p, `document.querySelector("#results a.time").getAttribute("href")`)
	p.ClickAndWait("#results a.time")
	frag := href[strings.Index(href, "#")+1:]
	if n := browsertest.Eval[int](p, `document.querySelectorAll("[id="+CSS.escape(`+jsQuote(frag)+`)+"]").length`); n != 1 {
		t.Errorf("the result's link %s names no line of the page", href)
	}
	// Nothing typed, nothing shown.
	p.Open("/search.html?q=zzzzqqq")
	p.WaitFor("results", `document.getElementById("results").getAttribute("data-done") === "zzzzqqq"`)
	if !strings.Contains(p.Text("#results"), "Nothing found") {
		t.Errorf("no match: %s", p.Text("#results"))
	}
	p.Open("/search.html?q=" + urlQueryEscape("year:20x uv"))
	p.WaitFor("results", `document.getElementById("results").getAttribute("data-done") !== null`)
	if p.Count("#results [role=alert]") != 1 {
		t.Errorf("a bad filter: %s", p.Text("#results"))
	}
}

func TestBrowserEpisodeSeeksAudio(t *testing.T) {
	ix, _ := writeLibrary(t)
	srv, _, _ := serveSite(t, ix)
	p := browsertest.New(t, srv.URL)
	p.Open("/episodes/pulse/12.html")
	p.WaitFor("the audio's length is known", `document.getElementById("player").readyState >= 1`)
	p.Screenshot("site-episode")
	p.Click(`a.time[data-t="90"]`)
	p.WaitFor("the player is at 1:30", `(p => p.currentTime >= 90 && p.currentTime < 95)(document.getElementById("player"))`)
	if h := browsertest.Eval[string](p, `location.hash`); h != "#t=90" {
		t.Errorf("hash %q after the click, want #t=90", h)
	}
	p.Open("/episodes/pulse/12.html#t=200")
	p.WaitFor("the audio's length is known", `document.getElementById("player").readyState >= 1`)
	p.WaitFor("the player is at 3:20", `(p => p.currentTime >= 200 && p.currentTime < 205)(document.getElementById("player"))`)
	p.Open("/index.html")
	if n := p.Count("ol.episodes li"); n != 7 {
		t.Errorf("the index lists %d episodes, want 7", n)
	}
	p.Screenshot("site-index")
}

func TestBrowserWithoutJavaScript(t *testing.T) {
	ix, _ := writeLibrary(t)
	srv, _, _ := serveSite(t, ix)
	p := browsertest.New(t, srv.URL, browsertest.WithoutJavaScript())
	p.Open("/search.html?q=uv")
	if !strings.Contains(p.Text("main"), "needs JavaScript") {
		t.Errorf("the search page without JavaScript does not say it needs it:\n%s", p.Text("main"))
	}
	p.Screenshot("site-search-nojs")
	p.ClickAndWait(`noscript a, main p.error a`)
	// (FileServer answers index.html with a redirect to its directory.)
	if loc := p.Location(); !strings.HasSuffix(loc, "/index.html") && loc != srv.URL+"/" {
		t.Errorf("the link goes to %s, want the index", p.Location())
	}
	// A time link is an anchor: the line is the target.
	p.Open("/episodes/bytes-weekly/2.html")
	p.Click(`a.time[href="#t=70"]`)
	if h := browsertest.Eval[string](p, `location.hash`); h != "#t=70" {
		t.Errorf("hash %q, want #t=70", h)
	}
	if n := browsertest.Eval[int](p, `document.querySelectorAll("li:has(span:target)").length`); n != 1 {
		t.Errorf("%d lines are the target, want 1", n)
	}
}

// corpusQueries are the five queries measured on the corpora: a name, a
// phrase, a prefix, an exclusion, and common words (the worst case).
var corpusQueries = []string{"pydantic", `"type hints"`, "async*", "django -flask", "the python"}

// TestBrowserSearchCorpus builds the site of each corpus and measures
// what five searches transfer.
func TestBrowserSearchCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpora's sites take a while to build")
	}
	for _, name := range corpustest.Names() {
		t.Run(name, func(t *testing.T) {
			dir := corpustest.Dir(t, name)
			ix, _, err := search.Build([]search.Source{{Show: search.Show{Name: name}, Paths: []string{dir}}}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			srv, c, st := serveSite(t, ix)
			t.Logf("%s: site of %d episodes: %d files, %.1f MB, built in %.1fs", name, st.Episodes, st.Files, float64(st.Bytes)/1e6, st.Took.Seconds())
			p := browsertest.New(t, srv.URL)
			noCache(p)
			for _, q := range corpusQueries {
				total, idx, files := query(t, p, c, q)
				n := p.Count("#results .group")
				t.Logf("%s: query %-16s %3d episodes shown, %7d bytes in all, %7d of index in %3d files (%s)", name, q, n, total, idx, files, p.Text("#summary"))
				if n == 0 {
					t.Errorf("%s: nothing shown", q)
				}
				if total > MaxQueryBytes {
					t.Errorf("%s: %d bytes transferred, over %d", q, total, MaxQueryBytes)
				}
			}
			// A single word: the script's count of episodes is the index's.
			q, err := search.Parse("pydantic", false)
			if err != nil {
				t.Fatal(err)
			}
			res, err := ix.Search(context.Background(), q, search.Options{Limit: 100000, PerEpisode: 1})
			if err != nil {
				t.Fatal(err)
			}
			query(t, p, c, "pydantic")
			if want := "of " + strconv.Itoa(len(res.Groups)) + " episodes"; !strings.Contains(p.Text("#summary"), want) {
				t.Errorf("pydantic: %q, want %q as emend search finds", p.Text("#summary"), want)
			}
			if name == "talk-python" {
				p.Screenshot("site-search-talk-python")
			}
		})
	}
}

// TestBrowserPhone: on a phone's screen the results and an episode fit
// the width (nothing scrolls sideways).
func TestBrowserPhone(t *testing.T) {
	ix, _ := writeLibrary(t)
	srv, c, _ := serveSite(t, ix)
	p := browsertest.New(t, srv.URL, browsertest.WithViewport(browsertest.Phone))
	query(t, p, c, "fastapi")
	if n := p.Count("#results .group"); n == 0 {
		t.Fatal("no results")
	}
	for _, page := range []string{"", "/episodes/pulse/12.html", "/index.html"} {
		if page != "" {
			p.Open(page)
		}
		if w := browsertest.Eval[int](p, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
			t.Errorf("%s: %d pixels wider than the phone", p.Location(), w)
		}
		if page == "" {
			p.Screenshot("site-search-phone")
		}
	}
}
