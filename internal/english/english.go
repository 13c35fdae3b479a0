// Package english knows which words are ordinary English, so that a
// correction of a word that is no English at all ("Pydentic", "Daxter",
// "Streamlet") can be trusted more than one of a word with a sense of its
// own ("pedantic", "rough", "ginger").
//
// The word list is SCOWL's American English list as Debian ships it in the
// wamerican package (2020.12.07), without possessives: 74,744 words,
// common words in lower case and names capitalised. Its permissive licence
// is in SCOWL-COPYRIGHT. gen.sh rebuilds words.txt.gz.
package english

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed words.txt.gz
var wordsGz []byte

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
