package suggest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/prompt"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/safefile"
)

// Verdict is what a reviewer decided of a proposal.
type Verdict int

// The verdicts.
const (
	Skipped Verdict = iota
	Accepted
	Rejected
)

// Decision is a reviewed proposal: accepted ones carry the right words
// the reviewer settled on in After.
type Decision struct {
	Proposal
	Verdict Verdict
}

// Review asks a person about each group of proposals (the same heard
// words and term, at any number of places), reading one key from in (on a
// terminal, with no Enter; else one a line: see package prompt) and
// writing to out: a accept, r reject, e edit (then the right spelling), s
// skip, q quit (or Ctrl-C). It returns the decisions made until the end,
// a quit, or the end of the input.
func Review(in io.Reader, out io.Writer, ps []Proposal, color bool) ([]Decision, error) {
	r := prompt.New(in, out)
	var ds []Decision
	// ask prompts and reads the answer, a key or a line; at the end of
	// the input, or at Ctrl-C, it reports false, and on an error it sets
	// err.
	var err error
	ask := func(read func(string) (string, error), q string) (string, bool) {
		a, rerr := read(q)
		if rerr != nil {
			if !errors.Is(rerr, io.EOF) && !errors.Is(rerr, prompt.ErrInterrupted) {
				err = fmt.Errorf("review: %w", rerr)
			}
			return "", false
		}
		return a, true
	}
	// One question per group of proposals of the same heard words and
	// term: the answer covers every place of the group.
	var groups [][]Proposal
	at := map[string]int{}
	for _, p := range ps {
		k := RejectedKey(p.Before, p.After)
		if i, ok := at[k]; ok {
			groups[i] = append(groups[i], p)
			continue
		}
		at[k] = len(groups)
		groups = append(groups, []Proposal{p})
	}
	// all makes the decision of every place of a group.
	all := func(g []Proposal, v Verdict, after string) {
		for _, p := range g {
			if after != "" {
				p.After = after
			}
			ds = append(ds, Decision{Proposal: p, Verdict: v})
		}
	}
	for i, g := range groups {
		p := g[0]
		show(out, i, len(groups), &p, color)
		for _, o := range g[1:] {
			where := fmt.Sprintf("%s:%d", o.File, o.Line)
			if at := o.Clock(); at != "" {
				where += " (" + at + ")"
			}
			fmt.Fprintf(out, "  also %s  %s\n", where, o.Context)
		}
		if len(g) > 1 {
			fmt.Fprintf(out, "  (one answer for the %d places)\n", len(g))
		}
	decide:
		for {
			key, ok := ask(r.Key, "[a]ccept, [r]eject, [e]dit, [s]kip, [q]uit? ")
			if !ok {
				return ds, err
			}
			switch strings.ToLower(key) {
			case "a", "accept":
				all(g, Accepted, "")
				break decide
			case "r", "reject":
				all(g, Rejected, "")
				break decide
			case "s", "skip", "":
				all(g, Skipped, "")
				break decide
			case "q", "quit":
				return ds, nil
			case "e", "edit":
				for {
					right, ok := ask(r.Line, fmt.Sprintf("right spelling of %q (empty: back): ", p.Before))
					if !ok {
						return ds, err
					}
					if right == "" {
						continue decide
					}
					if strings.ContainsAny(right, "\"#;") || strings.Contains(right, "=>") {
						fmt.Fprintln(out, `a spelling may not hold ", #, ; or =>`)
						continue
					}
					all(g, Accepted, strings.Join(strings.Fields(right), " "))
					break decide
				}
			default:
				if r.Keys() {
					fmt.Fprintf(out, "%q: type a, r, e, s or q\n", key)
				} else {
					fmt.Fprintf(out, "%q: type a, r, e, s or q, then Enter\n", key)
				}
			}
		}
	}
	return ds, nil
}

// show prints one proposal for review.
func show(out io.Writer, i, n int, p *Proposal, color bool) {
	where := fmt.Sprintf("%s:%d", p.File, p.Line)
	if at := p.Clock(); at != "" {
		where += " (" + at + ")"
	}
	ctx := p.Context
	if color {
		ctx = strings.Replace(strings.Replace(ctx, "[", "\033[1;31m", 1), "]", "\033[0m", 1)
	}
	fmt.Fprintf(out, "\n[%d/%d] %s  confidence %.2f\n  %s\n  %q -> %q\n  %s\n", i+1, n, where, p.Confidence, ctx, p.Before, p.After, p.Evidence)
}

// AcceptedRules turns accepted decisions into rules with their context, as
// written to the rules file: the next run fixes them without asking.
func AcceptedRules(ds []Decision) []*rules.Rule {
	var out []*rules.Rule
	seen := map[string]bool{}
	for _, d := range ds {
		if d.Verdict != Accepted {
			continue
		}
		r := d.Rule(fmt.Sprintf("support 1, accepted in review, %s:%d", filepath.Base(d.File), d.Line))
		k := r.String()
		if i := strings.Index(k, "  #"); i >= 0 {
			k = k[:i]
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, r)
	}
	return out
}

// AppendRules adds rules at the end of a rules file (made when missing),
// written whole and atomically.
func AppendRules(path string, rs []*rules.Rule) error {
	if len(rs) == 0 {
		return nil
	}
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("rules %s: %w", path, err)
	}
	var b bytes.Buffer
	b.Write(old)
	if len(old) > 0 && old[len(old)-1] != '\n' {
		b.WriteByte('\n')
	}
	if err := rules.Write(&b, "", rs); err != nil {
		return err
	}
	if err := safefile.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("rules %s: %w", path, err)
	}
	return nil
}

// RejectedFile is where rejected proposals are remembered, under a
// library's root.
const RejectedFile = config.StateDir + "/rejected"

// ReadRejected reads the rejected proposals, "heard words => term" a line
// (heard words folded); a missing file is none.
func ReadRejected(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("rejected proposals %s: %w", path, err)
	}
	m := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			m[l] = true
		}
	}
	return m, nil
}

// RejectedKey is how a rejected proposal is remembered.
func RejectedKey(before, after string) string {
	return rejectedKey(foldWords(before), after)
}

// rejectedKey is RejectedKey of heard words folded already, as Propose
// looks them up.
func rejectedKey(folded []string, term string) string {
	return strings.Join(folded, " ") + " => " + term
}

// AddRejected remembers rejected decisions in the file at path.
func AddRejected(path string, ds []Decision) error {
	m, err := ReadRejected(path)
	if err != nil {
		return err
	}
	n := len(m)
	for _, d := range ds {
		if d.Verdict == Rejected {
			m[RejectedKey(d.Before, d.After)] = true
		}
	}
	if len(m) == n {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	data := "# Proposals rejected in emend suggest --review: heard words => term.\n" + strings.Join(keys, "\n") + "\n"
	if err := config.MakeDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("rejected proposals: %w", err)
	}
	if err := safefile.WriteFile(path, []byte(data), 0o644); err != nil {
		return fmt.Errorf("rejected proposals %s: %w", path, err)
	}
	return nil
}
