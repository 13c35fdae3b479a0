// Package pronounce owns how words sound: a pronouncing dictionary of
// English words (CMUdict), looked up by word with all its pronunciations,
// as sequences of ARPAbet phonemes without stress; letter-to-sound guesses
// for the words it lacks (Pronounce, Guess); and how far apart two
// pronunciations are (Distance, Key).
//
// The table is embedded as cmudict.txt.gz (126,046 words, 0.85 MB), made by
// gen.sh from the npm package cmu-pronouncing-dictionary 3.0.0 (run
// 'go generate ./internal/pronounce'); its BSD-style licence is in
// COPYRIGHT. It is read once, on the first lookup.
package pronounce

//go:generate sh gen.sh

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed cmudict.txt.gz
var dictGz []byte

// Phoneme is one ARPAbet phoneme, stress folded away.
type Phoneme uint8

// The 39 phonemes of ARPAbet as CMUdict writes them, in this order.
var phonemeNames = [...]string{
	"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW",
	"B", "CH", "D", "DH", "F", "G", "HH", "JH", "K", "L", "M", "N", "NG", "P", "R",
	"S", "SH", "T", "TH", "V", "W", "Y", "Z", "ZH",
}

// numVowels is how many of phonemeNames, from the first, are vowels.
const numVowels = 15

// NumPhonemes is how many phonemes there are; every Phoneme is below it.
const NumPhonemes = len(phonemeNames)

var phonemeByName = func() map[string]Phoneme {
	m := make(map[string]Phoneme, NumPhonemes)
	for i, n := range phonemeNames {
		m[n] = Phoneme(i)
	}
	return m
}()

// String is the phoneme's ARPAbet name ("JH").
func (p Phoneme) String() string {
	if int(p) < NumPhonemes {
		return phonemeNames[p]
	}
	return fmt.Sprintf("Phoneme(%d)", p)
}

// Vowel tells whether the phoneme is a vowel (ER included).
func (p Phoneme) Vowel() bool { return p < numVowels }

// Pronunciation is one way of saying a word.
type Pronunciation []Phoneme

// String writes the phonemes separated by spaces ("JH UW P AH T ER").
func (p Pronunciation) String() string {
	var b strings.Builder
	for i, ph := range p {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(ph.String())
	}
	return b.String()
}

// ParsePronunciation reads ARPAbet phonemes separated by blanks, with or
// without stress digits ("JH UW1 P AH0 T ER0").
func ParsePronunciation(s string) (Pronunciation, error) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return nil, fmt.Errorf("empty pronunciation")
	}
	p := make(Pronunciation, 0, len(fields))
	for _, f := range fields {
		name := strings.TrimRight(f, "012")
		ph, ok := phonemeByName[strings.ToUpper(name)]
		if !ok {
			return nil, fmt.Errorf("unknown phoneme %q", f)
		}
		p = append(p, ph)
	}
	return p, nil
}

var (
	once sync.Once
	dict map[string][]Pronunciation
)

// Lookup returns every pronunciation the dictionary has for the word, in
// the dictionary's order (the commonest first), or nil when it has none.
// Case does not matter. The slices are shared: do not modify them.
func Lookup(word string) []Pronunciation {
	once.Do(load)
	return dict[strings.ToLower(word)]
}

// Known tells whether the dictionary has the word.
func Known(word string) bool { return Lookup(word) != nil }

// Len is how many words the dictionary has.
func Len() int {
	once.Do(load)
	return len(dict)
}

func load() {
	d, err := parseDict(dictGz)
	if err != nil {
		// The table is embedded and tested: a failure is a build mistake.
		panic(fmt.Sprintf("pronounce: embedded cmudict.txt.gz: %v", err))
	}
	dict = d
}

// parseDict reads the gzipped table gen.sh writes.
func parseDict(gz []byte) (map[string][]Pronunciation, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	d := make(map[string][]Pronunciation, 130000)
	sc := bufio.NewScanner(zr)
	n := 0
	for sc.Scan() {
		n++
		word, prons, err := parseLine(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		d[word] = append(d[word], prons...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", n+1, err)
	}
	return d, nil
}

// parseLine reads "word<TAB>PH PH|PH PH".
func parseLine(line string) (string, []Pronunciation, error) {
	word, rest, ok := strings.Cut(line, "\t")
	if !ok || word == "" {
		return "", nil, fmt.Errorf("no word and tab in %q", line)
	}
	var prons []Pronunciation
	for alt := range strings.SplitSeq(rest, "|") {
		p, err := ParsePronunciation(alt)
		if err != nil {
			return "", nil, fmt.Errorf("word %q: %w", word, err)
		}
		prons = append(prons, p)
	}
	return strings.ToLower(word), prons, nil
}
