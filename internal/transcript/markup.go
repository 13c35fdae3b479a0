package transcript

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// cueText returns the plain text of a WebVTT or SRT cue payload: tags
// removed, character references decoded, "\r\n" line ends made "\n". It
// also returns the name of the first voice span (<v Name>) and of the last,
// which carries forward to later cues.
func cueText(raw string) (text, firstVoice, lastVoice string) {
	if strings.IndexByte(raw, '<') < 0 && strings.IndexByte(raw, '&') < 0 && strings.IndexByte(raw, '\r') < 0 {
		return raw, "", ""
	}
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		switch c {
		case '\r':
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
				continue
			}
			b.WriteByte('\n')
			i++
		case '<':
			n := tagLen(raw[i:])
			if n == 0 {
				b.WriteByte(c) // a lone '<' is text
				i++
				continue
			}
			if name, ok := voiceName(raw[i+1 : i+n-1]); ok {
				if firstVoice == "" {
					firstVoice = name
				}
				lastVoice = name
			}
			i += n
		case '&':
			r, n := charRef(raw[i:])
			if n == 0 {
				b.WriteByte(c)
				i++
				continue
			}
			b.WriteString(r)
			i += n
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), firstVoice, lastVoice
}

// tagLen returns the length of the tag that s starts with ("<i>",
// "<v Ann>"), or 0 when its '<' starts none and is text: a tag ends at the
// first '>', with no other '<' and no line break before it.
func tagLen(s string) int {
	j := strings.IndexByte(s, '>')
	if j < 0 || strings.IndexByte(s[1:j], '<') >= 0 || strings.IndexByte(s[:j], '\n') >= 0 {
		return 0
	}
	return j + 1
}

// voiceName returns the name in a "v Name" or "v.class Name" tag.
func voiceName(tag string) (string, bool) {
	if len(tag) < 2 || tag[0] != 'v' {
		return "", false
	}
	rest := tag[1:]
	if rest[0] == '.' {
		i := strings.IndexAny(rest, " \t")
		if i < 0 {
			return "", false
		}
		rest = rest[i:]
	}
	if rest[0] != ' ' && rest[0] != '\t' {
		return "", false
	}
	name := strings.TrimSpace(rest)
	return name, name != ""
}

// entities are the named character references found in captions.
var entities = map[string]string{
	"amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u00a0",
	"lrm": "\u200e", "rlm": "\u200f", "hellip": "…", "mdash": "—", "ndash": "–",
	"rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“", "copy": "©", "reg": "®",
}

// charRef decodes the character reference at the start of s ("&amp;",
// "&#39;", "&#x2019;") and returns it with its length, or 0 when s does not
// start with one.
func charRef(s string) (string, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return "", 0
	}
	name := s[1:end]
	if name[0] == '#' {
		var v uint64
		var err error
		if len(name) > 1 && (name[1] == 'x' || name[1] == 'X') {
			v, err = strconv.ParseUint(name[2:], 16, 32)
		} else {
			v, err = strconv.ParseUint(name[1:], 10, 32)
		}
		if err != nil || v == 0 || v > utf8.MaxRune || !utf8.ValidRune(rune(v)) {
			return "", 0
		}
		return string(rune(v)), end + 1
	}
	if r, ok := entities[name]; ok {
		return r, end + 1
	}
	return "", 0
}

// escapeCueText appends text escaped for a WebVTT or SRT payload, its "\n"
// line breaks written as nl. It escapes only what a reader would misread
// (see escapeFragment), so "Q&A" stays as people write it, and reading the
// result gives the text back. Blank lines inside the text would end the
// cue, so they are dropped.
func escapeCueText(b []byte, text, nl string) []byte {
	first := true
	for _, l := range strings.Split(text, "\n") {
		if isBlank(l) {
			continue
		}
		if !first {
			b = append(b, nl...)
		}
		first = false
		b = escapeFragment(b, l, nl)
	}
	return b
}

// hasTag reports whether a payload holds a tag, as cueText reads tags.
func hasTag(raw string) bool {
	for i := 0; i < len(raw); i++ {
		if raw[i] != '<' {
			continue
		}
		if tagLen(raw[i:]) > 0 {
			return true
		}
	}
	return false
}

// cueBounds decodes a cue payload as cueText does and returns, for every
// byte offset k of the plain text, the first and the last offset of raw at
// which what comes before decodes to text[:k]. They differ where markup
// that decodes to nothing (a tag, the '\r' of "\r\n") stands between two
// characters.
func cueBounds(raw string) (first, last []int) {
	text, _, _ := cueText(raw)
	first = make([]int, len(text)+1)
	last = make([]int, len(text)+1)
	for k := range first {
		first[k] = -1
	}
	p := 0
	mark := func(r int) {
		if first[p] < 0 {
			first[p] = r
		}
		last[p] = r
	}
	for i := 0; i < len(raw); {
		mark(i)
		c := raw[i]
		switch c {
		case '\r':
			// "\r\n" is one line end, decoded to "\n".
			p++
			i++
			if i < len(raw) && raw[i] == '\n' {
				i++
			}
		case '<':
			n := tagLen(raw[i:])
			if n == 0 {
				p++
				i++
				continue
			}
			i += n
		case '&':
			r, n := charRef(raw[i:])
			if n == 0 {
				p++
				i++
				continue
			}
			p += len(r)
			i += n
		default:
			p++
			i++
		}
	}
	mark(len(raw))
	return first, last
}

// spliceCue appends the raw payload of a cue whose plain text went from
// oldText to newText: each run of changed characters is written anew in
// its place, and everything else of raw stays as it was, markup included,
// so a correction's diff shows the correction alone. It reports false when
// raw does not decode to oldText, or when a change would cut through a tag.
func spliceCue(b []byte, raw, oldText, newText, nl string) ([]byte, bool) {
	if text, _, _ := cueText(raw); text != oldText {
		return b, false
	}
	first, last := cueBounds(raw)
	regions := changedRegions(oldText, newText)
	// Map every region to raw first, so nothing is written on refusal.
	type cut struct{ from, to int }
	cuts := make([]cut, len(regions))
	prev := 0
	for k, r := range regions {
		from, to := last[r.oldFrom], first[r.oldTo]
		if r.oldFrom == r.oldTo {
			// An insertion: at one place, after markup that ends there.
			from, to = last[r.oldFrom], last[r.oldFrom]
		}
		if from < prev || to < from || hasTag(raw[from:to]) {
			return b, false
		}
		cuts[k] = cut{from, to}
		prev = to
	}
	start := len(b)
	at := 0
	for k, r := range regions {
		b = append(b, raw[at:cuts[k].from]...)
		b = escapeFragment(b, newText[r.newFrom:r.newTo], nl)
		at = cuts[k].to
	}
	b = append(b, raw[at:]...)
	// The result must read back as the new text, and must not hold a
	// blank line, which would end the cue.
	out := string(b[start:])
	if text, _, _ := cueText(out); text != newText || hasBlankLine(out) {
		return b[:start], false
	}
	return b, true
}

// escapeFragment appends part of a cue's text escaped: every '<', an '&'
// that starts a character reference, the '>' of "-->"; its line breaks are
// written as nl, and carriage returns dropped.
func escapeFragment(b []byte, s, nl string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			if _, n := charRef(s[i:]); n > 0 {
				b = append(b, "&amp;"...)
			} else {
				b = append(b, c)
			}
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			// Of what is written: a carriage return between is dropped.
			if n := len(b); n >= 2 && b[n-1] == '-' && b[n-2] == '-' {
				b = append(b, "&gt;"...)
			} else {
				b = append(b, c)
			}
		case '\n':
			b = append(b, nl...)
		case '\r':
		default:
			b = append(b, c)
		}
	}
	return b
}

// hasBlankLine reports whether a payload has an empty or blank line.
func hasBlankLine(raw string) bool {
	for _, l := range strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n") {
		if isBlank(l) {
			return true
		}
	}
	return false
}

// region is a run of old text replaced by a run of new text.
type region struct{ oldFrom, oldTo, newFrom, newTo int }

// maxDiffCells bounds the work of the character diff of changedRegions; a
// larger change is one region, from the first difference to the last.
const maxDiffCells = 1 << 20

// changedRegions returns the runs of characters in which two texts differ,
// from a longest common subsequence of their runes, with byte offsets.
func changedRegions(a, b string) []region {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	for p > 0 && (p < len(a) && !utf8.RuneStart(a[p]) || p < len(b) && !utf8.RuneStart(b[p])) {
		p--
	}
	q := 0
	for q < len(a)-p && q < len(b)-p && a[len(a)-1-q] == b[len(b)-1-q] {
		q++
	}
	for q > 0 && (!utf8.RuneStart(a[len(a)-q]) || !utf8.RuneStart(b[len(b)-q])) {
		q--
	}
	if p == len(a) && p == len(b) {
		return nil
	}
	ma, mb := a[p:len(a)-q], b[p:len(b)-q]
	ra, rb := []rune(ma), []rune(mb)
	if len(ra)*len(rb) > maxDiffCells || len(ra) == 0 || len(rb) == 0 {
		return []region{{p, len(a) - q, p, len(b) - q}}
	}
	// Byte offsets of each rune, and one past the end.
	offs := func(rs []rune) []int {
		o := make([]int, len(rs)+1)
		for i, r := range rs {
			o[i+1] = o[i] + utf8.RuneLen(r)
		}
		return o
	}
	oa, ob := offs(ra), offs(rb)
	lcs := make([][]int32, len(ra)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(rb)+1)
	}
	for i := len(ra) - 1; i >= 0; i-- {
		for j := len(rb) - 1; j >= 0; j-- {
			if ra[i] == rb[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []region
	i, j := 0, 0
	open := false
	var cur region
	for i < len(ra) || j < len(rb) {
		if i < len(ra) && j < len(rb) && ra[i] == rb[j] {
			if open {
				cur.oldTo, cur.newTo = p+oa[i], p+ob[j]
				out = append(out, cur)
				open = false
			}
			i++
			j++
			continue
		}
		if !open {
			cur = region{oldFrom: p + oa[i], newFrom: p + ob[j]}
			open = true
		}
		if j < len(rb) && (i == len(ra) || lcs[i][j+1] >= lcs[i+1][j]) {
			j++
		} else {
			i++
		}
	}
	if open {
		cur.oldTo, cur.newTo = p+oa[i], p+ob[j]
		out = append(out, cur)
	}
	return out
}
