package transcript

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTextPositionsAgree: TextPositions places every offset of every
// segment of the test files, and of Mac and DOS line ends, where TextPos
// does.
func TestTextPositionsAgree(t *testing.T) {
	var eps []*Episode
	filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(p, "fuzz") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		if ep, _ := Read(p, data); ep != nil {
			eps = append(eps, ep)
		}
		return nil
	})
	for _, s := range []string{
		"00:00:00 Welcome to the show.\r\n\r\n00:00:04 A second\r\nline é here.\r\n",
		"00:00:00 Mac\rline ends\r\r00:00:05 and é more\r",
		"WEBVTT\n\n00:00.000 --> 00:01.000\n<v A>one &amp; two\nthree é\n\n",
	} {
		ep, _ := Read("x.txt", []byte(s))
		if strings.HasPrefix(s, "WEBVTT") {
			ep, _ = Read("x.vtt", []byte(s))
		}
		if ep != nil {
			eps = append(eps, ep)
		}
	}
	if len(eps) < 10 {
		t.Fatalf("only %d episodes read", len(eps))
	}
	mem := &Episode{Segments: []Segment{{Text: "made\nin é memory", Line: 4}}}
	eps = append(eps, mem)
	for _, ep := range eps {
		for i, s := range ep.Segments {
			offs := make([]int, 0, len(s.Text)+1)
			for off := 0; off <= len(s.Text); off++ {
				offs = append(offs, off)
			}
			lines, cols := ep.TextPositions(i, offs)
			for k, off := range offs {
				if l, c := ep.TextPos(i, off); l != lines[k] || c != cols[k] {
					t.Fatalf("%s: segment %d (line %d) offset %d: TextPositions %d:%d, TextPos %d:%d", ep.Title, i, s.Line, off, lines[k], cols[k], l, c)
				}
			}
		}
	}
}

// TestTextPositionsLinear: the places of 100,000 edits in a one-line
// segment of 6 MB take well under a second (TextPos for each took minutes).
func TestTextPositionsLinear(t *testing.T) {
	const words = "we open Jupiter and talk about it "
	text := strings.Repeat(words, 180_000)
	ep, err := Read("big.txt", []byte("00:00:00 "+text+"\n"))
	if err != nil || len(ep.Segments) != 1 {
		t.Fatalf("%v, %d segments", err, len(ep.Segments))
	}
	var offs []int
	for off := 0; off < len(ep.Segments[0].Text); off += len(words) {
		offs = append(offs, off+8)
	}
	start := time.Now()
	lines, cols := ep.TextPositions(0, offs)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("%d places took %v", len(offs), d)
	}
	last := len(offs) - 1
	if lines[last] != 1 || cols[last] != 9+offs[last]+1 {
		t.Errorf("last place %d:%d, want 1:%d", lines[last], cols[last], 9+offs[last]+1)
	}
}
