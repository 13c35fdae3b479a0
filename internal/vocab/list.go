package vocab

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/english"
	"github.com/emend-project/emend/internal/rules"
)

// A vocabulary list — a user vocabulary file or emend's starter list — has
// one term a line, in its canonical spelling:
//
//	# Python web frameworks
//	FastAPI
//	Sebastián Ramírez
//	Black !common    # also an ordinary word
//	WSGI ~ whiskey, wiz gee
//
// A "#" that starts a line or follows a blank starts a comment; blank
// lines are skipped. A line may end with the flag "!common": the term is
// also an ordinary English word, so a suggestion for it needs context.
// After a "~", comma-separated, come the term's "sounds like" aliases: how
// it is said, or heard, in ordinary words ("whiskey" for WSGI), as speech
// services' custom vocabularies take them. Words heard like an alias are
// candidates for the term even when they are ordinary English.

// Entry is one line of a vocabulary list.
type Entry struct {
	Text   string
	Common bool
	// SoundsLike are the term's aliases, as written after "~".
	SoundsLike []string
	Line       int
}

// MaxSoundsLike is the most aliases a term keeps: the rest of a long list
// (or of a long history of fixes) adds little but time.
const MaxSoundsLike = 16

// maxTermLen bounds a term: longer lines are prose, not a name.
const maxTermLen = 120

// ParseList reads a vocabulary list; source names it in errors, which say
// "source:line: problem" for each bad line.
func ParseList(r io.Reader, source string) ([]Entry, error) {
	var out []Entry
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		e, err := parseEntry(sc.Text())
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", source, n, err))
			continue
		}
		if e.Text == "" {
			continue
		}
		e.Line = n
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s:%d: %w", source, n+1, err))
	}
	return out, errors.Join(errs...)
}

// parseEntry parses one line; an empty Text means a blank or comment line.
func parseEntry(line string) (Entry, error) {
	if !utf8.ValidString(line) {
		return Entry{}, errors.New("not UTF-8 text")
	}
	line = strings.TrimPrefix(line, "\uFEFF")
	if i := commentStart(line); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return Entry{}, nil
	}
	var e Entry
	for {
		i := strings.LastIndexAny(line, " \t")
		if i < 0 || !strings.HasPrefix(line[i+1:], "!") {
			break
		}
		switch flag := line[i+1:]; flag {
		case "!common":
			e.Common = true
		default:
			return Entry{}, fmt.Errorf("unknown flag %q (known: !common)", flag)
		}
		line = strings.TrimSpace(line[:i])
	}
	if strings.HasPrefix(line, "!") {
		return Entry{}, fmt.Errorf("a flag without a term: %q", line)
	}
	if i := strings.IndexByte(line, '~'); i >= 0 {
		aliases, err := parseSoundsLike(line[i+1:])
		if err != nil {
			return Entry{}, err
		}
		e.SoundsLike = aliases
		line = strings.TrimSpace(line[:i])
		if line == "" {
			return Entry{}, errors.New(`sounds-like aliases without a term (write "Term ~ alias, alias")`)
		}
	}
	if len(line) > maxTermLen {
		return Entry{}, fmt.Errorf("%d bytes is too long for a term (at most %d)", len(line), maxTermLen)
	}
	if !strings.ContainsFunc(line, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return Entry{}, fmt.Errorf("%q has no letter or digit", line)
	}
	e.Text = strings.Join(strings.Fields(line), " ")
	return e, nil
}

// parseSoundsLike parses the comma-separated aliases after a "~".
func parseSoundsLike(s string) ([]string, error) {
	var out []string
	for _, a := range strings.Split(s, ",") {
		a = strings.Join(strings.Fields(a), " ")
		switch {
		case a == "":
			return nil, errors.New(`an empty sounds-like alias (write "Term ~ alias, alias")`)
		case len(a) > maxTermLen:
			return nil, fmt.Errorf("%d bytes is too long for a sounds-like alias (at most %d)", len(a), maxTermLen)
		case !strings.ContainsFunc(a, unicode.IsLetter):
			return nil, fmt.Errorf("sounds-like alias %q has no letter", a)
		case strings.ContainsRune(a, '~'):
			return nil, fmt.Errorf("a second \"~\" in %q", s)
		}
		if len(out) == MaxSoundsLike {
			return nil, fmt.Errorf("more than %d sounds-like aliases", MaxSoundsLike)
		}
		out = append(out, a)
	}
	return out, nil
}

// commentStart returns where a comment starts: a "#" at the start of the
// line or after a blank; -1 if none. "C#" and "F#" are terms.
func commentStart(line string) int {
	for i := 0; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return i
		}
	}
	return -1
}

// ReadList reads a vocabulary list file.
func ReadList(path string) ([]Entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("vocabulary: %w", err)
	}
	return ParseList(bytes.NewReader(data), path)
}

// ReadFile reads a user vocabulary file, one term a line, and returns its
// terms. Errors name file:line. See ReadList for the "!common" flags too.
func ReadFile(path string) ([]string, error) {
	es, err := ReadList(path)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Text
	}
	return out, nil
}

//go:embed starter.txt
var starterText []byte

var (
	starterOnce    sync.Once
	starterEntries []Entry
)

// StarterEntries returns the entries of the embedded starter list.
func StarterEntries() []Entry {
	starterOnce.Do(func() {
		es, err := ParseList(bytes.NewReader(starterText), "internal/vocab/starter.txt")
		if err != nil {
			panic(err) // a test keeps the shipped list valid
		}
		starterEntries = es
	})
	return starterEntries
}

// Starter returns a new vocabulary of the starter list emend ships
// (internal/vocab/starter.txt), every term FromStarter.
func Starter() *Vocabulary {
	v := New()
	v.AddEntries(StarterEntries(), FromStarter)
	return v
}

// FromRuleSet returns the right-hand sides of rules that are terms, each
// once, in rule order: a right side of at most four words that has a
// capital, a digit or a joined word ("scikit-learn", "Node.js"), or a
// single word that is not common English ("pytest", "pipx"). "going to"
// and "their" are corrections of ordinary words, not terms; empty right
// sides (deletions) are none.
func FromRuleSet(rs []*rules.Rule) []string {
	var out []string
	seen := map[string]bool{}
	anywhere := map[string]bool{} // right sides of a rule without a context
	for _, r := range rs {
		if r != nil && len(r.If) == 0 && len(r.Topic) == 0 {
			anywhere[strings.Join(strings.Fields(r.Right), " ")] = true
		}
	}
	for _, r := range rs {
		if r == nil {
			continue
		}
		right := strings.Join(strings.Fields(r.Right), " ")
		if right == "" || seen[right] || !ruleTerm(right) || OrdinaryWords(right) && (!anywhere[right] || len(rules.Words(right)) > 1) {
			continue
		}
		seen[right] = true
		out = append(out, right)
	}
	return out
}

// AddRules adds the right sides of rules that are terms (FromRuleSet),
// FromRules, each seen once, with the rules' wrong sides as the terms'
// HeardAs aliases: every wrong side people fixed is a way the term is
// heard, and words heard like it are candidates for the term too
// ("Atkin" when people fixed "Arkin" to Okken). Deletions give no term;
// see maxAliasWords for the wrong sides left out.
func (v *Vocabulary) AddRules(rs []*rules.Rule) {
	for _, right := range FromRuleSet(rs) {
		v.add(right, FromRules, 1, false, nil)
	}
	for _, r := range rs {
		if r == nil {
			continue
		}
		t := v.Lookup(r.Right)
		if t == nil || t.Sources&FromRules == 0 || len(r.If) > 0 || len(r.Topic) > 0 ||
			len(rules.Words(r.Wrong)) > maxAliasWords || len(Key(r.Wrong)) < minAliasLetters {
			continue
		}
		t.HeardAs = t.addAlias(t.HeardAs, r.Wrong)
	}
}

// A rule's wrong side is an alias of its term only when the rule applies
// anywhere (a wrong side fixed only in a context, "tack" for Talk before
// "python", is an ordinary word elsewhere), it has at most maxAliasWords
// words (the longest span a candidate has) and at least minAliasLetters
// letters: "Top" and "IPI" sound like too many words.
const (
	maxAliasWords   = 4
	minAliasLetters = 5
)

// OrdinaryWords reports whether every word of s, split at spaces and
// hyphens too, is an ordinary English word (english.Common): "Talk",
// "Python to Me", "Open-source". As a rule's right side, such words are a
// name only in the contexts its rules give ("Top" => Talk before
// "python"), or a part of one ("Pythony" => "Python to Me", of the show's
// name): they are a term only as one word that a rule without a context
// writes ("black" => Black).
func OrdinaryWords(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '-' }) {
		if english.Lookup(strings.Trim(w, ".,;:!?\"'()")) != english.Common {
			return false
		}
	}
	return true
}

func ruleTerm(s string) bool {
	ws := rules.Words(s)
	if len(ws) == 0 || len(ws) > 4 {
		return false
	}
	if len(ws) == 1 && notTerm(rules.Fold(ws[0])) {
		return false
	}
	if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsUpper(r) || unicode.IsDigit(r) }) {
		return true
	}
	for _, w := range ws {
		if strings.ContainsAny(w, "-._") {
			return true
		}
	}
	return len(ws) == 1 && !isCommonWord(rules.Fold(ws[0]))
}
