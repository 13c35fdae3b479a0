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
// carries, and logs one line per request.
func (s *Server) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		w := &recorder{ResponseWriter: rw}
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if s.hostAllowed(r) {
			next.ServeHTTP(w, r)
		} else {
			writeError(w, http.StatusMisdirectedRequest, fmt.Sprintf("this server does not answer to the host %q (allow it with --allow-host or allow_hosts in emend.toml)", hostName(r.Host)))
		}
		if s.Log != nil {
			if w.status == 0 {
				w.status = http.StatusOK
			}
			s.Log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", w.status),
				slog.Int("bytes", w.bytes), slog.Float64("ms", float64(time.Since(t0).Microseconds())/1000),
				slog.String("client", clientOf(r)))
		}
	})
}
