package server

import (
	"errors"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestHealthAndReady: /healthz answers while the process runs, whatever
// the Host; /readyz says why it is not ready, when the database does not
// answer or the server is shutting down.
func TestHealthAndReady(t *testing.T) {
	ix, _ := testIndex(t)
	s := New(ix, 2)
	db := &fakeStore{}
	s.DB = db
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for _, tc := range []struct {
		name       string
		setup      func()
		path, host string
		code       int
		body       string
	}{
		{"alive", nil, HealthPath, "", 200, "ok\n"},
		{"alive for a load balancer's Host", nil, HealthPath, "10.0.0.7:8080", 200, "ok\n"},
		{"ready", nil, ReadyPath, "10.0.0.7:8080", 200, "ready\n"},
		{"database down", func() { db.err = errors.New("connection refused") }, ReadyPath, "", 503, "not ready: the database does not answer: connection refused\n"},
		{"still alive", nil, HealthPath, "", 200, "ok\n"},
		{"database back", func() { db.err = nil }, ReadyPath, "", 200, "ready\n"},
		{"draining", s.Drain, ReadyPath, "", 503, "not ready: shutting down\n"},
		{"alive while draining", nil, HealthPath, "", 200, "ok\n"},
	} {
		if tc.setup != nil {
			tc.setup()
		}
		code, body := getText(t, srv.URL+tc.path, tc.host)
		if code != tc.code || body != tc.body {
			t.Errorf("%s: %s = %d %q, want %d %q", tc.name, tc.path, code, body, tc.code, tc.body)
		}
	}
}

// TestProbesNotLogged: passing probes leave the log alone (a load
// balancer asks every few seconds); a failing one is logged, as is every
// other request.
func TestProbesNotLogged(t *testing.T) {
	ix, _ := testIndex(t)
	s := New(ix, 2)
	db := &fakeStore{}
	s.DB = db
	var log strings.Builder
	s.Log = slog.New(slog.NewJSONHandler(&log, nil))
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	getText(t, srv.URL+HealthPath, "")
	getText(t, srv.URL+ReadyPath, "")
	db.err = errors.New("down")
	getText(t, srv.URL+ReadyPath, "")
	getText(t, srv.URL+MetricsPath, "")
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"path":"/readyz","status":503`) || !strings.Contains(lines[1], `"path":"/metrics","status":200`) {
		t.Errorf("log:\n%s", log.String())
	}
}
