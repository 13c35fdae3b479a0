package history

import (
	"fmt"
	"io"
	"mime"
	"net/mail"
	"regexp"
	"strings"
)

// mboxFrom matches the line that starts each patch of a git format-patch
// mbox: "From <hash> Mon Sep 17 00:00:00 2001".
var mboxFrom = regexp.MustCompile(`^From ([0-9a-f]{40}|[0-9a-f]{64}) `)

// patchPrefix matches the "[PATCH n/m]" (or "[RFC PATCH v2 3/7]") that
// format-patch puts before a subject.
var patchPrefix = regexp.MustCompile(`^\s*\[[^\]]*PATCH[^\]]*\]\s*`)

// Patch reads a unified diff (diff -u or diff -ru output, a git diff) or a
// git format-patch mbox of one or many patches, calling fn for each edited
// file, in the order of the input. In an mbox, the Changes carry the
// commit's hash, author, author date and subject from the mail headers;
// otherwise Commit is nil. name names the input in errors.
//
// Paths: in git diffs, the "a/" and "b/" prefixes are removed. In plain
// diffs, two paths that differ become the components they end with in
// common ("before/ep1.txt" and "after/ep1.txt" are "ep1.txt"). Additions
// and deletions (/dev/null), binary files and combined diffs of merges give
// no Change. Patch stops and returns fn's error if fn returns one.
func Patch(r io.Reader, name string, fn func(Change) error) error {
	p := &diffParser{name: name, emit: fn}
	lr := newLineReader(r)
	// The mail header lines of the patch being read, each with its
	// continuation lines: joined once at the end, as joining each to the
	// last would cost the header's length every line.
	var header [][]string
	inHeader := false
	// inBody: in a mail's message, after its headers. What it quotes,
	// a diff included, is no change: the patch begins, as git am reads
	// it, at a line "---" or one that begins "diff -" or "Index: ".
	inBody := false
	for {
		l, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		if inHeader {
			p.lineNo++
			l = strings.TrimSuffix(l, "\r")
			switch {
			case l == "":
				inHeader, inBody = false, true
				mailHeaders(p.commit, header)
			case (l[0] == ' ' || l[0] == '\t') && len(header) > 0:
				header[len(header)-1] = append(header[len(header)-1], strings.TrimSpace(l))
			default:
				header = append(header, []string{l})
			}
			continue
		}
		if inBody {
			if t := strings.TrimSuffix(l, "\r"); t != "---" && !strings.HasPrefix(t, "diff -") && !strings.HasPrefix(t, "Index: ") {
				p.lineNo++
				continue
			}
			inBody = false
		}
		if !p.inHunk {
			if m := mboxFrom.FindStringSubmatch(l); m != nil {
				if err := p.flush(); err != nil {
					return err
				}
				p.lineNo++
				p.commit = &Commit{Hash: m[1]}
				header, inHeader, inBody = header[:0], true, false
				continue
			}
		}
		if err := p.line(l); err != nil {
			return err
		}
	}
	return p.flush()
}

// mailHeaders fills a commit from a patch's mail headers.
func mailHeaders(c *Commit, header [][]string) {
	var dec mime.WordDecoder
	for _, parts := range header {
		h := strings.Join(parts, " ")
		key, val, ok := strings.Cut(h, ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch strings.ToLower(key) {
		case "from":
			if a, err := mail.ParseAddress(val); err == nil {
				c.Author = a.Name
				if c.Author == "" {
					c.Author = a.Address
				}
			} else if s, err := dec.DecodeHeader(val); err == nil {
				c.Author = s
			} else {
				c.Author = val
			}
		case "date":
			if t, err := mail.ParseDate(val); err == nil {
				c.Date = t
			}
		case "subject":
			if s, err := dec.DecodeHeader(val); err == nil {
				val = s
			}
			c.Subject = patchPrefix.ReplaceAllString(val, "")
		}
	}
}
