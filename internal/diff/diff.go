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
	ids := make(map[string]int, len(a)+len(b))
	intern := func(ss []string) []int {
		out := make([]int, len(ss))
		for i, s := range ss {
			id, ok := ids[s]
			if !ok {
				id = len(ids)
				ids[s] = id
			}
			out[i] = id
		}
		return out
	}
	var out []Region
	emit := func(ax, ay, bx, by int) {
		if ax == ay && bx == by {
			return
		}
		if n := len(out); n > 0 && out[n-1].A1 == ax && out[n-1].B1 == bx {
			out[n-1].A1, out[n-1].B1 = ay, by
			return
		}
		out = append(out, Region{ax, ay, bx, by})
	}
	x, y := intern(a), intern(b)
	d := &differ{a: x, b: y, emit: emit}
	d.diff(0, len(x), 0, len(y))
	return out
}

type differ struct {
	a, b   []int
	emit   func(ax, ay, bx, by int)
	v1, v2 []int // scratch for bisect, reused
}

// diff emits the replaced regions between a[ax:ay] and b[bx:by], in order.
func (d *differ) diff(ax, ay, bx, by int) {
	// Common prefix and suffix.
	for ax < ay && bx < by && d.a[ax] == d.b[bx] {
		ax++
		bx++
	}
	for ax < ay && bx < by && d.a[ay-1] == d.b[by-1] {
		ay--
		by--
	}
	if ax == ay || bx == by {
		d.emit(ax, ay, bx, by)
		return
	}
	x, y, ok := d.bisect(ax, ay, bx, by)
	if !ok {
		d.emit(ax, ay, bx, by)
		return
	}
	d.diff(ax, x, bx, y)
	d.diff(x, ay, y, by)
}

// bisect finds the middle snake of the edit graph of a[ax:ay] and b[bx:by]
// and returns a point on it, in absolute coordinates; ok is false when the
// two have nothing in common.
func (d *differ) bisect(ax, ay, bx, by int) (x, y int, ok bool) {
	a, b := d.a[ax:ay], d.b[bx:by]
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
	for dd := 0; dd < maxD; dd++ {
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
			case front:
				j := off + delta - k1
				if j >= 0 && j < size && v2[j] != -1 {
					if x1 >= n-v2[j] {
						return ax + x1, bx + y1, true
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
						return ax + x1, bx + y1, true
					}
				}
			}
		}
	}
	return 0, 0, false
}
