package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/search"
)

// TestReloadWithoutGap replaces the index file, as emend index does,
// while clients query: every query is answered, and the new episode is
// found once the server has reloaded.
func TestReloadWithoutGap(t *testing.T) {
	ix, dir := testIndex(t)
	idx := filepath.Join(t.TempDir(), "index")
	if err := ix.Save(idx); err != nil {
		t.Fatal(err)
	}
	s := New(ix, 2)
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	watched := make(chan struct{})
	go func() { s.Watch(ctx, idx, 5*time.Millisecond); close(watched) }()
	defer func() { cancel(); <-watched }()

	var stop atomic.Bool
	var answered, failed atomic.Int64
	var wg sync.WaitGroup
	for c := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := &http.Client{Transport: &http.Transport{}}
			for !stop.Load() {
				resp, err := cl.Get(srv.URL + []string{"/api/search?q=uv", "/api/trend?q=uv", "/", "/api/episodes/pulse:10"}[c])
				if err != nil || resp.StatusCode != 200 {
					failed.Add(1)
					if err == nil {
						resp.Body.Close()
					}
					continue
				}
				resp.Body.Close()
				answered.Add(1)
			}
		}()
	}
	newFile := filepath.Join(dir, "pulse", "012-zanzibar.txt")
	for i := range 5 {
		time.Sleep(30 * time.Millisecond)
		// A new episode appears, then goes again: each index replaces
		// the last by a rename.
		if i%2 == 0 {
			os.WriteFile(newFile, []byte("00:00:01 Zanzibar and uv.\n"), 0o644)
		} else {
			os.Remove(newFile)
		}
		next, _, err := search.Build([]search.Source{{Show: search.Show{Name: "Pulse", EpisodeURL: "https://p.example/{episode}?t={t}"}, Paths: []string{filepath.Join(dir, "pulse")}}}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := next.Save(idx); err != nil {
			t.Fatal(err)
		}
		want := 0
		if i%2 == 0 {
			want = 1
		}
		for j := 0; ; j++ {
			if got := len(s.Index().Episodes) - 2; got == want {
				break
			}
			if j > 500 {
				t.Fatalf("step %d: the new index was not loaded", i)
			}
			time.Sleep(2 * time.Millisecond)
		}
		var res SearchResponse
		get(t, srv, "/api/search?q=zanzibar", &res)
		if res.Segments != want {
			t.Errorf("step %d: zanzibar found %d times, want %d", i, res.Segments, want)
		}
	}
	stop.Store(true)
	wg.Wait()
	if failed.Load() > 0 || answered.Load() < 20 {
		t.Errorf("%d answered, %d failed", answered.Load(), failed.Load())
	}
	// A damaged index is not loaded: the old one keeps answering.
	before := s.Index()
	os.WriteFile(idx, []byte("not an index"), 0o644)
	time.Sleep(50 * time.Millisecond)
	if s.Index() != before {
		t.Error("a damaged index replaced the good one")
	}
}
