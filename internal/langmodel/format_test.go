package langmodel

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math"
	"reflect"
	"testing"
)

func encode(t testing.TB, m *Model) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := m.WriteTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) {
		t.Fatalf("WriteTo returned %d, wrote %d bytes", n, buf.Len())
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		name  string
		prune bool
		texts []string
	}{
		{"empty", false, nil},
		{"one word", false, []string{"Hello"}},
		{"talk", false, corpus()},
		{"talk pruned", true, corpus()},
		{"unicode", false, []string{"Café crème, ÉCOLE école. Ελληνικά κείμενα! Don’t stop"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := build(t, tt.prune, tt.texts...)
			data := encode(t, m)
			got, err := Read(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, m) {
				t.Fatal("model read back differs from the model written")
			}
			if again := encode(t, got); !bytes.Equal(again, data) {
				t.Fatal("model written again differs")
			}
			left, alts, right := []string{"pip", "install"}, [][]string{{"rough"}, {"ruff"}}, []string{"and"}
			if a, b := m.Compare(left, alts, right), got.Compare(left, alts, right); !reflect.DeepEqual(a, b) {
				t.Errorf("scores differ: %v, read back %v", a, b)
			}
		})
	}
}

// TestReadCorrupt checks that damaged models are errors: every truncation,
// and every single byte changed.
func TestReadCorrupt(t *testing.T) {
	data := encode(t, build(t, false, talk[:6]...))
	for n := range len(data) {
		if _, err := Read(bytes.NewReader(data[:n])); err == nil {
			t.Fatalf("truncated to %d of %d bytes: no error", n, len(data))
		}
	}
	if _, err := Read(bytes.NewReader(append(bytes.Clone(data), 0))); err == nil {
		t.Error("trailing byte: no error")
	}
	bad := bytes.Clone(data)
	for i := range bad {
		bad[i] ^= 0x41
		if _, err := Read(bytes.NewReader(bad)); err == nil {
			t.Errorf("byte %d changed: no error", i)
		}
		bad[i] ^= 0x41
	}
}

// TestReadChecked feeds sections with good checksums and bad contents:
// the checks behind the checksum must catch them.
func TestReadChecked(t *testing.T) {
	section := func(b []byte) []byte {
		out := binary.AppendUvarint(nil, uint64(len(b)))
		out = append(out, b...)
		return binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(b))
	}
	model := func(words, pairs, triples uint64, discount float64, sections ...[]byte) []byte {
		b := []byte("EMLM\x01\x00\x00\x00")
		h := binary.AppendUvarint(nil, words)
		h = binary.AppendUvarint(h, pairs)
		h = binary.AppendUvarint(h, triples)
		h = binary.AppendUvarint(h, 0)
		for range 3 {
			h = binary.LittleEndian.AppendUint64(h, math.Float64bits(discount))
		}
		b = append(b, section(h)...)
		for _, s := range sections {
			b = append(b, section(s)...)
		}
		return b
	}
	for name, data := range map[string][]byte{
		"huge vocabulary":             model(1<<40, 0, 0, 0.5),
		"huge pair count":             model(3, 1<<40, 0, 0.5, []byte{0, 0, 0}, []byte{0, 0, 0}),
		"pairs beyond the vocabulary": model(3, 1, 0, 0.5, []byte{0, 0, 0}, []byte{1, 0, 0, 7, 0, 0}),
		"pairs not ascending":         model(4, 2, 0, 0.5, []byte{1, 'a', 0, 0, 0, 0}, []byte{2, 0, 0, 0, 3, 0, 0, 0, 0, 0}),
		"pair count beyond pairs":     model(4, 2, 0, 0.5, []byte{1, 'a', 0, 0, 0, 0}, []byte{3, 0, 0, 0, 3, 0, 0, 1, 0, 0}),
		"triples of a missing pair":   model(4, 1, 1, 0.5, []byte{1, 'a', 0, 0, 0, 0}, []byte{1, 0, 0, 0, 3, 0, 0}, []byte{2, 3, 1}),
		"a word twice":                model(5, 0, 0, 0.5, []byte{1, 'a', 1, 'a', 0, 0, 0, 0, 0}, []byte{0, 0, 0, 0, 0}, []byte{}, []byte{0}),
		"empty word":                  model(4, 0, 0, 0.5, []byte{0, 0, 0, 0, 0, 0}),
		"spelling of a reserved id":   model(4, 0, 0, 0.5, []byte{1, 'a', 0, 0, 0, 0}, []byte{0, 0, 0, 0}, []byte{}, []byte{1, 1, 1, 'A', 1}),
		"infinite discount":           model(3, 0, 0, math.Inf(1)),
		"zero discount":               model(3, 0, 0, 0),
		"wrong version":               []byte("EMLM\x02\x00\x00\x00"),
		"wrong magic":                 []byte("EMLX\x01\x00\x00\x00"),
	} {
		if _, err := Read(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: no error", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(encode(f, build(f, false, talk[:3]...)))
	f.Add(encode(f, build(f, true, talk[:8]...)))
	f.Add(encode(f, NewBuilder().Model()))
	f.Add([]byte("EMLM\x01\x00\x00\x00"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		// A model that reads must answer questions and write itself.
		m.Compare([]string{"pip", "install"}, [][]string{{"ruff"}, {"rough"}, {}}, []string{"and"})
		for _, w := range m.words {
			m.LogProb([]string{w, w}, []string{w, End})
			m.Spellings(w)
			m.Count(w)
		}
		again := encode(t, m)
		if _, err := Read(bytes.NewReader(again)); err != nil {
			t.Fatalf("model read, written again, does not read: %v", err)
		}
	})
}

// FuzzReadSections fuzzes the contents behind the checksums: the input's
// sections get their checksums set right before reading, so mutations reach
// the checks of every number instead of stopping at the first checksum.
func FuzzReadSections(f *testing.F) {
	f.Add(encode(f, build(f, false, talk[:3]...)))
	f.Add(encode(f, build(f, true, talk[:8]...)))
	f.Add(encode(f, NewBuilder().Model()))
	f.Fuzz(func(t *testing.T, data []byte) {
		data = fixChecksums(data)
		if m, err := Read(bytes.NewReader(data)); err == nil {
			m.Compare([]string{"a", "b"}, [][]string{{"c"}, {"d", "e"}}, []string{"f"})
			for _, w := range m.words {
				m.LogProb([]string{w, w}, []string{w, End})
			}
		}
	})
}

// fixChecksums rewrites the checksum after each section of a model.
func fixChecksums(data []byte) []byte {
	data = bytes.Clone(data)
	for i := 8; i < len(data); {
		n, k := binary.Uvarint(data[i:])
		if k <= 0 || n > uint64(len(data)) {
			break
		}
		start := i + k
		end := start + int(n)
		if end+4 > len(data) {
			break
		}
		binary.LittleEndian.PutUint32(data[end:], crc32.ChecksumIEEE(data[start:end]))
		i = end + 4
	}
	return data
}
