package server

import (
	"bufio"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/corpustest"
	"github.com/emend-project/emend/internal/search"
)

// BenchmarkHandler serves the mixed queries in-process: the API's cost
// per request without the network.
func BenchmarkHandler(b *testing.B) {
	ix, _, err := search.Build(corpusSources(b), nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	h := New(ix, 4).Handler()
	paths := mixPaths(b)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, localReq(paths[i%len(paths)]))
		if rec.Code != 200 {
			b.Fatal(rec.Code, rec.Body.String())
		}
		i++
	}
}

// corpusSources returns the two shared corpora as shows, or skips.
func corpusSources(tb testing.TB) []search.Source {
	tb.Helper()
	var src []search.Source
	for _, name := range corpustest.Names() {
		src = append(src, search.Source{Show: search.Show{Name: name, EpisodeURL: "https://example.org/{episode}?t={t}"}, Paths: []string{corpustest.Dir(tb, name)}})
	}
	return src
}

// mixPaths returns the /api/search requests of the mixed queries of
// internal/search/testdata/queries.txt.
func mixPaths(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open("../search/testdata/queries.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var paths []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			paths = append(paths, "/api/search?q="+url.QueryEscape(l))
		}
	}
	return paths
}
