package langmodel

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"slices"
	"unicode/utf8"
)

// The binary form, little-endian throughout:
//
//	magic "EMLM", version uint32
//	header section
//	vocabulary section
//	pairs section
//	triples section
//	spellings section
//
// Each section is a uvarint byte length, the bytes, and their CRC-32
// (IEEE) as uint32. Inside, numbers are uvarints unless said otherwise.
//
//	header:     words V (reserved ids included), pairs, triples, tokens,
//	            discounts d1 d2 d3 as float64 bits (uint64 each)
//	vocabulary: for each id from 3: length and bytes of the folded word;
//	            then for each id from 0: its count
//	pairs:      for each id v: the number of pairs (v, w); then for each
//	            pair in order: w minus the previous w of the same v (w
//	            itself for the first), cont2, pruned
//	triples:    for each pair: the number of its triples; then for each
//	            triple in order: w as a difference like the pairs', count
//	spellings:  the number of entries; each: id, length and bytes of the
//	            form, count
//
// Reading checks every number against what the sections can hold, so
// corrupt input is an error, never a panic, and what is allocated is
// bounded by the input's length.
const (
	magic   = "EMLM"
	version = 1
)

// WriteTo writes the model in its binary form.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: bufio.NewWriterSize(w, 1<<16)}
	var hdr [8]byte
	copy(hdr[:], magic)
	binary.LittleEndian.PutUint32(hdr[4:], version)
	cw.Write(hdr[:])

	var b []byte
	b = binary.AppendUvarint(b, uint64(len(m.words)))
	b = binary.AppendUvarint(b, uint64(len(m.biWord)))
	b = binary.AppendUvarint(b, uint64(len(m.triWord)))
	b = binary.AppendUvarint(b, m.tokens)
	for _, d := range []float64{m.d1, m.d2, m.d3} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(d))
	}
	cw.section(b)

	b = b[:0]
	for _, w := range m.words[firstWord:] {
		b = binary.AppendUvarint(b, uint64(len(w)))
		b = append(b, w...)
	}
	for _, c := range m.count {
		b = binary.AppendUvarint(b, uint64(c))
	}
	cw.section(b)

	b = appendChildren(b[:0], m.biStart, m.biWord, m.cont2, m.pruned)
	cw.section(b)
	b = appendChildren(b[:0], m.triStart, m.triWord, m.triCount)
	cw.section(b)

	b = b[:0]
	ids := make([]uint32, 0, len(m.spell))
	for id := range m.spell {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	n := 0
	for _, id := range ids {
		n += len(m.spell[id])
	}
	b = binary.AppendUvarint(b, uint64(n))
	for _, id := range ids {
		for _, s := range m.spell[id] {
			b = binary.AppendUvarint(b, uint64(id))
			b = binary.AppendUvarint(b, uint64(len(s.form)))
			b = append(b, s.form...)
			b = binary.AppendUvarint(b, uint64(s.count))
		}
	}
	cw.section(b)

	if cw.err == nil {
		cw.err = cw.w.Flush()
	}
	return cw.n, cw.err
}

// appendChildren appends the children of each parent, as the pairs and
// triples sections hold them: how many each parent has; then for each
// child in order, its word as a difference from the previous child's of
// the same parent, and its numbers.
func appendChildren(b []byte, start, word []uint32, nums ...[]uint32) []byte {
	for v := 0; v+1 < len(start); v++ {
		b = binary.AppendUvarint(b, uint64(start[v+1]-start[v]))
	}
	for v := 0; v+1 < len(start); v++ {
		prev := uint32(0)
		for i := start[v]; i < start[v+1]; i++ {
			b = binary.AppendUvarint(b, uint64(word[i]-prev))
			for _, x := range nums {
				b = binary.AppendUvarint(b, uint64(x[i]))
			}
			prev = word[i]
		}
	}
	return b
}

// countWriter writes, counting bytes and keeping the first error.
type countWriter struct {
	w   *bufio.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// section writes a section: its length, bytes and checksum.
func (c *countWriter) section(b []byte) {
	var t [binary.MaxVarintLen64]byte
	c.Write(binary.AppendUvarint(t[:0], uint64(len(b))))
	c.Write(b)
	c.Write(binary.LittleEndian.AppendUint32(t[:0], crc32.ChecksumIEEE(b)))
}

// Read reads a model in the binary form WriteTo writes.
func Read(r io.Reader) (*Model, error) {
	m, err := read(bufio.NewReaderSize(r, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("language model: %w", err)
	}
	return m, nil
}

var errCorrupt = errors.New("corrupt")

func read(br *bufio.Reader) (*Model, error) {
	var hdr [8]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		return nil, fmt.Errorf("header: %w", eof(err))
	}
	if string(hdr[:4]) != magic {
		return nil, errors.New("not a language model (bad magic)")
	}
	if v := binary.LittleEndian.Uint32(hdr[4:]); v != version {
		return nil, fmt.Errorf("version %d, want %d", v, version)
	}

	sec, err := readSection(br, "header")
	if err != nil {
		return nil, err
	}
	d := decoder{b: sec, what: "header"}
	nWords, nPairs, nTriples := d.uvarint(), d.uvarint(), d.uvarint()
	m := &Model{tokens: d.uvarint()}
	m.d1, m.d2, m.d3 = d.float(), d.float(), d.float()
	if err := d.end(); err != nil {
		return nil, err
	}
	if nWords < firstWord || nWords > maxVocab {
		return nil, fmt.Errorf("header: %d words", nWords)
	}
	for _, x := range []float64{m.d1, m.d2, m.d3} {
		if !(x > 0 && x < 1) {
			return nil, fmt.Errorf("header: discount %v", x)
		}
	}

	// Vocabulary: each word takes at least two bytes, each count one.
	if sec, err = readSection(br, "vocabulary"); err != nil {
		return nil, err
	}
	d = decoder{b: sec, what: "vocabulary"}
	if uint64(len(sec)) < 3*(nWords-firstWord)+firstWord {
		return nil, fmt.Errorf("vocabulary: too short for %d words", nWords)
	}
	m.words = make([]string, nWords)
	m.words[idStart], m.words[idEnd] = Start, End
	for id := firstWord; id < len(m.words); id++ {
		w := d.bytes()
		if d.err == nil && (len(w) == 0 || !utf8.Valid(w)) {
			d.fail()
		}
		m.words[id] = string(w)
	}
	m.count = make([]uint32, nWords)
	for id := range m.count {
		m.count[id] = d.uint32()
	}
	if err := d.end(); err != nil {
		return nil, err
	}

	// Pairs: each takes at least three bytes.
	if sec, err = readSection(br, "pairs"); err != nil {
		return nil, err
	}
	d = decoder{b: sec, what: "pairs"}
	if uint64(len(sec)) < nWords+3*nPairs {
		return nil, fmt.Errorf("pairs: too short for %d pairs", nPairs)
	}
	if m.biStart = d.starts(nWords, nPairs); d.err != nil {
		return nil, d.err
	}
	m.biWord = make([]uint32, nPairs)
	m.cont2 = make([]uint32, nPairs)
	m.pruned = make([]uint32, nPairs)
	d.children(m.biStart, nWords, m.biWord, m.cont2, m.pruned)
	if err := d.end(); err != nil {
		return nil, err
	}

	// Triples: each takes at least two bytes.
	if sec, err = readSection(br, "triples"); err != nil {
		return nil, err
	}
	d = decoder{b: sec, what: "triples"}
	if uint64(len(sec)) < nPairs+2*nTriples {
		return nil, fmt.Errorf("triples: too short for %d triples", nTriples)
	}
	if m.triStart = d.starts(nPairs, nTriples); d.err != nil {
		return nil, d.err
	}
	m.triWord = make([]uint32, nTriples)
	m.triCount = make([]uint32, nTriples)
	d.children(m.triStart, nWords, m.triWord, m.triCount)
	if err := d.end(); err != nil {
		return nil, err
	}

	// Spellings: each takes at least four bytes.
	if sec, err = readSection(br, "spellings"); err != nil {
		return nil, err
	}
	d = decoder{b: sec, what: "spellings"}
	n := d.uvarint()
	if n > uint64(len(sec))/4 {
		return nil, fmt.Errorf("spellings: too short for %d entries", n)
	}
	m.spell = make(map[uint32][]spelling)
	for i := uint64(0); i < n && d.err == nil; i++ {
		id := d.uvarint()
		form := d.bytes()
		c := d.uint32()
		if d.err == nil && (id < firstWord || id >= nWords || len(form) == 0 || !utf8.Valid(form)) {
			d.fail()
		}
		m.spell[uint32(id)] = append(m.spell[uint32(id)], spelling{string(form), c})
	}
	if err := d.end(); err != nil {
		return nil, err
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, errors.New("data after the last section")
	}

	if err := m.derive(); err != nil {
		return nil, fmt.Errorf("%w: %v", errCorrupt, err)
	}
	if len(m.ids) != len(m.words)-firstWord {
		return nil, errors.New("vocabulary: a word twice")
	}
	return m, nil
}

// readSection reads one section and checks its checksum. The buffer grows
// with the bytes actually read, so a corrupt length costs no more than the
// input holds.
func readSection(br *bufio.Reader, what string) ([]byte, error) {
	n, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, fmt.Errorf("%s: length: %w", what, eof(err))
	}
	if n > 1<<40 {
		return nil, fmt.Errorf("%s: length %d", what, n)
	}
	b, err := io.ReadAll(io.LimitReader(br, int64(n)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if uint64(len(b)) != n {
		return nil, fmt.Errorf("%s: %w", what, io.ErrUnexpectedEOF)
	}
	var sum [4]byte
	if _, err := io.ReadFull(br, sum[:]); err != nil {
		return nil, fmt.Errorf("%s: checksum: %w", what, eof(err))
	}
	if binary.LittleEndian.Uint32(sum[:]) != crc32.ChecksumIEEE(b) {
		return nil, fmt.Errorf("%s: checksum mismatch", what)
	}
	return b, nil
}

// eof turns a clean end of input inside the model into an unexpected one.
func eof(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// A decoder reads numbers from a section, keeping the first error.
type decoder struct {
	b    []byte
	what string
	err  error
}

// starts reads where the children of each of n parents start among
// total children, as WriteTo writes them: how many each parent has. They
// must add up to total.
func (d *decoder) starts(n, total uint64) []uint32 {
	s := make([]uint32, n+1)
	for v := 1; v <= int(n); v++ {
		s[v] = s[v-1] + d.uint32()
		if uint64(s[v]) > total {
			d.fail()
			break
		}
	}
	if d.err == nil && uint64(s[n]) != total {
		d.fail()
	}
	return s
}

// children reads what appendChildren wrote after the counts (which
// starts reads): each child's word, below nWords and strictly increasing
// among the children of a parent, into word, and its numbers into nums.
func (d *decoder) children(start []uint32, nWords uint64, word []uint32, nums ...[]uint32) {
	for v := 0; v+1 < len(start) && d.err == nil; v++ {
		w := uint64(0)
		for i := start[v]; i < start[v+1]; i++ {
			delta := d.uvarint()
			if i > start[v] && delta == 0 {
				d.fail()
			}
			w += delta
			if w >= nWords {
				d.fail()
				break
			}
			word[i] = uint32(w)
			for _, x := range nums {
				x[i] = d.uint32()
			}
		}
	}
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = fmt.Errorf("%s: %w at byte %d from the end", d.what, errCorrupt, len(d.b))
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *decoder) uint32() uint32 {
	x := d.uvarint()
	if x > math.MaxUint32 {
		d.fail()
		return 0
	}
	return uint32(x)
}

func (d *decoder) float() float64 {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return x
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail()
		return nil
	}
	b := d.b[:n]
	d.b = d.b[n:]
	return b
}

// end reports the first error, or an error if bytes are left over.
func (d *decoder) end() error {
	if d.err == nil && len(d.b) > 0 {
		d.err = fmt.Errorf("%s: %d bytes left over", d.what, len(d.b))
	}
	return d.err
}
