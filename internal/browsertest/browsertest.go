// Package browsertest drives a real headless Chromium for the tests of
// emend's web pages: it finds and starts the browser with the flags that
// work on a machine without a network, opens a tab on a test server, and
// gives a test short helpers to navigate, type, click, wait, read the page
// and take screenshots. Every helper fails the test on error, and a
// JavaScript exception thrown by a page, or a resource its
// Content-Security-Policy refuses, fails it too.
//
// A test skips when no Chromium is installed, except under CI (CI set in
// the environment), where a missing browser is an error: CI installs it.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/emend-project/emend/internal/corpustest"
)

// Limits of a browser test.
const (
	// StepTimeout bounds one helper call (a navigation, a wait, a click).
	// The machine may be shared and slow; a working page takes well
	// under a second.
	StepTimeout = 20 * time.Second
	// StartTimeout bounds starting the browser.
	StartTimeout = 60 * time.Second
	// ScreenshotsEnv names the directory to write screenshots to; when it
	// is empty or unset, Screenshot writes nothing. A relative directory
	// is taken from the module's root (where go.mod is).
	ScreenshotsEnv = "EMEND_SCREENSHOTS"
	// ChromiumEnv names a browser binary to use instead of the ones
	// looked for.
	ChromiumEnv = "EMEND_CHROMIUM"
)

// Viewports a test may set.
var (
	Desktop = Viewport{Width: 1280, Height: 900}
	Phone   = Viewport{Width: 390, Height: 844, Mobile: true, Scale: 2}
)

// Viewport is the size of the page's window.
type Viewport struct {
	Width, Height int64
	Mobile        bool
	Scale         float64 // device pixels per CSS pixel; 0 means 1
}

// candidates are the browser binaries looked for, in order.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell", "chrome"}

// Find returns the path of a Chromium binary, or "" when there is none.
func Find() string {
	if p := os.Getenv(ChromiumEnv); p != "" {
		if found, err := exec.LookPath(p); err == nil {
			return found
		}
		return ""
	}
	for _, c := range candidates {
		if found, err := exec.LookPath(c); err == nil {
			return found
		}
	}
	return ""
}

// Page is one browser tab of a test, over a server at Base.
type Page struct {
	t    testing.TB
	ctx  context.Context
	Base string // the server's URL, without a trailing slash

	mu     sync.Mutex
	errors []string // JavaScript exceptions thrown
	logs   []string // console errors and warnings
}

// Option changes how a Page starts.
type Option func(*config)

type config struct {
	viewport  Viewport
	noScripts bool
}

// WithViewport starts the page with a window of that size.
func WithViewport(v Viewport) Option { return func(c *config) { c.viewport = v } }

// WithoutJavaScript starts the page with scripts disabled, as a reader
// who turned JavaScript off sees it.
func WithoutJavaScript() Option { return func(c *config) { c.noScripts = true } }

// New starts a headless Chromium with a fresh profile and opens a tab for
// a server at base. The browser is stopped when the test ends. It skips
// the test when no browser is found (fails under CI).
func New(t testing.TB, base string, opts ...Option) *Page {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests do not run with -short")
	}
	bin := Find()
	if bin == "" {
		msg := "no Chromium found (looked for " + strings.Join(candidates, ", ") + " on PATH, or $" + ChromiumEnv + "); install it with: apt-get install -y chromium"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	cfg := config{viewport: Desktop}
	for _, o := range opts {
		o(&cfg)
	}
	profile := t.TempDir()
	allocOpts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(profile),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		// On a machine without a network, a browser that tries to reach
		// its services stalls or crashes: turn them all off.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.WindowSize(int(cfg.viewport.Width), int(cfg.viewport.Height)),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocOpts...)
	p := &Page{t: t, Base: strings.TrimRight(base, "/")}
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf), chromedp.WithListener(p.listen))
	p.ctx = ctx
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, l := range p.logs {
			t.Logf("browser console: %s", l)
		}
		for _, e := range p.errors {
			t.Errorf("JavaScript exception: %s", e)
		}
	})
	// The first Do starts the browser; it is bound to the context it is
	// given, so that context has no deadline (a goroutine bounds the start).
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("starting %s: %v", bin, err)
		}
	case <-time.After(StartTimeout):
		t.Fatalf("starting %s: no answer within %v", bin, StartTimeout)
	}
	p.SetViewport(cfg.viewport)
	if cfg.noScripts {
		p.Do("disabling JavaScript", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}))
	}
	return p
}

// listen keeps the page's exceptions and console errors. It runs in the
// tab's event loop: it must return fast and run no command.
func (p *Page) listen(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		p.errors = append(p.errors, fmt.Sprintf("%s (%s:%d)", msg, d.URL, d.LineNumber+1))
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			p.logs = append(p.logs, string(ev.Type)+": "+strings.Join(parts, " "))
		}
	case *cdplog.EventEntryAdded:
		// The browser's own messages: a resource refused by the
		// Content-Security-Policy, a failed load.
		e := ev.Entry
		switch {
		case strings.Contains(e.Text, "Content Security Policy"):
			// A script, style or image the page's own policy refuses
			// is a broken page: it fails the test like an exception.
			p.errors = append(p.errors, fmt.Sprintf("%s: %s", e.URL, e.Text))
		case e.Level == cdplog.EntryLevelError || e.Level == cdplog.EntryLevelWarning:
			p.logs = append(p.logs, fmt.Sprintf("%s %s: %s %s", e.Level, e.Source, e.Text, e.URL))
		}
	}
}

// step gives one helper call its time limit.
func (p *Page) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(p.ctx, StepTimeout)
}

func (p *Page) fail(what string, err error) {
	p.t.Helper()
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("not done within %v: %w", StepTimeout, err)
	}
	p.t.Fatalf("%s: %v", what, err)
}

// Do runs chromedp actions within StepTimeout and fails the test on error.
func (p *Page) Do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.fail(what, err)
	}
}

// Run runs one chromedp action that returns a value, within StepTimeout,
// and fails the test on error.
func Run[T any](p *Page, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.fail(what, err)
	}
	return v
}

// Context returns the tab's context, for chromedp calls the helpers lack.
func (p *Page) Context() context.Context { return p.ctx }

// Open navigates to a path of the server (or a full URL) and waits for
// the page to load.
func (p *Page) Open(path string) {
	p.t.Helper()
	u := path
	if !strings.Contains(path, "://") {
		u = p.Base + path
	}
	p.Do("opening "+u, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("body")))
}

// SetViewport resizes the page's window.
func (p *Page) SetViewport(v Viewport) {
	p.t.Helper()
	scale := v.Scale
	if scale == 0 {
		scale = 1
	}
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(scale)}
	if v.Mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	p.Do("setting the viewport", chromedp.EmulateViewport(v.Width, v.Height, opts...))
}

// Type focuses the field matching a CSS selector, puts the caret at the
// end of what it holds, and types text there key by key, as a person
// would.
func (p *Page) Type(sel, text string) {
	p.t.Helper()
	p.Do("typing into "+sel,
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`(e => { e.focus(); const n = e.value.length; e.setSelectionRange(n, n); })(document.querySelector(`+jsString(sel)+`))`),
		chromedp.KeyEvent(text))
}

// Keys sends keys to the focused element (kb.Tab, kb.Enter, "abc").
func (p *Page) Keys(keys string, opts ...chromedp.KeyOption) {
	p.t.Helper()
	p.Do("pressing keys", chromedp.KeyEvent(keys, opts...))
}

// Click clicks the first visible element matching a CSS selector.
func (p *Page) Click(sel string) {
	p.t.Helper()
	p.Do("clicking "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// ClickAndWait clicks an element that loads a new page, and waits for
// the new page to load.
func (p *Page) ClickAndWait(sel string) {
	p.t.Helper()
	p.AndWait("clicking "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// AndWait runs an action that loads a new page (a click, a key that
// submits a form) and waits for the new page's load event.
func (p *Page) AndWait(what string, a chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	Run(p, what+" and waiting for the new page", chromedp.WaitEvent(page.LoadEventFired, nil, a))
}

// WaitVisible waits until an element matching a CSS selector is visible.
func (p *Page) WaitVisible(sel string) {
	p.t.Helper()
	p.Do("waiting for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// WaitFor waits until a JavaScript expression is true.
func (p *Page) WaitFor(what, expr string) {
	p.t.Helper()
	p.Do("waiting until "+what+" ("+expr+")", chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(StepTimeout)))
}

// Eval evaluates a JavaScript expression and decodes its value.
func Eval[T any](p *Page, expr string) T {
	p.t.Helper()
	return Run(p, "evaluating "+expr, chromedp.Evaluate[T](expr))
}

// Text returns the visible text of the first element matching a CSS
// selector.
func (p *Page) Text(sel string) string {
	p.t.Helper()
	return Run(p, "reading "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
}

// Count returns how many elements match a CSS selector.
func (p *Page) Count(sel string) int {
	p.t.Helper()
	return Eval[int](p, `document.querySelectorAll(`+jsString(sel)+`).length`)
}

// Location returns the page's URL.
func (p *Page) Location() string {
	p.t.Helper()
	return Run(p, "reading the location", chromedp.Location())
}

// Screenshot saves a PNG of what the window shows as NAME.png in the directory
// named by $EMEND_SCREENSHOTS, and does nothing when it is unset, so that
// ordinary test runs write nothing into the tree.
func (p *Page) Screenshot(name string) {
	p.t.Helper()
	dir := os.Getenv(ScreenshotsEnv)
	if dir == "" {
		return
	}
	if !filepath.IsAbs(dir) {
		root, err := corpustest.ModuleRoot()
		if err != nil {
			p.t.Fatalf("screenshot %s: %v", name, err)
		}
		dir = filepath.Join(root, dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	png := Run(p, "taking screenshot "+name, chromedp.CaptureScreenshot())
	file := filepath.Join(dir, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	p.t.Logf("wrote %s (%d bytes)", file, len(png))
}

// Logs returns the console errors and warnings seen so far (a refused
// resource, a violated Content-Security-Policy).
func (p *Page) Logs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.logs...)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\u2028", `\u2028`, "\u2029", `\u2029`, "</", `<\/`)
	return `"` + r.Replace(s) + `"`
}
