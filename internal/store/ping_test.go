package store

import (
	"context"
	"testing"
)

// testPing: an open database answers; a closed one does not.
func testPing(t *testing.T, open opener) {
	ctx := context.Background()
	s, err := open(t)()
	if err != nil {
		t.Fatal(err)
	}
	p, ok := s.(interface{ Ping(context.Context) error })
	if !ok {
		t.Fatalf("%T has no Ping: /readyz would not check the database", s)
	}
	if err := p.Ping(ctx); err != nil {
		t.Errorf("ping of an open database: %v", err)
	}
	s.Close()
	if err := p.Ping(ctx); err == nil {
		t.Error("ping of a closed database answered")
	}
}
