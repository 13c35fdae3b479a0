// Package review owns the review queue of a library: the proposals of
// internal/suggest (at the measured threshold) and the spelling variants of
// internal/spelling, grouped by wrong -> right pair and ranked by how many
// places one decision fixes; and the decisions on a group (accept
// everywhere, in one episode, at one place, with the right spelling edited,
// or reject), turned into rules for the rules file and applied to every
// copy of the episodes by internal/fix's all-or-nothing writer.
package review

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emend-project/emend/internal/fix"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/suggest"
)

// The kinds of group.
const (
	Proposal = "proposal"
	Spelling = "spelling"
)

// Place is one place of a group: where a decision would change the words.
type Place struct {
	// ID names the place in forms: stable while the file is unchanged.
	ID string
	// Episode is the library episode's key ("talk-python/12"); EpisodeID
	// the search index's id of it, for links ("talk-python:12"), or "".
	Episode, EpisodeID string
	Title              string
	File               string
	Line               int
	// Start is the segment's start in seconds, or -1.
	Start   float64
	Before  string
	Context string // the words around, the heard ones in brackets
	// Confidence of a proposal (1 for a spelling).
	Confidence float64
	// rule makes this place's correction alone.
	rule *rules.Rule
}

// Group is every place of one wrong -> right pair.
type Group struct {
	ID          string
	Kind        string
	Wrong       string // as most often typed
	Right       string
	Places      []Place
	Episodes    int
	rejectedKey string
}

// Queue is the ranked groups of a library.
type Queue struct {
	Groups []*Group
	byID   map[string]*Group
	// Built is when the queue was made, Took how long it took.
	Built     time.Time
	Took      time.Duration
	Proposals int // places proposed
	Variants  int // places spelled otherwise
	// files are the files of every copy of each episode, by key.
	files map[string][]string
	// sp are the show's spellings the queue was built with.
	sp *spelling.Set
}

// Group returns a group by its id, or nil.
func (q *Queue) Group(id string) *Group { return q.byID[id] }

// Places counts the places of every group.
func (q *Queue) Places() int {
	n := 0
	for _, g := range q.Groups {
		n += len(g.Places)
	}
	return n
}

// Library is what a queue is built from and decisions are applied to.
type Library struct {
	// Paths are the transcripts' files or directories (each directory a
	// show, as library.Scan takes them); Root is the library's root,
	// holding the model cache and .emend/rejected; StateDir the .emend
	// directory of fix's journal.
	Paths          []string
	Root, StateDir string
	// RulesFile is where accepted decisions go (made when missing);
	// SpellingsFile the show's spellings.
	RulesFile, SpellingsFile string
	// EpisodeID maps a transcript's path to the search index's episode id,
	// for links; nil: no links.
	EpisodeID func(path string) string
	// Title gives an episode's title by index id; nil: none.
	Title func(id string) string
}

// Rejected merges the rejected proposals of .emend/rejected and of extra
// (the store's).
func (l *Library) Rejected(extra map[string]bool) (map[string]bool, error) {
	m, err := suggest.ReadRejected(filepath.Join(l.Root, suggest.RejectedFile))
	if err != nil {
		return nil, err
	}
	for k := range extra {
		m[k] = true
	}
	return m, nil
}

// readRules reads the rules file; a missing one is none.
func (l *Library) readRules() ([]*rules.Rule, error) {
	if l.RulesFile == "" {
		return nil, nil
	}
	rs, err := rules.ReadFile(l.RulesFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return rs, err
}

// Build makes the queue: the library is read, the proposals made at
// suggest.DefaultThreshold (leaving out the rejected ones), and the
// spelling variants fix would change found, and both grouped.
func (l *Library) Build(rejected map[string]bool) (*Queue, error) {
	t0 := time.Now()
	lib, err := library.Scan(l.Paths, nil)
	if err != nil {
		return nil, err
	}
	rs, err := l.readRules()
	if err != nil {
		return nil, err
	}
	m, err := rules.Compile(rs)
	if err != nil {
		return nil, err
	}
	cfg := suggest.Config{Root: l.Root, Rules: rs}
	if len(l.Paths) == 1 && samePath(l.Paths[0], l.Root) {
		cfg.Scanned = lib
	}
	for _, f := range lib.Files {
		cfg.Targets = append(cfg.Targets, f.Path)
	}
	// The language model and the spellings are set up side by side, then
	// every episode's proposals and spelling variants are found by a
	// worker per core.
	var setup *suggest.Setup
	var setupErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		setup, setupErr = suggest.NewSetup(cfg)
	}()
	sp, err := LoadSpellings(lib, l.Root, l.SpellingsFile, false, rs, spelling.Options{})
	<-done
	if err != nil {
		return nil, err
	}
	if setupErr != nil {
		return nil, setupErr
	}
	ps, found := findAll(lib, setup, suggest.Options{Min: suggest.DefaultThreshold, Rejected: rejected, Rules: m}, sp)
	q := l.group(lib, ps, sp, found, rejected)
	q.sp = sp
	q.Built, q.Took = time.Now(), time.Since(t0)
	return q, nil
}

func samePath(a, b string) bool {
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}

// episodeKey names a library episode.
func episodeKey(ep *library.Episode) string { return ep.Show + "/" + ep.Key }

func placeID(file string, seg, from int) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d\x00%d", file, seg, from)))
	return hex.EncodeToString(h[:6])
}

func groupID(kind, wrong, right string) string {
	h := sha256.Sum256([]byte(kind + "\x00" + wrong + "\x00" + right))
	return hex.EncodeToString(h[:8])
}

// SpellingRejectedKey is how a rejected spelling variant is remembered.
func SpellingRejectedKey(variant, canonical string) string {
	return "spelling: " + variant + " => " + canonical
}

// spellPlaces are the spelling variants of one file, and those fix
// corrects.
type spellPlaces struct {
	fixed map[string]bool
	occ   []spelling.Occurrence
}

// findAll finds the proposals of every episode and the spelling variants
// of each copy's primary file, one episode at a time on each of
// runtime.GOMAXPROCS workers: the episodes are independent, and the
// proposals come out in the library's order, as suggest makes them for
// the whole library.
func findAll(lib *library.Library, setup *suggest.Setup, opt suggest.Options, sp *spelling.Set) ([]suggest.Proposal, map[string]spellPlaces) {
	type episodeFinds struct {
		ps    []suggest.Proposal
		spell map[string]spellPlaces
	}
	out := make([]episodeFinds, len(lib.Episodes))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(lib.Episodes)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(lib.Episodes) {
					return
				}
				ep := lib.Episodes[i]
				out[i].ps = setup.Propose(&library.Library{Episodes: []*library.Episode{ep}}, opt, nil)
				out[i].spell = findSpellings(ep, sp)
			}
		})
	}
	wg.Wait()
	var ps []suggest.Proposal
	found := map[string]spellPlaces{}
	for _, f := range out {
		ps = append(ps, f.ps...)
		maps.Copy(found, f.spell)
	}
	return ps, found
}

// findSpellings finds the variants of each copy's primary file of an
// episode, with the episode's show notes as evidence, as fix has them.
func findSpellings(ep *library.Episode, sp *spelling.Set) map[string]spellPlaces {
	out := map[string]spellPlaces{}
	notes, _ := suggest.NotesFor(ep) // unreadable notes are no evidence
	for _, c := range ep.Copies {
		f := suggest.Primary(c)
		if f == nil || f.Episode == nil {
			continue
		}
		occ := sp.FindWith(SegmentTexts(f), notes)
		out[f.Path] = spellPlaces{fixedVariants(occ), occ}
	}
	return out
}

// fixedVariants are the variants of an episode's occurrences that
// spelling.Set.Rules makes rules for (what fix corrects), from the
// occurrences Set.Find gave, without finding them again.
// TestFixedVariantsAsRules holds it to Set.Rules.
func fixedVariants(occ []spelling.Occurrence) map[string]bool { return spelling.Corrected(occ) }

func (l *Library) group(lib *library.Library, ps []suggest.Proposal, sp *spelling.Set, found map[string]spellPlaces, rejected map[string]bool) *Queue {
	q := &Queue{byID: map[string]*Group{}, files: map[string][]string{}}
	typed := map[*Group]map[string]int{}
	epOf := map[string]*library.Episode{}
	for _, ep := range lib.Episodes {
		for _, c := range ep.Copies {
			for _, f := range c.Files {
				epOf[f.Path] = ep
				q.files[episodeKey(ep)] = append(q.files[episodeKey(ep)], f.Path)
			}
		}
	}
	idOf := func(path string) (string, string) {
		if l.EpisodeID == nil {
			return "", ""
		}
		if ep := epOf[path]; ep != nil {
			for _, c := range ep.Copies {
				for _, f := range c.Files {
					if id := l.EpisodeID(f.Path); id != "" {
						title := ""
						if l.Title != nil {
							title = l.Title(id)
						}
						return id, title
					}
				}
			}
		}
		return "", ""
	}
	add := func(kind, key, before, right string, pl Place) {
		id := groupID(kind, key, right)
		g := q.byID[id]
		if g == nil {
			g = &Group{ID: id, Kind: kind, Right: right}
			q.byID[id] = g
			q.Groups = append(q.Groups, g)
			typed[g] = map[string]int{}
		}
		typed[g][before]++
		if ep := epOf[pl.File]; ep != nil {
			pl.Episode = episodeKey(ep)
		}
		pl.EpisodeID, pl.Title = idOf(pl.File)
		g.Places = append(g.Places, pl)
	}
	for i := range ps {
		p := &ps[i]
		key := suggest.RejectedKey(p.Before, p.After)
		r := p.Rule(fmt.Sprintf("accepted in review, %s:%d", filepath.Base(p.File), p.Line))
		add(Proposal, key, strings.Join(strings.Fields(p.Before), " "), p.After, Place{ID: placeID(p.File, p.Segment, p.From), File: p.File, Line: p.Line,
			Start: p.Start, Before: p.Before, Context: p.Context, Confidence: p.Confidence, rule: r})
		q.Proposals++
	}
	for _, ep := range lib.Episodes {
		for _, c := range ep.Copies {
			f := suggest.Primary(c)
			if f == nil || f.Episode == nil {
				continue
			}
			texts := SegmentTexts(f)
			sf := found[f.Path]
			for _, o := range sf.occ {
				if o.Why != "" || !sf.fixed[o.Variant] || o.EndText != o.Text || rejected[SpellingRejectedKey(o.Variant, o.Canonical)] {
					continue
				}
				line, _, start, ctx := fix.Place(f.Episode, o.Text, o.Start, o.End)
				r := &rules.Rule{Wrong: o.Variant, Right: o.Canonical, Case: true, If: neighbour(texts[o.Text], o.Start, o.End)}
				add(Spelling, o.Variant, o.Variant, o.Canonical, Place{ID: placeID(f.Path, o.Text, o.Start), File: f.Path, Line: line, Start: start,
					Before: texts[o.Text][o.Start:o.End], Context: ctx, Confidence: 1, rule: r})
				q.Variants++
			}
		}
	}
	for _, g := range q.Groups {
		best, n := "", -1
		for t, c := range typed[g] {
			if c > n || c == n && t < best {
				best, n = t, c
			}
		}
		g.Wrong = best
		if g.Kind == Proposal {
			g.rejectedKey = suggest.RejectedKey(g.Wrong, g.Right)
		} else {
			g.rejectedKey = SpellingRejectedKey(g.Wrong, g.Right)
		}
		eps := map[string]bool{}
		for _, p := range g.Places {
			eps[p.Episode] = true
		}
		g.Episodes = len(eps)
	}
	sort.SliceStable(q.Groups, func(i, j int) bool {
		a, b := q.Groups[i], q.Groups[j]
		if len(a.Places) != len(b.Places) {
			return len(a.Places) > len(b.Places)
		}
		if a.Episodes != b.Episodes {
			return a.Episodes > b.Episodes
		}
		return a.Wrong < b.Wrong
	})
	return q
}

// RejectedKey is the key a rejection of the group is stored under.
func (g *Group) RejectedKey() string { return g.rejectedKey }

// Place returns a place of the group by its id, or nil.
func (g *Group) Place(id string) *Place {
	for i := range g.Places {
		if g.Places[i].ID == id {
			return &g.Places[i]
		}
	}
	return nil
}

// Without returns the queue without a group, or without some places of
// it (those for which drop is true): what is left after a decision.
func (q *Queue) Without(id string, drop func(*Place) bool) *Queue {
	out := &Queue{byID: map[string]*Group{}, Built: q.Built, Took: q.Took, Proposals: q.Proposals, Variants: q.Variants, files: q.files, sp: q.sp}
	for _, g := range q.Groups {
		if g.ID == id {
			if drop == nil {
				continue
			}
			c := *g
			c.Places = nil
			eps := map[string]bool{}
			for _, p := range g.Places {
				if !drop(&p) {
					c.Places = append(c.Places, p)
					eps[p.Episode] = true
				}
			}
			if len(c.Places) == 0 {
				continue
			}
			c.Episodes = len(eps)
			g = &c
		}
		out.Groups = append(out.Groups, g)
		out.byID[g.ID] = g
	}
	return out
}

// neighbour is the context of a spelling's rule for one place: the word
// before it (or, at the start of a text, the word after it), so that a
// decision for one place or episode does not become a rule for every
// place the variant stands.
func neighbour(text string, start, end int) []rules.Context {
	if ws := rules.Words(text[:start]); len(ws) > 0 {
		return []rules.Context{{Before: []string{rules.Fold(ws[len(ws)-1])}}}
	}
	if ws := rules.Words(text[end:]); len(ws) > 0 {
		return []rules.Context{{After: []string{rules.Fold(ws[0])}}}
	}
	return nil
}
