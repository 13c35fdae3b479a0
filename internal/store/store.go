// Package store owns the state of `emend serve` that is not transcripts:
// users and their password hashes, sign-in sessions, the review decisions
// with who made them and when, the proposals rejected, and the queue of
// accepted decisions still to apply. Store is the interface the web pages
// use; SQLite (a file under the library's .emend directory, with the
// pure-Go modernc.org/sqlite) implements it, and the schema is built by
// numbered migrations that a PostgreSQL store can share.
package store

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned for a user or session that does not exist.
var ErrNotFound = errors.New("not found")

// ErrExists is returned when adding a user whose name is taken.
var ErrExists = errors.New("already exists")

// User is an account that may review.
type User struct {
	Name string
	// Hash is the password's hash (bcrypt), never the password.
	Hash    string
	Created time.Time
}

// Session is a signed-in browser. The store keeps only a hash of the
// token the cookie holds.
type Session struct {
	TokenHash string
	User      string
	// CSRF is the token every form of the session carries.
	CSRF             string
	Created, Expires time.Time
}

// Decision is one review decision: who made it, when, and what it does.
type Decision struct {
	ID   int64
	User string
	At   time.Time
	// Kind is "proposal" or "spelling"; Scope is "everywhere",
	// "episode", "here" or "reject".
	Kind, Scope  string
	Wrong, Right string
	// Episode is the episode of a decision for one episode or place;
	// Place the file and line of one place.
	Episode, Place string
	// Rules are the rules the decision added, as rules-file lines.
	Rules string
	// Applied is when the decision's rules were applied to the files (zero
	// while it waits in the queue); Result says what changed, Error why
	// applying failed.
	Applied       time.Time
	Result, Error string
}

// Store keeps the state of the review.
type Store interface {
	AddUser(ctx context.Context, u User) error
	User(ctx context.Context, name string) (User, error)
	Users(ctx context.Context) ([]User, error)
	// RemoveUser removes a user and the user's sessions; decisions keep
	// the name.
	RemoveUser(ctx context.Context, name string) error

	AddSession(ctx context.Context, s Session) error
	// Session returns an unexpired session.
	Session(ctx context.Context, tokenHash string, now time.Time) (Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error

	// AddDecision records a decision and returns its id.
	AddDecision(ctx context.Context, d Decision) (int64, error)
	// Applied marks a decision applied at a time with what changed, or
	// records why applying failed (it stays in the queue).
	Applied(ctx context.Context, id int64, at time.Time, result string, failure error) error
	// Decisions returns the latest decisions, newest first.
	Decisions(ctx context.Context, limit int) ([]Decision, error)
	// Pending returns the accepted decisions not applied yet, oldest
	// first: the queue.
	Pending(ctx context.Context) ([]Decision, error)

	// Reject remembers a rejected proposal by its key (suggest.RejectedKey).
	Reject(ctx context.Context, key, user string, at time.Time) error
	Rejected(ctx context.Context) (map[string]bool, error)

	Close() error
}
