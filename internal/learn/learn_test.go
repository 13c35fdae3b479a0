package learn

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/gittest"
	"github.com/emend-project/emend/internal/history"
	"github.com/emend-project/emend/internal/rules"
)

// episode writes a transcript in the "HH:MM:SS text" form, one line a
// sentence.
func episode(lines ...string) string {
	var b strings.Builder
	for i, l := range lines {
		s := i * 5
		b.WriteString(strings.Join([]string{two(s / 3600), two(s / 60 % 60), two(s % 60)}, ":"))
		b.WriteString(" " + l + "\n\n")
	}
	return b.String()
}

func two(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// makeHistory makes a made-up transcripts repository: raw episodes, then the fixes
// people made, with the kinds of edit learn must leave out.
func makeHistory(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	raw := func(n, extra string) string {
		return episode(
			"Welcome to episode "+n+" of Python Pulse.",
			"We use Jupiter notebooks every day.",
			"First you pip install rough and then rough check everything.",
			"That was a rough idea at first, honestly.",
			"Um, so we built it on fast API with Pandas.",
			extra,
		)
	}
	r.Commit("2020-01-01T10:00:00Z", "Add episodes", map[string]string{
		"transcripts/001-one.txt":   raw("1", "The guest was Jonas Burg."),
		"transcripts/002-two.txt":   raw("2", "Our sponsor is great."),
		"transcripts/003-three.txt": raw("3", "Nothing else to say."),
	})
	fixed := func(n, extra string) string {
		return episode(
			"Welcome to episode "+n+" of Python Pulse!",
			"We use Jupyter notebooks every day.",
			"First you pip install ruff and then ruff check everything.",
			"That was a rough idea at first, honestly.",
			"So we built it on FastAPI with pandas.",
			extra,
		)
	}
	r.Commit("2020-02-01T10:00:00Z", "Fix episodes 1 and 2", map[string]string{
		"transcripts/001-one.txt": fixed("1", "The guest was Jonas Berg."),
		"transcripts/002-two.txt": fixed("2", "This line was rewritten from scratch by an editor."),
	})
	// Python Pulse -> PythonPulse, undone.
	r.Commit("2020-03-01T10:00:00Z", "Rename the show", map[string]string{
		"transcripts/001-one.txt": strings.Replace(fixed("1", "The guest was Jonas Berg."), "Python Pulse", "PythonPulse", 1),
		"transcripts/002-two.txt": strings.Replace(fixed("2", "This line was rewritten from scratch by an editor."), "Python Pulse", "PythonPulse", 1),
	})
	r.Commit("2020-03-02T10:00:00Z", "Revert: the show has two words", map[string]string{
		"transcripts/001-one.txt": fixed("1", "The guest was Jonas Berg."),
		"transcripts/002-two.txt": fixed("2", "This line was rewritten from scratch by an editor."),
	})
	return r
}

func learned(t *testing.T, r *gittest.Repo, until time.Time) (map[string]*rules.Rule, *Learner) {
	l := New(Options{})
	rs, err := l.Learn(Sources{Specs: []string{r.Dir}, Until: until})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*rules.Rule{}
	for _, rule := range rs {
		out[rule.Wrong] = rule
	}
	return out, l
}

func TestLearnFromGit(t *testing.T) {
	r := makeHistory(t)
	got, l := learned(t, r, time.Time{})
	// A blind rule: a phrase whose wrong words survive nowhere people
	// fixed them.
	if rule := got["fast API"]; rule == nil || rule.Right != "FastAPI" || len(rule.If)+len(rule.Unless) > 0 {
		t.Errorf("fast API: got %v, want a blind rule", rule)
	} else if !strings.Contains(rule.Comment, "2 fixes in 2 episodes") {
		t.Errorf("comment %q lacks the support", rule.Comment)
	}
	// One word heard as another, fixed twice only: not blind, but where
	// the words around the fixes say so.
	if rule := got["Jupiter"]; rule == nil || rule.Right != "Jupyter" || len(rule.If) == 0 {
		t.Errorf("Jupiter: got %v, want a rule with contexts", rule)
	}
	// "rough" survives in "a rough idea" where people fixed it: a rule
	// with contexts, which applies to "pip install rough" and "rough
	// check" but not to "a rough idea".
	rough := got["rough"]
	if rough == nil || rough.Right != "ruff" || len(rough.If)+len(rough.Unless) == 0 {
		t.Fatalf("rough: got %v, want a rule with contexts", rough)
	}
	m, err := rules.Compile([]*rules.Rule{rough})
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"you pip install rough and then rough check everything", "that was a rough idea"}
	if out := rules.Apply(texts, m.Match(texts, "")); out[0] != "you pip install ruff and then ruff check everything" || out[1] != texts[1] {
		t.Errorf("rough rule %v gives %q", rough, out)
	}
	// Left out: a one-episode name fix, filler removal, punctuation, a
	// sentence's first letter, the rewrite, and the show's name fix undone.
	for _, wrong := range []string{"Jonas Burg", "Burg", "Um", "Um so", "Pandas", "Python Pulse", "PythonPulse", "Our sponsor is great"} {
		if rule := got[wrong]; rule != nil {
			t.Errorf("learned %v, which is no reusable correction", rule)
		}
	}
	if l.Stats.Reverted == 0 {
		t.Errorf("stats: %+v, want an undone fix counted", l.Stats)
	}
}

// TestLearnUntil: a fix made after --until is not learned.
func TestLearnUntil(t *testing.T) {
	got, _ := learned(t, makeHistory(t), time.Date(2020, 1, 15, 0, 0, 0, 0, time.UTC))
	if len(got) != 0 {
		t.Errorf("learned %d rules from before any fix", len(got))
	}
}

func TestIsCorrection(t *testing.T) {
	for _, c := range []struct {
		old, new string
		want     bool
	}{
		{"Jupiter", "Jupyter", true},
		{"fast API", "FastAPI", true},
		{"Langchain", "LangChain", true},
		{"and", "And", false}, // a sentence's first letter
		{"um", "so", false},   // filler
		{"the", "a", false},   // grammar
		{"Yeah and", "And", false},
		{"All right that", "That", false},
		{"Alright so", "So", false},
		{"ten", "10", false}, // numbers
		{"a b c d e", "x", false},
	} {
		if got := isCorrection(strings.Fields(c.old), strings.Fields(c.new)); got != c.want {
			t.Errorf("isCorrection(%q, %q) = %v, want %v", c.old, c.new, got, c.want)
		}
	}
}

func TestAlign(t *testing.T) {
	a := strings.Fields("so we built it on fast API with pandas")
	b := strings.Fields("so we built it on FastAPI with Pandas")
	regions, kept := align(a, b)
	if kept != 6 || len(regions) != 2 || join(a[regions[0].a0:regions[0].a1]) != "fast API" || join(b[regions[1].b0:regions[1].b1]) != "Pandas" {
		t.Errorf("align: %v kept %d", regions, kept)
	}
}

func TestSplitOrJoined(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"fast API", "FastAPI", true},
		{"scikit learn", "scikit-learn", false}, // the hyphen is no letter of the other
		{"Jupiter", "Jupyter", false},
		{"top Python", "Talkpython", false},
		{"PyTorch", "Py Torch", true},
	} {
		if got := splitOrJoined(c.a, c.b); got != c.want {
			t.Errorf("splitOrJoined(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

func TestStyleIsNoCorrection(t *testing.T) {
	for _, c := range [][2]string{{"gonna", "going to"}, {"wanna", "want to"}, {"webpage", "web page"}, {"speech to text", "speech-to-text"}, {"DataFrame", "data frame"}, {"Iteration planning", "Iteration-planning"}} {
		if isCorrection(strings.Fields(c[0]), strings.Fields(c[1])) {
			t.Errorf("%q -> %q taken for a term correction", c[0], c[1])
		}
	}
	for _, c := range [][2]string{{"fast API", "FastAPI"}, {"C Python", "CPython"}, {"pie test", "pytest"}} {
		if !isCorrection(strings.Fields(c[0]), strings.Fields(c[1])) {
			t.Errorf("%q -> %q is a term correction", c[0], c[1])
		}
	}
}

// TestThinFixNotBlind: one word heard as another, fixed a few times and
// standing elsewhere in its own sense, gets contexts rather than a blind
// rule; standing nowhere, it is a blind rule.
func TestThinFixNotBlind(t *testing.T) {
	l := New(Options{})
	for _, ep := range []string{"t/001-a.txt", "t/002-b.txt", "t/003-c.txt"} {
		l.Change(history.Change{NewPath: ep, OldPath: ep, Hunks: []history.Hunk{{
			Old: []string{"00:00:01 we run it in a duper notebook today"},
			New: []string{"00:00:01 we run it in a Jupyter notebook today"},
		}}})
	}
	fixed := func() map[string][]string {
		m := map[string][]string{}
		for _, ep := range []string{"t/001-a.txt", "t/002-b.txt", "t/003-c.txt"} {
			m[ep] = []string{"we run it in a Jupyter notebook today"}
		}
		return m
	}
	final := fixed()
	final["t/009-z.txt"] = []string{"what a super duper idea"}
	rs := l.Rules(final)
	if len(rs) != 1 || len(rs[0].If) == 0 {
		t.Fatalf("want one rule with contexts, got %v", rs)
	}
	if rs := l.Rules(fixed()); len(rs) != 1 || len(rs[0].If)+len(rs[0].Unless) != 0 {
		t.Fatalf("want one blind rule, got %v", rs)
	}
}

// A fix whose right words people changed again was a step towards the
// correction, not the correction: "training dot talk" became
// "training.talk", then "training.talkpython.fm".
func TestSupersededFixIsNoRule(t *testing.T) {
	l := New(Options{})
	final := map[string][]string{}
	for _, ep := range []string{"t/001-a.txt", "t/002-b.txt", "t/003-c.txt"} {
		l.Change(history.Change{NewPath: ep, OldPath: ep, Hunks: []history.Hunk{{
			Old: []string{"00:00:01 visit training dot talk python.fm today"},
			New: []string{"00:00:01 visit training.talk python.fm today"},
		}}})
		final[ep] = []string{"visit training.talkpython.fm today"}
	}
	if rs := l.Rules(final); len(rs) != 0 {
		t.Errorf("learned %v from a superseded step", rs)
	}
	if l.Stats.Superseded != 1 {
		t.Errorf("Superseded = %d, want 1", l.Stats.Superseded)
	}
	// Where the step still stands, it is the correction.
	l.Stats = Stats{}
	for ep := range final {
		final[ep] = []string{"visit training.talk python.fm today"}
	}
	if rs := l.Rules(final); len(rs) != 1 || rs[0].Right != "training.talk" {
		t.Errorf("want the rule training dot talk => training.talk, got %v", rs)
	}
}

// A word no dictionary has, fixed where people saw it, is the same error
// wherever else it stands: the rule is blind. An English word in the same
// place keeps to the contexts people fixed it in.
func TestMisheardWordIsBlind(t *testing.T) {
	for _, c := range []struct {
		wrong, right string
		elsewhere    bool // the word stands in ten more episodes
		blind        bool
	}{
		{"Streamlet", "Streamlit", false, true},
		// A word of the show's language, though no dictionary has it
		// ("Pythonic"): it stands in many episodes.
		{"Pythonic", "Pydantic", true, false},
		{"pedantic", "Pydantic", false, false},
		{"Streamlet", "streamlet", false, false}, // no other letters: a casing fix, judged as such
	} {
		l := New(Options{})
		final := map[string][]string{}
		for _, ep := range []string{"t/001-a.txt", "t/002-b.txt"} {
			l.Change(history.Change{NewPath: ep, OldPath: ep, Hunks: []history.Hunk{{
				Old: []string{"00:00:01 we built the dashboard with " + c.wrong + " models today"},
				New: []string{"00:00:01 we built the dashboard with " + c.right + " models today"},
			}}})
			final[ep] = []string{"we built the dashboard with " + c.right + " models today"}
		}
		for _, ep := range []string{"t/003-c.txt", "t/004-d.txt", "t/005-e.txt"} {
			final[ep] = []string{"so " + c.wrong + " is where it went", "and " + c.wrong + " again"}
		}
		if c.elsewhere {
			for i := 0; i < 10; i++ {
				final[fmt.Sprintf("t/1%02d-x.txt", i)] = []string{"that is very " + c.wrong + " code"}
			}
		}
		rs := l.Rules(final)
		blind := len(rs) == 1 && len(rs[0].If)+len(rs[0].Unless) == 0
		if blind != c.blind {
			t.Errorf("%s => %s: rules %v, want blind %v", c.wrong, c.right, rs, c.blind)
		}
	}
}

func TestMisheard(t *testing.T) {
	for _, c := range []struct {
		wrong, right string
		want         bool
	}{
		{"Pydentic", "Pydantic", true},
		{"Pydentic's", "Pydantic's", true},
		{"Daxter", "Dagster", true},
		{"pedantic", "Pydantic", false}, // English
		{"vin", "Vim", false},           // too short to tell
		{"fast API", "FastAPI", false},  // one word only
		{"Jupyterlab", "JupyterLab", false},
		{"x86x64", "x86-64", false},
		{"dotnet", "net", false}, // into an ordinary word: spelling
		{"talkbython.fm", "talkpython.fm", true},
	} {
		if got := misheard(c.wrong, c.right); got != c.want {
			t.Errorf("misheard(%q, %q) = %v, want %v", c.wrong, c.right, got, c.want)
		}
	}
}

// A fix made often in one episode becomes a rule when its wrong word is no
// English and its right one no English name: a term, not a guest's name.
func TestOneEpisodeMisheard(t *testing.T) {
	for _, c := range []struct {
		wrong, right string
		want         int
	}{
		{"Pydentic", "Pydantic", 1},
		{"Niklas", "Nicholas", 0},     // a name English has: one guest's
		{"MessagePack", "msgspec", 0}, // written as a term: another thing
		{"pedantic", "Pydantic", 0},
	} {
		l := New(Options{})
		ep := "t/001-a.txt"
		var old, new []string
		for i := 0; i < 3; i++ {
			old = append(old, "00:00:0"+string(rune('1'+i))+" and "+c.wrong+" models said so")
			new = append(new, "00:00:0"+string(rune('1'+i))+" and "+c.right+" models said so")
		}
		l.Change(history.Change{NewPath: ep, OldPath: ep, Hunks: []history.Hunk{{Old: old, New: new}}})
		rs := l.Rules(map[string][]string{ep: {"and " + c.right + " models said so", "and " + c.right + " models said so", "and " + c.right + " models said so"}})
		if len(rs) != c.want {
			t.Errorf("%s => %s fixed 3 times in one episode: rules %v, want %d", c.wrong, c.right, rs, c.want)
		}
	}
}

// An ordinary English word fixed a few times is no blind rule even where
// it stands nowhere else yet: new episodes will use it in its own sense
// ("postcards" fixed to postgres three times).
func TestOrdinaryWordNeedsSupport(t *testing.T) {
	l := New(Options{})
	final := map[string][]string{}
	for _, ep := range []string{"t/001-a.txt", "t/002-b.txt", "t/002-b.vtt"} {
		l.Change(history.Change{NewPath: ep, OldPath: ep, Hunks: []history.Hunk{{
			Old: []string{"00:00:01 we store it all in postcards today"},
			New: []string{"00:00:01 we store it all in postgres today"},
		}}})
		final[ep] = []string{"we store it all in postgres today"}
	}
	for _, r := range l.Rules(final) {
		if len(r.If)+len(r.Unless) == 0 {
			t.Errorf("blind rule %v from three fixes of an ordinary word", r)
		}
	}
}

func TestBrokenTerm(t *testing.T) {
	for _, c := range []struct {
		wrong, right string
		want         bool
	}{
		{"Training.TalkPython.FM", "Training.Talk Python.FM", true},
		{"talkbython.fm", "talkpython.fm", false},
		{"Talk Python FM", "talkpython.fm", false},
		{"FastAPI", "Fast API", false}, // no dot: judged as a split
	} {
		if got := brokenTerm(c.wrong, c.right); got != c.want {
			t.Errorf("brokenTerm(%q, %q) = %v, want %v", c.wrong, c.right, got, c.want)
		}
	}
}

func TestHeardSplit(t *testing.T) {
	for _, c := range []struct {
		wrong, right string
		want         bool
	}{
		{"fast API", "FastAPI", true},
		{"SQL Alchemy", "SQLAlchemy", true},
		{"chat GPT", "ChatGPT", true},
		{"C API", "CAPI", false},             // "C API" is a term of its own
		{"assembly AI", "AssemblyAI", false}, // two letters
		{"pip tools", "pip-tools", false},    // no capital inside, other letters
		{"fast api", "fastapi", false},       // no capital inside
		{"Fast API", "Fast API", false},
	} {
		if got := heardSplit(c.wrong, c.right); got != c.want {
			t.Errorf("heardSplit(%q, %q) = %v, want %v", c.wrong, c.right, got, c.want)
		}
	}
}

// Words standing unfixed beside the same neighbours as where people fixed
// them are the same errors: "the gill" fixed to "the GIL" makes a blind
// rule where "the gill" stands elsewhere; "pip install rough" fixed does
// not make "a rough idea" an error.
func TestStandsAsWhereFixed(t *testing.T) {
	for _, c := range []struct {
		wrong, right, fixed, elsewhere string
		blind                          bool
	}{
		{"gill", "GIL", "we remove the %s and go on", "without the %s and go on", true},
		{"rough", "ruff", "just pip install %s today", "it was a %s idea today", false},
	} {
		l := New(Options{})
		final := map[string][]string{}
		for _, ep := range []string{"t/001-a.txt", "t/002-b.txt", "t/003-c.txt", "t/004-d.txt"} {
			l.Change(history.Change{NewPath: ep, OldPath: ep, Hunks: []history.Hunk{{
				Old: []string{"00:00:01 " + fmt.Sprintf(c.fixed, c.wrong), "00:00:02 " + fmt.Sprintf(c.fixed, c.wrong)},
				New: []string{"00:00:01 " + fmt.Sprintf(c.fixed, c.right), "00:00:02 " + fmt.Sprintf(c.fixed, c.right)},
			}}})
			final[ep] = []string{fmt.Sprintf(c.fixed, c.right), fmt.Sprintf(c.fixed, c.right)}
		}
		for i := 0; i < 12; i++ {
			final[fmt.Sprintf("t/1%02d-x.txt", i)] = []string{fmt.Sprintf(c.elsewhere, c.wrong)}
		}
		rs := l.Rules(final)
		blind := len(rs) == 1 && len(rs[0].If)+len(rs[0].Unless) == 0
		if blind != c.blind {
			t.Errorf("%s => %s: rules %v, want blind %v", c.wrong, c.right, rs, c.blind)
		}
	}
}

// A file made again by a new speech recognition run changes most of its
// lines in large rewritten hunks; the few small hunks between them are the
// new run's differences too, no corrections. A correction pass touching as
// many lines, hunk by hunk, teaches as before.
func TestRemadeFileTeachesNothing(t *testing.T) {
	rewritten := func(i int) history.Hunk {
		return history.Hunk{OldStart: 10 * i,
			Old: []string{fmt.Sprintf("00:%02d:01 so the first run heard this line %d one way", i%60, i),
				"and went on with words nobody said at all", "before it stopped"},
			New: []string{fmt.Sprintf("00:%02d:02 the second run of the model wrote something else %d", i%60, i),
				"entirely different from before", "with new timings too"}}
	}
	fix := func(i int, wrong, right string) history.Hunk {
		line := "00:%02d:05 thanks to Will %s for the Textual release"
		return history.Hunk{OldStart: 10*i + 5,
			Old: []string{fmt.Sprintf(line, i%60, wrong)}, New: []string{fmt.Sprintf(line, i%60, right)}}
	}
	for _, c := range []struct {
		name      string
		rewrites  int // rewritten hunks in each file change
		fixes     int // one-line fixes in each file change
		wantPairs bool
	}{
		{"remade", 60, 10, false},
		{"a correction pass", 0, 120, true},
		{"a few lines rewritten beside the fixes", 20, 10, true},
	} {
		l := New(Options{})
		for _, ep := range []string{"t/001-a.txt", "t/002-b.txt"} {
			var hs []history.Hunk
			for i := 0; i < c.rewrites; i++ {
				hs = append(hs, rewritten(i))
			}
			for i := 0; i < c.fixes; i++ {
				hs = append(hs, fix(c.rewrites+i, "McGugan", "McCoogan"))
			}
			l.Change(history.Change{NewPath: ep, OldPath: ep, Hunks: hs})
		}
		got := false
		for _, p := range l.Pairs() {
			got = got || p.Wrong == "McGugan" && p.Right == "McCoogan"
		}
		if got != c.wantPairs {
			t.Errorf("%s: learned McGugan => McCoogan %v, want %v (pairs %v)", c.name, got, c.wantPairs, l.Pairs())
		}
		if c.rewrites > 0 && l.Stats.Rewrites < 2*c.rewrites {
			t.Errorf("%s: %d hunks counted re-transcribed, want at least %d", c.name, l.Stats.Rewrites, 2*c.rewrites)
		}
	}
}

// An ordinary word fixed a few times and standing once elsewhere ("in the
// guise that", beside four "guise" to GUI fixes) is no error there: a rule
// that applies everywhere but beside that one place's neighbours is nearly
// blind, so it needs as much support as a blind rule.
func TestFewFixesOfAnOrdinaryWordAreNotNearlyBlind(t *testing.T) {
	l := New(Options{})
	final := map[string][]string{}
	for i := 0; i < 4; i++ {
		ep := fmt.Sprintf("t/%03d-gui.txt", i%2)
		l.Change(history.Change{NewPath: ep, OldPath: ep, Hunks: []history.Hunk{{
			Old: []string{fmt.Sprintf("00:0%d:01 then I built the guise with Tk", i)},
			New: []string{fmt.Sprintf("00:0%d:01 then I built the GUI with Tk", i)},
		}}})
		final[ep] = append(final[ep], "then I built the GUI with Tk")
	}
	final["t/200-teach.txt"] = []string{"to teach me in the guise that I was teaching them"}
	for _, r := range l.Rules(final) {
		if rules.Fold(r.Wrong) == "guise" && len(r.Unless) > 0 {
			t.Errorf("4 fixes in 2 episodes: rule %v, want no unless rule", r)
		}
	}
}

func TestOrdinaryWordFixedBesideOneNeighbourIsNarrowed(t *testing.T) {
	l := New(Options{})
	final := map[string][]string{}
	for i := 0; i < 6; i++ {
		ep := fmt.Sprintf("t/%03d-news.txt", i%3)
		line := fmt.Sprintf("welcome to Python %%s episode %d", i)
		fixAndKeep(l, final, ep, line, "bites", "Bytes", time.Time{})
	}
	expectFixes(t, byWrong(l.Rules(final))["bites"], map[string]string{
		"subscribe to Python bites today":    "subscribe to Python Bytes today",
		"that is the one that bites me":      "that is the one that bites me",
		"we had little sound bites from him": "we had little sound bites from him",
	})
}

func TestNeighbourOfATermIsItsContext(t *testing.T) {
	// People fixed "Jupiter notebook" in three episodes; eight others
	// still have it, ten more write "Jupyter notebook" right, and the
	// planet stands in two: "notebook" is the term's neighbour, the
	// unfixed ones errors not reached.
	l := New(Options{})
	final := map[string][]string{}
	for i := 0; i < 6; i++ {
		ep := fmt.Sprintf("t/%03d-data.txt", i%3)
		line := fmt.Sprintf("open a %%s notebook and run cell %d", i)
		fixAndKeep(l, final, ep, line, "Jupiter", "Jupyter", time.Time{})
	}
	for i := 0; i < 8; i++ {
		final[fmt.Sprintf("t/%03d-ml.txt", 100+i)] = []string{"I started in my Jupiter notebook like everyone"}
	}
	for i := 0; i < 10; i++ {
		final[fmt.Sprintf("t/%03d-viz.txt", 200+i)] = []string{"we share a Jupyter notebook with the team"}
	}
	for i := 0; i < 2; i++ {
		final[fmt.Sprintf("t/%03d-space.txt", 300+i)] = []string{"the moons of Jupiter were found by Galileo"}
	}
	expectFixes(t, byWrong(l.Rules(final))["jupiter"], map[string]string{
		"I started in my Jupiter notebook like everyone": "I started in my Jupyter notebook like everyone",
		"the moons of Jupiter were found by Galileo":     "the moons of Jupiter were found by Galileo",
	})
}

// expectFixes checks what a learned rule makes of each text.
func expectFixes(t *testing.T, r *rules.Rule, want map[string]string) {
	t.Helper()
	if r == nil {
		t.Fatal("no rule learned")
	}
	m, err := rules.Compile([]*rules.Rule{r})
	if err != nil {
		t.Fatal(err)
	}
	for text, w := range want {
		if out := rules.Apply([]string{text}, m.Match([]string{text}, ""))[0]; out != w {
			t.Errorf("rule %v: %q became %q, want %q", r, text, out, w)
		}
	}
}

// TestTermTalkedOfIsATopic: "rough", fixed to ruff a dozen times in the
// episode about Ruff beside words that name nothing, and missed there a
// few times, is fixed in episodes that name ruff, but for its own sense
// ("rough edges"), and left alone elsewhere ("a rough idea").
func TestTermTalkedOfIsATopic(t *testing.T) {
	l := New(Options{})
	final := map[string][]string{}
	ep := "t/400-ruff-linter.txt"
	for i := 0; i < 12; i++ {
		line := fmt.Sprintf("and so %%s is fast, take %d", i)
		fixAndKeep(l, final, ep, line, "rough", "ruff", time.Time{})
	}
	for i := 0; i < 4; i++ {
		final[ep] = append(final[ep], fmt.Sprintf("then I pinned rough in project %d", i))
	}
	final[ep] = append(final[ep], "it has rough edges still")
	for i := 0; i < 11; i++ {
		final[fmt.Sprintf("t/%03d-other.txt", 300+i)] = []string{"nothing about linters here"}
	}
	final["t/301-other.txt"] = []string{"I had a rough idea of it"}
	final["t/302-other.txt"] = []string{"the rough edges of the API"}
	r := byWrong(l.Rules(final))["rough"]
	if r == nil || len(r.Topic) != 1 || r.Topic[0] != "ruff" {
		t.Fatalf("want a topic rule for rough, got %v", r)
	}
	expectFixes(t, r, map[string]string{
		"ruff, ruff and ruff: so rough is fast": "ruff, ruff and ruff: so ruff is fast",
		"ruff, ruff and ruff have rough edges":  "ruff, ruff and ruff have rough edges",
		"ruff, ruff: so rough is fast":          "ruff, ruff: so rough is fast",
		"I had a rough idea, so rough it was":   "I had a rough idea, so rough it was",
	})
}

// TestStreamKeepsOrder hands items to a stream faster than its work takes
// and checks they are used in order, each once.
func TestStreamKeepsOrder(t *testing.T) {
	var got []int
	s := newStream(func(i int) int {
		if i%7 == 0 {
			time.Sleep(time.Millisecond) // some work takes longer
		}
		return i * i
	}, func(v int) { got = append(got, v) })
	const n = 3000
	for i := range n {
		s.add(i)
	}
	s.wait()
	if len(got) != n {
		t.Fatalf("%d results, want %d", len(got), n)
	}
	for i, v := range got {
		if v != i*i {
			t.Fatalf("result %d is %d, want %d", i, v, i*i)
		}
	}
}

// TestEdgeWords checks the windowed firstWords and lastWords against
// reading the whole text, on texts where the window cuts a word, a
// possessive, a joined word and a letter of several bytes.
func TestEdgeWords(t *testing.T) {
	pieces := []string{"Jupyter", "notebooks", "Guido's", "os.path", "café", "naïve", "—", "C#", "x", "  ", ", ", "don't", "über", "fast-API", "1.2.3"}
	r := rand.New(rand.NewSource(3))
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for k := r.Intn(80); k > 0; k-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
			if r.Intn(3) > 0 {
				b.WriteByte(' ')
			}
		}
		s := b.String()
		for _, k := range []int{1, 2, 3} {
			ws := rules.Words(s)
			wantLast, wantFirst := foldAll(ws[max(0, len(ws)-k):]), foldAll(ws[:min(len(ws), k)])
			if got := lastWords(s, k); !reflect.DeepEqual(got, wantLast) {
				t.Fatalf("lastWords(%q, %d) = %q, want %q", s, k, got, wantLast)
			}
			if got := firstWords(s, k); !reflect.DeepEqual(got, wantFirst) {
				t.Fatalf("firstWords(%q, %d) = %q, want %q", s, k, got, wantFirst)
			}
		}
	}
}

// TestAlignAsTheWholeTable checks align, which makes its table for what
// follows the words both sides begin with, against the table of all the
// words, on random word lists with many repeats.
func TestAlignAsTheWholeTable(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	words := func() []string {
		out := make([]string, r.Intn(12))
		for i := range out {
			out[i] = string(rune('a' + r.Intn(3)))
		}
		return out
	}
	for n := 0; n < 20000; n++ {
		a, b := words(), words()
		if r.Intn(2) == 0 { // a shared beginning
			p := words()
			a, b = append(p[:len(p):len(p)], a...), append(p[:len(p):len(p)], b...)
		}
		got, gotKept := align(a, b)
		want, wantKept := alignTable(a, b)
		if gotKept != wantKept || !reflect.DeepEqual(got, want) {
			t.Fatalf("align(%q, %q) = %v, %d; the whole table gives %v, %d", a, b, got, gotKept, want, wantKept)
		}
	}
}
