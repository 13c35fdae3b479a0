// Package auth owns sign-in for the review pages: password hashes
// (bcrypt, from golang.org/x/crypto), session tokens (random, kept in the
// store only as a hash), the CSRF token of each session, and the limit on
// failed sign-in attempts per client and per user.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/emend-project/emend/internal/store"
)

// Limits of accounts and sessions.
const (
	MinPasswordLen = 8  // characters
	MaxPasswordLen = 72 // bytes: bcrypt reads no more
	MaxNameLen     = 64
	SessionTTL     = 7 * 24 * time.Hour
	tokenBytes     = 32
)

// Cost is bcrypt's cost of the hashes made; tests lower it.
var Cost = bcrypt.DefaultCost

// ErrBadLogin is returned for a wrong name or password, alike.
var ErrBadLogin = errors.New("wrong name or password")

// ErrLimited is returned when a client or user failed too often lately.
var ErrLimited = errors.New("too many failed attempts: wait a minute")

// CheckName says what is wrong with a user name, or nil.
func CheckName(name string) error {
	if name == "" || len(name) > MaxNameLen {
		return fmt.Errorf("a user name has 1 to %d characters", MaxNameLen)
	}
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-@", r)) {
			return fmt.Errorf("user name %q: only letters, digits and . _ - @", name)
		}
	}
	return nil
}

// CheckPassword says what is wrong with a new password, or nil.
func CheckPassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return fmt.Errorf("a password has at least %d characters", MinPasswordLen)
	}
	if len(pw) > MaxPasswordLen {
		return fmt.Errorf("a password has at most %d bytes", MaxPasswordLen)
	}
	return nil
}

// Hash hashes a password for the store.
func Hash(pw string) (string, error) {
	if err := CheckPassword(pw); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), Cost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// dummyHash is compared against when the user does not exist, so that a
// wrong name takes as long as a wrong password.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("no such user, no such password"), Cost)
	return h
})

// NewToken returns a random token, URL-safe.
func NewToken() (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// TokenHash is how the store knows a session token.
func TokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// SameToken compares two tokens in constant time.
func SameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// Sessions signs users in and out against a store.
type Sessions struct {
	Store   store.Store
	Limiter *Limiter
	TTL     time.Duration
	Now     func() time.Time
}

// NewSessions returns sign-in over a store with the default limits.
func NewSessions(st store.Store) *Sessions {
	return &Sessions{Store: st, Limiter: NewLimiter(MaxFailures, FailureWindow), TTL: SessionTTL, Now: time.Now}
}

// Login checks a name and password, under the limits of the client and
// the user, and starts a session: it returns the token for the cookie.
func (s *Sessions) Login(ctx context.Context, name, pw, client string) (string, store.Session, error) {
	now := s.Now()
	keys := []string{"client " + client, "user " + strings.ToLower(name)}
	for _, k := range keys {
		if !s.Limiter.Allow(k, now) {
			return "", store.Session{}, ErrLimited
		}
	}
	u, err := s.Store.User(ctx, name)
	hash := []byte(u.Hash)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			return "", store.Session{}, err
		}
		hash = dummyHash()
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(pw)) != nil || err != nil {
		for _, k := range keys {
			s.Limiter.Fail(k, now)
		}
		return "", store.Session{}, ErrBadLogin
	}
	s.Limiter.Reset(keys[1], now)
	tok, err := NewToken()
	if err != nil {
		return "", store.Session{}, err
	}
	csrf, err := NewToken()
	if err != nil {
		return "", store.Session{}, err
	}
	se := store.Session{TokenHash: TokenHash(tok), User: u.Name, CSRF: csrf, Created: now, Expires: now.Add(s.TTL)}
	if err := s.Store.AddSession(ctx, se); err != nil {
		return "", store.Session{}, err
	}
	return tok, se, nil
}

// Lookup returns the session of a cookie's token.
func (s *Sessions) Lookup(ctx context.Context, token string) (store.Session, error) {
	if token == "" {
		return store.Session{}, store.ErrNotFound
	}
	return s.Store.Session(ctx, TokenHash(token), s.Now())
}

// Logout ends the session of a token.
func (s *Sessions) Logout(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, TokenHash(token))
}
