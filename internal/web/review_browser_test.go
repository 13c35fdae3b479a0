package web_test

// Browser tests of the review queue: sign-in, a decision previewed then
// written to every copy of an episode, the CSRF guard, the single-key
// shortcuts and the pages without JavaScript, in headless Chromium over
// the library of newReview (episode 10 as .txt and .vtt, episode 11 as
// .txt, "Github" and "fast API" misspelt).

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/emend-project/emend/internal/browsertest"
)

// browserSignIn signs maya in through the sign-in form and lands on the
// queue.
func browserSignIn(t *testing.T, p *browsertest.Page) {
	t.Helper()
	p.Open("/login?next=%2Freview")
	p.Type("#name", "maya")
	p.Type("#password", password)
	p.ClickAndWait("#login-submit")
	if loc := p.Location(); !strings.HasSuffix(loc, "/review") {
		t.Fatalf("after signing in the browser is at %s", loc)
	}
}

// groupSel returns the CSS selector of the queue's group for a wrong
// spelling (its section's id).
func groupSel(t *testing.T, p *browsertest.Page, wrong string) string {
	t.Helper()
	id := browsertest.Eval[string](p, `(w => { const g = [...document.querySelectorAll("[data-group]")].find(s => s.querySelector("h2 del").textContent === w); return g ? g.id : ""; })(`+jsQuote(wrong)+`)`)
	if id == "" {
		t.Fatalf("no group for %q in the queue", wrong)
	}
	return "#" + id
}

// press types single keys as a keyboard does: each key's keydown carries
// its text, so a page that cancels the keydown gets no character (as in
// a real browser; chromedp.KeyEvent sends the character as an event of
// its own, which a cancelled keydown does not stop).
func press(keys string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, r := range keys {
			k := string(r)
			code := int64(unicode.ToUpper(r))
			for _, ev := range []input.DispatchKeyEventParams{
				{Type: input.DispatchKeyEventTypeKeyDown, Key: k, Text: k, UnmodifiedText: k, WindowsVirtualKeyCode: code, NativeVirtualKeyCode: code},
				{Type: input.DispatchKeyEventTypeKeyUp, Key: k, WindowsVirtualKeyCode: code, NativeVirtualKeyCode: code},
			} {
				if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func jsQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// status is the HTTP status of the page the browser shows.
func status(p *browsertest.Page) int {
	return browsertest.Eval[int](p, `performance.getEntriesByType("navigation")[0].responseStatus`)
}

// copies reads episode 10's two copies and episode 11.
func (f *reviewFixture) copies(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range []string{"010-apis.txt", "010-apis.vtt", "011-more.txt"} {
		b, err := os.ReadFile(filepath.Join(f.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = string(b)
	}
	return out
}

func readOr(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// accessible checks the open page as TestBrowserAccessible checks the
// reading pages: text contrast, a label on every field, one h1.
func accessible(t *testing.T, p *browsertest.Page, what string) {
	t.Helper()
	for _, b := range browsertest.Eval[[]string](p, contrastJS) {
		t.Errorf("%s: low contrast: %s", what, b)
	}
	unnamed := browsertest.Eval[[]string](p, `[...document.querySelectorAll("input:not([type=hidden]), select, textarea, button")].filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.textContent.trim()).map(e => e.outerHTML.slice(0, 60))`)
	for _, u := range unnamed {
		t.Errorf("%s: no label: %s", what, u)
	}
	if n := p.Count("h1"); n != 1 {
		t.Errorf("%s: %d h1", what, n)
	}
}

// TestBrowserReviewNeedsSignIn: the queue sends a signed-out reader to the
// sign-in page, which brings them back to the queue; a wrong password is
// said on the page.
func TestBrowserReviewNeedsSignIn(t *testing.T) {
	f := newReview(t, true, false)
	p := browsertest.New(t, f.srv.URL)
	p.Open("/review")
	if loc := p.Location(); !strings.HasSuffix(loc, "/login?next=%2Freview") {
		t.Fatalf("/review signed out went to %s, want the sign-in page", loc)
	}
	if n := p.Count("[data-group]"); n != 0 {
		t.Fatalf("the sign-in page shows %d groups", n)
	}
	p.Screenshot("login")
	accessible(t, p, "/login")
	p.Type("#name", "maya")
	p.Type("#password", "not the password")
	p.ClickAndWait("#login-submit")
	if got := p.Text("#login-error"); !strings.Contains(got, "Wrong name or password") {
		t.Errorf("a wrong password says %q", got)
	}
	if s := status(p); s != http.StatusUnauthorized {
		t.Errorf("a wrong password: %d, want 401", s)
	}
	// The name is kept; the password is not.
	if v := browsertest.Eval[string](p, `document.getElementById("name").value + "|" + document.getElementById("password").value`); v != "maya|" {
		t.Errorf("after a wrong password the fields hold %q", v)
	}
	p.Type("#password", password)
	p.ClickAndWait("#login-submit")
	if loc := p.Location(); !strings.HasSuffix(loc, "/review") {
		t.Fatalf("signing in went to %s, want /review", loc)
	}
	if got := p.Text("#user"); got != "maya" {
		t.Errorf("signed in as %q", got)
	}
	if n := p.Count("[data-group]"); n != 2 {
		t.Errorf("%d groups in the queue, want 2 (Github, fast API)", n)
	}
	if got := p.Text("#queue-summary"); !regexp.MustCompile(`^2 corrections, 5 places; built [0-9-]+ [0-9:]+ in [1-9][0-9.]*m?s\.`).MatchString(got) {
		t.Errorf("summary %q", got)
	}
	p.Screenshot("review-queue")
	accessible(t, p, "/review")
	// Signing out ends it: the queue asks for sign-in again.
	p.ClickAndWait("#logout")
	p.Open("/review")
	if loc := p.Location(); !strings.Contains(loc, "/login?") {
		t.Errorf("/review after signing out is at %s", loc)
	}
}

// TestBrowserReviewAccept accepts the Github group everywhere (a
// decision for the spellings file) and the fast API group in its episode
// (rules for the rules file): each shows a preview that writes nothing,
// then Write it changes every copy of the episodes.
func TestBrowserReviewAccept(t *testing.T) {
	f := newReview(t, true, false)
	p := browsertest.New(t, f.srv.URL)
	browserSignIn(t, p)
	before := f.copies(t)

	g := groupSel(t, p, "Github")
	p.ClickAndWait(g + ` button[value="everywhere"]`)
	if got := p.Text("#title"); got != "Preview: Github → GitHub" {
		t.Errorf("preview title %q", got)
	}
	if got := p.Text("#summary"); got != "Would make: 5 edits in 3 files; the spelling \"GitHub\" added to the spellings file." {
		t.Errorf("preview summary %q", got)
	}
	diff := p.Text("#diff")
	for _, want := range []string{"-We build web APIs with fast API, and Github hosts the code.", "+We build web APIs with fast API, and GitHub hosts the code.", "010-apis.vtt", "011-more.txt"} {
		if !strings.Contains(diff, want) {
			t.Errorf("the preview's diff has no %q:\n%s", want, diff)
		}
	}
	if got := p.Text("#spelling"); !strings.HasPrefix(got, "GitHub") {
		t.Errorf("the spelling to add reads %q", got)
	}
	// The preview opens with Write it in view, above the diff.
	if b := browsertest.Eval[float64](p, `document.getElementById("apply").getBoundingClientRect().bottom`); b > float64(browsertest.Desktop.Height) {
		t.Errorf("Write it is at %v px, below the window's %d", b, browsertest.Desktop.Height)
	}
	p.Screenshot("review-preview")
	accessible(t, p, "the preview")
	if now := f.copies(t); now["010-apis.vtt"] != before["010-apis.vtt"] || now["010-apis.txt"] != before["010-apis.txt"] {
		t.Fatal("the preview wrote a transcript")
	}
	if readOr(f.lib.SpellingsFile) != "" {
		t.Fatal("the preview wrote the spellings file")
	}
	p.ClickAndWait("#apply")
	if got := p.Text("#summary"); !strings.HasPrefix(got, "Changed: 5 edits in 3 files") {
		t.Errorf("after writing: %q", got)
	}
	now := f.copies(t)
	for name, text := range now {
		if strings.Contains(text, "Github") || !strings.Contains(text, "GitHub") {
			t.Errorf("%s after accepting everywhere:\n%s", name, text)
		}
	}
	if !strings.HasPrefix(now["010-apis.vtt"], "WEBVTT\n\n00:00:00.000 --> 00:00:30.000\n") {
		t.Errorf("the .vtt is no longer WebVTT:\n%s", now["010-apis.vtt"])
	}
	if sp := readOr(f.lib.SpellingsFile); !strings.Contains(sp, "GitHub  # accepted everywhere in review by maya") {
		t.Errorf("spellings file: %q", sp)
	}
	if r := readOr(f.lib.RulesFile); r != "" {
		t.Errorf("a spelling accepted everywhere wrote rules: %q", r)
	}

	// Back to the queue: the Github group is gone; fast API, in its
	// episode, goes to the rules file.
	p.ClickAndWait("#back")
	if n := p.Count("[data-group]"); n != 1 {
		t.Fatalf("%d groups after the decision, want 1", n)
	}
	g = groupSel(t, p, "fast API")
	p.ClickAndWait(g + ` button[value^="episode:"]`)
	if got := p.Text("#rules"); !strings.Contains(got, "fast API => FastAPI") {
		t.Errorf("the rules to add read %q", got)
	}
	p.ClickAndWait("#apply")
	after := f.copies(t)
	for _, name := range []string{"010-apis.txt", "010-apis.vtt"} {
		if strings.Contains(after[name], "fast API") || strings.Count(after[name], "FastAPI") != 2 {
			t.Errorf("%s after accepting in the episode:\n%s", name, after[name])
		}
	}
	if after["011-more.txt"] != now["011-more.txt"] {
		t.Error("a decision for episode 10 changed episode 11")
	}
	rs := readOr(f.lib.RulesFile)
	if strings.Count(rs, "=> FastAPI") == 0 || !strings.Contains(rs, "accepted in the episode in review by maya") {
		t.Errorf("rules file: %q", rs)
	}
	p.ClickAndWait("#back")
	if got := p.Text("#empty"); got != "Nothing to review." {
		t.Errorf("the emptied queue says %q", got)
	}
	p.Open("/review/history")
	if n := p.Count("table.history tbody tr"); n != 2 {
		t.Errorf("%d decisions in the history, want 2", n)
	}
	accessible(t, p, "/review/history")
}

// TestBrowserReviewCSRF removes a form's hidden CSRF field in the page and
// submits it: the server refuses it with 403 and writes nothing. The
// same forms posted by net/http without the token, or from another
// site, are refused too.
func TestBrowserReviewCSRF(t *testing.T) {
	f := newReview(t, true, false)
	p := browsertest.New(t, f.srv.URL)

	// The sign-in form.
	p.Open("/login")
	browsertest.Eval[bool](p, `document.querySelector('#login-form input[name=csrf]').remove(); true`)
	p.Type("#name", "maya")
	p.Type("#password", password)
	p.ClickAndWait("#login-submit")
	if s := status(p); s != http.StatusForbidden {
		t.Errorf("sign-in without its token: %d, want 403", s)
	}
	if got := browsertest.Eval[string](p, `document.body.textContent`); !strings.Contains(got, "no valid CSRF token") {
		t.Errorf("the refusal says %q", got)
	}

	browserSignIn(t, p)
	before := f.copies(t)
	// A decision without its token.
	g := groupSel(t, p, "Github")
	browsertest.Eval[bool](p, `document.querySelector(`+jsQuote(g+` input[name=csrf]`)+`).remove(); true`)
	p.ClickAndWait(g + ` button[value="everywhere"]`)
	if s := status(p); s != http.StatusForbidden {
		t.Errorf("a decision without its token: %d, want 403", s)
	}
	// The confirmation of a preview, without its token.
	p.Open("/review")
	p.ClickAndWait(groupSel(t, p, "Github") + ` button[value="everywhere"]`)
	browsertest.Eval[bool](p, `document.querySelector('#apply-form input[name=csrf]').remove(); true`)
	p.ClickAndWait("#apply")
	if s := status(p); s != http.StatusForbidden {
		t.Errorf("writing a preview without its token: %d, want 403", s)
	}
	// With a token of another session.
	p.Open("/review")
	p.ClickAndWait(groupSel(t, p, "Github") + ` button[value="everywhere"]`)
	browsertest.Eval[bool](p, `document.querySelector('#apply-form input[name=csrf]').value = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; true`)
	p.ClickAndWait("#apply")
	if s := status(p); s != http.StatusForbidden {
		t.Errorf("writing a preview with a forged token: %d, want 403", s)
	}
	if now := f.copies(t); now["010-apis.txt"] != before["010-apis.txt"] || now["010-apis.vtt"] != before["010-apis.vtt"] || readOr(f.lib.SpellingsFile) != "" {
		t.Error("a refused form wrote files")
	}

	// net/http, signed in, every form of the review without its token,
	// and with its token from another site.
	c := f.browser(t)
	csrf := f.signIn(t, c)
	_, page := do(t, c, "GET", f.srv.URL+"/review", nil)
	id := groupID(t, page, "Github")
	for _, path := range []string{"/review/decide", "/review/apply", "/review/rebuild", "/logout"} {
		form := url.Values{"group": {id}, "act": {"everywhere"}}
		if resp, _ := do(t, c, "POST", f.srv.URL+path, form); resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s without a token: %d, want 403", path, resp.StatusCode)
		}
		form.Set("csrf", csrf)
		req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s from another site: %d, want 403", path, resp.StatusCode)
		}
	}
	if now := f.copies(t); now["010-apis.txt"] != before["010-apis.txt"] || readOr(f.lib.SpellingsFile) != "" {
		t.Error("a refused form wrote files")
	}
	// The session still works: the refusals signed no one out.
	if resp, _ := do(t, c, "GET", f.srv.URL+"/review", nil); resp.StatusCode != 200 {
		t.Errorf("/review after the refusals: %d", resp.StatusCode)
	}
}

// TestBrowserReviewKeys works the queue with single keys, no Enter: j and
// k move between the groups, a on the second group shows its preview, a
// there writes it; a key typed in the right-spelling field is text.
func TestBrowserReviewKeys(t *testing.T) {
	f := newReview(t, true, false)
	p := browsertest.New(t, f.srv.URL)
	browserSignIn(t, p)
	current := func() string {
		return browsertest.Eval[string](p, `[...document.querySelectorAll("[data-group].current")].map(g => g.querySelector("h2 del").textContent).join(",")`)
	}
	if got := current(); got != "Github" {
		t.Fatalf("the current group at first is %q, want Github", got)
	}
	p.Do("pressing keys", press("j"))
	if got := current(); got != "fast API" {
		t.Errorf("after j the current group is %q, want fast API", got)
	}
	if got := browsertest.Eval[string](p, `document.activeElement.querySelector("h2 del") ? document.activeElement.querySelector("h2 del").textContent : document.activeElement.tagName`); got != "fast API" {
		t.Errorf("after j the focus is on %q", got)
	}
	p.Do("pressing keys", press("j")) // past the last: stays there
	p.Do("pressing keys", press("k"))
	if got := current(); got != "Github" {
		t.Errorf("after j, j, k the current group is %q, want Github", got)
	}
	p.Do("pressing keys", press("j"))
	// e goes to the right-spelling field; keys typed there are text.
	p.Do("pressing keys", press("e"))
	field := groupSel(t, p, "fast API") + " input[name=right]"
	if got := browsertest.Eval[string](p, `document.activeElement === document.querySelector(`+jsQuote(field)+`) ? "field" : document.activeElement.tagName`); got != "field" {
		t.Fatalf("after e the focus is on %s, not the right-spelling field", got)
	}
	p.Do("pressing keys", press("FastAPIj")) // the field was selected: this replaces it
	if got := browsertest.Eval[string](p, `document.querySelector(`+jsQuote(field)+`).value`); got != "FastAPIj" {
		t.Errorf("the field holds %q after typing", got)
	}
	if got := current(); got != "fast API" {
		t.Errorf("j typed in the field moved to %q", got)
	}
	browsertest.Eval[bool](p, `(e => { e.value = "FastAPI"; e.blur(); return true; })(document.querySelector(`+jsQuote(field)+`))`)
	p.AndWait("pressing a", press("a"))
	if got := p.Text("#title"); got != "Preview: fast API → FastAPI" {
		t.Fatalf("a showed %q, want the preview of fast API", got)
	}
	if now := f.copies(t); strings.Contains(now["010-apis.txt"], "FastAPI") {
		t.Fatal("a wrote before the preview was confirmed")
	}
	p.AndWait("pressing a on the preview", press("a"))
	if got := p.Text("#title"); got != "Done: fast API → FastAPI" {
		t.Errorf("a on the preview showed %q", got)
	}
	now := f.copies(t)
	for _, name := range []string{"010-apis.txt", "010-apis.vtt"} {
		if strings.Contains(now[name], "fast API") {
			t.Errorf("%s still says fast API", name)
		}
	}
	// j on the result page goes back to the queue, with one group left.
	p.AndWait("pressing j", press("j"))
	if got := current(); got != "Github" {
		t.Errorf("back in the queue the current group is %q", got)
	}
	// r rejects at once (nothing is written to the transcripts).
	p.AndWait("pressing r", press("r"))
	if got := p.Text("#where"); !strings.Contains(got, "never proposed again") {
		t.Errorf("r showed %q", got)
	}
	if now := f.copies(t); !strings.Contains(now["011-more.txt"], "Github") {
		t.Error("a rejection changed a transcript")
	}
}

// TestBrowserReviewWithoutJavaScript signs in, accepts and writes with the
// buttons alone, scripts disabled.
func TestBrowserReviewWithoutJavaScript(t *testing.T) {
	f := newReview(t, true, false)
	p := browsertest.New(t, f.srv.URL, browsertest.WithoutJavaScript())
	p.Open("/review")
	if loc := p.Location(); !strings.Contains(loc, "/login?next=%2Freview") {
		t.Fatalf("/review signed out went to %s", loc)
	}
	p.Type("#name", "maya")
	p.Type("#password", password)
	p.ClickAndWait("#login-submit")
	if ran := browsertest.Eval[bool](p, `document.documentElement.classList.contains("js")`); ran {
		t.Fatal("the page's script ran with JavaScript disabled")
	}
	if n := p.Count("[data-group]"); n != 2 {
		t.Fatalf("%d groups without JavaScript, want 2", n)
	}
	// Edit the right spelling, then accept here only: the form carries it.
	g := groupSel(t, p, "Github")
	browsertest.Eval[bool](p, `document.querySelector(`+jsQuote(g+" input[name=right]")+`).value = ""; true`)
	p.Type(g+" input[name=right]", "GitHub")
	p.ClickAndWait(g + ` button[value^="here:"]`)
	if got := p.Text("#title"); got != "Preview: Github → GitHub" {
		t.Fatalf("preview %q", got)
	}
	p.ClickAndWait("#apply")
	if got := p.Text("#summary"); !strings.HasPrefix(got, "Changed: ") {
		t.Errorf("after writing: %q", got)
	}
	now := f.copies(t)
	if !strings.Contains(now["011-more.txt"], "Github") {
		t.Error("here only changed another episode")
	}
	if strings.Count(now["010-apis.txt"], "GitHub")+strings.Count(now["010-apis.vtt"], "GitHub") != 2 {
		t.Errorf("here only should change the place in both copies of episode 10:\n%s\n%s", now["010-apis.txt"], now["010-apis.vtt"])
	}
	p.ClickAndWait("#back")
	// Everywhere, for what is left.
	p.ClickAndWait(groupSel(t, p, "Github") + ` button[value="everywhere"]`)
	p.ClickAndWait("#apply")
	for name, text := range f.copies(t) {
		if strings.Contains(text, "Github") {
			t.Errorf("%s still says Github", name)
		}
	}
}

// TestBrowserReviewPhone: the review pages do not scroll sideways on a
// phone.
func TestBrowserReviewPhone(t *testing.T) {
	f := newReview(t, true, false)
	p := browsertest.New(t, f.srv.URL, browsertest.WithViewport(browsertest.Phone))
	p.Open("/login")
	wide := func(what string) {
		if w := browsertest.Eval[float64](p, `document.documentElement.scrollWidth`); w > float64(browsertest.Phone.Width) {
			wide := browsertest.Eval[[]string](p, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 391 || e.scrollWidth > e.clientWidth + 1).slice(0, 12).map(e => e.tagName + "#" + e.id + "." + e.className + " " + Math.round(e.getBoundingClientRect().right) + " sw " + e.scrollWidth + "/" + e.clientWidth)`)
			t.Errorf("%s: %v px wide in a %d px window (%v)", what, w, browsertest.Phone.Width, wide)
		}
	}
	wide("the sign-in page")
	browserSignIn(t, p)
	wide("the queue")
	p.Screenshot("review-phone")
	p.ClickAndWait(groupSel(t, p, "Github") + ` button[value="everywhere"]`)
	wide("the preview")
}
