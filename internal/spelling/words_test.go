package spelling

import (
	"strings"
	"testing"
)

// TestFindLongText checks that reading words through a window (a long
// text is never held as a list of words) finds in a text of many copies of
// a passage what it finds in the passage, copy after copy: the guards that
// look at the word before or after (an address, a command, a handle, a
// sentence start) hold across the window's edges.
func TestFindLongText(t *testing.T) {
	s := New(Sources{Starter: true, Config: []string{"Talk Python"}}, Options{})
	passage := "It is on Github. see github dot com slash Github and run git commit, at talkpython we use Numpy and fast API. Github is "
	one := s.Find([]string{passage})
	if len(one) < 3 {
		t.Fatalf("the passage has %d occurrences, want more: %+v", len(one), one)
	}
	copies := 3 * windowKeep / 20 // over windowKeep words in all
	for _, texts := range [][]string{
		{strings.Repeat(passage, copies)},                   // one line
		strings.Split(strings.Repeat(passage, copies), "."), // many short texts
	} {
		got := s.Find(texts)
		if len(texts) == 1 {
			if len(got) != copies*len(one) {
				t.Fatalf("one text: %d occurrences, want %d", len(got), copies*len(one))
			}
			for k, o := range got {
				w := one[k%len(one)]
				shift := k / len(one) * len(passage)
				if o.Start != w.Start+shift || o.End != w.End+shift || o.Variant != w.Variant || o.Why != w.Why {
					t.Fatalf("occurrence %d: %+v, want %+v shifted by %d", k, o, w, shift)
				}
			}
			continue
		}
		ref := referenceFind(s, texts)
		if len(got) != len(ref) {
			t.Fatalf("short texts: %d occurrences, want %d", len(got), len(ref))
		}
		for k := range got {
			if got[k] != ref[k] {
				t.Fatalf("short texts, occurrence %d: %+v, want %+v", k, got[k], ref[k])
			}
		}
	}
}

// referenceFind is Find with a window that forgets nothing.
func referenceFind(s *Set, texts []string) []Occurrence {
	defer func(k int) { windowKeep = k }(windowKeep)
	windowKeep = 1 << 30
	return s.Find(texts)
}
