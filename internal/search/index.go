// Package search owns emend's full-text index of a library: building it
// from transcript files (again only for the files that changed), keeping
// it in one compact file, and answering queries over it — words, phrases,
// OR, exclusions, prefixes, filters, typo tolerance and sounds-like
// expansion — with BM25 ranking, results grouped by episode, highlighted
// snippets and deep links to the second. It also counts how often a term
// was said over time (trends).
//
// The index is an in-memory inverted index of folded words to the
// segments that hold them, with word positions for phrases. Each episode
// is indexed from one copy, so that a .txt, a .vtt and a YouTube copy of
// one episode do not triple its hits (see choose).
package search

import (
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/rules"
)

// Show is one show of an index, with its deep-link templates.
type Show struct {
	Name                 string
	EpisodeURL, AudioURL string
}

// Episode is one indexed episode.
type Episode struct {
	ID     string // "show-slug:number", or "show-slug:file-stem" without a number
	Show   int    // index into Index.Shows
	Number int    // -1 when unknown
	Slug   string
	Title  string
	// File is the transcript the episode was indexed from.
	File string
	// Date is when the episode was published, as well as emend can tell;
	// DateSource says where it came from: "metadata", "said" (the
	// recording date said in its first lines), "git" or "mtime".
	Date       time.Time
	DateSource string
	// Segments of the episode are Index segments [First, First+Count).
	First, Count int
}

// Index is a loaded search index.
type Index struct {
	Shows    []Show
	Episodes []*Episode
	files    []*fileRec

	// Segments, by id.
	segEp      []uint32
	segStart   []int64 // milliseconds, -1 when unknown
	segText    []string
	segSpeaker []uint32 // index into speakers; 0 is "no speaker"
	segLen     []uint32 // words
	speakers   []string
	avgLen     float64

	// The dictionary: sorted folded terms and their postings.
	terms []string
	ids   map[string]uint32
	post  []postings

	lazy     sync.Once
	byFirst  map[byte][]uint32   // term ids by first byte, for typo tolerance
	masks    []uint64            // the letters and digits each term holds, as bits
	byKey    map[string][]uint32 // term ids by phonetic key
	keyFirst map[byte][]string   // keys by first byte, for near keys
}

// postings lists the segments that hold a term, and the word positions
// of the term in each: segment segs[i] has positions pos[off[i]:off[i+1]].
type postings struct {
	segs []uint32
	off  []uint32
	pos  []uint32
}

func (p *postings) tf(i int) int { return int(p.off[i+1] - p.off[i]) }

// Stats sums up an index.
type Stats struct {
	Shows, Episodes, Files, Segments, Terms int
	Words                                   int64
}

// Stats returns the index's size.
func (ix *Index) Stats() Stats {
	s := Stats{Shows: len(ix.Shows), Episodes: len(ix.Episodes), Files: len(ix.files), Segments: len(ix.segText), Terms: len(ix.terms)}
	for _, n := range ix.segLen {
		s.Words += int64(n)
	}
	return s
}

// Episode returns the episode with an id, or nil.
func (ix *Index) Episode(id string) *Episode {
	for _, e := range ix.Episodes {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// Segment is one segment of an episode, as the API shows it.
type Segment struct {
	Start   float64 `json:"start"` // seconds, -1 when unknown
	Speaker string  `json:"speaker,omitempty"`
	Text    string  `json:"text"`
	URL     string  `json:"url,omitempty"`
}

// Segments returns an episode's segments with their deep links.
func (ix *Index) Segments(e *Episode) []Segment {
	out := make([]Segment, e.Count)
	for i := range out {
		s := e.First + i
		out[i] = Segment{Start: seconds(ix.segStart[s]), Speaker: ix.speakers[ix.segSpeaker[s]], Text: ix.segText[s],
			URL: ix.link(e, ix.Shows[e.Show].EpisodeURL, ix.segStart[s])}
	}
	return out
}

func seconds(ms int64) float64 {
	if ms < 0 {
		return -1
	}
	return float64(ms) / 1000
}

// tokens calls fn with each folded word of a text and its position. A
// word joined with hyphens, periods or underscores ("scikit-learn",
// "node.js") is indexed whole and also by its parts, at the same
// position, so that either finds it.
func tokens(text string, buf []byte, fn func(term []byte, pos int)) []byte {
	pos := 0
	for _, b := range rules.WordBounds(text) {
		w := text[b[0]:b[1]]
		buf = fold(buf[:0], w)
		fn(buf, pos)
		if strings.ContainsAny(w, "-._") {
			whole := len(buf)
			joinedParts(buf, func(start, end int) {
				fn(append(buf[whole:whole], buf[start:end]...), pos)
			})
		}
		pos++
	}
	return buf
}

// joinedParts calls fn with the bounds of each part of a word joined with
// hyphens, periods or underscores: "scikit-learn" has the parts "scikit"
// and "learn"; a word not joined has none. The index and the snippets'
// highlights both split words by it, so that they agree.
func joinedParts[S string | []byte](w S, fn func(start, end int)) {
	start := 0
	for i := 0; i <= len(w); i++ {
		if i == len(w) || w[i] == '-' || w[i] == '.' || w[i] == '_' {
			if i > start && (start > 0 || i < len(w)) {
				fn(start, i)
			}
			start = i + 1
		}
	}
}

// fold appends a word's folded form, as rules.Fold makes it. The ASCII
// loop is a deliberate copy of rules' own fast path: it runs for every
// word indexed and every word of a snippet, and rules.Fold would allocate
// a string each time. From the first non-ASCII byte on, rules.Fold does
// the folding, so the rule (lower case, typographic apostrophe made
// plain) lives in one place.
func fold(b []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return append(b, rules.Fold(w[i:])...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// slugify makes a show name into the part of an episode id: lower case
// letters and digits joined by hyphens.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "show"
	}
	return b.String()
}

// AudioLink returns the episode's audio deep link at a time in
// milliseconds (from the show's audio_url template), or "" when the show
// has no audio template.
func (ix *Index) AudioLink(e *Episode, ms int64) string {
	return ix.link(e, ix.Shows[e.Show].AudioURL, ms)
}

// SegmentStart returns the start of segment i of an episode in
// milliseconds, -1 when unknown.
func (ix *Index) SegmentStart(e *Episode, i int) int64 { return ix.segStart[e.First+i] }
