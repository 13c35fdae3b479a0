package review

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/fix"
	"github.com/emend-project/emend/internal/journal"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/patch"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/safefile"
	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/suggest"
	"github.com/emend-project/emend/internal/vocab"
)

// The scopes of a decision.
const (
	Everywhere = "everywhere" // every place the words stand, in every episode
	InEpisode  = "episode"    // the group's places in one episode
	Here       = "here"       // one place
	Reject     = "reject"     // never propose it again
)

// MaxRight bounds an edited right spelling.
const MaxRight = 200

// Decision is what a reviewer decided of a group.
type Decision struct {
	Group *Group
	Scope string
	// Right is the right spelling: the group's, or one the reviewer typed.
	Right string
	// Place is the place (its id) an InEpisode or Here decision was made
	// at; InEpisode takes the place's episode.
	Place string
	User  string
	At    time.Time
}

// Plan is what a decision writes: the rules it adds and the files'
// changes, computed from the files as they are now.
type Plan struct {
	Decision
	Rules   []*rules.Rule
	Changes []fix.FileChange
	Edits   []fix.Edit
	Skipped []fix.Skip
	// Diff is the unified diff of the changes, paths relative to the
	// library's root.
	Diff string
	// Spelling, for a spelling accepted everywhere, is the decision added
	// to the spellings file instead of a rule: fix applies the show's
	// spellings with their guards (a sentence-initial capital, an
	// ordinary word without evidence), which a rule would override.
	Spelling *spelling.Decision
	// Digest names the plan's changes: a confirmation of a preview
	// applies only if the files still give the same plan.
	Digest string
	// Episode is the library episode of an InEpisode or Here decision.
	Episode string
}

// CheckRight says what is wrong with a right spelling typed in review.
func CheckRight(s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return errors.New("the right spelling is empty")
	case len(s) > MaxRight:
		return fmt.Errorf("the right spelling is over %d bytes", MaxRight)
	case strings.ContainsAny(s, "\"#;\n\r") || strings.Contains(s, "=>"):
		return errors.New(`a spelling may not hold ", #, ; or =>`)
	}
	return nil
}

// Plan computes what a decision would write, without writing it.
func (l *Library) Plan(q *Queue, d Decision) (*Plan, error) { return l.plan(q, d, false) }

// RuleLines are the lines a decision adds to the rules or spellings file,
// without reading the transcripts: what the store records of it.
func (l *Library) RuleLines(q *Queue, d Decision) ([]string, error) {
	p, err := l.plan(q, d, true)
	if err != nil {
		return nil, err
	}
	return p.RuleLines(), nil
}

// RuleLines are the lines the plan adds to the rules or spellings file.
func (p *Plan) RuleLines() []string {
	var out []string
	for _, r := range p.Rules {
		out = append(out, r.String())
	}
	if p.Spelling != nil {
		c := *p.Spelling
		c.Comment = ""
		out = append(out, c.String())
	}
	return out
}

// plan plans a decision; rulesOnly: its rules, no changes.
func (l *Library) plan(q *Queue, d Decision, rulesOnly bool) (*Plan, error) {
	g := d.Group
	if g == nil {
		return nil, errors.New("no such group: the queue changed; reload it")
	}
	if d.Right == "" {
		d.Right = g.Right
	}
	d.Right = strings.Join(strings.Fields(d.Right), " ")
	if err := CheckRight(d.Right); err != nil {
		return nil, err
	}
	if d.At.IsZero() {
		d.At = time.Now()
	}
	p := &Plan{Decision: d}
	when := d.At.UTC().Format("2006-01-02")
	by := fmt.Sprintf("review by %s, %s", d.User, when)
	var paths []string
	if g.Kind == Spelling && (strings.ContainsAny(d.Right, "=,") || strings.HasPrefix(d.Right, "!")) {
		return nil, errors.New(`a spelling may not hold "=" or "," nor start with "!"`)
	}
	switch {
	case d.Scope == Everywhere && g.Kind == Spelling:
		return l.planSpelling(q, p, by, rulesOnly)
	}
	switch d.Scope {
	case Everywhere:
		p.Rules = []*rules.Rule{{Wrong: g.Wrong, Right: d.Right, Case: g.Kind == Spelling, Comment: "accepted everywhere in " + by}}
		paths = l.Paths
	case InEpisode, Here:
		at := g.Place(d.Place)
		if at == nil {
			return nil, errors.New("no such place in the group: the queue changed; reload it")
		}
		p.Episode = at.Episode
		seen := map[string]bool{}
		for _, pl := range g.Places {
			if d.Scope == Here && pl.ID != at.ID || d.Scope == InEpisode && pl.Episode != at.Episode {
				continue
			}
			r := *pl.rule
			r.Right = d.Right
			r.Comment = fmt.Sprintf("accepted %s in %s (%s:%d)", map[string]string{Here: "here", InEpisode: "in the episode"}[d.Scope], by, filepath.Base(pl.File), pl.Line)
			if k := ruleKey(&r); !seen[k] {
				seen[k] = true
				p.Rules = append(p.Rules, &r)
			}
		}
		// Every copy of the episode.
		paths = q.files[at.Episode]
		if len(paths) == 0 {
			paths = []string{at.File}
		}
	case Reject:
		return p, nil
	default:
		return nil, fmt.Errorf("unknown decision %q", d.Scope)
	}
	if rulesOnly {
		return p, nil
	}
	lib, err := library.Scan(paths, nil)
	if err != nil {
		return nil, err
	}
	m, err := rules.Compile(p.Rules)
	if err != nil {
		return nil, err
	}
	res := fix.Library(lib, m, "")
	p.Changes, p.Edits, p.Skipped = res.Changes, res.Edits, res.Skipped
	if err := p.diff(l.Root); err != nil {
		return nil, err
	}
	return p, nil
}

func ruleKey(r *rules.Rule) string {
	c := *r
	c.Comment = ""
	return c.String()
}

func (p *Plan) diff(root string) error {
	cs := make([]patch.FileChange, len(p.Changes))
	h := sha256.New()
	for i, c := range p.Changes {
		rel, err := filepath.Rel(root, c.Path)
		if err != nil || strings.HasPrefix(rel, "..") {
			rel = filepath.Base(c.Path)
		}
		cs[i] = patch.FileChange{Path: filepath.ToSlash(rel), Old: c.Old, New: c.New}
		fmt.Fprintf(h, "%s\x00%x\x00%x\x00", c.Path, sha256.Sum256(c.Old), sha256.Sum256(c.New))
	}
	for _, r := range p.Rules {
		fmt.Fprintf(h, "%s\x00", ruleKey(r))
	}
	p.Digest = hex.EncodeToString(h.Sum(nil)[:12])
	var b bytes.Buffer
	if err := patch.Unified(&b, cs, patch.Options{Context: 1}); err != nil {
		return err
	}
	p.Diff = b.String()
	return nil
}

// planSpelling plans a spelling accepted everywhere: every place the
// show's spellings correct the variant, in every copy, as emend fix does.
func (l *Library) planSpelling(q *Queue, p *Plan, by string, rulesOnly bool) (*Plan, error) {
	g := p.Group
	p.Spelling = &spelling.Decision{Canonical: p.Right, Comment: "accepted everywhere in " + by}
	if vocab.Key(g.Wrong) != vocab.Key(p.Right) {
		p.Spelling.Variants = []string{g.Wrong}
	}
	if rulesOnly {
		return p, nil
	}
	// Only the episodes of the group's places change: fix corrects a
	// variant where the spellings found it, as the queue did.
	var paths []string
	seen := map[string]bool{}
	for _, pl := range g.Places {
		if !seen[pl.Episode] {
			seen[pl.Episode] = true
			paths = append(paths, q.files[pl.Episode]...)
		}
	}
	lib, err := library.Scan(paths, nil)
	if err != nil {
		return nil, err
	}
	sp := q.sp
	if sp == nil {
		rs, err := l.readRules()
		if err != nil {
			return nil, err
		}
		if sp, err = LoadSpellings(lib, l.Root, l.SpellingsFile, false, rs, spelling.Options{}); err != nil {
			return nil, err
		}
	}
	none, err := rules.Compile(nil)
	if err != nil {
		return nil, err
	}
	matchers := suggest.Matchers(lib, nil, none, nil, func(f *library.File) []*rules.Rule {
		var out []*rules.Rule
		for _, r := range sp.Rules(SegmentTexts(f)) {
			if r.Wrong == g.Wrong && r.Right == g.Right {
				c := *r
				c.Right = p.Right
				out = append(out, &c)
			}
		}
		return out
	})
	res := fix.LibraryWith(lib, matchers, "")
	p.Changes, p.Edits, p.Skipped = res.Changes, res.Edits, res.Skipped
	if err := p.diff(l.Root); err != nil {
		return nil, err
	}
	return p, nil
}

// Summary says what the plan changes.
func (p *Plan) Summary() string {
	n := 0
	for _, e := range p.Edits {
		if e.Before != e.After {
			n++
		}
	}
	if p.Spelling != nil {
		sp := *p.Spelling
		sp.Comment = ""
		return fmt.Sprintf("%s in %s; the spelling %q added to the spellings file", count(n, "edit"), count(len(p.Changes), "file"), sp.String())
	}
	return fmt.Sprintf("%s in %s; %s added to the rules file", count(n, "edit"), count(len(p.Changes), "file"), count(len(p.Rules), "rule"))
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Apply writes a plan: the rules appended to the rules file (those not in
// it already), then the changes to every copy through fix's journal, all
// or none; an interrupted fix of the library is recovered first. A
// rejection is remembered in .emend/rejected (proposals) or the spellings
// file (a variant kept as typed), so that the command-line tools honour it
// too.
func (l *Library) Apply(ctx context.Context, p *Plan) error {
	if err := config.MakeDir(l.StateDir); err != nil {
		return err
	}
	if _, err := journal.Recover(l.StateDir); err != nil {
		return err
	}
	if p.Scope == Reject {
		return l.reject(p.Group)
	}
	if p.Spelling != nil {
		if err := l.addSpelling(*p.Spelling); err != nil {
			return err
		}
	}
	have, err := l.readRules()
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, r := range have {
		known[ruleKey(r)] = true
	}
	var add []*rules.Rule
	for _, r := range p.Rules {
		if !known[ruleKey(r)] {
			add = append(add, r)
		}
	}
	if err := suggest.AppendRules(l.RulesFile, add); err != nil {
		return err
	}
	if len(p.Changes) == 0 {
		return nil
	}
	if err := fix.Write(ctx, l.StateDir, p.Changes); err != nil {
		return fmt.Errorf("the rules were added to %s, but the transcripts were not changed: %w", filepath.Base(l.RulesFile), err)
	}
	return nil
}

func (l *Library) reject(g *Group) error {
	if g.Kind == Proposal {
		return suggest.AddRejected(filepath.Join(l.Root, suggest.RejectedFile),
			[]suggest.Decision{{Proposal: suggest.Proposal{Before: g.Wrong, After: g.Right}, Verdict: suggest.Rejected}})
	}
	return l.addSpelling(spelling.Decision{Keep: g.Wrong, Comment: "rejected in review"})
}

// addSpelling adds a decision to the spellings file, written whole and
// atomically.
func (l *Library) addSpelling(d spelling.Decision) error {
	var old []spelling.Decision
	if f, err := os.Open(l.SpellingsFile); err == nil {
		old, err = spelling.Parse(f, l.SpellingsFile)
		f.Close()
		if err != nil {
			return err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	var b strings.Builder
	header := ""
	if len(old) == 0 {
		header = "The show's spellings: one decision a line (see docs/spellings.md)."
	}
	ds := spelling.Merge(old, []spelling.Decision{d})
	if err := spelling.Write(&b, header, ds); err != nil {
		return err
	}
	if err := safefile.WriteFile(l.SpellingsFile, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("%s: %w", l.SpellingsFile, err)
	}
	return nil
}
