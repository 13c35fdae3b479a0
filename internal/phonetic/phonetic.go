// Package phonetic owns how words sound and how close two spellings are:
// sound-alike keys for words and phrases, tuned to the confusions of speech
// recognition ("Daxter" for Dagster, "Jupiter" for Jupyter, "pipex" for pipx,
// "fast API" for FastAPI), and a bounded edit distance to compare them.
//
// A key ignores case, spaces and punctuation, so a term split into words or
// joined into one keeps its key. Keys are deliberately coarse: voiced and
// voiceless consonants share a letter (d and t, g and k, b and p, v and f,
// z and s) and vowels after the first letter are dropped. Callers narrow the
// resulting candidates with spelling distance and context.
package phonetic

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Key returns the sound-alike key of a word or phrase. Words that speech
// recognition confuses tend to share a key, or to have keys one edit apart.
// Digits are kept as they are; other symbols are ignored. An input with no
// letter or digit gives "".
func Key(s string) string {
	return string(AppendKey(nil, s))
}

// AppendKey appends the key of s to dst and returns the extended slice, for
// callers that compute many keys without allocating.
func AppendKey(dst []byte, s string) []byte {
	var buf [64]byte
	letters := buf[:0]
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'A' && c <= 'Z':
				letters = append(letters, c+'a'-'A')
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				letters = append(letters, c)
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if b := fold(r); b != 0 {
			letters = append(letters, b)
		}
	}
	return appendKeyOfLetters(dst, letters)
}

// accented lists the accented Latin letters of each base letter.
var accented = [...]struct {
	letters string
	base    byte
}{
	{"àáâãäåā", 'a'}, {"çćč", 'c'}, {"èéêëēę", 'e'}, {"ìíîïī", 'i'}, {"ñń", 'n'},
	{"òóôõöøō", 'o'}, {"ùúûüū", 'u'}, {"ýÿ", 'y'}, {"śšß", 's'}, {"źżž", 'z'}, {"ł", 'l'},
}

// fold maps accented Latin letters to their base letter and drops the rest.
func fold(r rune) byte {
	r = unicode.ToLower(r)
	for _, a := range accented {
		if strings.ContainsRune(a.letters, r) {
			return a.base
		}
	}
	return 0
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func isFront(c byte) bool { return c == 'e' || c == 'i' || c == 'y' }

// appendKeyOfLetters turns lower-case ASCII letters and digits into a key.
// The codes: A (a leading vowel), 0 (th), X (sh, ch, tion), J (soft g, j),
// and plain letters for the rest.
func appendKeyOfLetters(dst []byte, w []byte) []byte {
	start := len(dst)
	at := func(i int) byte {
		if i >= 0 && i < len(w) {
			return w[i]
		}
		return 0
	}
	emit := func(c byte) {
		if len(dst) > start && dst[len(dst)-1] == c {
			return
		}
		dst = append(dst, c)
	}
	i := 0
	// Silent first letters.
	switch {
	case len(w) >= 2 && (string(w[:2]) == "kn" || string(w[:2]) == "gn" || string(w[:2]) == "pn" || string(w[:2]) == "wr" || string(w[:2]) == "ps"):
		i = 1
	case len(w) >= 2 && w[0] == 'x':
		dst = append(dst, 's')
		i = 1
	}
	first := true
	for ; i < len(w); i++ {
		c := w[i]
		next := at(i + 1)
		if c >= '0' && c <= '9' {
			dst = append(dst, c)
			first = false
			continue
		}
		if isVowel(c) && !(c == 'y' && isVowel(next)) {
			if first {
				emit('A')
			} else if len(dst) > start && dst[len(dst)-1] != '_' {
				// Mark a vowel so that doubled consonants across it
				// stay apart ("pip" is not "p"); removed below.
				dst = append(dst, '_')
			}
			first = false
			continue
		}
		first = false
		switch c {
		case 'b':
			if at(i-1) == 'm' && next == 0 { // "thumb"
				continue
			}
			emit('p')
		case 'c':
			switch {
			case next == 'h':
				emit('X')
				i++
			case next == 'k':
				emit('k')
				i++
			case isFront(next):
				emit('s')
			default:
				emit('k')
			}
		case 'd':
			if next == 'g' && isFront(at(i+2)) {
				emit('J')
				i++
				continue
			}
			emit('t')
		case 'f', 'v':
			emit('f')
		case 'g':
			switch {
			case next == 'h':
				// "rough", "laugh": f at the end; silent elsewhere ("night").
				if i+2 == len(w) && i > 0 && isVowel(at(i-1)) {
					emit('f')
				}
				i++
			case next == 'n' && i+2 == len(w): // "sign"
			case isFront(next):
				emit('J')
			default:
				emit('k')
			}
		case 'h':
			// Sounded only before a vowel and not after a consonant.
			if isVowel(next) && (i == 0 || isVowel(at(i-1))) {
				emit('h')
			}
		case 'j':
			emit('J')
		case 'k', 'q':
			emit('k')
		case 'p':
			if next == 'h' {
				emit('f')
				i++
				continue
			}
			emit('p')
		case 's':
			switch {
			case next == 'h':
				emit('X')
				i++
			case next == 'c' && at(i+2) == 'h':
				emit('s')
				emit('k')
				i += 2
			case next == 'i' && (at(i+2) == 'o' || at(i+2) == 'a'):
				emit('X')
			default:
				emit('s')
			}
		case 't':
			switch {
			case next == 'h':
				emit('0')
				i++
			case next == 'i' && (at(i+2) == 'o' || at(i+2) == 'a'):
				emit('X')
			case next == 'c' && at(i+2) == 'h':
				// "tch" sounds as "ch"
			default:
				emit('t')
			}
		case 'w':
			if isVowel(next) {
				emit('w')
			} else if next == 'h' {
				emit('w')
				i++
			}
		case 'x':
			emit('k')
			emit('s')
		case 'y':
			emit('y')
		case 'z':
			emit('s')
		default:
			emit(c)
		}
	}
	// Drop the vowel marks.
	out := dst[:start]
	for _, c := range dst[start:] {
		if c != '_' {
			out = append(out, c)
		}
	}
	return out
}
