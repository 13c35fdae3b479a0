package review

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/emend-project/emend/internal/corpustest"
)

// TestCorpusQueue builds the review queue of all of Talk Python (a copy:
// the model cache is written beside it) and reports, for the three
// episodes with the most places, the decisions a review of the episode
// takes (its groups) against the places (the proposals and variants).
// Run it with EMEND_REVIEW_CORPUS=1 go test ./internal/review -run CorpusQueue -v.
func TestCorpusQueue(t *testing.T) {
	if os.Getenv("EMEND_REVIEW_CORPUS") == "" {
		t.Skip("set EMEND_REVIEW_CORPUS=1: it builds the queue of a whole corpus (1-3 minutes)")
	}
	src := corpustest.Dir(t, "talk-python")
	dir := filepath.Join(t.TempDir(), "talk-python")
	for _, sub := range []string{"transcripts", "youtube_transcripts"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join(src, sub))); err != nil {
			t.Fatal(err)
		}
	}
	l := &Library{Paths: []string{dir}, Root: dir, StateDir: filepath.Join(dir, ".emend"),
		RulesFile: filepath.Join(dir, "emend.rules"), SpellingsFile: filepath.Join(dir, "emend.spellings")}
	q, err := l.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("queue: %d groups, %d places (%d proposed, %d spelled otherwise), built in %v; fingerprint %s", len(q.Groups), q.Places(), q.Proposals, q.Variants, q.Took, fingerprint(q, dir))
	if len(q.Groups) == 0 {
		t.Fatal("no group in the queue of Talk Python")
	}
	places, groups := map[string]int{}, map[string]map[string]bool{}
	for _, g := range q.Groups {
		for _, p := range g.Places {
			places[p.Episode]++
			if groups[p.Episode] == nil {
				groups[p.Episode] = map[string]bool{}
			}
			groups[p.Episode][g.ID] = true
		}
	}
	eps := make([]string, 0, len(places))
	for e := range places {
		eps = append(eps, e)
	}
	sort.Slice(eps, func(i, j int) bool {
		if places[eps[i]] != places[eps[j]] {
			return places[eps[i]] > places[eps[j]]
		}
		return eps[i] < eps[j]
	})
	for _, e := range eps[:min(3, len(eps))] {
		t.Logf("episode %s: %d places, %d decisions", e, places[e], len(groups[e]))
		if len(groups[e]) >= places[e] {
			t.Errorf("episode %s: %d decisions for %d places: grouping saves nothing", e, len(groups[e]), places[e])
		}
	}
	median := eps[len(eps)/2]
	t.Logf("median episode %s: %d places, %d decisions; %d episodes with a place", median, places[median], len(groups[median]), len(eps))
}

// fingerprint names a queue's content: its groups in order, their places
// and the rule of each, paths relative to root (so not the places' ids,
// which hash the path); the same library gives the
// same fingerprint however the queue is built.
func fingerprint(q *Queue, root string) string {
	h := sha256.New()
	for _, g := range q.Groups {
		fmt.Fprintf(h, "%s|%s|%s|%s|%d|%s\n", g.ID, g.Kind, g.Wrong, g.Right, g.Episodes, g.rejectedKey)
		for _, p := range g.Places {
			rel, _ := filepath.Rel(root, p.File)
			r := ""
			if p.rule != nil {
				r = p.rule.String()
			}
			fmt.Fprintf(h, "\t%s|%s|%s|%d|%v|%q|%q|%v|%s\n", p.Episode, p.EpisodeID, rel, p.Line, p.Start, p.Before, p.Context, p.Confidence, r)
		}
	}
	fmt.Fprintf(h, "%d %d\n", q.Proposals, q.Variants)
	return hex.EncodeToString(h.Sum(nil)[:12])
}
