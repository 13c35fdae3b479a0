package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/server"
)

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"010-uv.txt":    "00:00:00 Welcome to episode ten.\n\n00:01:30 Today: uv, the fast installer.\n\n00:02:00 Fast API and Pydantic.\n",
		"011-hatch.vtt": "WEBVTT\n\n00:00:05.000 --> 00:00:09.000\n<v Maya>Hatch or uv?\n\n00:00:10.000 --> 00:00:12.000\n<v Tom>Both <b>&amp;</b> more.\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix, _, err := search.Build([]search.Source{{Show: search.Show{Name: "Pulse", AudioURL: "/audio/{episode}.mp3"}, Paths: []string{dir}}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(ix, 2).Handler())
	t.Cleanup(srv.Close)
	return srv
}

func page(t *testing.T, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.Header.Get("Content-Security-Policy") == "" && resp.StatusCode != http.StatusNotFound {
		t.Errorf("%s: no Content-Security-Policy", path)
	}
	return resp.StatusCode, string(b)
}

func TestPages(t *testing.T) {
	srv := newServer(t)
	for _, c := range []struct {
		path   string
		status int
		want   []string
		not    []string
	}{
		{"/", 200, []string{`<label for="q">`, `role="search"`}, []string{"passages in"}},
		{"/?q=uv", 200, []string{"2 passages in 2 episodes", "<mark>uv</mark>", `href="/episodes/pulse:10?hl=uv#t=90"`, "Welcome to episode ten."}, nil},
		{"/?q=uv&speaker=Maya", 200, []string{"1 passages in 1 episodes", "<b>Maya:</b>"}, []string{"episode ten"}},
		{"/?q=%22unclosed", 400, []string{`role="alert"`}, nil},
		{"/?q=uv&partial=1", 200, []string{"passages in"}, []string{"<html"}},
		{"/episodes/pulse:10?hl=uv", 200, []string{`id="t=90"`, `<mark>uv</mark>`, `<audio id="player"`, "/download/vtt", "/download/srt"}, []string{dirMarker}},
		{"/episodes/pulse:11", 200, []string{"<b>Tom:</b> Both &amp; more."}, nil},
		{"/episodes/pulse:99", 404, []string{"no episode"}, nil},
		{"/episodes/pulse:10/download/srt", 200, []string{"00:01:30,000 --> "}, nil},
		{"/episodes/pulse:10/download/nope", 404, nil, nil},
		{"/trend?q=uv", 200, []string{"<svg", "<title id=\"chart-title\">Mentions of uv by year: 2 in all</title>", "<table"}, nil},
		{"/nowhere", 404, []string{"There is no page /nowhere."}, nil},
	} {
		status, body := page(t, srv, c.path)
		if status != c.status {
			t.Errorf("%s: status %d, want %d", c.path, status, c.status)
		}
		for _, w := range c.want {
			if !strings.Contains(strings.ToLower(body), strings.ToLower(w)) {
				t.Errorf("%s: missing %q", c.path, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(body, w) {
				t.Errorf("%s: has %q", c.path, w)
			}
		}
	}
}

// dirMarker is a part of every temporary directory's path: pages never
// show server paths.
const dirMarker = "/tmp/"
