// Package publish owns what emend publishes for podcast apps: for an
// episode, its transcript in every format the Podcasting 2.0
// <podcast:transcript> tag names (WebVTT, SRT, JSON, HTML and text), with
// cues re-flowed to each format's line rules without changing a word; the
// choice of the copy of an episode to publish from; the manifest of what
// was published; and the writing of a run's files into the output
// directory, all of them or none, rewriting only what changed.
package publish

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/transcript"
)

// Kind is one published format.
type Kind struct {
	Ext    string            // the file name's extension, with its dot
	Type   string            // the MIME type the <podcast:transcript> tag gives
	Format transcript.Format // what writes it
	Rules  LineRules         // its line rules
	// Timed is set for the formats that need times: an episode whose
	// source has none is not published in them.
	Timed bool
}

// Kinds lists the published formats, in the order of the manifest. The
// types are those the Podcasting 2.0 spec names (SRT is
// application/x-subrip, not the application/srt some feeds give).
var Kinds = []Kind{
	{Ext: ".vtt", Type: "text/vtt", Format: transcript.VTT, Rules: VTTRules, Timed: true},
	{Ext: ".srt", Type: "application/x-subrip", Format: transcript.SRT, Rules: SRTRules, Timed: true},
	{Ext: ".json", Type: "application/json", Format: transcript.JSON, Rules: Paragraphs, Timed: true},
	{Ext: ".html", Type: "text/html", Format: transcript.HTML, Rules: Paragraphs},
	{Ext: ".txt", Type: "text/plain", Format: transcript.TimedText, Rules: Paragraphs},
}

// KindOf returns the kind of a file name's extension.
func KindOf(name string) (Kind, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	for _, k := range Kinds {
		if k.Ext == ext {
			return k, true
		}
	}
	return Kind{}, false
}

// File is one file published for an episode.
type File struct {
	Name string // base name: the episode's name and the kind's extension
	Kind Kind
	Data []byte
}

// Timed reports whether an episode has times to publish: a segment with a
// known start.
func Timed(ep *transcript.Episode) bool {
	for _, s := range ep.Segments {
		if s.Start.Known() {
			return true
		}
	}
	return false
}

// Episode returns the files published for an episode, named name plus
// each kind's extension: every kind for a timed episode; for one without
// times, HTML (without <time>s) and untimed text only, as WebVTT, SRT and
// JSON would need times made up; none for an episode without a word.
// Segments without words are left out;
// changes of speaker inside a WebVTT cue (ep.Turns) start new cues.
func Episode(ep *transcript.Episode, name string) ([]File, error) {
	if !hasWords(ep) {
		return nil, nil
	}
	timed := Timed(ep)
	segs := ep.Segments
	if timed {
		segs = Filled(segs)
	}
	var out []File
	for _, k := range Kinds {
		if k.Timed && !timed {
			continue
		}
		data, err := Marshal(ep, segs, k, timed)
		if err != nil {
			return nil, fmt.Errorf("publish %s%s: %w", name, k.Ext, err)
		}
		out = append(out, File{Name: name + k.Ext, Kind: k, Data: data})
	}
	return out, nil
}

// hasWords reports whether an episode has a word to publish.
func hasWords(ep *transcript.Episode) bool {
	for _, s := range ep.Segments {
		if strings.TrimFunc(s.Text, isSpace) != "" {
			return true
		}
	}
	return false
}

// Marshal writes one kind of an episode whose segments, times filled
// when timed, are segs.
func Marshal(ep *transcript.Episode, segs []transcript.Segment, k Kind, timed bool) ([]byte, error) {
	cues := Reflow(segs, ep.Turns, k.Rules)
	w := transcript.NewEpisode()
	w.Show, w.Number, w.Slug, w.Title, w.Date = ep.Show, ep.Number, ep.Slug, ep.Title, ep.Date
	w.Segments = cues
	f := k.Format
	if !timed {
		for i := range w.Segments {
			w.Segments[i].Start, w.Segments[i].End = transcript.NoTime, transcript.NoTime
		}
		if f == transcript.TimedText {
			f = transcript.Text
		}
	}
	return transcript.Marshal(w, f)
}

// Best returns the file of an episode to publish from, or nil when none
// was read: of its copies, the one whose best file ranks highest (see
// rank), and of equal ones the copy of more files (a .txt and .vtt pair
// is the transcript a show keeps, a lone file an automatic copy), then
// the first. Within a copy, the file read without problems, with the
// most precise times: start and end (WebVTT, SRT, JSON) before start
// alone (.txt) before none.
func Best(ep *library.Episode) *library.File {
	var best *library.File
	bestCopy := 0
	for _, c := range ep.Copies {
		for _, f := range c.Files {
			if f.Episode == nil {
				continue
			}
			if best == nil || rank(f) > rank(best) || rank(f) == rank(best) && len(c.Files) > bestCopy {
				best, bestCopy = f, len(c.Files)
			}
		}
	}
	return best
}

// rank orders the files an episode may be published from: read without
// problems first, then by the precision of their times.
func rank(f *library.File) int {
	r := 0
	if f.Err == nil {
		r += 100
	}
	if Timed(f.Episode) {
		r += 10
	}
	switch f.Episode.Format {
	case transcript.VTT:
		r += 5
	case transcript.SRT, transcript.JSON, transcript.AssemblyAI:
		r += 4
	case transcript.TimedText, transcript.Stamped:
		r += 3
	case transcript.Captions, transcript.WebPage:
		r += 2
	case transcript.HTML:
		r++
	}
	return r
}
