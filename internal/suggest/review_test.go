package suggest

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/emend-project/emend/internal/prompt/ptytest"
	"github.com/emend-project/emend/internal/rules"
)

func reviewProposals() []Proposal {
	return []Proposal{
		{File: "ep/101-tools.txt", Line: 3, Start: 75, Before: "pipex", After: "pipx", Confidence: 0.91, Context: "install it with [pipex] instead", Left: []string{"with"}},
		{File: "ep/101-tools.txt", Line: 5, Start: -1, Before: "Daxter", After: "Dagster", Confidence: 0.8, Context: "runs on [Daxter] nightly", Left: []string{"on"}},
		{File: "ep/101-tools.txt", Line: 9, Start: 3700, Before: "fast API", After: "FastAPI", Confidence: 0.7, Context: "[fast API] is", Right: []string{"is"}},
		{File: "ep/101-tools.txt", Line: 12, Before: "rough", After: "ruff", Confidence: 0.6, Context: "a [rough] estimate", Left: []string{"a"}},
	}
}

func TestReview(t *testing.T) {
	tests := []struct {
		name, input string
		want        []string // verdict and after, per decision
	}{
		{"accept all", "a\na\na\na\n", []string{"accept pipx", "accept Dagster", "accept FastAPI", "accept ruff"}},
		{"reject, skip, edit", "r\ns\ne\nFast API\nr\n", []string{"reject pipx", "skip Dagster", "accept Fast API", "reject ruff"}},
		{"quit early", "a\nq\n", []string{"accept pipx"}},
		{"end of input", "a\n", []string{"accept pipx"}},
		{"unknown key asks again", "x\nA\n\n", []string{"accept pipx", "skip Dagster"}},
		{"edit, back, then accept", "e\n\na\n", []string{"accept pipx"}},
		{"edit refuses a rule's syntax", "e\nfoo => bar\npipx\n", []string{"accept pipx"}},
		{"no newline at the end", "r", []string{"reject pipx"}},
	}
	names := map[Verdict]string{Accepted: "accept", Rejected: "reject", Skipped: "skip"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			ds, err := Review(strings.NewReader(tt.input), &out, reviewProposals(), false)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, names[d.Verdict]+" "+d.After)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q\noutput:\n%s", got, tt.want, out.String())
			}
			if !strings.Contains(out.String(), "install it with [pipex] instead") || !strings.Contains(out.String(), "confidence 0.91") {
				t.Errorf("the review does not show the context and confidence:\n%s", out.String())
			}
		})
	}
}

func TestReviewShowsTime(t *testing.T) {
	var out strings.Builder
	Review(strings.NewReader("s\ns\ns\n"), &out, reviewProposals(), true)
	for _, want := range []string{"ep/101-tools.txt:3 (0:01:15)", "ep/101-tools.txt:9 (1:01:40)", "\033[1;31mpipex\033[0m"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("review output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestReviewWritesRules(t *testing.T) {
	dir := t.TempDir()
	rulesPath := filepath.Join(dir, "emend.rules")
	os.WriteFile(rulesPath, []byte("# mine\nJupiter => Jupyter"), 0o644) // no final newline
	ds, err := Review(strings.NewReader("a\nr\ne\nFast API\ns\n"), &strings.Builder{}, reviewProposals(), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := AppendRules(rulesPath, AcceptedRules(ds)); err != nil {
		t.Fatal(err)
	}
	rejected := filepath.Join(dir, RejectedFile)
	if err := AddRejected(rejected, ds); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(rulesPath)
	want := `# mine
Jupiter => Jupyter
pipex => pipx; if "with _"  # support 1, accepted in review, 101-tools.txt:3
fast API => Fast API; if "_ is"  # support 1, accepted in review, 101-tools.txt:9
`
	if string(data) != want {
		t.Errorf("rules file:\n%s\nwant:\n%s", data, want)
	}
	rs, err := rules.ReadFile(rulesPath)
	if err != nil || len(rs) != 3 {
		t.Fatalf("the rules file does not read back: %v, %d rules", err, len(rs))
	}
	m, err := ReadRejected(rejected)
	if err != nil || !m["daxter => Dagster"] || len(m) != 1 {
		t.Errorf("rejected: %v, %v", m, err)
	}
	// A rejected proposal is not proposed again.
	ix := NewIndex([]Term{{Text: "Dagster"}})
	if ps := ix.Propose([]string{"it runs on Daxter nightly"}, Options{Rejected: m}); len(ps) != 0 {
		t.Errorf("rejected proposal made again: %+v", ps)
	}
	// Rejecting again keeps the file as it is.
	if err := AddRejected(rejected, ds); err != nil {
		t.Fatal(err)
	}
	m2, _ := ReadRejected(rejected)
	if len(m2) != 1 {
		t.Errorf("rejected twice: %v", m2)
	}
}

func TestClock(t *testing.T) {
	for _, tt := range []struct {
		start float64
		want  string
	}{{-1, ""}, {0, "0:00:00"}, {59.9, "0:00:59"}, {3725.5, "1:02:05"}, {36000, "10:00:00"}} {
		p := Proposal{Start: tt.start}
		if got := p.Clock(); got != tt.want {
			t.Errorf("Clock of %v = %q, want %q", tt.start, got, tt.want)
		}
	}
}

func TestReviewEndsOnInputError(t *testing.T) {
	broken := errors.New("broken terminal")
	for _, input := range []string{"a\n", "a\ne\n"} {
		var out strings.Builder
		ds, err := Review(io.MultiReader(strings.NewReader(input), iotest.ErrReader(broken)), &out, reviewProposals(), false)
		if !errors.Is(err, broken) || !strings.HasPrefix(err.Error(), "review: ") {
			t.Errorf("%q: error %v, want review: %v", input, err, broken)
		}
		if len(ds) != 1 || ds[0].Verdict != Accepted {
			t.Errorf("%q: decisions %+v, want the one accepted before the error", input, ds)
		}
		if strings.HasSuffix(out.String(), "\n") {
			t.Errorf("%q: the prompt's line is ended on an error:\n%s", input, out.String())
		}
	}
}

func TestReviewEndOfInputEndsThePromptLine(t *testing.T) {
	for _, input := range []string{"a\n", "a\ne\n"} {
		var out strings.Builder
		ds, err := Review(strings.NewReader(input), &out, reviewProposals(), false)
		if err != nil || len(ds) != 1 {
			t.Errorf("%q: %d decisions, error %v; want 1, none", input, len(ds), err)
		}
		if !strings.HasSuffix(out.String(), "? \n") && !strings.HasSuffix(out.String(), "back): \n") {
			t.Errorf("%q: the last prompt's line is not ended:\n%s", input, out.String())
		}
	}
}

func TestReviewAsksOncePerGroup(t *testing.T) {
	ps := reviewProposals()
	again := ps[0]
	again.File, again.Line, again.Context, again.Left = "ep/102-more.txt", 7, "use [Pipex] for tools", []string{"use"}
	again.Before = "Pipex"
	ps = append(ps, again)
	var out strings.Builder
	ds, err := Review(strings.NewReader("a\nr\n"), &out, ps, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 3 || ds[0].Verdict != Accepted || ds[1].Verdict != Accepted || ds[1].File != "ep/102-more.txt" || ds[2].Verdict != Rejected || ds[2].After != "Dagster" {
		t.Fatalf("decisions %+v", ds)
	}
	if !strings.Contains(out.String(), "[1/4]") || !strings.Contains(out.String(), "also ep/102-more.txt:7") || !strings.Contains(out.String(), "one answer for the 2 places") {
		t.Errorf("output:\n%s", out.String())
	}
	if rs := AcceptedRules(ds); len(rs) != 2 {
		t.Errorf("%d rules for the two places of pipex, want 2", len(rs))
	}
}

// TestReviewOnATerminal: typed at a terminal, one key decides a group with
// no Enter; a spelling is a line; Ctrl-C ends the review keeping the
// decisions made.
func TestReviewOnATerminal(t *testing.T) {
	typist, tty := ptytest.Open(t)
	var out strings.Builder
	done := make(chan []Decision, 1)
	go func() {
		ds, err := Review(tty, &out, reviewProposals(), false)
		if err != nil {
			t.Error(err)
		}
		done <- ds
	}()
	for _, keys := range []string{"a", "r", "e", "Fast API\n", "\x03"} {
		ptytest.Type(t, typist, keys)
	}
	var ds []Decision
	select {
	case ds = <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("the review still waits after a, r, e, a spelling and Ctrl-C:\n%s", out.String())
	}
	want := []string{"pipx", "Dagster", "Fast API"}
	verdicts := []Verdict{Accepted, Rejected, Accepted}
	if len(ds) != len(want) {
		t.Fatalf("%d decisions, want %d:\n%s", len(ds), len(want), out.String())
	}
	for i, d := range ds {
		if d.After != want[i] || d.Verdict != verdicts[i] {
			t.Errorf("decision %d: %v %q, want %v %q", i, d.Verdict, d.After, verdicts[i], want[i])
		}
	}
}
