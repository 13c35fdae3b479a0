package transcript

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// plainText lists the formats whose segment text stands in the file as it
// is, with no markup or escapes: new words may take the place of old ones
// byte for byte.
var plainText = []Format{TimedText, WebPage, Captions, Stamped, Text}

// Spliceable reports whether Splice can edit a file of format f.
func Spliceable(f Format) bool { return slices.Contains(plainText, f) }

// A TextEdit replaces bytes [Start, End) of the text of segment Seg with
// New.
type TextEdit struct {
	Seg, Start, End int
	New             string
}

// Splice returns the bytes the episode was read from with the edits made
// in place, and every other byte as it was: how emend edits a file of plain
// text, where only the edited words should change. It also edits what
// Marshal cannot write faithfully: a format emend reads but does not write
// (a copied web page), or a file read with problems, whose lines left out
// (page text) writing it anew could lose.
//
// The text of a segment is found in the file where it was read, blanks and
// blank lines the reader left out of it aside. The format must be plain
// text, the edits must not overlap, and the result, read again, must give
// the same segments, at the same times, with the edited texts. Otherwise
// Splice fails, saying why, and the caller leaves the file alone.
func (e *Episode) Splice(edits []TextEdit) ([]byte, error) {
	if e.src == nil {
		return nil, fmt.Errorf("no source to edit")
	}
	f := e.src.format
	if !Spliceable(f) {
		return nil, fmt.Errorf("the text of %s is marked up, and must be written anew", codecFor(f).desc)
	}
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b TextEdit) int {
		return cmp.Or(cmp.Compare(a.Seg, b.Seg), cmp.Compare(a.Start, b.Start))
	})
	// The texts the edits make, which the file must read back as.
	want := make([]string, len(e.Segments))
	for i, s := range e.Segments {
		want[i] = s.Text
	}
	for k := 0; k < len(edits); {
		seg := edits[k].Seg
		if seg < 0 || seg >= len(e.Segments) {
			return nil, fmt.Errorf("an edit of segment %d, of %d", seg, len(e.Segments))
		}
		s := e.Segments[seg].Text
		var b strings.Builder
		prev := 0
		for ; k < len(edits) && edits[k].Seg == seg; k++ {
			ed := edits[k]
			if ed.Start < prev || ed.End < ed.Start || ed.End > len(s) {
				return nil, fmt.Errorf("line %d: edits overlap or stand outside the text", e.Segments[seg].Line)
			}
			b.WriteString(s[prev:ed.Start])
			b.WriteString(ed.New)
			prev = ed.End
		}
		b.WriteString(s[prev:])
		want[seg] = b.String()
	}
	// The edits, in the source.
	data := e.src.data
	out := make([]byte, 0, len(data)+len(data)/16)
	at, seg := 0, -1
	var pos []int
	for _, ed := range edits {
		if ed.Seg != seg {
			var err error
			if pos, err = e.sourceOffsets(ed.Seg); err != nil {
				return nil, err
			}
			seg = ed.Seg
		}
		from, to := pos[ed.Start], pos[ed.End]
		if ed.End > ed.Start {
			to = pos[ed.End-1] + 1 // not the blanks after the last byte
		}
		if from < at {
			return nil, fmt.Errorf("line %d: edits overlap", e.Segments[seg].Line)
		}
		out = append(out, data[at:from]...)
		out = append(out, ed.New...)
		at = to
	}
	out = append(out, data[at:]...)
	back, _ := ReadAs("", out, f)
	if back == nil || len(back.Segments) != len(want) {
		return nil, fmt.Errorf("the edited file would not read back as the same segments")
	}
	for i, s := range back.Segments {
		if s.Text != want[i] || s.Start != e.Segments[i].Start {
			return nil, fmt.Errorf("line %d: the edited file would not read back as edited", s.Line)
		}
	}
	return out, nil
}

// sourceOffsets returns, for each byte of the text of segment i and for
// its end, the offset in the source where it stands: the text is the
// source's text region with some blanks left out.
func (e *Episode) sourceOffsets(i int) ([]int, error) {
	s := e.Segments[i]
	k := s.orig - 1
	if k < 0 || k >= len(e.src.spans) {
		return nil, fmt.Errorf("line %d: a segment the file does not hold", s.Line)
	}
	sp := e.src.spans[k]
	data := e.src.data
	if sp.text != s.Text || sp.toff > sp.tend || sp.tend > len(data) {
		return nil, fmt.Errorf("line %d: the text is not in the file as it was read", s.Line)
	}
	if !utf8.ValidString(data[sp.toff:sp.tend]) {
		// The reader replaced the bytes it could not read: say so, not
		// that the text moved.
		return nil, fmt.Errorf("line %d: invalid UTF-8, which emend does not edit (save the file as UTF-8 first)", s.Line)
	}
	pos := make([]int, len(s.Text)+1)
	j := sp.toff
	nl := e.src.lineEnd()
	same := func(j, b int) bool { return data[j] == s.Text[b] || data[j] == nl && s.Text[b] == '\n' }
	for b := 0; b < len(s.Text); b++ {
		for j < sp.tend && !same(j, b) {
			n := leftOut(data[j:sp.tend])
			if n == 0 {
				break
			}
			j += n
		}
		if j >= sp.tend || !same(j, b) {
			return nil, fmt.Errorf("line %d: the text is not in the file as it was read", s.Line)
		}
		pos[b] = j
		j++
	}
	pos[len(s.Text)] = j
	return pos, nil
}

// leftOut returns the length of the blank at the start of s that a reader
// may leave out of a text (a space, a line end of a blank line inside a
// paragraph, a no-break space, a line separator), or 0.
func leftOut(s string) int {
	switch s[0] {
	case ' ', '\t', '\r', '\n', '\f', '\v':
		return 1
	}
	for _, b := range []string{"\u00a0", "\u2028", "\u2029"} {
		if strings.HasPrefix(s, b) {
			return len(b)
		}
	}
	return 0
}
