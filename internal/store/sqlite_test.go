package store

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func open(t *testing.T) (*SQLite, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestMigrationsNumbered(t *testing.T) {
	ms, err := Migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].Version != 1 || ms[0].Name != "init" {
		t.Fatalf("migrations = %+v", ms)
	}
	if _, err := Migrations("oracle"); err == nil {
		t.Error("a dialect without migrations gave no error")
	}
}

func TestReopenKeepsDataAndVersion(t *testing.T) {
	ctx := context.Background()
	s, path := open(t)
	if err := s.AddUser(ctx, User{Name: "maya", Hash: "h1"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	v, err := s2.Version(ctx)
	if err != nil || v != 1 {
		t.Fatalf("version = %d, %v; want 1", v, err)
	}
	u, err := s2.User(ctx, "maya")
	if err != nil || u.Hash != "h1" {
		t.Fatalf("user after reopening = %+v, %v", u, err)
	}
	var n int
	s2.db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	if n != 1 {
		t.Errorf("schema_migrations has %d rows after reopening, want 1", n)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	s, path := open(t)
	if _, err := s.db.Exec(`INSERT INTO schema_migrations VALUES (99, 'future', 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s2, err := Open(ctx, path); err == nil {
		s2.Close()
		t.Fatal("a database of a newer schema opened")
	}
}

func TestUsers(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
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

func TestSessions(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
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

func TestDecisionsAndQueue(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
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

func TestRejected(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
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

func TestConcurrentDecisions(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
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
