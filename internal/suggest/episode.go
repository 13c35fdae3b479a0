package suggest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/emend-project/emend/internal/fix"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/transcript"
)

// Episode proposes corrections for one transcript file, with the file,
// line, column, start time and context of each proposal.
func (ix *Index) Episode(path string, ep *transcript.Episode, opt Options) []Proposal {
	texts := make([]string, len(ep.Segments))
	for i, s := range ep.Segments {
		texts[i] = s.Text
	}
	if opt.Slug == "" {
		_, opt.Slug = transcript.ParseName(path)
	}
	ps := ix.Propose(texts, opt)
	for k := range ps {
		p := &ps[k]
		p.File = path
		p.Line, p.Column, p.Start, p.Context = fix.Place(ep, p.Segment, p.From, p.To)
	}
	return ps
}

// Clock is the proposal's start as h:mm:ss, or "" when unknown.
func (p *Proposal) Clock() string {
	if p.Start < 0 {
		return ""
	}
	s := int(p.Start)
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

// Rule turns a proposal into a rule that makes it, where the same words
// stand in the same context: the heard words, after the word before them
// (or, at the start of a text, before the word after them). The comment
// says why the rule exists.
func (p *Proposal) Rule(comment string) *rules.Rule {
	r := &rules.Rule{Wrong: strings.Join(strings.Fields(p.Before), " "), Right: p.After, Comment: comment}
	switch {
	case len(p.Left) > 0 && p.Left[len(p.Left)-1] != sentenceStart:
		r.If = []rules.Context{{Before: p.Left[len(p.Left)-1:]}}
	case len(p.Right) > 0 && p.Right[0] != sentenceEnd:
		r.If = []rules.Context{{After: p.Right[:1]}}
	}
	return r
}

// Rules turns proposals into rules, one per distinct heard words and
// context (the most confident proposal's term), for internal/fix to apply
// as it applies every rule.
func Rules(ps []Proposal) []*rules.Rule {
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ps[order[a]].Confidence > ps[order[b]].Confidence })
	seen := map[string]bool{}
	var out []*rules.Rule
	for _, i := range order {
		p := &ps[i]
		r := p.Rule("proposed, confidence " + strconv.FormatFloat(p.Confidence, 'f', 2, 64))
		k := strings.ToLower(strings.Join(rules.Words(r.Wrong), " ")) + "\x00" + contextsString(r.If)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, r)
	}
	return out
}

func contextsString(cs []rules.Context) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c.String())
	}
	return strings.Join(parts, "|")
}
