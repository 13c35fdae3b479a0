// Package store owns the state of `emend serve` that is not transcripts:
// users and their password hashes, sign-in sessions, the review decisions
// with who made them and when, the proposals rejected, and the queue of
// accepted decisions still to apply. Store is the interface the web pages
// use; SQLite (a file under the library's .emend directory, with the
// pure-Go modernc.org/sqlite) and PostgreSQL (github.com/jackc/pgx, for
// several emend serve processes sharing one database) implement it, and
// the schema of both is built by the same numbered migrations, one
// directory of them per dialect. OpenURL chooses the store from a path or
// a postgres:// URL.
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

// ErrConflict is returned when adding a decision whose Target another
// live decision holds: another editor decided the same thing first.
var ErrConflict = errors.New("decided already")

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

	// Group is the review group's id and PlaceID the place's (for a
	// decision of one episode or place), Digest the preview's digest of
	// the changes: what any server needs to plan the decision again.
	Group, PlaceID, Digest string
	// Target names what the decision settles (a group, or a group's
	// episode or place): one live decision per target, so that two
	// editors deciding the same group at once cannot both win. Empty: no
	// such guard. A failed decision frees its target.
	Target string
	// Attempts counts the times a server started to apply it.
	Attempts int
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

	// AddDecision records a decision and returns its id; ErrConflict
	// (wrapped, saying who decided first) when its Target is held.
	AddDecision(ctx context.Context, d Decision) (int64, error)
	// Decision returns a decision by id; ErrNotFound when none.
	Decision(ctx context.Context, id int64) (Decision, error)
	// Applied marks a decision applied at a time with what changed, or
	// records why applying failed (it stays in the queue, its target
	// freed, and is not tried again).
	Applied(ctx context.Context, id int64, at time.Time, result string, failure error) error
	// Unsettled returns the decisions neither applied nor failed, oldest
	// first, rejections too: the work of the server holding the apply
	// lease, including what a killed server left.
	Unsettled(ctx context.Context) ([]Decision, error)
	// Attempt counts one more attempt to apply a decision and returns the
	// count.
	Attempt(ctx context.Context, id int64) (int, error)
	// Decisions returns the latest decisions, newest first.
	Decisions(ctx context.Context, limit int) ([]Decision, error)
	// Pending returns the accepted decisions not applied yet, oldest
	// first: the queue.
	Pending(ctx context.Context) ([]Decision, error)

	// Reject remembers a rejected proposal by its key (suggest.RejectedKey).
	Reject(ctx context.Context, key, user string, at time.Time) error
	Rejected(ctx context.Context) (map[string]bool, error)

	// AcquireLease takes or renews the lease name for holder until
	// now+ttl, if it is free, expired or the holder's already; it
	// reports whether the holder has it. Several servers serialise the
	// writing of one library's files with it, and a killed server's lease
	// lapses by itself.
	AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error)
	// ReleaseLease gives a lease up, if holder has it.
	ReleaseLease(ctx context.Context, name, holder string) error

	// Version is the schema version of the database.
	Version(ctx context.Context) (int, error)
	Close() error
}
