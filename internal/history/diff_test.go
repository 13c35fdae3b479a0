package history

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// apply replays hunks on old, checking that each hunk's Old is found where
// it says.
func apply(t *testing.T, old []string, hunks []Hunk) []string {
	t.Helper()
	var out []string
	pos := 0 // next old line to copy, 0-based
	for _, h := range hunks {
		start := h.OldStart - 1
		if start < pos || start+len(h.Old) > len(old) {
			t.Fatalf("hunk %+v out of order or out of range (pos %d, %d old lines)", h, pos, len(old))
		}
		out = append(out, old[pos:start]...)
		if got := old[start : start+len(h.Old)]; strings.Join(got, "\n") != strings.Join(h.Old, "\n") {
			t.Fatalf("hunk %+v: old lines there are %q", h, got)
		}
		if h.NewStart != len(out)+1 {
			t.Fatalf("hunk %+v: NewStart should be %d", h, len(out)+1)
		}
		out = append(out, h.New...)
		pos = start + len(h.Old)
	}
	return append(out, old[pos:]...)
}

// lcs is the length of the longest common subsequence, by dynamic
// programming: the reference for the diff's minimality.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] > cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func TestDiffLines(t *testing.T) {
	tests := []struct {
		name string
		a, b string // lines separated by "|"
		want string
	}{
		{"equal", "a|b|c", "a|b|c", ""},
		{"one word fixed", "We use Jupiter|notebooks|daily", "We use Jupyter|notebooks|daily", "1,1 [We use Jupiter] -> [We use Jupyter]"},
		{"insertion", "a|c", "a|b|c", "2,2 [] -> [b]"},
		{"insertion at end", "a|b", "a|b|c", "3,3 [] -> [c]"},
		{"deletion at start", "a|b|c", "b|c", "1,1 [a] -> []"},
		{"from empty", "", "a|b", "1,1 [] -> [a b]"},
		{"to empty", "a|b", "", "1,1 [a b] -> []"},
		{"nothing in common", "a|b", "c|d|e", "1,1 [a b] -> [c d e]"},
		{"two regions", "a|x|b|c|y|d", "a|X|b|c|Y|d", "2,2 [x] -> [X]; 5,5 [y] -> [Y]"},
		{"repeated lines", "a|a|a|b", "a|b|a|b", "2,2 [a] -> [b]"},
	}
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, "|")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := split(tt.a), split(tt.b)
			h := diffLines(a, b, 1, 1)
			if got := hunksString(h); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if got := apply(t, a, h); strings.Join(got, "|") != tt.b {
				t.Errorf("applied: %q", got)
			}
		})
	}
}

// TestDiffLinesRandom checks on random inputs that the hunks turn a into b
// and are minimal (as many lines kept as the longest common subsequence).
func TestDiffLinesRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		n, m := r.IntN(30), r.IntN(30)
		alpha := 1 + r.IntN(5)
		a, b := make([]string, n), make([]string, m)
		for j := range a {
			a[j] = string(rune('a' + r.IntN(alpha)))
		}
		for j := range b {
			b[j] = string(rune('a' + r.IntN(alpha)))
		}
		h := diffLines(a, b, 1, 1)
		if got := apply(t, a, h); strings.Join(got, "") != strings.Join(b, "") {
			t.Fatalf("case %d: %q -> %q: applied %q", i, a, b, got)
		}
		changed := 0
		for k, x := range h {
			changed += len(x.Old) + len(x.New)
			if len(x.Old) == 0 && len(x.New) == 0 {
				t.Fatalf("case %d: empty hunk", i)
			}
			if k > 0 && h[k-1].OldStart+len(h[k-1].Old) == x.OldStart && h[k-1].NewStart+len(h[k-1].New) == x.NewStart {
				t.Fatalf("case %d: adjacent hunks not merged: %s", i, hunksString(h))
			}
		}
		if want := n + m - 2*lcs(a, b); changed != want {
			t.Fatalf("case %d: %q -> %q: %d lines changed, minimum %d: %s", i, a, b, changed, want, hunksString(h))
		}
	}
}

func TestDiffLinesLarge(t *testing.T) {
	// A 5,000-line transcript with every tenth line corrected, and one
	// with nothing in common: both must be quick.
	a := make([]string, 5000)
	b := make([]string, 5000)
	c := make([]string, 5000)
	for i := range a {
		a[i] = fmt.Sprintf("00:%02d:%02d line %d about Jupiter notebooks", i/60%60, i%60, i)
		b[i] = a[i]
		if i%10 == 0 {
			b[i] = strings.Replace(a[i], "Jupiter", "Jupyter", 1)
		}
		c[i] = fmt.Sprintf("other %d", i)
	}
	h := diffLines(a, b, 1, 1)
	if len(h) != 500 {
		t.Errorf("%d hunks, want 500", len(h))
	}
	apply(t, a, h)
	if h := diffLines(a, c, 1, 1); len(h) != 1 {
		t.Errorf("nothing in common: %d hunks, want 1", len(h))
	}
}

// hunksString shows hunks compactly: "OldStart,NewStart [old] -> [new]; ...".
func hunksString(hs []Hunk) string {
	var parts []string
	for _, h := range hs {
		parts = append(parts, fmt.Sprintf("%d,%d [%s] -> [%s]", h.OldStart, h.NewStart, strings.Join(h.Old, " "), strings.Join(h.New, " ")))
	}
	return strings.Join(parts, "; ")
}
