package pronounce

import (
	"strings"
	"sync"
	"unicode"
)

// MaxPronunciations is the most pronunciations Pronounce returns for a
// word: the dictionary's first ones, or the guesses.
const MaxPronunciations = 4

// Pronounce returns how a word or a term written as one is said: the
// dictionary's pronunciations when it knows the word, else a guess made of
// its parts. A word is split at hyphens, dots, underscores, a change of
// case inside it ("FastAPI": "Fast", "API") and between letters and digits
// ("Flake8"); each part is looked up, spelled out when it is an acronym
// ("API", "UV"), read as digits ("8"), or guessed by letter-to-sound rules
// (Guess). It returns nil for a word with no letter and no digit. The slices are
// shared: do not modify them.
func Pronounce(word string) []Pronunciation {
	if v, ok := cache.Load(word); ok {
		return v.([]Pronunciation)
	}
	p := pronounce(word)
	cache.Store(word, p)
	return p
}

// cache holds what Pronounce said of each word: transcripts repeat their
// words, and a vocabulary's terms are said once per index.
var cache sync.Map

func pronounce(word string) []Pronunciation {
	if p := Lookup(word); p != nil {
		return firstN(p, MaxPronunciations)
	}
	parts := splitParts(word)
	if len(parts) == 0 {
		return nil
	}
	out := []Pronunciation{nil}
	for _, part := range parts {
		ps := partPronunciations(part)
		if len(ps) == 0 {
			continue
		}
		var next []Pronunciation
		for _, a := range out {
			for _, b := range ps {
				if len(next) == MaxPronunciations {
					break
				}
				next = append(next, append(append(Pronunciation(nil), a...), b...))
			}
		}
		out = next
	}
	if len(out) == 1 && len(out[0]) == 0 {
		return nil
	}
	return out
}

func firstN(p []Pronunciation, n int) []Pronunciation {
	if len(p) > n {
		return p[:n]
	}
	return p
}

// partPronunciations says one part of a word: letters of one case run, or
// digits.
func partPronunciations(part string) []Pronunciation {
	if part[0] >= '0' && part[0] <= '9' {
		var p Pronunciation
		for i := 0; i < len(part); i++ {
			p = append(p, digitSounds[part[i]-'0']...)
		}
		return []Pronunciation{p}
	}
	if p := Lookup(part); p != nil && !(isAcronym(part) && len(part) <= 3) {
		return firstN(p, 2)
	}
	if isAcronym(part) {
		return []Pronunciation{spell(part)}
	}
	return []Pronunciation{Guess(part)}
}

// isAcronym reports whether a part is said letter by letter: capitals
// only ("API", "UV", "LLM") or no vowel at all ("pg", "npm").
func isAcronym(part string) bool {
	upper, vowel := true, false
	for _, r := range part {
		if !unicode.IsUpper(r) {
			upper = false
		}
		if strings.ContainsRune("aeiouyAEIOUY", r) {
			vowel = true
		}
	}
	return upper && len(part) >= 2 || !vowel
}

// spell says the letters one by one.
func spell(part string) Pronunciation {
	var p Pronunciation
	for _, r := range strings.ToLower(part) {
		if r >= 'a' && r <= 'z' {
			p = append(p, letterSounds[r-'a']...)
		}
	}
	return p
}

// splitParts splits a word into runs of letters and of digits, at
// punctuation and where a lower-case letter is followed by a capital
// ("FastAPI": "Fast", "API"; "APIError": "API", "Error").
func splitParts(word string) []string {
	rs := []rune(word)
	var parts []string
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			parts = append(parts, string(rs[start:end]))
		}
		start = -1
	}
	for i, r := range rs {
		letter, digit := unicode.IsLetter(r), unicode.IsDigit(r)
		if !letter && !digit || r > unicode.MaxASCII && !unicode.IsLetter(r) {
			flush(i)
			continue
		}
		if start >= 0 {
			prev := rs[i-1]
			switch {
			case unicode.IsDigit(prev) != digit:
				flush(i)
			case unicode.IsLower(prev) && unicode.IsUpper(r):
				flush(i)
			case unicode.IsUpper(prev) && unicode.IsUpper(r) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && i-start >= 2:
				// "APIError": the last capital begins the next part.
				flush(i)
			}
		}
		if start < 0 {
			start = i
		}
	}
	flush(len(rs))
	return parts
}

func mustParse(s string) Pronunciation {
	p, err := ParsePronunciation(s)
	if err != nil {
		panic(err)
	}
	return p
}

var digitSounds = func() [10]Pronunciation {
	var out [10]Pronunciation
	for i, s := range []string{"Z IH R OW", "W AH N", "T UW", "TH R IY", "F AO R", "F AY V", "S IH K S", "S EH V AH N", "EY T", "N AY N"} {
		out[i] = mustParse(s)
	}
	return out
}()

var letterSounds = func() [26]Pronunciation {
	var out [26]Pronunciation
	for i, s := range []string{"EY", "B IY", "S IY", "D IY", "IY", "EH F", "JH IY", "EY CH", "AY", "JH EY", "K EY", "EH L", "EH M",
		"EH N", "OW", "P IY", "K Y UW", "AA R", "EH S", "T IY", "Y UW", "V IY", "D AH B AH L Y UW", "EH K S", "W AY", "Z IY"} {
		out[i] = mustParse(s)
	}
	return out
}()

// Guess says a word by letter-to-sound rules, for the names and coinages
// the dictionary lacks ("Codeium", "Okken", "Dagster"). A word made of a
// known word and a common ending ("Polars", "Dockerized") is said as that
// word with the ending; a word beginning with "py" begins with "pie"
// ("Pydantic"). The rules are English spelling's commonest readings; they
// are meant for comparing sounds, where vowels count little, not for
// speech.
func Guess(word string) Pronunciation {
	w := strings.ToLower(word)
	var letters []byte
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			letters = append(letters, byte(r))
		case r > unicode.MaxASCII:
			if b := foldAccent(r); b != 0 {
				letters = append(letters, b)
			}
		}
	}
	w = string(letters)
	if w == "" {
		return nil
	}
	if p := Lookup(w); p != nil {
		return p[0]
	}
	for _, e := range endings {
		if stem, ok := strings.CutSuffix(w, e.suffix); ok && len(stem) >= 3 {
			if p := Lookup(stem); p != nil {
				return append(append(Pronunciation(nil), p[0]...), e.sound...)
			}
		}
	}
	if rest, ok := strings.CutPrefix(w, "py"); ok && len(rest) >= 3 && !isVowelLetter(rest[0]) {
		return append(Pronunciation{P, AY}, guessLetters(rest)...)
	}
	return guessLetters(w)
}

var endings = []struct {
	suffix string
	sound  Pronunciation
}{
	{"'s", Pronunciation{Z}}, {"s", Pronunciation{Z}}, {"es", Pronunciation{IH, Z}}, {"ed", Pronunciation{D}}, {"ing", Pronunciation{IH, NG}},
	{"er", Pronunciation{ER}}, {"ify", Pronunciation{IH, F, AY}}, {"ly", Pronunciation{L, IY}}, {"io", Pronunciation{IY, OW}},
}

// The phonemes by name, for the rules.
var (
	AA, AE, AH, AO, AW, AY, EH, ER, EY, IH, IY, OW, OY, UH, UW = ph("AA"), ph("AE"), ph("AH"), ph("AO"), ph("AW"), ph("AY"), ph("EH"), ph("ER"), ph("EY"), ph("IH"), ph("IY"), ph("OW"), ph("OY"), ph("UH"), ph("UW")
	B, CH, D, DH, F, G, HH, JH, K, L, M, N, NG, P, R           = ph("B"), ph("CH"), ph("D"), ph("DH"), ph("F"), ph("G"), ph("HH"), ph("JH"), ph("K"), ph("L"), ph("M"), ph("N"), ph("NG"), ph("P"), ph("R")
	S, SH, T, TH, V, W, Y, Z, ZH                               = ph("S"), ph("SH"), ph("T"), ph("TH"), ph("V"), ph("W"), ph("Y"), ph("Z"), ph("ZH")
)

func ph(name string) Phoneme {
	for i, n := range phonemeNames {
		if n == name {
			return Phoneme(i)
		}
	}
	panic("pronounce: no phoneme " + name)
}

func isVowelLetter(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }

func foldAccent(r rune) byte {
	for _, a := range [...]struct {
		letters string
		base    byte
	}{{"àáâãäåā", 'a'}, {"çćč", 'c'}, {"èéêëēę", 'e'}, {"ìíîïī", 'i'}, {"ñń", 'n'}, {"òóôõöøō", 'o'}, {"ùúûüū", 'u'}, {"ýÿ", 'y'}, {"śšß", 's'}, {"źżž", 'z'}, {"ł", 'l'}} {
		if strings.ContainsRune(a.letters, unicode.ToLower(r)) {
			return a.base
		}
	}
	return 0
}

// graphemes are the spellings of several letters read as one sound or a
// fixed run, longest first where they share a beginning.
var graphemes = []struct {
	letters string
	sound   Pronunciation
}{
	{"tion", Pronunciation{SH, AH, N}}, {"sion", Pronunciation{ZH, AH, N}}, {"ture", Pronunciation{CH, ER}},
	{"tch", Pronunciation{CH}}, {"sch", Pronunciation{S, K}}, {"chr", Pronunciation{K, R}}, {"igh", Pronunciation{AY}},
	{"eau", Pronunciation{OW}}, {"dge", Pronunciation{JH}},
	{"ch", Pronunciation{CH}}, {"sh", Pronunciation{SH}}, {"th", Pronunciation{TH}}, {"ph", Pronunciation{F}}, {"ck", Pronunciation{K}},
	{"ng", Pronunciation{NG}}, {"qu", Pronunciation{K, W}}, {"wh", Pronunciation{W}}, {"gh", nil}, {"dg", Pronunciation{JH}},
	{"ee", Pronunciation{IY}}, {"ea", Pronunciation{IY}}, {"oo", Pronunciation{UW}}, {"ou", Pronunciation{AW}}, {"ow", Pronunciation{OW}},
	{"oi", Pronunciation{OY}}, {"oy", Pronunciation{OY}}, {"ai", Pronunciation{EY}}, {"ay", Pronunciation{EY}}, {"au", Pronunciation{AO}},
	{"aw", Pronunciation{AO}}, {"ie", Pronunciation{IY}}, {"ei", Pronunciation{EY}}, {"ey", Pronunciation{IY}}, {"eu", Pronunciation{Y, UW}},
	{"ue", Pronunciation{UW}}, {"ui", Pronunciation{UW}}, {"oa", Pronunciation{OW}}, {"ia", Pronunciation{IY, AH}}, {"io", Pronunciation{IY, OW}},
	{"er", Pronunciation{ER}}, {"ir", Pronunciation{ER}}, {"ur", Pronunciation{ER}}, {"ar", Pronunciation{AA, R}}, {"or", Pronunciation{AO, R}},
}

// guessLetters applies the rules to lower-case ASCII letters.
func guessLetters(w string) Pronunciation {
	var p Pronunciation
	n := len(w)
	at := func(i int) byte {
		if i >= 0 && i < n {
			return w[i]
		}
		return 0
	}
	i := 0
	switch {
	case n > 2 && (strings.HasPrefix(w, "kn") || strings.HasPrefix(w, "gn") || strings.HasPrefix(w, "wr") || strings.HasPrefix(w, "ps") || strings.HasPrefix(w, "pt")):
		i = 1
	case n > 1 && w[0] == 'x':
		p = append(p, Z)
		i = 1
	}
	for i < n {
		c := w[i]
		if c == at(i-1) && !isVowelLetter(c) {
			i++ // a doubled consonant is one
			continue
		}
		matched := false
		for _, g := range graphemes {
			if strings.HasPrefix(w[i:], g.letters) {
				if g.letters == "gh" && i == 0 {
					p = append(p, G)
				} else if g.letters == "er" && i+2 < n && isVowelLetter(at(i+2)) {
					continue // "eri": e, then r
				} else {
					p = append(p, g.sound...)
				}
				i += len(g.letters)
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		next := at(i + 1)
		switch c {
		case 'a', 'e', 'i', 'o', 'u':
			// A silent final e after a consonant, with a vowel before it.
			if c == 'e' && i == n-1 && i >= 2 && !isVowelLetter(at(i-1)) && hasVowel(w[:i-1]) {
				break
			}
			p = append(p, vowelSound(w, i)...)
		case 'y':
			switch {
			case i == 0 && isVowelLetter(next):
				p = append(p, Y)
			case i == n-1 && i > 0:
				p = append(p, IY)
			case i > 0 && !isVowelLetter(at(i-1)) && !isVowelLetter(next):
				p = append(p, IH)
			default:
				p = append(p, AY)
			}
		case 'c':
			if next == 'e' || next == 'i' || next == 'y' {
				if at(i-1) != 's' { // "scikit", "science"
					p = append(p, S)
				}
			} else {
				p = append(p, K)
			}
		case 'g':
			if (next == 'e' || next == 'i' || next == 'y') && i > 0 {
				p = append(p, JH)
			} else {
				p = append(p, G)
			}
		case 'x':
			p = append(p, K, S)
		case 'b':
			p = append(p, B)
		case 'd':
			p = append(p, D)
		case 'f':
			p = append(p, F)
		case 'h':
			if isVowelLetter(next) {
				p = append(p, HH)
			}
		case 'j':
			p = append(p, JH)
		case 'k':
			p = append(p, K)
		case 'l':
			p = append(p, L)
		case 'm':
			p = append(p, M)
		case 'n':
			p = append(p, N)
		case 'p':
			p = append(p, P)
		case 'q':
			p = append(p, K)
		case 'r':
			p = append(p, R)
		case 's':
			p = append(p, S)
		case 't':
			p = append(p, T)
		case 'v':
			p = append(p, V)
		case 'w':
			p = append(p, W)
		case 'z':
			p = append(p, Z)
		}
		i++
	}
	return p
}

func hasVowel(s string) bool { return strings.ContainsAny(s, "aeiouy") }

// vowelSound reads the vowel letter at w[i]: long before a consonant and
// a final e ("code", "hive") or at the end of a word, short otherwise.
func vowelSound(w string, i int) Pronunciation {
	c := w[i]
	long := i == len(w)-1 ||
		i+2 == len(w)-1 && w[len(w)-1] == 'e' && !isVowelLetter(w[i+1])
	if long {
		switch c {
		case 'a':
			if i == len(w)-1 {
				return Pronunciation{AH}
			}
			return Pronunciation{EY}
		case 'e':
			return Pronunciation{IY}
		case 'i':
			if i == len(w)-1 {
				return Pronunciation{IY}
			}
			return Pronunciation{AY}
		case 'o':
			return Pronunciation{OW}
		case 'u':
			return Pronunciation{UW}
		}
	}
	switch c {
	case 'a':
		return Pronunciation{AE}
	case 'e':
		return Pronunciation{EH}
	case 'i':
		return Pronunciation{IH}
	case 'o':
		if i+1 < len(w) && isVowelLetter(w[i+1]) {
			return Pronunciation{OW}
		}
		return Pronunciation{AA}
	default:
		return Pronunciation{AH}
	}
}
