// Package patch renders corrections to files as text that people read and
// tools apply: a unified diff, as `diff -u` and `git diff` print it, for
// `emend fix --dry-run`, and a one-commit mbox in `git format-patch` form,
// which `git am` applies, for `emend fix --patch`. It owns the line diff
// (Myers' algorithm), hunk layout, path quoting, the "\ No newline at end of
// file" marker, and the mail headers and encodings git expects. It works on
// contents in memory and never touches the files themselves.
//
// Lines keep their end: a CRLF file diffs and applies as CRLF, and a line
// differing only in its "\r" is a changed line. Every change is a change to
// an existing file; new, deleted and renamed files, modes and binary files
// are out of scope.
package patch

import (
	"bufio"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FileChange is one file's old and new content. Path is as it should
// appear in the diff: relative and slash-separated, such as
// "transcripts/301-django.vtt".
type FileChange struct {
	Path     string
	Old, New []byte
}

// Options controls how Unified renders a diff.
type Options struct {
	// Context is the number of unchanged lines shown around each change:
	// 0 means the default, 3; a negative number means none (git apply
	// then needs --unidiff-zero).
	Context int
	// Color adds ANSI colors for a terminal, as git does: bold file
	// headers, cyan @@ lines, red removed and green added lines.
	Color bool
}

// DefaultContext is the number of context lines when Options.Context is 0.
const DefaultContext = 3

// ANSI escapes, the ones git uses by default.
const (
	colorMeta  = "\x1b[1m"
	colorFrag  = "\x1b[36m"
	colorOld   = "\x1b[31m"
	colorNew   = "\x1b[32m"
	colorReset = "\x1b[m"
)

const noNewline = "\\ No newline at end of file\n"

// Unified writes a unified diff of changes to w: for every file whose
// content changed, a `diff --git` header, an index line, "--- a/PATH" and
// "+++ b/PATH" and its hunks, as `git diff` prints them. Files whose old
// and new content are equal are skipped, so no changes write nothing. The
// output applies with `git apply` and `patch -p1`.
func Unified(w io.Writer, changes []FileChange, opt Options) error {
	if err := validate(changes); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	for _, c := range changes {
		d := diffFile(c)
		if d == nil {
			continue
		}
		d.write(bw, contextOf(opt), opt.Color)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write diff: %w", err)
	}
	return nil
}

// Stat counts the files that changed and the lines inserted and deleted
// in them, as the summary line of `git diff --stat` does.
func Stat(changes []FileChange) (files, insertions, deletions int) {
	for _, c := range changes {
		d := diffFile(c)
		if d == nil {
			continue
		}
		files++
		insertions += d.ins
		deletions += d.del
	}
	return files, insertions, deletions
}

// contextOf returns the number of context lines opt asks for.
func contextOf(opt Options) int {
	switch {
	case opt.Context == 0:
		return DefaultContext
	case opt.Context < 0:
		return 0
	}
	return opt.Context
}

// validate rejects paths that git cannot apply: empty, absolute, with a
// "." or ".." element or a NUL byte, and the same path twice.
func validate(changes []FileChange) error {
	seen := make(map[string]bool, len(changes))
	for _, c := range changes {
		p := c.Path
		switch {
		case p == "":
			return errors.New("diff: empty path")
		case strings.HasPrefix(p, "/"):
			return fmt.Errorf("diff %q: path must be relative", p)
		case strings.ContainsRune(p, 0):
			return fmt.Errorf("diff %q: path contains a NUL byte", p)
		case strings.HasSuffix(p, "/"):
			return fmt.Errorf("diff %q: path names a directory", p)
		}
		for _, el := range strings.Split(p, "/") {
			if el == "" || el == "." || el == ".." {
				return fmt.Errorf("diff %q: path must be clean and stay inside the repository", p)
			}
		}
		if seen[p] {
			return fmt.Errorf("diff %q: path given twice", p)
		}
		seen[p] = true
	}
	return nil
}

// fileDiff is the diff of one file.
type fileDiff struct {
	path     string
	old, new []byte
	a, b     []string
	blocks   []block
	ins, del int
}

// diffFile diffs one file, or returns nil when its content is unchanged.
func diffFile(c FileChange) *fileDiff {
	if string(c.Old) == string(c.New) {
		return nil
	}
	d := &fileDiff{path: c.Path, old: c.Old, new: c.New, a: splitLines(string(c.Old)), b: splitLines(string(c.New))}
	d.blocks = diffLines(d.a, d.b)
	for _, bl := range d.blocks {
		d.del += bl.A1 - bl.A0
		d.ins += bl.B1 - bl.B0
	}
	return d
}

// write writes the file's header and hunks.
func (d *fileDiff) write(w *bufio.Writer, context int, color bool) {
	meta := func(s string) {
		if color {
			w.WriteString(colorMeta + s + colorReset + "\n")
		} else {
			w.WriteString(s + "\n")
		}
	}
	a, b := quotePath("a/"+d.path), quotePath("b/"+d.path)
	meta("diff --git " + a + " " + b)
	meta("index " + blobHash(d.old)[:7] + ".." + blobHash(d.new)[:7])
	meta("--- " + a + tabIfSpace(a))
	meta("+++ " + b + tabIfSpace(b))

	for g := 0; g < len(d.blocks); {
		// Group blocks whose context would touch or overlap.
		h := g + 1
		for h < len(d.blocks) && d.blocks[h].A0-d.blocks[h-1].A1 <= 2*context {
			h++
		}
		first, last := d.blocks[g], d.blocks[h-1]
		aStart := max(0, first.A0-context)
		aEnd := min(len(d.a), last.A1+context)
		bStart := first.B0 - (first.A0 - aStart)
		bEnd := last.B1 + (aEnd - last.A1)
		frag := "@@ -" + hunkRange(aStart, aEnd-aStart) + " +" + hunkRange(bStart, bEnd-bStart) + " @@"
		if color {
			w.WriteString(colorFrag + frag + colorReset + "\n")
		} else {
			w.WriteString(frag + "\n")
		}
		pos := aStart
		for _, bl := range d.blocks[g:h] {
			for _, l := range d.a[pos:bl.A0] {
				writeLine(w, ' ', l, "")
			}
			oc, nc := "", ""
			if color {
				oc, nc = colorOld, colorNew
			}
			for _, l := range d.a[bl.A0:bl.A1] {
				writeLine(w, '-', l, oc)
			}
			for _, l := range d.b[bl.B0:bl.B1] {
				writeLine(w, '+', l, nc)
			}
			pos = bl.A1
		}
		for _, l := range d.a[pos:aEnd] {
			writeLine(w, ' ', l, "")
		}
		g = h
	}
}

// writeLine writes one diff line: its prefix, the line, its newline, and
// git's marker when the line is the last of a file without a final
// newline. A color wraps the line but not a trailing "\r", as git does.
func writeLine(w *bufio.Writer, prefix byte, line string, color string) {
	hasNL := len(line) > 0 && line[len(line)-1] == '\n'
	body := line
	if hasNL {
		body = line[:len(line)-1]
	}
	if color != "" {
		cr := len(body) > 0 && body[len(body)-1] == '\r'
		if cr {
			body = body[:len(body)-1]
		}
		w.WriteString(color)
		w.WriteByte(prefix)
		w.WriteString(body)
		w.WriteString(colorReset)
		if cr {
			w.WriteByte('\r')
		}
	} else {
		w.WriteByte(prefix)
		w.WriteString(body)
	}
	w.WriteByte('\n')
	if !hasNL {
		w.WriteString(noNewline)
	}
}

// hunkRange formats one side of a hunk header: "start,count", or just
// "start" for one line. An empty range names the line before it.
func hunkRange(start, count int) string {
	switch count {
	case 0:
		return strconv.Itoa(start) + ",0"
	case 1:
		return strconv.Itoa(start + 1)
	}
	return strconv.Itoa(start+1) + "," + strconv.Itoa(count)
}

// tabIfSpace returns the tab git puts after a ---/+++ name that contains a
// space, so that readers know where the name ends.
func tabIfSpace(name string) string {
	if strings.ContainsRune(name, ' ') {
		return "\t"
	}
	return ""
}

// blobHash returns the hex object id git gives a blob with this content.
func blobHash(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// quotePath quotes a name the way git does when it must: in double quotes
// with C escapes, when it holds a control character, a double quote, a
// backslash or bytes that are not UTF-8. Unlike git's default
// (core.quotePath) it leaves valid UTF-8 as it is, as git does with
// core.quotePath=false, so "café.vtt" reads as it is; git applies both.
func quotePath(name string) string {
	need := false
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		if r == utf8.RuneError && size <= 1 || r < 0x20 || r == '"' || r == '\\' || r == 0x7f {
			need = true
			break
		}
		i += size
	}
	if !need {
		return name
	}
	var sb strings.Builder
	sb.WriteByte('"')
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		c := name[i]
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&sb, "\\%03o", c)
		case c == '"' || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c == '\a':
			sb.WriteString(`\a`)
		case c == '\b':
			sb.WriteString(`\b`)
		case c == '\t':
			sb.WriteString(`\t`)
		case c == '\n':
			sb.WriteString(`\n`)
		case c == '\v':
			sb.WriteString(`\v`)
		case c == '\f':
			sb.WriteString(`\f`)
		case c == '\r':
			sb.WriteString(`\r`)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&sb, "\\%03o", c)
		default:
			sb.WriteString(name[i : i+size])
		}
		i += size
	}
	sb.WriteByte('"')
	return sb.String()
}
