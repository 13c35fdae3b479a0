package prompt

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/prompt/ptytest"
	"golang.org/x/sys/unix"
)

// TestKeysOnATerminal: on a terminal one key answers, with no Enter; a
// spelling is typed as a line; Ctrl-C is an interruption; and the
// terminal is back in its own mode after each key.
func TestKeysOnATerminal(t *testing.T) {
	typist, tty := ptytest.Open(t)
	var out strings.Builder
	r := New(tty, &out)
	if !r.Keys() {
		t.Fatal("a terminal does not read keys")
	}
	type answer struct {
		s   string
		err error
	}
	read := func(f func() (string, error), typed string) answer {
		got := make(chan answer, 1)
		go func() { s, err := f(); got <- answer{s, err} }()
		ptytest.Type(t, typist, typed)
		select {
		case a := <-got:
			return a
		case <-time.After(5 * time.Second):
			t.Fatalf("no answer read after %q", typed)
			return answer{}
		}
	}
	key := func() (string, error) { return r.Key("? ") }
	if a := read(key, "a"); a.s != "a" || a.err != nil {
		t.Errorf("one key without Enter: got %q, %v", a.s, a.err)
	}
	if a := read(func() (string, error) { return r.Line("spelling: ") }, "Fast API\n"); a.s != "Fast API" || a.err != nil {
		t.Errorf("a line: got %q, %v", a.s, a.err)
	}
	if a := read(key, "\x03"); !errors.Is(a.err, ErrInterrupted) {
		t.Errorf("Ctrl-C: got %q, %v", a.s, a.err)
	}
	tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if tio.Lflag&unix.ICANON == 0 || tio.Lflag&unix.ECHO == 0 || tio.Lflag&unix.ISIG == 0 {
		t.Errorf("terminal left in key mode: lflag %#x", tio.Lflag)
	}
	if !strings.Contains(out.String(), "? a\n") || !strings.Contains(out.String(), "? ^C\n") {
		t.Errorf("keys not echoed: %q", out.String())
	}
}
