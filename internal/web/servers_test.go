package web_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/emend-project/emend/internal/pgtest"
	"github.com/emend-project/emend/internal/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestTwoServersOneGroup: two servers of one library on one database;
// maya on one and tom on the other confirm the same group at once. One
// decision wins and is written once; the other editor's page says who
// decided first. A session made on one server works on the other.
func TestTwoServersOneGroup(t *testing.T) {
	for _, c := range []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"SQLite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "review.db") }},
		{"Postgres", func(t *testing.T) string { return pgtest.URL(t) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := c.db(t)
			f := newReviewDB(t, true, false, db)
			st2, err := store.OpenURL(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st2.Close() })
			srv2, _ := f.serve(t, st2, true)

			type editor struct {
				c    *http.Client
				base string
				csrf string
				form url.Values
			}
			var eds []*editor
			for i, base := range []string{f.srv.URL, srv2.URL} {
				jar, _ := cookiejar.New(nil)
				// A client of each editor's own (the fixture's browser is
				// the test server's one client).
				e := &editor{c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, base: base}
				e.csrf = signInAs(t, e.c, base, []string{"maya", "tom"}[i])
				_, page := do(t, e.c, "GET", base+"/review", nil)
				id := groupID(t, page, "Github")
				_, page = do(t, e.c, "POST", base+"/review/decide", url.Values{"csrf": {e.csrf}, "group": {id}, "act": {"everywhere"}})
				digest := regexp.MustCompile(`name="digest" value="([^"]+)"`).FindStringSubmatch(page)[1]
				e.form = url.Values{"csrf": {e.csrf}, "group": {id}, "act": {"everywhere"}, "digest": {digest}}
				eds = append(eds, e)
			}
			// maya's session, made on server 1, is good on server 2.
			if resp, page := do(t, eds[0].c, "GET", srv2.URL+"/review", nil); resp.StatusCode != 200 || !strings.Contains(page, `<b id="user">maya</b>`) {
				t.Fatalf("maya's session on server 2: %d %.3000s", resp.StatusCode, page)
			}
			codes := make([]int, 2)
			pages := make([]string, 2)
			var wg sync.WaitGroup
			for i, e := range eds {
				wg.Go(func() {
					resp, page := do(t, e.c, "POST", e.base+"/review/apply", e.form)
					codes[i], pages[i] = resp.StatusCode, page
				})
			}
			wg.Wait()
			won := 0
			if codes[1] == 200 {
				won = 1
			}
			lost := 1 - won
			if codes[won] != 200 || !strings.Contains(pages[won], "Changed: 5 edits in 3 files") {
				t.Fatalf("the winner: %d %.400s", codes[won], pages[won])
			}
			winner := []string{"maya", "tom"}[won]
			if codes[lost] != http.StatusConflict || !strings.Contains(pages[lost], "Decided already") ||
				!strings.Contains(pages[lost], "Another editor decided this first: "+winner+" decided it at") {
				t.Fatalf("the other editor: %d %.600s", codes[lost], pages[lost])
			}
			b, _ := os.ReadFile(f.lib.SpellingsFile)
			if n := strings.Count(string(b), "GitHub"); n != 1 {
				t.Errorf("GitHub in the spellings file %d times", n)
			}
			ds, _ := st2.Decisions(context.Background(), 10)
			if len(ds) != 1 || ds[0].User != winner || ds[0].Applied.IsZero() || ds[0].Attempts != 1 {
				t.Errorf("decisions = %+v", ds)
			}
			// The group is gone from the loser's queue too.
			if _, page := do(t, eds[lost].c, "GET", eds[lost].base+"/review", nil); strings.Contains(page, "<del>Github</del>") {
				t.Error("the group decided elsewhere is still in the other server's queue")
			}
		})
	}
}
