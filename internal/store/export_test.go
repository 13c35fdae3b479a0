package store

import "context"

// rows runs a statement on a store's database for a test, returning the
// first column of its first row as a number when it has one.
func rows(s Store, query string) (int, error) {
	ctx := context.Background()
	n := 0
	switch s := s.(type) {
	case *SQLite:
		r, err := s.db.QueryContext(ctx, query)
		if err != nil {
			return 0, err
		}
		defer r.Close()
		if r.Next() {
			err = r.Scan(&n)
		}
		return n, err
	case *Postgres:
		r, err := s.pool.Query(ctx, query)
		if err != nil {
			return 0, err
		}
		defer r.Close()
		if r.Next() {
			if err := r.Scan(&n); err != nil {
				return 0, err
			}
		}
		r.Close()
		return n, r.Err()
	}
	panic("unknown store")
}
