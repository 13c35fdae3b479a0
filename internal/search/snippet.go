package search

import (
	"strings"

	"github.com/emend-project/emend/internal/rules"
)

// snippetLen is the longest snippet, in bytes, before trimming to words.
const snippetLen = 240

// snippet returns the part of a segment's text around its first
// highlighted word, at most about snippetLen bytes, and the byte ranges of
// the highlighted words in it.
func snippet(text string, marks map[string]bool) (string, [][2]int) {
	text = strings.ReplaceAll(text, "\n", " ")
	bounds := rules.WordBounds(text)
	var hl [][2]int
	var buf []byte
	for _, b := range bounds {
		w := text[b[0]:b[1]]
		buf = fold(buf[:0], w)
		if marks[string(buf)] {
			hl = append(hl, b)
			continue
		}
		// A part of a joined word ("SQLAlchemy" in "SQLAlchemy.org").
		if !strings.ContainsAny(w, "-._") {
			continue
		}
		joinedParts(w, func(start, end int) {
			if marks[string(fold(buf[:0], w[start:end]))] {
				hl = append(hl, [2]int{b[0] + start, b[0] + end})
			}
		})
	}
	if len(text) <= snippetLen {
		return text, nonNil(hl)
	}
	from := 0
	if len(hl) > 0 && hl[0][0] > snippetLen/3 {
		from = hl[0][0] - snippetLen/3
	}
	to := from + snippetLen
	if to > len(text) {
		to = len(text)
		from = max(0, to-snippetLen)
	}
	// Move the cut to word bounds.
	for _, b := range bounds {
		if b[0] >= from {
			from = b[0]
			break
		}
	}
	end := from
	for _, b := range bounds {
		if b[1] <= to && b[1] > end {
			end = b[1]
		}
	}
	prefix, suffix := "", ""
	if from > 0 {
		prefix = "… "
	}
	if end < len(text) {
		suffix = " …"
	}
	out := prefix + text[from:end] + suffix
	var kept [][2]int
	shift := len(prefix) - from
	for _, h := range hl {
		if h[0] >= from && h[1] <= end {
			kept = append(kept, [2]int{h[0] + shift, h[1] + shift})
		}
	}
	return out, nonNil(kept)
}

func nonNil(h [][2]int) [][2]int {
	if h == nil {
		return [][2]int{}
	}
	return h
}
