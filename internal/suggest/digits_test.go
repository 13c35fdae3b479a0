package suggest

import "testing"

// Names with digits in them are candidates when heard otherwise; numbers
// and versions are never part of a span.
func TestDigitNames(t *testing.T) {
	ix := NewIndex([]Term{{Text: "web2py", Source: FromStarter}, {Text: "Neo4j", Source: FromStarter}, {Text: "Python", Source: FromStarter}})
	tests := []struct {
		text, heard, want string
		ok                bool
	}{
		{"we built it on Web2Pi back then", "Web2Pi", "web2py", true},
		{"use Pithon 3.12 now", "Pithon 3.12", "Python", false},
		{"it took 2x longer", "2x", "web2py", false},
	}
	for _, tt := range tests {
		if got := hasCandidate(ix, tt.text, tt.heard, tt.want); got != tt.ok {
			t.Errorf("%q: candidate %q for %q = %v, want %v", tt.text, tt.want, tt.heard, got, tt.ok)
		}
	}
	for w, want := range map[string]bool{"3.12": true, "v2": true, "2x": true, "313": true, "web2pi": false, "neo4j": false, "python": false, "h5py": false} {
		if got := number(w); got != want {
			t.Errorf("number(%q) = %v, want %v", w, got, want)
		}
	}
}
