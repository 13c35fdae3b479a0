package review

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/corpustest"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/spelling"
)

// rulesWrong is what spelling.Set.Rules corrects in texts.
func rulesWrong(sp *spelling.Set, texts []string) []string {
	var out []string
	for _, r := range sp.Rules(texts) {
		out = append(out, r.Wrong)
	}
	sort.Strings(out)
	return out
}

func fixedList(occ []spelling.Occurrence) []string {
	var out []string
	for v := range fixedVariants(occ) {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// TestFixedVariantsAsRules holds fixedVariants, which the queue uses to
// find each file's variants once, to what Set.Rules corrects, on texts
// with guarded variants beside fixed ones.
func TestFixedVariantsAsRules(t *testing.T) {
	sp := spelling.New(spelling.Sources{Starter: true, Decisions: []spelling.Decision{{Canonical: "Talk Python", Variants: []string{"talk python"}}}}, spelling.Options{})
	for _, c := range []struct {
		name  string
		texts []string
		want  []string // what Rules corrects (nil: nothing), so the case tests what it says
	}{
		{"fixed only", []string{"We host it on Github.", "The Github repo and fast API."}, []string{"Github", "fast API"}},
		{"one variant twice, once at a sentence's start", []string{"Github is where it lives.", "we moved to Github last year"}, []string{"Github"}},
		{"beside an address", []string{"see github.com/emend and Github too"}, []string{"Github"}},
		{"a guarded variant blocks the runs of its words", []string{"go to slash talk python to me", "I listen to talk python every week"}, nil},
		{"nothing", []string{"", "   ", "plain words only"}, nil},
		{"ugly", []string{"GITHUB!!! github? Git hub, fastapi/fast api — \u00a0Github\t", "pep 8 and Pep 604, a pep talk"}, []string{"Git hub", "Github", "Pep 604", "github", "pep 8"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := rulesWrong(sp, c.texts)
			if got := fixedList(sp.Find(c.texts)); !reflect.DeepEqual(got, want) {
				t.Errorf("fixedVariants = %q, Set.Rules corrects %q", got, want)
			}
			if !reflect.DeepEqual(want, c.want) {
				t.Errorf("Set.Rules corrects %q, the case expects %q", want, c.want)
			}
		})
	}
}

// TestCorpusFixedVariants checks fixedVariants against Set.Rules on every
// file of Talk Python (EMEND_REVIEW_CORPUS=1).
func TestCorpusFixedVariants(t *testing.T) {
	if os.Getenv("EMEND_REVIEW_CORPUS") == "" {
		t.Skip("set EMEND_REVIEW_CORPUS=1: it reads the spellings of a whole corpus")
	}
	dir := corpustest.Dir(t, "talk-python")
	lib, err := library.Scan([]string{filepath.Join(dir, "transcripts"), filepath.Join(dir, "youtube_transcripts")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := LoadSpellings(lib, t.TempDir(), filepath.Join(t.TempDir(), "none"), false, nil, spelling.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files, fixed := 0, 0
	for _, f := range lib.Files {
		texts := SegmentTexts(f)
		want := rulesWrong(sp, texts)
		if got := fixedList(sp.Find(texts)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: fixedVariants = %q, Set.Rules corrects %q", f.Path, got, want)
		}
		files++
		fixed += len(want)
	}
	t.Logf("%d files, %d variants corrected: the same both ways", files, fixed)
	if fixed == 0 {
		t.Error("no variant corrected in Talk Python: the test checks nothing")
	}
}

// TestFindAllInOrder: the workers' proposals and variants are those of
// the episodes one by one, in the library's order.
func TestFindAllInOrder(t *testing.T) {
	l := testLibrary(t)
	q, err := l.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, g := range q.Groups {
		for _, p := range g.Places {
			order = append(order, g.Wrong+"@"+filepath.Base(p.File)+":"+strings.TrimSpace(p.Context))
		}
	}
	// Two groups, their places in the library's order.
	want := []string{
		"Github@010-apis.txt:We build web APIs with fast API, and [Github] hosts the code.",
		"Github@010-apis.txt:Our code lives on [Github], and fast API handles the requests.",
		"Github@011-more.txt:Episode eleven: I moved my projects to [Github] last year.",
		"fast API@010-apis.txt:We build web APIs with [fast API], and Github hosts the code.",
		"fast API@010-apis.txt:Our code lives on Github, and [fast API] handles the requests.",
	}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("places:\n%s\nwant:\n%s", strings.Join(order, "\n"), strings.Join(want, "\n"))
	}
}
