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
			j := strings.IndexByte(raw[i:], '>')
			if j < 0 || strings.IndexByte(raw[i+1:i+j], '<') >= 0 || strings.IndexByte(raw[i:i+j], '\n') >= 0 {
				b.WriteByte(c) // a lone '<' is text
				i++
				continue
			}
			tag := raw[i+1 : i+j]
			if name, ok := voiceName(tag); ok {
				if firstVoice == "" {
					firstVoice = name
				}
				lastVoice = name
			}
			i += j + 1
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
// line breaks written as nl. It escapes only what a reader would misread:
// every '<', an '&' that starts a character reference, the '>' of "-->".
// So "Q&A" stays as people write it, and reading the result gives text back.
// Blank lines inside the text would end the cue, so they are dropped.
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
		for i := 0; i < len(l); i++ {
			switch c := l[i]; c {
			case '&':
				if _, n := charRef(l[i:]); n > 0 {
					b = append(b, "&amp;"...)
				} else {
					b = append(b, c)
				}
			case '<':
				b = append(b, "&lt;"...)
			case '>':
				if i >= 2 && l[i-1] == '-' && l[i-2] == '-' {
					b = append(b, "&gt;"...)
				} else {
					b = append(b, c)
				}
			case '\r':
			default:
				b = append(b, c)
			}
		}
	}
	return b
}

// hasTag reports whether a payload holds a tag, as cueText reads tags.
func hasTag(raw string) bool {
	for i := 0; i < len(raw); i++ {
		if raw[i] != '<' {
			continue
		}
		j := strings.IndexByte(raw[i:], '>')
		if j > 0 && strings.IndexByte(raw[i+1:i+j], '<') < 0 && strings.IndexByte(raw[i:i+j], '\n') < 0 {
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
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
				continue
			}
			p++
			i++
		case '<':
			j := strings.IndexByte(raw[i:], '>')
			if j < 0 || strings.IndexByte(raw[i+1:i+j], '<') >= 0 || strings.IndexByte(raw[i:i+j], '\n') >= 0 {
				p++
				i++
				continue
			}
			i += j + 1
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
// oldText to newText: the part of raw before the first change and after
// the last one stays as it was, markup included, and only what lies
// between is written anew. It reports false when raw does not decode to
// oldText.
func spliceCue(b []byte, raw, oldText, newText, nl string) ([]byte, bool) {
	if text, _, _ := cueText(raw); text != oldText {
		return b, false
	}
	p := 0
	for p < len(oldText) && p < len(newText) && oldText[p] == newText[p] {
		p++
	}
	for p > 0 && (!utf8.RuneStart(oldText[min(p, len(oldText)-1)]) && p < len(oldText) || p < len(newText) && !utf8.RuneStart(newText[p])) {
		p--
	}
	q := 0
	for q < len(oldText)-p && q < len(newText)-p && oldText[len(oldText)-1-q] == newText[len(newText)-1-q] {
		q++
	}
	for q > 0 && (len(oldText)-q < len(oldText) && !utf8.RuneStart(oldText[len(oldText)-q]) || len(newText)-q < len(newText) && !utf8.RuneStart(newText[len(newText)-q])) {
		q--
	}
	first, last := cueBounds(raw)
	rp, rq := last[p], first[len(oldText)-q]
	if rp < 0 || rq < 0 || rp > rq {
		return b, false
	}
	if hasTag(raw[rp:rq]) {
		return b, false // markup inside the change: rewrite it all rather than unbalance it
	}
	b = append(b, raw[:rp]...)
	b = escapeCueText(b, newText[p:len(newText)-q], nl)
	return append(b, raw[rq:]...), true
}
