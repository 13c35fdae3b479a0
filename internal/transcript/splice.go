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
	order := func(a, b TextEdit) int {
		return cmp.Or(cmp.Compare(a.Seg, b.Seg), cmp.Compare(a.Start, b.Start))
	}
	if !slices.IsSortedFunc(edits, order) { // fix gives them in order: no copy of a large file's edits
		edits = slices.Clone(edits)
		slices.SortStableFunc(edits, order)
	}
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
	var pos *offsets
	for _, ed := range edits {
		if ed.Seg != seg {
			var err error
			if pos, err = e.sourceOffsets(ed.Seg); err != nil {
				return nil, err
			}
			seg = ed.Seg
		}
		from, err := pos.at(ed.Start)
		if err != nil {
			return nil, err
		}
		to := from
		if ed.End > ed.Start {
			if to, err = pos.at(ed.End - 1); err != nil { // not the blanks after the last byte
				return nil, err
			}
			to++
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

// offsets finds, for bytes of the text of one segment asked in
// increasing order, the offset in the source where each stands: the text
// is the source's text region with some blanks left out. It walks the
// region once, however many bytes are asked, and holds no table of them
// (a table of every byte's offset took 8 times a one-line file).
type offsets struct {
	text, data string
	nl         byte
	line       int
	b, j, tend int  // byte b of the text stands at j, once settled
	settled    bool // j is b's place, its left-out blanks passed
}

// sourceOffsets returns the offsets of segment i's text, or an error when
// the text does not stand in the source as it was read.
func (e *Episode) sourceOffsets(i int) (*offsets, error) {
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
	o := offsets{text: s.Text, data: data, nl: e.src.lineEnd(), line: s.Line, j: sp.toff, tend: sp.tend}
	// Every byte must stand in the source, not only those asked for.
	check := o
	if _, err := check.at(len(s.Text)); err != nil {
		return nil, err
	}
	return &o, nil
}

// at returns where byte t of the text stands (its end, for t = the
// text's length). t must not be less than the last t asked.
func (o *offsets) at(t int) (int, error) {
	if t < o.b || t > len(o.text) {
		return 0, fmt.Errorf("line %d: edits overlap", o.line)
	}
	for {
		if o.b == len(o.text) {
			return o.j, nil
		}
		if !o.settled {
			same := func(j int) bool { return o.data[j] == o.text[o.b] || o.data[j] == o.nl && o.text[o.b] == '\n' }
			for o.j < o.tend && !same(o.j) {
				n := leftOut(o.data[o.j:o.tend])
				if n == 0 {
					break
				}
				o.j += n
			}
			if o.j >= o.tend || !same(o.j) {
				return 0, fmt.Errorf("line %d: the text is not in the file as it was read", o.line)
			}
			o.settled = true
		}
		if o.b == t {
			return o.j, nil
		}
		o.b, o.j, o.settled = o.b+1, o.j+1, false
	}
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
