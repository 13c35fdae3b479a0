package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/search"
)

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(New(testIndex(t), 2).Handler())
	t.Cleanup(srv.Close)
	return srv
}

// testIndex indexes a small show of two episodes.
func testIndex(t *testing.T) *search.Index {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"010-uv.txt":    "00:00:00 Welcome to episode ten.\n\n00:01:30 Today: uv, the fast installer.\n\n00:02:00 Fast API and Pydantic.\n",
		"011-hatch.vtt": "WEBVTT\n\n00:00:05.000 --> 00:00:09.000\n<v Maya>Hatch or uv?\n",
	}
	when := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, when, when)
	}
	ix, _, err := search.Build([]search.Source{{Show: search.Show{Name: "Pulse", EpisodeURL: "https://p.example/{episode}?t={t}"}, Paths: []string{dir}}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func get(t *testing.T, srv *httptest.Server, path string, v any) (int, string) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: content type %q", path, ct)
	}
	var raw json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&raw); err != nil {
		t.Fatalf("%s: body is not JSON: %v", path, err)
	}
	if v != nil {
		if err := json.Unmarshal(raw, v); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, string(raw)
}

func TestSearch(t *testing.T) {
	srv := newServer(t)
	var res SearchResponse
	code, body := get(t, srv, "/api/search?q="+url.QueryEscape("uv")+"&per_episode=5", &res)
	if code != 200 || res.Query != "uv" || res.Segments != 2 || len(res.Groups) != 2 {
		t.Fatalf("%d %s", code, body)
	}
	var urls []string
	for _, g := range res.Groups {
		for _, h := range g.Hits {
			urls = append(urls, h.URL)
		}
	}
	if strings.Join(urls, " ") != "https://p.example/11?t=5 https://p.example/10?t=90" && strings.Join(urls, " ") != "https://p.example/10?t=90 https://p.example/11?t=5" {
		t.Errorf("urls %v", urls)
	}
	code, body = get(t, srv, "/api/search?q=fastapi&sounds_like=true&limit=1", &res)
	if code != 200 || res.Segments != 1 || len(res.Groups) != 1 || res.Groups[0].Hits[0].Start != 120 {
		t.Errorf("sounds-like: %d %s", code, body)
	}
	code, body = get(t, srv, "/api/search?q=nothinglikeit", &res)
	if code != 200 || res.Segments != 0 || !strings.Contains(body, `"results":[]`) {
		t.Errorf("no match: %d %s", code, body)
	}
}

func TestEpisode(t *testing.T) {
	srv := newServer(t)
	var ep EpisodeResponse
	code, body := get(t, srv, "/api/episodes/pulse:10", &ep)
	if code != 200 || ep.Episode != 10 || ep.Date != "2024-05-01" || ep.DateFrom != "mtime" || len(ep.Segments) != 3 ||
		ep.Segments[1].Start != 90 || ep.Segments[1].URL != "https://p.example/10?t=90" {
		t.Errorf("%d %s", code, body)
	}
}

func TestTrend(t *testing.T) {
	srv := newServer(t)
	var tr TrendResponse
	code, body := get(t, srv, "/api/trend?q=uv&by=month", &tr)
	if code != 200 || tr.By != "month" || len(tr.Rows) != 1 || tr.Rows[0] != (search.TrendRow{Period: "2024-05", Show: "Pulse", Mentions: 2, Episodes: 2, Published: 2}) {
		t.Errorf("%d %s", code, body)
	}
}

func TestErrors(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct {
		path string
		code int
		msg  string
	}{
		{"/api/search", 400, "missing q"},
		{"/api/search?q=" + url.QueryEscape(`"unclosed`), 400, "bad query: unclosed quote"},
		{"/api/search?q=uv+OR", 400, "OR at the end"},
		{"/api/search?q=-uv", 400, "nothing to search for"},
		{"/api/search?q=year:abc+uv", 400, "year:abc"},
		{"/api/search?q=" + strings.Repeat("x", 1001), 413, "longer than 1000 bytes"},
		{"/api/search?q=" + url.QueryEscape(`"one two three four five six seven eight nine"`), 400, "query too costly: the phrase"},
		{"/api/search?q=" + url.QueryEscape(`a1* b2* c3* d4* e5*`), 400, "query too costly: 5 prefixes"},
		{"/api/trend?q=" + url.QueryEscape(`a OR b OR c OR d OR e OR f OR g OR h OR i`), 400, "query too costly: 9 alternatives"},
		{"/api/search?q=uv&limit=0", 400, "limit: want a number from 1 to 100"},
		{"/api/search?q=uv&limit=1000", 400, "limit"},
		{"/api/search?q=uv&per_episode=x", 400, "per_episode"},
		{"/api/search?q=uv&offset=-1", 400, "offset: want a number from 0 to 100000"},
		{"/api/search?q=uv&per_episode=0&limit=x", 400, "limit"},
		{"/api/search?q=uv+OR&limit=x", 400, "OR at the end"},
		{"/api/search?q=uv&sounds_like=maybe", 400, "sounds_like"},
		{"/api/trend?q=uv&by=week", 400, "by: want month or year"},
		{"/api/trend", 400, "missing q"},
		{"/api/episodes/pulse:99", 404, `no episode "pulse:99"`},
		{"/api/nothing", 404, "no such endpoint"},
	} {
		var e struct{ Error string }
		code, body := get(t, srv, tc.path, &e)
		if code != tc.code || !strings.Contains(e.Error, tc.msg) {
			t.Errorf("%s: %d %s; want %d with %q", tc.path[:min(len(tc.path), 60)], code, body, tc.code, tc.msg)
		}
	}
	resp, err := http.Post(srv.URL+"/api/search?q=uv", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func TestTimeoutIsJSON(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "001-a.txt"), []byte("00:00:01 uv\n"), 0o644)
	ix, _, err := search.Build([]search.Source{{Show: search.Show{Name: "s"}, Paths: []string{dir}}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := New(ix, 1)
	s.Timeout = time.Nanosecond
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/search?q=uv", nil)
	time.Sleep(time.Millisecond)
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `"error":"the query took too long`) {
		t.Errorf("%d %s", rec.Code, rec.Body.String())
	}
	// A query waiting for its turn gives up at its deadline too.
	s = New(ix, 1)
	s.gate.free = 0
	s.Timeout = 10 * time.Millisecond
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/trend?q=uv", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("busy: %d %s", rec.Code, rec.Body.String())
	}
}
