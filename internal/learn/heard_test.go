package learn

import (
	"fmt"
	"testing"
	"time"
)

func TestHeardPieces(t *testing.T) {
	for _, c := range []struct {
		wrong, right string
		want         bool
	}{
		{"map plot lib", "matplotlib", true},
		{"TK enter", "Tkinter", true},
		{"pi charm", "PyCharm", true},
		{"fast API", "FastAPI", false}, // the same letters: heardSplit's
		{"web page", "webpage", false}, // English
		{"Python q", "pyzmq", false},   // letters apart
		{"dot Git", "git", false},      // English, and letters apart
		{"pie test", "pytest", false},
		{"easy install", "easy_install", false},         // the same letters
		{"requirements TXT", "requirements.txt", false}, // two letters apart
		{"Map Plotlib", "Matplotlib", true},
	} {
		if got := heardPieces(c.wrong, c.right); got != c.want {
			t.Errorf("heardPieces(%q, %q) = %v, want %v", c.wrong, c.right, got, c.want)
		}
	}
}

func TestHeardAsWords(t *testing.T) {
	for _, c := range []struct {
		wrong, right string
		want         bool
	}{
		{"message spec", "msgspec", true},
		{"dot Git", "git", false},                  // into an English word
		{"Pydentic", "Pydantic", false},            // one word
		{"talk Python FM", "talkpython.fm", false}, // not letters alone
	} {
		if got := heardAsWords(c.wrong, c.right); got != c.want {
			t.Errorf("heardAsWords(%q, %q) = %v, want %v", c.wrong, c.right, got, c.want)
		}
	}
}

// A term heard as words a letter away from it is fixed wherever those
// words stand, even where people kept them in files they edited, as long
// as they fixed them more: "map plot lib" means matplotlib.
func TestHeardPiecesIsBlind(t *testing.T) {
	when := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	l := New(Options{})
	final := map[string][]string{}
	for i := 0; i < 6; i++ {
		ep := fmt.Sprintf("t/%03d-a.txt", i%3)
		line := fmt.Sprintf("we plotted it with %%s in part %d", i)
		fixAndKeep(l, final, ep, line, "map plot lib", "matplotlib", when)
	}
	final["t/001-a.txt"] = append(final["t/001-a.txt"], "a chart from map plot lib again")
	for i := 10; i < 16; i++ {
		final[fmt.Sprintf("t/%03d-x.txt", i)] = []string{"the map plot lib output was fine"}
	}
	r := byWrong(l.Rules(final))["map plot lib"]
	if r == nil || len(r.If)+len(r.Unless) > 0 {
		t.Errorf("map plot lib: got %v, want a blind rule", r)
	}
}

// The right words are spelled as the text writes them most, clearly:
// people fixed "TK enter" to TKinter most, but write Tkinter.
func TestSpelledAsWritten(t *testing.T) {
	for _, c := range []struct {
		name    string
		written map[string]int
		want    string
	}{
		{"written otherwise", map[string]int{"Tkinter": 12, "TKinter": 5}, "Tkinter"},
		{"written as fixed", map[string]int{"Tkinter": 6, "TKinter": 5}, "TKinter"},
		{"lower case first", map[string]int{"tkinter": 30, "TKinter": 5}, "TKinter"},
	} {
		when := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
		l := New(Options{})
		final := map[string][]string{}
		for i := 0; i < 5; i++ {
			ep := fmt.Sprintf("t/%03d-a.txt", i%2)
			fixIn(l, ep, fmt.Sprintf("a GUI in TK enter, part %d", i), fmt.Sprintf("a GUI in TKinter, part %d", i), when)
		}
		i := 0
		for sp, n := range c.written {
			for j := 0; j < n; j++ {
				ep := fmt.Sprintf("t/%03d-a.txt", i%2)
				final[ep] = append(final[ep], fmt.Sprintf("a GUI in %s, part %d", sp, i))
				i++
			}
		}
		r := byWrong(l.Rules(final))["tk enter"]
		if r == nil || r.Right != c.want {
			t.Errorf("%s: got %v, want TK enter => %s", c.name, r, c.want)
		}
	}
}
