package patch

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Message describes the commit that Mbox writes.
type Message struct {
	// Author and Email name the commit's author. Email is required; an
	// empty Author leaves the name to git am, which uses the email.
	Author, Email string
	// Date is the author date; the zero time means now.
	Date time.Time
	// Subject is the commit's first line; newlines in it become spaces.
	// An empty subject is an error. As with any mail, git am drops a
	// leading "[...]" or "Re:" from it.
	Subject string
	// Body is the rest of the commit message, possibly empty.
	Body string
}

// Version ends every mbox, after the "-- " signature line, where git puts
// its own version.
const Version = "emend"

// mboxFrom is the line that starts a message in git format-patch output;
// git am splits an mbox on it.
const mboxFrom = "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"

// Mbox writes changes to w as one commit in `git format-patch` form: mail
// headers, the message, "---", a diffstat, the diff, and a "-- " signature.
// `git am` applies it to a repository whose files hold the Old contents.
// When no file changed it writes nothing and returns nil.
//
// The patch is sent as 8-bit UTF-8 text, except when some line holds a
// "\r" (a CRLF file) or the body has a line git would take for the start of
// a new mail: then the text is quoted-printable, which keeps every byte
// through git am (git warns "quoted CRLF detected" and applies it).
// Lines of Body that git am would take for the start of the patch ("---",
// "diff -", "Index: ") or, at the top, for in-body headers ("From:",
// "Subject:", "Date:") are indented by one space so the message survives.
func Mbox(w io.Writer, changes []FileChange, m Message) error {
	if err := validate(changes); err != nil {
		return err
	}
	var diffs []*fileDiff
	for _, c := range changes {
		if d := diffFile(c); d != nil {
			diffs = append(diffs, d)
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	from, err := fromHeader(m.Author, m.Email)
	if err != nil {
		return err
	}
	subject := oneLine(m.Subject)
	if subject == "" {
		return errors.New("mbox: empty subject")
	}
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}

	// The text after the headers: message, stat, diff, signature.
	var text bytes.Buffer
	tw := bufio.NewWriter(&text)
	body, fromLike := cleanBody(m.Body)
	if body != "" {
		tw.WriteString(body)
	}
	tw.WriteString("---\n")
	writeDiffstat(tw, diffs)
	tw.WriteString("\n")
	for _, d := range diffs {
		d.write(tw, DefaultContext, false)
	}
	tw.WriteString("-- \n" + Version + "\n\n")
	tw.Flush()

	encoding := "8bit"
	if fromLike || bytes.IndexByte(text.Bytes(), '\r') >= 0 {
		encoding = "quoted-printable"
	}

	bw := bufio.NewWriter(w)
	bw.WriteString(mboxFrom)
	bw.WriteString("From: " + from + "\n")
	bw.WriteString("Date: " + date.Format("Mon, 2 Jan 2006 15:04:05 -0700") + "\n")
	bw.WriteString("Subject: " + encodeSubject("[PATCH] ", subject) + "\n")
	bw.WriteString("MIME-Version: 1.0\n")
	bw.WriteString("Content-Type: text/plain; charset=UTF-8\n")
	bw.WriteString("Content-Transfer-Encoding: " + encoding + "\n")
	bw.WriteString("\n")
	if encoding == "8bit" {
		bw.Write(text.Bytes())
	} else {
		writeQuotedPrintable(bw, text.Bytes())
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write mbox: %w", err)
	}
	return nil
}

// oneLine turns s into one line: line breaks and tabs become spaces, and
// runs of spaces and the ends are trimmed.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// fromHeader formats the From: header's value.
func fromHeader(name, email string) (string, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return "", errors.New("mbox: author email is empty")
	}
	if strings.ContainsAny(email, "<>\r\n\t \"") {
		return "", fmt.Errorf("mbox: author email %q is not a plain address", email)
	}
	name = oneLine(name)
	switch {
	case name == "":
		return "<" + email + ">", nil
	case needsEncoding(name):
		return encodeWords(name, len("From: "), true) + " <" + email + ">", nil
	case strings.ContainsAny(name, "()<>[]:;@\\,.\""):
		r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
		return `"` + r.Replace(name) + `" <` + email + ">", nil
	}
	return name + " <" + email + ">", nil
}

// needsEncoding reports whether a header text must be RFC 2047 encoded:
// it has bytes outside printable ASCII, or something that reads as an
// encoded word.
func needsEncoding(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return true
		}
	}
	return strings.Contains(s, "=?")
}

// encodeSubject returns the Subject: value: the prefix as it is and the
// subject as it is, or RFC 2047 Q-encoded as git does when needed.
func encodeSubject(prefix, subject string) string {
	if !needsEncoding(subject) {
		return prefix + subject
	}
	return prefix + encodeWords(subject, len("Subject: ")+len(prefix), false)
}

// encodeWords encodes s as RFC 2047 "=?UTF-8?q?...?=" words, each at most
// 75 characters and holding whole characters, folded onto continuation
// lines. used is the length of the header line before the first word.
// Like git it writes a space as "=20", not "_". In a phrase (the name in
// From:) only letters, digits and "!*+-/" stay as they are (RFC 2047 5.3).
func encodeWords(s string, used int, phrase bool) string {
	const head, tail = "=?UTF-8?q?", "?="
	var out strings.Builder
	var word strings.Builder
	lineLen := used
	flush := func() {
		if word.Len() == 0 {
			return
		}
		w := head + word.String() + tail
		if out.Len() > 0 {
			out.WriteString("\n ")
			lineLen = 1
		}
		out.WriteString(w)
		lineLen += len(w)
		word.Reset()
	}
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		var enc strings.Builder
		for _, c := range []byte(s[i : i+size]) {
			special := c <= ' ' || c >= 0x7f || c == '=' || c == '?' || c == '_'
			if phrase && !special {
				special = !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!*+-/", c) >= 0)
			}
			if special {
				fmt.Fprintf(&enc, "=%02X", c)
			} else {
				enc.WriteByte(c)
			}
		}
		limit := 75
		if out.Len() == 0 { // the first word shares its line with the header
			limit = max(30, min(75, 78-used))
		}
		if len(head)+word.Len()+enc.Len()+len(tail) > limit {
			flush()
		}
		word.WriteString(enc.String())
		i += size
	}
	flush()
	return out.String()
}

// cleanBody prepares the commit message body: CRLF becomes LF, trailing
// blank lines go, and lines git am would misread are indented (see Mbox).
// It ends with a newline when not empty. fromLike reports
// a line that git's mbox splitter would take for the start of a new mail.
func cleanBody(body string) (out string, fromLike bool) {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\r", "\n")
	body = strings.TrimRight(body, " \t\n")
	body = strings.TrimLeft(body, "\n")
	if strings.TrimSpace(body) == "" {
		return "", false
	}
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if i == 0 && isInBodyHeader(l) || isPatchBreak(l) {
			lines[i] = " " + l
		}
		if isMboxFrom(lines[i]) {
			fromLike = true
		}
	}
	return strings.Join(lines, "\n") + "\n", fromLike
}

// isInBodyHeader reports whether git am would read the first body line as
// a header that overrides the mail's.
func isInBodyHeader(line string) bool {
	for _, h := range []string{"from:", "subject:", "date:"} {
		if len(line) >= len(h) && strings.EqualFold(line[:len(h)], h) {
			return true
		}
	}
	return false
}

// isPatchBreak reports whether git am would take the line for the start of
// the patch, ending the message.
func isPatchBreak(line string) bool {
	if strings.HasPrefix(line, "diff -") || strings.HasPrefix(line, "Index: ") {
		return true
	}
	if strings.HasPrefix(line, "---") {
		rest := strings.TrimLeft(line[3:], "-")
		return rest == "" || rest[0] == ' ' || rest[0] == '\t'
	}
	return false
}

// isMboxFrom reports whether git mailsplit would take the line for the
// "From " line that starts a new message: "From ", then somewhere a colon
// with digits around it as in a time, followed by a year above 90.
func isMboxFrom(line string) bool {
	if len(line)+1 < 20 || !strings.HasPrefix(line, "From ") {
		return false
	}
	colon := strings.LastIndexByte(line[5:], ':')
	if colon < 0 {
		return false
	}
	colon += 5
	isDigit := func(i int) bool { return i >= 0 && i < len(line) && line[i] >= '0' && line[i] <= '9' }
	if !isDigit(colon-4) || !isDigit(colon-2) || !isDigit(colon-1) || !isDigit(colon+1) || !isDigit(colon+2) {
		return false
	}
	rest := strings.TrimLeft(line[min(colon+3, len(line)):], " \t")
	end := 0
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	year, _ := strconv.Atoi(rest[:end])
	return year > 90
}

// writeQuotedPrintable writes text in quoted-printable encoding (RFC
// 2045): lines at most 76 characters with soft breaks, "=", control bytes
// ("\r" included), non-ASCII and spaces at a line's end as =XX, and a line
// starting "From " as "=46rom " so no mbox reader mistakes it.
func writeQuotedPrintable(w *bufio.Writer, text []byte) {
	for len(text) > 0 {
		var line []byte
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			line, text = text, nil
		}
		n := 0 // characters on the current output line
		for i, c := range line {
			var enc string
			switch {
			case i == 0 && c == 'F' && bytes.HasPrefix(line, []byte("From ")):
				enc = "=46"
			case i == 0 && c == '.':
				enc = "=2E"
			case c == '=' || c < ' ' && c != '\t' || c >= 0x7f:
				enc = fmt.Sprintf("=%02X", c)
			case (c == ' ' || c == '\t') && i == len(line)-1:
				enc = fmt.Sprintf("=%02X", c)
			default:
				enc = string(c)
			}
			if n+len(enc) > 75 {
				w.WriteString("=\n")
				n = 0
			}
			w.WriteString(enc)
			n += len(enc)
		}
		w.WriteByte('\n')
	}
}

// writeDiffstat writes the lines git puts between "---" and the diff:
// " PATH | N ++--" per file and the summary.
func writeDiffstat(w *bufio.Writer, diffs []*fileDiff) {
	const width = 72 // git format-patch's default
	nameWidth, maxChange, ins, del := 0, 0, 0, 0
	names := make([]string, len(diffs))
	for i, d := range diffs {
		names[i] = quotePath(d.path)
		nameWidth = max(nameWidth, utf8.RuneCountInString(names[i]))
		maxChange = max(maxChange, d.ins+d.del)
		ins += d.ins
		del += d.del
	}
	numWidth := len(strconv.Itoa(maxChange))
	graphWidth := max(width-nameWidth-numWidth-4, 10) // " " name " | " num " " graph
	for i, d := range diffs {
		plus, minus := d.ins, d.del
		if maxChange > graphWidth {
			plus = scale(plus, maxChange, graphWidth)
			minus = scale(minus, maxChange, graphWidth)
		}
		pad := strings.Repeat(" ", nameWidth-utf8.RuneCountInString(names[i]))
		fmt.Fprintf(w, " %s%s | %*d %s%s\n", names[i], pad, numWidth, d.ins+d.del,
			strings.Repeat("+", plus), strings.Repeat("-", minus))
	}
	fmt.Fprintf(w, " %s\n", summary(len(diffs), ins, del))
}

// scale scales n of total to width, keeping a non-zero count visible.
func scale(n, total, width int) int {
	if n == 0 {
		return 0
	}
	return max(1, n*width/total)
}

// summary is git's diffstat summary: "2 files changed, 3 insertions(+),
// 1 deletion(-)".
func summary(files, ins, del int) string {
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	}
	s := plural(files, "file changed", "files changed")
	if ins > 0 {
		s += ", " + plural(ins, "insertion(+)", "insertions(+)")
	}
	if del > 0 {
		s += ", " + plural(del, "deletion(-)", "deletions(-)")
	}
	return s
}
