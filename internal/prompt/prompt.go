// Package prompt owns how a review reads a person's answers: one key,
// with no Enter, where standard input is a terminal that allows it, and
// one line otherwise (a pipe, a file, a test), so that a review can be
// scripted ("a\nr\nq\n") and typed alike.
package prompt

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// Reader reads answers from in and writes prompts to out.
type Reader struct {
	in  *bufio.Reader
	out io.Writer
	// term is set when in is a terminal that reads one key at a time.
	term *terminal
}

// New returns a Reader of in. When in is a terminal emend can put in
// key-at-a-time mode, Key reads one key without Enter.
func New(in io.Reader, out io.Writer) *Reader {
	r := &Reader{in: bufio.NewReader(in), out: out}
	if f, ok := in.(*os.File); ok {
		r.term = openTerminal(f)
	}
	return r
}

// Keys reports whether Key reads single keys.
func (r *Reader) Keys() bool { return r.term != nil }

// ErrInterrupted is returned by Key for Ctrl-C typed at a key prompt.
var ErrInterrupted = errors.New("interrupted")

// Key prompts and reads one answer: a key on a terminal (echoed, then a
// new line), else a line with its blanks trimmed. At the end of the input
// it ends the prompt's line and returns io.EOF.
func (r *Reader) Key(prompt string) (string, error) {
	fmt.Fprint(r.out, prompt)
	if r.term == nil {
		return r.line()
	}
	key, err := r.term.key(r.in)
	if err != nil {
		fmt.Fprintln(r.out)
		return "", err
	}
	switch key {
	case 3: // Ctrl-C: the terminal sends no signal in key mode
		fmt.Fprintln(r.out, "^C")
		return "", ErrInterrupted
	case 4: // Ctrl-D
		fmt.Fprintln(r.out)
		return "", io.EOF
	case '\r', '\n':
		fmt.Fprintln(r.out)
		return "", nil
	}
	fmt.Fprintf(r.out, "%c\n", key)
	return string(key), nil
}

// Line prompts and reads a line (a spelling to type), with the terminal
// in its usual mode: echo and editing as ever.
func (r *Reader) Line(prompt string) (string, error) {
	fmt.Fprint(r.out, prompt)
	return r.line()
}

func (r *Reader) line() (string, error) {
	l, err := r.in.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && l != "") {
		if errors.Is(err, io.EOF) {
			fmt.Fprintln(r.out)
			return "", io.EOF
		}
		return "", fmt.Errorf("read answer: %w", err)
	}
	return strings.TrimSpace(l), nil
}

// readKey reads one UTF-8 character from in.
func readKey(in *bufio.Reader) (rune, error) {
	c, _, err := in.ReadRune()
	if err != nil {
		return 0, err
	}
	if c == utf8.RuneError {
		return '?', nil
	}
	return c, nil
}
