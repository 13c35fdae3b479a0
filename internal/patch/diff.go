package patch

import "strings"

// splitLines splits data into lines. Every line keeps its "\n" (and a "\r"
// before it, so CRLF files diff and apply as they are); only the last line
// lacks the "\n", when data does not end with one. The lines share data's
// memory.
func splitLines(data string) []string {
	if len(data) == 0 {
		return nil
	}
	lines := make([]string, 0, strings.Count(data, "\n")+1)
	for len(data) > 0 {
		i := strings.IndexByte(data, '\n')
		if i < 0 {
			lines = append(lines, data)
			break
		}
		lines = append(lines, data[:i+1])
		data = data[i+1:]
	}
	return lines
}

// block is one change: old lines a[A0:A1] became new lines b[B0:B1]. Between
// two blocks the lines are equal.
type block struct{ A0, A1, B0, B1 int }

// maxCost bounds the edit distance the middle-snake search explores in one
// region before it settles for the furthest point reached: beyond it the
// diff is still correct but may not be minimal. Transcript fixes are far
// below it, and so are whole-file rewrites of 5,000-line transcripts (on
// the talk-python history the diffs equal `git diff --minimal` in size,
// where 1024 fell short by 2% on reformatting commits); it keeps
// pathological inputs (long unrelated files made of a few repeated lines)
// near O(N·maxCost) instead of O(N²).
const maxCost = 4096

// diffLines returns the changes that turn a into b, in order. It is
// Myers' O(ND) algorithm in linear space, run on line numbers after
// stripping the common prefix and suffix and setting aside lines that occur
// on one side only (they cannot be part of a longest common subsequence, so
// the result stays minimal).
func diffLines(a, b []string) []block {
	// Number the distinct lines.
	ids := make(map[string]int32, len(a)+len(b))
	ia := make([]int32, len(a))
	ib := make([]int32, len(b))
	var countA, countB []int32
	id := func(line string) int32 {
		v, ok := ids[line]
		if !ok {
			v = int32(len(ids))
			ids[line] = v
			countA = append(countA, 0)
			countB = append(countB, 0)
		}
		return v
	}
	for i, l := range a {
		ia[i] = id(l)
		countA[ia[i]]++
	}
	for i, l := range b {
		ib[i] = id(l)
		countB[ib[i]]++
	}

	delA := make([]bool, len(a))
	insB := make([]bool, len(b))

	// Keep only lines that occur on both sides; the rest are changes.
	var ra, rb []int32
	var mapA, mapB []int
	for i, v := range ia {
		if countB[v] == 0 {
			delA[i] = true
			continue
		}
		ra = append(ra, v)
		mapA = append(mapA, i)
	}
	for i, v := range ib {
		if countA[v] == 0 {
			insB[i] = true
			continue
		}
		rb = append(rb, v)
		mapB = append(mapB, i)
	}

	d := &differ{a: ra, b: rb, delA: make([]bool, len(ra)), insB: make([]bool, len(rb))}
	size := (len(ra)+len(rb)+1)/2 + 1
	d.v1 = make([]int, 2*size+2)
	d.v2 = make([]int, 2*size+2)
	d.diff(0, len(ra), 0, len(rb))
	for i, del := range d.delA {
		if del {
			delA[mapA[i]] = true
		}
	}
	for i, ins := range d.insB {
		if ins {
			insB[mapB[i]] = true
		}
	}

	// Changed lines in the same region that are runs of the same lines can
	// be shifted; line them up the way diff -u does (changes as late as
	// possible is GNU's and git's choice for a block followed by its copy).
	shift(ia, delA)
	shift(ib, insB)

	var blocks []block
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if (i < len(a) && delA[i]) || (j < len(b) && insB[j]) {
			bl := block{A0: i, B0: j}
			for i < len(a) && delA[i] {
				i++
			}
			for j < len(b) && insB[j] {
				j++
			}
			bl.A1, bl.B1 = i, j
			blocks = append(blocks, bl)
			continue
		}
		i++
		j++
	}
	return blocks
}

// shift slides each run of changed lines down while the line after the run
// equals its first line, then back up while that merges it with a run
// above, so that equal-cost alignments come out in one canonical form: an
// inserted paragraph that ends with a blank line is shown ending there, and
// neighbouring runs join into one. It moves changes only across equal
// lines, so the diff stays valid and the same size.
func shift(ids []int32, changed []bool) {
	n := len(ids)
	for i := 0; i < n; {
		if !changed[i] {
			i++
			continue
		}
		start := i
		for i < n && changed[i] {
			i++
		}
		end := i // run is [start, end)
		// Slide down: the run [start,end) equals [start+1,end+1) when
		// ids[start] == ids[end] and line end is unchanged.
		for end < n && !changed[end] && ids[start] == ids[end] {
			changed[start] = false
			changed[end] = true
			start++
			end++
			// Absorb a following run.
			for end < n && changed[end] {
				end++
			}
		}
		i = end
	}
}

// differ holds the state of one Myers diff over two sequences of line ids.
type differ struct {
	a, b       []int32
	delA, insB []bool
	v1, v2     []int
}

func (d *differ) diff(a0, a1, b0, b1 int) {
	for a0 < a1 && b0 < b1 && d.a[a0] == d.b[b0] {
		a0++
		b0++
	}
	for a0 < a1 && b0 < b1 && d.a[a1-1] == d.b[b1-1] {
		a1--
		b1--
	}
	if a0 == a1 || b0 == b1 {
		d.mark(a0, a1, b0, b1)
		return
	}
	x, y, ok := d.bisect(a0, a1, b0, b1)
	if !ok || (x == a0 && y == b0) || (x == a1 && y == b1) {
		d.mark(a0, a1, b0, b1)
		return
	}
	d.diff(a0, x, b0, y)
	d.diff(x, a1, y, b1)
}

// mark records a[a0:a1] as deleted and b[b0:b1] as inserted.
func (d *differ) mark(a0, a1, b0, b1 int) {
	for i := a0; i < a1; i++ {
		d.delA[i] = true
	}
	for j := b0; j < b1; j++ {
		d.insB[j] = true
	}
}

// bisect finds the middle snake of a[a0:a1] and b[b0:b1] and returns the
// point (x, y) at which to split the problem in two. Both regions are
// non-empty and differ in their first and last lines.
func (d *differ) bisect(a0, a1, b0, b1 int) (x, y int, ok bool) {
	n, m := a1-a0, b1-b0
	maxD := (n + m + 1) / 2
	off := maxD
	vlen := 2*maxD + 2
	v1, v2 := d.v1[:vlen], d.v2[:vlen]
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
		if dd > maxCost {
			if best <= 0 {
				return 0, 0, false
			}
			return a0 + bestX, b0 + bestY, true
		}
		for k1 := -dd + k1start; k1 <= dd-k1end; k1 += 2 {
			k1off := off + k1
			var x1 int
			if k1 == -dd || (k1 != dd && v1[k1off-1] < v1[k1off+1]) {
				x1 = v1[k1off+1]
			} else {
				x1 = v1[k1off-1] + 1
			}
			y1 := x1 - k1
			for x1 < n && y1 < m && d.a[a0+x1] == d.b[b0+y1] {
				x1++
				y1++
			}
			v1[k1off] = x1
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
					k2off := off + delta - k1
					if k2off >= 0 && k2off < vlen && v2[k2off] != -1 {
						if x1 >= n-v2[k2off] {
							return a0 + x1, b0 + y1, true
						}
					}
				}
			}
		}
		for k2 := -dd + k2start; k2 <= dd-k2end; k2 += 2 {
			k2off := off + k2
			var x2 int
			if k2 == -dd || (k2 != dd && v2[k2off-1] < v2[k2off+1]) {
				x2 = v2[k2off+1]
			} else {
				x2 = v2[k2off-1] + 1
			}
			y2 := x2 - k2
			for x2 < n && y2 < m && d.a[a1-x2-1] == d.b[b1-y2-1] {
				x2++
				y2++
			}
			v2[k2off] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				k1off := off + delta - k2
				if k1off >= 0 && k1off < vlen && v1[k1off] != -1 {
					x1 := v1[k1off]
					y1 := off + x1 - k1off
					if x1 >= n-x2 {
						return a0 + x1, b0 + y1, true
					}
				}
			}
		}
	}
	return 0, 0, false
}
