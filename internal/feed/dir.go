package feed

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/transcript"
)

// Type is a transcript MIME type podcast apps know, with the file name
// ending emend publishes it under.
type Type struct {
	Ext, MIME string
	// Captions is true for the timed formats apps show as captions
	// (rel="captions").
	Captions bool
	// Formats are the formats emend may read in a file of this type.
	Formats []transcript.Format
}

// Types are the transcript types of the Podcasting 2.0 namespace, in the
// order their tags are written: WebVTT first, the format apps prefer.
var Types = []Type{
	{".vtt", "text/vtt", true, []transcript.Format{transcript.VTT}},
	{".srt", "application/x-subrip", true, []transcript.Format{transcript.SRT}},
	{".json", "application/json", false, []transcript.Format{transcript.JSON}},
	{".html", "text/html", false, []transcript.Format{transcript.HTML}},
	{".txt", "text/plain", false, []transcript.Format{transcript.TimedText, transcript.Text, transcript.Captions, transcript.Stamped, transcript.WebPage}},
}

// typeAliases are the types feeds write that no app knows, with the type
// they mean.
var typeAliases = map[string]string{
	"application/srt":   "application/x-subrip",
	"text/srt":          "application/x-subrip",
	"application/x-srt": "application/x-subrip",
	"text/x-srt":        "application/x-subrip",
	"text/subrip":       "application/x-subrip",
	"application/vtt":   "text/vtt",
	"text/webvtt":       "text/vtt",
	"application/x-vtt": "text/vtt",
	"text/json":         "application/json",
	"application/html":  "text/html",
	"text/txt":          "text/plain",
}

// typeOf returns the known type of a MIME type, and whether it is one.
func typeOf(mime string) (Type, bool) {
	m := strings.ToLower(strings.TrimSpace(mime))
	if i := strings.IndexByte(m, ';'); i >= 0 { // "text/vtt; charset=utf-8"
		m = strings.TrimSpace(m[:i])
	}
	for _, t := range Types {
		if t.MIME == m {
			return t, true
		}
	}
	return Type{}, false
}

// typeByExt returns the type of a file name ending.
func typeByExt(ext string) (Type, bool) {
	ext = strings.ToLower(ext)
	if ext == ".htm" {
		ext = ".html"
	}
	for _, t := range Types {
		if t.Ext == ext {
			return t, true
		}
	}
	return Type{}, false
}

// File is one published transcript file.
type File struct {
	// Rel is its path in the directory, slash-separated.
	Rel  string
	Type Type
}

// Episode is the published files of one episode: those that share a
// path without their extension.
type Episode struct {
	Stem   string // slash-separated path without the extension
	Number int    // -1 when its name has none
	Slug   string
	Files  []File // in the order of Types
}

// Dir is a directory of published transcripts.
type Dir struct {
	Root     string
	Episodes []*Episode
	files    map[string]bool // by Rel
	byNumber map[int][]*Episode
	byStem   map[string]*Episode // by lower-case base name of the stem
}

// ManifestName is the file a publishing step may leave in the directory;
// when it is there, the transcript files it names are read too.
const ManifestName = "manifest.json"

// ReadDir finds the transcript files under a directory (see
// library.Find) and groups them by episode. A manifest.json there is read
// loosely: every file it names with a transcript extension counts.
func ReadDir(root string) (*Dir, error) {
	found, err := library.Find(root)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", root, err)
	}
	d := &Dir{Root: root, files: map[string]bool{}, byNumber: map[int][]*Episode{}, byStem: map[string]*Episode{}}
	rels := map[string]bool{}
	for _, p := range found {
		rel, err := filepath.Rel(root, p)
		if err != nil {
			continue
		}
		rel = filepath.ToSlash(rel)
		if rel == ManifestName {
			continue
		}
		rels[rel] = true
	}
	if data, err := os.ReadFile(filepath.Join(root, ManifestName)); err == nil {
		for _, rel := range manifestFiles(data) {
			if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel))); err == nil && fi.Mode().IsRegular() {
				rels[rel] = true
			}
		}
	}
	stems := map[string]*Episode{}
	for rel := range rels {
		t, ok := typeByExt(path.Ext(rel))
		if !ok {
			continue
		}
		d.files[rel] = true
		stem := strings.TrimSuffix(rel, path.Ext(rel))
		ep := stems[stem]
		if ep == nil {
			num, slug := transcript.ParseName(rel)
			ep = &Episode{Stem: stem, Number: num, Slug: slug}
			stems[stem] = ep
			d.Episodes = append(d.Episodes, ep)
		}
		ep.Files = append(ep.Files, File{rel, t})
	}
	sort.Slice(d.Episodes, func(i, j int) bool { return d.Episodes[i].Stem < d.Episodes[j].Stem })
	for _, ep := range d.Episodes {
		sort.Slice(ep.Files, func(i, j int) bool { return typeRank(ep.Files[i].Type) < typeRank(ep.Files[j].Type) })
		if ep.Number >= 0 {
			d.byNumber[ep.Number] = append(d.byNumber[ep.Number], ep)
		}
		d.byStem[strings.ToLower(path.Base(ep.Stem))] = ep
	}
	return d, nil
}

func typeRank(t Type) int {
	for i, u := range Types {
		if u.MIME == t.MIME {
			return i
		}
	}
	return len(Types)
}

// manifestFiles returns the strings of a JSON document that look like
// the relative paths of transcript files: whatever the manifest's shape.
func manifestFiles(data []byte) []string {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case string:
			p := path.Clean(filepath.ToSlash(x))
			if _, ok := typeByExt(path.Ext(p)); ok && !path.IsAbs(p) && !strings.HasPrefix(p, "../") && p != ".." && !strings.Contains(x, "://") {
				out = append(out, p)
			}
		}
	}
	walk(v)
	return out
}

// Has reports whether the directory holds a file, by its slash-separated
// path.
func (d *Dir) Has(rel string) bool { return d.files[rel] }

// locate returns the file of the directory a transcript URL points to:
// the longest tail of the URL's path that names a file there.
func (d *Dir) locate(url string) (string, bool) {
	p := url
	if i := strings.Index(p, "://"); i >= 0 {
		p = p[i+3:]
		if j := strings.IndexByte(p, '/'); j >= 0 {
			p = p[j:]
		} else {
			p = ""
		}
	}
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for i := range segs {
		if s, err := unescapePath(segs[i]); err == nil {
			segs[i] = s
		}
	}
	for k := 0; k < len(segs); k++ {
		rel := strings.Join(segs[k:], "/")
		if d.files[rel] {
			return rel, true
		}
	}
	return "", false
}

// Match is how an item was matched to an episode.
type Match struct {
	Episode *Episode
	// By says what matched: "guid", "enclosure", "itunes:episode",
	// "podcast:episode", "title number", "enclosure number", "title".
	By string
}

var (
	titleNumber = regexp.MustCompile(`(?i)(?:#|\bepisode\s+|\bep\.?\s*)(\d{1,6})\b`)
	leadNumber  = regexp.MustCompile(`^\s*(\d{1,6})\s*[:.\-–—|]`)
)

// match finds the episode of an item, or says why there is none.
func (d *Dir) match(it *item) (Match, string) {
	// The GUID or the enclosure's file name is the file's own name.
	for _, c := range []struct{ v, by string }{{it.guid, "guid"}, {it.enclosure, "enclosure"}} {
		if b := baseStem(c.v); b != "" {
			if ep := d.byStem[strings.ToLower(b)]; ep != nil {
				return Match{ep, c.by}, ""
			}
		}
	}
	var why []string
	byNum := func(n int, by string) (Match, bool) {
		eps := d.byNumber[n]
		switch len(eps) {
		case 0:
			why = append(why, fmt.Sprintf("%s %d: no episode %d in the directory", by, n, n))
			return Match{}, false
		case 1:
			return Match{eps[0], by}, true
		}
		if ep := bySlug(eps, it.title); ep != nil {
			return Match{ep, by}, true
		}
		why = append(why, fmt.Sprintf("%s %d: %d episodes of that number", by, n, len(eps)))
		return Match{}, false
	}
	for _, c := range []struct{ v, by string }{{it.episode, "itunes:episode"}, {it.p20episode, "podcast:episode"}} {
		if n, err := strconv.Atoi(strings.TrimSpace(c.v)); err == nil && n >= 0 {
			if m, ok := byNum(n, c.by); ok {
				return m, ""
			}
		}
	}
	if m := titleNumber.FindStringSubmatch(it.title); m != nil {
		n, _ := strconv.Atoi(m[1])
		if m, ok := byNum(n, "title number"); ok {
			return m, ""
		}
	} else if m := leadNumber.FindStringSubmatch(it.title); m != nil {
		n, _ := strconv.Atoi(m[1])
		if m, ok := byNum(n, "title number"); ok {
			return m, ""
		}
	}
	if b := baseStem(it.enclosure); b != "" {
		if n, _ := transcript.ParseName(b); n >= 0 {
			if m, ok := byNum(n, "enclosure number"); ok {
				return m, ""
			}
		}
	}
	if ep := bySlug(d.Episodes, it.title); ep != nil {
		return Match{ep, "title"}, ""
	}
	if len(why) == 0 {
		why = append(why, "no episode number, GUID, enclosure or title matches a file")
	}
	return Match{}, strings.Join(why, "; ")
}

// minSlugWords is how many words a title must share with a file name to
// match it by title alone.
const minSlugWords = 3

// bySlug returns the one episode whose file name's words start with the
// title's words (or the reverse), when the title has enough of them.
func bySlug(eps []*Episode, title string) *Episode {
	tw := words(title)
	if len(tw) < minSlugWords {
		return nil
	}
	var found *Episode
	for _, ep := range eps {
		sw := words(ep.Slug)
		if len(sw) < minSlugWords {
			continue
		}
		if hasPrefix(sw, tw) || hasPrefix(tw, sw) {
			if found != nil {
				return nil // ambiguous
			}
			found = ep
		}
	}
	return found
}

func hasPrefix(a, b []string) bool {
	if len(b) > len(a) {
		return false
	}
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// words returns the lower-case words of a title or file name, letters
// and digits only.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
}

// baseStem returns the file name of a URL or GUID without its extension,
// or "" when it has none.
func baseStem(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimRight(s, "/")
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	if u, err := unescapePath(s); err == nil {
		s = u
	}
	if ext := path.Ext(s); ext != "" && len(ext) <= 5 {
		s = strings.TrimSuffix(s, ext)
	}
	return s
}
