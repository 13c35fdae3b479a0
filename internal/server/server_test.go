package server

import (
	"encoding/json"
	"io"
	"log/slog"
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
	ix, _ := testIndex(t)
	srv := httptest.NewServer(New(ix, 2).Handler())
	t.Cleanup(srv.Close)
	return srv
}

// testIndex indexes a small show of two episodes in a directory of its
// own (by its absolute path), which it returns.
func testIndex(t *testing.T) (*search.Index, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "library")
	if err := os.MkdirAll(filepath.Join(dir, "pulse"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"010-uv.txt":    "00:00:00 Welcome to episode ten.\n\n00:01:30 Today: uv, the fast installer.\n\n00:02:00 Fast API and Pydantic.\n",
		"011-hatch.vtt": "WEBVTT\n\n00:00:05.000 --> 00:00:09.000\n<v Maya>Hatch or uv?\n",
	}
	when := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for name, text := range files {
		p := filepath.Join(dir, "pulse", name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, when, when)
	}
	ix, _, err := search.Build([]search.Source{{Show: search.Show{Name: "Pulse", EpisodeURL: "https://p.example/{episode}?t={t}"}, Paths: []string{filepath.Join(dir, "pulse")}}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix, dir
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
	req := localReq("/api/search?q=uv")
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
	s.Handler().ServeHTTP(rec, localReq("/api/trend?q=uv"))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("busy: %d %s", rec.Code, rec.Body.String())
	}
}

// TestNoServerPaths: answers and pages name transcripts relative to the
// library, never by the server's absolute paths.
func TestNoServerPaths(t *testing.T) {
	ix, dir := testIndex(t)
	for _, tc := range []struct {
		root, file string
	}{
		{dir, "pulse/010-uv.txt"},
		{filepath.Join(dir, "pulse"), "010-uv.txt"},
		{filepath.Join(dir, "elsewhere"), "010-uv.txt"}, // outside the library: the name alone
		{"", "010-uv.txt"},
	} {
		s := New(ix, 2)
		s.Root = tc.root
		srv := httptest.NewServer(s.Handler())
		var res SearchResponse
		_, body := get(t, srv, "/api/search?q=installer", &res)
		if len(res.Groups) != 1 || res.Groups[0].File != tc.file || res.Groups[0].Hits[0].File != tc.file {
			t.Errorf("root %q: search: %s; want file %q", tc.root, body, tc.file)
		}
		var ep EpisodeResponse
		_, body = get(t, srv, "/api/episodes/pulse:10", &ep)
		if ep.File != tc.file {
			t.Errorf("root %q: episode: %s; want file %q", tc.root, body, tc.file)
		}
		for _, p := range []string{"/api/search?q=uv&per_episode=20", "/api/episodes/pulse:11", "/api/trend?q=uv", "/", "/?q=uv", "/episodes/pulse:10", "/trend?q=uv", "/api/episodes/nothing", "/nothing"} {
			resp, err := http.Get(srv.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(b), dir) || strings.Contains(string(b), filepath.Dir(dir)) {
				t.Errorf("root %q: %s names the server's directory %s", tc.root, p, dir)
			}
		}
		srv.Close()
	}
}

// localReq is a request to the server by a loopback name.
func localReq(path string) *http.Request {
	r := httptest.NewRequest("GET", path, nil)
	r.Host = "localhost:8080"
	return r
}

func TestHostAllowList(t *testing.T) {
	ix, _ := testIndex(t)
	s := New(ix, 2)
	s.AllowHosts = []string{"Search.Example.org"}
	h := s.Handler()
	for _, tc := range []struct {
		host string
		code int
	}{
		{"localhost", 200},
		{"localhost:8080", 200},
		{"LOCALHOST.:8080", 200},
		{"127.0.0.1:8080", 200},
		{"[::1]:8080", 200},
		{"[::1]", 200},
		{"search.example.org", 200},
		{"search.example.org:443", 200},
		{"evil.example", 421},
		{"evil.example:8080", 421},
		{"127.0.0.2", 421},
		{"localhost.evil.example", 421},
		{"", 421},
	} {
		for _, p := range []string{"/api/search?q=uv", "/"} {
			r := localReq(p)
			r.Host = tc.host
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != tc.code {
				t.Errorf("Host %q %s: %d %.100s", tc.host, p, rec.Code, rec.Body.String())
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("Host %q %s: no nosniff", tc.host, p)
			}
		}
	}
	s.AllowHosts = []string{AnyHost}
	rec := httptest.NewRecorder()
	r := localReq("/api/search?q=uv")
	r.Host = "evil.example"
	s.Handler().ServeHTTP(rec, r)
	if rec.Code != 200 {
		t.Errorf("any host: %d", rec.Code)
	}
}

func TestRequestLog(t *testing.T) {
	ix, _ := testIndex(t)
	s := New(ix, 2)
	var buf strings.Builder
	s.Log = slog.New(slog.NewJSONHandler(&buf, nil))
	h := s.Handler()
	r := localReq("/api/search?q=uv")
	r.RemoteAddr = "192.0.2.7:5555"
	h.ServeHTTP(httptest.NewRecorder(), r)
	h.ServeHTTP(httptest.NewRecorder(), localReq("/api/episodes/nothing"))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines: %s", len(lines), buf.String())
	}
	var first, second struct {
		Msg, Method, Path, Client string
		Status, Bytes             int
		MS                        *float64
	}
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[1]), &second)
	if first.Msg != "request" || first.Method != "GET" || first.Path != "/api/search" || first.Status != 200 || first.Bytes < 100 || first.Client != "192.0.2.7" || first.MS == nil {
		t.Errorf("first line: %s", lines[0])
	}
	if second.Status != 404 || second.Path != "/api/episodes/nothing" || second.Bytes == 0 {
		t.Errorf("second line: %s", lines[1])
	}
}
