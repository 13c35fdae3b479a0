package vocab

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/rules"
)

// TermUse is a term as spelled in transcripts, with how often it is.
type TermUse struct {
	Text string
	Uses int
}

// minUses is how often a spelling must be seen before Learn takes it: once
// may be a slip.
const minUses = 2

// nameShare is the share of a capitalised word's occurrences within
// sentences that must be capitalised for it to be a name: "Python" always
// is, "Rich" the library loses to "rich" the word.
const nameShare = 0.9

// maxRun is the most words a name of several words has; longer runs of
// capitalised words are titles.
const maxRun = 5

// Word shapes.
const (
	shapeLower   = iota // no capital: "pandas", "don't"
	shapeJoined         // lower case, joined: "scikit-learn", "talkpython.fm"
	shapeCapital        // only the first letter a capital: "Python", "Node.js"
	shapeAcronym        // every letter a capital: "API", "GIL"
	shapeInner          // capitals inside: "FastAPI", "NumPy", "iPhone"
)

type formStat struct {
	shape int
	total int // every occurrence
	mid   int // occurrences within a sentence, not at its start
}

// Learn finds the names and terms in corrected transcript text, with how
// often each is spelled exactly so: words with capitals inside ("FastAPI",
// "NumPy"), acronyms ("GIL"), lower-case joined names ("scikit-learn",
// "talkpython.fm"), capitalised words that are capitalised within
// sentences consistently ("Python", "Dagster", not "Rich" when "rich" is
// more usual), and runs of such words with "van", "de" and the like
// between them ("Guido van Rossum", "Hugging Face"). Each text is taken to
// start a sentence. Left out: sentence starts, "I" and other single
// letters, "OK", days and months, common English words, joined words made
// of common words ("built-in", "real-time"), contractions, and anything
// seen fewer than twice. The result is sorted by uses, most first, then
// text.
func Learn(texts []string) []TermUse {
	forms := map[string]*formStat{}
	lower := map[string]int{} // lower-case words, by text
	runs := map[string]int{}
	var run []string
	var runStart, runEnd int
	var runText string
	flush := func() {
		if len(run) >= 2 && len(run) <= maxRun {
			runs[squeezeSpace(runText[runStart:runEnd])]++
		}
		run = run[:0]
	}
	for _, text := range texts {
		runText = text
		prevEnd := 0
		for _, b := range rules.WordBounds(text) {
			w := text[b[0]:b[1]]
			start := sentenceStart(text, b[0])
			shape := wordShape(w)
			// A run of capitalised words, separated by blanks only, with
			// name particles ("van") allowed inside.
			between := text[prevEnd:b[0]]
			adjacent := len(run) > 0 && onlyBlanks(between)
			prevEnd = b[1]
			if shape >= shapeCapital {
				if !adjacent {
					flush()
					runStart = b[0]
				}
				run = append(run, w)
				runEnd = b[1]
			} else if adjacent && particles[w] && len(run) > 0 && !particles[run[len(run)-1]] {
				run = append(run, w)
			} else {
				flush()
			}
			if shape == shapeLower {
				if w[0] >= utf8.RuneSelf || w[0] >= 'a' && w[0] <= 'z' {
					lower[w]++
				}
				continue
			}
			f := forms[w]
			if f == nil {
				f = &formStat{shape: shape}
				forms[w] = f
			}
			f.total++
			if !start {
				f.mid++
			}
		}
		flush()
	}

	var out []TermUse
	name := map[string]bool{} // capitalised forms judged names, for runs
	for w, f := range forms {
		if f.total < minUses && f.shape != shapeCapital {
			continue
		}
		if isName(w, f, forms, lower) {
			name[w] = true
			if f.total >= minUses {
				out = append(out, TermUse{w, f.total})
			}
		}
	}
	// Runs: split at words that are not names, keep the parts of two
	// words or more.
	runUses := map[string]int{}
	for r, n := range runs {
		ws := strings.Split(r, " ")
		var part []string
		end := func() {
			for len(part) > 0 && particles[part[len(part)-1]] {
				part = part[:len(part)-1]
			}
			if len(part) >= 2 {
				runUses[strings.Join(part, " ")] += n
			}
			part = part[:0]
		}
		for _, w := range ws {
			if name[w] || runName(w, forms, lower) || particles[w] && len(part) > 0 {
				part = append(part, w)
			} else {
				end()
			}
		}
		end()
	}
	for r, n := range runUses {
		if n >= minUses {
			out = append(out, TermUse{r, n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Uses != out[j].Uses {
			return out[i].Uses > out[j].Uses
		}
		return out[i].Text < out[j].Text
	})
	return out
}

// isName judges a spelling from its own shape and counts and those of its
// lower-case forms.
func isName(w string, f *formStat, forms map[string]*formStat, lower map[string]int) bool {
	fold := rules.Fold(w)
	if notTerm(fold) || !hasTwoLetters(w) || spelledOut(w) {
		return false
	}
	switch f.shape {
	case shapeJoined:
		// Some part must be rare on its own: "scikit" in
		// "scikit-learn", not "built" and "in" in "built-in".
		for _, p := range strings.FieldsFunc(w, isJoinerRune) {
			if hasTwoLetters(p) && !isCommonWord(p) && lower[p] <= f.total {
				return true
			}
		}
		return false
	case shapeCapital:
		if isCommonWord(fold) {
			return false
		}
		return f.mid >= 1 && float64(f.mid) >= nameShare*float64(f.mid+lower[fold])
	default: // acronyms and inner capitals
		if isCommonWord(fold) {
			return false
		}
		return f.total >= lower[fold]
	}
}

// runName judges a capitalised word inside a run of them more leniently
// than alone: one never seen in lower case may stand at sentence starts
// only ("Guido van Rossum said"), and a common word capitalised within
// sentences consistently is part of a name ("Hugging Face").
func runName(w string, forms map[string]*formStat, lower map[string]int) bool {
	f := forms[w]
	if f == nil || f.shape < shapeCapital || !hasTwoLetters(w) {
		return false
	}
	fold := rules.Fold(w)
	if notTerm(fold) {
		return false
	}
	if !isCommonWord(fold) && lower[fold] == 0 {
		return true
	}
	return f.mid >= 1 && float64(f.mid) >= nameShare*float64(f.mid+lower[fold])
}

// spelledOut reports whether a word is letters joined one by one:
// "L-I-N-O-D-E", "U.S", "e.g".
func spelledOut(w string) bool {
	parts := strings.FieldsFunc(w, isJoinerRune)
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if utf8.RuneCountInString(p) > 1 {
			return false
		}
	}
	return true
}

// particles are the small words inside people's names.
var particles = map[string]bool{
	"van": true, "von": true, "de": true, "der": true, "den": true, "da": true,
	"di": true, "del": true, "du": true, "dos": true, "das": true, "le": true,
	"la": true, "bin": true, "ter": true,
}

// wordShape classifies a word by its capitals.
func wordShape(w string) int {
	upper, lowerN, first := 0, 0, true
	firstUpper := false
	joined := false
	for i, r := range w {
		switch {
		case unicode.IsUpper(r):
			upper++
			if first {
				firstUpper = true
			}
		case unicode.IsLower(r):
			lowerN++
		case r == '-' || r == '.' || r == '_':
			if i > 0 {
				joined = true
			}
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			first = false
		}
	}
	switch {
	case upper == 0:
		if joined && !strings.ContainsAny(w, "'\u2019") && startsWithLetter(w) {
			return shapeJoined
		}
		return shapeLower
	case !startsWithLetter(w):
		return shapeLower // "3D", "5G": numbers with units
	case lowerN == 0:
		return shapeAcronym
	case upper == 1 && firstUpper:
		return shapeCapital
	}
	return shapeInner
}

func startsWithLetter(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLetter(r)
}

func isJoinerRune(r rune) bool { return r == '-' || r == '.' || r == '_' }

func hasTwoLetters(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			n++
			if n == 2 {
				return true
			}
		}
	}
	return false
}

// sentenceStart reports whether the word at i starts a sentence: nothing
// but blanks, quotes and brackets lie between it and the text's start or
// an end of sentence before it.
func sentenceStart(text string, i int) bool {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		switch r {
		case ' ', '\t', '"', '\'', '“', '‘', '(', '[', '*', '-', '–', '—':
			i -= n
			continue
		case '.', '!', '?', ':', '…', '\n', '\r':
			return true
		}
		return false
	}
	return true
}

func onlyBlanks(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			return false
		}
	}
	return true
}

func squeezeSpace(s string) string {
	if !strings.Contains(s, "  ") && !strings.Contains(s, "\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
