package auth

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/emend-project/emend/internal/store"
)

func init() { Cost = bcrypt.MinCost }

func sessions(t *testing.T) (*Sessions, *time.Time) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h, err := Hash("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddUser(context.Background(), store.User{Name: "maya", Hash: h}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	s := NewSessions(st)
	s.Now = func() time.Time { return now }
	return s, &now
}

func TestHashNeverThePassword(t *testing.T) {
	h, err := Hash("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h, "correct") || !strings.HasPrefix(h, "$2") {
		t.Errorf("hash %q", h)
	}
	for _, pw := range []string{"short", "", strings.Repeat("x", 73)} {
		if _, err := Hash(pw); err == nil {
			t.Errorf("Hash(%q) took a bad password", pw)
		}
	}
}

func TestCheckName(t *testing.T) {
	for name, ok := range map[string]bool{"maya": true, "m.kennedy@x": true, "Zoë": true, "": false, "a b": false, "<script>": false, strings.Repeat("a", 65): false} {
		if got := CheckName(name) == nil; got != ok {
			t.Errorf("CheckName(%q) ok = %v, want %v", name, got, ok)
		}
	}
}

func TestLoginAndLookup(t *testing.T) {
	ctx := context.Background()
	s, now := sessions(t)
	tok, se, err := s.Login(ctx, "maya", "correct horse", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if se.User != "maya" || se.CSRF == "" || se.CSRF == tok || se.TokenHash == tok {
		t.Fatalf("session %+v for token %q", se, tok)
	}
	got, err := s.Lookup(ctx, tok)
	if err != nil || got.User != "maya" || got.CSRF != se.CSRF {
		t.Fatalf("lookup = %+v, %v", got, err)
	}
	if _, err := s.Lookup(ctx, tok+"x"); err == nil {
		t.Error("a wrong token found a session")
	}
	*now = now.Add(SessionTTL)
	if _, err := s.Lookup(ctx, tok); err == nil {
		t.Error("an expired session was found")
	}
	tok2, _, _ := s.Login(ctx, "maya", "correct horse", "10.0.0.1")
	if err := s.Logout(ctx, tok2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Lookup(ctx, tok2); err == nil {
		t.Error("a session lived after logout")
	}
}

func TestLoginFailuresLimited(t *testing.T) {
	ctx := context.Background()
	s, now := sessions(t)
	for i := range MaxFailures {
		if _, _, err := s.Login(ctx, "maya", "wrong", "10.0.0.1"); !errors.Is(err, ErrBadLogin) {
			t.Fatalf("attempt %d: %v, want ErrBadLogin", i, err)
		}
	}
	// The right password is refused too while the limit holds, from that
	// client, and for that user from another client.
	if _, _, err := s.Login(ctx, "maya", "correct horse", "10.0.0.1"); !errors.Is(err, ErrLimited) {
		t.Errorf("after %d failures: %v, want ErrLimited", MaxFailures, err)
	}
	if _, _, err := s.Login(ctx, "maya", "correct horse", "10.0.0.2"); !errors.Is(err, ErrLimited) {
		t.Errorf("another client for the same user: %v, want ErrLimited", err)
	}
	if _, _, err := s.Login(ctx, "nobody", "x", "10.0.0.1"); !errors.Is(err, ErrLimited) {
		t.Errorf("another user from the same client: %v, want ErrLimited", err)
	}
	*now = now.Add(FailureWindow)
	if _, _, err := s.Login(ctx, "maya", "correct horse", "10.0.0.2"); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

func TestUnknownUserIsABadLogin(t *testing.T) {
	s, _ := sessions(t)
	if _, _, err := s.Login(context.Background(), "ghost", "correct horse", "c"); !errors.Is(err, ErrBadLogin) {
		t.Errorf("unknown user: %v", err)
	}
}

func TestLimiterBounded(t *testing.T) {
	l := NewLimiter(2, time.Minute)
	now := time.Now()
	for i := range maxKeys + 10 {
		l.Fail(strings.Repeat("k", 1+i%7)+string(rune(i)), now)
	}
	if len(l.fails) > maxKeys {
		t.Errorf("%d keys kept, want at most %d", len(l.fails), maxKeys)
	}
}

func TestSameToken(t *testing.T) {
	if SameToken("", "") || !SameToken("abc", "abc") || SameToken("abc", "abd") {
		t.Error("SameToken")
	}
}
