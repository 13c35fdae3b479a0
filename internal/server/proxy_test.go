package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestForwardedClient(t *testing.T) {
	proxies, err := ParseProxies([]string{"127.0.0.1", "10.0.0.0/8", "::1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, remote string
		xff          []string
		want         string
	}{
		{"direct client", "203.0.113.9:5555", []string{"1.2.3.4"}, ""},
		{"through the proxy", "127.0.0.1:4000", []string{"198.51.100.7"}, "198.51.100.7"},
		{"spoofed first hop ignored", "127.0.0.1:4000", []string{"6.6.6.6, 198.51.100.7"}, "198.51.100.7"},
		{"two proxies", "10.1.2.3:80", []string{"198.51.100.7, 10.9.9.9"}, "198.51.100.7"},
		{"header lines joined", "10.1.2.3:80", []string{"198.51.100.7", "10.9.9.9"}, "198.51.100.7"},
		{"only proxies", "127.0.0.1:1", []string{"10.0.0.1"}, "10.0.0.1"},
		{"no header", "127.0.0.1:1", nil, ""},
		{"garbage", "127.0.0.1:1", []string{"not-an-ip"}, ""},
		{"garbage before a client", "127.0.0.1:1", []string{"junk, 198.51.100.7"}, "198.51.100.7"},
		{"v6 proxy, mapped client", "[::1]:9", []string{"::ffff:198.51.100.7"}, "198.51.100.7"},
		{"v4-mapped peer", "[::ffff:127.0.0.1]:9", []string{"198.51.100.8"}, "198.51.100.8"},
	} {
		if got := forwardedClient(tc.remote, tc.xff, proxies); got != tc.want {
			t.Errorf("%s: %q", tc.name, got)
		}
	}
	if _, err := ParseProxies([]string{"10.0.0.0/33"}); err == nil {
		t.Error("a bad network was taken")
	}
}

// TestTrustProxyLimits: behind a trusted proxy the per-client limit
// counts the browsers, so that one busy reader does not make the others
// wait; untrusted, every request is the proxy's.
func TestTrustProxyLimits(t *testing.T) {
	ix, _ := testIndex(t)
	s := New(ix, 2)
	proxies, _ := ParseProxies([]string{"127.0.0.1"})
	s.TrustProxies = proxies
	var seen []string
	h := s.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = append(seen, clientOf(r)) }))
	for _, xff := range []string{"198.51.100.1", "198.51.100.2", ""} {
		r := httptest.NewRequest("GET", "/api/search?q=uv", nil)
		r.RemoteAddr, r.Host = "127.0.0.1:5000", "localhost"
		if xff != "" {
			r.Header.Set("X-Forwarded-For", xff)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	if want := []string{"198.51.100.1", "198.51.100.2", "127.0.0.1"}; len(seen) != 3 || seen[0] != want[0] || seen[1] != want[1] || seen[2] != want[2] {
		t.Errorf("clients %v, want %v", seen, want)
	}
}
