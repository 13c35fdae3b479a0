// Package servetest runs the emend binary's server for tests: it builds
// emend once into a test's temporary directory and starts "emend serve"
// on a free loopback port, waiting until it answers, so that the load and
// process tests of internal/server and internal/web measure the real
// program over real sockets.
package servetest

import (
	"bufio"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// StartTimeout bounds how long Start waits for the server to answer.
const StartTimeout = 30 * time.Second

// Build builds the emend binary into a temporary directory of the test.
func Build(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "emend")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/emend-project/emend/cmd/emend").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v %s", err, out)
	}
	return bin
}

// Start runs "emend serve" with args on a free loopback port until the
// test ends, and waits until it answers. Its log goes to the test's
// standard error.
func Start(t testing.TB, bin string, args ...string) (base string, pid int) {
	t.Helper()
	cmd, base := Command(t, bin, args...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	WaitUp(t, base)
	return base, cmd.Process.Pid
}

// Command is the command of "emend serve" with args on a free loopback
// port, and the base URL it will answer on.
func Command(t testing.TB, bin string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return exec.Command(bin, append([]string{"serve", "--addr", addr}, args...)...), "http://" + addr
}

// WaitUp waits until the server at base answers, for up to StartTimeout.
func WaitUp(t testing.TB, base string) {
	t.Helper()
	deadline := time.Now().Add(StartTimeout)
	for {
		if resp, err := http.Get(base + "/api/search?q=uv"); err == nil {
			resp.Body.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("emend serve did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Logged is a started server whose standard error is kept, a line at a
// time, for a test to read what it logged.
type Logged struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	logs []string
	done chan struct{}
}

// StartLogged starts cmd (made by Command) keeping its standard error,
// and kills it when the test ends.
func StartLogged(t testing.TB, cmd *exec.Cmd) *Logged {
	t.Helper()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	l := &Logged{cmd: cmd, done: make(chan struct{})}
	go func() {
		defer close(l.done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			l.mu.Lock()
			l.logs = append(l.logs, sc.Text())
			l.mu.Unlock()
		}
	}()
	return l
}

// Wait waits for the server to end, its log read to the end.
func (l *Logged) Wait() error {
	<-l.done
	return l.cmd.Wait()
}

// Lines returns the lines logged so far.
func (l *Logged) Lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.logs...)
}
