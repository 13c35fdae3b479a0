package pronounce

import (
	"math"
	"testing"
)

func TestPronounce(t *testing.T) {
	tests := []struct {
		word string
		want string // the first pronunciation
	}{
		{"python", "P AY TH AA N"},    // the dictionary's
		{"Mocha", "M OW K AH"},        // the dictionary's
		{"Okken", "AA K EH N"},        // guessed
		{"Codeium", "K AA D EY AH M"}, // guessed
		{"Hynek", "HH AY N IH K"},     // the dictionary has it
		{"Dagster", "D AE G S T ER"},
		{"Pydantic", "P AY D AE N T IH K"}, // "py" is said "pie"
		{"Polars", "P OW L ER Z"},          // a known word and an ending
		{"FastAPI", "F AE S T EY P IY AY"}, // camel case, an acronym spelled
		{"UV", "Y UW V IY"},
		{"Flake8", "F L EY K EY T"}, // letters, then a digit
		{"npm", "EH N P IY EH M"},   // no vowel: spelled
		{"scikit-learn", "S IH K IH T L ER N"},
		{"Knox", "N AA K S"},
		{"Granian", "G R AE N IY AH N"},
		{"Quarto", "K W AO R T OW"},
		{"Zoë", "Z OW IY"},
		{"3.14", "TH R IY W AH N F AO R"},
	}
	for _, tt := range tests {
		got := Pronounce(tt.word)
		if len(got) == 0 || got[0].String() != tt.want {
			t.Errorf("Pronounce(%q) = %v, want first %q", tt.word, got, tt.want)
		}
		if len(got) > MaxPronunciations {
			t.Errorf("Pronounce(%q) gives %d pronunciations", tt.word, len(got))
		}
	}
	for _, w := range []string{"", "--", "…"} {
		if p := Pronounce(w); p != nil {
			t.Errorf("Pronounce(%q) = %v, want nil", w, p)
		}
	}
}

func TestSplitParts(t *testing.T) {
	tests := []struct {
		word string
		want []string
	}{
		{"FastAPI", []string{"Fast", "API"}},
		{"APIError", []string{"API", "Error"}},
		{"Flake8", []string{"Flake", "8"}},
		{"pyproject.toml", []string{"pyproject", "toml"}},
		{"spaCy", []string{"spa", "Cy"}},
		{"uv", []string{"uv"}},
	}
	for _, tt := range tests {
		got := splitParts(tt.word)
		if len(got) != len(tt.want) {
			t.Errorf("splitParts(%q) = %q, want %q", tt.word, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("splitParts(%q) = %q, want %q", tt.word, got, tt.want)
			}
		}
	}
}

func TestDistance(t *testing.T) {
	first := func(w string) Pronunciation { return Pronounce(w)[0] }
	tests := []struct {
		heard, term string
		lo, hi      float64
	}{
		{"Valky", "Valkey", 0, 0},
		{"Moka", "Mocha", 0, 0},
		{"Codium", "Codeium", 0.01, 0.1}, // one vowel
		{"Henick", "Hynek", 0.01, 0.1},
		{"Daxter", "Dagster", 0.01, 0.1}, // K for G: voicing
		{"Corto", "Quarto", 0.01, 0.15},  // a W lost
		{"Arkin", "Okken", 0.1, 0.2},
		{"Polar", "Polars", 0.1, 0.2},
		{"coffee", "Kafka", 0.2, 0.4},
		{"black", "Django", 0.6, 2},
		{"table", "pytest", 0.5, 2},
	}
	for _, tt := range tests {
		d := Distance(first(tt.heard), first(tt.term))
		if d < tt.lo || d > tt.hi {
			t.Errorf("Distance(%s, %s) = %.3f, want in [%.2f, %.2f]", tt.heard, tt.term, d, tt.lo, tt.hi)
		}
		if e := Distance(first(tt.term), first(tt.heard)); math.Abs(e-d) > 1e-9 {
			t.Errorf("Distance is not symmetric for %s, %s: %.3f and %.3f", tt.heard, tt.term, d, e)
		}
	}
	if d := Distance(nil, nil); d != 0 {
		t.Errorf("Distance(nil, nil) = %v", d)
	}
	if d := Distance(first("cat"), nil); d <= 0.5 {
		t.Errorf("Distance(cat, nil) = %v, want most of a sound each", d)
	}
}

func TestKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Codium", "Codeium"}, {"Moka", "Mocha"}, {"Henick", "Hynek"}, {"Ockin", "Okken"}, {"Daxter", "Dagster"},
		{"Corto", "Quarto"}, {"Valky", "Valkey"}, {"Grinion", "Granian"},
	}
	for _, tt := range tests {
		if a, b := Key(Pronounce(tt.a)[0]), Key(Pronounce(tt.b)[0]); a != b {
			t.Errorf("Key(%s) = %q, Key(%s) = %q, want one key", tt.a, a, tt.b, b)
		}
	}
	if k := Key(Pronounce("black")[0]); k != "plk" {
		t.Errorf("Key(black) = %q, want plk", k)
	}
}

func FuzzPronounce(f *testing.F) {
	for _, s := range []string{"FastAPI", "Zoë", "3.14", "x", "APIError", "py", "e", "'s", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range Pronounce(s) {
			for _, ph := range p {
				if int(ph) >= NumPhonemes {
					t.Fatalf("Pronounce(%q) holds %d", s, ph)
				}
			}
		}
		g := Guess(s)
		if d := Distance(g, g); d != 0 {
			t.Fatalf("Distance of %q to itself = %v", s, d)
		}
	})
}

func BenchmarkGuess(b *testing.B) {
	words := []string{"Codeium", "Okken", "Dagster", "Pydantic", "Granian", "psycopg", "Valkey"}
	for i := 0; b.Loop(); i++ {
		Guess(words[i%len(words)])
	}
}

func TestSameStartAndInflects(t *testing.T) {
	first := func(w string) Pronunciation { return Pronounce(w)[0] }
	starts := []struct {
		a, b string
		want bool
	}{
		{"Arkin", "Okken", true}, {"Corto", "Quarto", true}, {"by", "Python", true}, {"Moka", "Mocha", true},
		{"unequal", "Michael", false}, {"cable", "Django", false}, {"", "x", false},
	}
	for _, tt := range starts {
		var a, b Pronunciation
		if tt.a != "" {
			a = first(tt.a)
		}
		b = first(tt.b)
		if got := SameStart(a, b); got != tt.want {
			t.Errorf("SameStart(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	infl := []struct {
		word, stem string
		want       bool
	}{
		{"flits", "Flit", true}, {"testing", "test", true}, {"Polars", "Polar", true},
		{"Polar", "Polars", false}, {"Valky", "Valkey", false}, {"pytest", "pytest", false},
	}
	for _, tt := range infl {
		if got := Inflects(first(tt.word), first(tt.stem)); got != tt.want {
			t.Errorf("Inflects(%s, %s) = %v, want %v", tt.word, tt.stem, got, tt.want)
		}
	}
}
