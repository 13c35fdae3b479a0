package review

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// library writes a small show: episode 10 in a .txt and a .vtt copy,
// episode 11 in a .txt.
func testLibrary(t *testing.T) *Library {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "pulse")
	files := map[string]string{
		"010-apis.txt": "00:00:00 Welcome to Python Pulse, episode ten.\n\n00:00:30 We build web APIs with fast API, and Github hosts the code.\n\n" +
			"00:01:00 Our code lives on Github, and fast API handles the requests.\n",
		"010-apis.vtt": "WEBVTT\n\n00:00:00.000 --> 00:00:30.000\nWelcome to Python Pulse, episode ten.\n\n00:00:30.000 --> 00:01:00.000\nWe build web APIs with fast API, and Github hosts the code.\n\n" +
			"00:01:00.000 --> 00:01:30.000\nOur code lives on Github, and fast API handles the requests.\n",
		"011-more.txt": "00:00:00 Episode eleven: I moved my projects to Github last year.\n\n00:00:20 FastAPI and GitHub again, with Pydantic models.\n",
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return &Library{Paths: []string{dir}, Root: dir, StateDir: filepath.Join(dir, ".emend"),
		RulesFile: filepath.Join(root, "emend.rules"), SpellingsFile: filepath.Join(root, "emend.spellings")}
}

func find(q *Queue, wrong string) *Group {
	for _, g := range q.Groups {
		if g.Wrong == wrong {
			return g
		}
	}
	return nil
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBuildGroupsAndRanks(t *testing.T) {
	l := testLibrary(t)
	q, err := l.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range q.Groups {
		t.Logf("%s %q -> %q: %d places in %d episodes", g.Kind, g.Wrong, g.Right, len(g.Places), g.Episodes)
	}
	g := find(q, "Github")
	if g == nil || g.Kind != Spelling || g.Right != "GitHub" || len(g.Places) != 3 || g.Episodes != 2 {
		t.Fatalf("Github group = %+v", g)
	}
	for i := 1; i < len(q.Groups); i++ {
		if len(q.Groups[i].Places) > len(q.Groups[i-1].Places) {
			t.Errorf("group %d has more places than group %d", i, i-1)
		}
	}
	if q.Group(g.ID) != g {
		t.Error("Group by id")
	}
	for _, p := range g.Places {
		if !strings.Contains(p.Context, "[Github]") || p.Start < 0 || p.Line == 0 || p.ID == "" {
			t.Errorf("place %+v", p)
		}
	}
}

func TestAcceptEverywhereFixesEveryCopy(t *testing.T) {
	l := testLibrary(t)
	q, err := l.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	g := find(q, "Github")
	before := read(t, filepath.Join(l.Root, "010-apis.vtt"))
	p, err := l.Plan(q, Decision{Group: g, Scope: Everywhere, User: "maya"})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 3 || !strings.Contains(p.Diff, "+Our code lives on GitHub") || !strings.Contains(p.Diff, "010-apis.vtt") {
		t.Fatalf("plan: %d changes, diff:\n%s", len(p.Changes), p.Diff)
	}
	if read(t, filepath.Join(l.Root, "010-apis.vtt")) != before {
		t.Fatal("the plan wrote a file")
	}
	if err := l.Apply(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"010-apis.txt", "010-apis.vtt", "011-more.txt"} {
		if s := read(t, filepath.Join(l.Root, f)); strings.Contains(s, "Github") || !strings.Contains(s, "GitHub") {
			t.Errorf("%s after accepting: %q", f, s)
		}
	}
	if s := read(t, filepath.Join(l.Root, "010-apis.vtt")); !strings.HasPrefix(s, "WEBVTT\n\n00:00:00.000 --> 00:00:30.000\n") {
		t.Errorf("the vtt lost its cues: %q", s)
	}
	if _, err := os.Stat(l.RulesFile); err == nil {
		t.Error("a spelling accepted everywhere became a rule")
	}
	if sp := read(t, l.SpellingsFile); !strings.Contains(sp, "\nGitHub  # accepted everywhere in review by maya") {
		t.Errorf("spellings file: %q", sp)
	}
	// Applying the same plan again adds no second rule.
	p2, _ := l.Plan(q, Decision{Group: g, Scope: Everywhere, User: "maya"})
	if len(p2.Changes) != 0 {
		t.Errorf("a second plan changes %d files", len(p2.Changes))
	}
	if err := l.Apply(context.Background(), p2); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(read(t, l.SpellingsFile), "GitHub"); n != 1 {
		t.Errorf("%d decisions for GitHub after applying twice", n)
	}
}

func TestAcceptInEpisodeAndHere(t *testing.T) {
	l := testLibrary(t)
	q, err := l.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	g := find(q, "Github")
	var in10 *Place
	for i := range g.Places {
		if strings.HasSuffix(g.Places[i].File, "010-apis.txt") {
			in10 = &g.Places[i]
			break
		}
	}
	if in10 == nil {
		t.Fatal("no place in episode 10")
	}
	p, err := l.Plan(q, Decision{Group: g, Scope: InEpisode, Place: in10.ID, Right: "GitHub", User: "tom"})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Apply(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if s := read(t, filepath.Join(l.Root, "010-apis.vtt")); strings.Contains(s, "Github") {
		t.Errorf("the vtt copy of episode 10 was not fixed: %q", s)
	}
	if s := read(t, filepath.Join(l.Root, "011-more.txt")); !strings.Contains(s, "Github") {
		t.Errorf("episode 11 was changed by a decision for episode 10: %q", s)
	}
	if _, err := l.Plan(q, Decision{Group: g, Scope: Here, Place: "nope", User: "tom"}); err == nil {
		t.Error("a plan for an unknown place")
	}
	if _, err := l.Plan(q, Decision{Group: g, Scope: Everywhere, Right: `a "quote"`, User: "tom"}); err == nil {
		t.Error("a right spelling with a quote was taken")
	}
	left := q.Without(g.ID, func(p *Place) bool { return p.Episode == in10.Episode })
	if lg := left.Group(g.ID); lg == nil || len(lg.Places) != 1 {
		t.Errorf("left after the episode's decision: %+v", lg)
	}
	if q.Without(g.ID, nil).Group(g.ID) != nil {
		t.Error("Without kept the group")
	}
}

func TestRejectSpellingRemembered(t *testing.T) {
	l := testLibrary(t)
	q, err := l.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	g := find(q, "Github")
	p, err := l.Plan(q, Decision{Group: g, Scope: Reject, User: "maya"})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Apply(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if s := read(t, l.SpellingsFile); !strings.Contains(s, "!Github") {
		t.Errorf("spellings file: %q", s)
	}
	q2, err := l.Build(map[string]bool{g.RejectedKey(): true})
	if err != nil {
		t.Fatal(err)
	}
	if find(q2, "Github") != nil {
		t.Error("a rejected variant is proposed again")
	}
}

func TestCachedQueue(t *testing.T) {
	l := testLibrary(t)
	q1, fresh, err := l.Cached(nil)
	if err != nil || !fresh {
		t.Fatalf("first Cached: fresh %v, %v", fresh, err)
	}
	q2, fresh, err := l.Cached(nil)
	if err != nil || fresh {
		t.Fatalf("second Cached: fresh %v, %v", fresh, err)
	}
	if len(q2.Groups) != len(q1.Groups) || q2.Places() != q1.Places() {
		t.Fatalf("cached queue: %d groups, %d places; built: %d, %d", len(q2.Groups), q2.Places(), len(q1.Groups), q1.Places())
	}
	g := find(q2, "Github")
	if g == nil || len(g.Places) != 3 || g.RejectedKey() != find(q1, "Github").RejectedKey() {
		t.Fatalf("cached Github group %+v", g)
	}
	// A plan works from the cached queue (its place rules read back).
	p, err := l.Plan(q2, Decision{Group: g, Scope: Here, Place: g.Places[0].ID, User: "maya"})
	if err != nil || len(p.Changes) == 0 {
		t.Fatalf("plan from the cached queue: %v, %d changes", err, len(p.Changes))
	}
	if _, fresh, _ := l.Cached(map[string]bool{"x => y": true}); !fresh {
		t.Error("a new rejection did not rebuild the queue")
	}
	if err := l.Apply(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if _, fresh, _ := l.Cached(map[string]bool{"x => y": true}); !fresh {
		t.Error("changed transcripts did not rebuild the queue")
	}
}

// TestAcceptProposalEverywhere: a proposal accepted everywhere is a rule
// in the rules file (not a spelling), applied to every copy. The test
// library's words make no proposal at the threshold, so the group is made
// as the queue makes one.
func TestAcceptProposalEverywhere(t *testing.T) {
	l := testLibrary(t)
	q, err := l.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	g := &Group{ID: groupID(Proposal, "web APIs", "Web APIs"), Kind: Proposal, Wrong: "web APIs", Right: "Web APIs", Episodes: 1,
		Places: []Place{{ID: "p1", Episode: "pulse/10", File: filepath.Join(l.Root, "010-apis.txt"), Line: 3, Before: "web APIs", Confidence: 0.5}}}
	p, err := l.Plan(q, Decision{Group: g, Scope: Everywhere, User: "maya"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Spelling != nil || len(p.Rules) != 1 || p.Rules[0].Wrong != "web APIs" || p.Rules[0].Right != "Web APIs" {
		t.Fatalf("plan: spelling %v, rules %v", p.Spelling, p.Rules)
	}
	if err := l.Apply(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"010-apis.txt", "010-apis.vtt"} {
		if s := read(t, filepath.Join(l.Root, f)); strings.Contains(s, "web APIs") || !strings.Contains(s, "Web APIs") {
			t.Errorf("%s after accepting: %q", f, s)
		}
	}
	if rs := read(t, l.RulesFile); !strings.Contains(rs, "web APIs => Web APIs") || !strings.Contains(rs, "accepted everywhere in review by maya") {
		t.Errorf("rules file: %q", rs)
	}
	if _, err := os.Stat(l.SpellingsFile); err == nil {
		t.Error("a proposal accepted everywhere wrote the spellings file")
	}
}
