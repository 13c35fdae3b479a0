package store

import (
	"context"
	"path/filepath"
	"testing"
)

// TestPing: an open database answers; a closed one does not.
func TestPing(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("ping of an open database: %v", err)
	}
	s.Close()
	if err := s.Ping(ctx); err == nil {
		t.Error("ping of a closed database answered")
	}
}
