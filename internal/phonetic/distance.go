package phonetic

// Distance returns the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of two neighbouring
// bytes, each costing one), or max+1 when it is more than max. Bounding the
// distance keeps the cost near linear for the short strings it compares.
func Distance(a, b string, max int) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > max {
		return max + 1
	}
	if len(b) == 0 {
		return len(a)
	}
	// Three rows of the dynamic programme, reused.
	var store [3 * 65]int
	var prev2, prev, cur []int
	if n := len(b) + 1; 3*n <= len(store) {
		prev2, prev, cur = store[:n], store[n:2*n], store[2*n:3*n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if d := prev[j] + 1; d < v {
				v = d
			}
			if d := cur[j-1] + 1; d < v {
				v = d
			}
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				if d := prev2[j-2] + 1; d < v {
					v = d
				}
			}
			cur[j] = v
			if v < low {
				low = v
			}
		}
		if low > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if d := prev[len(b)]; d <= max {
		return d
	}
	return max + 1
}
