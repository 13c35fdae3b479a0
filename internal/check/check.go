// Package check verifies a library of transcripts: that every file reads
// without problems, that times run forward, and that the .txt and .vtt
// copies of one transcript agree. In a podcast repository each "HH:MM:SS
// text" line of the .txt joins one or more consecutive cues of the .vtt,
// and its time is the first cue's start floored to the second; an edit made
// to one file and not the other breaks that, and check names the place.
package check

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/transcript"
)

// Kind classifies a finding.
type Kind string

// The kinds of finding.
const (
	Unreadable Kind = "unreadable" // the file could not be read at all
	Parse      Kind = "parse"      // the reader did not understand part of the file
	Order      Kind = "order"      // a segment starts before the one above it
	Timing     Kind = "timing"     // a segment ends before it starts
	Text       Kind = "text"       // a .txt line's text differs from its cues'
	Time       Kind = "time"       // a .txt line's time is not its first cue's start
	Missing    Kind = "missing"    // cues with no .txt line, or lines with no cue
	Duplicate  Kind = "duplicate"  // two different transcripts claim one episode number
	Mismatch   Kind = "mismatch"   // a copy of an episode (a YouTube copy) says other things
	Unpaired   Kind = "unpaired"   // a .txt or .vtt without its other half, where transcripts come in pairs
	More       Kind = "more"       // how many findings of a pair were left out
)

// Kinds lists the kinds in the order reports show them.
var Kinds = []Kind{Unreadable, Parse, Order, Timing, Text, Time, Missing, Duplicate, Mismatch, Unpaired}

// Finding is one problem, at a line of a file, with the place in the other
// file of a pair when there is one.
type Finding struct {
	Kind      Kind
	File      string
	Line      int
	Other     string
	OtherLine int
	Msg       string
}

func (f Finding) String() string {
	pos := f.File
	if f.Line > 0 {
		pos = fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	s := fmt.Sprintf("%s: %s: %s", pos, f.Kind, f.Msg)
	if f.Other != "" {
		if f.OtherLine > 0 {
			s += fmt.Sprintf(" (%s:%d)", filepath.Base(f.Other), f.OtherLine)
		} else {
			s += fmt.Sprintf(" (%s)", filepath.Base(f.Other))
		}
	}
	return s
}

// Options tune a check.
type Options struct {
	// MaxPerPair bounds the findings reported for one pair of files; the
	// rest are counted in a last finding. 0 means 20.
	MaxPerPair int
}

// Report is the outcome of a check.
type Report struct {
	Findings []Finding
	// Files and Pairs count what was checked.
	Files, Pairs int
	// PairsAgreeing counts the pairs with no finding.
	PairsAgreeing int
	// Counts counts findings by kind, including those left out of
	// Findings by MaxPerPair.
	Counts map[Kind]int
}

// OK reports whether the check found nothing.
func (r *Report) OK() bool { return len(r.Findings) == 0 }

// Library checks every file and every pair of a library.
func Library(lib *library.Library, opt Options) *Report {
	if opt.MaxPerPair == 0 {
		opt.MaxPerPair = 20
	}
	r := &Report{Counts: map[Kind]int{}}
	for _, f := range lib.Files {
		r.Files++
		r.file(f)
	}
	for _, ep := range lib.Episodes {
		r.episode(ep, opt)
	}
	r.unpaired(lib)
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := r.Findings[i], r.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if (a.Kind == More) != (b.Kind == More) {
			return b.Kind == More
		}
		return a.Line < b.Line
	})
	return r
}

func (r *Report) add(f Finding) {
	r.Findings = append(r.Findings, f)
	r.Counts[f.Kind]++
}

// file checks one file on its own.
func (r *Report) file(f *library.File) {
	if f.Episode == nil {
		r.add(Finding{Kind: Unreadable, File: f.Path, Msg: errMsg(f.Err)})
		return
	}
	var list transcript.ErrorList
	if errors.As(f.Err, &list) {
		for _, e := range list {
			r.add(Finding{Kind: Parse, File: f.Path, Line: e.Line, Msg: e.Msg})
		}
	} else if f.Err != nil {
		r.add(Finding{Kind: Unreadable, File: f.Path, Msg: f.Err.Error()})
	}
	segs := f.Episode.Segments
	for i := range segs {
		s := segs[i]
		if s.Start.Known() && s.End.Known() && s.End < s.Start {
			r.add(Finding{Kind: Timing, File: f.Path, Line: s.Line,
				Msg: fmt.Sprintf("ends at %s, before it starts at %s", transcript.FormatClock(s.End), transcript.FormatClock(s.Start))})
		}
		if i > 0 && s.Start.Known() && segs[i-1].Start.Known() && s.Start < segs[i-1].Start {
			r.add(Finding{Kind: Order, File: f.Path, Line: s.Line,
				Msg: fmt.Sprintf("starts at %s, before the segment above (%s)", transcript.FormatClock(s.Start), transcript.FormatClock(segs[i-1].Start))})
		}
	}
}

func errMsg(err error) string {
	var list transcript.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return list[0].Msg
	}
	if err == nil {
		return "unreadable"
	}
	return err.Error()
}

// minSimilarity is the share of distinct words two copies of one episode
// have in common, at the least. Copies made from one recording share most
// words (0.7 to 0.97 in the reference corpora, YouTube copies included);
// different episodes share about a quarter, the common words of the show.
const minSimilarity = 0.35

// episode checks the copies of one episode: each .txt/.vtt pair, and that
// every copy says what the first one does. Two different transcripts in one
// directory are a duplicate number; a copy elsewhere (a YouTube copy) that
// says other things is a mismatch, likely another episode's file.
func (r *Report) episode(ep *library.Episode, opt Options) {
	for _, c := range ep.Copies {
		txt, vtt := pairOf(c)
		if txt != nil && vtt != nil {
			r.Pairs++
			before := len(r.Findings)
			r.pair(txt, vtt, opt)
			if len(r.Findings) == before {
				r.PairsAgreeing++
			}
		}
	}
	if len(ep.Copies) < 2 || ep.Number < 0 {
		return
	}
	first := ep.Copies[0]
	words := wordSet(first)
	for _, c := range ep.Copies[1:] {
		sim := similarity(words, wordSet(c))
		if sim >= minSimilarity {
			continue
		}
		f := Finding{Kind: Mismatch, File: c.Files[0].Path, Other: first.Files[0].Path,
			Msg: fmt.Sprintf("shares %.0f%% of its words with the episode's other copy: another episode's transcript?", sim*100)}
		if filepath.Dir(c.Stem) == filepath.Dir(first.Stem) {
			f.Kind = Duplicate
			f.Msg = fmt.Sprintf("episode %d has another, different transcript in this directory (%.0f%% of words shared)", ep.Number, sim*100)
		}
		r.add(f)
	}
}

// wordSet returns the distinct lowercase words of a copy's first readable
// file.
func wordSet(c *library.Copy) map[string]bool {
	set := map[string]bool{}
	var buf []byte
	for _, f := range c.Files {
		if f.Episode == nil {
			continue
		}
		for _, s := range f.Episode.Segments {
			buf = addWords(set, s.Text, buf)
		}
		break
	}
	return set
}

// addWords adds the words of text to set, lowercased, and returns the
// buffer it used, for reuse.
func addWords(set map[string]bool, text string, buf []byte) []byte {
	buf = buf[:0]
	add := func() {
		if len(buf) > 0 && !set[string(buf)] {
			set[string(buf)] = true
		}
		buf = buf[:0]
	}
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		} else {
			add()
		}
	}
	add()
	return buf
}

// similarity is the Jaccard index of two word sets.
func similarity(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 1
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// pairOf returns the .txt ("HH:MM:SS text") and WebVTT files of a copy.
func pairOf(c *library.Copy) (txt, vtt *library.File) {
	for _, f := range c.Files {
		if f.Episode == nil {
			continue
		}
		switch f.Episode.Format {
		case transcript.TimedText:
			txt = f
		case transcript.VTT:
			vtt = f
		}
	}
	return txt, vtt
}

// unpaired flags a .txt or .vtt without its other half in a directory
// where transcripts come in pairs (four in five of its copies are pairs).
func (r *Report) unpaired(lib *library.Library) {
	pairs, singles := map[string]int{}, map[string][]*library.File{}
	for _, ep := range lib.Episodes {
		for _, c := range ep.Copies {
			txt, vtt := pairOf(c)
			dir := filepath.Dir(c.Stem)
			switch {
			case txt != nil && vtt != nil:
				pairs[dir]++
			case txt != nil:
				singles[dir] = append(singles[dir], txt)
			case vtt != nil:
				singles[dir] = append(singles[dir], vtt)
			}
		}
	}
	for dir, fs := range singles {
		if pairs[dir] < 4*len(fs) {
			continue
		}
		for _, f := range fs {
			other := ".vtt"
			if f.Episode.Format == transcript.VTT {
				other = ".txt"
			}
			r.add(Finding{Kind: Unpaired, File: f.Path, Msg: fmt.Sprintf("no %s beside it, where %d transcripts come in pairs", other, pairs[dir])})
		}
	}
}
