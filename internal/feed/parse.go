// Package feed owns what emend does to a podcast's RSS feed: it finds the
// feed's items and their Podcasting 2.0 <podcast:transcript> tags by byte
// offset, matches the items to the episodes of a directory of published
// transcripts, adds or updates their transcript tags without touching any
// other byte (Add), and reports what podcast apps trip on (Check).
//
// The feed is read with encoding/xml's Decoder for its structure only:
// each token's place is its Decoder.InputOffset, and the output is the
// input with a few byte ranges replaced or inserted, never a
// re-serialisation. Comments, CDATA, entities, odd white space, CRLF line
// ends, a byte-order mark and other namespaces' prefixes therefore come
// out as they went in.
package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Namespace is the Podcasting 2.0 namespace.
const Namespace = "https://podcastindex.org/namespace/1.0"

// legacyNamespace is the address the namespace was first published under;
// many feeds still declare it and the apps accept it.
const legacyNamespace = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"

const itunesNamespace = "http://www.itunes.com/dtds/podcast-1.0.dtd"

// MaxFeedSize is the largest feed emend reads: the largest public feeds
// (a thousand episodes with full show notes) are under 20 MB.
const MaxFeedSize = 64 << 20

func isPodcastNS(s string) bool {
	s = strings.TrimSuffix(strings.TrimSpace(s), "/")
	return strings.EqualFold(s, Namespace) || strings.EqualFold(s, legacyNamespace)
}

// span is a byte range of the feed, [Start, End).
type span struct{ Start, End int }

// tag is a transcript element found in an item.
type tag struct {
	span
	// prefix is the element's prefix as written ("podcast").
	prefix string
	// space is the namespace the prefix stands for, or the prefix itself
	// when it is not declared.
	space string
	attrs map[string]string
	// attrAt holds where each attribute's value starts, for messages.
	attrAt map[string]int
}

// item is one <item> of the channel.
type item struct {
	span
	title, guid, enclosure, episode string
	// p20episode is the number of a <podcast:episode> tag.
	p20episode  string
	transcripts []*tag
	// anchor is the end of the last child element (the last transcript
	// tag when there is one), where new tags go; indent is the white space
	// before that element, written before each new tag.
	anchor int
	indent string
	// childEnd and childIndent are the end of the last child element and
	// the white space before it; tagIndent the white space before the last
	// transcript tag.
	childEnd               int
	childIndent, tagIndent string
	indentNext             string // the white space before the child being read
}

// doc is a parsed feed.
type doc struct {
	data []byte
	// root is the <rss> start tag.
	root span
	// prefixes maps the namespace prefixes declared on <rss> and
	// <channel> to their namespaces.
	prefixes map[string]string
	language string
	items    []*item
	lines    lineIndex
}

// ParseError is a feed that is no well-formed XML, with its place.
type ParseError struct {
	Line, Column int
	Msg          string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg) }

// parse reads a feed's structure.
func parse(data []byte) (*doc, error) {
	if len(data) > MaxFeedSize {
		return nil, fmt.Errorf("feed of %d MB, above emend's limit of %d MB", len(data)>>20, MaxFeedSize>>20)
	}
	d := &doc{data: data, prefixes: map[string]string{}, lines: newLineIndex(data)}
	if !utf8.Valid(data) {
		i := firstInvalid(data)
		l, c := d.lines.pos(i)
		return nil, &ParseError{l, c, "invalid UTF-8: emend edits UTF-8 feeds only"}
	}
	dec := newDecoder(data)
	var stack []string // local names of the open elements
	var cur *item
	var text *strings.Builder // the text of the item child being read
	var field *string
	var lastWS span // the last white-space-only character data
	rootSeen := false
	for {
		start := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, d.syntaxError(err, start)
		}
		end := int(dec.InputOffset())
		switch t := tok.(type) {
		case xml.StartElement:
			depth := len(stack)
			stack = append(stack, t.Name.Local)
			switch {
			case depth == 0:
				if t.Name.Local != "rss" {
					return nil, d.errorAt(start, fmt.Sprintf("the root element is <%s>, not <rss>: emend edits RSS feeds", t.Name.Local))
				}
				rootSeen = true
				d.root = span{start, end}
				d.declare(t)
			case depth == 1 && t.Name.Local == "channel":
				d.declare(t)
			case depth == 2 && t.Name.Local == "item" && t.Name.Space == "":
				cur = &item{span: span{Start: start}, childEnd: end}
				d.items = append(d.items, cur)
			case depth == 3 && cur != nil:
				cur.indentNext = ""
				if lastWS.End == start {
					cur.indentNext = string(data[lastWS.Start:lastWS.End])
				}
				switch {
				case t.Name.Local == "title" && t.Name.Space == "":
					field = &cur.title
				case t.Name.Local == "guid" && t.Name.Space == "":
					field = &cur.guid
				case t.Name.Local == "episode" && (t.Name.Space == itunesNamespace || t.Name.Space == "itunes"):
					field = &cur.episode
				case t.Name.Local == "episode" && isPodcastNS(t.Name.Space):
					field = &cur.p20episode
				case t.Name.Local == "enclosure" && t.Name.Space == "":
					cur.enclosure = attr(t, "url")
				case t.Name.Local == "transcript" && t.Name.Space != "":
					tg := &tag{span: span{Start: start}, prefix: rawPrefix(data[start:end]), space: t.Name.Space,
						attrs: map[string]string{}, attrAt: map[string]int{}}
					for _, a := range t.Attr {
						if a.Name.Space == "" {
							tg.attrs[a.Name.Local] = a.Value
						}
					}
					for name := range tg.attrs {
						tg.attrAt[name] = start + attrOffset(data[start:end], name)
					}
					cur.transcripts = append(cur.transcripts, tg)
					cur.tagIndent = cur.indentNext
				}
				if field != nil {
					text = &strings.Builder{}
				}
			case depth == 2 && t.Name.Local == "language" && t.Name.Space == "":
				field, text = &d.language, &strings.Builder{}
			}
		case xml.EndElement:
			depth := len(stack) - 1
			stack = stack[:depth]
			switch {
			case depth == 2 && cur != nil && t.Name.Local == "item":
				cur.End = end
				cur = nil
			case depth == 3 && cur != nil:
				if n := len(cur.transcripts); n > 0 && cur.transcripts[n-1].End == 0 {
					cur.transcripts[n-1].End = end
				}
				cur.childEnd, cur.childIndent = end, cur.indentNext
			}
			if field != nil && depth <= 3 {
				*field = strings.TrimSpace(text.String())
				field, text = nil, nil
			}
		case xml.CharData:
			if text != nil {
				text.Write(t)
			}
			if len(bytes.TrimSpace(t)) == 0 && !bytes.HasPrefix(data[start:end], []byte("<![CDATA[")) {
				lastWS = span{start, end}
			}
		}
	}
	if !rootSeen {
		return nil, d.errorAt(0, "no <rss> element")
	}
	for _, it := range d.items {
		it.settle()
	}
	return d, nil
}

// newDecoder returns the decoder a feed is read with: HTML's entities
// (&nbsp; and the like, which feeds use without a DTD) are known, and only
// UTF-8, or ASCII, is taken.
func newDecoder(data []byte) *xml.Decoder {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(charset string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return r, nil
		}
		return nil, fmt.Errorf("encoding %q: emend edits UTF-8 feeds only", charset)
	}
	return dec
}

// settle picks where an item's new tags go: after its last transcript
// tag, with that tag's indentation, or else after its last child.
func (it *item) settle() {
	it.anchor, it.indent = it.childEnd, it.childIndent
	if n := len(it.transcripts); n > 0 {
		it.anchor, it.indent = it.transcripts[n-1].End, it.tagIndent
	}
}

// declare records the namespace declarations of a start tag.
func (d *doc) declare(t xml.StartElement) {
	for _, a := range t.Attr {
		if a.Name.Space == "xmlns" {
			d.prefixes[a.Name.Local] = a.Value
		}
	}
}

// podcastPrefix returns the prefix the feed declares for the Podcasting
// 2.0 namespace, and whether it declares one.
func (d *doc) podcastPrefix() (string, bool) {
	best := ""
	for p, ns := range d.prefixes {
		if isPodcastNS(ns) && validPrefix(p) && (best == "" || p == "podcast" || (best != "podcast" && p < best)) {
			best = p
		}
	}
	return best, best != ""
}

// validPrefix reports whether a declared prefix is an XML name without a
// colon (a letter or "_", then letters, digits, "-", "." or "_"): tags
// written with another ("xmlns:00", which Go's decoder lets through) would
// make the feed no XML.
func validPrefix(p string) bool {
	for i, r := range p {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case i > 0 && (r == '-' || r == '.' || unicode.IsDigit(r)):
		default:
			return false
		}
	}
	return p != ""
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// rawPrefix returns the prefix of a start tag's name as written.
func rawPrefix(tag []byte) string {
	name := tag[1:]
	if i := bytes.IndexAny(name, " \t\r\n/>"); i >= 0 {
		name = name[:i]
	}
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		return string(name[:i])
	}
	return ""
}

// attrOffset returns where the value of an attribute starts in a start
// tag, or 0 when it is not found.
func attrOffset(tag []byte, name string) int {
	for _, a := range scanAttrs(tag) {
		if a.name == name {
			return a.value
		}
	}
	return 0
}

// rawAttr is an attribute as written in a start tag.
type rawAttr struct {
	name string
	// space is the white space before the name; at, where the name
	// starts; value, where the value starts (after the quote); end, after
	// the closing quote.
	space      string
	at, value  int
	valueEnd   int
	afterValue int
}

// scanAttrs reads the attributes of a well-formed start tag.
func scanAttrs(tag []byte) []rawAttr {
	var out []rawAttr
	i := 1
	for i < len(tag) && !isSpace(tag[i]) && tag[i] != '>' && tag[i] != '/' {
		i++
	}
	for i < len(tag) {
		ws := i
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] == '>' || tag[i] == '/' {
			break
		}
		at := i
		for i < len(tag) && tag[i] != '=' && !isSpace(tag[i]) {
			i++
		}
		name := string(tag[at:i])
		for i < len(tag) && (isSpace(tag[i]) || tag[i] == '=') {
			i++
		}
		if i >= len(tag) {
			break
		}
		q := tag[i]
		i++
		v := i
		for i < len(tag) && tag[i] != q {
			i++
		}
		a := rawAttr{name: name, space: string(tag[ws:at]), at: at, value: v, valueEnd: i}
		i++
		a.afterValue = i
		out = append(out, a)
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func (d *doc) syntaxError(err error, offset int) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return d.errorAt(min(offset, len(d.data)), se.Msg)
	}
	return d.errorAt(min(offset, len(d.data)), err.Error())
}

func (d *doc) errorAt(offset int, msg string) error {
	l, c := d.lines.pos(offset)
	return &ParseError{l, c, msg}
}

// lineIndex turns byte offsets into lines and columns.
type lineIndex struct {
	data   []byte
	starts []int
}

func newLineIndex(data []byte) lineIndex {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return lineIndex{data, starts}
}

// pos returns the line and column (in characters, from 1) of an offset.
func (x lineIndex) pos(offset int) (line, col int) {
	lo, hi := 0, len(x.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if x.starts[mid] <= offset {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, utf8.RuneCount(x.data[x.starts[lo]:min(offset, len(x.data))]) + 1
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}
