package eval

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/gittest"
	"github.com/emend-project/emend/internal/suggest"
)

func lines(ls ...string) string {
	var b strings.Builder
	for i, l := range ls {
		b.WriteString("00:00:")
		b.WriteByte(byte('0' + i/10))
		b.WriteByte(byte('0' + i%10))
		b.WriteString(" " + l + "\n\n")
	}
	return b.String()
}

// TestEval: rules learned from fixes made in three episodes are applied to
// a fourth as it stood at --until, and compared with what people made of it
// afterwards, with one edit of every class.
func TestEval(t *testing.T) {
	r := gittest.New(t)
	raw := lines("We use Jupiter notebooks.", "It runs on fast API today.", "Ask Daxter about it.", "Jupiter, Jupiter!")
	fixed := lines("We use Jupyter notebooks.", "It runs on FastAPI today.", "Ask Dagster about it.", "Jupyter, Jupyter!")
	r.Commit("2021-01-01T00:00:00Z", "add", map[string]string{
		"t/001-a.txt": raw, "t/002-b.txt": raw, "t/004-d.txt": raw,
		"t/003-c.txt": lines(
			"Jupiter is great.",                            // people fix it later: right
			"We moved to fast API last year.",              // people change it otherwise: conflicting
			"It is fast API all the way, said Jonas Burg.", // people edit the line, keep fast API: suspect
			"Nobody reads this Jupiter line.",              // never touched: unreviewed
			"The guest is Jonas Burg.",                     // people fix a name emend never learned
		),
	})
	r.Commit("2021-02-01T00:00:00Z", "fix a, b and d", map[string]string{"t/001-a.txt": fixed, "t/002-b.txt": fixed, "t/004-d.txt": fixed})
	r.Commit("2021-06-01T00:00:00Z", "fix c", map[string]string{
		"t/003-c.txt": lines(
			"Jupyter is great.",
			"We moved to Flask last year.",
			"It is fast API all the way, said Jonas Berg.",
			"Nobody reads this Jupiter line.",
			"The guest is Jonas Berg.",
		),
	})
	rep, err := Run(Options{Repo: r.Dir, Until: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC), Sample: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := map[Class]int{Right: 1, Conflicting: 1, Suspect: 1, Unreviewed: 1}
	for _, c := range Classes {
		if rep.Emend.Counts[c] != want[c] {
			t.Errorf("%s: %d edits, want %d\n%s", c, rep.Emend.Counts[c], want[c], rep.Text())
		}
	}
	if p := rep.Emend.Precision(); p < 0.33 || p > 0.34 {
		t.Errorf("precision %.3f, want 1/3", p)
	}
	// People made four term corrections: Jupiter, fast API -> Flask,
	// Jonas Burg twice; emend made one of them.
	if rep.Corrections != 4 || rep.Emend.Recalled != 1 || rep.Recall(rep.Emend) != 0.25 {
		t.Errorf("corrections %d, recalled %d", rep.Corrections, rep.Emend.Recalled)
	}
	if rep.Pairs != 3 || rep.Emend.PairRecall < 0.333 || rep.Emend.PairRecall > 0.334 {
		t.Errorf("pairs %d, pair recall %.3f, want 3 and 1/3", rep.Pairs, rep.Emend.PairRecall)
	}
	// Of the four, people had made only Jupiter -> Jupyter before.
	if rep.Ceiling != 0.25 || rep.CeilingDistinct < 0.333 || rep.CeilingDistinct > 0.334 {
		t.Errorf("ceiling %.3f (distinct %.3f), want 1/4 (1/3)", rep.Ceiling, rep.CeilingDistinct)
	}
	// The rule people contradicted, with its edits by class.
	if cs := rep.Emend.Contradicted; len(cs) != 1 || cs[0].Rule != "fast API => FastAPI" || cs[0].Counts[Conflicting] != 1 || cs[0].Counts[Suspect] != 1 {
		t.Errorf("contradicted rules: %+v, want fast API => FastAPI, 1 conflicting, 1 suspect", cs)
	}
	text := rep.Text()
	for _, s := range []string{`"Jupiter" -> "Jupyter" (people: "Jupyter")`, `"fast API" -> "FastAPI" (people: "Flask")`, "A random sample of 1 of emend's 1 unreviewed edits",
		"fast API => FastAPI                      right 0, conflicting 1, suspect 1"} {
		if !strings.Contains(text, s) {
			t.Errorf("report lacks %q:\n%s", s, text)
		}
	}
}

// TestRetranscribedFile: a transcript people made again (most of its
// segments changed) says nothing of corrections: emend's edits there are
// rewritten, in no class. One with a few lines edited was corrected.
func TestRetranscribedFile(t *testing.T) {
	for _, c := range []struct {
		changed       int // of 12 segments
		suspect, rewr int
	}{
		{changed: 2, suspect: 1},
		{changed: 6, suspect: 1}, // half: still a correction
		{changed: 7, rewr: 1},
		{changed: 12, rewr: 1},
	} {
		r := gittest.New(t)
		raw := lines("We use Jupiter notebooks.", "Jupiter, Jupiter!")
		fixed := lines("We use Jupyter notebooks.", "Jupyter, Jupyter!")
		then := []string{"We use Jupiter notebooks today."}
		for i := 1; i < 12; i++ {
			then = append(then, "Line number "+string(rune('a'+i))+" of the talk.")
		}
		r.Commit("2021-01-01T00:00:00Z", "add", map[string]string{
			"t/001-a.txt": raw, "t/002-b.txt": raw, "t/003-c.txt": lines(then...),
		})
		r.Commit("2021-02-01T00:00:00Z", "fix a and b", map[string]string{"t/001-a.txt": fixed, "t/002-b.txt": fixed})
		now := append([]string(nil), then...)
		now[0] = "So we use Jupiter notebooks today." // edited, the wrong word kept
		for i := 1; i < c.changed; i++ {
			now[i] = "Line " + string(rune('a'+i)) + " of the talk, said anew."
		}
		r.Commit("2021-06-01T00:00:00Z", "edit c", map[string]string{"t/003-c.txt": lines(now...)})
		rep, err := Run(Options{Repo: r.Dir, Until: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if got := rep.Emend.Counts[Suspect]; got != c.suspect || rep.Emend.Rewritten != c.rewr {
			t.Errorf("%d of 12 segments changed: %d suspect, %d rewritten; want %d and %d\n%s", c.changed, got, rep.Emend.Rewritten, c.suspect, c.rewr, rep.Text())
		}
	}
}

// TestEvalSuggest: proposals are made on the episode first added after
// --until, raw, with the show notes of that episode, and judged against
// what people made of it.
func TestEvalSuggest(t *testing.T) {
	r := gittest.New(t)
	var old []string
	for range 12 {
		old = append(old, "We built it with Dagster and FastAPI, and it is a rough estimate.")
	}
	r.Commit("2021-01-01T00:00:00Z", "old episodes", map[string]string{
		"t/001-a.txt": lines(old...), "t/002-b.txt": lines(old...),
	})
	r.Commit("2021-04-01T00:00:00Z", "new episode", map[string]string{
		"t/003-c.txt": lines(
			"Our guest Jonas Burg joins us.",      // people fix it: right
			"The jobs run on Daxter every night.", // never touched: unreviewed
			"It is a rough estimate, no more.",    // stays
		),
		"show_notes/003.md": "# Episode 3\n\n**Special guest:** Jonas Berg\n",
	})
	r.Commit("2021-06-01T00:00:00Z", "fix c", map[string]string{
		"t/003-c.txt": lines(
			"Our guest Jonas Berg joins us.",
			"The jobs run on Daxter every night.",
			"It is a rough estimate, no more.",
		),
	})
	run := func(noNotes bool) *SuggestReport {
		rep, err := Run(Options{Repo: r.Dir, Until: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC), Suggest: true, NoNotes: noNotes, SuggestAbove: 0.01, Fit: true})
		if err != nil {
			t.Fatal(err)
		}
		return rep.Suggest
	}
	sr := run(false)
	if sr.Files != 1 || sr.Corrections != 1 {
		t.Fatalf("files %d, corrections %d, want 1 and 1\n%s", sr.Files, sr.Corrections, sr.Text())
	}
	if got := sr.atDefault.Counts[Right]; got != 1 {
		t.Errorf("right proposals %d, want 1 (Jonas Berg)\n%s", got, sr.Text())
	}
	if sr.Combined.Counts[Right] != 1 || sr.Rules.Counts[Right] != 0 {
		t.Errorf("combined right %d, rules right %d\n%s", sr.Combined.Counts[Right], sr.Rules.Counts[Right], sr.Text())
	}
	if len(sr.At) != len(Thresholds) || len(sr.Fitted) != len(suggest.FeatureNames) {
		t.Errorf("thresholds %d, fitted weights %d", len(sr.At), len(sr.Fitted))
	}
	for _, s := range []string{"Proposals (with show notes)", "Calibration", "Fitted weights"} {
		if !strings.Contains(sr.Text(), s) {
			t.Errorf("report lacks %q:\n%s", s, sr.Text())
		}
	}
	// Without the notes, the guest's name is no term at all.
	if got := run(true).atDefault.Counts[Right]; got != 0 {
		t.Errorf("without notes, %d right proposals, want 0", got)
	}
}

// TestEditedNear: in a paragraph-long line, only an edit near a word says
// people read it; in an ordinary line, any edit does.
func TestEditedNear(t *testing.T) {
	para := func(at int, w string) string {
		ws := make([]string, 60)
		for i := range ws {
			ws[i] = fmt.Sprintf("w%d", i)
		}
		ws[at] = w
		return strings.Join(ws, " ")
	}
	for _, c := range []struct {
		name      string
		then, end string
		word      int
		want      bool
	}{
		{"far in a paragraph", para(50, "x"), para(50, "y"), 5, false},
		{"near in a paragraph", para(12, "x"), para(12, "y"), 5, true},
		{"anywhere in a line", "a b c d e f g h", "a b c d e f g H2", 0, true},
	} {
		s, e := newWords([]string{c.then}), newWords([]string{c.end})
		al := align(s, e)
		if got := al.changedSeg[0] && al.editedNear(s, c.word); got != c.want {
			t.Errorf("%s: edited near word %d: %v, want %v", c.name, c.word, got, c.want)
		}
	}
}
