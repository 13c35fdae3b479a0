package transcript

import (
	"fmt"
	"strings"
)

// ParseError is something a reader could not understand, at a line of a
// file.
type ParseError struct {
	File string
	Line int // 1-based; 0 when the problem concerns the whole file
	Msg  string
}

func (e *ParseError) Error() string {
	name := e.File
	if name == "" {
		name = "<input>"
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", name, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", name, e.Msg)
}

// ErrorList is every problem a reader found in one file. A reader that
// returns an ErrorList also returns the episode it could make of the rest.
type ErrorList []*ParseError

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	b.WriteString(l[0].Error())
	fmt.Fprintf(&b, " (and %d more problems)", len(l)-1)
	return b.String()
}

// maxProblems bounds how many problems a reader collects in one file, so a
// file of garbage cannot make it use memory without end.
const maxProblems = 100

// problems collects a reader's problems with one file.
type problems struct {
	file string
	list ErrorList
	more int
}

func (p *problems) add(line int, format string, args ...any) {
	if len(p.list) >= maxProblems {
		p.more++
		return
	}
	p.list = append(p.list, &ParseError{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// err returns the collected problems as an error, or nil.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	if p.more > 0 {
		p.list = append(p.list, &ParseError{File: p.file, Msg: fmt.Sprintf("%d more problems not shown", p.more)})
	}
	return p.list
}
