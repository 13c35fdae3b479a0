package server

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// waitQueued waits until n queries wait at the gate.
func waitQueued(t *testing.T, g *gate, n int) {
	t.Helper()
	for i := 0; ; i++ {
		g.mu.Lock()
		q := len(g.queue)
		g.mu.Unlock()
		if q == n {
			return
		}
		if i > 1000 {
			t.Fatalf("%d queries wait, want %d", q, n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestGatePerClient(t *testing.T) {
	g := newGate(1, 0, 2)
	ctx := context.Background()
	a, err := g.acquire(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 2)
	go func() {
		c, err := g.acquire(ctx, "a") // waits: the one turn is taken
		if err == nil {
			g.release("a", c, 0)
		}
		got <- err
	}()
	waitQueued(t, g, 1)
	if _, err := g.acquire(ctx, "a"); !errors.Is(err, errBusy) {
		t.Fatalf("third query of a: %v, want busy", err)
	}
	go func() {
		c, err := g.acquire(ctx, "b") // another client waits, is not refused
		if err == nil {
			g.release("b", c, 0)
		}
		got <- err
	}()
	waitQueued(t, g, 2)
	g.release("a", a, time.Millisecond)
	for range 2 {
		if err := <-got; err != nil {
			t.Fatal(err)
		}
	}
	if g.free != 1 || len(g.queue) != 0 || g.clients["a"].active != 0 || g.clients["b"].active != 0 {
		t.Errorf("after: free %d, queue %d", g.free, len(g.queue))
	}
}

func TestGateFairness(t *testing.T) {
	g := newGate(1, 0, 4)
	ctx := context.Background()
	// The heavy client used a second of query time just now.
	h, _ := g.acquire(ctx, "heavy")
	g.release("heavy", h, time.Second)
	first, _ := g.acquire(ctx, "other")
	order := make(chan string, 2)
	for _, who := range []string{"heavy", "light"} { // heavy waits first
		go func() {
			c, err := g.acquire(ctx, who)
			if err != nil {
				t.Error(err)
				return
			}
			order <- who
			g.release(who, c, time.Millisecond)
		}()
		waitQueued(t, g, len(g.queue)+1)
	}
	g.release("other", first, 0)
	if a, b := <-order, <-order; a != "light" || b != "heavy" {
		t.Errorf("turns went to %s then %s; want light first", a, b)
	}
}

func TestGateGiveUp(t *testing.T) {
	g := newGate(1, 0, 4)
	a, _ := g.acquire(context.Background(), "a")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	if _, err := g.acquire(ctx, "b"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiting past the deadline: %v", err)
	}
	g.release("a", a, 0)
	if g.free != 1 || len(g.queue) != 0 || g.clients["b"].active != 0 {
		t.Errorf("a turn leaked: free %d, queue %d", g.free, len(g.queue))
	}
}

func TestTooManyRequests(t *testing.T) {
	ix, _ := testIndex(t)
	s := New(ix, 2)
	h := s.Handler()
	s.gate.clients["192.0.2.1"] = &client{active: MaxPerClient, at: time.Now()}
	rec := httptest.NewRecorder()
	req := localReq("/api/search?q=uv")
	req.RemoteAddr = "192.0.2.1:4321"
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" || !strings.Contains(rec.Body.String(), "too many queries at once") {
		t.Errorf("over its share: %d %q %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
	}
	rec = httptest.NewRecorder()
	req = localReq("/api/search?q=uv")
	req.RemoteAddr = "192.0.2.2:4321"
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("another client: %d %s", rec.Code, rec.Body.String())
	}
}

// TestTooManyPageRequests: a page (search, trend, the results fragment)
// asked by a client over its share answers 429 with Retry-After and a
// page that says to retry, not 400; another client gets its page.
func TestTooManyPageRequests(t *testing.T) {
	ix, _ := testIndex(t)
	s := New(ix, 2)
	h := s.Handler()
	s.gate.clients["192.0.2.1"] = &client{active: MaxPerClient, at: time.Now()}
	for _, path := range []string{"/?q=uv", "/?q=uv&partial=1", "/trend?q=uv"} {
		rec := httptest.NewRecorder()
		req := localReq(path)
		req.RemoteAddr = "192.0.2.1:4321"
		h.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != strconv.Itoa(RetryAfter) ||
			!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || !strings.Contains(body, "wait 1 second and try again") {
			t.Errorf("%s over its share: %d, Retry-After %q, %s:\n%s", path, rec.Code, rec.Header().Get("Retry-After"), rec.Header().Get("Content-Type"), body)
		}
		rec = httptest.NewRecorder()
		req = localReq(path)
		req.RemoteAddr = "192.0.2.2:4321"
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Header().Get("Retry-After") != "" {
			t.Errorf("%s from another client: %d %s", path, rec.Code, rec.Body.String())
		}
	}
}

func TestGateReserve(t *testing.T) {
	g := newGate(2, 1, 4)
	ctx := context.Background()
	h, _ := g.acquire(ctx, "heavy")
	g.release("heavy", h, 100*time.Millisecond) // its queries are costly now
	h, _ = g.acquire(ctx, "heavy")
	waited := make(chan error, 1)
	go func() {
		c, err := g.acquire(ctx, "heavy") // the free turn is kept for cheap queries
		if err == nil {
			g.release("heavy", c, 0)
		}
		waited <- err
	}()
	waitQueued(t, g, 1)
	c, err := g.acquire(ctx, "cheap") // takes the kept turn at once
	if err != nil {
		t.Fatal(err)
	}
	g.release("cheap", c, time.Millisecond)
	select {
	case err := <-waited:
		t.Fatalf("a costly client took the kept turn: %v", err)
	default:
	}
	g.release("heavy", h, 100*time.Millisecond)
	if err := <-waited; err != nil {
		t.Fatal(err)
	}
}
