package learn

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/history"
	"github.com/emend-project/emend/internal/rules"
)

// fixIn feeds one fix of a line into a learner, made at a date.
func fixIn(l *Learner, ep, old, new string, when time.Time) {
	l.Change(history.Change{NewPath: ep, OldPath: ep, Commit: &history.Commit{Date: when}, Hunks: []history.Hunk{{
		Old: []string{"00:00:01 " + old}, New: []string{"00:00:01 " + new},
	}}})
}

// fixAndKeep has people fix wrong to right in line (a format with one %s)
// of episode ep, and keeps the fixed line in the final text.
func fixAndKeep(l *Learner, final map[string][]string, ep, line, wrong, right string, when time.Time) {
	fixIn(l, ep, fmt.Sprintf(line, wrong), fmt.Sprintf(line, right), when)
	final[ep] = append(final[ep], fmt.Sprintf(line, right))
}

func byWrong(rs []*rules.Rule) map[string]*rules.Rule {
	m := map[string]*rules.Rule{}
	for _, r := range rs {
		m[rules.Fold(r.Wrong)] = r
	}
	return m
}

// TestSpellingConvention: a term whose spacing people fixed one way here,
// another there, is learned once, spelled as the text spells it most.
func TestSpellingConvention(t *testing.T) {
	when := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	l := New(Options{})
	fixIn(l, "t/001-a.txt", "we moved to async io last year", "we moved to AsyncIO last year", when)
	fixIn(l, "t/002-b.txt", "it runs on async io and threads", "it runs on asyncio and threads", when)
	fixIn(l, "t/003-c.txt", "plain async I O code", "plain asyncio code", when)
	// The show's name, fixed to its handle where people meant the
	// handle: the name stands far more often than the handle.
	fixIn(l, "t/001-a.txt", "follow at Talk Python on Twitter", "follow @talkpython on Twitter", when)
	fixIn(l, "t/002-b.txt", "follow at Talk Python please", "follow @talkpython please", when)
	fixIn(l, "t/003-c.txt", "follow at Talk Python now", "follow @talkpython now", when)
	// Ordinary words joined: style, no term.
	fixIn(l, "t/001-a.txt", "the data base in the room", "the database in the room", when)
	fixIn(l, "t/002-b.txt", "more data base please", "more database please", when)
	fixIn(l, "t/003-c.txt", "data base again", "database again", when)
	// Ordinary words joined into a word no dictionary has: style still
	// ("you trade off speed").
	fixIn(l, "t/001-a.txt", "a trade off to make", "a tradeoff to make", when)
	fixIn(l, "t/002-b.txt", "the trade off is", "the tradeoff is", when)
	fixIn(l, "t/003-c.txt", "trade off again", "tradeoff again", when)
	final := map[string][]string{
		"t/001-a.txt": {"we moved to AsyncIO last year", "follow @talkpython on Twitter", "the database in the room"},
		"t/002-b.txt": {"it runs on asyncio and threads", "follow @talkpython please", "more database please"},
		"t/003-c.txt": {"plain asyncio code", "follow @talkpython now", "database again", "a tradeoff to make", "the tradeoff is", "tradeoff again"},
		"t/004-d.txt": {"asyncio is in the standard library", "an asyncio loop", "this is Talk Python to Me"},
		"t/005-e.txt": {"with async IO you await", "welcome to Talk Python", "Talk Python to Me, episode 5"},
		"t/006-f.txt": {"so Async IO and trio", "on Talk Python we talked", "Talk Python again", "Talk Python"},
	}
	got := byWrong(l.Rules(final))
	for _, w := range []string{"async io", "async i o"} {
		r := got[w]
		if r == nil || r.Right != "asyncio" || len(r.If)+len(r.Unless) > 0 || r.Case {
			t.Errorf("%s: got %v, want a blind rule to asyncio", w, r)
		}
	}
	for _, w := range []string{"talk python", "data base", "trade off"} {
		if r := got[w]; r != nil {
			t.Errorf("learned %v", r)
		}
	}
	m, err := rules.Compile(l.Rules(final))
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"with async IO you await", "so Async  IO, and trio"}
	if out := rules.Apply(texts, m.Match(texts, "")); out[0] != "with asyncio you await" || out[1] != "so asyncio, and trio" {
		t.Errorf("applied: %q", out)
	}
}

// TestStillFixedIsBlind: a name people fixed often, in several episodes,
// and were still fixing lately, is fixed everywhere it stands; the same
// fix given up long ago is not.
func TestStillFixedIsBlind(t *testing.T) {
	for _, c := range []struct {
		name  string
		last  time.Time
		blind bool
	}{
		{"lately", time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC), true},
		{"long ago", time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), false},
	} {
		l := New(Options{})
		final := map[string][]string{}
		for i := 0; i < 12; i++ {
			ep := fmt.Sprintf("t/%03d-x.txt", i%3)
			fixIn(l, ep, fmt.Sprintf("open Jupiter notebooks number %d", i), fmt.Sprintf("open Jupyter notebooks number %d", i), c.last.AddDate(0, 0, -i))
			final[ep] = append(final[ep], fmt.Sprintf("open Jupyter notebooks number %d", i))
		}
		// Another correction, made lately: the history runs to then.
		fixIn(l, "t/009-y.txt", "the Pydentic models", "the Pydantic models", time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC))
		// Left where people fixed it, a few times, beside other words;
		// and elsewhere.
		final["t/000-x.txt"] = append(final["t/000-x.txt"], "we run Jupiter hub here", "Jupiter hub again")
		for i := 10; i < 16; i++ {
			final[fmt.Sprintf("t/%03d-z.txt", i)] = []string{"the Jupiter server", "Jupiter lab too"}
		}
		r := byWrong(l.Rules(final))["jupiter"]
		blind := r != nil && len(r.If)+len(r.Unless) == 0
		if blind != c.blind {
			t.Errorf("%s: got %v, want blind %v", c.name, r, c.blind)
		}
	}
}

// TestGluedFix: a fix that glues the right words to the word before
// ("talkpython.fm/youtube") is learned with that word, so that the rule
// writes what people wrote, not "talkpython.fm youtube".
func TestGluedFix(t *testing.T) {
	when := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	l := New(Options{})
	final := map[string][]string{}
	for _, ep := range []string{"t/001-a.txt", "t/002-b.txt"} {
		fixIn(l, ep, "subscribe at talkpython.fm slash YouTube today", "subscribe at talkpython.fm/youtube today", when)
		final[ep] = []string{"subscribe at talkpython.fm/youtube today"}
	}
	rs := l.Rules(final)
	if len(rs) != 1 || rs[0].Wrong != "talkpython.fm slash YouTube" || rs[0].Right != "talkpython.fm/youtube" {
		t.Fatalf("got %v, want talkpython.fm slash YouTube => talkpython.fm/youtube", rs)
	}
	m, err := rules.Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"go to talkpython.fm slash YouTube, and subscribe"}
	if out := rules.Apply(texts, m.Match(texts, "")); out[0] != "go to talkpython.fm/youtube, and subscribe" {
		t.Errorf("applied: %q", out[0])
	}
}

// TestSignsKept: the signs people wrote around the right words, which are
// no word ("@talkpython", "C#", a command's option "-r"), are part of the
// rule, but not a dash standing apart; signs the wrong
// words had already are not written twice.
func TestSignsKept(t *testing.T) {
	when := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ old, new, wrong, right string }{
		{"follow us at Talk Python on Twitter", "follow us @talkpython on Twitter", "at Talk Python", "@talkpython"},
		{"I came to Python from C Sharp nine", "I came to Python from C#9", "C Sharp nine", "C#9"},
		{"follow us @talk python on Twitter", "follow us @TalkPython on Twitter", "talk python", "TalkPython"},
		{"just pip install dash R, the requirements file", "just pip install -r, the requirements file", "dash R", "-r"},
		{"so - Jupiter notebooks - are great", "so - Jupyter notebooks - are great", "Jupiter", "Jupyter"},
	} {
		l := New(Options{})
		final := map[string][]string{}
		for _, ep := range []string{"t/001-a.txt", "t/002-b.txt"} {
			fixIn(l, ep, c.old, c.new, when)
			final[ep] = []string{c.new}
		}
		rs := l.Rules(final)
		if len(rs) != 1 || rs[0].Wrong != c.wrong || rs[0].Right != c.right {
			t.Errorf("%q to %q: got %v, want %s => %s", c.old, c.new, rs, c.wrong, c.right)
		}
	}
}

func TestFlagStart(t *testing.T) {
	for _, c := range []struct {
		text string
		want string // the option's dashes before the word "x"
	}{
		{"-x", "-"},
		{"run -x now", "-"},
		{"run --x now", "--"},
		{"run ---x now", ""}, // three dashes: a rule, not an option
		{"so - x now", ""},
		{"well-x now", ""},
	} {
		i := strings.Index(c.text, "x")
		if got := c.text[flagStart(c.text, i):i]; got != c.want {
			t.Errorf("%q: dashes %q, want %q", c.text, got, c.want)
		}
	}
}

// TestSpellingOfLearnedFix: a fix learned on its own but left where people
// kept it ("C Python" to CPython) applies everywhere when the text writes
// the term joined more than apart.
func TestSpellingOfLearnedFix(t *testing.T) {
	when := time.Date(2022, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, joinedMost := range []bool{true, false} {
		l := New(Options{})
		final := map[string][]string{}
		for i := 0; i < 4; i++ {
			ep := fmt.Sprintf("t/%03d-a.txt", i%2)
			line := fmt.Sprintf("it runs on %%s version %d", i)
			fixIn(l, ep, fmt.Sprintf(line, "C Python"), fmt.Sprintf(line, "CPython"), when)
			final[ep] = append(final[ep], fmt.Sprintf(line, "CPython"), "but C Python stays here", "and C Python there")
		}
		for i := 10; i < 16; i++ {
			final[fmt.Sprintf("t/%03d-x.txt", i)] = []string{"the C Python interpreter"}
		}
		if joinedMost {
			for i := 20; i < 40; i++ {
				final[fmt.Sprintf("t/%03d-y.txt", i)] = []string{"CPython is the reference"}
			}
		}
		r := byWrong(l.Rules(final))["c python"]
		blind := r != nil && len(r.If)+len(r.Unless) == 0
		if blind != joinedMost {
			t.Errorf("joined most %v: got %v, want blind %v", joinedMost, r, joinedMost)
		}
	}
}

// TestSettle: rules that undo each other are dropped; a rule whose right
// words another corrects again writes the last correction at once; so
// applying the rules twice changes nothing more.
func TestSettle(t *testing.T) {
	rs := settle([]*rules.Rule{
		{Wrong: "CI CD", Right: "CICD"},
		{Wrong: "CICD", Right: "CI CD"},
		{Wrong: "Pydanic", Right: "PyDantic"},
		{Wrong: "PyDantic", Right: "Pydantic", Case: true},
		{Wrong: "rough", Right: "ruff", If: []rules.Context{{Before: []string{"install"}}}},
		{Wrong: "Ruf", Right: "rough"},
		{Wrong: "Sequel", Right: "SQL", If: []rules.Context{{After: []string{"alchemy"}}, {After: []string{"server"}}}},
		{Wrong: "SQL alchemy", Right: "SQLAlchemy"},
		{Wrong: "Pie", Right: "Py"},
		{Wrong: "Py charm", Right: "PyCharm"},
	})
	got := byWrong(rs)
	if got["ci cd"] != nil || got["cicd"] != nil {
		t.Errorf("kept rules that undo each other: %v", rs)
	}
	if r := got["pydanic"]; r == nil || r.Right != "Pydantic" {
		t.Errorf("pydanic: got %v, want => Pydantic", r)
	}
	// A rule with contexts applies only in places: no chain through it.
	if r := got["ruf"]; r == nil || r.Right != "rough" {
		t.Errorf("ruf: got %v, want => rough", r)
	}
	if r := got["sequel alchemy"]; r == nil || r.Right != "SQLAlchemy" {
		t.Errorf("sequel alchemy: got %v, want => SQLAlchemy", r)
	}
	if r := got["pie charm"]; r == nil || r.Right != "PyCharm" {
		t.Errorf("pie charm: got %v, want => PyCharm", r)
	}
	m, err := rules.Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"we ship Pydanic models and PyDantic ones", "with Sequel Alchemy, or Sequel server", "Pie charm or Pie"}
	once := rules.Apply(texts, m.Match(texts, ""))
	twice := rules.Apply(once, m.Match(once, ""))
	if twice[0] != once[0] || once[0] != "we ship Pydantic models and Pydantic ones" || twice[1] != once[1] || once[1] != "with SQLAlchemy, or SQL server" ||
		twice[2] != once[2] || once[2] != "PyCharm or Py" {
		t.Errorf("once %q, twice %q", once, twice)
	}
}
