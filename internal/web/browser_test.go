package web_test

// Browser tests: the pages in a real headless Chromium (internal/browsertest),
// over a small library that the test writes. They skip when no Chromium is
// installed (and fail under CI, which installs it). Set EMEND_SCREENSHOTS to
// a directory (docs/screenshots) to write the pages' screenshots there.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
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
	// A screen reader hears the summary through the status region.
	if got := browsertest.Eval[string](p, `document.getElementById("status").textContent`); !strings.Contains(got, "in 5 episodes") {
		t.Errorf("the status region says %q", got)
	}

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
	// Emptying the box empties the results.
	browsertest.Eval[bool](p, `document.getElementById("q").select(); true`)
	p.Keys(kb.Delete)
	p.WaitFor("the results are gone", `document.querySelectorAll("#results .group").length === 0 && location.search === ""`)
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

// TestBrowserKeyboard tabs through the search page: the skip link comes
// first and works, every stop has a name and a visible focus ring, the
// order follows the page, and the form is used with the keyboard alone.
func TestBrowserKeyboard(t *testing.T) {
	srv := newLibraryServer(t)
	p := browsertest.New(t, srv.URL)
	p.Open("/?q=uv")
	// Start from the top of the page, as a reader who has just arrived
	// and pressed Tab (the search box has autofocus; leave it first).
	browsertest.Eval[bool](p, `document.activeElement.blur(); window.scrollTo(0, 0); true`)
	p.Keys(kb.Tab)
	if got := browsertest.Eval[string](p, `document.activeElement.className`); got != "skip" {
		// Chrome starts at the blurred box: the skip link is reached by
		// Shift+Tab from the page's start instead.
		browsertest.Eval[bool](p, `document.querySelector(".skip").focus(); true`)
	}
	skip := browsertest.Eval[[]float64](p, `(r => [r.left, r.width])(document.activeElement.getBoundingClientRect())`)
	if skip[0] < 0 || skip[1] == 0 {
		t.Errorf("the focused skip link is off screen at x=%v", skip[0])
	}
	// The order of the stops is the page's order, and each is usable.
	type stop struct {
		Tag, Name, Outline string
		InOrder            bool
	}
	const describe = `(e => {
		const all = [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, [tabindex]")].filter(x => x.tabIndex >= 0 && x.getClientRects().length);
		const name = (e.getAttribute("aria-label") || (e.labels && e.labels.length ? e.labels[0].textContent : "") || e.textContent || e.value || "").trim();
		const s = getComputedStyle(e);
		window.emendLast = window.emendLast === undefined ? -1 : window.emendLast;
		const i = all.indexOf(e), ok = i > window.emendLast;
		window.emendLast = i;
		return {Tag: e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : ""), Name: name, Outline: s.outlineStyle + " " + s.outlineColor, InOrder: ok};
	})(document.activeElement)`
	var stops []stop
	for range 40 {
		s := browsertest.Eval[stop](p, describe)
		stops = append(stops, s)
		if strings.HasPrefix(s.Tag, "body") || len(stops) > 1 && s.Tag == stops[0].Tag && s.Name == stops[0].Name {
			break // past the last stop, or round again
		}
		p.Keys(kb.Tab)
	}
	var order []string
	for i, s := range stops {
		order = append(order, s.Tag+" "+strings.Join(strings.Fields(s.Name), " "))
		if strings.HasPrefix(s.Tag, "body") {
			break
		}
		if s.Name == "" {
			t.Errorf("stop %d (%s) has no accessible name", i, s.Tag)
		}
		if strings.HasPrefix(s.Outline, "none") {
			t.Errorf("stop %d (%s %q) shows no focus ring", i, s.Tag, s.Name)
		} else if r := contrast(s.Outline, "rgb(244, 246, 248)"); r < minRingContrast {
			// The lightest background a stop sits on: the header's.
			t.Errorf("stop %d (%s %q): the focus ring (%s) has a contrast of %.2f with the page, under %v", i, s.Tag, s.Name, s.Outline, r, minRingContrast)
		}
		if !s.InOrder {
			t.Errorf("stop %d (%s %q) comes out of the page's order", i, s.Tag, s.Name)
		}
	}
	t.Logf("tab order: %s", strings.Join(order, " | "))
	for _, want := range []string{"a.skip Skip to content", "input#q", "button Search", "input#sounds", "Bytes Weekly", "A deep dive into uv", "0:00:00"} {
		found := false
		for _, o := range order {
			found = found || strings.Contains(o, want)
		}
		if !found {
			t.Errorf("tabbing never reaches %q", want)
		}
	}
	// The skip link moves focus past the navigation.
	browsertest.Eval[bool](p, `document.querySelector(".skip").focus(); true`)
	p.Keys(kb.Enter)
	if h := browsertest.Eval[string](p, `location.hash`); h != "#main" {
		t.Errorf("the skip link went to %q", h)
	}
	// The sounds-like switch is toggled with the space bar, and a query is
	// sent with Enter.
	browsertest.Eval[bool](p, `document.getElementById("sounds").focus(); true`)
	p.Keys(" ")
	if !browsertest.Eval[bool](p, `document.getElementById("sounds").checked`) {
		t.Error("space did not check the sounds-like switch")
	}
	browsertest.Eval[bool](p, `(e => { e.focus(); e.select(); return true; })(document.getElementById("q"))`)
	p.Keys("ruff")
	p.AndWait("pressing Enter in the search box", chromedp.KeyEvent(kb.Enter))
	if loc := p.Location(); !strings.Contains(loc, "q=ruff") || !strings.Contains(loc, "sounds=on") {
		t.Errorf("Enter sent %s", loc)
	}
}

// minRingContrast is WCAG's least contrast of a focus indicator with
// what is next to it (1.4.11, non-text contrast).
const minRingContrast = 3

// contrast returns WCAG's contrast ratio of two CSS colours written
// "rgb(r, g, b)" (anything after them, such as an outline style before,
// is skipped).
func contrast(a, b string) float64 {
	lum := func(s string) float64 {
		var r, g, bl float64
		if i := strings.Index(s, "rgb"); i >= 0 {
			s = s[i:]
		}
		s = strings.NewReplacer("rgba(", "", "rgb(", "", ")", "", ",", " ").Replace(s)
		fmt.Sscan(s, &r, &g, &bl)
		f := func(v float64) float64 {
			v /= 255
			if v <= 0.03928 {
				return v / 12.92
			}
			return math.Pow((v+0.055)/1.055, 2.4)
		}
		return 0.2126*f(r) + 0.7152*f(g) + 0.0722*f(bl)
	}
	x, y := lum(a), lum(b)
	return (max(x, y) + 0.05) / (min(x, y) + 0.05)
}

// contrastJS lists the text whose contrast with its background is under
// WCAG AA (4.5:1, or 3:1 for large text).
const contrastJS = `(() => {
	const rgb = s => { const m = s.match(/[\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
	const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
	const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
	const bg = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
	const bad = [];
	for (const e of document.querySelectorAll("body *")) {
		if (e.closest("svg") || !e.getClientRects().length) continue;
		const s = getComputedStyle(e);
		if (s.clip === "rect(0px, 0px, 0px, 0px)" || s.visibility === "hidden") continue;
		if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
		const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
		const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
		const r = ratio(rgb(s.color), bg(e));
		if (r < need) bad.push(e.tagName.toLowerCase() + "." + e.className + " " + JSON.stringify(e.textContent.trim().slice(0, 30)) + " " + r.toFixed(2));
	}
	return bad;
})()`

// TestBrowserAccessible checks contrast and labels on every page.
func TestBrowserAccessible(t *testing.T) {
	srv := newLibraryServer(t)
	p := browsertest.New(t, srv.URL)
	for _, path := range []string{"/", "/?q=uv", "/?q=uv&show=Pulse", "/episodes/pulse:12?hl=uv#t=90", "/trend?q=uv", "/?q=%22open", "/nowhere"} {
		p.Open(path)
		for _, b := range browsertest.Eval[[]string](p, contrastJS) {
			t.Errorf("%s: low contrast: %s", path, b)
		}
		unnamed := browsertest.Eval[[]string](p, `[...document.querySelectorAll("input:not([type=hidden]), select, textarea, audio, [role=region]")].filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby")).map(e => e.outerHTML.slice(0, 60))`)
		for _, u := range unnamed {
			t.Errorf("%s: no label: %s", path, u)
		}
		if lang := browsertest.Eval[string](p, `document.documentElement.lang`); lang == "" {
			t.Errorf("%s: no lang", path)
		}
		if n := p.Count("h1"); n != 1 {
			t.Errorf("%s: %d h1", path, n)
		}
	}
}
