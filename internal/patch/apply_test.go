package patch

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// applyOne applies the hunks of a one-file unified diff, as Unified writes
// it, to old. It is strict: every context and removed line must match old
// exactly, hunks must come in order, and the hunk headers' counts must
// match their lines. It lets tests check Unified without git.
func applyOne(old []byte, diff string) ([]byte, error) {
	a := splitLines(string(old))
	lines := strings.SplitAfter(diff, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	i := 0
	for i < len(lines) && !strings.HasPrefix(lines[i], "@@ ") {
		i++
	}
	var out bytes.Buffer
	pos := 0 // next old line to copy
	for i < len(lines) {
		oldStart, oldCount, newCount, err := parseHunkHeader(lines[i])
		if err != nil {
			return nil, err
		}
		i++
		start := oldStart - 1
		if oldCount == 0 {
			start = oldStart
		}
		if start < pos || start > len(a) {
			return nil, fmt.Errorf("hunk %q out of order or range", lines[i-1])
		}
		for _, l := range a[pos:start] {
			out.WriteString(l)
		}
		pos = start
		seenOld, seenNew := 0, 0
		for i < len(lines) && !strings.HasPrefix(lines[i], "@@ ") {
			l := lines[i]
			i++
			if l == "" || !strings.HasSuffix(l, "\n") {
				return nil, fmt.Errorf("line %q does not end with a newline", l)
			}
			text := l[1:]
			if i < len(lines) && lines[i] == noNewline {
				text = strings.TrimSuffix(text, "\n")
				i++
			}
			switch l[0] {
			case ' ', '-':
				if pos >= len(a) || a[pos] != text {
					return nil, fmt.Errorf("old line %d is not %q", pos+1, text)
				}
				pos++
				seenOld++
				if l[0] == ' ' {
					out.WriteString(text)
					seenNew++
				}
			case '+':
				out.WriteString(text)
				seenNew++
			default:
				return nil, fmt.Errorf("unexpected line %q", l)
			}
		}
		if seenOld != oldCount || seenNew != newCount {
			return nil, fmt.Errorf("hunk has %d old and %d new lines, header says %d and %d", seenOld, seenNew, oldCount, newCount)
		}
	}
	for _, l := range a[pos:] {
		out.WriteString(l)
	}
	return out.Bytes(), nil
}

// parseHunkHeader reads "@@ -l,s +l,s @@".
func parseHunkHeader(h string) (oldStart, oldCount, newCount int, err error) {
	f := strings.Fields(h)
	if len(f) != 4 || f[0] != "@@" || f[3] != "@@" || !strings.HasPrefix(f[1], "-") || !strings.HasPrefix(f[2], "+") {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q", h)
	}
	oldStart, oldCount, err = parseRange(f[1][1:])
	if err != nil {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q: %w", h, err)
	}
	_, newCount, err = parseRange(f[2][1:])
	if err != nil {
		return 0, 0, 0, fmt.Errorf("bad hunk header %q: %w", h, err)
	}
	return oldStart, oldCount, newCount, nil
}

func parseRange(s string) (start, count int, err error) {
	startS, countS, found := strings.Cut(s, ",")
	if start, err = strconv.Atoi(startS); err != nil {
		return 0, 0, err
	}
	count = 1
	if found {
		if count, err = strconv.Atoi(countS); err != nil {
			return 0, 0, err
		}
	}
	return start, count, nil
}
