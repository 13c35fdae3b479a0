// Package rules owns emend's correction rules: the plain-text rules file,
// and the matcher that finds, in one pass over a transcript's text, every
// place a rule applies.
//
// A rules file has one rule a line:
//
//	# A comment.
//	Jupiter => Jupyter
//	rough => ruff; if "pip install _", "_ check"; unless "a _ idea"
//	pie test => pytest; case; show talk-python
//	Langchain => LangChain   # 12 fixes, e.g. "we built it on Langchain, and" (412-agents.txt)
//
// The wrong words come before "=>", the right ones after it; either may be
// written in double quotes, as a Go string, when it holds a "#", a ";" or
// "=>". Options follow, each after a ";":
//
//	case            match the wrong words' case exactly (otherwise any case)
//	if "CTX", ...   apply only where one of the contexts is met
//	unless "CTX"    never apply where the context is met
//	topic "W", ...  apply only in transcripts that name one of the words
//	                three times or more (the episode talks of it)
//	show NAME       apply only to that show's transcripts
//
// A context is words around "_", which stands for the wrong words: "pip
// install _" is met where the wrong words follow "pip install"; "_ check"
// where "check" follows them. Context words match in any case, over any
// white space and punctuation. A "#" that starts a line or follows a blank
// starts a comment.
//
// A rules file is read strictly: a quote that does not make one whole Go
// string (`Jupiter => "Jupyter`) is an error with its file and line, and so
// are rules that do not settle in one pass: two that undo each other
// (A => B, B => A), a chain (A => B, B => C) and a rule whose right words
// hold its wrong words.
package rules

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Rule is one correction.
type Rule struct {
	Wrong, Right string
	// Case is true when the wrong words must match case exactly.
	Case bool
	// If lists the contexts of which one must be met; empty: anywhere.
	If []Context
	// Unless lists the contexts in which the rule never applies.
	Unless []Context
	// Topic lists words of which a transcript must name one TopicTimes
	// times or more for the rule to apply there; empty: any transcript.
	// ("rough" is Ruff in an episode about Ruff, and rough elsewhere.)
	Topic []string
	// Show limits the rule to one show's transcripts; empty: every show.
	Show string
	// Comment is the text after "#" on the rule's line: learn writes the
	// support and an example there.
	Comment string
	// Source and Line say where the rule was read, for messages.
	Source string
	Line   int
}

// Context is words before and after the wrong words.
type Context struct {
	Before, After []string
}

// String writes a context as in a rules file: "pip install _".
func (c Context) String() string {
	parts := append(append(append([]string(nil), c.Before...), "_"), c.After...)
	return strings.Join(parts, " ")
}

// String writes a rule as a line of a rules file.
func (r *Rule) String() string {
	var b strings.Builder
	b.WriteString(quoteSide(r.Wrong))
	b.WriteString(" => ")
	b.WriteString(quoteSide(r.Right))
	if r.Case {
		b.WriteString("; case")
	}
	// An option of quoted items: "; if "a _", "_ b"".
	writeQuoted := func(kw string, items []string) {
		if len(items) == 0 {
			return
		}
		b.WriteString("; ")
		b.WriteString(kw)
		for i, it := range items {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte(' ')
			b.WriteString(strconv.Quote(it))
		}
	}
	contexts := func(cs []Context) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = c.String()
		}
		return out
	}
	writeQuoted("if", contexts(r.If))
	writeQuoted("unless", contexts(r.Unless))
	writeQuoted("topic", r.Topic)
	if r.Show != "" {
		b.WriteString("; show ")
		b.WriteString(r.Show)
	}
	if r.Comment != "" {
		b.WriteString("  # ")
		b.WriteString(r.Comment)
	}
	return b.String()
}

// ParseError is a line of a rules file that is not a rule.
type ParseError struct {
	Source string
	Line   int
	Msg    string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Source, e.Line, e.Msg) }

// Parse reads a rules file. It returns every line's problem at once.
func Parse(r io.Reader, source string) ([]*Rule, error) {
	var out []*Rule
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		rule, err := ParseLine(line)
		if err != nil {
			errs = append(errs, &ParseError{Source: source, Line: n, Msg: err.Error()})
			continue
		}
		if rule != nil {
			rule.Source, rule.Line = source, n
			out = append(out, rule)
		}
	}
	if err := sc.Err(); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, err // it names the file already
		}
		return nil, fmt.Errorf("read %s: %w", source, err)
	}
	if len(errs) > 0 {
		return out, errors.Join(errs...)
	}
	return out, nil
}

// ReadFile reads a rules file, and checks that its rules settle: none
// competes with another for the same words, and none changes what another
// wrote (see Matcher.Settled).
func ReadFile(path string) ([]*Rule, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a rules file", path)
	}
	rs, err := Parse(f, path)
	if err != nil {
		return rs, err
	}
	return rs, Check(rs)
}

// Check reports what keeps rules from being used together: two that
// compete for the same words, or one that changes what another wrote.
func Check(rs []*Rule) error {
	m, err := Compile(rs)
	if err != nil {
		return err
	}
	return m.Settled()
}

// Write writes rules as a rules file, after a header comment.
func Write(w io.Writer, header string, rs []*Rule) error {
	bw := bufio.NewWriter(w)
	for _, l := range strings.Split(strings.TrimRight(header, "\n"), "\n") {
		if l == "" && header == "" {
			break
		}
		fmt.Fprintf(bw, "# %s\n", l)
	}
	for _, r := range rs {
		bw.WriteString(r.String())
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// ParseLine reads one line of a rules file: a rule, or nil for a blank or
// comment line.
func ParseLine(line string) (*Rule, error) {
	body, comment := cutComment(line)
	body = strings.TrimSpace(body)
	if body == "" {
		return nil, nil
	}
	wrong, rest, ok := cutArrow(body)
	if !ok {
		return nil, fmt.Errorf("no \"=>\" in %q", clip(body))
	}
	parts := splitOptions(rest)
	wrongSide, err := side(wrong)
	if err != nil {
		return nil, fmt.Errorf("before \"=>\": %v", err)
	}
	rightSide, err := side(parts[0])
	if err != nil {
		return nil, fmt.Errorf("after \"=>\": %v", err)
	}
	r := &Rule{Wrong: wrongSide, Right: rightSide, Comment: strings.TrimSpace(comment)}
	if strings.TrimSpace(r.Wrong) == "" {
		return nil, fmt.Errorf("nothing before \"=>\"")
	}
	if len(Words(r.Wrong)) == 0 {
		return nil, fmt.Errorf("no word to match in %q", r.Wrong)
	}
	if strings.TrimSpace(r.Right) == "" {
		return nil, fmt.Errorf("nothing after \"=>\": a rule needs the right words")
	}
	for _, opt := range parts[1:] {
		opt = strings.TrimSpace(opt)
		kw, arg, _ := strings.Cut(opt, " ")
		arg = strings.TrimSpace(arg)
		switch kw {
		case "case":
			if arg != "" {
				return nil, fmt.Errorf("option case takes nothing, got %q", arg)
			}
			r.Case = true
		case "if", "unless":
			cs, err := parseContexts(arg)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", kw, err)
			}
			if kw == "if" {
				r.If = append(r.If, cs...)
			} else {
				r.Unless = append(r.Unless, cs...)
			}
		case "topic":
			ts, err := parseQuoted(arg, "topic words like \"ruff\"")
			if err != nil {
				return nil, fmt.Errorf("topic: %v", err)
			}
			for _, t := range ts {
				if len(Words(t)) == 0 {
					return nil, fmt.Errorf("topic: no word in %q", t)
				}
			}
			r.Topic = append(r.Topic, ts...)
		case "show":
			if arg == "" || strings.ContainsAny(arg, " \t") {
				return nil, fmt.Errorf("show takes one name, got %q", arg)
			}
			r.Show = arg
		case "":
			return nil, fmt.Errorf("empty option after \";\"")
		default:
			return nil, fmt.Errorf("unknown option %q (want case, if, unless, topic or show)", kw)
		}
	}
	return r, nil
}

// cutArrow splits a rule at its "=>", outside quotes.
func cutArrow(s string) (before, after string, ok bool) {
	i := indexUnquoted(s, func(i int) bool { return s[i] == '=' && i+1 < len(s) && s[i+1] == '>' })
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+2:], true
}

// indexUnquoted returns the first index i of s outside double quotes (in
// which a backslash escapes the next byte) at which at(i) holds, or -1.
func indexUnquoted(s string, at func(i int) bool) int {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch {
		case quoted && s[i] == '\\':
			i++ // an escaped character
		case s[i] == '"':
			quoted = !quoted
		case !quoted && at(i):
			return i
		}
	}
	return -1
}

// side reads the wrong or right words of a rule: squeezed, and unquoted
// when written in double quotes (as Go strings are). A quote that is not
// one whole Go string is a mistake, never text to write into transcripts:
// `Jupiter => "Jupyter` would put `"Jupyter` in place of every Jupiter.
func side(s string) (string, error) {
	s = squeeze(s)
	if s == "" || !strings.Contains(s, `"`) {
		return s, nil
	}
	if s[0] != '"' {
		return "", fmt.Errorf("a quote inside %s: write the whole side in double quotes, as a Go string (\"say \\\"hi\\\"\")", clipQuoted(s))
	}
	switch end := closingQuote(s); {
	case end < 0:
		return "", fmt.Errorf("unclosed quote in %s", clipQuoted(s))
	case end < len(s)-1:
		return "", fmt.Errorf("text after the closing quote in %s", clipQuoted(s))
	}
	u, err := strconv.Unquote(s)
	if err != nil {
		return "", fmt.Errorf("bad quoted text %s: write it as a Go string (\\\" for a quote, \\\\ for a backslash)", clipQuoted(s))
	}
	return u, nil
}

// closingQuote returns the index of the quote that closes the one s
// starts with (a backslash escapes the next byte), or -1.
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// clipQuoted is s clipped, between backquotes (s holds double quotes).
func clipQuoted(s string) string { return "`" + clip(s) + "`" }

// quoteSide writes wrong or right words as a rules file needs them:
// quoted when they would otherwise read as something else (a comment, an
// option, the arrow, a quoted side) or lose their blanks.
func quoteSide(s string) string {
	if s == "" || strings.HasPrefix(s, "#") || strings.Contains(s, " #") || strings.Contains(s, "\t#") ||
		strings.ContainsAny(s, ";\"\n\r") || strings.Contains(s, "=>") || s != squeeze(s) {
		return strconv.Quote(s)
	}
	return s
}

// cutComment splits a line at a "#" that starts it or follows a blank,
// outside quotes.
func cutComment(line string) (body, comment string) {
	i := indexUnquoted(line, func(i int) bool {
		return line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t')
	})
	if i < 0 {
		return line, ""
	}
	return line[:i], line[i+1:]
}

// splitOptions splits at ";" outside quotes.
func splitOptions(s string) []string {
	var out []string
	for {
		i := indexUnquoted(s, func(i int) bool { return s[i] == ';' })
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+1:]
	}
}

// parseContexts reads `"CTX", "CTX"`.
func parseContexts(s string) ([]Context, error) {
	texts, err := parseQuoted(s, "a quoted context like \"pip install _\"")
	if err != nil {
		return nil, err
	}
	var out []Context
	for _, text := range texts {
		c, err := ParseContext(text)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// parseQuoted reads `"A", "B"`: one or more Go strings between commas;
// want says what each should be, for messages.
func parseQuoted(s, want string) ([]string, error) {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] != '"' {
			return nil, fmt.Errorf("want %s, got %q", want, clip(s))
		}
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return nil, fmt.Errorf("unterminated quote in %q", clip(s))
		}
		text, _ := strconv.Unquote(q)
		out = append(out, text)
		s = strings.TrimSpace(s[len(q):])
		if s != "" {
			if s[0] != ',' {
				return nil, fmt.Errorf("want \",\" between them, got %q", clip(s))
			}
			s = s[1:]
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("want %s, got nothing", want)
	}
	return out, nil
}

// ParseContext reads a context such as "pip install _".
func ParseContext(s string) (Context, error) {
	fields := strings.Fields(s)
	at := -1
	for i, f := range fields {
		if f == "_" {
			if at >= 0 {
				return Context{}, fmt.Errorf("context %q has two \"_\"", s)
			}
			at = i
		}
	}
	if at < 0 {
		return Context{}, fmt.Errorf("context %q has no \"_\" for the wrong words", s)
	}
	var c Context
	for _, f := range fields[:at] {
		c.Before = append(c.Before, Words(f)...)
	}
	for _, f := range fields[at+1:] {
		c.After = append(c.After, Words(f)...)
	}
	if len(c.Before)+len(c.After) == 0 {
		return Context{}, fmt.Errorf("context %q has no word besides \"_\"", s)
	}
	return c, nil
}

// squeeze trims s and makes each run of blanks one space.
func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

func clip(s string) string {
	if len(s) > 50 {
		return s[:47] + "..."
	}
	return s
}

// Sort orders rules by their wrong words, then right words, so that a
// rules file written by learn diffs well in git.
func Sort(rs []*Rule) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if la, lb := strings.ToLower(a.Wrong), strings.ToLower(b.Wrong); la != lb {
			return la < lb
		}
		if a.Wrong != b.Wrong {
			return a.Wrong < b.Wrong
		}
		return a.Right < b.Right
	})
}
