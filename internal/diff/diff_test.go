package diff

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// lcs is the length of a longest common subsequence, the reference.
func lcs(a, b []string) int {
	t := make([][]int, len(a)+1)
	for i := range t {
		t[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	return t[0][0]
}

// TestStrings checks on random sequences that the regions turn a into b,
// are ordered and separated, and are minimal (as many strings kept as a
// longest common subsequence).
func TestStrings(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"a", "b", "c", "d", "Jupiter", "Jupyter"}
	for n := 0; n < 2000; n++ {
		gen := func() []string {
			s := make([]string, rng.IntN(30))
			for i := range s {
				s[i] = words[rng.IntN(len(words))]
			}
			return s
		}
		a, b := gen(), gen()
		regions := Strings(a, b)
		var out []string
		at, kept := 0, 0
		for k, r := range regions {
			if r.A0 < at || r.A1 < r.A0 || r.B1 < r.B0 || r.A0 == r.A1 && r.B0 == r.B1 {
				t.Fatalf("bad region %+v in %v", r, regions)
			}
			if k > 0 && r.A0 == regions[k-1].A1 && r.B0 == regions[k-1].B1 {
				t.Fatalf("adjacent regions not merged: %v", regions)
			}
			out = append(out, a[at:r.A0]...)
			kept += r.A0 - at
			out = append(out, b[r.B0:r.B1]...)
			at = r.A1
		}
		out = append(out, a[at:]...)
		kept += len(a) - at
		if len(out) == 0 {
			out = nil
		}
		want := b
		if len(want) == 0 {
			want = nil
		}
		if !reflect.DeepEqual(out, want) {
			t.Fatalf("%v -> %v: regions %v give %v", a, b, regions, out)
		}
		if kept != lcs(a, b) {
			t.Fatalf("%v -> %v: kept %d, a longest common subsequence has %d", a, b, kept, lcs(a, b))
		}
	}
}

// TestIDsBounded checks that a bounded search, which settles for the
// furthest point it reached, still gives regions that are ordered, apart,
// never empty, and turn a into b.
func TestIDsBounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 2000; n++ {
		gen := func() []int32 {
			s := make([]int32, rng.IntN(80))
			for i := range s {
				s[i] = int32(rng.IntN(3))
			}
			return s
		}
		a, b := gen(), gen()
		maxCost := 1 + rng.IntN(4)
		var out []int32
		at, bt := 0, 0
		IDs(a, b, maxCost, func(a0, a1, b0, b1 int) {
			if a0 < at || a1 < a0 || b1 < b0 || a0 == a1 && b0 == b1 || a0-at != b0-bt {
				t.Fatalf("bad region [%d:%d] [%d:%d] after [%d] [%d]", a0, a1, b0, b1, at, bt)
			}
			out = append(out, a[at:a0]...)
			out = append(out, b[b0:b1]...)
			at, bt = a1, b1
		})
		out = append(out, a[at:]...)
		if !reflect.DeepEqual(append([]int32{}, out...), append([]int32{}, b...)) {
			t.Fatalf("maxCost %d: %v -> %v gives %v", maxCost, a, b, out)
		}
	}
}
