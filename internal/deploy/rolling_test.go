package deploy

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/servetest"
)

// Rolling restart behind a proxy: the clients (fewer than the 4 queries
// one client may have at once: they all come from 127.0.0.1, and the
// servers trust the proxy's X-Forwarded-For), and how long the test gives
// a restarted server before it stops the other: more than nginx's
// fail_timeout and Caddy's health_interval in the documented
// configurations (5 s), so that it is back in the proxy's rotation.
const (
	rollingClients = 3
	backInRotation = 5*time.Second + 2*time.Second
)

// docBlock is the block of a language ("nginx", "caddyfile") in
// docs/deploy.md, with each of the replacements made (each must be
// found).
func docBlock(t *testing.T, lang string, replace ...string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```" + lang + "\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatalf("docs/deploy.md has no %s block", lang)
	}
	conf := string(m[1])
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(conf, replace[i]) {
			t.Fatalf("the %s block of docs/deploy.md has no %q", lang, replace[i])
		}
		conf = strings.Replace(conf, replace[i], replace[i+1], 1)
	}
	return conf
}

func lookPath(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	for _, d := range []string{"/usr/sbin", "/usr/bin"} {
		if _, err := os.Stat(filepath.Join(d, name)); err == nil {
			return filepath.Join(d, name)
		}
	}
	t.Skipf("no %s: apt-get install %s", name, map[string]string{"nginx": "nginx-light"}[name]+map[string]string{"caddy": "caddy"}[name])
	return ""
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// servers are two emend serve processes on one index, restartable.
type servers struct {
	t     *testing.T
	bin   string
	idx   string
	addrs [2]string
	mu    sync.Mutex
	procs [2]*exec.Cmd
}

func (s *servers) start(i int) {
	s.t.Helper()
	cmd := exec.Command(s.bin, "serve", "--index", s.idx, "--no-review", "--addr", s.addrs[i])
	cmd.Env = append(os.Environ(), "EMEND_TRUST_PROXY=127.0.0.1", "EMEND_LOG_FORMAT=json")
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.mu.Lock()
	s.procs[i] = cmd
	s.mu.Unlock()
	servetest.WaitUp(s.t, "http://"+s.addrs[i])
}

func startServers(t *testing.T, bin, idx string) *servers {
	s := &servers{t: t, bin: bin, idx: idx, addrs: [2]string{freeAddr(t), freeAddr(t)}}
	t.Cleanup(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, p := range s.procs {
			if p != nil && p.ProcessState == nil {
				p.Process.Kill()
				p.Wait()
			}
		}
	})
	s.start(0)
	s.start(1)
	return s
}

// TestRollingRestart runs the nginx and the Caddy configurations of
// docs/deploy.md, as written but for their addresses, in front of two
// emend servers, and restarts each server in turn with SIGTERM as the
// page says while clients search through the proxy: no request fails.
// Each proxy's part skips without it (apt-get install nginx-light caddy).
func TestRollingRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds emend, runs nginx and caddy")
	}
	dir := t.TempDir()
	lib := filepath.Join(dir, "pulse")
	os.MkdirAll(lib, 0o755)
	for i := range 20 {
		text := fmt.Sprintf("00:00:00 Episode %d: uv, the fast installer, and Pydantic.\n\n00:01:00 More about uv and ruff.\n", i)
		if err := os.WriteFile(filepath.Join(lib, fmt.Sprintf("%03d-uv.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix, _, err := search.Build([]search.Source{{Show: search.Show{Name: "Pulse"}, Paths: []string{lib}}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(dir, "index")
	if err := ix.Save(idx); err != nil {
		t.Fatal(err)
	}
	bin := servetest.Build(t)

	t.Run("nginx", func(t *testing.T) {
		nginx := lookPath(t, "nginx")
		srv := startServers(t, bin, idx)
		dir := t.TempDir()
		front := freeAddr(t)
		block := docBlock(t, "nginx", "listen 443 ssl;", "listen "+front+";",
			"server 127.0.0.1:8081", "server "+srv.addrs[0], "server 127.0.0.1:8082", "server "+srv.addrs[1])
		conf := fmt.Sprintf(`daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
worker_processes 1;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
%[2]s
}
`, dir, block)
		confPath := filepath.Join(dir, "nginx.conf")
		if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(nginx, "-t", "-p", dir, "-c", confPath).CombinedOutput(); err != nil {
			t.Fatalf("nginx -t refuses the configuration of docs/deploy.md: %v\n%s", err, out)
		}
		ng := exec.Command(nginx, "-p", dir, "-c", confPath)
		if err := ng.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ng.Process.Signal(syscall.SIGQUIT); ng.Wait() })
		roll(t, "http://"+front, srv, func() string { b, _ := os.ReadFile(filepath.Join(dir, "error.log")); return string(b) })
	})

	t.Run("caddy", func(t *testing.T) {
		caddy := lookPath(t, "caddy")
		srv := startServers(t, bin, idx)
		dir := t.TempDir()
		front := freeAddr(t)
		// The site address becomes plain HTTP on a free port; the admin
		// endpoint is off, so that runs side by side do not clash.
		block := docBlock(t, "caddyfile", "transcripts.example.org {", "http://"+front+" {",
			"127.0.0.1:8081 127.0.0.1:8082", srv.addrs[0]+" "+srv.addrs[1])
		confPath := filepath.Join(dir, "Caddyfile")
		if err := os.WriteFile(confPath, []byte("{\n\tadmin off\n}\n\n"+block), 0o644); err != nil {
			t.Fatal(err)
		}
		var logs strings.Builder
		var logMu sync.Mutex
		cd := exec.Command(caddy, "run", "--config", confPath, "--adapter", "caddyfile")
		cd.Env = append(os.Environ(), "HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
		cd.Stderr = writerFunc(func(b []byte) (int, error) { logMu.Lock(); defer logMu.Unlock(); return logs.Write(b) })
		if err := cd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cd.Process.Signal(syscall.SIGTERM); cd.Wait() })
		roll(t, "http://"+front, srv, func() string { logMu.Lock(); defer logMu.Unlock(); return logs.String() })
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// roll waits for the proxy at base, checks it keeps /metrics from the
// public, then restarts each server in turn while clients search
// through the proxy, and fails if any request failed.
func roll(t *testing.T, base string, srv *servers, proxyLog func() string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/api/search?q=uv"); err == nil && resp.StatusCode == 200 {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the proxy does not answer: %s", proxyLog())
		}
	}
	if resp, err := http.Get(base + "/metrics"); err != nil || resp.StatusCode != 404 {
		t.Errorf("/metrics through the proxy: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	var stop atomic.Bool
	var ok, failed atomic.Int64
	var failMu sync.Mutex
	var failures []string
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for range rollingClients {
		wg.Go(func() {
			for !stop.Load() {
				resp, err := client.Get(base + "/api/search?q=uv")
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if err != nil || resp.StatusCode != 200 {
					failed.Add(1)
					failMu.Lock()
					if err != nil {
						failures = append(failures, err.Error())
					} else {
						failures = append(failures, resp.Status)
					}
					failMu.Unlock()
					continue
				}
				ok.Add(1)
			}
		})
	}
	time.Sleep(500 * time.Millisecond)
	for i := range 2 {
		// The page's procedure: SIGTERM, wait for it to stop, start it
		// again, wait for /readyz, then past the proxy's check interval.
		srv.mu.Lock()
		p := srv.procs[i]
		srv.mu.Unlock()
		p.Process.Signal(syscall.SIGTERM)
		if err := p.Wait(); err != nil {
			t.Errorf("server %d: exit %v", i, err)
		}
		srv.start(i)
		for resp, err := http.Get("http://" + srv.addrs[i] + "/readyz"); err != nil || resp.StatusCode != 200; resp, err = http.Get("http://" + srv.addrs[i] + "/readyz") {
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(backInRotation)
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d searches through the proxy during two restarts, %d failed", ok.Load(), failed.Load())
	if failed.Load() > 0 || ok.Load() == 0 {
		t.Errorf("%d of %d requests failed: %v\nproxy: %.3000s", failed.Load(), failed.Load()+ok.Load(), failures[:min(len(failures), 5)], proxyLog())
	}
}

// TestCaddyfileValidates has Caddy read compose.yaml's deploy/Caddyfile
// (the upstreams' names are resolved only when a request comes).
func TestCaddyfileValidates(t *testing.T) {
	caddy := lookPath(t, "caddy")
	dir := t.TempDir()
	cmd := exec.Command(caddy, "validate", "--config", filepath.Join(root, "deploy", "Caddyfile"), "--adapter", "caddyfile")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("caddy validate deploy/Caddyfile: %v\n%s", err, out)
	}
}
