package history

import "github.com/emend-project/emend/internal/diff"

// diffLines returns the hunks that turn a into b, numbered as if a and b
// started at lines oldStart and newStart.
func diffLines(a, b []string, oldStart, newStart int) []Hunk {
	var hunks []Hunk
	for _, r := range diff.Strings(a, b) {
		hunks = append(hunks, Hunk{
			OldStart: oldStart + r.A0, NewStart: newStart + r.B0,
			Old: append([]string(nil), a[r.A0:r.A1]...), New: append([]string(nil), b[r.B0:r.B1]...),
		})
	}
	return hunks
}
