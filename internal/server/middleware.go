package server

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

// LoopbackHosts are the Host names served by default: a page of another
// site that resolves its own name to 127.0.0.1 (DNS rebinding) is
// refused, as its requests name that site.
var LoopbackHosts = []string{"localhost", "127.0.0.1", "::1"}

// AnyHost in the allowed hosts turns the check off.
const AnyHost = "*"

// hostName returns the name of a Host header, without its port and
// brackets, in lower case, without a final dot.
func hostName(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// hostAllowed tells whether a request's Host is one the server answers
// to: a loopback name or one of AllowHosts.
func (s *Server) hostAllowed(r *http.Request) bool {
	name := hostName(r.Host)
	for _, set := range [][]string{LoopbackHosts, s.AllowHosts} {
		for _, h := range set {
			if h == AnyHost || hostName(h) == name {
				return true
			}
		}
	}
	return false
}

// recorder notes the status and size of an answer.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// wrap checks the Host of every request, sets the headers every answer
// carries, counts it for /metrics, and logs one line per request. The
// probes /healthz and /readyz answer any Host, and are not logged while
// they succeed (a load balancer asks every few seconds).
func (s *Server) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		r = s.fromProxy(r)
		s.metrics.inFlight.Add(1)
		defer s.metrics.inFlight.Add(-1)
		w := &recorder{ResponseWriter: rw}
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		probe := false
		switch {
		case r.URL.Path == HealthPath:
			probe = true
			s.healthz(w, r)
		case r.URL.Path == ReadyPath:
			probe = true
			s.readyz(w, r)
		case !s.hostAllowed(r):
			writeError(w, http.StatusMisdirectedRequest, fmt.Sprintf("this server does not answer to the host %q (allow it with --allow-host or allow_hosts in emend.toml)", hostName(r.Host)))
		case r.URL.Path == MetricsPath:
			s.metricsPage(w, r)
		default:
			next.ServeHTTP(w, r)
		}
		if w.status == 0 {
			w.status = http.StatusOK
		}
		took := time.Since(t0)
		s.metrics.observe(s.route(r), w.status, took)
		if s.Log != nil && !(probe && w.status == http.StatusOK) {
			s.Log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", w.status),
				slog.Int("bytes", w.bytes), slog.Float64("ms", float64(took.Microseconds())/1000),
				slog.String("client", clientOf(r)))
		}
	})
}
