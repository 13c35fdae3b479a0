package feed

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/emend-project/emend/internal/transcript"
)

// Finding is one thing in a feed that podcast apps trip on.
type Finding struct {
	Line, Column int
	// Kind names the fault: "syntax", "namespace", "type", "url",
	// "missing", "content", "untagged".
	Kind string
	Msg  string
}

func (f Finding) String() string { return fmt.Sprintf("%d:%d: %s", f.Line, f.Column, f.Msg) }

// Check reports what podcast apps trip on in a feed's transcript tags: a
// feed that is no well-formed XML, a missing or wrong namespace, a tag
// without a url or type, an unknown type (application/srt, text/srt), a
// relative URL. With a directory of published transcripts (dir not nil) it
// also reports a tag whose file is not there, a file whose content is not
// of its tag's type, and an item with no tag whose episode has files
// there. The findings are in the order of the feed.
func Check(data []byte, dir *Dir) []Finding {
	d, err := parse(data)
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			return []Finding{{pe.Line, pe.Column, "syntax", pe.Msg}}
		}
		return []Finding{{1, 1, "syntax", err.Error()}}
	}
	var out []Finding
	at := func(offset int, kind, format string, args ...any) {
		l, c := d.lines.pos(offset)
		out = append(out, Finding{l, c, kind, fmt.Sprintf(format, args...)})
	}
	_, declared := d.podcastPrefix()
	undeclared := false
	sniffed := map[string]transcript.Format{}
	for _, it := range d.items {
		for _, t := range it.transcripts {
			switch {
			case isPodcastNS(t.space):
			case t.space == t.prefix:
				if !undeclared && !declared {
					at(d.root.Start, "namespace", "the podcast namespace is not declared: add xmlns:%s=%q to <rss> (or run emend feed add)", t.prefix, Namespace)
				}
				undeclared = true
				at(t.Start, "namespace", "<%s:transcript>: the prefix %q is not declared, apps ignore the tag", t.prefix, t.prefix)
			default:
				at(t.Start, "namespace", "<%s:transcript> is in namespace %q, not the Podcasting 2.0 namespace %q", t.prefix, t.space, Namespace)
			}
			url, hasURL := t.attrs["url"]
			typ, hasType := t.attrs["type"]
			if !hasURL || strings.TrimSpace(url) == "" {
				at(t.Start, "url", "transcript tag without a url")
			}
			var known Type
			okType := false
			if !hasType || strings.TrimSpace(typ) == "" {
				at(t.Start, "type", "transcript tag without a type (one of %s)", typeList())
			} else if known, okType = typeOf(typ); !okType {
				msg := fmt.Sprintf("unknown transcript type %q: apps know %s", typ, typeList())
				if m := typeAliases[strings.ToLower(strings.TrimSpace(typ))]; m != "" {
					msg = fmt.Sprintf("unknown transcript type %q: write %q", typ, m)
				}
				at(t.attrAt["type"], "type", "%s", msg)
			}
			if !hasURL || strings.TrimSpace(url) == "" {
				continue
			}
			if !strings.Contains(url, "://") {
				at(t.attrAt["url"], "url", "relative URL %q: apps resolve no URL against the feed's, write it whole (https://...)", url)
			} else if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(url)), "http://") && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(url)), "https://") {
				at(t.attrAt["url"], "url", "URL %q is neither http nor https", url)
			}
			if dir == nil {
				continue
			}
			rel, ok := dir.locate(url)
			if !ok {
				at(t.attrAt["url"], "missing", "transcript %q is not in %s", url, dir.Root)
				continue
			}
			if !okType {
				continue
			}
			f, seen := sniffed[rel]
			if !seen {
				f = sniff(filepath.Join(dir.Root, filepath.FromSlash(rel)))
				sniffed[rel] = f
			}
			if !typeHolds(known, f) {
				what := "unreadable"
				if f != "" {
					what = f.Describe()
				}
				at(t.attrAt["type"], "content", "%s holds %s, not what type %q says", rel, what, typ)
			}
		}
		if dir != nil && len(it.transcripts) == 0 {
			if m, _ := dir.match(it); m.Episode != nil && len(m.Episode.Files) > 0 {
				at(it.Start, "untagged", "item %q has no transcript tag, and %s has %d file(s) of its episode (emend feed add)", it.title, dir.Root, len(m.Episode.Files))
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Column < out[j].Column
	})
	return out
}

// sniffWindow is how much of a file is read to tell its format.
const sniffWindow = 64 << 10

// sniff returns the format of a file's content, or "" when it is none.
func sniff(path string) transcript.Format {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	buf := make([]byte, sniffWindow)
	n, _ := io.ReadFull(f, buf)
	got, err := transcript.Detect(buf[:n])
	if err != nil {
		return ""
	}
	return got
}

func typeHolds(t Type, f transcript.Format) bool {
	for _, g := range t.Formats {
		if g == f {
			return true
		}
	}
	return false
}

func typeList() string {
	var s []string
	for _, t := range Types {
		s = append(s, t.MIME)
	}
	return strings.Join(s, ", ")
}
