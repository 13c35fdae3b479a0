package library

import (
	"sort"
	"unicode"

	"github.com/emend-project/emend/internal/transcript"
)

// Stats sums up a library.
type Stats struct {
	Files    int
	Bytes    int64
	Episodes int
	Copies   int
	// Words and Hours count each episode once, from its main copy (the
	// longest timed one).
	Words    int
	Hours    float64
	Segments int
	// Formats counts the files in each format found.
	Formats map[transcript.Format]int
	// Unreadable counts the files that could not be read at all.
	Unreadable int
	// WithProblems counts the files read with problems.
	WithProblems int
}

// Stats sums up the library.
func (lib *Library) Stats() Stats {
	st := Stats{Formats: map[transcript.Format]int{}}
	for _, f := range lib.Files {
		st.Files++
		st.Bytes += f.Size
		switch {
		case f.Episode == nil:
			st.Unreadable++
			continue
		case f.Err != nil:
			st.WithProblems++
		}
		st.Formats[f.Episode.Format]++
	}
	for _, ep := range lib.Episodes {
		st.Episodes++
		st.Copies += len(ep.Copies)
		main := ep.Main()
		if main == nil {
			continue
		}
		st.Segments += len(main.Segments)
		for _, s := range main.Segments {
			st.Words += CountWords(s.Text)
		}
		st.Hours += main.Duration().Seconds() / 3600
	}
	return st
}

// FormatNames returns the formats found, most files first.
func (st Stats) FormatNames() []transcript.Format {
	var out []transcript.Format
	for f := range st.Formats {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		if st.Formats[out[i]] != st.Formats[out[j]] {
			return st.Formats[out[i]] > st.Formats[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// Main returns the transcript that best stands for the episode: the one
// with the latest end among the readable files, preferring a file in the
// first copy (the main transcripts come before YouTube copies in a sorted
// scan of a podcast repository) when they tie.
func (ep *Episode) Main() *transcript.Episode {
	var best *transcript.Episode
	for _, c := range ep.Copies {
		for _, f := range c.Files {
			if f.Episode == nil {
				continue
			}
			if best == nil || f.Episode.Duration() > best.Duration() {
				best = f.Episode
			}
		}
	}
	return best
}

// CountWords counts the words of a text: runs of letters and digits,
// with apostrophes and hyphens inside a word ("don't", "scikit-learn").
func CountWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !in {
				n++
				in = true
			}
		case in && (r == '\'' || r == '’' || r == '-'):
		default:
			in = false
		}
	}
	return n
}
