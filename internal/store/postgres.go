package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrationLock is the key of the advisory lock the PostgreSQL store
// holds while it migrates, so that servers starting at once on an empty
// database do not both run a migration.
const migrationLock = 0x656d656e64 // "emend"

// Postgres is the store in a PostgreSQL database, shared by every emend
// serve of a deployment.
type Postgres struct {
	pool *pgxpool.Pool
}

// IsURL reports whether a database name is a PostgreSQL URL (else it is a
// SQLite file's path).
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Redact is a database name fit for logs and messages: a URL's password
// replaced.
func Redact(s string) string {
	if !IsURL(s) {
		return s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	return u.Redacted()
}

// OpenPostgres connects to the database of a postgres:// URL and brings
// its schema up to date.
func OpenPostgres(ctx context.Context, dbURL string) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", Redact(dbURL), err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", Redact(dbURL), err)
	}
	s := &Postgres{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database %s: %w", Redact(dbURL), err)
	}
	return s, nil
}

// migrate applies the migrations not yet in schema_migrations, each in a
// transaction with its row, holding an advisory lock.
func (s *Postgres) migrate(ctx context.Context) error {
	ms, err := Migrations("postgres")
	if err != nil {
		return err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("schema_migrations: %w", err)
	}
	have := 0
	if err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("schema_migrations: %w", err)
	}
	if have > len(ms) {
		return fmt.Errorf("the database is at schema version %d, newer than this emend knows (%d): use a newer emend", have, len(ms))
	}
	for _, m := range ms[have:] {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			// No arguments: the simple protocol, which runs every
			// statement of the file.
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, time.Now().UnixMilli())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// Version returns the schema version of the database.
func (s *Postgres) Version(ctx context.Context) (int, error) {
	v := 0
	err := s.pool.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// Close closes the connections.
func (s *Postgres) Close() error { s.pool.Close(); return nil }

// AddUser adds a user; ErrExists when the name is taken.
func (s *Postgres) AddUser(ctx context.Context, u User) error {
	if u.Created.IsZero() {
		u.Created = time.Now()
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO users (name, hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
		u.Name, u.Hash, millis(u.Created))
	if err != nil {
		return fmt.Errorf("add user %s: %w", u.Name, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("user %s: %w", u.Name, ErrExists)
	}
	return nil
}

// User returns a user; ErrNotFound when there is none of that name.
func (s *Postgres) User(ctx context.Context, name string) (User, error) {
	u := User{Name: name}
	var created int64
	err := s.pool.QueryRow(ctx, `SELECT hash, created_at FROM users WHERE name = $1`, name).Scan(&u.Hash, &created)
	if errors.Is(err, pgx.ErrNoRows) {
		return User{}, fmt.Errorf("user %s: %w", name, ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("user %s: %w", name, err)
	}
	u.Created = fromMillis(created)
	return u, nil
}

// Users returns every user, by name.
func (s *Postgres) Users(ctx context.Context) ([]User, error) {
	rows, err := s.pool.Query(ctx, `SELECT name, hash, created_at FROM users ORDER BY name`)
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
func (s *Postgres) RemoveUser(ctx context.Context, name string) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_name = $1`, name); err != nil {
			return fmt.Errorf("remove user %s: %w", name, err)
		}
		tag, err := tx.Exec(ctx, `DELETE FROM users WHERE name = $1`, name)
		if err != nil {
			return fmt.Errorf("remove user %s: %w", name, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("user %s: %w", name, ErrNotFound)
		}
		return nil
	})
}

// AddSession records a session.
func (s *Postgres) AddSession(ctx context.Context, se Session) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (token_hash, user_name, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		se.TokenHash, se.User, se.CSRF, millis(se.Created), millis(se.Expires))
	if err != nil {
		return fmt.Errorf("add session of %s: %w", se.User, err)
	}
	return nil
}

// Session returns the session of a token hash, if it has not expired at
// now; expired sessions are deleted as they are met.
func (s *Postgres) Session(ctx context.Context, tokenHash string, now time.Time) (Session, error) {
	se := Session{TokenHash: tokenHash}
	var created, expires int64
	err := s.pool.QueryRow(ctx, `SELECT user_name, csrf, created_at, expires_at FROM sessions WHERE token_hash = $1`, tokenHash).
		Scan(&se.User, &se.CSRF, &created, &expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return Session{}, fmt.Errorf("session: %w", ErrNotFound)
	}
	if err != nil {
		return Session{}, fmt.Errorf("session: %w", err)
	}
	se.Created, se.Expires = fromMillis(created), fromMillis(expires)
	if !now.Before(se.Expires) {
		s.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, millis(now))
		return Session{}, fmt.Errorf("session expired: %w", ErrNotFound)
	}
	return se, nil
}

// DeleteSession ends a session.
func (s *Postgres) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// AddDecision records a decision and returns its id (from a sequence);
// ErrConflict when its target is held.
func (s *Postgres) AddDecision(ctx context.Context, d Decision) (int64, error) {
	if d.At.IsZero() {
		d.At = time.Now()
	}
	var id int64
	err := s.pool.QueryRow(ctx, `INSERT INTO decisions (`+decisionColumns+`)
		VALUES (nextval('decisions_id_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
		ON CONFLICT (target) DO NOTHING RETURNING id`,
		d.User, millis(d.At), d.Kind, d.Wrong, d.Right, d.Scope, d.Episode, d.Place, d.Rules, appliedValue(d), d.Result, d.Error,
		d.Group, d.PlaceID, d.Digest, nullable(d.Target), d.Attempts).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		var by string
		var at int64
		if err := s.pool.QueryRow(ctx, `SELECT user_name, made_at FROM decisions WHERE target = $1`, d.Target).Scan(&by, &at); err != nil {
			// The winner failed since and freed the target: still a
			// conflict for this attempt.
			return 0, fmt.Errorf("add decision: %w", ErrConflict)
		}
		return 0, conflict(by, fromMillis(at))
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == "decisions_target" {
		return 0, fmt.Errorf("add decision: %w", ErrConflict)
	}
	if err != nil {
		return 0, fmt.Errorf("add decision: %w", err)
	}
	return id, nil
}

// Decision returns a decision by id.
func (s *Postgres) Decision(ctx context.Context, id int64) (Decision, error) {
	ds, err := s.decisions(ctx, `SELECT `+decisionColumns+` FROM decisions WHERE id = $1`, id)
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
func (s *Postgres) Applied(ctx context.Context, id int64, at time.Time, result string, failure error) error {
	var err error
	if failure != nil {
		_, err = s.pool.Exec(ctx, `UPDATE decisions SET error = $1, target = NULL WHERE id = $2`, failure.Error(), id)
	} else {
		_, err = s.pool.Exec(ctx, `UPDATE decisions SET applied_at = $1, result = $2, error = '' WHERE id = $3`, millis(at), result, id)
	}
	if err != nil {
		return fmt.Errorf("decision %d: %w", id, err)
	}
	return nil
}

// Unsettled returns the decisions neither applied nor failed, oldest
// first.
func (s *Postgres) Unsettled(ctx context.Context) ([]Decision, error) {
	return s.decisions(ctx, `SELECT `+decisionColumns+` FROM decisions WHERE applied_at IS NULL AND error = '' ORDER BY id`)
}

// Attempt counts one more attempt to apply a decision.
func (s *Postgres) Attempt(ctx context.Context, id int64) (int, error) {
	n := 0
	err := s.pool.QueryRow(ctx, `UPDATE decisions SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts`, id).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("decision %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("decision %d: %w", id, err)
	}
	return n, nil
}

// Decisions returns the latest decisions, newest first.
func (s *Postgres) Decisions(ctx context.Context, limit int) ([]Decision, error) {
	return s.decisions(ctx, `SELECT `+decisionColumns+` FROM decisions ORDER BY id DESC LIMIT $1`, limit)
}

// Pending returns the accepted decisions not applied yet, oldest first.
func (s *Postgres) Pending(ctx context.Context) ([]Decision, error) {
	return s.decisions(ctx, `SELECT `+decisionColumns+` FROM decisions WHERE applied_at IS NULL AND scope <> 'reject' ORDER BY id`)
}

func (s *Postgres) decisions(ctx context.Context, query string, args ...any) ([]Decision, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		var at int64
		var applied *int64
		var target *string
		if err := rows.Scan(&d.ID, &d.User, &at, &d.Kind, &d.Wrong, &d.Right, &d.Scope, &d.Episode, &d.Place, &d.Rules, &applied, &d.Result, &d.Error,
			&d.Group, &d.PlaceID, &d.Digest, &target, &d.Attempts); err != nil {
			return nil, fmt.Errorf("decisions: %w", err)
		}
		d.At = fromMillis(at)
		if applied != nil {
			d.Applied = fromMillis(*applied)
		}
		if target != nil {
			d.Target = *target
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Reject remembers a rejected proposal.
func (s *Postgres) Reject(ctx context.Context, key, user string, at time.Time) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO rejected (rkey, user_name, made_at) VALUES ($1, $2, $3) ON CONFLICT (rkey) DO NOTHING`, key, user, millis(at))
	if err != nil {
		return fmt.Errorf("reject %q: %w", key, err)
	}
	return nil
}

// Rejected returns the keys of every rejected proposal.
func (s *Postgres) Rejected(ctx context.Context) (map[string]bool, error) {
	rows, err := s.pool.Query(ctx, `SELECT rkey FROM rejected`)
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

// AcquireLease takes or renews a lease.
func (s *Postgres) AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	tag, err := s.pool.Exec(ctx, leaseSQL("$1", "$2", "$3", "$4"), name, holder, millis(now.Add(ttl)), millis(now))
	if err != nil {
		return false, fmt.Errorf("lease %s: %w", name, err)
	}
	return tag.RowsAffected() == 1, nil
}

// ReleaseLease gives a lease up.
func (s *Postgres) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM leases WHERE name = $1 AND holder = $2`, name, holder); err != nil {
		return fmt.Errorf("lease %s: %w", name, err)
	}
	return nil
}

var _ Store = (*Postgres)(nil)

// OpenURL opens the store a database name names: a postgres:// or
// postgresql:// URL is a PostgreSQL database, anything else the path of
// a SQLite file (made when missing, its directory too).
func OpenURL(ctx context.Context, name string) (Store, error) {
	if IsURL(name) {
		return OpenPostgres(ctx, name)
	}
	return Open(ctx, name)
}
