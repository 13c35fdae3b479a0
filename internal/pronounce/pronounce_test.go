package pronounce

import (
	"slices"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		word string
		want []string // every pronunciation, in order
	}{
		{"Jupiter", []string{"JH UW P AH T ER", "JH UW P IH T ER"}},
		{"pedantic", []string{"P AH D AE N T IH K"}},
		{"python", []string{"P AY TH AA N"}},
		{"PYTHON", []string{"P AY TH AA N"}},
		{"rough", []string{"R AH F"}},
		{"tomato", []string{"T AH M EY T OW", "T AH M AA T OW"}},
		{"celery", []string{"S EH L ER IY"}},
		{"pie", []string{"P AY"}},
		{"don't", []string{"D OW N T", "D OW N"}},
		{"pydantic", nil},
		{"", nil},
		{"dagster", nil},
	}
	for _, tt := range tests {
		got := Lookup(tt.word)
		var strs []string
		for _, p := range got {
			strs = append(strs, p.String())
		}
		if !slices.Equal(strs, tt.want) {
			t.Errorf("Lookup(%q) = %q, want %q", tt.word, strs, tt.want)
		}
		if Known(tt.word) != (tt.want != nil) {
			t.Errorf("Known(%q) = %v", tt.word, Known(tt.word))
		}
	}
}

func TestDictionaryShape(t *testing.T) {
	if n := Len(); n < 120000 || n > 140000 {
		t.Errorf("Len() = %d, want about 126,000", n)
	}
	// No pronunciation is empty and none repeats within a word.
	for w, prons := range dict {
		seen := map[string]bool{}
		for _, p := range prons {
			if len(p) == 0 {
				t.Fatalf("%q has an empty pronunciation", w)
			}
			if seen[p.String()] {
				t.Fatalf("%q repeats %q", w, p)
			}
			seen[p.String()] = true
		}
	}
}

func TestParsePronunciation(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"JH UW1 P AH0 T ER0", "JH UW P AH T ER", false},
		{"  k  ae t ", "K AE T", false},
		{"P AY\tTH AA N", "P AY TH AA N", false},
		{"", "", true},
		{"   ", "", true},
		{"P XX", "", true},
		{"P AY3", "", true},
		{"1", "", true},
	}
	for _, tt := range tests {
		got, err := ParsePronunciation(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParsePronunciation(%q) error %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && got.String() != tt.want {
			t.Errorf("ParsePronunciation(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseLine(t *testing.T) {
	w, p, err := parseLine("Tomato\tT AH M EY T OW|T AH M AA T OW")
	if err != nil || w != "tomato" || len(p) != 2 || p[1].String() != "T AH M AA T OW" {
		t.Errorf("parseLine = %q %v %v", w, p, err)
	}
	for _, bad := range []string{"", "tomato", "\tT AH", "x\t", "x\tT AH|", "x\tQ"} {
		if _, _, err := parseLine(bad); err == nil {
			t.Errorf("parseLine(%q) took it", bad)
		}
	}
}

func TestParseDictErrors(t *testing.T) {
	if _, err := parseDict([]byte("not gzip")); err == nil {
		t.Error("parseDict took bytes that are no gzip")
	}
}

func TestPhoneme(t *testing.T) {
	if NumPhonemes != 39 {
		t.Errorf("NumPhonemes = %d", NumPhonemes)
	}
	for i := range NumPhonemes {
		p := Phoneme(i)
		if got := phonemeByName[p.String()]; got != p {
			t.Errorf("%v round-trips to %v", p, got)
		}
		if want := strings.ContainsAny(p.String()[:1], "AEIOU"); p.Vowel() != want {
			t.Errorf("%v.Vowel() = %v", p, p.Vowel())
		}
	}
	if s := Phoneme(200).String(); s != "Phoneme(200)" {
		t.Errorf("String of a bad phoneme = %q", s)
	}
}

func FuzzParseLine(f *testing.F) {
	f.Add("tomato\tT AH M EY T OW|T AH M AA T OW")
	f.Add("a\tAH|EY")
	f.Add("x\t|")
	f.Fuzz(func(t *testing.T, line string) {
		w, prons, err := parseLine(line)
		if err != nil {
			return
		}
		if w == "" || len(prons) == 0 {
			t.Fatalf("parseLine(%q) = %q, %v without error", line, w, prons)
		}
		for _, p := range prons {
			if len(p) == 0 {
				t.Fatalf("empty pronunciation from %q", line)
			}
			for _, ph := range p {
				if int(ph) >= NumPhonemes {
					t.Fatalf("phoneme %d from %q", ph, line)
				}
			}
			// What String writes reads back the same.
			back, err := ParsePronunciation(p.String())
			if err != nil || back.String() != p.String() {
				t.Fatalf("%q does not round-trip: %v", p, err)
			}
		}
	})
}
