package suggest

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/english"
)

// repKey names a candidate's heard words (folded) and term, so that the
// places of one mishearing are counted together.
func repKey(t *text, c candidate) string {
	return strings.Join(t.fold[c.i:c.j], " ") + "\x00" + strconv.Itoa(int(c.term))
}

// repetitions counts, for each heard words and term (repKey), the places
// of the text where they are a candidate.
func repetitions(t *text, cands []candidate) map[string]int {
	m := make(map[string]int, len(cands))
	for _, c := range cands {
		m[repKey(t, c)]++
	}
	return m
}

// heardZipf is the Zipf frequency (english.Zipf) of the rarest word of
// words [i, j) that holds a letter.
func heardZipf(t *text, i, j int) float64 {
	z := -1.0
	for k := i; k < j; k++ {
		if !strings.ContainsFunc(t.fold[k], unicode.IsLetter) {
			continue
		}
		if f := english.Zipf(t.fold[k]); z < 0 || f < z {
			z = f
		}
	}
	return max(z, 0)
}

// guarded reports whether a candidate is one of the kinds of proposal
// that were wrong by eye far more often than right, whatever the
// features say:
//   - a person's name made into another person's name ("Kendra" to
//     Kennedy, "Michaela" to Michael, "Lucas Lange" to "Lukas Lange"):
//     both are names, and a guest is called what they are called, unless
//     the term sounds the same and this episode names it (its notes, or
//     spelled so elsewhere in it), or people corrected into it before
//     (a rule's right side);
//   - heard words the term inflects or that inflect it ("Kenneth Wright"
//     to "Kenneth Wrights", "hot Jupyters" to Jupyter): another word;
//   - any heard words made into a word English knows as a name, unless
//     said the same ("mocha", "mitchell" to Michael on Python Bytes,
//     whose host is one);
//   - heard words that begin with the whole term and go on ("AsyncWith" to
//     Async): the term and more, not the term misheard;
//   - a name with a dot or a domain made into a term without one ("test
//     driven.io" to TestDriven): the address is lost; so is a word of an
//     address's path ("talkpython.fm/Stellaris");
//   - everyday words made into a term that sounds a little like them
//     ("take" to Talk, "top Python" to "Talk Python", "Python to come" to
//     "Python to Me"), unless this episode's notes name the term;
//   - an acronym of two to four capitals made into a word ("LHG" to Lego,
//     "TIG" to Talk, "PIPA" to PyPI): letters are said one by one, and
//     heard as letters (but "SAS" may be SaaS, its letters in order);
//   - digits put in or taken out ("request3" to Requests, "Python-y" to
//     "Python 2", "Jinja2" to Jinja): a number is heard as a number, or
//     as the word it is said as ("tab9" is Tabnine);
//   - heard words that are a term of the vocabulary themselves
//     ("JupyterHub" to JupyterLab), but for the transcripts' own
//     spellings, misspellings among them ("ZRMQ");
//   - a special name ("__main__") not heard with its "dunder": "Mon
//     Area" is no __main__;
//   - heard words that spell a word of the episode's file name ("FastUI"
//     to FastAPI in 449-fastui.vtt): the episode is about them.
func (ix *Index) guarded(t *text, c candidate, inEpisode bool, slug map[string]bool) bool {
	tm := &ix.terms[c.term]
	if c.joined {
		return false // the same letters: a spelling, not another word
	}
	if !sameDigits(t, c, tm) || !dunderHeard(t, c, tm) {
		return true
	}
	if ix.isKnown(strings.Join(t.fold[c.i:c.j], " ")) {
		return true // a term itself ("JupyterHub" is no JupyterLab misheard)
	}
	if slug[strings.Join(t.joined[c.i:c.j], "")] && !slug[tm.joined] {
		return true
	}
	if dotted(t, c.i, c.j) && !strings.Contains(tm.Text, ".") || inPath(t, c.i) {
		return true
	}
	if inflected(t.joined[c.i:c.j], tm.joined) || extended(t.joined[c.i:c.j], tm.joined) {
		return true
	}
	if tm.Source != FromNotes && everyday(t, c, tm) {
		return true
	}
	if shortAcronym(t, c, tm) {
		return true
	}
	if nameTerm(t, c, tm) && !sameSound(t, c, tm) {
		return true
	}
	if personSwap(t, c, tm) {
		named := tm.Source >= FromRules || inEpisode
		return !named || !sameSound(t, c, tm)
	}
	return false
}

// inPath reports whether word k follows a slash glued to it, in an
// address's path ("talkpython.fm/Stellaris"): a promotion code, typed.
func inPath(t *text, k int) bool {
	start := t.at[k][0]
	return start > 0 && t.texts[t.seg[k]][start-1] == '/'
}

// dotted reports whether one of words [i, j) has a dot between letters
// ("driven.io", "os.path").
func dotted(t *text, i, j int) bool {
	for k := i; k < j; k++ {
		w := t.fold[k]
		if d := strings.IndexByte(w, '.'); d > 0 && d < len(w)-1 {
			return true
		}
	}
	return false
}

// inflected reports whether one joined spelling is the other with an
// ending: a plural, a possessive, a feminine "a" ("michaela"), "ed",
// "ing", "er", "ic" ("pythonic").
func inflected(heard []string, term string) bool {
	h := strings.Join(heard, "")
	if h != term && pluralStem(h) == pluralStem(term) {
		return true // "BBSes" and "BBSs": one word's two plurals
	}
	a, b := h, term
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(b) < 3 || !strings.HasPrefix(a, b) || a == b {
		return false
	}
	switch a[len(b):] {
	case "s", "es", "'s", "a", "e", "ed", "d", "ing", "er", "ers", "ic":
		return true
	}
	return false
}

// personSwap reports whether the candidate makes a person's name into
// another's: a heard word written capitalised that English knows as a
// name ("Kendra", "Lucas"), or any capitalised word inside a sentence
// ("Kondo", "Michaela"), made into a different word that English knows as
// a name ("Kennedy", "Michael"), or a name into a name.
func personSwap(t *text, c candidate, tm *term) bool {
	heardName, capital := false, false
	for k := c.i; k < c.j; k++ {
		w := t.word(k)
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || isUpperWord(w) || containsFold(tm.fields, t.fold[k]) {
			continue // not capitalised, or kept: "Vincent" of Vincent Warmerdam
		}
		if english.Lookup(w) == english.Name {
			heardName = true
		} else if !t.sent[k] && english.Lookup(w) == english.Unknown {
			capital = true
		}
	}
	if !heardName && !capital {
		return false
	}
	termName := false
	for _, w := range tm.fields {
		if english.Lookup(w) == english.Name && !containsFold(t.fold[c.i:c.j], w) {
			termName = true
		}
	}
	return termName || heardName && looksLikeName(tm.Text)
}

// looksLikeName reports whether a term is written as a person's name:
// two or three capitalised words of letters ("Lukas Lange").
func looksLikeName(s string) bool {
	ws := strings.Fields(s)
	if len(ws) < 2 || len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || isUpperWord(w) || strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
			return false
		}
	}
	return true
}

func isUpperWord(w string) bool { return len(w) > 1 && strings.ToUpper(w) == w }

func containsFold(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// sameSound reports whether the heard words and the term are said alike
// within SameNameSound.
func sameSound(t *text, c candidate, tm *term) bool {
	var ws []string
	for k := c.i; k < c.j; k++ {
		ws = append(ws, t.word(k))
	}
	return soundDistance(sayWords(ws), tm.prons) <= SameNameSound
}

// SameNameSound is the largest phoneme distance at which a name may
// replace heard words ("Corey" for Cory is 0, "Merrick Squires" for Marak
// Squires under 0.1; "Mikhail" for Michael, two vowels apart, is 0.12).
const SameNameSound = 0.1

// EverydayZipf is the Zipf frequency (english.Zipf) from which a heard
// word is everyday speech: "take" 6.3, "rest" 5.3, "top" 5.1, "court"
// 5.0; not "rough" 4.6 (ruff, after "pip install"), "log" 4.1 nor
// "ginger" 3.8, where context decides.
const EverydayZipf = 5.0

// everyday reports whether every heard word the term changes is an
// everyday English word (each of its parts, for "add-on").
func everyday(t *text, c candidate, tm *term) bool {
	changed := false
	for k := c.i; k < c.j; k++ {
		if containsFold(tm.fields, t.fold[k]) || t.stop[k] {
			continue
		}
		changed = true
		for _, part := range strings.FieldsFunc(t.fold[k], func(r rune) bool { return r == '-' }) {
			if english.Zipf(part) < EverydayZipf {
				return false
			}
		}
	}
	return changed
}

// shortAcronym reports whether the heard words are one acronym of two to
// four capitals and the term is not written in capitals.
func shortAcronym(t *text, c candidate, tm *term) bool {
	if c.j != c.i+1 {
		return false
	}
	w := t.word(c.i)
	if len(w) < 2 || len(w) > 4 || !isUpperWord(w) || strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) {
		return false
	}
	return !isUpperWord(strings.Join(strings.Fields(tm.Text), "")) && !subsequence(t.joined[c.i], tm.joined)
}

// subsequence reports whether the letters of a are those of b in order,
// with others between: "sas" of "saas", not "lhg" of "lego".
func subsequence(a, b string) bool {
	k := 0
	for i := 0; i < len(b) && k < len(a); i++ {
		if b[i] == a[k] {
			k++
		}
	}
	return k == len(a)
}

// extended reports whether the heard words, joined, are the term and
// three or more letters more.
func extended(heard []string, term string) bool {
	h := strings.Join(heard, "")
	return len(term) >= 3 && len(h) >= len(term)+3 && strings.HasPrefix(h, term)
}

// nameTerm reports whether the term puts in a word English knows only as
// a name ("Michael", "Kennedy") that the heard words lack.
func nameTerm(t *text, c candidate, tm *term) bool {
	for _, w := range tm.fields {
		if english.Lookup(w) == english.Name && !containsFold(t.fold[c.i:c.j], w) {
			return true
		}
	}
	return false
}

// sameDigits reports whether the heard words and the term hold the same
// digits, a digit on one side counting as there when the other spells
// it as a word, whole or inside one ("PyToApp" is Py2app, "tab9" is
// Tabnine, "0MQ" is ZeroMQ, "0DB" is ZODB), as digits are said.
func sameDigits(t *text, c candidate, tm *term) bool {
	heard := strings.Join(t.joined[c.i:c.j], "")
	hd, td := digitsOf(heard), digitsOf(tm.joined)
	if hd == td {
		return true
	}
	for _, d := range td {
		if !strings.ContainsRune(hd, d) && !spellsDigit(heard, d) {
			return false
		}
	}
	for _, d := range hd {
		if !strings.ContainsRune(td, d) && !spellsDigit(tm.joined, d) {
			return false
		}
	}
	return true
}

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if '0' <= r && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// spellsDigit reports whether folded letters hold a way digit d is said
// or heard ("to" for 2, "o" for 0).
func spellsDigit(s string, d rune) bool {
	for _, w := range digitWords[d-'0'] {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// digitWords are the ways each digit is said or heard.
var digitWords = [10][]string{
	{"zero", "o"}, {"one", "won"}, {"two", "to"}, {"three"}, {"four", "for"},
	{"five"}, {"six"}, {"seven"}, {"eight", "ate"}, {"nine"},
}

// pluralStem is a joined spelling without a plural ending.
func pluralStem(s string) string {
	if t, ok := strings.CutSuffix(s, "es"); ok && len(t) >= 3 {
		return t
	}
	if t, ok := strings.CutSuffix(s, "s"); ok && len(t) >= 3 {
		return t
	}
	return s
}

// dunderHeard reports whether a term of Python's special names
// ("__main__", "__init__") is said as one: "dunder main", "under init".
// Heard otherwise ("Mon Area", "moon"), it is another word.
func dunderHeard(t *text, c candidate, tm *term) bool {
	if !strings.HasPrefix(tm.Text, "__") {
		return true
	}
	for k := c.i; k < c.j; k++ {
		if f := t.fold[k]; strings.Contains(f, "under") || f == "done" || f == "dunder" {
			return true
		}
	}
	return false
}

// MinSlugLetters is the fewest letters a word of an episode's file name
// needs to say what the episode is about ("fastui"; not "and", "v2").
const MinSlugLetters = 4

// slugNames reports whether the words of an episode's slug name a term:
// its letters joined are one slug word ("dagster", "fastui"), or each of
// its words, split at hyphens too, is one ("django-ninja" for Django
// Ninja).
func slugNames(slug map[string]bool, tm *term) bool {
	if len(slug) == 0 {
		return false
	}
	if slug[tm.joined] {
		return true
	}
	parts := strings.FieldsFunc(tm.fold, func(r rune) bool { return r == ' ' || r == '-' })
	for _, w := range parts {
		if !slug[w] {
			return false
		}
	}
	return len(parts) > 1
}

// slugWords returns the words of an episode's slug, folded, of
// MinSlugLetters letters or more.
func slugWords(slug string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(slug), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if utf8.RuneCountInString(w) >= MinSlugLetters {
			out[w] = true
		}
	}
	return out
}
