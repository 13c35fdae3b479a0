// Package ptytest opens pseudo-terminals for tests of what emend does when
// a person types at a terminal (Linux only; elsewhere the tests skip).
package ptytest

import (
	"os"
	"testing"
	"time"
)

// Open returns a pseudo-terminal: typist, the side a person types into,
// and tty, the side emend reads as its standard input. Both are closed
// when the test ends; the test is skipped where there is none.
func Open(t testing.TB) (typist, tty *os.File) {
	t.Helper()
	m, s, err := open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}

// Type writes keys to the typist's side after a pause, so that whatever
// reads tty is waiting for them as a person's program would be.
func Type(t testing.TB, typist *os.File, keys string) {
	t.Helper()
	time.Sleep(50 * time.Millisecond)
	if _, err := typist.Write([]byte(keys)); err != nil {
		t.Fatalf("type %q: %v", keys, err)
	}
}
