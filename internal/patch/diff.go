package patch

import (
	"strings"

	"github.com/emend-project/emend/internal/diff"
)

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
	ra, mapA := keepShared(ia, countB, delA)
	rb, mapB := keepShared(ib, countA, insB)

	diff.IDs(ra, rb, maxCost, func(a0, a1, b0, b1 int) {
		for i := a0; i < a1; i++ {
			delA[mapA[i]] = true
		}
		for j := b0; j < b1; j++ {
			insB[mapB[j]] = true
		}
	})

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

// keepShared returns the lines of one side (ids) that occur on the other
// side (whose count of each line is otherCount), with their indexes in
// ids, and marks the others changed.
func keepShared(ids, otherCount []int32, changed []bool) (kept []int32, at []int) {
	for i, v := range ids {
		if otherCount[v] == 0 {
			changed[i] = true
			continue
		}
		kept = append(kept, v)
		at = append(at, i)
	}
	return kept, at
}

// shift slides each run of changed lines down while the line after the run
// equals its first line, taking in a run it comes to, so that equal-cost
// alignments come out in one canonical form: an inserted paragraph that
// ends with a blank line is shown ending there, and neighbouring runs join
// into one. It moves changes only across equal
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
