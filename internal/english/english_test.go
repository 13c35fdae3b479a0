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

func TestZipf(t *testing.T) {
	for _, c := range []struct {
		word     string
		min, max float64
	}{
		{"get", 6.5, 7},      // everyday
		{"Get", 6.5, 7},      // any case
		{"ginger", 3.5, 4},   // a word of its own, said now and then
		{"pedantic", 2, 3},   // rare
		{"gradient", 2, 2.5}, // rare in speech
		{"Codeium", 0, 0},    // never said: a product
		{"Daxter", 0, 0},
		{"", 0, 0},
	} {
		if got := Zipf(c.word); got < c.min || got > c.max {
			t.Errorf("Zipf(%q) = %.2f, want %.1f to %.1f", c.word, got, c.min, c.max)
		}
	}
	if Count("the") < 1_000_000 {
		t.Errorf(`Count("the") = %d, want the whole table`, Count("the"))
	}
}
