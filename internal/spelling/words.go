package spelling

import (
	"strings"

	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/vocab"
)

// wordReader reads the words of texts one at a time, as words lists
// them: a long transcript (a one-line file of 10 MB has two million
// words) is never held as a list of words. A word's command and
// address and number flags depend on the word after it, so each word is handed out
// once the next one is read.
type wordReader struct {
	texts   []string
	ti      int  // the text being read
	pos     int  // where to look for its next word
	last    int  // the end of its last word
	inText  int  // words read from it
	prevEnd bool // the next word starts a sentence, as the texts' first does
	pending word // the last word read, not yet handed out
	has     bool
}

func newWordReader(texts []string) *wordReader {
	return &wordReader{texts: texts, prevEnd: true}
}

// next returns the next word, or false after the last.
func (r *wordReader) next() (word, bool) {
	for {
		w, ok := r.scan()
		if !ok {
			if r.has {
				r.has = false
				return r.pending, true
			}
			return word{}, false
		}
		if r.has {
			out := r.pending
			r.pending = w
			return out, true
		}
		r.pending, r.has = w, true
	}
}

// scan reads the next word, and sets what it tells of the word before
// (pending).
func (r *wordReader) scan() (word, bool) {
	for r.ti < len(r.texts) {
		t := r.texts[r.ti]
		start, end, next := rules.NextWord(t, r.pos)
		if start >= len(t) {
			r.ti, r.pos, r.last, r.inText = r.ti+1, 0, 0, 0
			continue
		}
		sep := t[r.last:start]
		w := word{text: r.ti, start: start, end: end, s: t[start:end]}
		w.key = vocab.Key(w.s)
		w.spaced = onlySpace(sep)
		w.sentenceStart = r.prevEnd || endsSentence(sep)
		if r.inText == 0 && r.has {
			p := r.pending
			tail := r.texts[p.text][p.end:]
			w.spaced = w.spaced && onlySpace(tail)
			w.sentenceStart = endsSentence(tail) || endsSentence(sep)
		}
		w.glued = glued(t, start, end)
		r.prevEnd = false
		if r.has {
			p := &r.pending
			if f := strings.ToLower(p.s); f == "slash" || f == "dot" {
				w.afterSlashDot = true
			}
			w.afterAt = handleCue[strings.ToLower(p.s)]
			p.command = subcommands[w.s]
			p.beforeDot = strings.EqualFold(w.s, "dot")
			p.beforeSlash = strings.EqualFold(w.s, "slash")
			p.beforeNumber = w.spaced && digits(w.s)
		}
		r.pos, r.last = next, end
		r.inText++
		return w, true
	}
	return word{}, false
}

// wordWindow is the words of texts by their index, read as they are
// asked for; the words before the last index released are forgotten.
type wordWindow struct {
	r    *wordReader
	buf  []word
	base int // the index of buf[0]
	done bool
}

// windowKeep is how many words released a window forgets at once (a
// variable for the tests).
var windowKeep = 4096

func newWordWindow(texts []string) *wordWindow { return &wordWindow{r: newWordReader(texts)} }

// has reports whether the texts have a word i.
func (w *wordWindow) has(i int) bool {
	for !w.done && i >= w.base+len(w.buf) {
		x, ok := w.r.next()
		if !ok {
			w.done = true
			break
		}
		w.buf = append(w.buf, x)
	}
	return i < w.base+len(w.buf)
}

// at returns word i, which has reported.
func (w *wordWindow) at(i int) word { return w.buf[i-w.base] }

// span returns words i to j-1, valid until the next release.
func (w *wordWindow) span(i, j int) []word { return w.buf[i-w.base : j-w.base] }

// release says the words before i are no longer asked for.
func (w *wordWindow) release(i int) {
	if n := i - w.base; n >= windowKeep {
		w.buf = w.buf[:copy(w.buf, w.buf[n:])]
		w.base = i
	}
}
