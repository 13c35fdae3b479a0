package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A word is a run of letters, digits and marks, in which a hyphen, a
// period, an apostrophe or an underscore between two such characters
// stays inside the word: "scikit-learn", "Node.js", "3.12", "don't" are one
// word each; "Tomorrow" is one word, so a rule for "Tom" never matches in
// it. A possessive "'s" or "’s" ends a word without being part of it, so
// "Langchain's" holds the word "Langchain".

// isWordRune reports whether r is a letter, digit or mark.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isJoiner reports whether r joins two word characters into one word.
func isJoiner(r rune) bool {
	return r == '-' || r == '.' || r == '\'' || r == '\u2019' || r == '_'
}

// nextWord finds the first word of s at or after i, and returns its
// bounds, or start == len(s) when there is none, and where to look for the
// next word: after a possessive "'s", past it.
func nextWord(s string, i int) (start, end, next int) {
	// Skip to a word character.
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			break
		}
		i += n
	}
	start = i
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf && ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			i += n
			continue
		}
		if isJoiner(r) && i+n < len(s) {
			if r == '\'' || r == '\u2019' {
				if p := possessive(s, i); p > 0 {
					return start, i, i + p // the word ends before it
				}
			}
			if r2, _ := utf8.DecodeRuneInString(s[i+n:]); isWordRune(r2) {
				i += n
				continue
			}
		}
		break
	}
	return start, i, i
}

// possessive returns the length of the possessive "'s" or "’s" that
// stands at i in s, after a word, or 0 when there is none ("'sdk" is no
// possessive).
func possessive(s string, i int) int {
	for _, p := range []string{"'s", "'S", "\u2019s", "\u2019S"} {
		if len(s)-i >= len(p) && s[i:i+len(p)] == p && !continuesWord(s, i+len(p)) {
			return len(p)
		}
	}
	return 0
}

// continuesWord reports whether a word character starts s[i:].
func continuesWord(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

// Words splits s into its words.
func Words(s string) []string {
	// Words are mostly apart by one blank: so many words, near enough,
	// to grow the list once at most.
	out := make([]string, 0, strings.Count(s, " ")+1)
	for i := 0; ; {
		start, end, next := nextWord(s, i)
		if start >= len(s) {
			if len(out) == 0 {
				return nil
			}
			return out
		}
		out = append(out, s[start:end])
		i = next
	}
}

// appendFold appends the case-folded form of a word: lower case, with a
// typographic apostrophe made plain.
func appendFold(b []byte, w string) []byte {
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(w[i:])
		if r == '\u2019' {
			r = '\''
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
		i += n
	}
	return b
}

// isFolded reports whether a word is its own folded form: ASCII without
// capitals, the usual case.
func isFolded(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// Fold returns the case-folded form of a word, as matching compares it.
func Fold(w string) string { return string(appendFold(nil, w)) }

// onlySpace reports whether s holds nothing but white space.
func onlySpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
		default:
			if s[i] < utf8.RuneSelf {
				return false
			}
			r, _ := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsSpace(r) {
				return false
			}
		}
	}
	return true
}

// WordBounds returns the byte offsets [start, end) of each word of s.
func WordBounds(s string) [][2]int {
	out := make([][2]int, 0, strings.Count(s, " ")+1)
	for i := 0; ; {
		start, end, next := nextWord(s, i)
		if start >= len(s) {
			if len(out) == 0 {
				return nil
			}
			return out
		}
		out = append(out, [2]int{start, end})
		i = next
	}
}

// NextWord is one step of WordBounds, for a reader that goes through a
// long text word by word instead of listing all its words at once: the
// bounds of the first word of s at or after i (start == len(s) when there
// is none), and where to look for the word after it.
func NextWord(s string, i int) (start, end, next int) { return nextWord(s, i) }
