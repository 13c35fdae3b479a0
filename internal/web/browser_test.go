package web_test

// Browser tests: the pages in a real headless Chromium (internal/browsertest),
// over a small library that the test writes. They skip when no Chromium is
// installed (and fail under CI, which installs it). Set EMEND_SCREENSHOTS to
// a directory (docs/screenshots) to write the pages' screenshots there.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/emend-project/emend/internal/browsertest"
	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/server"
)

// The test library: two shows, one with audio.
const (
	audioShow   = "Pulse"        // its episodes have audio
	noAudioShow = "Bytes Weekly" // no audio
	audioRate   = 8000           // samples per second of the generated audio
	audioLength = 300            // seconds
)

// libEpisode is one episode of the test library.
type libEpisode struct {
	file, title string
	date        string // YYYY-MM-DD, set as the file's modification time
	lines       []string
}

// testLibrary is a small show pair about Python tooling, realistic enough
// for facets (two shows, three years, several speakers), highlights, long
// transcripts that scroll, and a trend over the years.
func testLibrary() map[string][]libEpisode {
	long := func(topic string, n int) []string {
		speakers := []string{"Maya", "Tom"}
		var out []string
		for i := range n {
			s := speakers[i%2]
			switch i % 5 {
			case 0:
				out = append(out, s+"|Let's talk about "+topic+" and how people use it day to day.")
			case 1:
				out = append(out, s+"|I switched our build to uv last spring and the CI got three times faster.")
			case 2:
				out = append(out, s+"|The lock file is the part I care about: everyone gets the same versions.")
			case 3:
				out = append(out, s+"|Pydantic validates the settings, and FastAPI reads them at start-up.")
			default:
				out = append(out, s+"|Nobody reads the docs until something breaks, so make the errors good.")
			}
		}
		return out
	}
	return map[string][]libEpisode{
		audioShow: {
			{"010-packaging.vtt", "Packaging in 2023", "2023-03-14", long("packaging", 40)},
			{"011-type-hints.vtt", "Type hints everywhere", "2024-05-02", long("type hints", 30)},
			{"012-uv-deep-dive.vtt", "A deep dive into uv", "2025-01-20", long("uv", 36)},
		},
		noAudioShow: {
			{"001-news.vtt", "News of the week", "2024-02-09", long("the news", 24)},
			{"002-ruff.vtt", "Ruff, uv and friends", "2025-06-30", long("ruff", 30)},
		},
	}
}

// vtt writes an episode as WebVTT, one cue every ten seconds.
func (e libEpisode) vtt() string {
	var b strings.Builder
	b.WriteString("WEBVTT - " + e.title + "\n\n")
	for i, l := range e.lines {
		speaker, text, _ := strings.Cut(l, "|")
		t := i * 10
		fmt.Fprintf(&b, "%02d:%02d:%02d.000 --> %02d:%02d:%02d.000\n<v %s>%s\n\n", t/3600, t/60%60, t%60, (t+9)/3600, (t+9)/60%60, (t+9)%60, speaker, text)
	}
	return b.String()
}

// newLibraryServer writes the test library, indexes it and serves it the
// way emend serve does, with the audio of the audio show served beside
// it as a generated silent WAV (with range requests, so it can seek).
func newLibraryServer(t testing.TB) *httptest.Server {
	t.Helper()
	root := t.TempDir()
	var sources []search.Source
	for show, eps := range testLibrary() {
		dir := filepath.Join(root, strings.ToLower(strings.ReplaceAll(show, " ", "-")))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, e := range eps {
			p := filepath.Join(dir, e.file)
			if err := os.WriteFile(p, []byte(e.vtt()), 0o644); err != nil {
				t.Fatal(err)
			}
			d, err := time.Parse("2006-01-02", e.date)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(p, d, d); err != nil {
				t.Fatal(err)
			}
		}
		s := search.Show{Name: show}
		if show == audioShow {
			s.AudioURL = "/audio/{episode}.wav"
		}
		sources = append(sources, search.Source{Show: s, Paths: []string{dir}})
	}
	ix, _, err := search.Build(sources, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	wav := silentWAV(audioLength)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /audio/{file}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "audio/wav")
		http.ServeContent(w, r, r.PathValue("file"), time.Time{}, bytes.NewReader(wav))
	})
	mux.Handle("/", server.New(ix, 4).Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// silentWAV returns a WAV file of silence: 8-bit mono PCM.
func silentWAV(seconds int) []byte {
	n := audioRate * seconds
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(36 + n))
	b.WriteString("WAVEfmt ")
	le(uint32(16))        // size of the fmt chunk
	le(uint16(1))         // PCM
	le(uint16(1))         // mono
	le(uint32(audioRate)) // sample rate
	le(uint32(audioRate)) // bytes per second
	le(uint16(1))         // block align
	le(uint16(8))         // bits per sample
	b.WriteString("data")
	le(uint32(n))
	b.Write(bytes.Repeat([]byte{0x80}, n)) // 8-bit PCM is unsigned: 128 is silence
	return b.Bytes()
}

// TestBrowserSearchAsYouType types a query into the search box and sees
// the results come without a new page: a marker set on window survives,
// and the address bar follows the query.
func TestBrowserSearchAsYouType(t *testing.T) {
	srv := newLibraryServer(t)
	p := browsertest.New(t, srv.URL)
	p.Open("/")
	browsertest.Eval[bool](p, `window.emendMarker = "still here"; true`)
	if n := p.Count(".group"); n != 0 {
		t.Fatalf("the empty search page shows %d results", n)
	}
	if !browsertest.Eval[bool](p, `document.documentElement.classList.contains("js")`) {
		t.Fatal("the page's script did not run")
	}
	p.Type("#q", "talk about")
	p.WaitFor("results appear", `document.querySelectorAll("#results .group").length > 0`)
	marker := browsertest.Eval[string](p, `String(window.emendMarker)`)
	if marker != "still here" {
		t.Errorf("window marker = %q after typing: the page was reloaded", marker)
	}
	if n := p.Count("#results .group"); n != 5 {
		t.Errorf("%d episodes shown, want all 5 (every episode opens with its topic)", n)
	}
	if got := p.Text("#summary"); !strings.Contains(got, "in 5 episodes") {
		t.Errorf("summary %q", got)
	}
	if n := p.Count("#results mark"); n == 0 {
		t.Error("no highlighted words")
	}
	p.WaitFor("the address follows the query", `location.search.includes("q=talk+about")`)

	// Typing more narrows the results, still without a reload.
	p.Type("#q", " ruff")
	p.WaitFor("the narrower results", `/in 1 episodes/.test(document.querySelector("#summary").textContent)`)
	if got := p.Text("#results .group h2"); got != "Ruff, uv and friends" {
		t.Errorf("the one episode left is %q", got)
	}
	marker = browsertest.Eval[string](p, `String(window.emendMarker)`)
	if marker != "still here" {
		t.Errorf("window marker = %q after typing more", marker)
	}
	if title := browsertest.Eval[string](p, `document.title`); !strings.HasPrefix(title, "talk about ruff") {
		t.Errorf("title %q", title)
	}
}

// TestBrowserFacet narrows the results with a facet link and widens them
// again with the selected one.
func TestBrowserFacet(t *testing.T) {
	srv := newLibraryServer(t)
	p := browsertest.New(t, srv.URL)
	p.Open("/?q=uv")
	if n := p.Count(".group"); n != 5 {
		t.Fatalf("%d episodes before the facet, want 5", n)
	}
	p.Screenshot("search")
	p.ClickAndWait(`.facet a[href*="show=Bytes+Weekly"]`)
	if n := p.Count(".group"); n != 2 {
		t.Errorf("%d episodes of %s, want 2", n, noAudioShow)
	}
	for _, m := range browsertest.Eval[[]string](p, `[...document.querySelectorAll(".group .meta")].map(e => e.textContent)`) {
		if !strings.HasPrefix(m, noAudioShow) {
			t.Errorf("a result of another show: %q", m)
		}
	}
	if got := p.Text(`.facet a[aria-current="true"]`); !strings.Contains(got, noAudioShow) {
		t.Errorf("the selected facet reads %q", got)
	}
	// A second facet narrows further; the hidden field keeps the first
	// one for a new query typed into the box.
	p.ClickAndWait(`.facet a[href*="year=2025"]`)
	if n := p.Count(".group"); n != 1 {
		t.Errorf("%d episodes of %s in 2025, want 1", n, noAudioShow)
	}
	if v := browsertest.Eval[string](p, `document.querySelector('#search-form input[name=show]').value`); v != noAudioShow {
		t.Errorf("the form keeps show=%q", v)
	}
	// The selected show's link removes the filter.
	p.ClickAndWait(`.facet a[aria-current="true"][href*="year=2025"]`)
	if n := p.Count(".group"); n != 2 {
		t.Errorf("%d episodes in 2025 after removing the show filter, want 2", n)
	}
}

// TestBrowserTimeLinkSeeksAudio clicks a time on an episode page with
// audio and checks the player's position, then opens a #t= link.
func TestBrowserTimeLinkSeeksAudio(t *testing.T) {
	srv := newLibraryServer(t)
	p := browsertest.New(t, srv.URL)
	p.Open("/episodes/pulse:12?hl=uv")
	p.WaitFor("the audio's length is known", `document.getElementById("player").readyState >= 1`)
	if d := browsertest.Eval[float64](p, `document.getElementById("player").duration`); d < audioLength-1 || d > audioLength+1 {
		t.Errorf("audio duration %.1f s, want %d", d, audioLength)
	}
	p.Screenshot("episode")
	p.Click(`a.time[data-t="90"]`)
	p.WaitFor("the player is at 1:30", `(p => p.currentTime >= 90 && p.currentTime < 95)(document.getElementById("player"))`)
	if h := browsertest.Eval[string](p, `location.hash`); h != "#t=90" {
		t.Errorf("hash %q after the click, want #t=90", h)
	}
	// A link from the results, opened in a new page.
	p.Open("/episodes/pulse:12#t=200")
	p.WaitFor("the audio's length is known", `document.getElementById("player").readyState >= 1`)
	p.WaitFor("the player is at 3:20", `(p => p.currentTime >= 200 && p.currentTime < 205)(document.getElementById("player"))`)
}

// TestBrowserTimeLinkWithoutAudio follows a passage's time from the
// results of a show without audio: it lands on the line.
func TestBrowserTimeLinkWithoutAudio(t *testing.T) {
	srv := newLibraryServer(t)
	p := browsertest.New(t, srv.URL)
	p.Open("/?q=" + "nobody+reads&show=Bytes+Weekly&year=2025")
	if n := p.Count(`audio`); n != 0 {
		t.Fatalf("%d audio players on the results page", n)
	}
	href := browsertest.Eval[string](p, `document.querySelector(".passage a.time").getAttribute("href")`)
	if !strings.HasPrefix(href, "/episodes/bytes-weekly:2?hl=") || !strings.Contains(href, "#t=40") {
		t.Fatalf("first passage links to %q", href)
	}
	p.ClickAndWait(".passage a.time")
	if n := p.Count("audio"); n != 0 {
		t.Errorf("the episode page of a show without audio has %d players", n)
	}
	p.WaitFor("the line is the target", `document.querySelector(":target") !== null`)
	if id := browsertest.Eval[string](p, `document.querySelector(":target").id`); id != "t=40" {
		t.Errorf("target %q, want t=40", id)
	}
	// The line is on screen, scrolled to, and marked.
	box := browsertest.Eval[[]float64](p, `(r => [r.top, r.bottom, innerHeight, scrollY])(document.getElementById("s4").getBoundingClientRect())`)
	if box[0] < 0 || box[1] > box[2] || box[3] == 0 {
		t.Errorf("line s4 at %v..%v of a %v px window, scrolled %v: not brought into view", box[0], box[1], box[2], box[3])
	}
	if bg := browsertest.Eval[string](p, `getComputedStyle(document.getElementById("s4")).backgroundColor`); bg == "rgba(0, 0, 0, 0)" {
		t.Error("the target line is not marked")
	}
	if n := p.Count("#s4 mark"); n == 0 {
		t.Error("the words searched for are not highlighted on the episode page")
	}
}

// TestBrowserWithoutJavaScript uses the pages with scripts disabled:
// submitting the form searches, facets and time links still work.
func TestBrowserWithoutJavaScript(t *testing.T) {
	srv := newLibraryServer(t)
	p := browsertest.New(t, srv.URL, browsertest.WithoutJavaScript())
	p.Open("/")
	p.Type("#q", "lock file")
	p.AndWait("pressing Enter", chromedp.KeyEvent(kb.Enter))
	if loc := p.Location(); !strings.Contains(loc, "q=lock+file") {
		t.Errorf("the form went to %s", loc)
	}
	if n := p.Count(".group"); n != 5 {
		t.Errorf("%d episodes after submitting, want 5", n)
	}
	// app.js marks the page when it runs.
	if ran := browsertest.Eval[bool](p, `document.documentElement.classList.contains("js")`); ran {
		t.Error("the page's script ran with JavaScript disabled")
	}
	p.ClickAndWait(`.facet a[href*="show=Pulse"]`)
	if n := p.Count(".group"); n != 3 {
		t.Errorf("%d episodes of Pulse, want 3", n)
	}
	p.ClickAndWait(".passage a.time")
	if h := browsertest.Eval[string](p, `location.hash`); !strings.HasPrefix(h, "#t=") {
		t.Errorf("the time link went to %q", h)
	}
	p.Open("/trend?q=uv")
	if n := p.Count("svg rect.bar"); n != 3 {
		t.Errorf("%d bars without JavaScript, want 3", n)
	}
}

// TestBrowserTrend draws the chart: one bar per year, heights in
// proportion, the same figures in the table.
func TestBrowserTrend(t *testing.T) {
	srv := newLibraryServer(t)
	p := browsertest.New(t, srv.URL)
	p.Open("/trend?q=uv")
	bars := browsertest.Eval[[]float64](p, `[...document.querySelectorAll("svg rect.bar")].map(r => r.getBoundingClientRect().height)`)
	if len(bars) != 3 {
		t.Fatalf("%d bars, want one per year (3)", len(bars))
	}
	for i, h := range bars {
		if h <= 0 {
			t.Errorf("bar %d has height %v", i, h)
		}
	}
	w := browsertest.Eval[float64](p, `document.querySelector("figure.chart svg").getBoundingClientRect().width`)
	if w < 600 {
		t.Errorf("the chart is %v px wide on a desktop window", w)
	}
	if n := p.Count("table.trend tbody tr"); n < 3 {
		t.Errorf("%d table rows", n)
	}
	p.Screenshot("trend")
	p.SetViewport(browsertest.Phone)
	p.Open("/trend?q=uv")
	if w := browsertest.Eval[float64](p, `document.querySelector("figure.chart svg").getBoundingClientRect().width`); w > 390 {
		t.Errorf("the chart is %v px wide in a 390 px window", w)
	}
}

// TestBrowserPhone checks that no page is wider than a phone's screen
// and takes the phone screenshots.
func TestBrowserPhone(t *testing.T) {
	srv := newLibraryServer(t)
	p := browsertest.New(t, srv.URL, browsertest.WithViewport(browsertest.Phone))
	for _, c := range []struct{ path, shot string }{
		{"/?q=uv", "search-phone"},
		{"/episodes/pulse:12?hl=uv", "episode-phone"},
		{"/trend?q=uv", ""},
		{"/", ""},
	} {
		p.Open(c.path)
		if w := browsertest.Eval[float64](p, `document.documentElement.scrollWidth`); w > float64(browsertest.Phone.Width) {
			wide := browsertest.Eval[[]string](p, `[...document.querySelectorAll("body *")].filter(e => (e.getBoundingClientRect().right > innerWidth + 1 || e.scrollWidth > e.clientWidth + 1) && !e.closest(".table-wrap > *")).slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right) + " sw " + e.scrollWidth + "/" + e.clientWidth)`)
			t.Errorf("%s: %v px wide in a %d px window: it scrolls sideways (%v)", c.path, w, browsertest.Phone.Width, wide)
		}
		if c.shot != "" {
			p.Screenshot(c.shot)
		}
	}
}
