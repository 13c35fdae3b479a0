package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/servetest"
	"github.com/emend-project/emend/internal/store"
)

// The library of the shutdown test: enough episodes that applying one
// decision to every copy takes a while, so that SIGTERM comes during it.
const (
	shutdownPairs    = 600
	shutdownSegments = 10
	shutdownSignalAt = 150 * time.Millisecond // after the apply is sent
	shutdownPassword = "correct horse"
)

var (
	csrfField   = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	digestField = regexp.MustCompile(`name="digest" value="([^"]+)"`)
	githubGroup = regexp.MustCompile(`id="g-([0-9a-f]+)"[^>]*>\s*<h2[^>]*>(?:<span class="rank">\d+\.</span> )?<del>Github</del>`)
)

// TestShutdownFinishesTheApply runs the emend binary with a review queue
// and sends it SIGTERM while a decision is being applied to 1,200 files:
// /readyz turns 503 at once, the editor still gets the answer, every
// copy is changed (none left between), the decision is recorded as
// applied, and the process exits 0 with a JSON log.
func TestShutdownFinishesTheApply(t *testing.T) {
	if testing.Short() {
		t.Skip("builds emend and writes a library of 1,200 files")
	}
	root := t.TempDir()
	lib := filepath.Join(root, "pulse")
	if err := os.MkdirAll(lib, 0o755); err != nil {
		t.Fatal(err)
	}
	var files []string
	for i := range shutdownPairs {
		var txt, vtt strings.Builder
		vtt.WriteString("WEBVTT\n\n")
		for s := range shutdownSegments {
			line := fmt.Sprintf("In episode %d part %d our code lives on Github, and the issues too.", i, s)
			if i == 0 && s == 0 {
				line = "The one place that spells GitHub right."
			}
			fmt.Fprintf(&txt, "00:%02d:%02d %s\n\n", s/6, s*10%60, line)
			fmt.Fprintf(&vtt, "00:%02d:%02d.000 --> 00:%02d:%02d.000\n%s\n\n", s/6, s*10%60, (s+1)/6, (s+1)*10%60, line)
		}
		for ext, b := range map[string]string{".txt": txt.String(), ".vtt": vtt.String()} {
			p := filepath.Join(lib, fmt.Sprintf("%04d-episode%s", i, ext))
			if err := os.WriteFile(p, []byte(b), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, p)
		}
	}
	ix, _, err := search.Build([]search.Source{{Show: search.Show{Name: "Pulse"}, Paths: []string{lib}}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(root, ".emend", "index")
	os.MkdirAll(filepath.Dir(idx), 0o755)
	if err := ix.Save(idx); err != nil {
		t.Fatal(err)
	}
	bin := servetest.Build(t)
	db := filepath.Join(root, ".emend", "emend.db")
	add := exec.Command(bin, "user", "add", "--db", db, "maya")
	add.Stdin = strings.NewReader(shutdownPassword + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v %s", err, out)
	}

	// The requests' time is up long before the apply ends: the process
	// waits for the decision in hand all the same.
	cmd, base := servetest.Command(t, bin, "--index", idx, "--db", db, "--rules", filepath.Join(root, "emend.rules"), "--shutdown-timeout", "50ms", lib)
	cmd.Env = append(os.Environ(), "EMEND_LOG_FORMAT=json")
	srv := servetest.StartLogged(t, cmd)
	servetest.WaitUp(t, base)

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 3 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	try := func(method, path string, form url.Values) (int, string, error) {
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequest(method, base+path, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := c.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), err
	}
	do := func(method, path string, form url.Values) (int, string) {
		t.Helper()
		code, page, err := try(method, path, form)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		return code, page
	}
	field := func(re *regexp.Regexp, page string) string {
		t.Helper()
		m := re.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no %v in %.400s", re, page)
		}
		return m[1]
	}
	_, page := do("GET", "/login", nil)
	if code, _ := do("POST", "/login", url.Values{"csrf": {field(csrfField, page)}, "name": {"maya"}, "password": {shutdownPassword}, "next": {"/review"}}); code != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", code)
	}
	var group string
	for deadline := time.Now().Add(2 * time.Minute); ; {
		_, page = do("GET", "/review", nil)
		if m := githubGroup.FindStringSubmatch(page); m != nil {
			group = m[1]
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the queue has no Github group: %.600s", page)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// Ready, on the real SQLite store, and its metrics parse.
	if code, body := getText(t, base+ReadyPath, "10.0.0.1:80"); code != 200 || body != "ready\n" {
		t.Errorf("/readyz: %d %q", code, body)
	}
	_, text := getText(t, base+MetricsPath, "")
	fams, err := parseExposition(text)
	if err != nil {
		t.Fatalf("/metrics of the process: %v\n%s", err, text)
	}
	if value(t, fams, "emend_store_up") != 1 || value(t, fams, "emend_apply_queue_length") != 0 ||
		value(t, fams, "emend_index_segments") != float64(ix.Stats().Segments) {
		t.Errorf("/metrics of the process:\n%s", text)
	}
	csrf := field(csrfField, page)
	decision := url.Values{"csrf": {csrf}, "group": {group}, "act": {"everywhere"}, "right": {"GitHub"}}
	code, page := do("POST", "/review/decide", decision)
	if code != 200 {
		t.Fatalf("preview: %d %.400s", code, page)
	}
	decision.Set("digest", field(digestField, page))

	type answer struct {
		code int
		page string
		err  error
		at   time.Time
	}
	applied := make(chan answer, 1)
	go func() {
		code, page, err := try("POST", "/review/apply", decision)
		applied <- answer{code, page, err, time.Now()}
	}()
	time.Sleep(shutdownSignalAt)
	signalled := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Draining: the load balancer is told at once, the process still runs.
	time.Sleep(20 * time.Millisecond)
	if resp, err := http.Get(base + ReadyPath); err == nil {
		resp.Body.Close()
		t.Errorf("a new connection was answered after SIGTERM: /readyz %d", resp.StatusCode)
	}
	a := <-applied
	if !a.at.After(signalled) {
		t.Fatalf("the apply ended before SIGTERM (after %v): the test proves nothing; make shutdownPairs larger", a.at.Sub(signalled))
	}
	if a.err != nil || a.code != 200 || !strings.Contains(a.page, "Changed: ") {
		t.Errorf("the apply in flight at SIGTERM: %v %d %.600s", a.err, a.code, a.page)
	}
	t.Logf("the apply answered %v after SIGTERM", a.at.Sub(signalled).Round(time.Millisecond))
	done := make(chan error, 1)
	go func() { done <- srv.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit: %v", err)
		}
	case <-time.After(3 * time.Minute):
		t.Fatal("emend serve did not stop")
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "Github") {
			t.Fatalf("%s still says Github: the apply was cut short", filepath.Base(p))
		}
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ds, err := st.Decisions(context.Background(), 10)
	if err != nil || len(ds) != 1 || ds[0].Applied.IsZero() || ds[0].Error != "" {
		t.Errorf("decisions after the shutdown: %+v %v", ds, err)
	}
	if pend, err := st.Pending(context.Background()); err != nil || len(pend) != 0 {
		t.Errorf("queue after the shutdown: %+v %v", pend, err)
	}
	logLines := srv.Lines()
	var stopped, draining bool
	for _, l := range logLines {
		var e struct{ Msg string }
		if json.Unmarshal([]byte(l), &e) != nil {
			if !strings.HasPrefix(l, "serving ") && !strings.HasPrefix(l, "review queue on ") {
				t.Errorf("log line not JSON: %s", l)
			}
			continue
		}
		stopped = stopped || e.Msg == "stopped"
		draining = draining || strings.HasPrefix(e.Msg, "shutting down")
	}
	if !stopped || !draining {
		t.Errorf("no shutting-down or stopped line in the log:\n%s", strings.Join(logLines, "\n"))
	}
}
