package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/emend-project/emend/internal/auth"
	"github.com/emend-project/emend/internal/review"
	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/server"
	"github.com/emend-project/emend/internal/store"
	"github.com/emend-project/emend/internal/web"
)

func init() { auth.Cost = bcrypt.MinCost }

const password = "correct horse"

// reviewFixture is a served library of one show: episode 10 as a .txt and
// a .vtt, episode 11 as a .txt, with "Github" to correct in both.
type reviewFixture struct {
	srv *httptest.Server
	dir string
	lib *review.Library
	st  store.Store
	rv  *web.Review
	ix  *search.Index
	tls bool
}

func newReview(t *testing.T, public, tls bool) *reviewFixture {
	t.Helper()
	return newReviewDB(t, public, tls, "")
}

// newReviewDB serves the library with the review's database db (a
// postgres:// URL or a file; "": a file of the test's).
func newReviewDB(t *testing.T, public, tls bool, db string) *reviewFixture {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "pulse")
	files := map[string]string{
		"010-apis.txt": "00:00:00 Welcome to Python Pulse, episode ten.\n\n00:00:30 We build web APIs with fast API, and Github hosts the code.\n\n" +
			"00:01:00 Our code lives on Github, and fast API handles the requests.\n",
		"010-apis.vtt": "WEBVTT\n\n00:00:00.000 --> 00:00:30.000\nWelcome to Python Pulse, episode ten.\n\n00:00:30.000 --> 00:01:00.000\nWe build web APIs with fast API, and Github hosts the code.\n\n" +
			"00:01:00.000 --> 00:01:30.000\nOur code lives on Github, and fast API handles the requests.\n",
		"011-more.txt": "00:00:00 Episode eleven: I moved my projects to Github last year.\n\n00:00:20 FastAPI and GitHub again, with Pydantic models.\n",
	}
	os.MkdirAll(dir, 0o755)
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix, _, err := search.Build([]search.Source{{Show: search.Show{Name: "Pulse"}, Paths: []string{dir}}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if db == "" {
		db = filepath.Join(root, ".emend-db")
	}
	st, err := store.OpenURL(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h, _ := auth.Hash(password)
	for _, name := range []string{"maya", "tom"} {
		if err := st.AddUser(context.Background(), store.User{Name: name, Hash: h}); err != nil {
			t.Fatal(err)
		}
	}
	byFile := map[string]string{}
	for _, e := range ix.Episodes {
		byFile[e.File] = e.ID
	}
	lib := &review.Library{Paths: []string{dir}, Root: dir, StateDir: filepath.Join(dir, ".emend"),
		RulesFile: filepath.Join(root, "emend.rules"), SpellingsFile: filepath.Join(root, "emend.spellings"),
		EpisodeID: func(p string) string { return byFile[p] }}
	f := &reviewFixture{dir: dir, lib: lib, ix: ix, tls: tls}
	f.srv, f.rv = f.serve(t, st, public)
	f.st = st
	return f
}

// serve serves the fixture's library and index with a review on st: one
// more server, when st is another handle on the fixture's database.
func (f *reviewFixture) serve(t *testing.T, st store.Store, public bool) (*httptest.Server, *web.Review) {
	t.Helper()
	rv := &web.Review{Lib: f.lib, Store: st, Sessions: auth.NewSessions(st), Public: public, LeaseTTL: time.Second}
	if err := rv.BuildNow(); err != nil {
		t.Fatal(err)
	}
	api := server.New(f.ix, 2)
	api.SetReview(rv)
	var srv *httptest.Server
	if f.tls {
		srv = httptest.NewTLSServer(api.Handler())
	} else {
		srv = httptest.NewServer(api.Handler())
	}
	t.Cleanup(srv.Close)
	return srv, rv
}

// browser is a client with cookies that does not follow redirects.
func (f *reviewFixture) browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := f.srv.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

func do(t *testing.T, c *http.Client, method, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, html string) string {
	t.Helper()
	m := csrfRe.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no csrf field in %.300s", html)
	}
	return m[1]
}

// signIn signs maya in and returns the session's CSRF token.
func (f *reviewFixture) signIn(t *testing.T, c *http.Client) string {
	t.Helper()
	return signInAs(t, c, f.srv.URL, "maya")
}

// signInAs signs a user in on the server at base.
func signInAs(t *testing.T, c *http.Client, base, user string) string {
	t.Helper()
	_, page := do(t, c, "GET", base+"/login", nil)
	resp, _ := do(t, c, "POST", base+"/login", url.Values{"csrf": {csrfOf(t, page)}, "name": {user}, "password": {password}, "next": {"/review"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/review" {
		t.Fatalf("sign-in: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page = do(t, c, "GET", base+"/review", nil)
	return csrfOf(t, page)
}

func groupID(t *testing.T, html, wrong string) string {
	t.Helper()
	re := regexp.MustCompile(`id="g-([0-9a-f]+)"[^>]*>\s*<h2[^>]*>(?:<span class="rank">\d+\.</span> )?<del>` + regexp.QuoteMeta(wrong) + `</del>`)
	m := re.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no group for %q in the queue", wrong)
	}
	return m[1]
}

func TestReviewNeedsSignIn(t *testing.T) {
	f := newReview(t, true, false)
	c := f.browser(t)
	resp, _ := do(t, c, "GET", f.srv.URL+"/review", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Freview" {
		t.Fatalf("/review signed out: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// Reading stays public.
	if resp, _ := do(t, c, "GET", f.srv.URL+"/?q=github", nil); resp.StatusCode != 200 {
		t.Errorf("search signed out: %d", resp.StatusCode)
	}
	resp, _ = do(t, c, "POST", f.srv.URL+"/review/decide", url.Values{"csrf": {"x"}, "group": {"x"}, "act": {"everywhere"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a decision signed out: %d", resp.StatusCode)
	}
}

func TestSignInAndCookies(t *testing.T) {
	f := newReview(t, true, false)
	c := f.browser(t)
	resp, page := do(t, c, "GET", f.srv.URL+"/login?next=/review/history", nil)
	if resp.StatusCode != 200 || !strings.Contains(page, `<label for="password">`) || !strings.Contains(page, `value="/review/history"`) {
		t.Fatalf("login page %d: %.500s", resp.StatusCode, page)
	}
	tok := csrfOf(t, page)
	// Without the token, or with another, the form is refused.
	for _, form := range []url.Values{
		{"name": {"maya"}, "password": {password}},
		{"name": {"maya"}, "password": {password}, "csrf": {tok + "x"}},
	} {
		if resp, _ := do(t, c, "POST", f.srv.URL+"/login", form); resp.StatusCode != http.StatusForbidden {
			t.Errorf("sign-in without its token: %d, want 403", resp.StatusCode)
		}
	}
	resp, page = do(t, c, "POST", f.srv.URL+"/login", url.Values{"csrf": {tok}, "name": {"maya"}, "password": {"wrong one"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(page, "Wrong name or password") {
		t.Errorf("wrong password: %d", resp.StatusCode)
	}
	// An open redirect is not taken.
	resp, _ = do(t, c, "POST", f.srv.URL+"/login", url.Values{"csrf": {tok}, "name": {"maya"}, "password": {password}, "next": {"//evil.example/"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/review" {
		t.Errorf("sign-in with next=//evil: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "emend_session" {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure {
		t.Fatalf("session cookie %+v", session)
	}
	if strings.Contains(session.Value, password) || len(session.Value) < 40 {
		t.Errorf("session token %q", session.Value)
	}
	resp, page = do(t, c, "GET", f.srv.URL+"/review", nil)
	if resp.StatusCode != 200 || !strings.Contains(page, `<b id="user">maya</b>`) {
		t.Fatalf("/review signed in: %d", resp.StatusCode)
	}
	// Sign out needs the session's token; then the session is gone.
	if resp, _ := do(t, c, "POST", f.srv.URL+"/logout", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-out without a token: %d", resp.StatusCode)
	}
	do(t, c, "POST", f.srv.URL+"/logout", url.Values{"csrf": {csrfOf(t, page)}})
	if resp, _ := do(t, c, "GET", f.srv.URL+"/review", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("/review after signing out: %d", resp.StatusCode)
	}
	// The old cookie no longer works either.
	c2 := f.browser(t)
	u, _ := url.Parse(f.srv.URL)
	c2.Jar.SetCookies(u, []*http.Cookie{session})
	if resp, _ := do(t, c2, "GET", f.srv.URL+"/review", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("/review with a signed-out cookie: %d", resp.StatusCode)
	}
}

func TestSecureCookieUnderTLS(t *testing.T) {
	f := newReview(t, true, true)
	c := f.browser(t)
	_, page := do(t, c, "GET", f.srv.URL+"/login", nil)
	resp, _ := do(t, c, "POST", f.srv.URL+"/login", url.Values{"csrf": {csrfOf(t, page)}, "name": {"maya"}, "password": {password}})
	for _, ck := range resp.Cookies() {
		if ck.Name == "emend_session" && !ck.Secure {
			t.Error("the session cookie is not Secure under TLS")
		}
	}
}

func TestSignInRateLimited(t *testing.T) {
	f := newReview(t, true, false)
	c := f.browser(t)
	_, page := do(t, c, "GET", f.srv.URL+"/login", nil)
	tok := csrfOf(t, page)
	var last int
	for range auth.MaxFailures + 1 {
		resp, _ := do(t, c, "POST", f.srv.URL+"/login", url.Values{"csrf": {tok}, "name": {"maya"}, "password": {"guess guess"}})
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("after %d failures: %d, want 429", auth.MaxFailures+1, last)
	}
	resp, _ := do(t, c, "POST", f.srv.URL+"/login", url.Values{"csrf": {tok}, "name": {"maya"}, "password": {password}})
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the right password while limited: %d, want 429", resp.StatusCode)
	}
}

func TestPrivateReading(t *testing.T) {
	f := newReview(t, false, false)
	c := f.browser(t)
	for _, p := range []string{"/", "/episodes/pulse:10", "/trend?q=x"} {
		if resp, _ := do(t, c, "GET", f.srv.URL+p, nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%s signed out, private: %d", p, resp.StatusCode)
		}
	}
	if resp, _ := do(t, c, "GET", f.srv.URL+"/api/search?q=x", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("API signed out, private: %d", resp.StatusCode)
	}
	if resp, _ := do(t, c, "GET", f.srv.URL+"/static/style.css", nil); resp.StatusCode != 200 {
		t.Errorf("the style sheet, private: %d", resp.StatusCode)
	}
	f.signIn(t, c)
	if resp, _ := do(t, c, "GET", f.srv.URL+"/?q=github", nil); resp.StatusCode != 200 {
		t.Errorf("search signed in, private: %d", resp.StatusCode)
	}
}

func TestQueuePage(t *testing.T) {
	f := newReview(t, true, false)
	c := f.browser(t)
	f.signIn(t, c)
	resp, page := do(t, c, "GET", f.srv.URL+"/review", nil)
	if resp.StatusCode != 200 {
		t.Fatal(resp.StatusCode)
	}
	id := groupID(t, page, "Github")
	for _, want := range []string{
		"<ins>GitHub</ins>", "3 places in 2 episodes", `href="/episodes/pulse:10#t=60"`, "<mark>Github</mark>",
		`id="accept-` + id + `"`, `data-key="a"`, `data-key="r"`, `data-key="h"`, `<label for="right-` + id + `">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the queue has no %q", want)
		}
	}
	if strings.Contains(page, f.dir) {
		t.Error("the queue shows a server path")
	}
	if resp.Header.Get("Content-Security-Policy") == "" || strings.Contains(page, "<script>") {
		t.Error("the queue page has no CSP, or inline script")
	}
	if resp, page := do(t, c, "GET", f.srv.URL+"/review/groups/"+id, nil); resp.StatusCode != 200 || !strings.Contains(page, "<del>Github</del>") {
		t.Errorf("group page: %d", resp.StatusCode)
	}
}

func TestAcceptGroupFixesEveryCopy(t *testing.T) {
	f := newReview(t, true, false)
	c := f.browser(t)
	csrf := f.signIn(t, c)
	_, page := do(t, c, "GET", f.srv.URL+"/review", nil)
	id := groupID(t, page, "Github")
	vtt := filepath.Join(f.dir, "010-apis.vtt")
	old, _ := os.ReadFile(vtt)

	// A decision without its token is refused, and writes nothing.
	if resp, _ := do(t, c, "POST", f.srv.URL+"/review/decide", url.Values{"group": {id}, "act": {"everywhere"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("decide without a token: %d", resp.StatusCode)
	}
	if resp, _ := do(t, c, "POST", f.srv.URL+"/review/apply", url.Values{"group": {id}, "act": {"everywhere"}, "csrf": {"forged"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("apply with a forged token: %d", resp.StatusCode)
	}
	// The preview shows the diff and writes nothing.
	resp, page := do(t, c, "POST", f.srv.URL+"/review/decide", url.Values{"csrf": {csrf}, "group": {id}, "act": {"everywhere"}, "right": {"GitHub"}})
	if resp.StatusCode != 200 || !strings.Contains(page, `<span class="add">&#43;Our code lives on GitHub, and fast API handles the requests.</span>`) ||
		!strings.Contains(page, "Would make: 5 edits in 3 files") {
		t.Fatalf("preview %d: %s", resp.StatusCode, page)
	}
	if now, _ := os.ReadFile(vtt); string(now) != string(old) {
		t.Fatal("the preview wrote a transcript")
	}
	digest := regexp.MustCompile(`name="digest" value="([^"]+)"`).FindStringSubmatch(page)[1]
	resp, page = do(t, c, "POST", f.srv.URL+"/review/apply", url.Values{"csrf": {csrf}, "group": {id}, "act": {"everywhere"}, "right": {"GitHub"}, "digest": {digest}})
	if resp.StatusCode != 200 || !strings.Contains(page, "Changed: 5 edits in 3 files") || !strings.Contains(page, "010-apis.vtt") {
		t.Fatalf("apply %d: %s", resp.StatusCode, page)
	}
	for _, name := range []string{"010-apis.txt", "010-apis.vtt", "011-more.txt"} {
		b, _ := os.ReadFile(filepath.Join(f.dir, name))
		if strings.Contains(string(b), "Github") {
			t.Errorf("%s still says Github", name)
		}
	}
	sp, _ := os.ReadFile(f.lib.SpellingsFile)
	if !strings.Contains(string(sp), "GitHub  # accepted everywhere in review by maya") {
		t.Errorf("spellings file: %q", sp)
	}
	ds, _ := f.st.Decisions(context.Background(), 10)
	if len(ds) != 1 || ds[0].User != "maya" || ds[0].Applied.IsZero() || ds[0].Result != `5 edits in 3 files; the spelling "GitHub" added to the spellings file` || ds[0].Rules != "GitHub" {
		t.Errorf("decisions = %+v", ds)
	}
	_, page = do(t, c, "GET", f.srv.URL+"/review", nil)
	if strings.Contains(page, "<del>Github</del>") {
		t.Error("the decided group is still in the queue")
	}
	_, page = do(t, c, "GET", f.srv.URL+"/review/history", nil)
	if !strings.Contains(page, "<td>maya</td>") || !strings.Contains(page, "5 edits in 3 files") {
		t.Errorf("history: %s", page)
	}
}

func TestStalePreviewNotApplied(t *testing.T) {
	f := newReview(t, true, false)
	c := f.browser(t)
	csrf := f.signIn(t, c)
	_, page := do(t, c, "GET", f.srv.URL+"/review", nil)
	id := groupID(t, page, "Github")
	_, page = do(t, c, "POST", f.srv.URL+"/review/decide", url.Values{"csrf": {csrf}, "group": {id}, "act": {"everywhere"}})
	digest := regexp.MustCompile(`name="digest" value="([^"]+)"`).FindStringSubmatch(page)[1]
	// Someone edits a transcript between the preview and the confirmation.
	p := filepath.Join(f.dir, "011-more.txt")
	os.WriteFile(p, []byte("00:00:00 Github, Github and Github.\n"), 0o644)
	resp, page := do(t, c, "POST", f.srv.URL+"/review/apply", url.Values{"csrf": {csrf}, "group": {id}, "act": {"everywhere"}, "digest": {digest}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(page, `id="changed"`) {
		t.Fatalf("apply of a stale preview: %d", resp.StatusCode)
	}
	if b, _ := os.ReadFile(filepath.Join(f.dir, "010-apis.txt")); !strings.Contains(string(b), "Github") {
		t.Error("a stale preview was written")
	}
}

func TestAcceptHereAndReject(t *testing.T) {
	f := newReview(t, true, false)
	c := f.browser(t)
	csrf := f.signIn(t, c)
	_, page := do(t, c, "GET", f.srv.URL+"/review", nil)
	id := groupID(t, page, "Github")
	place := regexp.MustCompile(`value="here:([0-9a-f]+)"`).FindStringSubmatch(page)[1]
	form := url.Values{"csrf": {csrf}, "group": {id}, "act": {"here:" + place}, "right": {"GitHub"}}
	_, page = do(t, c, "POST", f.srv.URL+"/review/decide", form)
	form.Set("digest", regexp.MustCompile(`name="digest" value="([^"]+)"`).FindStringSubmatch(page)[1])
	resp, page := do(t, c, "POST", f.srv.URL+"/review/apply", form)
	if resp.StatusCode != 200 || !strings.Contains(page, "Changed: ") {
		t.Fatalf("here only: %d %s", resp.StatusCode, page)
	}
	if b, _ := os.ReadFile(filepath.Join(f.dir, "011-more.txt")); !strings.Contains(string(b), "Github") {
		t.Error("a decision for one place changed another episode")
	}
	// The group is still there, with fewer places; reject it.
	_, page = do(t, c, "GET", f.srv.URL+"/review", nil)
	if !strings.Contains(page, "<del>Github</del>") {
		t.Fatal("the group left the queue after one place")
	}
	resp, page = do(t, c, "POST", f.srv.URL+"/review/decide", url.Values{"csrf": {csrf}, "group": {id}, "act": {"reject"}})
	if resp.StatusCode != 200 || !strings.Contains(page, "never proposed again") {
		t.Fatalf("reject: %d %s", resp.StatusCode, page)
	}
	rej, _ := f.st.Rejected(context.Background())
	if !rej["spelling: Github => GitHub"] {
		t.Errorf("rejected = %v", rej)
	}
	if err := f.rv.BuildNow(); err != nil {
		t.Fatal(err)
	}
	if _, page = do(t, c, "GET", f.srv.URL+"/review", nil); strings.Contains(page, "<del>Github</del>") {
		t.Error("a rejected group came back when the queue was rebuilt")
	}
}
