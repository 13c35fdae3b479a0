package browsertest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestFindHonoursTheEnvironment(t *testing.T) {
	t.Setenv(ChromiumEnv, filepath.Join(t.TempDir(), "no-such-browser"))
	if got := Find(); got != "" {
		t.Errorf("Find() = %q with %s naming a missing file", got, ChromiumEnv)
	}
}

// TestPage runs the helpers against a tiny page: strings quoted for
// JavaScript come back as they were, typing and waiting work, an
// exception is caught, and a screenshot is written only when asked.
func TestPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/csp" {
			w.Header().Set("Content-Security-Policy", "style-src 'self'")
			w.Write([]byte(`<!doctype html><title>t</title><style>p { color: red }</style><p>x</p>`))
			return
		}
		w.Write([]byte(`<!doctype html><title>t</title><input id=box><p id=out></p>
<script>document.getElementById("box").addEventListener("input", e => { document.getElementById("out").textContent = e.target.value; });</script>`))
	}))
	defer srv.Close()
	p := New(t, srv.URL)
	p.Open("/")
	for _, s := range []string{"", `a "quoted" \ back`, "line\nbreak\r", "</script>", "\u2028\u2029", "émend ✓"} {
		if got := Eval[string](p, jsString(s)); got != s {
			t.Errorf("jsString(%q) evaluates to %q", s, got)
		}
	}
	p.Type("#box", "hello")
	p.Type("#box", " world") // appended at the end, not where a click would put the caret
	p.WaitFor("the page saw the input", `document.getElementById("out").textContent === "hello world"`)
	if got := p.Text("#out"); got != "hello world" {
		t.Errorf("text %q", got)
	}
	if n := p.Count("p, input"); n != 2 {
		t.Errorf("Count = %d", n)
	}
	dir := t.TempDir()
	t.Setenv(ScreenshotsEnv, "")
	p.Screenshot("none")
	t.Setenv(ScreenshotsEnv, dir)
	p.Screenshot("page")
	if fi, err := os.Stat(filepath.Join(dir, "page.png")); err != nil || fi.Size() == 0 {
		t.Errorf("no screenshot written: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d files in the screenshot directory, want 1", len(ents))
	}
	// An uncaught exception is recorded (and would fail the test at its
	// end: the list is emptied here to keep this one passing).
	Eval[bool](p, `setTimeout(() => { throw new Error("boom"); }, 0); true`)
	var n int
	for range 100 {
		p.mu.Lock()
		n = len(p.errors)
		p.mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.mu.Lock()
	p.errors = nil
	p.mu.Unlock()
	if n != 1 {
		t.Errorf("%d exceptions recorded, want 1", n)
	}
	// So is a style that the page's policy refuses.
	p.Open("/csp")
	for range 100 {
		p.mu.Lock()
		n = len(p.errors)
		p.mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.mu.Lock()
	p.errors = nil
	p.mu.Unlock()
	if n != 1 {
		t.Errorf("%d policy violations recorded, want 1", n)
	}
}
