package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// suggestLibrary writes a small show in the Python Bytes layout: corrected
// episodes to learn from, a raw new one as .txt and .vtt, and its notes.
func suggestLibrary(t *testing.T) (root, txt, vtt string) {
	t.Helper()
	root = filepath.Join(t.TempDir(), "pulse")
	dir := filepath.Join(root, "transcripts")
	os.MkdirAll(dir, 0o755)
	os.MkdirAll(filepath.Join(root, "show_notes"), 0o755)
	lines := []string{
		"We lint everything with ruff now, so pip install ruff and run ruff check.",
		"That is a rough estimate, and it was a rough week for the team.",
		"FastAPI is built on Starlette and Pydantic, which is fast.",
		"The jobs run in Dagster, and Dagster schedules them every night.",
	}
	for n := 90; n < 100; n++ {
		var b strings.Builder
		for i, l := range lines {
			fmt.Fprintf(&b, "00:00:%02d %s\n\n", i*5, l)
		}
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d-episode.txt", n)), []byte(b.String()), 0o644)
	}
	txt = filepath.Join(dir, "100-new-tools.txt")
	vtt = filepath.Join(dir, "100-new-tools.vtt")
	os.WriteFile(txt, []byte("00:00:00 Welcome back. Today our guest Sebastian Ramirez talks about fast API.\n\n"+
		"00:00:06 You can pip install rough to lint, and it is a rough estimate of the time it saves.\n\n"+
		"00:01:02 The pipeline runs on Daxter every night.\n\n"), 0o644)
	os.WriteFile(vtt, []byte("WEBVTT\n\n00:00:00.000 --> 00:00:06.000\nWelcome back. Today our guest Sebastian Ramirez talks about fast\nAPI.\n\n"+
		"00:00:06.000 --> 00:01:02.000\nYou can pip install rough to lint, and it is a rough estimate of the time it saves.\n\n"+
		"00:01:02.000 --> 00:01:10.000\nThe pipeline runs on Daxter every night.\n\n"), 0o644)
	os.WriteFile(filepath.Join(root, "show_notes", "100.md"), []byte("# Episode 100\n\n**Special guest:** [Sebastián Ramírez](https://example.com)\n\n- [FastAPI](https://fastapi.example) and [Dagster](https://dagster.example)\n"), 0o644)
	return root, txt, vtt
}

type jsonProposal struct {
	File       string  `json:"file"`
	Line       int     `json:"line"`
	Column     int     `json:"column"`
	Start      float64 `json:"start"`
	Before     string  `json:"before"`
	After      string  `json:"after"`
	Confidence float64 `json:"confidence"`
	Evidence   string  `json:"evidence"`
	Context    string  `json:"context"`
}

func proposalsOf(t *testing.T, out string) map[string]jsonProposal {
	t.Helper()
	m := map[string]jsonProposal{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var p jsonProposal
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("not JSON: %q: %v", l, err)
		}
		for _, f := range []string{`"file"`, `"line"`, `"start"`, `"before"`, `"after"`, `"confidence"`} {
			if !strings.Contains(l, f) {
				t.Errorf("proposal without %s: %s", f, l)
			}
		}
		m[p.Before] = p
	}
	return m
}

func TestSuggestJSON(t *testing.T) {
	root, txt, _ := suggestLibrary(t)
	code, out, errOut := run(t, "", "suggest", "--json", "--min", "0", "--rules", filepath.Join(root, "none.rules"), txt)
	if code != ExitFailure {
		t.Fatalf("exit %d (want 1: proposals found); stderr %s", code, errOut)
	}
	ps := proposalsOf(t, out)
	want := map[string]string{"fast API": "FastAPI", "Daxter": "Dagster", "Sebastian Ramirez": "Sebastián Ramírez", "rough": "ruff"}
	for before, after := range want {
		p, ok := ps[before]
		if !ok || !strings.EqualFold(p.After, after) {
			t.Errorf("no proposal %q -> %q in\n%s", before, after, out)
		}
	}
	if p := ps["Daxter"]; p.File != txt || p.Line != 5 || p.Column != 31 || p.Start != 62 {
		t.Errorf("Daxter proposal placed at %s:%d:%d %.0fs, want %s:5:31 62s", p.File, p.Line, p.Column, p.Start, txt)
	}
	if !strings.Contains(errOut, "learned the language model") {
		t.Errorf("first run does not say it learned the model: %s", errOut)
	}
	// The second run reads the cache.
	_, out2, errOut2 := run(t, "", "suggest", "--json", "--min", "0", "--rules", filepath.Join(root, "none.rules"), txt)
	if strings.Contains(errOut2, "learned the language model") || out2 != out {
		t.Errorf("second run: stderr %s; same output: %v", errOut2, out2 == out)
	}
}

func TestSuggestNotesHelp(t *testing.T) {
	root, txt, _ := suggestLibrary(t)
	conf := func(args ...string) float64 {
		_, out, _ := run(t, "", append([]string{"suggest", "--json", "--min", "0", "--rules", filepath.Join(root, "none.rules")}, args...)...)
		return proposalsOf(t, out)["Daxter"].Confidence
	}
	with, without := conf(txt), conf("--no-notes", txt)
	if !(with > without) {
		t.Errorf("show notes do not raise the confidence: %.3f with, %.3f without", with, without)
	}
}

// around returns the words either side of the bracketed span of a
// proposal's context, with words in the span's place: "install [rough] to"
// gives "install ruff to" for "ruff".
func around(ctx, words string) string {
	i, j := strings.Index(ctx, "["), strings.Index(ctx, "]")
	left, right := ctx[:i], ctx[j+1:]
	if k := strings.LastIndex(strings.TrimRight(left, " "), " "); k >= 0 {
		left = left[k+1:]
	}
	if k := strings.Index(strings.TrimLeft(right, " "), " "); k >= 0 {
		right = right[:k+len(right)-len(strings.TrimLeft(right, " "))]
	}
	return left + words + right
}

func TestFixSuggestAbove(t *testing.T) {
	root, txt, vtt := suggestLibrary(t)
	rulesFile := filepath.Join(root, "emend.rules")
	os.WriteFile(rulesFile, []byte("Welcome back => Welcome\n"), 0o644)
	_, out, _ := run(t, "", "suggest", "--json", "--min", "0", "--rules", rulesFile, txt)
	var ps []jsonProposal
	for _, p := range proposalsOf(t, out) {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Confidence > ps[j].Confidence })
	if len(ps) < 3 || ps[1].Confidence == ps[2].Confidence {
		t.Fatalf("want 3 proposals of distinct confidence: %+v", ps)
	}
	// A threshold between the second and the third proposal.
	p := (ps[1].Confidence + ps[2].Confidence) / 2
	code, _, errOut := run(t, "", "fix", "--no-spellings", "--rules", rulesFile, "--suggest-above", fmt.Sprint(p), txt, vtt)
	if code != ExitOK {
		t.Fatalf("fix: exit %d: %s", code, errOut)
	}
	t1, _ := os.ReadFile(txt)
	v1, _ := os.ReadFile(vtt)
	for name, data := range map[string]string{"txt": string(t1), "vtt": string(v1)} {
		flat := strings.Join(strings.Fields(data), " ")
		for k, pr := range ps {
			want, not := around(pr.Context, pr.After), around(pr.Context, pr.Before)
			if k >= 2 {
				want, not = not, want
			}
			if !strings.Contains(flat, want) || strings.Contains(flat, not) {
				t.Errorf("%s: proposal %d (%q -> %q, %.3f, threshold %.3f): want %q, not %q in\n%s", name, k, pr.Before, pr.After, pr.Confidence, p, want, not, data)
			}
		}
		if strings.Contains(data, "Welcome back") {
			t.Errorf("%s: the rules were not applied with the proposals:\n%s", name, data)
		}
	}
	if !strings.Contains(string(t1), "00:01:02 The pipeline") || !strings.Contains(string(v1), "00:01:02.000 --> 00:01:10.000") {
		t.Errorf("times changed:\n%s\n%s", t1, v1)
	}
	// Without --suggest-above, fix applies the rules alone.
	root2, txt2, _ := suggestLibrary(t)
	os.WriteFile(filepath.Join(root2, "emend.rules"), []byte("Welcome back => Welcome\n"), 0o644)
	run(t, "", "fix", "--no-spellings", "--rules", filepath.Join(root2, "emend.rules"), txt2)
	t2, _ := os.ReadFile(txt2)
	if !strings.Contains(string(t2), "fast API") || strings.Contains(string(t2), "Welcome back") {
		t.Errorf("fix without --suggest-above:\n%s", t2)
	}
}

func TestSuggestReview(t *testing.T) {
	root, txt, _ := suggestLibrary(t)
	rulesFile := filepath.Join(root, "review.rules")
	_, out, _ := run(t, "", "suggest", "--json", "--min", "0.0", "--rules", rulesFile, txt)
	var order []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var p jsonProposal
		json.Unmarshal([]byte(l), &p)
		order = append(order, p.Before+" -> "+p.After)
	}
	if len(order) < 3 {
		t.Fatalf("want 3 proposals or more, got %q", order)
	}
	// Accept the first, reject the second, quit.
	code, shown, errOut := run(t, "a\nr\nq\n", "suggest", "--review", "--min", "0", "--rules", rulesFile, txt)
	if code != ExitOK {
		t.Fatalf("review: exit %d: %s", code, errOut)
	}
	if !strings.Contains(shown, "[1/") || !strings.Contains(errOut, "1 rule added") {
		t.Errorf("review output:\n%s\nstderr: %s", shown, errOut)
	}
	data, _ := os.ReadFile(rulesFile)
	if !strings.Contains(string(data), "accepted in review, 100-new-tools.txt:") || !strings.Contains(string(data), "; if ") {
		t.Errorf("rules file:\n%s", data)
	}
	// The accepted and the rejected proposals are not proposed again;
	// the third is.
	_, out2, _ := run(t, "", "suggest", "--json", "--min", "0", "--rules", rulesFile, txt)
	for _, gone := range order[:2] {
		b, a, _ := strings.Cut(gone, " -> ")
		if strings.Contains(out2, `"before":"`+b+`","after":"`+a+`"`) {
			t.Errorf("%s proposed again after review:\n%s", gone, out2)
		}
	}
	b, a, _ := strings.Cut(order[2], " -> ")
	if !strings.Contains(out2, `"before":"`+b+`","after":"`+a+`"`) {
		t.Errorf("%s not proposed after review:\n%s", order[2], out2)
	}
}

func TestSuggestUnreadable(t *testing.T) {
	root, _, _ := suggestLibrary(t)
	bad := filepath.Join(root, "transcripts", "101-broken.vtt")
	os.WriteFile(bad, []byte("WEBVTT\n\n00:00:01.000 --> garbage\nfast API here\n"), 0o644)
	code, _, errOut := run(t, "", "suggest", "--min", "0", "--rules", filepath.Join(root, "none.rules"), bad)
	if code != ExitOK || !strings.Contains(errOut, "101-broken.vtt: no proposals") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = run(t, "", "suggest", filepath.Join(root, "nope.txt"))
	if code != ExitFailure || !strings.Contains(errOut, "nope.txt") {
		t.Errorf("missing file: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = run(t, "", "suggest", "--min", "1.5", root)
	if code != ExitUsage {
		t.Errorf("--min 1.5: exit %d, stderr %q", code, errOut)
	}
}
