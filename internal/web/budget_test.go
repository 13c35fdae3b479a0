package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/corpustest"
	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/server"
	"github.com/emend-project/emend/internal/servetest"
)

// Budgets of the pages on a real back catalogue (Talk Python, 495
// episodes, half a million segments).
const (
	MaxSearchPageBytes = 100 << 10             // a page of results, with its facets
	MaxRenderTime      = 50 * time.Millisecond // the slowest query's median, search and render
	renderRuns         = 5                     // runs of each query; its median counts
	// Load: the search page on loopback.
	MinLoadRate = 500                   // requests per second
	MaxLoadP99  = 50 * time.Millisecond // 99th percentile of the latency
)

// corpusHandler indexes the Talk Python corpus and returns emend serve's
// handler over it, or skips.
func corpusHandler(tb testing.TB) (http.Handler, *search.Index) {
	tb.Helper()
	src := []search.Source{{Show: search.Show{Name: "talk-python", AudioURL: "https://example.org/{episode}.mp3#t={t}"}, Paths: []string{corpustest.Dir(tb, "talk-python")}}}
	ix, _, err := search.Build(src, nil, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return server.New(ix, 4).Handler(), ix
}

// TestCorpusPageBudget renders the search page for every realistic query
// on the Talk Python corpus and checks its size and time; it reports the
// episode and trend pages' figures beside them.
func TestCorpusPageBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes a corpus")
	}
	h, ix := corpusHandler(t)
	get := func(path string) (int, []byte, time.Duration) {
		rec := httptest.NewRecorder()
		t0 := time.Now()
		req := httptest.NewRequest("GET", path, nil)
		req.Host = "localhost" // the server answers loopback names only
		h.ServeHTTP(rec, req)
		d := time.Since(t0)
		return rec.Code, rec.Body.Bytes(), d
	}
	type fig struct {
		q      string
		bytes  int
		median time.Duration
	}
	var figs []fig
	for _, q := range corpustest.Queries(t) {
		path := "/?q=" + url.QueryEscape(q)
		var times []time.Duration
		var size int
		for range renderRuns {
			code, body, d := get(path)
			if code != 200 {
				t.Fatalf("%s: status %d", path, code)
			}
			size = len(body)
			times = append(times, d)
		}
		slices.Sort(times)
		figs = append(figs, fig{q, size, times[len(times)/2]})
	}
	slices.SortFunc(figs, func(a, b fig) int { return int(b.median - a.median) })
	var sizes []int
	var total time.Duration
	for _, f := range figs {
		sizes = append(sizes, f.bytes)
		total += f.median
		if f.bytes > MaxSearchPageBytes {
			t.Errorf("search page of %q: %d bytes, over %d", f.q, f.bytes, MaxSearchPageBytes)
		}
	}
	slices.Sort(sizes)
	t.Logf("search page, %d queries: size median %.1f KB, largest %.1f KB; time (median of %d runs) mean %v, slowest %v (%q), then %v (%q)",
		len(figs), float64(sizes[len(sizes)/2])/1024, float64(sizes[len(sizes)-1])/1024, renderRuns,
		(total / time.Duration(len(figs))).Round(10*time.Microsecond), figs[0].median.Round(10*time.Microsecond), figs[0].q, figs[1].median.Round(10*time.Microsecond), figs[1].q)
	if figs[0].median > MaxRenderTime {
		if busy, load := corpustest.Busy(); busy {
			t.Logf("the search page of %q takes %v (median of %d runs), over %v, but the machine is busy (%s): not judged", figs[0].q, figs[0].median, renderRuns, MaxRenderTime, load)
		} else {
			t.Errorf("the search page of %q takes %v (median of %d runs), over %v", figs[0].q, figs[0].median, renderRuns, MaxRenderTime)
		}
	}
	// The episode pages hold a whole transcript: reported, not bounded.
	var longest *search.Episode
	for _, e := range ix.Episodes {
		if longest == nil || e.Count > longest.Count {
			longest = e
		}
	}
	_, body, d := get("/episodes/" + url.PathEscape(longest.ID))
	_, tbody, td := get("/trend?q=python")
	t.Logf("episode page of the longest episode (%s, %d segments): %.0f KB in %v; trend page of \"python\": %.1f KB in %v",
		longest.ID, longest.Count, float64(len(body))/1024, d.Round(10*time.Microsecond), float64(len(tbody))/1024, td.Round(10*time.Microsecond))
}

// BenchmarkSearchPage serves the search page of the realistic queries
// in-process on the Talk Python corpus.
func BenchmarkSearchPage(b *testing.B) {
	h, _ := corpusHandler(b)
	qs := corpustest.Queries(b)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/?q="+url.QueryEscape(qs[i%len(qs)]), nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
		i++
	}
}

// TestSearchPageLoad runs "emend serve" on the Talk Python index and
// sends it the search page of the realistic queries from concurrent
// clients on loopback for a bounded time, then reports requests per
// second and latency percentiles and checks them against MinLoadRate and
// MaxLoadP99. It runs only with EMEND_LOAD=1 (EMEND_LOAD_SECONDS, default
// 10, and EMEND_LOAD_CLIENTS, default 2, one per core of the machine the
// figures were measured on, tune it):
//
//	EMEND_LOAD=1 go test ./internal/web -run TestSearchPageLoad -v
func TestSearchPageLoad(t *testing.T) {
	if os.Getenv("EMEND_LOAD") == "" {
		t.Skip("set EMEND_LOAD=1 to load-test the search page")
	}
	seconds, clients := loadEnvInt("EMEND_LOAD_SECONDS", 10), loadEnvInt("EMEND_LOAD_CLIENTS", 2)
	dir := t.TempDir()
	src := []search.Source{{Show: search.Show{Name: "talk-python"}, Paths: []string{corpustest.Dir(t, "talk-python")}}}
	ix, _, err := search.Build(src, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(dir, "index")
	if err := ix.Save(idx); err != nil {
		t.Fatal(err)
	}
	base, _ := servetest.Start(t, servetest.Build(t), "--index", idx, "--no-review")
	var urls []string
	for _, q := range corpustest.Queries(t) {
		urls = append(urls, base+"/?q="+url.QueryEscape(q))
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: 10 * time.Second}
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	var mu sync.Mutex
	var lat []time.Duration
	failures, bytes := 0, int64(0)
	var wg sync.WaitGroup
	t0 := time.Now()
	for c := range clients {
		wg.Go(func() {
			var mine []time.Duration
			bad, n := 0, int64(0)
			for i := c; time.Now().Before(deadline); i++ {
				s := time.Now()
				resp, err := client.Get(urls[i%len(urls)])
				if err != nil {
					bad++
					continue
				}
				m, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				n += m
				if resp.StatusCode != 200 {
					bad++
				}
				mine = append(mine, time.Since(s))
			}
			mu.Lock()
			lat, failures, bytes = append(lat, mine...), failures+bad, bytes+n
			mu.Unlock()
		})
	}
	wg.Wait()
	took := time.Since(t0)
	if len(lat) == 0 {
		t.Fatal("no request answered")
	}
	slices.Sort(lat)
	pct := func(p int) time.Duration { return lat[min(len(lat)-1, len(lat)*p/100)] }
	rate := float64(len(lat)) / took.Seconds()
	t.Logf("search page: %d requests in %.1fs from %d clients: %.0f req/s, %.1f MB/s; latency median %v, p99 %v, max %v; %d failed",
		len(lat), took.Seconds(), clients, rate, float64(bytes)/took.Seconds()/1e6, pct(50).Round(10*time.Microsecond), pct(99).Round(10*time.Microsecond), lat[len(lat)-1].Round(10*time.Microsecond), failures)
	if failures > 0 {
		t.Errorf("%d requests failed", failures)
	}
	if rate < MinLoadRate {
		t.Errorf("%.0f requests/s, under %d", rate, MinLoadRate)
	}
	if p := pct(99); p > MaxLoadP99 {
		t.Errorf("p99 latency %v, over %v", p, MaxLoadP99)
	}
}

func loadEnvInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}
