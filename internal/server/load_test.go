package server

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/search"
)

// TestServeLoad runs "emend serve" on the index of both corpora and sends
// it the mixed queries of internal/search/testdata/queries.txt from
// concurrent clients on loopback for a bounded time, then reports
// requests per second, latency percentiles and the server's peak memory.
// It runs only with EMEND_LOAD=1 (EMEND_LOAD_SECONDS, default 10, and
// EMEND_LOAD_CLIENTS, default 8, tune it):
//
//	EMEND_LOAD=1 go test ./internal/server -run TestServeLoad -v
func TestServeLoad(t *testing.T) {
	if os.Getenv("EMEND_LOAD") == "" {
		t.Skip("set EMEND_LOAD=1 to load-test emend serve")
	}
	seconds := envInt("EMEND_LOAD_SECONDS", 10)
	clients := envInt("EMEND_LOAD_CLIENTS", 8)
	dir := t.TempDir()
	ix, _, err := search.Build(corpusSources(t), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(dir, "index")
	if err := ix.Save(idx); err != nil {
		t.Fatal(err)
	}
	ix = nil
	bin := filepath.Join(dir, "emend")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/emend-project/emend/cmd/emend").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v %s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--index", idx, "--addr", addr)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	base := "http://" + addr
	for i := 0; ; i++ {
		if resp, err := http.Get(base + "/api/search?q=uv"); err == nil {
			resp.Body.Close()
			break
		}
		if i > 200 {
			t.Fatal("emend serve did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}
	var urls []string
	for _, p := range mixPaths(t) {
		urls = append(urls, base+p)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	var mu sync.Mutex
	var lat []time.Duration
	failures := 0
	var wg sync.WaitGroup
	t0 := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for i := c; time.Now().Before(deadline); i++ {
				u := urls[i%len(urls)]
				s := time.Now()
				resp, err := client.Get(u)
				if err != nil {
					bad++
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					bad++
				}
				mine = append(mine, time.Since(s))
			}
			mu.Lock()
			lat = append(lat, mine...)
			failures += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	took := time.Since(t0)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p int) time.Duration { return lat[min(len(lat)-1, len(lat)*p/100)] }
	hwm, rss := procMem(cmd.Process.Pid)
	t.Logf("%d requests in %.1fs from %d clients: %.0f req/s; latency median %v, p99 %v, max %v; %d failed; server peak RSS %s, RSS now %s",
		len(lat), took.Seconds(), clients, float64(len(lat))/took.Seconds(), pct(50), pct(99), lat[len(lat)-1], failures, hwm, rss)
	if failures > 0 {
		t.Errorf("%d requests failed", failures)
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// procMem reads a process's peak and current resident memory.
func procMem(pid int) (hwm, rss string) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?", "?"
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			hwm = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			rss = strings.TrimSpace(v)
		}
	}
	return hwm, rss
}
