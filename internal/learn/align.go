package learn

// region is a run of old words a0..a1 replaced by new words b0..b1.
type region struct{ a0, a1, b0, b1 int }

// maxCells bounds the word alignment's table; a larger hunk is taken for
// a rewrite.
const maxCells = 1 << 20

// align lines up two word sequences on a longest common subsequence of
// equal words. It returns the runs in which they differ, replacements only
// (runs where one side is empty are insertions or deletions, not
// corrections), and how many words they share.
//
// It keeps its own dynamic programming rather than the shared Myers diff of
// package diff: on ties, which words a replacement takes (and so which
// contexts are learned) matters, and measured with eval the Myers choices
// learned worse rules (91 of 100 unreviewed edits right instead of 96).
func align(a, b []string) ([]region, int) {
	if len(a)*len(b) > maxCells {
		return nil, 0
	}
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []region
	i, j := 0, 0
	start := region{-1, -1, -1, -1}
	flush := func() {
		if start.a0 >= 0 {
			r := region{start.a0, i, start.b0, j}
			if r.a1 > r.a0 && r.b1 > r.b0 {
				out = append(out, r)
			}
			start = region{-1, -1, -1, -1}
		}
	}
	for i < len(a) || j < len(b) {
		if i < len(a) && j < len(b) && a[i] == b[j] {
			flush()
			i++
			j++
			continue
		}
		if start.a0 < 0 {
			start = region{a0: i, b0: j}
		}
		if j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]) {
			j++
		} else {
			i++
		}
	}
	flush()
	return out, int(lcs[0][0])
}
