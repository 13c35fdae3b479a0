package learn

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestVariants: a word no dictionary has, spelled like the misspellings
// people fixed to a term, is fixed to it too; not a plural, a misspelling
// with letters before or after it (another word: "identica" beside
// "identic", "Psequel" beside "sequel"), a word near another term, a short
// word away from the term, or a word standing in many episodes.
func TestVariants(t *testing.T) {
	when := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	l := New(Options{})
	final := map[string][]string{}
	for i := 0; i < 6; i++ {
		for _, c := range []struct{ ep, wrong string }{{"t/001-a.txt", "Pydentic"}, {"t/002-b.txt", "Pythantic"}} {
			line := fmt.Sprintf("validate it with %%s models, take %d", i)
			fixIn(l, c.ep, fmt.Sprintf(line, c.wrong), fmt.Sprintf(line, "Pydantic"), when)
			final[c.ep] = append(final[c.ep], fmt.Sprintf(line, "Pydantic"))
		}
	}
	final["t/003-c.txt"] = []string{"we moved to Pydanic models", "Pydentics everywhere", "Pydanttic too", "on Pythantica, the service", "Spythantic mentioned"}
	final["t/004-d.txt"] = []string{"the Pydandic validators", "it is Pythonic code", "Pidantic again", "PyDantic models", "PYDANTIC, all caps", "pydantic, lower case"}
	// A word of the show's language: it stands in many episodes.
	for i := 10; i < 40; i++ {
		final[fmt.Sprintf("t/%03d-x.txt", i)] = []string{"so Pydentix it is"}
	}
	got := byWrong(l.Rules(final))
	for _, w := range []string{"pydanic", "pydanttic", "pydandic"} {
		if r := got[w]; r == nil || r.Right != "Pydantic" || len(r.If)+len(r.Unless) > 0 {
			t.Errorf("%s: got %v, want a blind rule to Pydantic", w, r)
		}
	}
	for _, w := range []string{"pydentics", "pythantica", "spythantic", "pythonic", "pydentix"} {
		if r := got[w]; r != nil {
			t.Errorf("learned %v", r)
		}
	}
	// The term cased otherwise, seldom, beyond its first letter.
	if r := got["pydantic"]; r == nil || r.Wrong != "PyDantic" || !r.Case || r.Right != "Pydantic" {
		t.Errorf("casing: got %v, want PyDantic => Pydantic; case", r)
	}
	if l.Stats.Variants != 5 { // with "Pidantic" and "PyDantic"
		t.Errorf("%d variants, want 5", l.Stats.Variants)
	}
}

// TestTopical: an English word people fixed to a term, standing unfixed
// mostly in the episodes that name the term, is fixed everywhere; standing
// anywhere, only where its neighbours say so.
func TestTopical(t *testing.T) {
	when := time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name     string
		topic    bool // the unfixed places are in episodes naming Starlette
		wantBlnd bool
	}{{"in the term's episodes", true, true}, {"anywhere", false, false}} {
		l := New(Options{})
		final := map[string][]string{}
		for i := 0; i < 12; i++ {
			ep := fmt.Sprintf("t/%03d-a.txt", i%2)
			line := fmt.Sprintf("it is built on %%s under the hood, part %d", i)
			fixAndKeep(l, final, ep, line, "Starlet", "Starlette", when)
		}
		for i := 10; i < 60; i++ {
			ep := fmt.Sprintf("t/%03d-x.txt", i)
			final[ep] = []string{"nothing to see here"}
			if i < 16 {
				final[ep] = append(final[ep], "what a Starlet that was")
				if c.topic {
					final[ep] = append(final[ep], "Starlette is an ASGI framework")
				}
			}
		}
		r := byWrong(l.Rules(final))["starlet"]
		blind := r != nil && len(r.If)+len(r.Unless) == 0
		if blind != c.wantBlnd {
			t.Errorf("%s: got %v, want blind %v", c.name, r, c.wantBlnd)
		}
	}
}

// TestLengthens: a misspelling with letters before or after it is another
// word, unless it is spelled like the term or its other misspellings.
func TestLengthens(t *testing.T) {
	pydantic := []string{"identic", "pydentic"}
	for _, c := range []struct {
		w, term string
		wrongs  []string
		want    bool
	}{
		{"identica", "pydantic", pydantic, true},  // identi.ca, a service
		{"bidentic", "pydantic", pydantic, false}, // a letter from "pydentic"
		{"psequel", "sql", []string{"sequel"}, true},
		{"identic", "pydantic", pydantic, false}, // the misspelling itself
		{"pydanic", "pydantic", pydantic, false},
		{"jupitery", "jupyter", []string{"jupiter"}, false}, // near the term
	} {
		if got := lengthens(c.w, c.term, c.wrongs); got != c.want {
			t.Errorf("lengthens(%q, %q, %q) = %v, want %v", c.w, c.term, c.wrongs, got, c.want)
		}
	}
}

// TestTalkedOf: a blind rule for a word in its own right ("dick" for dict,
// "Jenga" for Django) applies only where the episode names the term or
// says the word three times; one fixed in many episodes ("gill"), one for
// a word no dictionary has ("Pynantic") and one for a name ("Jupiter")
// apply anywhere.
func TestTalkedOf(t *testing.T) {
	when := time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC)
	l := New(Options{})
	final := map[string][]string{}
	for i := 0; i < 12; i++ {
		ep := fmt.Sprintf("t/%03d-a.txt", i%4)
		fixAndKeep(l, final, ep, fmt.Sprintf("then a %%s %s, part %d", []string{"lookup", "comprehension", "subclass", "literal"}[i%4], i), "dick", "dict", when)
		fixAndKeep(l, final, ep, fmt.Sprintf("we built it in %%s last year, part %d", i), "Jenga", "Django", when)
		fixAndKeep(l, final, ep, fmt.Sprintf("validate it with %%s models, part %d", i), "Pynantic", "Pydantic", when)
		fixAndKeep(l, final, ep, fmt.Sprintf("open a %%s notebook, part %d", i), "Jupiter", "Jupyter", when)
	}
	for i := 0; i < 24; i++ {
		ep := fmt.Sprintf("t/%03d-b.txt", 10+i%12)
		fixAndKeep(l, final, ep, fmt.Sprintf("threads wait on the %%s here, part %d", i), "gill", "GIL", when)
	}
	got := byWrong(l.Rules(final))
	for _, c := range []struct {
		wrong string
		topic []string
	}{
		{"dick", []string{"dict", "dick"}},
		{"jenga", []string{"Django", "Jenga"}},
		{"pynantic", nil},
		{"jupiter", nil},
		{"gill", nil},
	} {
		r := got[c.wrong]
		if r == nil {
			t.Errorf("%s: no rule", c.wrong)
			continue
		}
		if len(r.If)+len(r.Unless) > 0 {
			t.Errorf("%s: got %v, want a blind rule", c.wrong, r)
		}
		if !slices.Equal(r.Topic, c.topic) {
			t.Errorf("%s: topic %q, want %q", c.wrong, r.Topic, c.topic)
		}
	}
}
