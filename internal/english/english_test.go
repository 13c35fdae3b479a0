package english

import "testing"

func TestLookup(t *testing.T) {
	for _, c := range []struct {
		word string
		want Kind
	}{
		{"rough", Common},
		{"Rough", Common},
		{"pedantic", Common},
		{"ginger", Common},
		{"estimates", Common},
		{"Jupiter", Name},
		{"jupiter", Name},
		{"Pydentic", Unknown},
		{"Daxter", Unknown},
		{"Streamlet", Unknown},
		{"FastAPI", Unknown},
		{"", Unknown},
		{"don't", Unknown}, // possessives and contractions left out
	} {
		if got := Lookup(c.word); got != c.want {
			t.Errorf("Lookup(%q) = %v, want %v", c.word, got, c.want)
		}
	}
	if n := Len(); n < 60000 {
		t.Errorf("Len() = %d, want the whole list", n)
	}
}

func BenchmarkLookup(b *testing.B) {
	Lookup("warm")
	for i := 0; i < b.N; i++ {
		Lookup("Pydentic")
	}
}
