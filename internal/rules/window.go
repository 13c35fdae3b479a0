package rules

// tokenizer reads the words of texts as tokenize lists them, a chunk at
// a time, so that a long transcript (two million words in a one-line
// 10 MB file) is never held as a list of tokens.
type tokenizer struct {
	texts      []string
	ti, i      int // the text being read, and where its next word is looked for
	prevEnd    int // the end of its last word
	tailSpaced bool
	fold       []byte
}

func newTokenizer(texts []string) *tokenizer { return &tokenizer{texts: texts, tailSpaced: true} }

// more appends up to n more tokens to toks; fewer only at the end of the
// texts.
func (z *tokenizer) more(toks []token, n int) []token {
	from := len(toks)
	fold := z.fold[:0]
	for z.ti < len(z.texts) && len(toks)-from < n {
		s := z.texts[z.ti]
		start, end, next := nextWord(s, z.i)
		if start >= len(s) {
			if z.prevEnd > 0 {
				z.tailSpaced = onlySpace(s[z.prevEnd:])
			} else {
				z.tailSpaced = z.tailSpaced && onlySpace(s)
			}
			z.ti, z.i, z.prevEnd = z.ti+1, 0, 0
			continue
		}
		gap := onlySpace(s[z.prevEnd:start])
		if z.prevEnd == 0 {
			gap = gap && z.tailSpaced
		}
		w := s[start:end]
		if isFolded(w) {
			toks = append(toks, token{text: z.ti, start: start, end: end, spaced: gap, fold: w, foldFrom: -1})
		} else {
			// The folded form goes in a buffer; the token gets it
			// below, once the buffer is complete.
			f := len(fold)
			fold = appendFold(fold, w)
			toks = append(toks, token{text: z.ti, start: start, end: end, spaced: gap, foldFrom: f, foldTo: len(fold)})
		}
		z.prevEnd, z.i = end, next
	}
	all := string(fold)
	for k := from; k < len(toks); k++ {
		if toks[k].foldFrom >= 0 {
			toks[k].fold = all[toks[k].foldFrom:toks[k].foldTo]
			toks[k].foldFrom = -1
		}
	}
	z.fold = fold
	return toks
}

// tokenChunk is how many tokens a window reads, and forgets, at once.
var tokenChunk = 4096

// tokenWindow is the tokens of texts around the one being matched: at
// least behind tokens before it and ahead after it (fewer only at the
// start and the end of the texts), which is all a rule's words, contexts
// and topics look at. Matching a window gives what matching the list of
// all tokens gives.
type tokenWindow struct {
	z             *tokenizer
	buf           []token
	base          int // the index of buf[0] among all tokens
	behind, ahead int
	done          bool
}

// at makes the window hold token t and its surroundings, and returns the
// tokens held and t's index among them; ok is false past the last token.
func (w *tokenWindow) at(t int) (toks []token, i int, ok bool) {
	for !w.done && w.base+len(w.buf) <= t+w.ahead {
		if drop := t - w.behind - w.base; drop >= tokenChunk {
			w.buf = w.buf[:copy(w.buf, w.buf[drop:])]
			w.base += drop
		}
		n := len(w.buf)
		w.buf = w.z.more(w.buf, tokenChunk)
		if len(w.buf)-n < tokenChunk {
			w.done = true
		}
	}
	return w.buf, t - w.base, t < w.base+len(w.buf)
}

func (m *Matcher) window(texts []string, sc *scratch) *tokenWindow {
	z := newTokenizer(texts)
	z.fold = sc.fold
	return &tokenWindow{z: z, buf: sc.toks[:0], behind: m.behind + 1, ahead: m.ahead + maxWords + 1}
}

// reuse keeps the window's buffers for the next Match.
func (w *tokenWindow) reuse(sc *scratch) { sc.toks, sc.fold = w.buf[:0], w.z.fold[:0] }
