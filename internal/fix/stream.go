package fix

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/transcript"
)

// A WebVTT file above the size limit of reading whole is fixed a window
// of cues at a time (Stream), in memory bounded by the window, not by the
// file: a few times StreamWindow, whatever the file's size.
//
// Matching windows apart gives what matching the file whole gives, because
// a window ends only just before a cue whose first word is inert (no word
// of any rule or topic: no match runs over it), and is matched with the
// cues around it that the rules' contexts reach (rules.Matcher.Reach),
// whose edits are left to the windows they belong to. The topics are
// counted over the whole file first. Each window with edits is written
// anew (transcript.Marshal) and checked as Splice checks: written
// unchanged it gives its own bytes, written with the edits it reads back
// as edited; otherwise the file is left alone.

// StreamWindow is how many bytes of cues a window holds, at least (it
// runs on to the next cut).
var StreamWindow = 1 << 20

// vttHeader opens every window but the first, so that it reads as a file.
const vttHeader = "WEBVTT\n\n"

// Streamable reports whether Stream can fix a file of this name: WebVTT.
func Streamable(path string) bool { return strings.EqualFold(filepath.Ext(path), ".vtt") }

// StreamPlan is a file fixed a window at a time: what a counting pass
// found, and how to write it.
type StreamPlan struct {
	Path    string
	Edits   int
	matcher *rules.Matcher
	show    string
	named   map[string]int
}

// PlanStream reads a WebVTT file a window at a time, counting the topics
// of the rules and then the edits m makes; write with Write.
func PlanStream(path string, m *rules.Matcher, show string) (*StreamPlan, error) {
	p := &StreamPlan{Path: path, matcher: m, show: show}
	named := map[string]int{}
	err := eachWindow(path, m, func(w *window) error {
		for k, n := range m.Namings(w.regionTexts()) {
			named[k] += n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	p.named = named
	err = eachWindow(path, m, func(w *window) error {
		edits, err := w.edits(m, show, named)
		p.Edits += len(edits)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// WriteTo writes the fixed file to out, a window at a time.
func (p *StreamPlan) Write(out io.Writer) error {
	bw := bufio.NewWriterSize(out, 1<<16)
	n := 0
	err := eachWindow(p.Path, p.matcher, func(w *window) error {
		edits, err := w.edits(p.matcher, p.show, p.named)
		if err != nil {
			return err
		}
		n += len(edits)
		b, err := w.fixed(edits)
		if err != nil {
			return err
		}
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	if n != p.Edits {
		return fmt.Errorf("%s: changed while it was fixed (%d edits, then %d)", p.Path, p.Edits, n)
	}
	return bw.Flush()
}

// StreamTexts calls fn with the texts of a WebVTT file a window at a
// time, cut before words m leaves alone (for the show's spellings, found
// a window at a time).
func StreamTexts(path string, m *rules.Matcher, fn func(texts []string)) error {
	return eachWindow(path, m, func(w *window) error {
		fn(w.regionTexts())
		return nil
	})
}

// block is a run of lines of a WebVTT file up to and including the blank
// lines after it: the header, a NOTE, a cue.
type block struct {
	data []byte
	// Found by parse: the words of its text (-1 until then), and
	// whether it holds a cue's text, whose first word is first.
	words  int
	first  string
	cue    bool
	header bool // the file's first block, its header: read only first
}

// window is a region of blocks to fix, with the blocks before and after
// it that the rules' contexts may look at.
type window struct {
	path                string
	before, region, aft []*block
	head                bool // the region opens the file (with its header)
	ep                  *transcript.Episode
	from, to            int // the region's segments in ep
}

func (w *window) regionTexts() []string {
	texts := make([]string, 0, w.to-w.from)
	for _, s := range w.ep.Segments[w.from:w.to] {
		texts = append(texts, s.Text)
	}
	return texts
}

// edits matches the window's texts and returns the region's edits, as
// indices of the region's texts.
func (w *window) edits(m *rules.Matcher, show string, named map[string]int) ([]rules.Edit, error) {
	texts := make([]string, len(w.ep.Segments))
	for i, s := range w.ep.Segments {
		texts[i] = s.Text
	}
	var out []rules.Edit
	for _, e := range m.MatchNamed(texts, show, named) {
		if e.Text < w.from || e.Text >= w.to {
			if e.Part > 0 && e.Text == w.to {
				return nil, fmt.Errorf("%s: a match runs over a window's end", w.path)
			}
			continue
		}
		e.Text -= w.from
		out = append(out, e)
	}
	return out, nil
}

// fixed returns the region's bytes with the edits made.
func (w *window) fixed(edits []rules.Edit) ([]byte, error) {
	var raw []byte
	for _, b := range w.region {
		raw = append(raw, b.data...)
	}
	if len(edits) == 0 {
		return raw, nil
	}
	in := raw
	if !w.head {
		in = append([]byte(vttHeader), raw...)
	}
	ep, err := transcript.ReadAs(w.path, in, transcript.VTT)
	if err != nil {
		return nil, fmt.Errorf("not fixed: %w", err)
	}
	if len(ep.Segments) != w.to-w.from {
		return nil, fmt.Errorf("%s: a window reads as %d cues alone, %d with its neighbours", w.path, len(ep.Segments), w.to-w.from)
	}
	same, err := transcript.Marshal(ep, transcript.VTT)
	if err != nil || !bytes.Equal(same, in) {
		return nil, fmt.Errorf("%s: cannot write the cues near line %d back as they were, so cannot fix it a window at a time", w.path, ep.Segments[0].Line)
	}
	texts := make([]string, len(ep.Segments))
	for i, s := range ep.Segments {
		texts[i] = s.Text
	}
	fixed := rules.Apply(texts, edits)
	changed := *ep
	changed.Segments = append([]transcript.Segment(nil), ep.Segments...)
	for i := range changed.Segments {
		changed.Segments[i].Text = fixed[i]
	}
	out, err := transcript.Marshal(&changed, transcript.VTT)
	if err != nil {
		return nil, err
	}
	back, _ := transcript.ReadAs(w.path, out, transcript.VTT)
	if back == nil || len(back.Segments) != len(fixed) {
		return nil, fmt.Errorf("%s: the edited cues would not read back as the same cues", w.path)
	}
	for i, s := range back.Segments {
		if s.Text != fixed[i] || s.Start != ep.Segments[i].Start {
			return nil, fmt.Errorf("%s: the edited cues near line %d would not read back as edited", w.path, ep.Segments[0].Line)
		}
	}
	if !w.head {
		if !bytes.HasPrefix(out, []byte(vttHeader)) {
			return nil, fmt.Errorf("%s: a window written anew lost its header", w.path)
		}
		out = out[len(vttHeader):]
	}
	return out, nil
}

// eachWindow reads a WebVTT file block by block and calls fn with each
// window, in order: regions of StreamWindow bytes or more, each ending
// just before a cue whose first word m leaves alone (or at the end).
func eachWindow(path string, m *rules.Matcher, fn func(*window) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	behind, ahead := m.Reach()
	behind, ahead = behind+1, ahead+1 // and the word glued by a slash
	var (
		pending []*block // read, not yet in a region
		before  []*block // the end of the last region
		eof     bool
		first   = true
		started bool // a block was read
	)
	next := func() (*block, error) {
		if len(pending) > 0 {
			b := pending[0]
			pending = pending[1:]
			return b, nil
		}
		if eof {
			return nil, io.EOF
		}
		b, err := readBlock(br, path)
		if err == io.EOF {
			eof = true
		}
		if b == nil {
			return nil, err
		}
		b.header = first && !started
		started = true
		return b, nil
	}
	// peek reads blocks ahead until they hold n words, or the file ends.
	peek := func(n int) error {
		words := 0
		for _, b := range pending {
			b.parse(path)
			words += b.words
		}
		for words < n && !eof {
			b, err := readBlock(br, path)
			if err == io.EOF {
				eof = true
			} else if err != nil {
				return err
			}
			if b != nil {
				b.parse(path)
				pending = append(pending, b)
				words += b.words
			}
		}
		return nil
	}
	for {
		var region []*block
		size := 0
		for {
			b, err := next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			if size >= StreamWindow {
				b.parse(path)
			}
			if size >= StreamWindow && b.cue && m.Inert(b.first) {
				pending = append([]*block{b}, pending...)
				break
			}
			region = append(region, b)
			size += len(b.data)
		}
		if len(region) == 0 {
			return nil
		}
		if err := peek(ahead); err != nil {
			return err
		}
		var aft []*block
		words := 0
		for _, b := range pending {
			if words >= ahead {
				break
			}
			aft = append(aft, b)
			words += b.words
		}
		w := &window{path: path, before: before, region: region, aft: aft, head: first}
		if err := w.read(); err != nil {
			return err
		}
		if err := fn(w); err != nil {
			return err
		}
		first = false
		// The blocks before the next region: the end of this one, as
		// many as hold behind words.
		before = nil
		words = 0
		for i := len(region) - 1; i >= 0 && words < behind && !region[i].header; i-- {
			region[i].parse(path)
			before = append([]*block{region[i]}, before...)
			words += region[i].words
		}
		if eof && len(pending) == 0 {
			return nil
		}
	}
}

// read parses the window's blocks.
func (w *window) read() error {
	var in []byte
	if !w.head {
		in = append(in, vttHeader...)
	}
	count := func(bs []*block, header bool) (int, error) {
		if len(bs) == 0 {
			return 0, nil
		}
		var b []byte
		if header {
			b = append(b, vttHeader...)
		}
		for _, x := range bs {
			b = append(b, x.data...)
		}
		ep, _ := transcript.ReadAs(w.path, b, transcript.VTT)
		if ep == nil {
			return 0, fmt.Errorf("%s: unreadable", w.path)
		}
		return len(ep.Segments), nil
	}
	if w.head && len(w.before) > 0 {
		return errors.New("a window before the first")
	}
	nb, err := count(w.before, true)
	if err != nil {
		return err
	}
	nr, err := count(w.region, !w.head)
	if err != nil {
		return err
	}
	for _, bs := range [][]*block{w.before, w.region, w.aft} {
		for _, x := range bs {
			in = append(in, x.data...)
		}
	}
	ep, err := transcript.ReadAs(w.path, in, transcript.VTT)
	if ep == nil || err != nil {
		return fmt.Errorf("not fixed: %w", err)
	}
	w.ep, w.from, w.to = ep, nb, nb+nr
	if w.to > len(ep.Segments) {
		return fmt.Errorf("%s: a window's cues read differently with their neighbours", w.path)
	}
	return nil
}

// readBlock reads the next block: lines up to a blank one, and the blank
// lines after it. It returns io.EOF with the last block.
func readBlock(br *bufio.Reader, path string) (*block, error) {
	var data []byte
	text := false
	var err error
	for {
		var line []byte
		line, err = br.ReadSlice('\n')
		for err == bufio.ErrBufferFull {
			data = append(data, line...)
			line, err = br.ReadSlice('\n')
		}
		blank := len(bytes.TrimSpace(line)) == 0
		if blank && text {
			// The blank lines after the block are its own.
			data = append(data, line...)
			for err == nil {
				nxt, perr := br.Peek(1)
				if perr != nil || (nxt[0] != '\n' && nxt[0] != '\r') {
					break
				}
				line, err = br.ReadSlice('\n')
				data = append(data, line...)
			}
			break
		}
		data = append(data, line...)
		if !blank {
			text = true
		}
		if err != nil {
			break
		}
	}
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) == 0 {
		return nil, err
	}
	return &block{data: data, words: -1}, err
}

// parse finds the block's words: how many, and the first of its text.
func (b *block) parse(path string) {
	if b.words >= 0 {
		return
	}
	b.words = 0
	ep, _ := transcript.ReadAs(path, append([]byte(vttHeader), b.data...), transcript.VTT)
	if ep == nil {
		return
	}
	for i, s := range ep.Segments {
		b.words += countWords(s.Text)
		if i == 0 {
			if a, z := rules.FirstWord(s.Text); a < z {
				b.first, b.cue = s.Text[a:z], true
			}
		}
	}
}

func countWords(s string) int {
	n := 0
	for i := 0; i < len(s); {
		a, z := rules.FirstWord(s[i:])
		if a >= z {
			break
		}
		n++
		i += z
	}
	return n
}

// Streamed fixes the files lib left unread for their size that Stream can
// fix (WebVTT), a window at a time, with the matcher of each (as
// LibraryWith takes it), and adds them to res: their changes, with the
// edits counted (not listed: res.Edits gets none of them), and their
// skips taken off. A file some copy of whose episode is left unread and
// cannot be streamed is left alone, so that the copies stay alike.
func Streamed(res *Result, files []StreamFile) {
	for _, f := range files {
		drop(res, f.Path)
		p, err := PlanStream(f.Path, f.Matcher, f.Show)
		if err != nil {
			res.Skipped = append(res.Skipped, Skip{f.Path, fmt.Errorf("not fixed: %w", err)})
			continue
		}
		if p.Edits == 0 {
			continue
		}
		if err := writable(f.Path); err != nil {
			res.Skipped = append(res.Skipped, Skip{f.Path, fmt.Errorf("%w (%d edits)", err, p.Edits)})
			continue
		}
		res.Changes = append(res.Changes, FileChange{Path: f.Path, Stream: p})
		res.Streamed += p.Edits
	}
}

// StreamFile is a file for Streamed, with its matcher and show.
type StreamFile struct {
	Path    string
	Matcher *rules.Matcher
	Show    string
}

// drop takes a file's skips off res.
func drop(res *Result, path string) {
	kept := res.Skipped[:0]
	for _, s := range res.Skipped {
		if s.Path != path {
			kept = append(kept, s)
		}
	}
	res.Skipped = kept
}

// StreamSpellings returns the show's spellings for a WebVTT file fixed a
// window at a time, as spelling.Set.Rules gives them for the texts of a
// file read whole: a rule for each variant find reports and no guard
// keeps (nor any run of the words of a guarded one), anywhere in the
// file. find (Set.Find) sees a window of texts at a time, so evidence
// that lifts the guard of an ordinary word counts within a window (of
// StreamWindow bytes or more): a variant may stay that the whole file's
// evidence would correct, never the other way round.
func StreamSpellings(path string, m *rules.Matcher, find func(texts []string) []spelling.Occurrence) ([]*rules.Rule, error) {
	canonical := map[string]string{}
	var order []string
	blocked := map[string]bool{}
	err := StreamTexts(path, m, func(texts []string) {
		for _, o := range find(texts) {
			if _, ok := canonical[o.Variant]; !ok {
				canonical[o.Variant] = o.Canonical
				order = append(order, o.Variant)
			}
			if o.Why == "" {
				continue
			}
			ws := strings.Fields(o.Variant)
			for i := range ws {
				for j := i + 1; j <= len(ws); j++ {
					blocked[strings.Join(ws[i:j], " ")] = true
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	var out []*rules.Rule
	for _, v := range order {
		if !blocked[v] {
			out = append(out, &rules.Rule{Wrong: v, Right: canonical[v], Case: true, Comment: "spelling", Source: "spellings"})
		}
	}
	rules.Sort(out)
	return out, nil
}
