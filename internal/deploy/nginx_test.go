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

// Rolling restart behind nginx: the clients (fewer than the 4 queries
// one client may have at once: they all come from 127.0.0.1, and the
// servers trust nginx's X-Forwarded-For), and how long the test gives a
// restarted server before it stops the other: more than nginx's
// fail_timeout in the documented configuration, so that it is back in
// nginx's rotation.
const (
	rollingClients = 3
	backInRotation = 5*time.Second + 2*time.Second
)

// docNginx is the nginx server block of docs/deploy.md, made to listen on
// addr and to send to the two upstreams.
func docNginx(t *testing.T, addr string, upstreams [2]string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```nginx\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatal("docs/deploy.md has no nginx block")
	}
	conf := string(m[1])
	for i, port := range []string{"8081", "8082"} {
		if !strings.Contains(conf, "server 127.0.0.1:"+port) {
			t.Fatalf("the nginx block has no upstream 127.0.0.1:%s", port)
		}
		conf = strings.Replace(conf, "server 127.0.0.1:"+port, "server "+upstreams[i], 1)
	}
	if !strings.Contains(conf, "listen 443 ssl;") {
		t.Fatal("the nginx block does not listen on 443")
	}
	return strings.Replace(conf, "listen 443 ssl;", "listen "+addr+";", 1)
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

// TestNginxRollingRestart runs the nginx configuration of docs/deploy.md
// in front of two emend servers, restarts each in turn with SIGTERM as
// the page says, while clients search through nginx: no request fails.
// It skips without nginx (apt-get install nginx-light).
func TestNginxRollingRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds emend, runs nginx")
	}
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		if _, err := os.Stat("/usr/sbin/nginx"); err != nil {
			t.Skip("no nginx: apt-get install nginx-light")
		}
		nginx = "/usr/sbin/nginx"
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
	addrs := [2]string{freeAddr(t), freeAddr(t)}
	var mu sync.Mutex
	procs := [2]*exec.Cmd{}
	start := func(i int) {
		t.Helper()
		cmd := exec.Command(bin, "serve", "--index", idx, "--no-review", "--addr", addrs[i])
		cmd.Env = append(os.Environ(), "EMEND_TRUST_PROXY=127.0.0.1", "EMEND_LOG_FORMAT=json")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		procs[i] = cmd
		mu.Unlock()
		servetest.WaitUp(t, "http://"+addrs[i])
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range procs {
			if p != nil && p.ProcessState == nil {
				p.Process.Kill()
				p.Wait()
			}
		}
	})
	start(0)
	start(1)

	front := freeAddr(t)
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
`, dir, docNginx(t, front, addrs))
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
	base := "http://" + front
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/api/search?q=uv"); err == nil && resp.StatusCode == 200 {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx does not answer: %s", b)
		}
	}
	// /metrics is kept from the public at the proxy.
	if resp, err := http.Get(base + "/metrics"); err != nil || resp.StatusCode != 404 {
		t.Errorf("/metrics through nginx: %v %v", resp, err)
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
		// again, wait for /readyz, then past nginx's fail_timeout.
		mu.Lock()
		p := procs[i]
		mu.Unlock()
		p.Process.Signal(syscall.SIGTERM)
		if err := p.Wait(); err != nil {
			t.Errorf("server %d: exit %v", i, err)
		}
		start(i)
		for resp, err := http.Get("http://" + addrs[i] + "/readyz"); err != nil || resp.StatusCode != 200; resp, err = http.Get("http://" + addrs[i] + "/readyz") {
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(backInRotation)
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d searches through nginx during two restarts, %d failed", ok.Load(), failed.Load())
	if failed.Load() > 0 || ok.Load() == 0 {
		b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		t.Errorf("%d of %d requests failed: %v\nnginx: %s", failed.Load(), failed.Load()+ok.Load(), failures[:min(len(failures), 5)], b)
	}
}
