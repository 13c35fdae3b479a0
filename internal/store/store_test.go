package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// opener makes a new, empty database for a test and returns a function
// that opens (and migrates) it, as often as called.
type opener func(t *testing.T) func() (Store, error)

func sqliteOpener(t *testing.T) func() (Store, error) {
	path := filepath.Join(t.TempDir(), FileName)
	return func() (Store, error) { return OpenURL(context.Background(), path) }
}

func postgresOpener(t *testing.T) func() (Store, error) {
	u := pgtest.URL(t)
	return func() (Store, error) { return OpenURL(context.Background(), u) }
}

func newStore(t *testing.T, open opener) Store {
	t.Helper()
	s, err := open(t)()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// suite is every test of a store, run on each.
var suite = []struct {
	name string
	test func(*testing.T, opener)
}{
	{"ReopenKeepsDataAndVersion", testReopenKeepsDataAndVersion},
	{"NewerSchemaRefused", testNewerSchemaRefused},
	{"Users", testUsers},
	{"Sessions", testSessions},
	{"DecisionsAndQueue", testDecisionsAndQueue},
	{"Rejected", testRejected},
	{"ConcurrentDecisions", testConcurrentDecisions},
	{"Conflict", testConflict},
	{"ConcurrentConflict", testConcurrentConflict},
	{"Unsettled", testUnsettled},
	{"Lease", testLease},
	{"ConcurrentLease", testConcurrentLease},
	{"Ping", testPing},
}

func runSuite(t *testing.T, open opener) {
	for _, c := range suite {
		t.Run(c.name, func(t *testing.T) { c.test(t, open) })
	}
}

func TestSQLite(t *testing.T) { runSuite(t, sqliteOpener) }

// TestPostgres runs the suite on PostgreSQL: EMEND_TEST_POSTGRES's
// server, or a cluster pgtest starts; it skips, saying why, when there is
// none (fails under CI=true).
func TestPostgres(t *testing.T) {
	pgtest.URL(t) // skips the whole suite at once when there is no server
	runSuite(t, postgresOpener)
}

func TestMigrationsNumbered(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		ms, err := Migrations(dialect)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].Version != 1 || ms[0].Name != "init" {
			t.Fatalf("%s migrations = %+v", dialect, ms)
		}
	}
	if _, err := Migrations("oracle"); err == nil {
		t.Error("a dialect without migrations gave no error")
	}
}

// TestSameSchemaHistory holds the dialects to one history: the same
// versions with the same names.
func TestSameSchemaHistory(t *testing.T) {
	a, _ := Migrations("sqlite")
	b, _ := Migrations("postgres")
	if len(a) != len(b) {
		t.Fatalf("%d sqlite migrations, %d postgres", len(a), len(b))
	}
	for i := range a {
		if a[i].Version != b[i].Version || a[i].Name != b[i].Name {
			t.Errorf("migration %d: sqlite %d_%s, postgres %d_%s", i, a[i].Version, a[i].Name, b[i].Version, b[i].Name)
		}
	}
}

func TestIsURLAndRedact(t *testing.T) {
	for _, c := range []struct {
		in     string
		url    bool
		redact string
	}{
		{"postgres://emend:s3cret@db:5432/emend", true, "postgres://emend:xxxxx@db:5432/emend"},
		{"postgresql://db/emend?sslmode=require", true, "postgresql://db/emend?sslmode=require"},
		{".emend/emend.db", false, ".emend/emend.db"},
		{"/var/lib/postgres://odd", false, "/var/lib/postgres://odd"},
	} {
		if IsURL(c.in) != c.url || Redact(c.in) != c.redact {
			t.Errorf("%q: IsURL %v, Redact %q", c.in, IsURL(c.in), Redact(c.in))
		}
	}
}

func testReopenKeepsDataAndVersion(t *testing.T, open opener) {
	ctx := context.Background()
	reopen := open(t)
	s, err := reopen()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser(ctx, User{Name: "maya", Hash: "h1"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := reopen()
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	ms, _ := Migrations("sqlite")
	v, err := s2.Version(ctx)
	if err != nil || v != len(ms) {
		t.Fatalf("version = %d, %v; want %d", v, err, len(ms))
	}
	u, err := s2.User(ctx, "maya")
	if err != nil || u.Hash != "h1" {
		t.Fatalf("user after reopening = %+v, %v", u, err)
	}
	n, err := rows(s2, `SELECT COUNT(*) FROM schema_migrations`)
	if err != nil || n != len(ms) {
		t.Errorf("schema_migrations has %d rows after reopening (%v), want %d", n, err, len(ms))
	}
}

func testNewerSchemaRefused(t *testing.T, open opener) {
	reopen := open(t)
	s, err := reopen()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rows(s, `INSERT INTO schema_migrations VALUES (99, 'future', 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := reopen()
	if err == nil {
		s2.Close()
		t.Fatal("a database of a newer schema opened")
	}
	if !strings.Contains(err.Error(), "newer") {
		t.Errorf("error %q does not say the schema is newer", err)
	}
}

func testUsers(t *testing.T, open opener) {
	ctx := context.Background()
	s := newStore(t, open)
	for _, n := range []string{"tom", "maya"} {
		if err := s.AddUser(ctx, User{Name: n, Hash: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddUser(ctx, User{Name: "tom", Hash: "y"}); !errors.Is(err, ErrExists) {
		t.Errorf("second tom: %v, want ErrExists", err)
	}
	us, err := s.Users(ctx)
	if err != nil || len(us) != 2 || us[0].Name != "maya" || us[1].Name != "tom" {
		t.Fatalf("users = %+v, %v", us, err)
	}
	now := time.Now()
	if err := s.AddSession(ctx, Session{TokenHash: "t1", User: "tom", CSRF: "c", Created: now, Expires: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveUser(ctx, "tom"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "t1", now); !errors.Is(err, ErrNotFound) {
		t.Errorf("session of a removed user: %v, want ErrNotFound", err)
	}
	if _, err := s.User(ctx, "tom"); !errors.Is(err, ErrNotFound) {
		t.Errorf("removed user: %v", err)
	}
	if err := s.RemoveUser(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing nobody: %v", err)
	}
}

func testSessions(t *testing.T, open opener) {
	ctx := context.Background()
	s := newStore(t, open)
	s.AddUser(ctx, User{Name: "maya", Hash: "x"})
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := s.AddSession(ctx, Session{TokenHash: "a", User: "maya", CSRF: "csrf-a", Created: now, Expires: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddSession(ctx, Session{TokenHash: "b", User: "ghost", CSRF: "c", Created: now, Expires: now.Add(time.Hour)}); err == nil {
		t.Error("a session of no user was added")
	}
	se, err := s.Session(ctx, "a", now.Add(time.Minute))
	if err != nil || se.User != "maya" || se.CSRF != "csrf-a" || !se.Expires.Equal(now.Add(time.Hour)) {
		t.Fatalf("session = %+v, %v", se, err)
	}
	if _, err := s.Session(ctx, "a", now.Add(time.Hour)); !errors.Is(err, ErrNotFound) {
		t.Errorf("expired session: %v", err)
	}
	if _, err := s.Session(ctx, "a", now); !errors.Is(err, ErrNotFound) {
		t.Errorf("an expired session met once is deleted: %v", err)
	}
	s.AddSession(ctx, Session{TokenHash: "c", User: "maya", CSRF: "x", Created: now, Expires: now.Add(time.Hour)})
	if err := s.DeleteSession(ctx, "c"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "c", now); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted session: %v", err)
	}
}

func testDecisionsAndQueue(t *testing.T, open opener) {
	ctx := context.Background()
	s := newStore(t, open)
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	id1, err := s.AddDecision(ctx, Decision{User: "maya", At: at, Kind: "proposal", Scope: "everywhere", Wrong: "fast API", Right: "FastAPI", Rules: "fast API => FastAPI"})
	if err != nil {
		t.Fatal(err)
	}
	id2, _ := s.AddDecision(ctx, Decision{User: "tom", At: at.Add(time.Minute), Kind: "spelling", Scope: "episode", Wrong: "Github", Right: "GitHub", Episode: "talk-python:12"})
	s.AddDecision(ctx, Decision{User: "tom", At: at.Add(2 * time.Minute), Kind: "proposal", Scope: "reject", Wrong: "rough", Right: "ruff"})
	if id1 != 1 || id2 != 2 {
		t.Errorf("ids %d, %d", id1, id2)
	}
	q, err := s.Pending(ctx)
	if err != nil || len(q) != 2 || q[0].ID != id1 || q[1].Episode != "talk-python:12" {
		t.Fatalf("queue = %+v, %v", q, err)
	}
	if err := s.Applied(ctx, id1, at.Add(time.Hour), "", errors.New("disk full")); err != nil {
		t.Fatal(err)
	}
	q, _ = s.Pending(ctx)
	if len(q) != 2 || q[0].Error != "disk full" {
		t.Fatalf("a failed decision leaves the queue: %+v", q)
	}
	s.Applied(ctx, id1, at.Add(time.Hour), "2 edits in 2 files", nil)
	q, _ = s.Pending(ctx)
	if len(q) != 1 || q[0].ID != id2 {
		t.Fatalf("queue after applying = %+v", q)
	}
	all, err := s.Decisions(ctx, 10)
	if err != nil || len(all) != 3 || all[0].Scope != "reject" || all[2].Result != "2 edits in 2 files" || all[2].Error != "" ||
		!all[2].Applied.Equal(at.Add(time.Hour)) || all[2].User != "maya" || !all[2].At.Equal(at) {
		t.Fatalf("decisions = %+v, %v", all, err)
	}
}

func testRejected(t *testing.T, open opener) {
	ctx := context.Background()
	s := newStore(t, open)
	now := time.Now()
	for _, k := range []string{"rough => ruff", "rough => ruff", "pie test => pytest"} {
		if err := s.Reject(ctx, k, "maya", now); err != nil {
			t.Fatal(err)
		}
	}
	m, err := s.Rejected(ctx)
	if err != nil || len(m) != 2 || !m["rough => ruff"] {
		t.Fatalf("rejected = %v, %v", m, err)
	}
}

func testConcurrentDecisions(t *testing.T, open opener) {
	ctx := context.Background()
	s := newStore(t, open)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.AddDecision(ctx, Decision{User: "u", Kind: "proposal", Scope: "here", Wrong: "a", Right: "b", Place: string(rune('a' + i))})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	all, _ := s.Decisions(ctx, 100)
	if len(all) != 20 {
		t.Errorf("%d decisions, want 20", len(all))
	}
}

func testConflict(t *testing.T, open opener) {
	ctx := context.Background()
	s := newStore(t, open)
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	d := Decision{User: "maya", At: at, Kind: "proposal", Scope: "everywhere", Wrong: "fast API", Right: "FastAPI", Group: "g1", Target: "g1"}
	id, err := s.AddDecision(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	d2 := d
	d2.User, d2.Right = "tom", "Fast API"
	_, err = s.AddDecision(ctx, d2)
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "maya") {
		t.Fatalf("second decision of the target: %v, want ErrConflict naming maya", err)
	}
	// Decisions without a target never conflict.
	for range 2 {
		if _, err := s.AddDecision(ctx, Decision{User: "tom", Kind: "proposal", Scope: "here", Wrong: "a", Right: "b"}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Decision(ctx, id)
	if err != nil || got.Target != "g1" || got.Group != "g1" || got.User != "maya" {
		t.Fatalf("decision = %+v, %v", got, err)
	}
	if _, err := s.Decision(ctx, 9999); !errors.Is(err, ErrNotFound) {
		t.Errorf("decision 9999: %v", err)
	}
	// A failed decision frees its target; an applied one keeps it.
	if err := s.Applied(ctx, id, at, "", errors.New("disk full")); err != nil {
		t.Fatal(err)
	}
	id2, err := s.AddDecision(ctx, d2)
	if err != nil {
		t.Fatalf("deciding a failed decision's target again: %v", err)
	}
	s.Applied(ctx, id2, at, "1 edit", nil)
	if _, err := s.AddDecision(ctx, d); !errors.Is(err, ErrConflict) {
		t.Errorf("deciding an applied decision's target: %v", err)
	}
}

// testConcurrentConflict: editors deciding one group at once, each on a
// store of their own (as servers would be): exactly one wins.
func testConcurrentConflict(t *testing.T, open opener) {
	ctx := context.Background()
	reopen := open(t)
	const editors = 8
	stores := make([]Store, editors)
	for i := range stores {
		s, err := reopen()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	for round := range 5 {
		target := fmt.Sprintf("group-%d", round)
		var wg sync.WaitGroup
		errs := make([]error, editors)
		for i := range editors {
			wg.Go(func() {
				_, errs[i] = stores[i].AddDecision(ctx, Decision{User: fmt.Sprint("editor", i), Kind: "proposal", Scope: "everywhere", Wrong: "w", Right: "r", Target: target})
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, ErrConflict):
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d editors won, want 1", round, won)
		}
	}
	all, _ := stores[0].Decisions(ctx, 100)
	if len(all) != 5 {
		t.Errorf("%d decisions recorded, want 5", len(all))
	}
}

func testUnsettled(t *testing.T, open opener) {
	ctx := context.Background()
	s := newStore(t, open)
	a, _ := s.AddDecision(ctx, Decision{User: "maya", Kind: "proposal", Scope: "everywhere", Wrong: "a", Right: "b", Digest: "d1", PlaceID: "p1"})
	b, _ := s.AddDecision(ctx, Decision{User: "maya", Kind: "proposal", Scope: "reject", Wrong: "c", Right: "d"})
	c, _ := s.AddDecision(ctx, Decision{User: "maya", Kind: "proposal", Scope: "here", Wrong: "e", Right: "f"})
	s.Applied(ctx, c, time.Now(), "", errors.New("the files changed"))
	u, err := s.Unsettled(ctx)
	if err != nil || len(u) != 2 || u[0].ID != a || u[1].ID != b || u[0].Digest != "d1" || u[0].PlaceID != "p1" {
		t.Fatalf("unsettled = %+v, %v", u, err)
	}
	for want := 1; want <= 2; want++ {
		n, err := s.Attempt(ctx, a)
		if err != nil || n != want {
			t.Fatalf("attempt = %d, %v; want %d", n, err, want)
		}
	}
	if _, err := s.Attempt(ctx, 9999); !errors.Is(err, ErrNotFound) {
		t.Errorf("attempt of no decision: %v", err)
	}
	s.Applied(ctx, a, time.Now(), "1 edit", nil)
	u, _ = s.Unsettled(ctx)
	if len(u) != 1 || u[0].ID != b {
		t.Fatalf("unsettled after applying = %+v", u)
	}
}

func testLease(t *testing.T, open opener) {
	ctx := context.Background()
	s := newStore(t, open)
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	ttl := 10 * time.Second
	for _, c := range []struct {
		holder string
		at     time.Duration
		want   bool
	}{
		{"a", 0, true},
		{"b", time.Second, false},      // held by a
		{"a", 5 * time.Second, true},   // a renews: until 15 s
		{"b", 12 * time.Second, false}, // still a's
		{"b", 15 * time.Second, true},  // lapsed: b takes it
		{"a", 16 * time.Second, false}, // a lost it
		{"b", 17 * time.Second, true},  // b renews: until 27 s
		{"c", 27 * time.Second, true},  // lapsed again
		{"c", 28 * time.Second, true},  // c renews: until 38 s
		{"a", 37 * time.Second, false}, // still c's
		{"a", 38 * time.Second, true},  // a's until 48 s
	} {
		got, err := s.AcquireLease(ctx, "apply", c.holder, now.Add(c.at), ttl)
		if err != nil || got != c.want {
			t.Fatalf("%s at %v: %v, %v; want %v", c.holder, c.at, got, err, c.want)
		}
	}
	if err := s.ReleaseLease(ctx, "apply", "b"); err != nil { // not b's: kept
		t.Fatal(err)
	}
	if got, _ := s.AcquireLease(ctx, "apply", "b", now.Add(39*time.Second), ttl); got {
		t.Error("a lease released by another than its holder was taken")
	}
	s.ReleaseLease(ctx, "apply", "a")
	if got, _ := s.AcquireLease(ctx, "apply", "b", now.Add(39*time.Second), ttl); !got {
		t.Error("a released lease was not free")
	}
	if got, _ := s.AcquireLease(ctx, "other", "a", now.Add(39*time.Second), ttl); !got {
		t.Error("leases of other names are independent")
	}
}

// testConcurrentLease: servers trying for the lease at once: one has it.
func testConcurrentLease(t *testing.T, open opener) {
	ctx := context.Background()
	reopen := open(t)
	const servers = 6
	var wg sync.WaitGroup
	got := make([]bool, servers)
	errs := make([]error, servers)
	now := time.Now()
	stores := make([]Store, servers)
	for i := range stores {
		s, err := reopen()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	for i := range servers {
		wg.Go(func() {
			got[i], errs[i] = stores[i].AcquireLease(ctx, "apply", fmt.Sprint("server", i), now, time.Minute)
		})
	}
	wg.Wait()
	n := 0
	for i := range servers {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if got[i] {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d servers have the lease, want 1", n)
	}
}

// TestSQLitePathWithURISigns: a path holding ? or # names a file there,
// not a URI's query or fragment elsewhere.
func TestSQLitePathWithURISigns(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "take#2?x=1 100%")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("no database at %s: %v", path, err)
	}
}
