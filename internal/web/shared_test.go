package web_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/emend-project/emend/internal/auth"
	"github.com/emend-project/emend/internal/corpustest"
	"github.com/emend-project/emend/internal/journal"
	"github.com/emend-project/emend/internal/pgtest"
	"github.com/emend-project/emend/internal/review"
	"github.com/emend-project/emend/internal/servetest"
	"github.com/emend-project/emend/internal/store"
)

// The shared deployment's load test: two emend serve processes on one
// PostgreSQL database and one library, editors deciding at once.
const (
	sharedEditors  = 20
	sharedEpisodes = 40               // talk-python episodes copied into the library
	sharedShort    = 8 * time.Second  // deciding, in an ordinary run
	sharedLong     = 60 * time.Second // with EMEND_LOAD=1
	sharedLease    = 2 * time.Second  // the servers' --lease: how long the survivor waits
	settleTimeout  = 60 * time.Second // for every decision to be applied after the load
)

var (
	decideFormRe = regexp.MustCompile(`(?s)<form class="decide" id="f-([0-9a-f]+)".*?</form>`)
	actRe        = regexp.MustCompile(`name="act" value="([^"]+)"`)
	digestRe     = regexp.MustCompile(`name="digest" value="([^"]+)"`)
	trailerRe    = regexp.MustCompile(`Emend-Decision: (\d+)`)
	errorRe      = regexp.MustCompile(`id="error">([^<]*)<`)
)

// TestSharedDeployment: 20 editors decide on two servers of one library
// (a copy of talk-python episodes, in git) sharing one PostgreSQL
// database, for 8 s (60 s with EMEND_LOAD=1). Every decision confirmed
// is recorded once and applied once (one commit each, by its editor), none
// is left waiting, the files are whole and committed; then a server is
// killed with SIGKILL while it writes a decision, and the other applies
// it after the lease lapses.
func TestSharedDeployment(t *testing.T) {
	if testing.Short() {
		t.Skip("the shared deployment's load test is not short")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	src := corpustest.Dir(t, "talk-python")
	db := pgtest.URL(t)
	ctx := context.Background()

	// The library: episodes of talk-python, in a git repository.
	root := t.TempDir()
	lib := filepath.Join(root, "talk-python")
	files, err := filepath.Glob(filepath.Join(src, "transcripts", "*.txt"))
	if err != nil || len(files) < sharedEpisodes {
		t.Skipf("the corpus has %d transcripts, want %d", len(files), sharedEpisodes)
	}
	sort.Strings(files)
	os.MkdirAll(lib, 0o755)
	for _, f := range files[:sharedEpisodes] {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(lib, filepath.Base(f)), b, 0o644)
	}
	os.WriteFile(filepath.Join(root, ".gitignore"), []byte(".emend/\n"), 0o644)
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", root, "-c", "user.name=Setup", "-c", "user.email=setup@example.com"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v: %s", args, err, out)
		}
		return string(out)
	}
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "the show")

	bin := servetest.Build(t)
	if out, err := exec.Command(bin, "index", lib).CombinedOutput(); err != nil {
		t.Fatalf("emend index: %v %s", err, out)
	}
	st, err := store.OpenURL(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, _ := auth.Hash(password)
	for i := range sharedEditors {
		if err := st.AddUser(ctx, store.User{Name: fmt.Sprintf("editor%02d", i), Hash: h}); err != nil {
			t.Fatal(err)
		}
	}
	idx := filepath.Join(lib, ".emend", "index")
	var bases [2]string
	var pids [2]int
	for i := range bases {
		bases[i], pids[i] = servetest.Start(t, bin, "--index", idx, "--db", db, "--lease", sharedLease.String(), lib)
	}
	// Each editor signs in on one server; the queues are built.
	type editor struct {
		name, base, csrf string
		c                *http.Client
	}
	eds := make([]*editor, sharedEditors)
	for i := range eds {
		jar, _ := cookiejar.New(nil)
		e := &editor{name: fmt.Sprintf("editor%02d", i), base: bases[i%2],
			c: &http.Client{Jar: jar, Timeout: 3 * time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		e.csrf = signInAs(t, e.c, e.base, e.name)
		eds[i] = e
	}
	t0 := time.Now()
	for _, base := range bases {
		for {
			_, page := do(t, eds[0].c, "GET", base+"/review", nil)
			if !strings.Contains(page, `id="building"`) {
				break
			}
			if time.Since(t0) > 3*time.Minute {
				t.Fatal("the queue was not built in 3 minutes")
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	t.Logf("queues built in %v", time.Since(t0).Round(time.Millisecond))

	// The biggest group is kept out of the load, for the kill.
	_, page := do(t, eds[0].c, "GET", bases[0]+"/review", nil)
	first := decideFormRe.FindStringSubmatch(page)
	if first == nil {
		t.Fatal("nothing to review")
	}
	reserved := first[1]

	// The load: each editor picks a group of a page of the queue and a
	// decision of it, previews it and confirms it.
	long := os.Getenv("EMEND_LOAD") == "1"
	dur := sharedShort
	if long {
		dur = sharedLong
	}
	type outcome struct {
		code    int
		latency time.Duration
		kind    string
	}
	var mu sync.Mutex
	var outs []outcome
	previewErrs := map[string]int{}
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(dur)
	for i, e := range eds {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(i), 21))
			bad := map[string]bool{}
			for time.Now().Before(deadline) {
				resp, page := get(e.c, fmt.Sprintf("%s/review?page=%d", e.base, 1+rng.IntN(3)))
				if resp == nil {
					return
				}
				forms := decideFormRe.FindAllStringSubmatch(page, -1)
				if len(forms) == 0 {
					time.Sleep(100 * time.Millisecond)
					continue
				}
				f := forms[rng.IntN(len(forms))]
				if bad[f[1]] || f[1] == reserved {
					time.Sleep(20 * time.Millisecond)
					continue
				}
				acts := actRe.FindAllStringSubmatch(f[0], -1)
				act := acts[rng.IntN(len(acts))][1]
				if rng.IntN(2) == 0 {
					act = "everywhere" // most decisions are of whole groups
				}
				form := url.Values{"csrf": {e.csrf}, "group": {f[1]}, "act": {act}}
				t1 := time.Now()
				resp, page = post(e.c, e.base+"/review/decide", form)
				if resp == nil {
					return
				}
				kind := "reject"
				if act != "reject" {
					if resp.StatusCode != http.StatusOK {
						mu.Lock()
						outs = append(outs, outcome{resp.StatusCode, time.Since(t1), "preview"})
						if m := errorRe.FindStringSubmatch(page); m != nil && len(previewErrs) < 5 {
							previewErrs[m[1]]++
						}
						mu.Unlock()
						// An editor leaves a group it cannot decide.
						bad[f[1]] = true
						continue
					}
					m := digestRe.FindStringSubmatch(page)
					if m == nil {
						t.Errorf("a preview without a digest: %.300s", page)
						return
					}
					form.Set("digest", m[1])
					kind = "accept"
					t1 = time.Now()
					resp, page = post(e.c, e.base+"/review/apply", form)
					if resp == nil {
						return
					}
				}
				if resp.StatusCode >= 500 {
					why := page
					if m := errorRe.FindStringSubmatch(page); m != nil {
						why = m[1]
					}
					t.Errorf("%s %s: %d %.400s", e.name, act, resp.StatusCode, why)
				}
				mu.Lock()
				outs = append(outs, outcome{resp.StatusCode, time.Since(t1), kind})
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	// Every decision is settled (applied, or failed and said so) once.
	settled := func() []store.Decision {
		t.Helper()
		until := time.Now().Add(settleTimeout)
		for {
			u, err := st.Unsettled(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(u) == 0 {
				break
			}
			if time.Now().After(until) {
				t.Fatalf("%d decisions still waiting after %v", len(u), settleTimeout)
			}
			time.Sleep(200 * time.Millisecond)
		}
		ds, err := st.Decisions(ctx, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	ds := settled()
	codes := map[int]int{}
	var lat []time.Duration
	for _, o := range outs {
		codes[o.code]++
		if o.kind != "preview" {
			lat = append(lat, o.latency)
		}
	}
	applied, failed := 0, 0
	targets := map[string]int64{}
	for _, d := range ds {
		if d.Applied.IsZero() {
			failed++
			continue
		}
		applied++
		if other, dup := targets[d.Target]; dup && d.Target != "" {
			t.Errorf("decisions %d and %d both applied to %s", other, d.ID, d.Target)
		}
		targets[d.Target] = d.ID
		if d.Attempts != 1 {
			t.Errorf("decision %d took %d attempts without a kill", d.ID, d.Attempts)
		}
	}
	// The confirmations answered 200 (applied) or 202 (waiting for the
	// other server) are every applied decision, none lost.
	if ok := codes[http.StatusOK] + codes[http.StatusAccepted]; ok != applied {
		t.Errorf("%d confirmations applied or queued, %d decisions applied in the store", ok, applied)
	}
	checkCommits(t, git, ds)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p := func(q float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(q*float64(len(lat))))].Round(time.Millisecond)
	}
	t.Logf("%d editors on 2 servers, %v: %d confirmations (%v by status), %d decisions applied, %d failed (changed since the preview, or decided already); "+
		"%.1f decisions applied/s; confirmation latency p50 %v, p90 %v, p99 %v, max %v",
		sharedEditors, elapsed.Round(time.Millisecond), len(lat), codes, applied, failed, float64(applied)/elapsed.Seconds(), p(.5), p(.9), p(.99), p(1))
	if len(previewErrs) > 0 {
		t.Logf("previews refused: %v", previewErrs)
	}
	if applied == 0 {
		t.Fatal("no decision was applied")
	}

	// A server killed while it writes a decision: the other finishes it.
	killMidApply(t, ctx, db, st, lib, eds[0].c, eds[0].csrf, bases[0], pids, reserved)
	ds = settled()
	checkCommits(t, git, ds)
}

// killMidApply confirms a decision on a server and, as soon as fix's
// journal shows the write under way, kills with SIGKILL the server
// writing it (the lease's holder: the one confirmed on, or the other's
// loop); the other server must apply the decision once the lease lapses.
func killMidApply(t *testing.T, ctx context.Context, db string, st store.Store, lib string, c *http.Client, csrf, base string, pids [2]int, group string) {
	t.Helper()
	form := url.Values{"csrf": {csrf}, "group": {group}, "act": {"everywhere"}}
	_, page := do(t, c, "POST", base+"/review/decide", form)
	if m := digestRe.FindStringSubmatch(page); m != nil && strings.Contains(page, `id="diff"`) {
		form.Set("digest", m[1])
	}
find:
	for n := 1; n <= 10 && form.Get("digest") == ""; n++ {
		_, page := do(t, c, "GET", fmt.Sprintf("%s/review?page=%d", base, n), nil)
		for _, f := range decideFormRe.FindAllStringSubmatch(page, -1) {
			form = url.Values{"csrf": {csrf}, "group": {f[1]}, "act": {"everywhere"}}
			_, page = do(t, c, "POST", base+"/review/decide", form)
			if m := digestRe.FindStringSubmatch(page); m != nil && strings.Contains(page, `id="diff"`) {
				form.Set("digest", m[1])
				break find
			}
		}
	}
	if form.Get("digest") == "" {
		t.Fatal("no group of the first 10 pages could be previewed for the kill")
	}
	jpath := filepath.Join(lib, ".emend", journal.TxnDir, "journal")
	done := make(chan struct{})
	go func() {
		defer close(done)
		post(c, base+"/review/apply", form) // fails: the server dies
	}()
	killed := time.Now()
	seen := false
	for time.Since(killed) < 30*time.Second {
		if _, err := os.Stat(jpath); err == nil {
			seen = true
			break
		}
		select {
		case <-done:
		default:
			time.Sleep(200 * time.Microsecond)
			continue
		}
		break
	}
	pid := pids[0]
	if seen {
		var held bool
		if pid, held = writer(t, ctx, db); !held {
			// The write ended between the journal and the lease's look.
			seen, pid = false, pids[0]
		}
	}
	syscall.Kill(pid, syscall.SIGKILL)
	killed = time.Now()
	t.Logf("killed server %d of %v", pid, pids)
	<-done
	if !seen {
		t.Log("the server wrote the decision before it was killed (the journal was never seen)")
	}
	ds, _ := st.Decisions(ctx, 1)
	if len(ds) == 0 {
		t.Fatal("the decision of the kill was not recorded")
	}
	id := ds[0].ID
	for {
		d, err := st.Decision(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Applied.IsZero() || d.Error != "" {
			t.Logf("killed mid-write: %v; decision %d settled by the other server %v after the kill, in %d attempts: %s%s",
				seen, id, time.Since(killed).Round(time.Millisecond), d.Attempts, d.Result, d.Error)
			if d.Error != "" {
				t.Errorf("the killed server's decision failed: %s", d.Error)
			}
			if seen && d.Attempts != 2 {
				t.Errorf("decision %d: %d attempts, want 2 (the killed one and the other server's)", id, d.Attempts)
			}
			break
		}
		if time.Since(killed) > settleTimeout {
			t.Fatalf("the other server did not apply decision %d in %v", id, settleTimeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, err := os.Stat(jpath); err == nil {
		t.Error("fix's journal is left after the other server applied the decision")
	}
}

// writer is the process id of the server holding the apply lease;
// false when none holds it.
func writer(t *testing.T, ctx context.Context, db string) (int, bool) {
	t.Helper()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var holder string
	err = conn.QueryRow(ctx, `SELECT holder FROM leases WHERE name = $1`, review.LeaseName).Scan(&holder)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false
	}
	if err != nil {
		t.Fatalf("the lease's holder: %v", err)
	}
	// review.NewHolder: host/pid/random.
	parts := strings.Split(holder, "/")
	pid, err := strconv.Atoi(parts[len(parts)-2])
	if err != nil {
		t.Fatalf("holder %q: %v", holder, err)
	}
	return pid, true
}

// checkCommits holds the git history to the decisions: one commit per
// applied decision that changed a file, by its editor, none twice, and no
// file changed outside a decision's commit.
func checkCommits(t *testing.T, git func(...string) string, ds []store.Decision) {
	t.Helper()
	byID := map[int64]store.Decision{}
	for _, d := range ds {
		byID[d.ID] = d
	}
	seen := map[int64]bool{}
	for _, c := range strings.Split(git("log", "--format=%an%x00%B%x01"), "\x01") {
		author, body, ok := strings.Cut(strings.TrimSpace(c), "\x00")
		if !ok || !strings.Contains(body, "Emend-Decision:") {
			continue
		}
		id, _ := strconv.ParseInt(trailerRe.FindStringSubmatch(body)[1], 10, 64)
		d, ok := byID[id]
		switch {
		case seen[id]:
			t.Errorf("decision %d committed twice", id)
		case !ok || d.Applied.IsZero():
			t.Errorf("a commit of decision %d, which is not applied", id)
		case author != d.User:
			t.Errorf("decision %d of %s committed by %s", id, d.User, author)
		}
		seen[id] = true
	}
	for _, d := range ds {
		if !d.Applied.IsZero() && strings.Contains(d.Result, " file") && !strings.Contains(d.Result, "in 0 files") && !seen[d.ID] &&
			d.Result != "written by an earlier attempt" {
			t.Errorf("decision %d (%s) applied without a commit", d.ID, d.Result)
		}
	}
	if s := git("status", "--porcelain"); s != "" {
		t.Errorf("files changed outside the decisions' commits:\n%s", s)
	}
}

func get(c *http.Client, u string) (*http.Response, string) {
	return send(c, "GET", u, nil)
}

func post(c *http.Client, u string, form url.Values) (*http.Response, string) {
	return send(c, "POST", u, form)
}

// send is do without a test: nil when the server did not answer.
func send(c *http.Client, method, u string, form url.Values) (*http.Response, string) {
	var req *http.Request
	if form != nil {
		req, _ = http.NewRequest(method, u, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req, _ = http.NewRequest(method, u, nil)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, ""
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp, b.String()
}
