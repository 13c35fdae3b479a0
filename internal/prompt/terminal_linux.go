package prompt

import (
	"bufio"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// terminal puts a terminal in key-at-a-time mode for each key read: no
// canonical line editing, no echo and no signals (Ctrl-C arrives as a
// key, so the terminal is never left in that mode by a signal), and back
// in its own mode at once.
type terminal struct {
	fd int
}

// openTerminal returns the terminal of f, or nil when f is none.
func openTerminal(f *os.File) *terminal {
	fd := int(f.Fd())
	if _, err := unix.IoctlGetTermios(fd, unix.TCGETS); err != nil {
		return nil
	}
	return &terminal{fd: fd}
}

func (t *terminal) key(in *bufio.Reader) (rune, error) {
	if in.Buffered() > 0 {
		return readKey(in) // typed ahead
	}
	old, err := unix.IoctlGetTermios(t.fd, unix.TCGETS)
	if err != nil {
		return 0, fmt.Errorf("read a key: %w", err)
	}
	keys := *old
	keys.Lflag &^= unix.ICANON | unix.ECHO | unix.ISIG
	keys.Cc[unix.VMIN], keys.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(t.fd, unix.TCSETS, &keys); err != nil {
		return 0, fmt.Errorf("read a key: %w", err)
	}
	defer unix.IoctlSetTermios(t.fd, unix.TCSETS, old)
	return readKey(in)
}
