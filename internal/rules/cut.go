package rules

// What a streamed fix needs to match a long transcript a window of texts
// at a time, and get what matching it whole gives (see package fix).

// Inert reports whether a word, as a text has it, takes part in no rule:
// it is none of the rules' wrong words and no word of their topics. No
// match, and no naming of a topic, covers an inert word, so none runs
// over a cut made just before one: the texts on either side of it may be
// matched apart, given the words around the cut for the rules' contexts
// (Reach says how many).
func (m *Matcher) Inert(word string) bool {
	f := Fold(word)
	if _, ok := m.root.next[f]; ok {
		return false
	}
	return !m.inner[f]
}

// Reach is how many words before and after a match the matcher looks at:
// its contexts, and the word glued to it by a slash (an address).
func (m *Matcher) Reach() (behind, ahead int) { return m.behind + 1, m.ahead + 1 }

// FirstWord returns the bytes of the first word of s as the matcher reads
// words, or start = len(s) when it has none.
func FirstWord(s string) (start, end int) {
	start, end, _ = nextWord(s, 0)
	return start, end
}

// Namings counts how often the texts name each topic of the rules; nil
// when no rule has a topic. Counts of windows cut before inert words add
// up to those of the whole.
func (m *Matcher) Namings(texts []string) map[string]int {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	return m.namings(texts, sc)
}

// MatchNamed is Match with the topics' counts given: those of the whole
// transcript, when texts are a window of it.
func (m *Matcher) MatchNamed(texts []string, show string, named map[string]int) []Edit {
	return m.match(texts, show, named, true, true)
}

// fillInner fills m.inner, for Inert.
func (m *Matcher) fillInner() {
	m.inner = map[string]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		for w, c := range n.next {
			m.inner[w] = true
			walk(c)
		}
	}
	walk(&m.root)
	for _, ts := range m.topics {
		for _, tp := range ts {
			for _, w := range tp.words {
				m.inner[w] = true
			}
		}
	}
}
