package history

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// This file holds the unified diff parser shared by Git (git log -p output)
// and Patch (diff -u, git diff, git format-patch).

// diffParser turns the lines of a unified diff into Changes, one file at a
// time. Feed it lines with line, then call flush at the end.
type diffParser struct {
	name   string // the input's name, for errors
	lineNo int
	commit *Commit // commit of the changes being read, if known
	emit   func(Change) error

	file *fileDiff // file being read; nil between files

	// The "--- " line waiting for its "+++ " line.
	minus    string
	hasMinus bool

	// Hunk state: lines still expected from each side, numbers of the next
	// old and new lines.
	inHunk           bool
	remOld, remNew   int
	oldLine, newLine int
	region           *Hunk // change region being gathered, if any
	regionDirty      bool  // the region had a "\r" stripped or a missing final newline
}

type fileDiff struct {
	git              bool   // in a "diff --git" section: paths have a one-component prefix
	combined         bool   // a merge's combined diff: ignored
	oldPath, newPath string // as read from the "--- " and "+++ " lines; "" until then
	hunks            []Hunk
}

// errMalformed marks a diff the parser cannot read.
var errMalformed = errors.New("malformed diff")

func (p *diffParser) errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: %w: %s", p.name, p.lineNo, errMalformed, fmt.Sprintf(format, args...))
}

// line reads one line, without its "\n".
func (p *diffParser) line(l string) error {
	p.lineNo++
	if p.inHunk {
		if l == "" || l == "\r" {
			l = " " // diff.suppressBlankEmpty writes empty context lines
		}
		switch l[0] {
		case ' ':
			p.closeRegion()
			p.remOld--
			p.remNew--
			p.oldLine++
			p.newLine++
		case '-':
			if p.remOld <= 0 {
				return p.errorf("more removed lines than the hunk header says")
			}
			p.openRegion()
			p.region.Old = append(p.region.Old, p.text(l[1:]))
			p.remOld--
			p.oldLine++
		case '+':
			if p.remNew <= 0 {
				return p.errorf("more added lines than the hunk header says")
			}
			p.openRegion()
			p.region.New = append(p.region.New, p.text(l[1:]))
			p.remNew--
			p.newLine++
		case '\\': // "\ No newline at end of file"
			p.regionDirty = true
			return nil
		default:
			return p.errorf("hunk ends early: %q", clip(l))
		}
		if p.remOld <= 0 && p.remNew <= 0 {
			// The region stays open: a "\ No newline" line may follow.
			p.inHunk = false
		}
		return nil
	}
	if strings.HasPrefix(l, `\`) {
		p.regionDirty = true
		return nil
	}
	p.closeRegion()
	hadMinus := p.hasMinus
	p.hasMinus = false
	switch {
	case strings.HasPrefix(l, "diff "): // diff --git, diff -u, diff -ru: a new file
		if err := p.flush(); err != nil {
			return err
		}
		p.file = &fileDiff{
			git:      strings.HasPrefix(l, "diff --git "),
			combined: strings.HasPrefix(l, "diff --cc ") || strings.HasPrefix(l, "diff --combined "),
		}
	case strings.HasPrefix(l, "--- "):
		p.minus, p.hasMinus = l[4:], true
	case strings.HasPrefix(l, "+++ ") && hadMinus:
		if p.file == nil || p.file.oldPath != "" {
			// A plain diff without "diff" lines: "---" starts each file.
			if err := p.flush(); err != nil {
				return err
			}
			p.file = &fileDiff{}
		}
		old, err := headerPath(p.minus)
		if err != nil {
			return p.errorf("%v", err)
		}
		nw, err := headerPath(l[4:])
		if err != nil {
			return p.errorf("%v", err)
		}
		p.file.oldPath, p.file.newPath = old, nw
	case strings.HasPrefix(l, "@@ "):
		if p.file == nil || p.file.oldPath == "" || p.file.combined {
			return nil // not in a file: text around the diff
		}
		a, b, c, d, err := parseHunkHeader(l)
		if err != nil {
			return p.errorf("%v", err)
		}
		// For an empty side, the header gives the line before the
		// insertion point; make it the line after, as Hunk says.
		if b == 0 {
			a++
		}
		if d == 0 {
			c++
		}
		p.inHunk = b > 0 || d > 0
		p.remOld, p.remNew, p.oldLine, p.newLine = b, d, a, c
	}
	// Anything else ("index", "rename from", "Binary files", mode lines,
	// commit messages, diffstats) says nothing about edited lines.
	return nil
}

// text returns a hunk line's text with a final "\r" removed.
func (p *diffParser) text(s string) string {
	if strings.HasSuffix(s, "\r") {
		p.regionDirty = true
		return s[:len(s)-1]
	}
	return s
}

func (p *diffParser) openRegion() {
	if p.region == nil {
		p.region = &Hunk{OldStart: p.oldLine, NewStart: p.newLine}
		p.regionDirty = false
	}
}

// closeRegion adds the open region to the file's hunks. A region whose lines
// lost a "\r" or a final newline may now have lines in common: it is diffed
// again, and dropped when nothing is left.
func (p *diffParser) closeRegion() {
	r := p.region
	if r == nil {
		return
	}
	p.region = nil
	dirty := p.regionDirty
	p.regionDirty = false
	if p.file == nil {
		return
	}
	if dirty {
		p.file.hunks = append(p.file.hunks, diffLines(r.Old, r.New, r.OldStart, r.NewStart)...)
		return
	}
	p.file.hunks = append(p.file.hunks, *r)
}

// flush ends the file being read, emitting its Change if it has one.
func (p *diffParser) flush() error {
	p.closeRegion()
	p.inHunk = false
	p.hasMinus = false
	f := p.file
	p.file = nil
	if f == nil || len(f.hunks) == 0 || f.combined {
		return nil
	}
	if f.oldPath == "/dev/null" || f.newPath == "/dev/null" {
		return nil // an addition or a deletion
	}
	old, nw := f.oldPath, f.newPath
	if f.git {
		old, nw = stripComponent(old), stripComponent(nw)
	} else {
		old, nw = plainPaths(old, nw)
	}
	return p.emit(Change{Commit: p.commit, OldPath: old, NewPath: nw, Hunks: f.hunks})
}

// stripComponent removes the first path component: git's "a/" and "b/".
func stripComponent(p string) string {
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

// plainPaths makes the paths of a plain diff relative: when they differ, both
// become the path components they end with in common ("before/x.txt" and
// "after/x.txt" are "x.txt"); with nothing in common they stay as given.
func plainPaths(old, nw string) (string, string) {
	old = strings.TrimPrefix(old, "./")
	nw = strings.TrimPrefix(nw, "./")
	if old == nw {
		return old, nw
	}
	o, n := strings.Split(old, "/"), strings.Split(nw, "/")
	k := 0
	for k < len(o) && k < len(n) && o[len(o)-1-k] == n[len(n)-1-k] {
		k++
	}
	if k == 0 {
		return old, nw
	}
	common := strings.Join(o[len(o)-k:], "/")
	return common, common
}

// headerPath reads the path of a "--- " or "+++ " line (without that
// prefix): a C-quoted string, or the text up to a tab (which precedes a
// timestamp in diff -u, and ends names with spaces in git).
func headerPath(s string) (string, error) {
	if strings.HasPrefix(s, `"`) {
		p, _, err := unquoteC(s)
		return p, err
	}
	if i := strings.IndexByte(s, '\t'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimRight(s, " \r")
	if s == "" {
		return "", errors.New("file header without a path")
	}
	return s, nil
}

// unquoteC reads a C-quoted string as git writes names with unusual bytes
// ("\"a\\303\\251.txt\""), returning it and the text after the closing quote.
func unquoteC(s string) (string, string, error) {
	if !strings.HasPrefix(s, `"`) {
		return "", s, errors.New("not a quoted path")
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return b.String(), s[i+1:], nil
		case '\\':
			i++
			if i >= len(s) {
				return "", "", fmt.Errorf("unterminated quoted path %q", clip(s))
			}
			switch e := s[i]; e {
			case 'a':
				b.WriteByte('\a')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'v':
				b.WriteByte('\v')
			case '0', '1', '2', '3':
				if i+2 >= len(s) {
					return "", "", fmt.Errorf("bad octal escape in %q", clip(s))
				}
				n, err := strconv.ParseUint(s[i:i+3], 8, 8)
				if err != nil {
					return "", "", fmt.Errorf("bad octal escape in %q", clip(s))
				}
				b.WriteByte(byte(n))
				i += 2
			default:
				b.WriteByte(e) // \" and \\ and anything else
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", "", fmt.Errorf("unterminated quoted path %q", clip(s))
}

// parseHunkHeader reads "@@ -a,b +c,d @@ ..." (",b" and ",d" default to 1).
func parseHunkHeader(l string) (a, b, c, d int, err error) {
	rest, ok := strings.CutPrefix(l, "@@ -")
	if !ok {
		return 0, 0, 0, 0, fmt.Errorf("bad hunk header %q", clip(l))
	}
	oldR, rest, ok := strings.Cut(rest, " +")
	if !ok {
		return 0, 0, 0, 0, fmt.Errorf("bad hunk header %q", clip(l))
	}
	newR, _, ok := strings.Cut(rest, " @@")
	if !ok {
		return 0, 0, 0, 0, fmt.Errorf("bad hunk header %q", clip(l))
	}
	if a, b, err = parseRange(oldR); err == nil {
		c, d, err = parseRange(newR)
	}
	if err != nil {
		return 0, 0, 0, 0, fmt.Errorf("bad hunk header %q", clip(l))
	}
	return a, b, c, d, nil
}

func parseRange(s string) (start, count int, err error) {
	st, cnt, ok := strings.Cut(s, ",")
	start, err = strconv.Atoi(st)
	if err != nil || start < 0 {
		return 0, 0, errors.New("bad range")
	}
	count = 1
	if ok {
		count, err = strconv.Atoi(cnt)
		if err != nil || count < 0 {
			return 0, 0, errors.New("bad range")
		}
	}
	return start, count, nil
}

// clip shortens a line for an error message.
func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// lineReader reads lines of any length without their "\n".
type lineReader struct {
	r   *bufio.Reader
	buf []byte
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next line; io.EOF after the last one.
func (lr *lineReader) next() (string, error) {
	b, err := lr.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.buf = append(lr.buf[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = lr.r.ReadSlice('\n')
			lr.buf = append(lr.buf, b...)
		}
		b = lr.buf
	}
	if err != nil && err != io.EOF {
		return "", err
	}
	if len(b) == 0 && err == io.EOF {
		return "", io.EOF
	}
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	return string(b), nil
}
