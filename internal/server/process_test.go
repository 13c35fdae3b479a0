package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/servetest"
)

// TestServeProcess runs the emend binary (built once into a temporary
// directory): it logs one JSON line per request, refuses a foreign Host,
// names files relative to the library, and on SIGTERM, as on SIGINT,
// finishes the requests in flight before it exits with status 0.
func TestServeProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds emend")
	}
	_, dir := testIndex(t)
	// A long episode: its answer is larger than the socket's buffers,
	// so that a client that does not read it yet keeps its request in
	// flight.
	var long strings.Builder
	for i := range 200000 {
		fmt.Fprintf(&long, "%d:%02d:%02d Segment %d of the long episode, with words enough to fill a line.\n\n", i/3600, i/60%60, i%60, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "pulse", "012-long.txt"), []byte(long.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, _, err := search.Build([]search.Source{{Show: search.Show{Name: "Pulse"}, Paths: []string{filepath.Join(dir, "pulse")}}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, ".emend"), 0o755); err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(dir, ".emend", "index")
	if err := ix.Save(idx); err != nil {
		t.Fatal(err)
	}
	bin := servetest.Build(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd, base := servetest.Command(t, bin, "--index", idx, "--no-review")
			srv := servetest.StartLogged(t, cmd)
			servetest.WaitUp(t, base)

			var res SearchResponse
			resp, err := http.Get(base + "/api/search?q=installer")
			if err != nil {
				t.Fatal(err)
			}
			json.NewDecoder(resp.Body).Decode(&res)
			resp.Body.Close()
			if len(res.Groups) != 1 || res.Groups[0].File != "pulse/010-uv.txt" {
				t.Errorf("search: %+v", res)
			}
			req, _ := http.NewRequest("GET", base+"/api/search?q=uv", nil)
			req.Host = "rebound.example"
			if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMisdirectedRequest {
				t.Errorf("foreign host: %v %v", resp, err)
			} else {
				resp.Body.Close()
			}

			// A request in flight when the signal comes: its answer is
			// being written to a client that reads it only after the
			// signal; it must get all of it.
			conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.Write([]byte("GET /api/episodes/pulse:12 HTTP/1.1\r\nHost: localhost\r\n\r\n"))
			time.Sleep(300 * time.Millisecond)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond)
			r, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("the request in flight got no answer: %v", err)
			}
			var ep EpisodeResponse
			err = json.NewDecoder(r.Body).Decode(&ep)
			r.Body.Close()
			if r.StatusCode != 200 || err != nil || len(ep.Segments) != 200000 {
				t.Errorf("the request in flight: %d, %d segments, %v", r.StatusCode, len(ep.Segments), err)
			}
			done := make(chan error, 1)
			go func() { done <- srv.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("exit: %v", err)
				}
			case <-time.After(15 * time.Second):
				t.Fatal("emend serve did not stop")
			}
			if _, err := http.Get(base + "/api/search?q=uv"); err == nil {
				t.Error("still answering after the signal")
			}
			logLines := srv.Lines()
			var requests int
			for _, l := range logLines {
				var e struct {
					Msg, Method, Path, Client string
					Status                    int
				}
				if json.Unmarshal([]byte(l), &e) != nil {
					if !strings.HasPrefix(l, "serving ") {
						t.Errorf("log line not JSON: %s", l)
					}
					continue
				}
				if e.Msg == "request" {
					requests++
					if e.Method != "GET" || !strings.HasPrefix(e.Path, "/api/") || e.Client != "127.0.0.1" || e.Status == 0 {
						t.Errorf("log line: %s", l)
					}
				}
			}
			// waitUp's, the search, the foreign host's, the one in flight.
			if requests < 4 {
				t.Errorf("%d request lines:\n%s", requests, strings.Join(logLines, "\n"))
			}
		})
	}
}
