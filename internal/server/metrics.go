package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// LatencyBuckets are the upper bounds, in seconds, of the request latency
// histogram: from a cached page (a millisecond) to the query deadline (2
// s) and an apply (tens of seconds).
var LatencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// ScrapeTimeout bounds the store's answers while /metrics is written.
const ScrapeTimeout = 2 * time.Second

// unmatched is the route label of a request no route matched.
const unmatched = "unmatched"

// metrics counts what the server does, for /metrics.
type metrics struct {
	start    time.Time
	inFlight atomic.Int64
	reloads  atomic.Int64
	// reloadFailures counts index files that changed but could not be loaded.
	reloadFailures atomic.Int64

	mu       sync.Mutex
	requests map[routeCode]uint64
	latency  map[string]*histogram
}

type routeCode struct {
	route string
	code  int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; one more for +Inf
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{start: time.Now(), requests: map[routeCode]uint64{}, latency: map[string]*histogram{}}
}

// observe counts one answered request.
func (m *metrics) observe(route string, code int, d time.Duration) {
	sec := d.Seconds()
	i := sort.SearchFloat64s(LatencyBuckets, sec) // the first bound >= sec
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[routeCode{route, code}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(LatencyBuckets)+1)}
		m.latency[route] = h
	}
	h.counts[i]++
	h.sum += sec
	h.n++
}

// route names the route a request takes, by its pattern ("GET
// /api/search"), so that the metrics' labels are few whatever the paths.
func (s *Server) route(r *http.Request) string {
	switch r.URL.Path {
	case HealthPath, ReadyPath, MetricsPath:
		return r.URL.Path
	}
	st := s.cur.Load()
	if st == nil || st.pat == nil {
		return unmatched
	}
	if _, pat := st.pat.Handler(r); pat != "" {
		return pat
	}
	return unmatched
}

// expo writes the Prometheus text exposition format (version 0.0.4).
type expo struct {
	w *bufio.Writer
}

// family writes a metric's HELP and TYPE lines.
func (e *expo) family(name, typ, help string) {
	help = strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(help)
	fmt.Fprintf(e.w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
}

// sample writes one sample; labels are name, value pairs.
func (e *expo) sample(name string, v float64, labels ...string) {
	e.w.WriteString(name)
	if len(labels) > 0 {
		e.w.WriteByte('{')
		for i := 0; i+1 < len(labels); i += 2 {
			if i > 0 {
				e.w.WriteByte(',')
			}
			e.w.WriteString(labels[i])
			e.w.WriteString(`="`)
			e.w.WriteString(escapeLabel(labels[i+1]))
			e.w.WriteByte('"')
		}
		e.w.WriteByte('}')
	}
	e.w.WriteByte(' ')
	e.w.WriteString(formatValue(v))
	e.w.WriteByte('\n')
}

// escapeLabel escapes a label value: backslash, double quote and line feed.
func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func formatValue(v float64) string {
	switch {
	case v != v:
		return "NaN"
	case v > 1e308:
		return "+Inf"
	case v < -1e308:
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// writeMetrics writes every metric of the server.
func (s *Server) writeMetrics(ctx context.Context, out io.Writer) error {
	e := &expo{w: bufio.NewWriter(out)}
	m := s.metrics

	m.mu.Lock()
	keys := make([]routeCode, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		return keys[i].code < keys[j].code
	})
	e.family("emend_http_requests_total", "counter", "HTTP requests answered, by route pattern and status code.")
	for _, k := range keys {
		e.sample("emend_http_requests_total", float64(m.requests[k]), "route", k.route, "code", strconv.Itoa(k.code))
	}
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	e.family("emend_http_request_duration_seconds", "histogram", "Time from a request's arrival to the end of its answer, by route pattern.")
	for _, r := range routes {
		h := m.latency[r]
		var cum uint64
		for i, b := range LatencyBuckets {
			cum += h.counts[i]
			e.sample("emend_http_request_duration_seconds_bucket", float64(cum), "route", r, "le", formatValue(b))
		}
		e.sample("emend_http_request_duration_seconds_bucket", float64(h.n), "route", r, "le", "+Inf")
		e.sample("emend_http_request_duration_seconds_sum", h.sum, "route", r)
		e.sample("emend_http_request_duration_seconds_count", float64(h.n), "route", r)
	}
	m.mu.Unlock()

	e.family("emend_http_requests_in_flight", "gauge", "HTTP requests being answered now.")
	e.sample("emend_http_requests_in_flight", float64(m.inFlight.Load()))

	st := s.Index().Stats()
	e.family("emend_index_episodes", "gauge", "Episodes in the search index served.")
	e.sample("emend_index_episodes", float64(st.Episodes))
	e.family("emend_index_segments", "gauge", "Segments (timed lines) in the search index served.")
	e.sample("emend_index_segments", float64(st.Segments))
	e.family("emend_index_reloads_total", "counter", "Times the index was reloaded after emend index replaced it.")
	e.sample("emend_index_reloads_total", float64(m.reloads.Load()))
	e.family("emend_index_reload_failures_total", "counter", "Times the index file changed but could not be loaded (the old one is kept).")
	e.sample("emend_index_reload_failures_total", float64(m.reloadFailures.Load()))

	if rv := s.review; rv != nil {
		applied, failed := rv.AppliedCount()
		e.family("emend_decisions_applied_total", "counter", "Review decisions this process applied to the transcripts.")
		e.sample("emend_decisions_applied_total", float64(applied))
		e.family("emend_decisions_failed_total", "counter", "Review decisions this process failed to apply (they stay in the queue).")
		e.sample("emend_decisions_failed_total", float64(failed))
		ctx, cancel := context.WithTimeout(ctx, ScrapeTimeout)
		pend, err := rv.Store.Pending(ctx)
		cancel()
		up := 1.0
		if err != nil {
			up = 0
		} else {
			e.family("emend_apply_queue_length", "gauge", "Accepted decisions recorded in the database and not applied yet (all servers).")
			e.sample("emend_apply_queue_length", float64(len(pend)))
		}
		e.family("emend_store_up", "gauge", "1 when the database answered this scrape, else 0.")
		e.sample("emend_store_up", up)
	}

	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	e.family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch, in seconds.")
	e.sample("process_start_time_seconds", float64(m.start.UnixMilli())/1000)
	e.family("go_goroutines", "gauge", "Goroutines that currently exist.")
	e.sample("go_goroutines", float64(runtime.NumGoroutine()))
	e.family("go_memstats_heap_inuse_bytes", "gauge", "Bytes in in-use heap spans (the index lives here).")
	e.sample("go_memstats_heap_inuse_bytes", float64(ms.HeapInuse))
	e.family("go_memstats_sys_bytes", "gauge", "Bytes obtained from the operating system.")
	e.sample("go_memstats_sys_bytes", float64(ms.Sys))
	return e.w.Flush()
}

// metricsPage serves /metrics.
func (s *Server) metricsPage(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		plain(w, http.StatusMethodNotAllowed, "only GET is served")
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	s.writeMetrics(r.Context(), w)
}
