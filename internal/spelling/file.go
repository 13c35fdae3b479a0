package spelling

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// FileName is the spellings file's name, beside emend.toml.
const FileName = "emend.spellings"

// maxLine bounds a line of a spellings file, so that a stray binary file
// is an error and not a term.
const maxLine = 4096

// Decision is one line of a spellings file: a canonical spelling with the
// variants it replaces, or a rejection, a variant kept as it is typed.
type Decision struct {
	// Canonical is the spelling to write ("FastAPI"); empty for a
	// rejection.
	Canonical string
	// Variants are spellings the canonical one replaces, besides those
	// with its key ("fast API", "Talkpython").
	Variants []string
	// Keep is a spelling that stays as typed ("black"), for a rejection.
	Keep string
	// Comment is the text after "#" on the line.
	Comment string
	// Source and Line say where the decision was read.
	Source string
	Line   int
}

// ParseError is a problem in a spellings file, with its place.
type ParseError struct {
	Source string
	Line   int
	Msg    string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Source, e.Line, e.Msg) }

// Parse reads a spellings file. Its syntax, one decision a line:
//
//	# A comment.
//	GitHub                          the canonical spelling of its key
//	FastAPI = fast API, Fast-API    and variants it replaces (any key)
//	!black                          a rejection: "black" stays as typed
//
// A "#" at the start of a line or after a blank starts a comment. A
// spelling holds no "=", "," or "#", and starts with no "!".
func Parse(r io.Reader, source string) ([]Decision, error) {
	var out []Decision
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1024), maxLine)
	n := 0
	for sc.Scan() {
		n++
		d, ok, err := parseLine(sc.Text())
		if err != nil {
			return nil, &ParseError{source, n, err.Error()}
		}
		if !ok {
			continue
		}
		d.Source, d.Line = source, n
		out = append(out, d)
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{source, n + 1, err.Error()}
	}
	return out, nil
}

func parseLine(line string) (Decision, bool, error) {
	var d Decision
	if !utf8.ValidString(line) {
		return d, false, fmt.Errorf("invalid UTF-8")
	}
	body, comment := cutComment(line)
	d.Comment = comment
	body = squeeze(body)
	if body == "" {
		return d, false, nil
	}
	if strings.HasPrefix(body, "!") {
		d.Keep = squeeze(body[1:])
		if err := checkSpelling(d.Keep); err != nil {
			return d, false, fmt.Errorf("rejection: %v", err)
		}
		return d, true, nil
	}
	canon, rest, hasVariants := strings.Cut(body, "=")
	d.Canonical = squeeze(canon)
	if err := checkSpelling(d.Canonical); err != nil {
		return d, false, fmt.Errorf("canonical spelling: %v", err)
	}
	if hasVariants {
		for _, v := range strings.Split(rest, ",") {
			v = squeeze(v)
			if err := checkSpelling(v); err != nil {
				return d, false, fmt.Errorf("variant of %q: %v", d.Canonical, err)
			}
			if v == d.Canonical {
				return d, false, fmt.Errorf("variant %q is the canonical spelling", v)
			}
			d.Variants = append(d.Variants, v)
		}
	}
	return d, true, nil
}

// checkSpelling reports what makes s no spelling a line can hold.
func checkSpelling(s string) error {
	switch {
	case s == "":
		return fmt.Errorf("empty")
	case strings.ContainsAny(s, "=,#"):
		return fmt.Errorf("%q holds one of = , #", s)
	case strings.HasPrefix(s, "!"):
		return fmt.Errorf("%q starts with \"!\"", s)
	case strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == utf8.RuneError }):
		return fmt.Errorf("%q holds a control character", s)
	}
	return nil
}

// cutComment splits a line at a "#" that starts it or follows a blank.
func cutComment(line string) (body, comment string) {
	for i := 0; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return line[:i], strings.TrimSpace(line[i+1:])
		}
	}
	return line, ""
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

// String writes a decision as a line of a spellings file; Parse reads it
// back as it was.
func (d Decision) String() string {
	var b strings.Builder
	if d.Keep != "" {
		b.WriteString("!" + d.Keep)
	} else {
		b.WriteString(d.Canonical)
		if len(d.Variants) > 0 {
			b.WriteString(" = " + strings.Join(d.Variants, ", "))
		}
	}
	if d.Comment != "" {
		b.WriteString("  # " + d.Comment)
	}
	return b.String()
}

// Write writes decisions as a spellings file, after a comment header (its
// lines without "#", may be empty).
func Write(w io.Writer, header string, ds []Decision) error {
	bw := bufio.NewWriter(w)
	if header != "" {
		for _, l := range strings.Split(strings.TrimRight(header, "\n"), "\n") {
			fmt.Fprintln(bw, strings.TrimRight("# "+l, " "))
		}
	}
	for _, d := range ds {
		fmt.Fprintln(bw, d.String())
	}
	return bw.Flush()
}
