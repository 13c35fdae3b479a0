package spelling

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/emend-project/emend/internal/prompt"
	"github.com/emend-project/emend/internal/vocab"
)

// Review asks, for each term of a report, what to do, one key of in per
// term (on a terminal, with no Enter; else one line: see package prompt),
// and returns the decisions made:
//
//	a (or an empty line)  accept the canonical spelling for every variant
//	1, 2, ...             make that variant the canonical spelling
//	t SPELLING            type the canonical spelling
//	r                     reject: every variant stays as typed
//	s                     skip the term, decide nothing
//	q                     stop (the decisions so far are kept)
//
// The end of in, or Ctrl-C, stops the review too.
func Review(in io.Reader, out io.Writer, terms []Term) ([]Decision, error) {
	r := prompt.New(in, out)
	var ds []Decision
	for _, t := range terms {
		fmt.Fprintf(out, "%s  (%d places to change)\n", t.Canonical, t.Changes)
		for i, v := range t.Variants {
			fmt.Fprintf(out, "  %d) %-30s %5d in %d episodes\n", i+1, v.Text, v.Count, len(v.Episodes))
		}
	ask:
		ans, err := r.Key("[a]ccept, 1-9 choose, [t]ype SPELLING, [r]eject, [s]kip, [q]uit? ")
		if ans == "t" && err == nil {
			// On a terminal the key comes alone: the spelling follows.
			var typed string
			typed, err = r.Line("spelling: ")
			ans = "t " + typed
		}
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, prompt.ErrInterrupted) {
				return ds, nil
			}
			return ds, fmt.Errorf("review spellings: %w", err)
		}
		variants := func(except string) []string {
			var vs []string
			if t.Canonical != except {
				vs = append(vs, t.Canonical)
			}
			for _, v := range t.Variants {
				if v.Text != except && checkSpelling(v.Text) == nil {
					vs = append(vs, v.Text)
				}
			}
			return vs
		}
		switch {
		case ans == "" || ans == "a":
			ds = append(ds, Decision{Canonical: t.Canonical, Variants: variants(t.Canonical), Comment: "reviewed"})
		case ans == "r":
			for _, v := range t.Variants {
				if checkSpelling(v.Text) == nil {
					ds = append(ds, Decision{Keep: v.Text, Comment: "reviewed: " + t.Canonical})
				}
			}
		case ans == "s":
		case ans == "q":
			return ds, nil
		case strings.HasPrefix(ans, "t "):
			typed := squeeze(ans[2:])
			if err := checkSpelling(typed); err != nil {
				fmt.Fprintf(out, "not a spelling: %v\n", err)
				goto ask
			}
			ds = append(ds, Decision{Canonical: typed, Variants: variants(typed), Comment: "reviewed"})
		default:
			k, err := strconv.Atoi(ans)
			if err != nil || k < 1 || k > len(t.Variants) || checkSpelling(t.Variants[k-1].Text) != nil {
				fmt.Fprintln(out, "answer a, a variant's number, t SPELLING, r, s or q")
				goto ask
			}
			c := t.Variants[k-1].Text
			ds = append(ds, Decision{Canonical: c, Variants: variants(c), Comment: "reviewed"})
		}
	}
	return ds, nil
}

// Merge adds decisions to those of a file: a new decision replaces an
// old one for the same key (a rejection, for the same spelling).
func Merge(old, add []Decision) []Decision {
	key := func(d Decision) string {
		if d.Keep != "" {
			return "!" + d.Keep
		}
		return vocab.Key(d.Canonical)
	}
	idx := map[string]int{}
	out := append([]Decision(nil), old...)
	for i, d := range out {
		idx[key(d)] = i
	}
	for _, d := range add {
		if i, ok := idx[key(d)]; ok {
			out[i] = d
			continue
		}
		idx[key(d)] = len(out)
		out = append(out, d)
	}
	return out
}
