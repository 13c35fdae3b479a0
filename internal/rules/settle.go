package rules

import (
	"errors"
	"fmt"
	"strings"
)

// maxChain bounds how far Settled follows a chain of rules, each rewriting
// what the one before wrote, before it calls the chain endless.
const maxChain = 8

// Settled reports the rules whose right words other rules (or the rule
// itself) would change again: a fix with them is not done after one pass,
// and the next fix changes the text once more. Two rules that undo each
// other (A => B, B => A) flip the text back and forth at every fix; a
// chain (A => B, B => C) moves it one step a fix; a rule whose right words
// hold its wrong words (Django => Django REST framework) grows it at every
// fix. Each is an error naming both rules' files and lines, and what to
// write instead where there is one right answer.
//
// Only rules that apply anywhere are followed: a rule with contexts or a
// topic applies where the text around it says so, which the right words
// alone cannot tell.
func (m *Matcher) Settled() error {
	var errs []error
	for _, r := range m.rules {
		if err := m.settles(r); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// settles follows the rules from r's right words until nothing changes.
func (m *Matcher) settles(r *Rule) error {
	text := r.Right
	seen := []string{strings.ToLower(r.Wrong)}
	var chain []*Rule
	for range maxChain {
		edits := m.Match([]string{text}, r.Show)
		if len(edits) == 0 {
			break
		}
		next := edits[0].Rule
		chain = append(chain, next)
		if next == r || sameRule(next, r) {
			return fmt.Errorf("%s: its right words %q hold its wrong words, so each fix applies it again", where(r), r.Right)
		}
		text = Apply([]string{text}, edits)[0]
		folded := strings.ToLower(text)
		for _, s := range seen {
			if s == folded {
				return fmt.Errorf("%s: %s undoes it, so each fix flips the text back", where(r), describe(r, chain))
			}
		}
		seen = append(seen, folded)
	}
	if len(chain) == 0 {
		return nil
	}
	if len(chain) == maxChain {
		return fmt.Errorf("%s: %s change its right words again and again", where(r), describe(r, chain))
	}
	return fmt.Errorf("%s: %s changes its right words again, so one fix is not enough; write %s", where(r), describe(r, chain), (&Rule{Wrong: r.Wrong, Right: text}).String())
}

func sameRule(a, b *Rule) bool {
	return a.Source == b.Source && a.Line == b.Line && a.Wrong == b.Wrong && a.Right == b.Right
}

// where names a rule: its file and line, then the rule.
func where(r *Rule) string {
	return fmt.Sprintf("%s:%d: %s => %s", r.Source, r.Line, quoteSide(r.Wrong), quoteSide(r.Right))
}

// describe names the rules of a chain, each with its line.
func describe(r *Rule, chain []*Rule) string {
	parts := make([]string, len(chain))
	for i, c := range chain {
		parts[i] = fmt.Sprintf("%s => %s (line %d)", quoteSide(c.Wrong), quoteSide(c.Right), c.Line)
		if c.Source != r.Source {
			parts[i] = fmt.Sprintf("%s => %s (%s:%d)", quoteSide(c.Wrong), quoteSide(c.Right), c.Source, c.Line)
		}
	}
	return strings.Join(parts, ", then ")
}
