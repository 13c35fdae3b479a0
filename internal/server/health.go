package server

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Paths of the operations endpoints. /healthz and /readyz answer any
// Host (a load balancer probes by address) and need no sign-in; /metrics
// needs no sign-in but an allowed Host, as the API does.
const (
	HealthPath  = "/healthz"
	ReadyPath   = "/readyz"
	MetricsPath = "/metrics"
)

// ReadyTimeout bounds the store's answer to a readiness probe.
const ReadyTimeout = 2 * time.Second

// Pinger is a store that can tell whether it answers: the readiness probe
// asks it (the SQLite and PostgreSQL stores implement it).
type Pinger interface {
	Ping(ctx context.Context) error
}

// pinger is the store the readiness probe asks: DB when set, else the
// review's store when it can be pinged, else none.
func (s *Server) pinger() Pinger {
	if s.DB != nil {
		return s.DB
	}
	if s.review != nil {
		if p, ok := s.review.Store.(Pinger); ok {
			return p
		}
	}
	return nil
}

// Drain makes /readyz answer 503 from now on, so that a load balancer
// sends no new requests while the server finishes the ones in flight.
func (s *Server) Drain() { s.draining.Store(true) }

// ready says why the server should not take requests, or "" when it
// should.
func (s *Server) ready(ctx context.Context) string {
	if s.draining.Load() {
		return "shutting down"
	}
	if st := s.cur.Load(); st == nil || st.ix == nil {
		return "no index loaded"
	}
	if p := s.pinger(); p != nil {
		ctx, cancel := context.WithTimeout(ctx, ReadyTimeout)
		defer cancel()
		if err := p.Ping(ctx); err != nil {
			return fmt.Sprintf("the database does not answer: %v", err)
		}
	}
	return ""
}

func plain(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintln(w, text)
}

// healthz answers while the process runs.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) { plain(w, http.StatusOK, "ok") }

// readyz answers 200 when the index is loaded and the database answers,
// 503 with the reason otherwise.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if why := s.ready(r.Context()); why != "" {
		plain(w, http.StatusServiceUnavailable, "not ready: "+why)
		return
	}
	plain(w, http.StatusOK, "ready")
}
