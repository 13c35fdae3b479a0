// Package fix applies correction rules to a library of transcripts: it
// finds the edits the rules make in every file, produces each file's new
// content (only the text of segments changes: times, cue identifiers and
// settings, headers and speaker tags are copied from the file), and writes
// all the changed files at once or not at all.
package fix

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/journal"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/transcript"
)

// Edit is one change made to one file.
type Edit struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	// Start is the segment's start in seconds, or -1 when unknown.
	Start   float64 `json:"start"`
	Before  string  `json:"before"`
	After   string  `json:"after"`
	Rule    string  `json:"rule"`
	Context string  `json:"context"`
	// Correction is the rule's "wrong => right", for summaries.
	Correction string `json:"-"`
}

// FileChange is a file's content before and after the fix. A file fixed
// a window at a time (see Stream) has neither: Stream writes it.
type FileChange struct {
	Path     string
	Old, New []byte
	Stream   *StreamPlan
}

// Result is what the rules do to a library.
type Result struct {
	Changes []FileChange
	Edits   []Edit
	// Skipped lists the files left alone because they could not be read
	// without problems: editing a file emend does not fully understand
	// could damage it.
	Skipped []Skip
	// Streamed is the number of edits made to files fixed a window at a
	// time (see Streamed), which Edits does not list.
	Streamed int
}

// Skip is a file left alone, and why.
type Skip struct {
	Path string // empty when Why names the file itself (an I/O error)
	Why  error
}

func (s Skip) Error() string {
	if s.Path == "" {
		return s.Why.Error()
	}
	return s.Path + ": " + s.Why.Error()
}

func (s Skip) Unwrap() error { return s.Why }

// Library finds the edits the matcher makes in every file of a library.
func Library(lib *library.Library, m *rules.Matcher, show string) *Result {
	return LibraryWith(lib, func(*library.File) *rules.Matcher { return m }, show)
}

// LibraryWith is Library with a matcher chosen for each file: the rules
// plus the proposals accepted for that file's episode, say. A nil matcher
// leaves the file alone.
//
// A file whose text is plain (.txt in any layout) is edited in place: the
// edited words change, and every other byte stays as it was (see
// transcript.Splice). So is one read with problems (a stray line left out)
// or in a format emend reads but does not write (a copied web page), which
// writing anew could damage; where that cannot be done, such a file is
// left alone and listed in Skipped. Other files are written anew in their
// format, which keeps all but the text of the segments edited.
func LibraryWith(lib *library.Library, matcher func(*library.File) *rules.Matcher, show string) *Result {
	res := &Result{}
	for _, f := range lib.Files {
		inPlace, whole := ways(f.Episode, f.Err)
		switch {
		case f.Episode == nil:
			err := f.Err
			if err == nil {
				err = errors.New("unreadable")
			}
			res.Skipped = append(res.Skipped, Skip{f.Path, fmt.Errorf("not fixed: %w", err)})
			continue
		case inPlace || whole:
		case f.Err != nil:
			res.Skipped = append(res.Skipped, Skip{f.Path, fmt.Errorf("not fixed: %w", f.Err)})
			continue
		default:
			res.Skipped = append(res.Skipped, Skip{f.Path, fmt.Errorf("left alone: emend reads %s but does not write them", f.Episode.Format.Describe())})
			continue
		}
		s := show
		if s == "" {
			s = f.Show
		}
		m := matcher(f)
		if m == nil {
			continue
		}
		edits, out, err := file(f.Path, f.Episode, m, s, inPlace, whole)
		if err != nil {
			res.Skipped = append(res.Skipped, Skip{f.Path, err})
			continue
		}
		if len(edits) == 0 {
			continue
		}
		old, err := os.ReadFile(f.Path)
		if err != nil {
			res.Skipped = append(res.Skipped, Skip{Why: err})
			continue
		}
		if string(out) != string(old) {
			if err := writable(f.Path); err != nil {
				res.Skipped = append(res.Skipped, Skip{f.Path, fmt.Errorf("%w (%d edits)", err, len(edits))})
				continue
			}
			res.Changes = append(res.Changes, FileChange{Path: f.Path, Old: old, New: out})
		}
		if res.Edits == nil {
			res.Edits = edits // not a copy of a large file's edits
		} else {
			res.Edits = append(res.Edits, edits...)
		}
	}
	return res
}

// Content returns what Library would make of one file with the matcher m
// (show as in Library), in memory: the file's new content and the number
// of edits, or nil and 0 when the rules change nothing. It does not ask
// whether the file may be written, for callers that only read the result
// (emend publish). A file Library would leave alone is an error.
func Content(f *library.File, m *rules.Matcher, show string) ([]byte, int, error) {
	inPlace, whole := ways(f.Episode, f.Err)
	if !inPlace && !whole {
		if f.Episode == nil || f.Err != nil {
			return nil, 0, fmt.Errorf("not fixed: %w", f.Err)
		}
		return nil, 0, fmt.Errorf("not fixed: emend does not write %s", f.Episode.Format.Describe())
	}
	if show == "" {
		show = f.Show
	}
	edits, out, err := file(f.Path, f.Episode, m, show, inPlace, whole)
	if err != nil || len(edits) == 0 {
		return nil, 0, err
	}
	return out, len(edits), nil
}

// Editable reports whether Library edits a file read as ep, with the
// reader's problems err: one of plain text, edited in place, or one read
// without problems in a format emend writes. (An edit in place may still
// fail, when the text does not stand in the file as read.)
func Editable(ep *transcript.Episode, err error) bool {
	inPlace, whole := ways(ep, err)
	return inPlace || whole
}

// ways says how Library may edit a file read as ep, with the reader's
// problems err: in place, for plain text; written anew, for one read
// without problems in a format emend writes.
func ways(ep *transcript.Episode, err error) (inPlace, whole bool) {
	if ep == nil {
		return false, false
	}
	return transcript.Spliceable(ep.Format), err == nil && transcript.Writable(ep.Format)
}

// file applies the matcher to one transcript and returns the edits and
// the file's new content: the file's own bytes with the edits in place when
// inPlace is set (transcript.Splice); else, or should that fail, the
// episode written anew in its format when whole is set.
func file(path string, ep *transcript.Episode, m *rules.Matcher, show string, inPlace, whole bool) ([]Edit, []byte, error) {
	texts := make([]string, len(ep.Segments))
	for i, s := range ep.Segments {
		texts[i] = s.Text
	}
	raw := m.Match(texts, show)
	if len(raw) == 0 {
		return nil, nil, nil
	}
	// The places of a segment's edits are found in one pass over it: one
	// at a time, a long segment with many edits costs its length each.
	lines, cols := make([]int, len(raw)), make([]int, len(raw))
	for a := 0; a < len(raw); {
		b := a
		offs := []int{}
		for ; b < len(raw) && raw[b].Text == raw[a].Text; b++ {
			offs = append(offs, raw[b].Start)
		}
		ls, cs := ep.TextPositions(raw[a].Text, offs)
		copy(lines[a:b], ls)
		copy(cols[a:b], cs)
		a = b
	}
	edits := make([]Edit, 0, len(raw))
	// A rule's name and correction are made once, not once an edit: a
	// large file has hundreds of thousands of edits by a few rules.
	type names struct{ rule, correction string }
	named := map[*rules.Rule]names{}
	for k, e := range raw {
		line, col := lines[k], cols[k]
		start, ctx := where(ep, e.Text, e.Start, e.End)
		n, ok := named[e.Rule]
		if !ok {
			n = names{ruleName(e.Rule), e.Rule.Wrong + " => " + e.Rule.Right}
			named[e.Rule] = n
		}
		edits = append(edits, Edit{
			File: path, Line: line, Column: col, Start: start,
			Before: texts[e.Text][e.Start:e.End], After: e.New,
			Rule: n.rule, Context: ctx, Correction: n.correction,
		})
	}
	if inPlace {
		tes := make([]transcript.TextEdit, len(raw))
		for i, e := range raw {
			tes[i] = transcript.TextEdit{Seg: e.Text, Start: e.Start, End: e.End, New: e.New}
		}
		out, err := ep.Splice(tes)
		if err == nil {
			return edits, out, nil
		}
		if !whole {
			return nil, nil, fmt.Errorf("not fixed (%d edits): cannot edit it in place: %w", len(edits), err)
		}
	}
	fixed := rules.Apply(texts, raw)
	changed := *ep
	changed.Segments = append([]transcript.Segment(nil), ep.Segments...)
	for i := range changed.Segments {
		changed.Segments[i].Text = fixed[i]
	}
	out, err := transcript.Marshal(&changed, ep.Format)
	if err != nil {
		return nil, nil, err
	}
	return edits, out, nil
}

// Place says where bytes [from, to) of the text of segment seg stand, as
// edits and proposals report it: the line and column (1-based, in
// characters) in the file, the segment's start in seconds (-1 when
// unknown), and the words around them, the part in brackets.
func Place(ep *transcript.Episode, seg, from, to int) (line, col int, start float64, ctx string) {
	line, col = ep.TextPos(seg, from)
	start, ctx = where(ep, seg, from, to)
	return line, col, start, ctx
}

// where is Place without the line and column.
func where(ep *transcript.Episode, seg, from, to int) (start float64, ctx string) {
	start = -1
	if s := ep.Segments[seg].Start; s.Known() {
		start = s.Seconds()
	}
	return start, around(ep.Segments[seg].Text, from, to)
}

func ruleName(r *rules.Rule) string {
	if r.Source == "" {
		return r.Wrong + " => " + r.Right
	}
	return fmt.Sprintf("%s:%d", filepath.Base(r.Source), r.Line)
}

// around returns the words around bytes [start, end) of text, the edited
// part in brackets.
func around(text string, start, end int) string {
	const width = 40
	from := max(0, start-width)
	for from > 0 && !utf8.RuneStart(text[from]) {
		from--
	}
	if i := strings.IndexAny(text[from:start], " \n"); i >= 0 && from > 0 {
		from += i + 1
	}
	to := min(len(text), end+width)
	for to < len(text) && !utf8.RuneStart(text[to]) {
		to++
	}
	if i := strings.LastIndexAny(text[end:to], " \n"); i >= 0 && to < len(text) {
		to = end + i
	}
	s := text[from:start] + "[" + text[start:end] + "]" + text[end:to]
	return strings.Join(strings.Fields(s), " ")
}

// Write writes every change, all of them or none, through the journal
// kept in stateDir (a library's .emend directory; see package journal): a
// crash, a signal (ctx cancelled) or a failure at any moment leaves every
// file with its old content or every file with its new one, once
// journal.Recover has run. A symbolic link is written through to the
// file it names.
func Write(ctx context.Context, stateDir string, changes []FileChange) error {
	cs := make([]journal.Change, 0, len(changes))
	seen := map[string]bool{}
	for _, c := range changes {
		real, err := filepath.EvalSymlinks(c.Path)
		if err != nil {
			return fmt.Errorf("write %s: %w (no file was changed)", c.Path, err)
		}
		if real, err = filepath.Abs(real); err != nil {
			return fmt.Errorf("write %s: %w (no file was changed)", c.Path, err)
		}
		if seen[real] {
			continue // a link and the file it names, both in the library
		}
		seen[real] = true
		jc := journal.Change{Path: real, Data: c.New}
		if c.Stream != nil {
			jc.Write = c.Stream.Write
		}
		cs = append(cs, jc)
	}
	return journal.Replace(ctx, stateDir, cs)
}
