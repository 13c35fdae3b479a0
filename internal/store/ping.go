package store

import (
	"context"
	"fmt"
)

// Ping tells whether the database answers a query: the readiness probe of
// emend serve asks it.
func (s *SQLite) Ping(ctx context.Context) error {
	var v int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// Ping tells whether the database answers a query.
func (s *Postgres) Ping(ctx context.Context) error {
	var v int
	if err := s.pool.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}
