package server

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ParseProxies reads the addresses of trusted proxies: networks
// ("10.0.0.0/8") or single addresses ("127.0.0.1").
func ParseProxies(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		s = strings.TrimSpace(s)
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: want an address or a network (10.0.0.0/8)", s)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func trusted(a netip.Addr, proxies []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedClient returns the client a request comes from when its peer
// is a trusted proxy: the last address of X-Forwarded-For that is not a
// trusted proxy itself (the ones before it could be written by anyone).
// It returns "" when the peer is not trusted or the header says nothing
// usable.
func forwardedClient(remote string, xff []string, proxies []netip.Prefix) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !trusted(peer, proxies) {
		return ""
	}
	var hops []string
	for _, v := range xff {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := ""
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // garbage: keep the last hop a trusted proxy wrote
		}
		client = a.Unmap().String()
		if !trusted(a, proxies) {
			break
		}
	}
	return client
}

// fromProxy names the request's client by X-Forwarded-For when the peer
// is one of TrustProxies, so that the per-client limits and sign-in's
// rate limit count browsers, not the proxy.
func (s *Server) fromProxy(r *http.Request) *http.Request {
	if len(s.TrustProxies) == 0 {
		return r
	}
	c := forwardedClient(r.RemoteAddr, r.Header.Values("X-Forwarded-For"), s.TrustProxies)
	if c == "" {
		return r
	}
	r2 := r.WithContext(r.Context())
	r2.RemoteAddr = net.JoinHostPort(c, "0")
	return r2
}
