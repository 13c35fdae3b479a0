// Package server owns emend's HTTP API over a search index: search,
// episodes and trends as JSON, with limits on query size, result size,
// time and concurrency, and JSON errors. It mounts the HTML pages of
// internal/web beside the API, under the same limits.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/web"
)

// Limits of the API.
const (
	MaxLimit      = 100 // episodes per page
	MaxPerEpisode = 20
)

// Server answers the API from one index at a time: Swap (or Watch)
// replaces it without a gap, each request using the index it began with.
type Server struct {
	cur atomic.Pointer[state]
	// Timeout bounds the time of one query.
	Timeout time.Duration
	// Root is the library's directory: the paths of transcripts in
	// answers are relative to it, and no answer names a directory
	// outside it.
	Root string
	// AllowHosts are the Host names answered besides LoopbackHosts;
	// AnyHost allows every name.
	AllowHosts []string
	// Log, when not nil, gets one line per request.
	Log  *slog.Logger
	gate *gate
	// review, when not nil, adds sign-in and the review queue; it also
	// says whether reading is public (see SetReview).
	review *web.Review
	// DB, when not nil, is the store /readyz pings; else the review's
	// store is, when it can be.
	DB Pinger
	// TrustProxies are the proxies whose X-Forwarded-For names the client
	// (see ParseProxies); none by default.
	TrustProxies []netip.Prefix
	draining     atomic.Bool
	metrics      *metrics
}

// SetReview adds sign-in and the review queue to the pages.
func (s *Server) SetReview(rv *web.Review) {
	s.review = rv
	s.Swap(s.Index())
}

// relPath shows a transcript's path relative to the library, with
// slashes; a path outside the library (or absolute when there is no Root)
// is shown by its file name alone.
func (s *Server) relPath(p string) string {
	if s.Root != "" && filepath.IsAbs(p) {
		if root, err := filepath.Abs(s.Root); err == nil {
			if rel, err := filepath.Rel(root, p); err == nil {
				p = rel
			}
		}
	}
	if filepath.IsAbs(p) || p == ".." || strings.HasPrefix(p, ".."+string(filepath.Separator)) || filepath.VolumeName(p) != "" {
		return filepath.Base(p)
	}
	return filepath.ToSlash(filepath.Clean(p))
}

// relPaths makes the paths of a search's results relative to the library.
func (s *Server) relPaths(res *search.Result) {
	for _, g := range res.Groups {
		g.File = s.relPath(g.File)
		for _, h := range g.Hits {
			h.File = s.relPath(h.File)
		}
	}
}

// New returns a server for an index, with the tables of typo tolerance
// and sounds-like search built up front. concurrency bounds the queries
// run at once (others wait for their turn within their time limit, the
// clients that used least first); one of them, when concurrency is 2 or
// more, is kept for clients of cheap queries. One client may have
// MaxPerClient queries running or waiting.
func New(ix *search.Index, concurrency int) *Server {
	s := &Server{Timeout: search.Deadline, gate: newGate(concurrency, 1, MaxPerClient), metrics: newMetrics()}
	s.Swap(ix)
	return s
}

// state is one index and the routes that answer from it.
type state struct {
	ix  *search.Index
	mux http.Handler
	// pat is the routes without the sign-in guard: it names the pattern
	// of a request for the metrics.
	pat *http.ServeMux
}

type ixKey struct{}

// ixOf is the index a request is answered from.
func ixOf(r *http.Request) *search.Index { return r.Context().Value(ixKey{}).(*search.Index) }

// Swap makes the server answer from ix, with the tables of typo
// tolerance and sounds-like search built first; requests begun on the
// old index finish on it, and it is freed when the last of them ends.
func (s *Server) Swap(ix *search.Index) {
	ix.Warm()
	mux := s.routes(ix)
	s.cur.Store(&state{ix: ix, mux: s.review.Guard(mux), pat: mux})
}

// Index is the index the server answers from now.
func (s *Server) Index() *search.Index { return s.cur.Load().ix }

// Handler returns the API's routes.
func (s *Server) Handler() http.Handler {
	return s.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := s.cur.Load()
		st.mux.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ixKey{}, st.ix)))
	}))
}

func (s *Server) routes(ix *search.Index) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/search", s.search)
	mux.HandleFunc("GET /api/episodes/{id}", s.episode)
	mux.HandleFunc("GET /api/trend", s.trend)
	web.New(ix, s.limited).WithReview(s.review).Register(mux)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			writeError(w, http.StatusMethodNotAllowed, "only GET is served")
			return
		}
		writeError(w, http.StatusNotFound, "no such endpoint: see /api/search, /api/episodes/{id}, /api/trend")
	})
	return mux
}

type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &apiError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// encode renders a body as JSON, within a query's turn: encoding a large
// result costs as much as finding it, and so counts against the client's
// share, while writing it to a slow client does not hold a turn.
func encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding the answer: %w", err)
	}
	return append(b, '\n'), nil
}

func writeBody(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// fail writes an error as JSON with the fitting status.
func fail(w http.ResponseWriter, err error) {
	var ae *apiError
	var se *search.SyntaxError
	switch {
	case errors.As(err, &ae):
		writeError(w, ae.status, ae.msg)
	case errors.As(err, &se):
		writeError(w, http.StatusBadRequest, se.Error())
	case errors.Is(err, errBusy):
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
		writeError(w, http.StatusTooManyRequests, fmt.Sprintf("%v: at most %d; retry after %d s", err, MaxPerClient, RetryAfter))
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "the query took too long; narrow it down")
	case errors.Is(err, context.Canceled):
		writeError(w, http.StatusServiceUnavailable, "the request was canceled")
	default:
		writeError(w, http.StatusInternalServerError, err.Error())
	}
}

// query reads and parses the q parameter.
func query(v url.Values) (*search.Query, string, error) {
	q := v.Get("q")
	if len(q) > search.MaxQueryLen {
		return nil, q, &apiError{http.StatusRequestEntityTooLarge, fmt.Sprintf("query longer than %d bytes", search.MaxQueryLen)}
	}
	if q == "" {
		return nil, q, badRequest("missing q, the query")
	}
	sounds := false
	if s := v.Get("sounds_like"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, q, badRequest("sounds_like: want true or false")
		}
		sounds = b
	}
	parsed, err := search.Parse(q, sounds)
	return parsed, q, err
}

func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, badRequest("%s: want a number from %d to %d", name, lo, hi)
	}
	return n, nil
}

// limited runs a query within the server's time limit, once it has a
// turn among the queries run at once (waiting for the turn counts against
// the time). A client over its share gets errBusy.
func (s *Server) limited(r *http.Request, query func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(r.Context(), s.Timeout)
	defer cancel()
	who := clientOf(r)
	c, err := s.gate.acquire(ctx, who)
	if err != nil {
		return err
	}
	t0 := time.Now()
	defer func() { s.gate.release(who, c, time.Since(t0)) }()
	return query(ctx)
}

// SearchResponse is the body of /api/search.
type SearchResponse struct {
	Query  string  `json:"query"`
	TookMS float64 `json:"took_ms"`
	*search.Result
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	t0 := time.Now()
	v := r.URL.Query()
	q, raw, err := query(v)
	if err != nil {
		fail(w, err)
		return
	}
	var o search.Options
	for _, p := range []struct {
		to            *int
		name          string
		def, min, max int
	}{
		{&o.Limit, "limit", 20, 1, MaxLimit},
		{&o.Offset, "offset", 0, 0, 100000},
		{&o.PerEpisode, "per_episode", 3, 1, MaxPerEpisode},
	} {
		if *p.to, err = intParam(v, p.name, p.def, p.min, p.max); err != nil {
			fail(w, err)
			return
		}
	}
	var body []byte
	err = s.limited(r, func(ctx context.Context) error {
		res, err := ixOf(r).Search(ctx, q, o)
		if err != nil {
			return err
		}
		s.relPaths(res)
		body, err = encode(SearchResponse{Query: raw, TookMS: float64(time.Since(t0).Microseconds()) / 1000, Result: res})
		return err
	})
	if err != nil {
		fail(w, err)
		return
	}
	writeBody(w, body)
}

// EpisodeResponse is the body of /api/episodes/{id}.
type EpisodeResponse struct {
	ID       string           `json:"id"`
	Show     string           `json:"show"`
	Episode  int              `json:"episode"`
	Title    string           `json:"title,omitempty"`
	Date     string           `json:"date,omitempty"`
	DateFrom string           `json:"date_source,omitempty"`
	File     string           `json:"file"`
	Segments []search.Segment `json:"segments"`
}

func (s *Server) episode(w http.ResponseWriter, r *http.Request) {
	ix := ixOf(r)
	e := ix.Episode(r.PathValue("id"))
	if e == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no episode %q (ids look like show-name:123)", r.PathValue("id")))
		return
	}
	resp := EpisodeResponse{ID: e.ID, Show: ix.Shows[e.Show].Name, Episode: e.Number, Title: e.Title, File: s.relPath(e.File),
		Segments: ix.Segments(e)}
	if !e.Date.IsZero() {
		resp.Date, resp.DateFrom = e.Date.Format("2006-01-02"), e.DateSource
	}
	writeJSON(w, http.StatusOK, resp)
}

// TrendResponse is the body of /api/trend.
type TrendResponse struct {
	Query string            `json:"query"`
	By    string            `json:"by"`
	Rows  []search.TrendRow `json:"rows"`
}

func (s *Server) trend(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, raw, err := query(v)
	if err != nil {
		fail(w, err)
		return
	}
	by := v.Get("by")
	if by == "" {
		by = "year"
	}
	if by != "year" && by != "month" {
		fail(w, badRequest("by: want month or year"))
		return
	}
	var body []byte
	err = s.limited(r, func(ctx context.Context) error {
		rows, err := ixOf(r).Trend(ctx, q, by)
		if err != nil {
			return err
		}
		body, err = encode(TrendResponse{Query: raw, By: by, Rows: rows})
		return err
	})
	if err != nil {
		fail(w, err)
		return
	}
	writeBody(w, body)
}
