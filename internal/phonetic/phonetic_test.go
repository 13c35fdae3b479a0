package phonetic

import "testing"

// Misheard terms from podcast transcripts and the terms they stand for.
var alike = []struct{ heard, term string }{
	{"Jupiter", "Jupyter"},
	{"Spacey", "spaCy"},
	{"Daxter", "Dagster"},
	{"pedantic", "Pydantic"},
	{"rough", "ruff"},
	{"fast API", "FastAPI"},
	{"pipex", "pipx"},
	{"num pie", "NumPy"},
	{"pie test", "pytest"},
	{"gill", "GIL"},
	{"Cyphon", "Siphon"},
	{"my pie", "mypy"},
	{"Kubernetes", "Cubernetes"},
	{"Pandas", "pandas"},
	{"engine X", "nginx"},
	{"PyPy", "pie pie"},
	{"Django", "Jango"},
	{"Sebastian Ramirez", "Sebastián Ramírez"},
	{"Matplotlib", "mat plot lib"},
	{"Celery", "Salary"},
}

func TestKeyAlike(t *testing.T) {
	for _, c := range alike {
		a, b := Key(c.heard), Key(c.term)
		if d := Distance(a, b, 2); d > 1 {
			t.Errorf("Key(%q) = %q, Key(%q) = %q: distance %d, want at most 1", c.heard, a, c.term, b, d)
		}
	}
}

func TestKeyExact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"—", ""},
		{"Python", "p0n"},
		{"rough", "rf"},
		{"ruff", "rf"},
		{"Daxter", "tkstr"},
		{"Dagster", "tkstr"},
		{"apple", "Apl"},
		{"knight", "nt"},
		{"nation", "nXn"},
		{"pip", "pp"},
		{"p", "p"},
		{"Python 3.12", "p0n312"},
		{"C++", "k"},
		{"schema", "skm"},
	} {
		// Compare case-sensitively: codes are upper case, letters lower.
		if got := Key(c.in); got != c.want {
			t.Errorf("Key(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Ordinary words that sound different must keep different keys, or every
// word would be a candidate for every term.
func TestKeyApart(t *testing.T) {
	for _, c := range [][2]string{
		{"rough", "rust"},
		{"pandas", "polars"},
		{"Django", "Flask"},
		{"estimate", "pytest"},
		{"the", "those"},
		{"pip", "pipx"},
	} {
		a, b := Key(c[0]), Key(c[1])
		if a == b {
			t.Errorf("Key(%q) = Key(%q) = %q, want different keys", c[0], c[1], a)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		max  int
		want int
	}{
		{"", "", 2, 0},
		{"abc", "", 5, 3},
		{"abc", "", 2, 3},
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 2, 3},
		{"ab", "ba", 2, 1},
		{"pytest", "pytset", 2, 1},
		{"same", "same", 0, 0},
		{"a", "b", 0, 1},
	} {
		if got := Distance(c.a, c.b, c.max); got != c.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", c.a, c.b, c.max, got, c.want)
		}
		if got := Distance(c.b, c.a, c.max); got != c.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d (swapped)", c.b, c.a, c.max, got, c.want)
		}
	}
}

func FuzzKey(f *testing.F) {
	for _, c := range alike {
		f.Add(c.heard)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if Key(s+" ") != k {
			t.Fatalf("trailing space changed the key of %q", s)
		}
		if Distance(k, k, 0) != 0 {
			t.Fatalf("Distance(k, k) != 0 for %q", k)
		}
	})
}

func BenchmarkKey(b *testing.B) {
	var dst []byte
	for i := 0; i < b.N; i++ {
		for _, c := range alike {
			dst = AppendKey(dst[:0], c.heard)
		}
	}
}

// Accented Latin letters, in either case, sound as their base letter;
// letters of other scripts are dropped.
func TestKeyAccents(t *testing.T) {
	for _, tt := range []struct{ accented, plain string }{
		{"Sebastián Ramírez", "Sebastian Ramirez"},
		{"Łukasz Langa", "Lukasz Langa"},
		{"ØRSTED", "orsted"},
		{"Straße", "Strase"},
		{"François Chollet", "Francois Chollet"},
		{"Ñuñez", "Nunez"},
		{"Žižek", "Zizek"},
		{"Müller", "Muller"},
		{"Jürgen Ýr", "Jurgen Yr"},
		{"Ωmega", "mega"},
	} {
		if a, p := Key(tt.accented), Key(tt.plain); a != p {
			t.Errorf("Key(%q) = %q, Key(%q) = %q", tt.accented, a, tt.plain, p)
		}
	}
}
