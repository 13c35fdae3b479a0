package server

import (
	"errors"
	"net/http/httptest"
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
