// Package diff finds where two sequences of strings (lines of files, or
// words) differ, with Myers' O(ND) algorithm in linear space (the "middle
// snake" bisection), the strings interned as integers.
package diff

// Region is a run of a, a[A0:A1], replaced by a run of b, b[B0:B1]; either
// may be empty, not both.
type Region struct{ A0, A1, B0, B1 int }

// Strings returns the regions in which a and b differ, in order; adjacent
// regions are merged, so two regions always have equal strings between
// them.
func Strings(a, b []string) []Region {
	ids := make(map[string]int32, len(a)+len(b))
	intern := func(ss []string) []int32 {
		out := make([]int32, len(ss))
		for i, s := range ss {
			id, ok := ids[s]
			if !ok {
				id = int32(len(ids))
				ids[s] = id
			}
			out[i] = id
		}
		return out
	}
	var out []Region
	x, y := intern(a), intern(b)
	IDs(x, y, 0, func(ax, ay, bx, by int) {
		if n := len(out); n > 0 && out[n-1].A1 == ax && out[n-1].B1 == bx {
			out[n-1].A1, out[n-1].B1 = ay, by
			return
		}
		out = append(out, Region{ax, ay, bx, by})
	})
	return out
}

// IDs is the search under Strings, for callers that number their strings
// themselves and post-process the result in their own way: it calls
// emit(a0, a1, b0, b1) for each region in which a and b differ, in order,
// a[a0:a1] replaced by b[b0:b1] (never both empty). Adjacent regions are
// not merged.
//
// maxCost, when positive, bounds the edit distance the middle-snake search
// explores in one region before it settles for the furthest point reached:
// the result is still correct but may not be minimal, and pathological
// inputs (long unrelated sequences of a few repeated values) stay near
// O(N·maxCost) instead of O(N²). Zero means no bound: the result is minimal.
func IDs(a, b []int32, maxCost int, emit func(a0, a1, b0, b1 int)) {
	d := &differ{a: a, b: b, maxCost: maxCost, emit: emit}
	d.diff(0, len(a), 0, len(b))
}

type differ struct {
	a, b    []int32
	maxCost int
	emit    func(a0, a1, b0, b1 int)
	v1, v2  []int // scratch for bisect, reused
}

// diff emits the replaced regions between a[a0:a1] and b[b0:b1], in order.
func (d *differ) diff(a0, a1, b0, b1 int) {
	// Common prefix and suffix.
	for a0 < a1 && b0 < b1 && d.a[a0] == d.b[b0] {
		a0++
		b0++
	}
	for a0 < a1 && b0 < b1 && d.a[a1-1] == d.b[b1-1] {
		a1--
		b1--
	}
	if a0 == a1 && b0 == b1 {
		return
	}
	if a0 == a1 || b0 == b1 {
		d.emit(a0, a1, b0, b1)
		return
	}
	x, y, ok := d.bisect(a0, a1, b0, b1)
	if !ok || (x == a0 && y == b0) || (x == a1 && y == b1) {
		d.emit(a0, a1, b0, b1)
		return
	}
	d.diff(a0, x, b0, y)
	d.diff(x, a1, y, b1)
}

// bisect finds the middle snake of the edit graph of a[a0:a1] and b[b0:b1]
// (both non-empty, differing in their first and last values) and returns a
// point on it, in absolute coordinates, at which to split the problem in
// two; past maxCost it returns the furthest point the forward search
// reached. ok is false when there is no point to split at.
func (d *differ) bisect(a0, a1, b0, b1 int) (x, y int, ok bool) {
	a, b := d.a[a0:a1], d.b[b0:b1]
	n, m := len(a), len(b)
	maxD := (n + m + 1) / 2
	off := maxD
	size := 2*maxD + 2
	if cap(d.v1) < size {
		d.v1 = make([]int, size)
		d.v2 = make([]int, size)
	}
	v1, v2 := d.v1[:size], d.v2[:size]
	for i := range v1 {
		v1[i] = -1
		v2[i] = -1
	}
	v1[off+1] = 0
	v2[off+1] = 0
	delta := n - m
	front := delta%2 != 0
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	bestX, bestY, best := 0, 0, -1
	for dd := 0; dd < maxD; dd++ {
		if d.maxCost > 0 && dd > d.maxCost {
			if best <= 0 {
				return 0, 0, false
			}
			return a0 + bestX, b0 + bestY, true
		}
		for k1 := -dd + k1start; k1 <= dd-k1end; k1 += 2 {
			i := off + k1
			var x1 int
			if k1 == -dd || (k1 != dd && v1[i-1] < v1[i+1]) {
				x1 = v1[i+1]
			} else {
				x1 = v1[i-1] + 1
			}
			y1 := x1 - k1
			for x1 < n && y1 < m && a[x1] == b[y1] {
				x1++
				y1++
			}
			v1[i] = x1
			switch {
			case x1 > n:
				k1end += 2
			case y1 > m:
				k1start += 2
			default:
				if x1+y1 > best {
					best, bestX, bestY = x1+y1, x1, y1
				}
				if front {
					j := off + delta - k1
					if j >= 0 && j < size && v2[j] != -1 {
						if x1 >= n-v2[j] {
							return a0 + x1, b0 + y1, true
						}
					}
				}
			}
		}
		for k2 := -dd + k2start; k2 <= dd-k2end; k2 += 2 {
			i := off + k2
			var x2 int
			if k2 == -dd || (k2 != dd && v2[i-1] < v2[i+1]) {
				x2 = v2[i+1]
			} else {
				x2 = v2[i-1] + 1
			}
			y2 := x2 - k2
			for x2 < n && y2 < m && a[n-x2-1] == b[m-y2-1] {
				x2++
				y2++
			}
			v2[i] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				j := off + delta - k2
				if j >= 0 && j < size && v1[j] != -1 {
					x1 := v1[j]
					y1 := off + x1 - j
					if x1 >= n-x2 {
						return a0 + x1, b0 + y1, true
					}
				}
			}
		}
	}
	return 0, 0, false
}
