package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// family is a metric family read back from the exposition format.
type family struct {
	name, typ, help string
	samples         []sample
}

type sample struct {
	name   string
	labels map[string]string
	value  float64
}

var (
	metricName = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelName  = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// parseExposition reads the Prometheus text format strictly, as a
// scraper would, and checks its rules: every family has one HELP and one
// TYPE line before its samples, its samples are together, names and
// label names are valid, label values are quoted with only \\, \" and \n
// escaped, a counter is never negative, and a histogram's buckets are
// cumulative, in increasing order of le, end with le="+Inf" and agree
// with its _count, beside a _sum.
func parseExposition(text string) (map[string]*family, error) {
	if !strings.HasSuffix(text, "\n") {
		return nil, errors.New("the text does not end with a line feed")
	}
	fams := map[string]*family{}
	var cur *family
	done := map[string]bool{} // families whose samples have ended
	get := func(name string) *family {
		f := fams[name]
		if f == nil {
			f = &family{name: name}
			fams[name] = f
		}
		return f
	}
	for n, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		at := func(format string, args ...any) error {
			return fmt.Errorf("line %d %q: %s", n+1, line, fmt.Sprintf(format, args...))
		}
		if line == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "# "); ok {
			kw, rest, _ := strings.Cut(rest, " ")
			name, arg, _ := strings.Cut(rest, " ")
			if kw != "HELP" && kw != "TYPE" {
				continue // a comment
			}
			if !metricName.MatchString(name) {
				return nil, at("bad metric name %q", name)
			}
			f := get(name)
			if len(f.samples) > 0 || done[name] {
				return nil, at("%s after the family's samples", kw)
			}
			if cur != nil && cur != f {
				done[cur.name] = true
			}
			cur = f
			switch kw {
			case "HELP":
				if f.help != "" {
					return nil, at("a second HELP")
				}
				if strings.Contains(strings.NewReplacer(`\\`, "", `\n`, "").Replace(arg), `\`) {
					return nil, at("bad escape in HELP")
				}
				f.help = arg + " " // not empty even for an empty text
			case "TYPE":
				if f.typ != "" {
					return nil, at("a second TYPE")
				}
				switch arg {
				case "counter", "gauge", "histogram", "summary", "untyped":
				default:
					return nil, at("unknown type %q", arg)
				}
				f.typ = arg
			}
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		s, err := parseSample(line)
		if err != nil {
			return nil, at("%v", err)
		}
		base := s.name
		if cur != nil && cur.typ == "histogram" {
			for _, suf := range []string{"_bucket", "_sum", "_count"} {
				if b, ok := strings.CutSuffix(s.name, suf); ok && b == cur.name {
					base = b
				}
			}
		}
		if cur == nil || base != cur.name {
			return nil, at("a sample outside its family's HELP and TYPE")
		}
		if cur.typ == "counter" && (s.value < 0 || math.IsNaN(s.value)) {
			return nil, at("a counter below 0")
		}
		cur.samples = append(cur.samples, s)
	}
	for _, f := range fams {
		if f.help == "" || f.typ == "" {
			return nil, fmt.Errorf("family %s lacks its HELP or TYPE", f.name)
		}
		if f.typ == "histogram" {
			if err := checkHistogram(f); err != nil {
				return nil, fmt.Errorf("histogram %s: %w", f.name, err)
			}
		}
	}
	return fams, nil
}

// parseSample reads name{label="value",...} value [timestamp].
func parseSample(line string) (sample, error) {
	s := sample{labels: map[string]string{}}
	i := strings.IndexAny(line, "{ ")
	if i < 0 {
		return s, errors.New("no value")
	}
	s.name = line[:i]
	if !metricName.MatchString(s.name) {
		return s, fmt.Errorf("bad metric name %q", s.name)
	}
	rest := line[i:]
	if rest[0] == '{' {
		rest = rest[1:]
		for {
			if strings.HasPrefix(rest, "}") {
				rest = rest[1:]
				break
			}
			eq := strings.Index(rest, `="`)
			if eq < 0 {
				return s, errors.New("a label without =\"")
			}
			name := rest[:eq]
			if !labelName.MatchString(name) {
				return s, fmt.Errorf("bad label name %q", name)
			}
			if _, dup := s.labels[name]; dup {
				return s, fmt.Errorf("label %s twice", name)
			}
			rest = rest[eq+2:]
			var val strings.Builder
			closed := false
			for j := 0; j < len(rest); j++ {
				c := rest[j]
				if c == '"' {
					rest, closed = rest[j+1:], true
					break
				}
				if c == '\n' {
					return s, errors.New("a raw line feed in a label value")
				}
				if c == '\\' {
					if j+1 == len(rest) {
						return s, errors.New("a backslash at the end")
					}
					j++
					switch rest[j] {
					case '\\':
						val.WriteByte('\\')
					case '"':
						val.WriteByte('"')
					case 'n':
						val.WriteByte('\n')
					default:
						return s, fmt.Errorf("unknown escape \\%c", rest[j])
					}
					continue
				}
				val.WriteByte(c)
			}
			if !closed {
				return s, errors.New("an unclosed label value")
			}
			s.labels[name] = val.String()
			if strings.HasPrefix(rest, ",") {
				rest = rest[1:]
			} else if !strings.HasPrefix(rest, "}") {
				return s, errors.New("labels not separated by commas")
			}
		}
	}
	fields := strings.Split(rest, " ")
	if len(fields) < 2 || fields[0] != "" || len(fields) > 3 {
		return s, errors.New("want one space, a value and an optional timestamp")
	}
	v, err := parseValue(fields[1])
	if err != nil {
		return s, err
	}
	s.value = v
	if len(fields) == 3 {
		if _, err := strconv.ParseInt(fields[2], 10, 64); err != nil {
			return s, fmt.Errorf("bad timestamp %q", fields[2])
		}
	}
	return s, nil
}

func parseValue(v string) (float64, error) {
	switch v {
	case "+Inf":
		return math.Inf(1), nil
	case "-Inf":
		return math.Inf(-1), nil
	case "NaN":
		return math.NaN(), nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || strings.ContainsAny(v, "_xXpP") || strings.EqualFold(v, "inf") || strings.EqualFold(v, "infinity") {
		return 0, fmt.Errorf("bad value %q", v)
	}
	return f, nil
}

func checkHistogram(f *family) error {
	type series struct {
		les     []float64
		counts  []float64
		sum     bool
		count   float64
		counted bool
	}
	by := map[string]*series{}
	key := func(l map[string]string) string {
		var parts []string
		for k, v := range l {
			if k != "le" {
				parts = append(parts, k+"="+v)
			}
		}
		sort.Strings(parts)
		return strings.Join(parts, ",")
	}
	for _, s := range f.samples {
		k := key(s.labels)
		se := by[k]
		if se == nil {
			se = &series{}
			by[k] = se
		}
		switch s.name {
		case f.name + "_bucket":
			le, ok := s.labels["le"]
			if !ok {
				return fmt.Errorf("a bucket without le")
			}
			b, err := parseValue(le)
			if err != nil {
				return fmt.Errorf("le: %v", err)
			}
			if n := len(se.les); n > 0 && (b <= se.les[n-1] || s.value < se.counts[n-1]) {
				return fmt.Errorf("{%s}: buckets out of order or not cumulative at le=%s", k, le)
			}
			se.les, se.counts = append(se.les, b), append(se.counts, s.value)
		case f.name + "_sum":
			se.sum = true
		case f.name + "_count":
			se.count, se.counted = s.value, true
		default:
			return fmt.Errorf("sample %s in a histogram", s.name)
		}
	}
	for k, se := range by {
		n := len(se.les)
		if n == 0 || !math.IsInf(se.les[n-1], 1) {
			return fmt.Errorf("{%s}: no le=\"+Inf\" bucket last", k)
		}
		if !se.sum || !se.counted || se.count != se.counts[n-1] {
			return fmt.Errorf("{%s}: _sum or _count missing, or _count %v not the +Inf bucket's %v", k, se.count, se.counts[n-1])
		}
	}
	return nil
}

// TestParseExpositionRefuses checks that the test's parser can fail: each
// text breaks one rule.
func TestParseExpositionRefuses(t *testing.T) {
	head := "# HELP h_seconds Latency.\n# TYPE h_seconds histogram\n"
	for _, tc := range []struct{ name, text string }{
		{"no TYPE", "# HELP a_total A.\na_total 1\n"},
		{"no HELP", "# TYPE a_total counter\na_total 1\n"},
		{"sample before TYPE", "a_total 1\n# HELP a_total A.\n# TYPE a_total counter\n"},
		{"family split", "# HELP a A.\n# TYPE a gauge\na 1\n# HELP b B.\n# TYPE b gauge\nb 1\na 2\n"},
		{"unquoted label", "# HELP a A.\n# TYPE a gauge\na{x=1} 1\n"},
		{"bad escape", "# HELP a A.\n# TYPE a gauge\na{x=\"\\t\"} 1\n"},
		{"unclosed label", "# HELP a A.\n# TYPE a gauge\na{x=\"y} 1\n"},
		{"bad label name", "# HELP a A.\n# TYPE a gauge\na{1x=\"y\"} 1\n"},
		{"bad name", "# HELP 1a A.\n# TYPE 1a gauge\n1a 1\n"},
		{"two spaces", "# HELP a A.\n# TYPE a gauge\na  1\n"},
		{"bad value", "# HELP a A.\n# TYPE a gauge\na one\n"},
		{"negative counter", "# HELP a_total A.\n# TYPE a_total counter\na_total -1\n"},
		{"unknown type", "# HELP a A.\n# TYPE a meter\na 1\n"},
		{"no final line feed", "# HELP a A.\n# TYPE a gauge\na 1"},
		{"no +Inf", head + "h_seconds_bucket{le=\"1\"} 1\nh_seconds_sum 1\nh_seconds_count 1\n"},
		{"not cumulative", head + "h_seconds_bucket{le=\"1\"} 2\nh_seconds_bucket{le=\"2\"} 1\nh_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_sum 1\nh_seconds_count 2\n"},
		{"le out of order", head + "h_seconds_bucket{le=\"2\"} 1\nh_seconds_bucket{le=\"1\"} 1\nh_seconds_bucket{le=\"+Inf\"} 1\nh_seconds_sum 1\nh_seconds_count 1\n"},
		{"count disagrees", head + "h_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_sum 1\nh_seconds_count 3\n"},
		{"no sum", head + "h_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_count 2\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := parseExposition(tc.text); err == nil {
				t.Errorf("accepted:\n%s", tc.text)
			}
		})
	}
	ok := head + "h_seconds_bucket{le=\"1\"} 1\nh_seconds_bucket{le=\"+Inf\"} 2\nh_seconds_sum 3.5\nh_seconds_count 2\n" +
		"# a comment\n# HELP c_total With \\\\ and \\n.\n# TYPE c_total counter\nc_total{a=\"x\\\"y\",b=\"\"} 0 1700000000000\n"
	if _, err := parseExposition(ok); err != nil {
		t.Errorf("refused a valid text: %v", err)
	}
}

// getText gets a URL, with a Host when not "", and returns the status and
// body.
func getText(t *testing.T, u, host string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// fakeStore answers the readiness probe and the queue, or fails.
type fakeStore struct{ err error }

func (f fakeStore) Ping(context.Context) error { return f.err }

func scrape(t *testing.T, srv *httptest.Server) (map[string]*family, string) {
	t.Helper()
	code, body := getText(t, srv.URL+MetricsPath, "")
	if code != 200 {
		t.Fatalf("/metrics: %d %s", code, body)
	}
	fams, err := parseExposition(body)
	if err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	return fams, body
}

func value(t *testing.T, fams map[string]*family, name string, labels ...string) float64 {
	t.Helper()
	f := fams[strings.TrimSuffix(strings.TrimSuffix(name, "_bucket"), "_count")]
	if f == nil {
		f = fams[name]
	}
	if f == nil {
		t.Fatalf("no family %s", name)
	}
next:
	for _, s := range f.samples {
		if s.name != name {
			continue
		}
		for i := 0; i+1 < len(labels); i += 2 {
			if s.labels[labels[i]] != labels[i+1] {
				continue next
			}
		}
		return s.value
	}
	t.Fatalf("no sample %s%v", name, labels)
	return 0
}

// TestMetrics scrapes /metrics after a few requests: the text parses, and
// the counters say what was asked.
func TestMetrics(t *testing.T) {
	ix, _ := testIndex(t)
	s := New(ix, 2)
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for _, p := range []string{"/api/search?q=uv", "/api/search?q=uv", "/api/search?q=uv", "/api/search", // 400
		"/api/episodes/pulse:10", "/api/episodes/pulse:99", // 404
		"/no/such/page"} {
		getText(t, srv.URL+p, "")
	}
	fams, body := scrape(t, srv)
	for _, tc := range []struct {
		route, code string
		want        float64
	}{
		{"GET /api/search", "200", 3},
		{"GET /api/search", "400", 1},
		{"GET /api/episodes/{id}", "200", 1},
		{"GET /api/episodes/{id}", "404", 1},
		{"/", "404", 1},
	} {
		if got := value(t, fams, "emend_http_requests_total", "route", tc.route, "code", tc.code); got != tc.want {
			t.Errorf("requests{%s,%s} = %v, want %v", tc.route, tc.code, got, tc.want)
		}
	}
	if got := value(t, fams, "emend_http_request_duration_seconds_count", "route", "GET /api/search"); got != 4 {
		t.Errorf("latency count of search = %v, want 4", got)
	}
	if got := value(t, fams, "emend_http_request_duration_seconds_bucket", "route", "GET /api/search", "le", "30"); got != 4 {
		t.Errorf("the 30 s bucket of search = %v, want 4", got)
	}
	if got := value(t, fams, "emend_index_segments"); got != float64(ix.Stats().Segments) || got == 0 {
		t.Errorf("segments = %v, want %d", got, ix.Stats().Segments)
	}
	// The scrape itself is in flight while it is written.
	if got := value(t, fams, "emend_http_requests_in_flight"); got != 1 {
		t.Errorf("in flight = %v, want 1 (the scrape)", got)
	}
	if !strings.Contains(body, "# TYPE emend_http_request_duration_seconds histogram\n") {
		t.Error("no histogram TYPE line")
	}
	// The scrape is counted on the next one.
	fams, _ = scrape(t, srv)
	if got := value(t, fams, "emend_http_requests_total", "route", MetricsPath, "code", "200"); got != 1 {
		t.Errorf("scrapes counted = %v, want 1", got)
	}
	// Like the API, /metrics answers only allowed hosts.
	if code, _ := getText(t, srv.URL+MetricsPath, "evil.example"); code != http.StatusMisdirectedRequest {
		t.Errorf("/metrics for a foreign host: %d", code)
	}
}

// TestMetricsLabelsEscaped: a route label that needs escaping still
// parses back to itself.
func TestMetricsLabelsEscaped(t *testing.T) {
	ix, _ := testIndex(t)
	s := New(ix, 2)
	for _, r := range []string{`a"b`, `back\slash`, "line\nfeed", "ünïcode", ""} {
		s.metrics.observe(r, 200, time.Millisecond)
	}
	var b strings.Builder
	if err := s.writeMetrics(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	fams, err := parseExposition(b.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	for _, r := range []string{`a"b`, `back\slash`, "line\nfeed", "ünïcode", ""} {
		if got := value(t, fams, "emend_http_requests_total", "route", r, "code", "200"); got != 1 {
			t.Errorf("route %q: %v", r, got)
		}
	}
}

// FuzzMetricsLabel writes any route label and reads it back.
func FuzzMetricsLabel(f *testing.F) {
	for _, s := range []string{"GET /api/search", `"`, `\`, "\n", `\n`, "}", `="`, ","} {
		f.Add(s, int64(1500))
	}
	f.Fuzz(func(t *testing.T, route string, micros int64) {
		var b strings.Builder
		e := &expo{w: bufio.NewWriter(&b)}
		e.family("x_total", "counter", "X.")
		e.sample("x_total", float64(micros), "route", route)
		e.w.Flush()
		if micros < 0 {
			return // a counter below 0 is refused, rightly
		}
		fams, err := parseExposition(b.String())
		if err != nil {
			t.Fatalf("%v\n%q", err, b.String())
		}
		if got := fams["x_total"].samples[0]; got.labels["route"] != route || got.value != float64(micros) {
			t.Fatalf("route %q, %d read back as %q, %v", route, micros, got.labels["route"], got.value)
		}
	})
}
