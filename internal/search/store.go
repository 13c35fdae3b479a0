package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/safefile"
)

// The index file: a magic line, then varint-coded sections: the shows,
// the file records (with the segments of the copies indexed), the segment
// lengths, and the dictionary with its postings (segment ids and word
// positions, delta-coded). Episodes and the segment table are rebuilt
// from the file records on loading, in the order they were built.
const magic = "emend index 2\n"

// DefaultPath is where a library keeps its index, relative to emend.toml.
const DefaultPath = config.StateDir + "/index"

// Save writes the index to path atomically.
func (ix *Index) Save(path string) error {
	if err := config.MakeDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if err := safefile.WriteFile(path, ix.encode(), 0o644); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	return nil
}

type enc struct{ b []byte }

func (e *enc) u(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) i(v int64)  { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) s(v string) { e.u(uint64(len(v))); e.b = append(e.b, v...) }
func (e *enc) bool(v bool) {
	if v {
		e.u(1)
	} else {
		e.u(0)
	}
}

func (ix *Index) encode() []byte {
	e := &enc{b: append(make([]byte, 0, ix.encodedSize()), magic...)}
	e.u(uint64(len(ix.Shows)))
	for _, s := range ix.Shows {
		e.s(s.Name)
		e.s(s.EpisodeURL)
		e.s(s.AudioURL)
	}
	segs := ix.segsOf()
	e.u(uint64(len(ix.files)))
	for _, f := range ix.files {
		e.s(f.Path)
		e.u(uint64(f.Show))
		e.i(f.Size)
		e.i(f.MTime)
		e.b = binary.LittleEndian.AppendUint64(e.b, f.Hash)
		e.s(f.Format)
		e.s(f.Err)
		e.bool(f.Timed)
		e.s(f.Title)
		e.i(f.MetaDate)
		e.i(f.SaidDate)
		e.i(f.GitDate)
		e.bool(f.hasSegs)
		if f.hasSegs {
			fs := segs(f)
			e.u(uint64(len(fs)))
			for _, s := range fs {
				e.i(s.Start)
				e.s(s.Speaker)
				e.s(s.Text)
			}
		}
	}
	e.u(uint64(len(ix.segLen)))
	for _, n := range ix.segLen {
		e.u(uint64(n))
	}
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(ix.avgLen))
	var nseg, npos int
	for _, p := range ix.post {
		nseg += len(p.segs)
		npos += len(p.pos)
	}
	e.u(uint64(len(ix.terms)))
	e.u(uint64(nseg))
	e.u(uint64(npos))
	for i, t := range ix.terms {
		p := &ix.post[i]
		e.s(t)
		e.u(uint64(len(p.segs)))
		prev := uint32(0)
		for j, s := range p.segs {
			e.u(uint64(s - prev))
			prev = s
			ps := p.pos[p.off[j]:p.off[j+1]]
			e.u(uint64(len(ps)))
			pp := uint32(0)
			for _, x := range ps {
				e.u(uint64(x - pp))
				pp = x
			}
		}
	}
	return e.b
}

// encodedSize estimates the size of the index file, a little over, so
// that encode fills one buffer rather than growing a copy of tens of
// megabytes again and again: the segments' text and a few bytes for each
// segment, file, term, posting and position.
func (ix *Index) encodedSize() int {
	n := len(magic) + 64*len(ix.Shows) + 128*len(ix.files) + 16*len(ix.segText)
	for _, t := range ix.segText {
		n += len(t)
	}
	for i, t := range ix.terms {
		n += len(t) + 2 + 3*len(ix.post[i].segs) + len(ix.post[i].pos)
	}
	return n
}

// Load reads an index file.
func Load(path string) (*Index, error) {
	data, err := readString(path)
	if err != nil {
		return nil, err
	}
	ix, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("load index %s: %w (run emend index again)", path, err)
	}
	return ix, nil
}

// readString reads a file into a string without the copy that converting
// the bytes os.ReadFile returns would make: the index's texts are
// substrings of it, and the file is tens of megabytes.
func readString(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	if fi, err := f.Stat(); err == nil {
		b.Grow(int(fi.Size()))
	}
	if _, err := io.Copy(&b, f); err != nil {
		return "", err
	}
	return b.String(), nil
}

var errCorrupt = errors.New("index file is damaged or of another version")

type dec struct {
	s   string
	i   int
	err error
}

func (d *dec) u() uint64 {
	if d.err != nil {
		return 0
	}
	var v uint64
	var shift uint
	for {
		if d.i >= len(d.s) || shift > 63 {
			d.err = errCorrupt
			return 0
		}
		c := d.s[d.i]
		d.i++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
		shift += 7
	}
}

func (d *dec) i64() int64 {
	u := d.u()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (d *dec) n(max int) int {
	v := d.u()
	if v > uint64(max) {
		d.err = errCorrupt
		return 0
	}
	return int(v)
}

func (d *dec) str() string {
	v := d.u()
	if d.err == nil && v > uint64(len(d.s)-d.i) {
		d.err = errCorrupt
	}
	if d.err != nil {
		return ""
	}
	n := int(v)
	str := d.s[d.i : d.i+n]
	d.i += n
	return str
}

func (d *dec) u64() uint64 {
	if d.err != nil || d.i+8 > len(d.s) {
		d.err = errCorrupt
		return 0
	}
	v := binary.LittleEndian.Uint64([]byte(d.s[d.i : d.i+8]))
	d.i += 8
	return v
}

func decode(s string) (*Index, error) {
	if len(s) < len(magic) || s[:len(magic)] != magic {
		return nil, errCorrupt
	}
	d := &dec{s: s, i: len(magic)}
	ix := &Index{}
	left := func() int { return len(d.s) - d.i }
	ns := d.n(left())
	for range ns {
		ix.Shows = append(ix.Shows, Show{Name: d.str(), EpisodeURL: d.str(), AudioURL: d.str()})
	}
	nf := d.n(left())
	for range nf {
		if d.err != nil {
			return nil, d.err
		}
		f := &fileRec{Path: d.str(), Show: d.n(ns), Size: d.i64(), MTime: d.i64(), Hash: d.u64(), Format: d.str(), Err: d.str()}
		f.Timed = d.u() == 1
		f.Title = d.str()
		f.MetaDate = d.i64()
		f.SaidDate = d.i64()
		f.GitDate = d.i64()
		f.hasSegs = d.u() == 1
		if f.hasSegs {
			n := d.n(left())
			f.Segs = make([]storedSeg, n)
			for k := range f.Segs {
				f.Segs[k] = storedSeg{Start: d.i64(), Speaker: d.str(), Text: d.str()}
			}
		}
		ix.files = append(ix.files, f)
	}
	if d.err != nil {
		return nil, d.err
	}
	for _, f := range ix.files {
		if f.Show >= len(ix.Shows) {
			return nil, errCorrupt
		}
	}
	eps := ix.group()
	for _, g := range eps {
		if !g.chosen.hasSegs {
			return nil, errCorrupt
		}
	}
	ix.layout(eps)
	for _, f := range ix.files {
		f.Segs = nil // in the segment table now
	}
	nl := d.n(left())
	if nl != len(ix.segText) {
		return nil, errCorrupt
	}
	ix.segLen = make([]uint32, nl)
	for k := range ix.segLen {
		ix.segLen[k] = uint32(d.u())
	}
	ix.avgLen = math.Float64frombits(d.u64())
	nt := d.n(left())
	nseg := d.n(left())
	npos := d.n(left())
	if d.err != nil {
		return nil, d.err
	}
	allSegs := make([]uint32, nseg)
	allOff := make([]uint32, nseg+nt)
	allPos := make([]uint32, npos)
	ix.terms = make([]string, nt)
	ix.post = make([]postings, nt)
	ix.ids = make(map[string]uint32, nt)
	si, oi, pi := 0, 0, 0
	for t := range nt {
		ix.terms[t] = d.str()
		if ix.terms[t] == "" || t > 0 && ix.terms[t] <= ix.terms[t-1] {
			return nil, errCorrupt // the dictionary is sorted, without empty words
		}
		ix.ids[ix.terms[t]] = uint32(t)
		n := d.n(nseg - si)
		p := postings{segs: allSegs[si : si+n : si+n], off: allOff[oi : oi+n+1 : oi+n+1]}
		pstart := pi
		prev := uint64(0)
		for j := range n {
			prev += d.u()
			if prev >= uint64(nl) {
				d.err = errCorrupt
			}
			p.segs[j] = uint32(prev)
			p.off[j] = uint32(pi - pstart)
			k := d.n(npos - pi)
			pp := uint64(0)
			for range k {
				pp += d.u()
				allPos[pi] = uint32(pp)
				pi++
			}
		}
		p.off[n] = uint32(pi - pstart)
		p.pos = allPos[pstart:pi:pi]
		si += n
		oi += n + 1
		ix.post[t] = p
		if d.err != nil {
			return nil, d.err
		}
	}
	if d.err != nil || d.i != len(d.s) {
		return nil, errCorrupt
	}
	return ix, nil
}
