package web_test

import (
	"context"
	"net/url"
	"regexp"
	"testing"
	"time"
)

// TestAppliedCountAndWait: the counters of /metrics count an applied
// decision, and Wait returns at once when none is being applied.
func TestAppliedCountAndWait(t *testing.T) {
	f := newReview(t, true, false)
	if a, failed := f.rv.AppliedCount(); a != 0 || failed != 0 {
		t.Fatalf("before: %d applied, %d failed", a, failed)
	}
	c := f.browser(t)
	csrf := f.signIn(t, c)
	_, page := do(t, c, "GET", f.srv.URL+"/review", nil)
	id := groupID(t, page, "Github")
	form := url.Values{"csrf": {csrf}, "group": {id}, "act": {"everywhere"}, "right": {"GitHub"}}
	_, page = do(t, c, "POST", f.srv.URL+"/review/decide", form)
	form.Set("digest", regexp.MustCompile(`name="digest" value="([^"]+)"`).FindStringSubmatch(page)[1])
	if resp, page := do(t, c, "POST", f.srv.URL+"/review/apply", form); resp.StatusCode != 200 {
		t.Fatalf("apply: %d %.300s", resp.StatusCode, page)
	}
	if a, failed := f.rv.AppliedCount(); a != 1 || failed != 0 {
		t.Errorf("after: %d applied, %d failed", a, failed)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if !f.rv.Wait(ctx) {
		t.Error("Wait with no decision being applied did not return")
	}
}
