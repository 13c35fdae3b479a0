package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go
)

// FileName is the SQLite database's name in the library's .emend directory.
const FileName = "emend.db"

// busyTimeout is how long a writer waits for another's lock.
const busyTimeout = 5 * time.Second

//go:embed migrations
var migrationFS embed.FS

// conflict is the error of a decision whose target another holds.
func conflict(by string, at time.Time) error {
	return fmt.Errorf("%w: %s decided it at %s UTC; reload the queue", ErrConflict, by, at.UTC().Format("15:04:05"))
}

// leaseSQL takes the lease (name, holder, until) if it is free, lapsed
// (until <= now) or the holder's: the same statement in both dialects,
// with their placeholders.
func leaseSQL(name, holder, until, now string) string {
	return `INSERT INTO leases (name, holder, until_ms) VALUES (` + name + `, ` + holder + `, ` + until + `)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms
		WHERE leases.until_ms <= ` + now + ` OR leases.holder = excluded.holder`
}

// Migration is one numbered step of the schema.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the migrations of a dialect ("sqlite", "postgres"), in order:
// files named NNNN_name.sql.
func Migrations(dialect string) ([]Migration, error) {
	dir := path.Join("migrations", dialect)
	ents, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("migrations of %s: %w", dialect, err)
	}
	var out []Migration
	for _, e := range ents {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: want NNNN_name.sql", e.Name())
		}
		b, err := migrationFS.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migrations of %s: version %d where %d was due", dialect, m.Version, i+1)
		}
	}
	return out, nil
}

// SQLite is the store in one SQLite database file.
type SQLite struct {
	db *sql.DB
	mu sync.Mutex // serialises id allocation with the insert
}

// uriPath escapes what a file: URI would take for its query or fragment
// (a directory named "take#2" is a path, not a fragment).
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// Open opens (creating when missing) the database at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*SQLite, error) {
	dsn := "file:" + uriPath.Replace(path) + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(" +
		strconv.Itoa(int(busyTimeout/time.Millisecond)) + ")&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &SQLite{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	return s, nil
}

// migrate applies the migrations not yet in schema_migrations, each in a
// transaction with its row.
func (s *SQLite) migrate(ctx context.Context) error {
	ms, err := Migrations("sqlite")
	if err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("schema_migrations: %w", err)
	}
	have := 0
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("schema_migrations: %w", err)
	}
	if have > len(ms) {
		return fmt.Errorf("the database is at schema version %d, newer than this emend knows (%d): use a newer emend", have, len(ms))
	}
	for _, m := range ms[have:] {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.Version, m.Name, time.Now().UnixMilli()); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// Version returns the schema version of the database.
func (s *SQLite) Version(ctx context.Context) (int, error) {
	v := 0
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// Close closes the database.
func (s *SQLite) Close() error { return s.db.Close() }

func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// AddUser adds a user; ErrExists when the name is taken.
func (s *SQLite) AddUser(ctx context.Context, u User) error {
	if u.Created.IsZero() {
		u.Created = time.Now()
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO users (name, hash, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
		u.Name, u.Hash, millis(u.Created))
	if err != nil {
		return fmt.Errorf("add user %s: %w", u.Name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("user %s: %w", u.Name, ErrExists)
	}
	return nil
}

// User returns a user; ErrNotFound when there is none of that name.
func (s *SQLite) User(ctx context.Context, name string) (User, error) {
	u := User{Name: name}
	var created int64
	err := s.db.QueryRowContext(ctx, `SELECT hash, created_at FROM users WHERE name = ?`, name).Scan(&u.Hash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("user %s: %w", name, ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("user %s: %w", name, err)
	}
	u.Created = fromMillis(created)
	return u, nil
}

// Users returns every user, by name.
func (s *SQLite) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, hash, created_at FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var created int64
		if err := rows.Scan(&u.Name, &u.Hash, &created); err != nil {
			return nil, fmt.Errorf("users: %w", err)
		}
		u.Created = fromMillis(created)
		out = append(out, u)
	}
	return out, rows.Err()
}

// RemoveUser removes a user and the user's sessions.
func (s *SQLite) RemoveUser(ctx context.Context, name string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_name = ?`, name); err != nil {
		return fmt.Errorf("remove user %s: %w", name, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM users WHERE name = ?`, name)
	if err != nil {
		return fmt.Errorf("remove user %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("user %s: %w", name, ErrNotFound)
	}
	return tx.Commit()
}

// AddSession records a session.
func (s *SQLite) AddSession(ctx context.Context, se Session) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_name, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		se.TokenHash, se.User, se.CSRF, millis(se.Created), millis(se.Expires))
	if err != nil {
		return fmt.Errorf("add session of %s: %w", se.User, err)
	}
	return nil
}

// Session returns the session of a token hash, if it has not expired at
// now; expired sessions are deleted as they are met.
func (s *SQLite) Session(ctx context.Context, tokenHash string, now time.Time) (Session, error) {
	se := Session{TokenHash: tokenHash}
	var created, expires int64
	err := s.db.QueryRowContext(ctx, `SELECT user_name, csrf, created_at, expires_at FROM sessions WHERE token_hash = ?`, tokenHash).
		Scan(&se.User, &se.CSRF, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, fmt.Errorf("session: %w", ErrNotFound)
	}
	if err != nil {
		return Session{}, fmt.Errorf("session: %w", err)
	}
	se.Created, se.Expires = fromMillis(created), fromMillis(expires)
	if !now.Before(se.Expires) {
		s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, millis(now))
		return Session{}, fmt.Errorf("session expired: %w", ErrNotFound)
	}
	return se, nil
}

// DeleteSession ends a session.
func (s *SQLite) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

const decisionColumns = `id, user_name, made_at, kind, wrong, right_text, scope, episode, place, rules, applied_at, result, error, group_id, place_id, digest, target, attempts`

// nullable is the value stored for an optional text: NULL when empty.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func appliedValue(d Decision) any {
	if d.Applied.IsZero() {
		return nil
	}
	return millis(d.Applied)
}

// AddDecision records a decision and returns its id; ErrConflict when
// its target is held.
func (s *SQLite) AddDecision(ctx context.Context, d Decision) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d.At.IsZero() {
		d.At = time.Now()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM decisions`).Scan(&id); err != nil {
		return 0, fmt.Errorf("add decision: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO decisions (`+decisionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (target) DO NOTHING`,
		id, d.User, millis(d.At), d.Kind, d.Wrong, d.Right, d.Scope, d.Episode, d.Place, d.Rules, appliedValue(d), d.Result, d.Error,
		d.Group, d.PlaceID, d.Digest, nullable(d.Target), d.Attempts)
	if err != nil {
		return 0, fmt.Errorf("add decision: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var by string
		var at int64
		if err := tx.QueryRowContext(ctx, `SELECT user_name, made_at FROM decisions WHERE target = ?`, d.Target).Scan(&by, &at); err != nil {
			return 0, fmt.Errorf("add decision: %w", ErrConflict)
		}
		return 0, conflict(by, fromMillis(at))
	}
	return id, tx.Commit()
}

// Decision returns a decision by id.
func (s *SQLite) Decision(ctx context.Context, id int64) (Decision, error) {
	ds, err := s.decisions(ctx, `SELECT `+decisionColumns+` FROM decisions WHERE id = ?`, id)
	if err != nil {
		return Decision{}, err
	}
	if len(ds) == 0 {
		return Decision{}, fmt.Errorf("decision %d: %w", id, ErrNotFound)
	}
	return ds[0], nil
}

// Applied marks a decision applied, or records why applying failed and
// frees its target.
func (s *SQLite) Applied(ctx context.Context, id int64, at time.Time, result string, failure error) error {
	var err error
	if failure != nil {
		_, err = s.db.ExecContext(ctx, `UPDATE decisions SET error = ?, target = NULL WHERE id = ?`, failure.Error(), id)
	} else {
		_, err = s.db.ExecContext(ctx, `UPDATE decisions SET applied_at = ?, result = ?, error = '' WHERE id = ?`, millis(at), result, id)
	}
	if err != nil {
		return fmt.Errorf("decision %d: %w", id, err)
	}
	return nil
}

// Unsettled returns the decisions neither applied nor failed, oldest
// first.
func (s *SQLite) Unsettled(ctx context.Context) ([]Decision, error) {
	return s.decisions(ctx, `SELECT `+decisionColumns+` FROM decisions WHERE applied_at IS NULL AND error = '' ORDER BY id`)
}

// Attempt counts one more attempt to apply a decision.
func (s *SQLite) Attempt(ctx context.Context, id int64) (int, error) {
	n := 0
	err := s.db.QueryRowContext(ctx, `UPDATE decisions SET attempts = attempts + 1 WHERE id = ? RETURNING attempts`, id).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("decision %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("decision %d: %w", id, err)
	}
	return n, nil
}

// AcquireLease takes or renews a lease.
func (s *SQLite) AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	res, err := s.db.ExecContext(ctx, leaseSQL("?", "?", "?", "?"), name, holder, millis(now.Add(ttl)), millis(now))
	if err != nil {
		return false, fmt.Errorf("lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseLease gives a lease up.
func (s *SQLite) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, name, holder); err != nil {
		return fmt.Errorf("lease %s: %w", name, err)
	}
	return nil
}

func (s *SQLite) decisions(ctx context.Context, query string, args ...any) ([]Decision, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		var at int64
		var applied sql.NullInt64
		var target sql.NullString
		if err := rows.Scan(&d.ID, &d.User, &at, &d.Kind, &d.Wrong, &d.Right, &d.Scope, &d.Episode, &d.Place, &d.Rules, &applied, &d.Result, &d.Error,
			&d.Group, &d.PlaceID, &d.Digest, &target, &d.Attempts); err != nil {
			return nil, fmt.Errorf("decisions: %w", err)
		}
		d.At = fromMillis(at)
		if applied.Valid {
			d.Applied = fromMillis(applied.Int64)
		}
		d.Target = target.String
		out = append(out, d)
	}
	return out, rows.Err()
}

// Decisions returns the latest decisions, newest first.
func (s *SQLite) Decisions(ctx context.Context, limit int) ([]Decision, error) {
	return s.decisions(ctx, `SELECT `+decisionColumns+` FROM decisions ORDER BY id DESC LIMIT ?`, limit)
}

// Pending returns the accepted decisions not applied yet, oldest first.
func (s *SQLite) Pending(ctx context.Context) ([]Decision, error) {
	return s.decisions(ctx, `SELECT `+decisionColumns+` FROM decisions WHERE applied_at IS NULL AND scope <> 'reject' ORDER BY id`)
}

// Reject remembers a rejected proposal.
func (s *SQLite) Reject(ctx context.Context, key, user string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO rejected (rkey, user_name, made_at) VALUES (?, ?, ?) ON CONFLICT (rkey) DO NOTHING`, key, user, millis(at))
	if err != nil {
		return fmt.Errorf("reject %q: %w", key, err)
	}
	return nil
}

// Rejected returns the keys of every rejected proposal.
func (s *SQLite) Rejected(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT rkey FROM rejected`)
	if err != nil {
		return nil, fmt.Errorf("rejected: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("rejected: %w", err)
		}
		out[k] = true
	}
	return out, rows.Err()
}

var _ Store = (*SQLite)(nil)
