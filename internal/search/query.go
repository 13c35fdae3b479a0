package search

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/rules"
)

// Query is a parsed query: clauses that must all match a segment, each a
// choice of items (a OR b), items that must not match, and filters.
type Query struct {
	Clauses []Clause
	Not     []Item
	// Filters; a nil slice does not filter.
	Shows    []string // folded substrings of a show's name
	Episodes []Range  // episode numbers
	Years    []Range
	Speakers []string // folded substrings of a speaker's name
}

// Clause is a choice of items, any of which may match.
type Clause struct{ Alts []Item }

// Item is a word or a phrase to look for.
type Item struct {
	// Words are folded words; a phrase has more than one.
	Words []string
	// Prefix: the last word is a prefix ("pydan*").
	Prefix bool
	// SoundsLike: also find words and word pairs that sound alike.
	SoundsLike bool
}

// Range is an inclusive range of integers.
type Range struct{ Lo, Hi int }

func (r Range) has(v int) bool { return r.Lo <= v && v <= r.Hi }

// String shows an item as it would be written in a query.
func (it Item) String() string {
	s := strings.Join(it.Words, " ")
	if len(it.Words) > 1 {
		s = `"` + s + `"`
	}
	if it.Prefix {
		s += "*"
	}
	if it.SoundsLike {
		s += "~"
	}
	return s
}

// SyntaxError is a query that cannot be understood, or (Costly) one
// that asks for more work than a query may take.
type SyntaxError struct {
	Msg    string
	Costly bool
}

func (e *SyntaxError) Error() string {
	if e.Costly {
		return "query too costly: " + e.Msg
	}
	return "bad query: " + e.Msg
}

func syntaxf(format string, args ...any) error {
	return &SyntaxError{Msg: fmt.Sprintf(format, args...)}
}

func costlyf(format string, args ...any) error {
	return &SyntaxError{Msg: fmt.Sprintf(format, args...), Costly: true}
}

// MaxQueryLen is the longest query accepted, in bytes.
const MaxQueryLen = 1000

// Bounds on the shape of a query, so that no query accepted costs much
// more than the costliest of them: each widened word (a prefix, a
// sound-alike) and each word of a phrase adds postings to walk. MaxWork
// (exec.go) bounds what is left: the postings a query walks.
const (
	MaxPhraseWords  = 8  // words in one quoted phrase
	MaxAlternatives = 8  // words or phrases joined by OR
	MaxItems        = 16 // words and phrases in a query, excluded ones included
	MaxPrefixes     = 4  // prefix items (pyd*)
	MaxSoundsLike   = 6  // sounds-like items (fastapi~, or every item with sounds_like)
)

// checkCost refuses a query over the bounds on its shape.
func (q *Query) checkCost() error {
	items, prefixes, sounds := 0, 0, 0
	count := func(it Item) error {
		items++
		if it.Prefix {
			prefixes++
		}
		if it.SoundsLike {
			sounds++
		}
		if len(it.Words) > MaxPhraseWords {
			return costlyf("the phrase %s has %d words; at most %d are searched as one phrase", it, len(it.Words), MaxPhraseWords)
		}
		return nil
	}
	for _, c := range q.Clauses {
		if len(c.Alts) > MaxAlternatives {
			return costlyf("%d alternatives joined by OR; at most %d are allowed", len(c.Alts), MaxAlternatives)
		}
		for _, it := range c.Alts {
			if err := count(it); err != nil {
				return err
			}
		}
	}
	for _, it := range q.Not {
		if err := count(it); err != nil {
			return err
		}
	}
	switch {
	case items > MaxItems:
		return costlyf("%d words and phrases; at most %d are allowed", items, MaxItems)
	case prefixes > MaxPrefixes:
		return costlyf("%d prefixes (word*); at most %d are allowed", prefixes, MaxPrefixes)
	case sounds > MaxSoundsLike:
		return costlyf("%d sounds-like words; at most %d are allowed", sounds, MaxSoundsLike)
	}
	return nil
}

// Parse reads a query:
//
//	uv                      a word (case and accents as written do not matter)
//	"type hints"            a phrase
//	pydantic OR attrs       either
//	-django                 not
//	pyd*                    a prefix (at least 2 letters)
//	fastapi~  "fast api"~   sounds like (finds what speech recognition misheard)
//	show:bytes episode:300-350 year:2023 year:2020-2022 speaker:michael
//
// soundsLike makes every word and phrase sound-alike, as if each ended
// with ~.
func Parse(s string, soundsLike bool) (*Query, error) {
	if len(s) > MaxQueryLen {
		return nil, syntaxf("query longer than %d bytes", MaxQueryLen)
	}
	if !utf8.ValidString(s) {
		return nil, syntaxf("query is not valid UTF-8")
	}
	q := &Query{}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	pendingOr := false
	for i, t := range toks {
		if t.or {
			if i == 0 || pendingOr || len(q.Clauses) == 0 || toks[i-1].neg || toks[i-1].filter != "" {
				return nil, syntaxf("OR must stand between two words or phrases")
			}
			pendingOr = true
			continue
		}
		if t.filter != "" {
			if pendingOr {
				return nil, syntaxf("OR must stand between two words or phrases, not before %s:", t.filter)
			}
			if err := q.addFilter(t.filter, t.text); err != nil {
				return nil, err
			}
			continue
		}
		it, ok, err := makeItem(t, soundsLike)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		switch {
		case t.neg:
			if pendingOr {
				return nil, syntaxf("OR cannot be followed by an exclusion")
			}
			q.Not = append(q.Not, it)
		case pendingOr:
			c := &q.Clauses[len(q.Clauses)-1]
			c.Alts = append(c.Alts, it)
			pendingOr = false
		default:
			q.Clauses = append(q.Clauses, Clause{Alts: []Item{it}})
		}
	}
	if pendingOr {
		return nil, syntaxf("OR at the end of the query")
	}
	if len(q.Clauses) == 0 {
		return nil, syntaxf("nothing to search for (give at least one word or phrase that is not excluded)")
	}
	if err := q.checkCost(); err != nil {
		return nil, err
	}
	return q, nil
}

type token struct {
	text   string
	quoted bool
	neg    bool
	or     bool
	filter string // field name of field:value
	prefix bool
	sounds bool
}

var fields = map[string]bool{"show": true, "episode": true, "year": true, "speaker": true}

// lex splits a query into tokens: quoted phrases, words, OR, fields.
func lex(s string) ([]token, error) {
	var out []token
	i := 0
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return out, nil
		}
		var t token
		if s[i] == '-' && i+1 < len(s) && !isSpace(s[i+1]) {
			t.neg = true
			i++
		}
		// field:value, where value may be quoted.
		if j := strings.IndexByte(s[i:], ':'); j > 0 && !strings.ContainsAny(s[i:i+j], " \t\n\"") && fields[strings.ToLower(s[i:i+j])] {
			if t.neg {
				return nil, syntaxf("filters cannot be excluded (-%s)", s[i:i+j])
			}
			t.filter = strings.ToLower(s[i : i+j])
			i += j + 1
			if i < len(s) && s[i] == '"' {
				end := strings.IndexByte(s[i+1:], '"')
				if end < 0 {
					return nil, syntaxf("unclosed quote after %s:", t.filter)
				}
				t.text = s[i+1 : i+1+end]
				i += end + 2
			} else {
				start := i
				for i < len(s) && !isSpace(s[i]) {
					i++
				}
				t.text = s[start:i]
			}
			if strings.TrimSpace(t.text) == "" {
				return nil, syntaxf("%s: needs a value", t.filter)
			}
			out = append(out, t)
			continue
		}
		if i < len(s) && s[i] == '"' {
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				return nil, syntaxf("unclosed quote")
			}
			t.text, t.quoted = s[i+1:i+1+end], true
			i += end + 2
		} else {
			start := i
			for i < len(s) && !isSpace(s[i]) && s[i] != '"' {
				i++
			}
			t.text = s[start:i]
			if t.text == "OR" && !t.neg {
				out = append(out, token{or: true})
				continue
			}
		}
		// Suffixes: ~ and *, in either order.
		for i < len(s) && (s[i] == '~' || s[i] == '*') {
			if s[i] == '~' {
				t.sounds = true
			} else {
				t.prefix = true
			}
			i++
		}
		for strings.HasSuffix(t.text, "~") || strings.HasSuffix(t.text, "*") {
			if strings.HasSuffix(t.text, "~") {
				t.sounds = true
			} else {
				t.prefix = true
			}
			t.text = t.text[:len(t.text)-1]
		}
		out = append(out, t)
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// makeItem folds a token's words; ok is false when it has none (a lone
// punctuation mark).
func makeItem(t token, soundsLike bool) (Item, bool, error) {
	var it Item
	for _, w := range rules.Words(t.text) {
		it.Words = append(it.Words, string(fold(nil, w)))
	}
	if len(it.Words) == 0 {
		if t.prefix || t.sounds || t.quoted {
			return it, false, syntaxf("%q has no word in it", t.text)
		}
		return it, false, nil
	}
	it.SoundsLike = t.sounds || soundsLike && !t.neg
	it.Prefix = t.prefix
	if it.Prefix {
		last := it.Words[len(it.Words)-1]
		if utf8.RuneCountInString(last) < 2 {
			return it, false, syntaxf("prefix %s* is too short: give at least 2 letters", last)
		}
		if it.SoundsLike {
			return it, false, syntaxf("%s: a prefix cannot also be sounds-like", t.text)
		}
	}
	return it, true, nil
}

func (q *Query) addFilter(field, val string) error {
	switch field {
	case "show":
		q.Shows = append(q.Shows, foldPhrase(val))
	case "speaker":
		q.Speakers = append(q.Speakers, foldPhrase(val))
	case "episode", "year":
		r, err := parseRange(val)
		if err != nil {
			return syntaxf("%s:%s: %v", field, val, err)
		}
		if field == "year" {
			q.Years = append(q.Years, r)
		} else {
			q.Episodes = append(q.Episodes, r)
		}
	}
	return nil
}

// foldPhrase folds a filter value: lower case, single spaces.
func foldPhrase(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

// parseRange reads "N" or "N-M" (or "N.." / "..M").
func parseRange(s string) (Range, error) {
	num := func(x string, def int) (int, error) {
		if x == "" {
			return def, nil
		}
		n, err := strconv.Atoi(x)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("want a number or a range like 10-20")
		}
		return n, nil
	}
	lo, hi, isRange := strings.Cut(strings.ReplaceAll(s, "..", "-"), "-")
	a, err := num(lo, 0)
	if err != nil {
		return Range{}, err
	}
	if !isRange {
		if lo == "" {
			return Range{}, fmt.Errorf("want a number or a range like 10-20")
		}
		return Range{a, a}, nil
	}
	b, err := num(hi, int(^uint(0)>>1))
	if err != nil {
		return Range{}, err
	}
	if b < a {
		return Range{}, fmt.Errorf("range ends before it starts")
	}
	return Range{a, b}, nil
}
