package rules

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/english"
)

// Matcher finds where rules apply, in one pass over a text whatever the
// number of rules: from each word it walks a trie of the rules' wrong
// words, one lookup a word, as far as the text follows a rule. Small
// tables of bits turn away first the words that begin no rule, or begin
// one only with a word after them that is not there.
type Matcher struct {
	root  node
	rules []*Rule
	// Most words of a text begin no rule, and most that begin one go on
	// to no word that continues it. Tables of bits that stay in the cache
	// tell so faster than lookups among thousands of words: firsts has a
	// bit for the shape (see shape) of each first word of the rules, ends
	// for each that is a rule's only word, pairs for the shapes of the
	// first two words of each longer rule, steps for each node of the trie
	// below the first words and the shape of a word leading on from it.
	firsts, ends, pairs, steps bits
	// topics are the rules' topics, by their first folded word, for
	// counting how often a transcript names them.
	topics map[string][]topic
	// behind and ahead are the most words a rule's contexts look at
	// before its words, and its contexts or topics after a word: how far
	// a window of the tokens must reach.
	behind, ahead int
	// inner is every folded word of a rule and of a topic, for Inert.
	inner map[string]bool
}

// topic is a rule's topic: its folded words, and them joined by spaces,
// the key compiled rules name it by.
type topic struct {
	words []string
	key   string
}

// TopicTimes is how often a transcript must name a rule's topic for the
// rule to apply there: a passing mention is not what an episode is about.
const TopicTimes = 3

// node is a place in the trie: the rules whose wrong words end here, and
// the words that lead further.
type node struct {
	rules []*compiled
	next  map[string]*node
	id    uint64 // for the table of steps (see Matcher.steps)
}

// add files a rule under its words.
func (n *node) add(c *compiled) {
	for _, w := range c.words {
		if n.next == nil {
			n.next = map[string]*node{}
		}
		child := n.next[w]
		if child == nil {
			child = &node{}
			n.next[w] = child
		}
		n = child
	}
	n.rules = append(n.rules, c)
}

// sortRules orders the rules of every node: case rules first, then rules
// with contexts (the more specific first), then in canonical order.
func (n *node) sortRules() {
	sort.SliceStable(n.rules, func(i, j int) bool {
		a, b := n.rules[i], n.rules[j]
		if a.rule.Case != b.rule.Case {
			return a.rule.Case
		}
		if (len(a.ifs) > 0) != (len(b.ifs) > 0) {
			return len(a.ifs) > 0
		}
		if (len(a.topics) > 0) != (len(b.topics) > 0) {
			return len(a.topics) > 0
		}
		return a.rank < b.rank
	})
	for _, c := range n.next {
		c.sortRules()
	}
}

// compiled is a rule ready for matching.
type compiled struct {
	rule   *Rule
	words  []string // folded wrong words
	exact  []string // the wrong words as written, for case rules
	ifs    []Context
	unless []Context
	topics []string // folded topic words, each joined by single spaces
	rank   int      // the rule's place in a canonical order, to break ties
	// The keys sorting and comparing rules use, made once: the folded
	// words, the contexts, and the canonical order of all.
	wordsKey, ifsKey, unlessKey, topicKey, key string
}

// Compile prepares rules for matching. Two rules that would compete for
// the same words in the same places with different corrections are an
// error: which one applies must never depend on the order of the rules.
func Compile(rs []*Rule) (*Matcher, error) {
	m := &Matcher{rules: rs}
	cs := make([]*compiled, 0, len(rs))
	topicKeys := map[string]bool{}
	for _, r := range rs {
		words := Words(r.Wrong)
		if len(words) == 0 {
			return nil, fmt.Errorf("%s:%d: no word to match in %q", r.Source, r.Line, r.Wrong)
		}
		if len(words) > maxWords {
			return nil, fmt.Errorf("%s:%d: %q has more than %d words", r.Source, r.Line, r.Wrong, maxWords)
		}
		c := &compiled{rule: r, exact: words}
		for _, w := range words {
			c.words = append(c.words, Fold(w))
		}
		c.ifs = foldContexts(r.If)
		c.unless = foldContexts(r.Unless)
		for _, x := range append(append([]Context(nil), c.ifs...), c.unless...) {
			m.behind, m.ahead = max(m.behind, len(x.Before)), max(m.ahead, len(x.After))
		}
		for _, t := range r.Topic {
			var ws []string
			for _, w := range Words(t) {
				ws = append(ws, Fold(w))
			}
			if len(ws) == 0 {
				return nil, fmt.Errorf("%s:%d: no word in topic %q", r.Source, r.Line, t)
			}
			m.ahead = max(m.ahead, len(ws))
			key := strings.Join(ws, " ")
			if slices.Contains(c.topics, key) {
				continue
			}
			c.topics = append(c.topics, key)
			if !topicKeys[key] {
				topicKeys[key] = true
				if m.topics == nil {
					m.topics = map[string][]topic{}
				}
				m.topics[ws[0]] = append(m.topics[ws[0]], topic{ws, key})
			}
		}
		slices.Sort(c.topics)
		c.wordsKey, c.ifsKey, c.unlessKey = strings.Join(c.words, " "), contextsKey(c.ifs), contextsKey(c.unless)
		c.topicKey = strings.Join(c.topics, "\x00")
		c.key = canonical(c)
		cs = append(cs, c)
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].key < cs[j].key })
	var errs []error
	for i, c := range cs {
		c.rank = i
		if i > 0 && sameTrigger(cs[i-1], c) {
			p := cs[i-1].rule
			if p.Right != c.rule.Right {
				errs = append(errs, fmt.Errorf("%s:%d: %q => %q conflicts with %q => %q at %s:%d: same words, same conditions",
					c.rule.Source, c.rule.Line, c.rule.Wrong, c.rule.Right, p.Wrong, p.Right, p.Source, p.Line))
			}
			continue // an exact duplicate, or a conflict reported
		}
		m.root.add(c)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	m.root.sortRules()
	m.fillTables()
	m.fillInner()
	return m, nil
}

// bits is a table of bits, a power of two of them, set by hashes.
type bits struct {
	words []uint64
	shift uint // 64 less the log of the number of bits
}

// newBits returns a table of about 16 bits for each of n entries, and
// 2^16 (8 KB) at least.
func newBits(n int) bits {
	b := bits{shift: 64 - 16}
	for 1<<(64-b.shift) < 16*n {
		b.shift--
	}
	b.words = make([]uint64, 1<<(64-b.shift)/64)
	return b
}

// set sets the bit of a hash: its top bits, which in a product depend on
// all the bits of what was multiplied.
func (b bits) set(h uint64) {
	k := h >> b.shift
	b.words[k/64] |= 1 << (k % 64)
}

// has reports whether the bit of a hash is set.
func (b bits) has(h uint64) bool {
	k := h >> b.shift
	return b.words[k/64]&(1<<(k%64)) != 0
}

// shape hashes a folded word's length and its first, second, middle and
// last bytes.
func shape(w string) uint64 {
	n := len(w)
	if n == 0 {
		return 0
	}
	x := uint64(n) | uint64(w[0])<<8 | uint64(w[min(1, n-1)])<<16 | uint64(w[n/2])<<24 | uint64(w[n-1])<<32
	return x * 0x9E3779B97F4A7C15
}

// after hashes a hash (of a word or a node) and the shape of the folded
// word after it.
func after(h uint64, w string) uint64 {
	return h*0xC2B2AE3D27D4EB4F ^ shape(w)
}

// fillTables fills the tables of bits.
func (m *Matcher) fillTables() {
	m.firsts, m.ends = newBits(len(m.root.next)), newBits(len(m.root.next))
	npairs := 0
	for w, n := range m.root.next {
		m.firsts.set(shape(w))
		if len(n.rules) > 0 {
			m.ends.set(shape(w))
		}
		npairs += len(n.next)
	}
	m.pairs = newBits(npairs)
	for w, n := range m.root.next {
		for w2 := range n.next {
			m.pairs.set(after(shape(w), w2))
		}
	}
	var below []*node
	var walk func(n *node)
	walk = func(n *node) {
		for _, c := range n.next {
			below = append(below, c)
			walk(c)
		}
	}
	walk(&m.root)
	m.steps = newBits(len(below))
	for i, n := range below {
		n.id = uint64(i + 1)
	}
	for _, n := range below {
		for w := range n.next {
			m.steps.set(after(n.id, w))
		}
	}
}

// Rules returns the rules the matcher was compiled from.
func (m *Matcher) Rules() []*Rule { return m.rules }

// canonical is the key that orders rules whatever order they came in.
func canonical(c *compiled) string {
	return c.wordsKey + "\x00" + fmt.Sprint(c.rule.Case) + "\x00" + strings.ToLower(c.rule.Show) +
		"\x00" + c.ifsKey + "\x00" + c.unlessKey + "\x00" + c.topicKey + "\x00" + c.rule.Wrong + "\x00" + c.rule.Right
}

// sameTrigger reports whether two rules apply at exactly the same places.
func sameTrigger(a, b *compiled) bool {
	return a.wordsKey == b.wordsKey && a.rule.Case == b.rule.Case &&
		(!a.rule.Case || a.rule.Wrong == b.rule.Wrong) && strings.EqualFold(a.rule.Show, b.rule.Show) &&
		a.ifsKey == b.ifsKey && a.unlessKey == b.unlessKey && a.topicKey == b.topicKey
}

func contextsKey(cs []Context) string {
	keys := make([]string, len(cs))
	for i, c := range cs {
		keys[i] = c.String()
	}
	sort.Strings(keys)
	return strings.Join(keys, "|")
}

func foldContexts(cs []Context) []Context {
	out := make([]Context, len(cs))
	for i, c := range cs {
		for _, w := range c.Before {
			out[i].Before = append(out[i].Before, Fold(w))
		}
		for _, w := range c.After {
			out[i].After = append(out[i].After, Fold(w))
		}
	}
	return out
}

// Edit is a change the rules make to one text.
type Edit struct {
	// Text is the index of the text changed, Start and End the bytes of it
	// replaced by New.
	Text       int
	Start, End int
	New        string
	Rule       *Rule
	// Part is 0 for the edit that puts the right words in place; a match
	// whose wrong words run on into the next texts (a phrase split over
	// two cues) removes the rest of them there with parts 1, 2...
	Part int
}

// token is one word of the texts matched.
type token struct {
	text       int // which text
	start, end int // bytes of the word in its text
	fold       string
	// spaced is true when only white space (or the end of a text)
	// separates the word from the one before it.
	spaced           bool
	foldFrom, foldTo int
}

type scratch struct {
	toks []token
	fold []byte
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// Match finds where the rules apply in a sequence of texts (the segments of
// one transcript, in order) of the given show, and returns the edits,
// ordered and never overlapping. At each word the longest matching rule
// wins; the words it matched are then passed over. Wrong words may run
// from one text into the next, and contexts look across texts, so the cues
// of a .vtt and the lines of its .txt are corrected alike.
func (m *Matcher) Match(texts []string, show string) []Edit {
	return m.match(texts, show, nil, false, true)
}

// Places is Match without the guards for what people type as it is
// (handles, people's names; addresses and paths stay guarded): every
// place the rules' words stand where the rules hold. learn counts these,
// to tell where people kept words from where they fixed them; "@pythonbytes"
// is a place "pythonbytes" stands, though no fix edits it.
func (m *Matcher) Places(texts []string, show string) []Edit {
	return m.match(texts, show, nil, false, false)
}

// match is Match, with the topics' counts given when given is set, and
// the guards for what people type when guarded is.
func (m *Matcher) match(texts []string, show string, named map[string]int, given, guarded bool) []Edit {
	if len(m.root.next) == 0 {
		return nil
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	if !given {
		named = m.namings(texts, sc)
	}
	w := m.window(texts, sc)
	defer w.reuse(sc)
	var edits []Edit
	for at := 0; ; {
		toks, t, ok := w.at(at)
		if !ok {
			break
		}
		best := m.best(texts, toks, t, show, named)
		if best == nil {
			at++
			continue
		}
		n := len(best.words)
		first, last := toks[t], toks[t+n-1]
		if inPath(texts, toks, t, t+n) || guarded && (inHandle(texts, toks[t]) || ofAPerson(texts, toks, t, n, best.rule.Right)) {
			at++
			continue
		}
		if first.text == last.text {
			// Words that already read as the right ones need no edit.
			if texts[first.text][first.start:last.end] != best.rule.Right {
				edits = append(edits, Edit{Text: first.text, Start: first.start, End: last.end, New: best.rule.Right, Rule: best.rule})
			}
		} else {
			edits = append(edits, splitEdits(texts, toks[t:t+n], best.rule)...)
		}
		at += n
	}
	return edits
}

// inPath reports whether tokens i..j are part of an address or a path,
// glued by a slash to the word before or after them
// ("rollbar.com/talkpythontome"): a rule for the words alone would change
// what people wrote to be typed as it is.
func inPath(texts []string, toks []token, i, j int) bool {
	slash := func(a, b token) bool {
		if a.text != b.text || b.start <= a.end {
			return false
		}
		sep := texts[a.text][a.end:b.start]
		return strings.Contains(sep, "/") && !strings.ContainsFunc(sep, unicode.IsSpace)
	}
	return i > 0 && slash(toks[i-1], toks[i]) || j < len(toks) && slash(toks[j-1], toks[j])
}

// inHandle reports whether a token is the name of a handle or an address,
// written right after an "@" ("via @pythonbytes", "x@talkpython"): people
// type it as it is, and a rule for the name spoken would mangle it
// ("@at Python Bytes").
func inHandle(texts []string, first token) bool {
	return first.start > 0 && texts[first.text][first.start-1] == '@'
}

// ofAPerson reports whether the one word a rule would change is, written
// with a capital, part of a person's name: beside a word the dictionary
// has only as a name ("Sam Gill", "Dick Taylor"). A rule whose right side
// is written as a name ("Brian Akin" to Okken) is a fix of that name and
// applies; one to an acronym or a word in lower case (GIL, dict) does not.
func ofAPerson(texts []string, toks []token, t, n int, right string) bool {
	if n != 1 || writtenAsName(right) {
		return false
	}
	word := func(i int) string { x := toks[i]; return texts[x.text][x.start:x.end] }
	w := word(t)
	if !writtenAsName(w) || english.Lookup(w) != english.Common {
		return false
	}
	name := func(i int) bool {
		return i >= 0 && i < len(toks) && toks[i].text == toks[t].text && writtenAsName(word(i)) && english.Lookup(word(i)) == english.Name
	}
	return name(t-1) && toks[t].spaced || name(t+1) && toks[t+1].spaced
}

// writtenAsName reports whether a word is written as a name is: a capital,
// then a letter in lower case ("Gill", "Okken"; not "GIL", "dict").
func writtenAsName(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	r2, _ := utf8.DecodeRuneInString(w[size:])
	return unicode.IsUpper(r) && unicode.IsLower(r2)
}

// best returns the rule that applies at token t, or nil: of the rules
// whose words the text follows from t, the longest whose conditions hold.
func (m *Matcher) best(texts []string, toks []token, t int, show string, named map[string]int) *compiled {
	first := shape(toks[t].fold)
	if !m.firsts.has(first) {
		return nil
	}
	// Unless a rule may be this word alone, the next word must be one
	// that may follow it in a rule.
	if !m.ends.has(first) && (t+1 >= len(toks) || !toks[t+1].spaced || !m.pairs.has(after(first, toks[t+1].fold))) {
		return nil
	}
	var path [maxWords]*node
	depth := 0
	for n := m.root.next[toks[t].fold]; n != nil; {
		path[depth] = n
		depth++
		k := t + depth
		if depth == maxWords || k >= len(toks) || !toks[k].spaced || n.next == nil {
			break
		}
		if !m.steps.has(after(n.id, toks[k].fold)) {
			break
		}
		n = n.next[toks[k].fold]
	}
	for d := depth; d > 0; d-- {
		for _, c := range path[d-1].rules {
			if m.holds(c, texts, toks, t, show, named) {
				return c
			}
		}
	}
	return nil
}

// maxWords bounds the words of a rule's wrong side.
const maxWords = 16

// holds reports whether a rule whose words the text follows from t
// applies there: its case, show, topic and contexts.
func (m *Matcher) holds(c *compiled, texts []string, toks []token, t int, show string, named map[string]int) bool {
	n := len(c.words)
	if c.rule.Case {
		for k := 0; k < n; k++ {
			tk := toks[t+k]
			if texts[tk.text][tk.start:tk.end] != c.exact[k] {
				return false
			}
		}
	}
	if c.rule.Show != "" && !strings.EqualFold(c.rule.Show, show) {
		return false
	}
	if len(c.topics) > 0 && !slices.ContainsFunc(c.topics, func(k string) bool { return named[k] >= TopicTimes }) {
		return false
	}
	if anyContext(c.unless, toks, t, n) {
		return false
	}
	return len(c.ifs) == 0 || anyContext(c.ifs, toks, t, n)
}

// namings counts how often the texts name each topic of the rules, by
// its key; nil when no rule has a topic.
func (m *Matcher) namings(texts []string, sc *scratch) map[string]int {
	if len(m.topics) == 0 {
		return nil
	}
	w := m.window(texts, sc)
	defer w.reuse(sc)
	counts := map[string]int{}
	for at := 0; ; at++ {
		toks, t, ok := w.at(at)
		if !ok {
			break
		}
		for _, tp := range m.topics[toks[t].fold] {
			if t+len(tp.words) > len(toks) {
				continue
			}
			ok := true
			for k := 1; k < len(tp.words) && ok; k++ {
				ok = toks[t+k].fold == tp.words[k] && toks[t+k].spaced
			}
			if ok {
				counts[tp.key]++
			}
		}
	}
	return counts
}

// anyContext reports whether one of the contexts is met around the n
// tokens from t.
func anyContext(cs []Context, toks []token, t, n int) bool {
	for _, c := range cs {
		if t < len(c.Before) || t+n+len(c.After) > len(toks) {
			continue
		}
		ok := true
		for k, w := range c.Before {
			if toks[t-len(c.Before)+k].fold != w {
				ok = false
				break
			}
		}
		for k, w := range c.After {
			if !ok {
				break
			}
			ok = toks[t+n+k].fold == w
		}
		if ok {
			return true
		}
	}
	return false
}

// splitEdits makes the edits of a match whose words run over several
// texts: the right words replace the matched words of the first text, and
// the matched words of the next texts go, with the white space after them.
// Punctuation that closes the last matched word ("Alchemy." or "Python,")
// goes with the words, to the end of the right ones, so that the next text
// does not open with it, even when that leaves the text empty (as a cue of
// the one word "Alchemy." would be): an empty cue shows nothing wrong.
func splitEdits(texts []string, toks []token, r *Rule) []Edit {
	var out []Edit
	for i := 0; i < len(toks); {
		j := i
		for j+1 < len(toks) && toks[j+1].text == toks[i].text {
			j++
		}
		e := Edit{Text: toks[i].text, Start: toks[i].start, End: toks[j].end, Rule: r, Part: len(out)}
		if e.Part == 0 {
			e.New = r.Right
		} else {
			s := texts[e.Text]
			if j == len(toks)-1 {
				if p := closing(s, e.End); p > e.End {
					out[0].New += s[e.End:p]
					e.End = p
				}
			}
			for e.End < len(s) && (s[e.End] == ' ' || s[e.End] == '\t' || s[e.End] == '\n') {
				e.End++
			}
		}
		out = append(out, e)
		i = j + 1
	}
	return out
}

// closingMarks are the marks that may close a word: ending a sentence or a
// clause, or a bracket or quotation.
const closingMarks = ".,;:!?)]}\"'”’…"

// closing returns the end of the punctuation that closes the word ending
// at i in s (a possessive "'s" counts, as for nextWord), when white space
// or the end of s follows it; i when there is none.
func closing(s string, i int) int {
	j := i + possessive(s, i)
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !strings.ContainsRune(closingMarks, r) {
			break
		}
		j += n
	}
	if j < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[j:]); !unicode.IsSpace(r) {
			return i
		}
	}
	return j
}

// Apply returns the texts with the edits made. Edits must be ordered and
// not overlap, as Match returns them.
func Apply(texts []string, edits []Edit) []string {
	out := append([]string(nil), texts...)
	for i := 0; i < len(edits); {
		t := edits[i].Text
		j := i
		for j < len(edits) && edits[j].Text == t {
			j++
		}
		var b strings.Builder
		s := texts[t]
		at := 0
		for _, e := range edits[i:j] {
			b.WriteString(s[at:e.Start])
			b.WriteString(e.New)
			at = e.End
		}
		b.WriteString(s[at:])
		out[t] = b.String()
		i = j
	}
	return out
}

// CompileWith compiles the base rules with the extra ones, leaving out each
// extra rule that conflicts with those before it (a proposal or a spelling
// for words a rule already corrects otherwise). Should the base rules not
// compile, it returns fallback.
func CompileWith(base, extra []*Rule, fallback *Matcher) *Matcher {
	if m, err := Compile(append(append([]*Rule(nil), base...), extra...)); err == nil {
		return m
	}
	kept := append([]*Rule(nil), base...)
	for _, r := range extra {
		if _, err := Compile(append(kept, r)); err == nil {
			kept = append(kept, r)
		}
	}
	if m, err := Compile(kept); err == nil {
		return m
	}
	return fallback
}
