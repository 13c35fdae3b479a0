//go:build !linux

package prompt

import (
	"bufio"
	"os"
)

// terminal is not used here: answers are read a line at a time.
type terminal struct{}

func openTerminal(*os.File) *terminal { return nil }

func (*terminal) key(in *bufio.Reader) (rune, error) { return readKey(in) }
