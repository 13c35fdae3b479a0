package check

import (
	"fmt"
	"math"
	"strings"

	"github.com/emend-project/emend/internal/diff"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/transcript"
)

// resyncWindow bounds how many cues ahead the alignment looks for the start
// of the next .txt line after a disagreement.
const resyncWindow = 64

// pair checks that each line of the .txt joins one or more consecutive cues
// of the .vtt, starting at the floor of the first cue's start.
func (r *Report) pair(txtFile, vttFile *library.File, opt Options) {
	lines := txtFile.Episode.Segments
	cues := vttFile.Episode.Segments
	texts := make([]string, len(cues))
	for i, c := range cues {
		texts[i] = norm(c.Text)
	}
	n := 0
	report := func(f Finding) {
		n++
		if n <= opt.MaxPerPair {
			r.add(f)
		} else {
			r.Counts[f.Kind]++
		}
	}
	j := 0
	for i, l := range lines {
		if j >= len(cues) {
			report(Finding{Kind: Missing, File: txtFile.Path, Line: l.Line, Other: vttFile.Path,
				Msg: fmt.Sprintf("%d lines from here on have no cue", len(lines)-i)})
			break
		}
		c := cues[j]
		if c.Start.Known() && l.Start != c.Start.Floor() {
			report(Finding{Kind: Time, File: txtFile.Path, Line: l.Line, Other: vttFile.Path, OtherLine: c.Line,
				Msg: fmt.Sprintf("line at %s, its first cue starts at %s", clock(l.Start), transcript.FormatClock(c.Start))})
		}
		want := norm(l.Text)
		if k, ok := join(texts, j, want); ok {
			j = k
			continue
		}
		// The texts disagree: find where the next line's cues begin.
		k := j + 1
		if i+1 < len(lines) {
			k = resync(cues, texts, j+1, norm(lines[i+1].Text), lines[i+1].Start)
		}
		got := strings.Join(texts[j:k], " ")
		report(Finding{Kind: Text, File: txtFile.Path, Line: l.Line, Other: vttFile.Path, OtherLine: c.Line,
			Msg: wordDiff(want, got)})
		j = k
	}
	if j < len(cues) && len(lines) > 0 {
		report(Finding{Kind: Missing, File: vttFile.Path, Line: cues[j].Line, Other: txtFile.Path,
			Msg: fmt.Sprintf("%d cues from here on have no .txt line", len(cues)-j)})
	}
	if n > opt.MaxPerPair {
		r.Findings = append(r.Findings, Finding{Kind: More, File: txtFile.Path, Other: vttFile.Path,
			Msg: fmt.Sprintf("%d more disagreements in this pair not shown", n-opt.MaxPerPair)})
	}
}

// join reports whether the cues from j on, joined with spaces, make want,
// and returns the index after the last cue used.
func join(texts []string, j int, want string) (int, bool) {
	rest := want
	for k := j; k < len(texts); k++ {
		t := texts[k]
		switch {
		case t == rest:
			return k + 1, true
		case t == "":
			continue
		case begins(rest, t):
			rest = rest[len(t)+1:]
		default:
			return j, false
		}
	}
	return j, false
}

// resync returns the index of the cue, from j on, where a line with the
// given text and time starts: of the cues whose text begins that line's,
// maybe after a hesitation the .txt left out ("Uh, PyCharm." for
// "PyCharm."), the one nearest the line's time (the first of equals); or
// failing those the first cue at or after the line's time. Text alone
// would take a line said twice ("PyCharm." "PyCharm.") for its repeat, and
// every line after it for the line after.
func resync(cues []transcript.Segment, texts []string, j int, next string, at transcript.Millis) int {
	end := min(len(texts), j+resyncWindow)
	best, bestGap := -1, transcript.Millis(0)
	for k := j; k < end; k++ {
		t := texts[k]
		if !begins(next, t) && !begins(next, afterHesitation(t)) {
			continue
		}
		gap := transcript.Millis(math.MaxInt64)
		if s := cues[k].Start; s.Known() && at.Known() {
			gap = max(s.Floor()-at, at-s.Floor())
		}
		if best < 0 || gap < bestGap {
			best, bestGap = k, gap
		}
	}
	if best >= 0 {
		return best
	}
	for k := j; k < len(cues); k++ {
		if s := cues[k].Start; s.Known() && s.Floor() >= at {
			return k
		}
	}
	return len(cues)
}

// begins reports whether the cue text t begins the line text line, on a
// word boundary.
func begins(line, t string) bool {
	return t != "" && strings.HasPrefix(line, t) && (len(line) == len(t) || line[len(t)] == ' ')
}

// hesitations are the sounds a caption holds and an edited transcript
// leaves out.
var hesitations = map[string]bool{"uh": true, "um": true, "uhm": true, "umm": true, "er": true, "erm": true, "ah": true, "hmm": true, "mm": true}

// afterHesitation returns t without the hesitations it opens with.
func afterHesitation(t string) string {
	for {
		w, rest, _ := strings.Cut(t, " ")
		if !hesitations[strings.ToLower(strings.TrimRight(w, ",.;:!?-…"))] {
			return t
		}
		t = rest
	}
}

// norm collapses runs of white space to single spaces and trims the ends.
func norm(s string) string {
	clean := len(s) == 0 || (s[0] != ' ' && s[len(s)-1] != ' ')
	for i := 0; clean && i < len(s); i++ {
		switch s[i] {
		case '\n', '\t', '\r', '\v', '\f':
			clean = false
		case ' ':
			clean = s[i+1] != ' '
		}
	}
	if clean {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// wordDiff describes how two texts differ, word by word: each run of
// words that one copy has in place of the other's, or has alone.
func wordDiff(txt, vtt string) string {
	a, b := strings.Fields(txt), strings.Fields(vtt)
	const maxWords = 400
	if len(a) > maxWords || len(b) > maxWords {
		return fmt.Sprintf(".txt has %d words, .vtt has %d, and they differ", len(a), len(b))
	}
	var parts []string
	for _, r := range diff.Strings(a, b) {
		txtWords, vttWords := strings.Join(a[r.A0:r.A1], " "), strings.Join(b[r.B0:r.B1], " ")
		switch {
		case r.A0 == r.A1:
			parts = append(parts, fmt.Sprintf(".vtt adds %q", vttWords))
		case r.B0 == r.B1:
			parts = append(parts, fmt.Sprintf(".txt adds %q", txtWords))
		default:
			parts = append(parts, fmt.Sprintf(".txt %q, .vtt %q", txtWords, vttWords))
		}
		if len(parts) == 4 {
			parts = append(parts, "...")
			break
		}
	}
	if len(parts) == 0 {
		return "texts differ in white space"
	}
	return strings.Join(parts, "; ")
}

func clock(m transcript.Millis) string {
	s := transcript.FormatClock(m)
	return strings.TrimSuffix(s, ".000")
}
