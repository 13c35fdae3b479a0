package pronounce

// Costs of the phoneme edit distance: what speech recognition confuses is
// cheap.
const (
	// VowelSwap is the cost of one vowel heard as another.
	VowelSwap = 0.3
	// PairSwap is the cost of a consonant heard as its voiced or voiceless
	// twin (T and D, S and Z), or as a close neighbour (M and N, SH and
	// CH).
	PairSwap = 0.35
	// OtherSwap is the cost of any other substitution.
	OtherSwap = 1.0
	// VowelGap is the cost of a vowel heard or lost; WeakGap of a weak
	// consonant (H, R after a vowel, Y, W); ConsonantGap of another.
	VowelGap     = 0.5
	WeakGap      = 0.5
	ConsonantGap = 0.9
)

// class groups consonants heard alike: voiced and voiceless twins, and
// close neighbours.
var class = func() [NumPhonemes]int8 {
	var c [NumPhonemes]int8
	for i := range c {
		c[i] = -1
	}
	for n, group := range [][]Phoneme{
		{P, B}, {T, D}, {K, G}, {F, V}, {TH, DH, F}, {S, Z}, {SH, ZH, CH, JH}, {M, N, NG}, {L, R}, {W, Y},
	} {
		for _, p := range group {
			if c[p] < 0 {
				c[p] = int8(n)
			}
		}
	}
	c[DH] = c[TH]
	return c
}()

// close reports whether two consonants are heard alike.
func close(a, b Phoneme) bool {
	if a == b {
		return true
	}
	switch {
	case a == TH && (b == F || b == T), b == TH && (a == F || a == T),
		a == DH && (b == D || b == V), b == DH && (a == D || a == V),
		a == S && b == SH, a == SH && b == S, a == Z && b == ZH, a == ZH && b == Z:
		return true
	}
	return class[a] >= 0 && class[a] == class[b]
}

// subCost is the cost of phoneme a heard as b.
func subCost(a, b Phoneme) float64 {
	switch {
	case a == b:
		return 0
	case a.Vowel() && b.Vowel():
		return VowelSwap
	case a == ER && b == R, a == R && b == ER:
		return VowelSwap
	case !a.Vowel() && !b.Vowel() && close(a, b):
		return PairSwap
	}
	return OtherSwap
}

// gapCost is the cost of phoneme p heard where there is none, or lost.
func gapCost(p Phoneme) float64 {
	switch {
	case p.Vowel():
		return VowelGap
	case p == HH, p == R, p == Y, p == W:
		return WeakGap
	}
	return ConsonantGap
}

// Distance is the weighted edit distance between two pronunciations,
// over the length of the longer: 0 for the same phonemes, about 0.1 for
// one vowel changed in a word of three sounds or more, 1 or more for
// unrelated words. Vowels swap cheaply among each other, consonants with
// their voiced or voiceless twins.
func Distance(a, b Pronunciation) float64 {
	n := max(len(a), len(b))
	if n == 0 {
		return 0
	}
	return EditCost(a, b) / float64(n)
}

// EditCost is the weighted edit distance itself, not normalized.
func EditCost(a, b Pronunciation) float64 {
	if len(a) < len(b) {
		a, b = b, a
	}
	var store [2 * 33]float64
	var prev, cur []float64
	if m := len(b) + 1; 2*m <= len(store) {
		prev, cur = store[:m], store[m:2*m]
	} else {
		prev, cur = make([]float64, m), make([]float64, m)
	}
	prev[0] = 0
	for j := 1; j <= len(b); j++ {
		prev[j] = prev[j-1] + gapCost(b[j-1])
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = prev[0] + gapCost(a[i-1])
		for j := 1; j <= len(b); j++ {
			v := prev[j-1] + subCost(a[i-1], b[j-1])
			if d := prev[j] + gapCost(a[i-1]); d < v {
				v = d
			}
			if d := cur[j-1] + gapCost(b[j-1]); d < v {
				v = d
			}
			cur[j] = v
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Key is a coarse key of a pronunciation for indexing: its consonants,
// each as its class ("Codium" and "Codeium", "Moka" and "Mocha" share
// one), vowels, H, W and Y left out, a repeated class once. Pronunciations
// close by Distance tend to share a key or to have keys one deletion
// apart.
func Key(p Pronunciation) string {
	return string(AppendKey(nil, p))
}

// AppendKey appends Key(p) to dst.
func AppendKey(dst []byte, p Pronunciation) []byte {
	start := len(dst)
	for _, ph := range p {
		var c byte
		switch {
		case ph == ER:
			c = 'r'
		case ph.Vowel(), ph == HH, ph == W, ph == Y:
			continue
		default:
			c = keyLetter[ph]
		}
		if len(dst) > start && dst[len(dst)-1] == c {
			continue
		}
		dst = append(dst, c)
	}
	return dst
}

var keyLetter = func() [NumPhonemes]byte {
	var k [NumPhonemes]byte
	for _, g := range []struct {
		c  byte
		ps []Phoneme
	}{
		{'p', []Phoneme{P, B}}, {'t', []Phoneme{T, D}}, {'k', []Phoneme{K, G}}, {'f', []Phoneme{F, V, TH, DH}}, {'s', []Phoneme{S, Z}},
		{'x', []Phoneme{SH, ZH, CH, JH}}, {'n', []Phoneme{M, N, NG}}, {'l', []Phoneme{L}}, {'r', []Phoneme{R}},
	} {
		for _, p := range g.ps {
			k[p] = g.c
		}
	}
	return k
}()

// SameStart reports whether two pronunciations begin alike: with vowels
// both, or with the same consonant or its twin or neighbour ("Corto",
// "Quarto"; "By the", "Python"), not "unequal" and "Michael".
func SameStart(a, b Pronunciation) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	return a[0].Vowel() && b[0].Vowel() || subCost(a[0], b[0]) <= PairSwap
}

// inflections are the endings of plurals, past tenses and -ing forms.
var inflections = []Pronunciation{{Z}, {S}, {IH, Z}, {AH, Z}, {D}, {T}, {IH, D}, {AH, D}, {IH, NG}, {ER, Z}}

// Inflects reports whether word is stem with an inflection
// ("quarantining", "Quarantine"; "flits", "Flit").
func Inflects(word, stem Pronunciation) bool {
	if len(word) <= len(stem) || len(stem) == 0 {
		return false
	}
	for i := range stem {
		if word[i] != stem[i] {
			return false
		}
	}
	rest := word[len(stem):]
	for _, e := range inflections {
		if len(e) == len(rest) && string(phonemeBytes(e)) == string(phonemeBytes(rest)) {
			return true
		}
	}
	return false
}

func phonemeBytes(p Pronunciation) []byte {
	b := make([]byte, len(p))
	for i, x := range p {
		b[i] = byte(x)
	}
	return b
}
