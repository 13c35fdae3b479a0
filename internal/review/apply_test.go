package review

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/pgtest"
	"github.com/emend-project/emend/internal/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// stores names the stores the several-servers tests run on: each gives
// a function opening one more handle on one new database, as another
// server would.
var stores = []struct {
	name string
	db   func(t *testing.T) string
}{
	{"SQLite", func(t *testing.T) string { return filepath.Join(t.TempDir(), store.FileName) }},
	{"Postgres", func(t *testing.T) string { return pgtest.URL(t) }},
}

func eachStore(t *testing.T, test func(t *testing.T, open func() store.Store)) {
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			db := s.db(t)
			test(t, func() store.Store {
				st, err := store.OpenURL(context.Background(), db)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				return st
			})
		})
	}
}

// server is one emend serve of the tests: its own store handle and
// queue, built from the shared library.
func server(t *testing.T, l *Library, st store.Store, name string) *Applier {
	t.Helper()
	q, err := l.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	a := &Applier{Lib: l, Store: st, Holder: name, TTL: time.Second,
		Queue: func() *Queue { mu.Lock(); defer mu.Unlock(); return q }}
	a.Settled = func(d Decision) { mu.Lock(); defer mu.Unlock(); q = q.Without(d.Group.ID, nil) }
	return a
}

// record records an editor's decision as the web pages do: with the
// preview's digest.
func record(t *testing.T, a *Applier, d Decision) (int64, error) {
	t.Helper()
	q := a.Queue()
	p, err := a.Lib.Plan(q, d)
	if err != nil {
		t.Fatal(err)
	}
	return a.Store.AddDecision(context.Background(), Record(d, p.Digest, p.RuleLines(), nil))
}

// TestTwoEditorsOneGroup: two editors on two servers decide the same
// group at once; one wins, the other is told, and the decision is
// applied once though both servers work at once.
func TestTwoEditorsOneGroup(t *testing.T) {
	eachStore(t, func(t *testing.T, open func() store.Store) {
		ctx := context.Background()
		l := testLibrary(t)
		s1, s2 := server(t, l, open(), "server-1"), server(t, l, open(), "server-2")
		g1, g2 := find(s1.Queue(), "Github"), find(s2.Queue(), "Github")
		var wg sync.WaitGroup
		var id1, id2 int64
		var err1, err2 error
		wg.Go(func() {
			id1, err1 = record(t, s1, Decision{Group: g1, Scope: Everywhere, User: "maya", At: time.Now()})
		})
		wg.Go(func() {
			id2, err2 = record(t, s2, Decision{Group: g2, Scope: Everywhere, Right: "GitHub", User: "tom", At: time.Now()})
		})
		wg.Wait()
		if (err1 == nil) == (err2 == nil) {
			t.Fatalf("both or neither won: %v, %v", err1, err2)
		}
		lost, winner := err2, "maya"
		if err1 != nil {
			lost, winner = err1, "tom"
		}
		if !errors.Is(lost, store.ErrConflict) || !strings.Contains(lost.Error(), winner) {
			t.Fatalf("the loser was told %v; want ErrConflict naming %s", lost, winner)
		}
		id := max(id1, id2)
		var r1, r2 map[int64]Result
		wg.Go(func() { r1, _, err1 = s1.Work(ctx, 5*time.Second) })
		wg.Go(func() { r2, _, err2 = s2.Work(ctx, 5*time.Second) })
		wg.Wait()
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if len(r1)+len(r2) != 1 {
			t.Fatalf("the decision was applied %d times: %v %v", len(r1)+len(r2), r1, r2)
		}
		d, err := s1.Store.Decision(ctx, id)
		if err != nil || d.Applied.IsZero() || d.Attempts != 1 || d.Error != "" || !strings.Contains(d.Result, "in 3 files") {
			t.Fatalf("decision after applying: %+v, %v", d, err)
		}
		if n := strings.Count(read(t, l.SpellingsFile), "GitHub"); n != 1 {
			t.Errorf("%d spellings of GitHub", n)
		}
		for _, f := range []string{"010-apis.txt", "010-apis.vtt", "011-more.txt"} {
			if s := read(t, filepath.Join(l.Root, f)); strings.Contains(s, "Github") {
				t.Errorf("%s not fixed: %q", f, s)
			}
		}
	})
}

// TestKilledServerRetried: a server takes the lease and a decision and
// dies, once before writing and once after writing but before recording
// it; another server applies it after the lease lapses, once.
func TestKilledServerRetried(t *testing.T) {
	for _, written := range []bool{false, true} {
		eachStore(t, func(t *testing.T, open func() store.Store) {
			ctx := context.Background()
			l := testLibrary(t)
			repo := gitRepo(t, filepath.Dir(l.Root))
			dead, alive := server(t, l, open(), "dead"), server(t, l, open(), "alive")
			alive.Git = true
			g := find(dead.Queue(), "Github")
			d := Decision{Group: g, Scope: Everywhere, User: "maya", At: time.Now()}
			id, err := record(t, dead, d)
			if err != nil {
				t.Fatal(err)
			}
			if ok, err := dead.Store.AcquireLease(ctx, LeaseName, "dead", time.Now(), time.Second); !ok || err != nil {
				t.Fatal("the dead server had no lease", err)
			}
			dead.Store.Attempt(ctx, id)
			if written {
				p, _ := l.Plan(dead.Queue(), d)
				if err := l.Apply(ctx, p); err != nil {
					t.Fatal(err)
				}
			}
			// The survivor cannot have the lease while it lasts...
			if _, held, err := alive.Work(ctx, 0); held || err != nil {
				t.Fatalf("the survivor took a live lease: %v %v", held, err)
			}
			// ...and takes it, and the job, when it lapses.
			rs, held, err := alive.Work(ctx, 3*time.Second)
			if !held || err != nil || rs[id].Err != nil {
				t.Fatalf("the survivor's work: held %v, %v, %+v", held, err, rs)
			}
			got, _ := alive.Store.Decision(ctx, id)
			if got.Applied.IsZero() || got.Attempts != 2 {
				t.Fatalf("decision after the retry: %+v", got)
			}
			if written != (got.Result == "written by an earlier attempt") {
				t.Errorf("written %v: result %q", written, got.Result)
			}
			if n := strings.Count(read(t, l.SpellingsFile), "GitHub"); n != 1 {
				t.Errorf("%d spellings of GitHub", n)
			}
			if s := read(t, filepath.Join(l.Root, "011-more.txt")); strings.Contains(s, "Github") {
				t.Errorf("not fixed: %q", s)
			}
			if u, _ := alive.Store.Unsettled(ctx); len(u) != 0 {
				t.Errorf("left unsettled: %+v", u)
			}
			// The killed attempt's write is committed by the survivor.
			if st := repo("status", "--porcelain"); st != "" {
				t.Errorf("left uncommitted (written %v):\n%s", written, st)
			}
			if log := repo("log", "-1", "--format=%an %s"); !strings.HasPrefix(log, "maya Review: Github => GitHub") {
				t.Errorf("the last commit: %q", log)
			}
		})
	}
}

// TestChangedSincePreview: a decision whose files another decision
// changed since its preview fails, and frees its group.
func TestChangedSincePreview(t *testing.T) {
	eachStore(t, func(t *testing.T, open func() store.Store) {
		ctx := context.Background()
		l := testLibrary(t)
		s1, s2 := server(t, l, open(), "server-1"), server(t, l, open(), "server-2")
		g := find(s1.Queue(), "Github")
		var here *Place
		for i := range g.Places {
			if strings.HasSuffix(g.Places[i].File, "011-more.txt") {
				here = &g.Places[i]
			}
		}
		// tom previews one place; maya accepts everywhere, and it is
		// applied, before tom confirms his preview.
		tom := Decision{Group: find(s2.Queue(), "Github"), Scope: Here, Place: here.ID, User: "tom", At: time.Now()}
		preview, err := l.Plan(s2.Queue(), tom)
		if err != nil || len(preview.Changes) != 1 {
			t.Fatalf("tom's preview: %v", err)
		}
		idAll, err := record(t, s1, Decision{Group: g, Scope: Everywhere, User: "maya", At: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if rs, _, err := s1.Work(ctx, time.Second); err != nil || rs[idAll].Err != nil {
			t.Fatal(err, rs)
		}
		st := s2.Store
		id, err := st.AddDecision(ctx, Record(tom, preview.Digest, preview.RuleLines(), nil))
		if err != nil {
			t.Fatal(err)
		}
		rs, _, err := s2.Work(ctx, time.Second)
		if err != nil || !errors.Is(rs[id].Err, ErrChanged) {
			t.Fatalf("a stale preview applied: %v %+v", err, rs[id])
		}
		if d, _ := st.Decision(ctx, id); d.Error == "" || d.Target != "" || !d.Applied.IsZero() {
			t.Errorf("the stale decision: %+v", d)
		}
	})
}

// gitRepo makes dir a git repository of its files, with .emend ignored,
// and returns a runner of git in it; it skips without git.
func gitRepo(t *testing.T, dir string) func(...string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	git := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Setup", "-c", "user.email=setup@example.com"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v: %s", args, err, out)
		}
		return string(out)
	}
	os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(".emend/\n"), 0o644)
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "the show")
	return git
}

// TestAppliedDecisionCommitted: in a git repository each applied
// decision is a commit with the editor as author.
func TestAppliedDecisionCommitted(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	eachStore(t, func(t *testing.T, open func() store.Store) {
		ctx := context.Background()
		l := testLibrary(t)
		repo := filepath.Dir(l.Root)
		git := func(args ...string) string {
			out, err := exec.Command("git", append([]string{"-C", repo}, args...)...).CombinedOutput()
			if err != nil {
				t.Fatalf("git %v: %v: %s", args, err, out)
			}
			return string(out)
		}
		git("init", "-q", "-b", "main")
		git("-c", "user.name=Setup", "-c", "user.email=setup@example.com", "add", ".")
		git("-c", "user.name=Setup", "-c", "user.email=setup@example.com", "commit", "-q", "-m", "the show")
		a := server(t, l, open(), "server-1")
		a.Git = true
		id, err := record(t, a, Decision{Group: find(a.Queue(), "Github"), Scope: Everywhere, User: "maya", At: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if rs, _, err := a.Work(ctx, time.Second); err != nil || rs[id].Err != nil || strings.Contains(rs[id].Summary, "not committed") {
			t.Fatal(err, rs)
		}
		log := git("log", "-1", "--format=%an <%ae>%n%s%n%b", "--name-only")
		for _, want := range []string{"maya <maya@users.emend.invalid>", "Review: Github => GitHub everywhere", "Decided by maya", "GitHub", "Emend-Decision:", "pulse/011-more.txt", "emend.spellings"} {
			if !strings.Contains(log, want) {
				t.Errorf("the commit lacks %q:\n%s", want, log)
			}
		}
		if st := git("status", "--porcelain", "--untracked-files=no"); st != "" {
			t.Errorf("left uncommitted: %s", st)
		}
	})
}

// TestGivenUpAfterMaxAttempts: a decision that killed its server every
// time is given up, its group freed, and said why.
func TestGivenUpAfterMaxAttempts(t *testing.T) {
	eachStore(t, func(t *testing.T, open func() store.Store) {
		ctx := context.Background()
		l := testLibrary(t)
		a := server(t, l, open(), "server-1")
		d := Decision{Group: find(a.Queue(), "Github"), Scope: Everywhere, User: "maya", At: time.Now()}
		id, err := record(t, a, d)
		if err != nil {
			t.Fatal(err)
		}
		for range MaxAttempts {
			a.Store.Attempt(ctx, id)
		}
		rs, _, err := a.Work(ctx, time.Second)
		if err != nil || rs[id].Err == nil || !strings.Contains(rs[id].Err.Error(), "given up") {
			t.Fatalf("work: %v %+v", err, rs)
		}
		if s := read(t, filepath.Join(l.Root, "011-more.txt")); !strings.Contains(s, "Github") {
			t.Error("a decision given up was written")
		}
		if _, err := record(t, a, d); err != nil {
			t.Errorf("the group of a decision given up is not free: %v", err)
		}
	})
}

func TestTarget(t *testing.T) {
	g := &Group{ID: "g1", Places: []Place{{ID: "p1", Episode: "pulse/10"}}}
	for _, c := range []struct {
		d    Decision
		want string
	}{
		{Decision{Group: g, Scope: Everywhere}, "g1"},
		{Decision{Group: g, Scope: Reject}, "g1"},
		{Decision{Group: g, Scope: InEpisode, Place: "p1"}, "g1/episode:pulse/10"},
		{Decision{Group: g, Scope: Here, Place: "p1"}, "g1/place:p1"},
		{Decision{Scope: Everywhere}, ""},
	} {
		if got := Target(c.d); got != c.want {
			t.Errorf("%s: %q, want %q", c.d.Scope, got, c.want)
		}
	}
}

// TestCatchUp: a server's queue drops the groups another server's
// editors decided, once it looks.
func TestCatchUp(t *testing.T) {
	eachStore(t, func(t *testing.T, open func() store.Store) {
		ctx := context.Background()
		l := testLibrary(t)
		s1, s2 := server(t, l, open(), "server-1"), server(t, l, open(), "server-2")
		id, err := record(t, s1, Decision{Group: find(s1.Queue(), "Github"), Scope: Everywhere, User: "maya", At: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if rs, _, err := s1.Work(ctx, time.Second); err != nil || rs[id].Err != nil {
			t.Fatal(err, rs)
		}
		if find(s2.Queue(), "Github") == nil {
			t.Fatal("server 2 lost the group before it looked")
		}
		s2.catchUp(ctx)
		if find(s2.Queue(), "Github") != nil {
			t.Error("server 2's queue keeps a group server 1 applied")
		}
		if find(s2.Queue(), "fast API") == nil {
			t.Error("server 2 dropped a group nobody decided")
		}
	})
}
