package transcript

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Podcasting 2.0 JSON transcripts (the podcast namespace's
// <podcast:transcript type="application/json">):
//
//	{"version": "1.0.0", "segments": [
//	  {"speaker": "Alice", "startTime": 0.5, "endTime": 2.25, "body": "Hello"}, ...]}
//
// Times are seconds as JSON numbers, rounded here to the millisecond; the
// speaker is optional; other fields, at the top or in segments, are ignored.
// Some files hold one segment a word. The reader is a scanner of its own
// rather than encoding/json, so that it knows where each segment object and
// each body string stands in the source: a file read and written back is
// byte for byte the same, and a changed text rewrites only its body string.

func sniffJSON(text string) int {
	t := strings.TrimLeft(text, " \t\r\n")
	if strings.HasPrefix(t, "{") && strings.Contains(t, `"segments"`) {
		return 90
	}
	return 0
}

// maxJSONDepth bounds the nesting of the values a JSON file may hold, so
// that a file of brackets cannot exhaust the stack.
const maxJSONDepth = 256

// maxSeconds is the largest time a JSON file may give, about 31 years; it
// keeps times far from the limits of float64 and Millis arithmetic.
const maxSeconds = 1e9

// jsonSchema names the fields of a JSON transcript: Podcasting 2.0's, or
// AssemblyAI's (see assemblyai.go).
type jsonSchema struct {
	format     Format
	what       string   // the format, in messages
	arrays     []string // keys of the array of segments, in order of preference
	text       string   // a segment's text
	start, end string   // its times
	perSecond  float64  // the times' units in a second: 1, or 1000 for milliseconds
}

// podcastingSchema is Podcasting 2.0 JSON's.
var podcastingSchema = &jsonSchema{
	format: JSON, what: "a Podcasting 2.0 JSON transcript",
	arrays: []string{"segments"}, text: "body", start: "startTime", end: "endTime", perSecond: 1,
}

// jsonReader scans a JSON transcript.
type jsonReader struct {
	schema *jsonSchema
	in     *input
	s      string
	pos    int
	ep     *Episode
	spans  []span
	// errAt is the offset of the last syntax error, where resync looks on.
	errAt int
	// lineOff and lineNo are the start of a line and its number, from which
	// lineAt counts on: offsets are asked for in increasing order.
	lineOff, lineNo int
}

func readJSON(in *input) *Episode { return readJSONAs(in, podcastingSchema) }

func readJSONAs(in *input, schema *jsonSchema) *Episode {
	r := &jsonReader{schema: schema, in: in, s: in.text, pos: in.body, ep: NewEpisode(), lineNo: 1}
	r.document()
	// Keep the file's own separator, such as ",\n    ", for new segments.
	r.ep.attach(schema.format, in, r.spans, func(g string) bool {
		return strings.HasPrefix(g, ",") && strings.Trim(g[1:], " \t\r\n") == ""
	})
	return r.ep
}

// lineAt returns the 1-based line of a byte offset.
func (r *jsonReader) lineAt(off int) int {
	if off < r.lineOff {
		r.lineOff, r.lineNo = 0, 1
	}
	r.lineNo += strings.Count(r.s[r.lineOff:off], "\n")
	r.lineOff = off
	return r.lineNo
}

// syntax reports a syntax error at the current position and returns false.
func (r *jsonReader) syntax(format string, args ...any) bool {
	r.errAt = r.pos
	r.in.add(r.lineAt(r.pos), "JSON syntax error: "+format, args...)
	return false
}

// unexpected reports the byte at the current position as a syntax error.
func (r *jsonReader) unexpected(want string) bool {
	if r.pos >= len(r.s) {
		return r.syntax("unexpected end of file, want %s", want)
	}
	c, _ := utf8.DecodeRuneInString(r.s[r.pos:])
	return r.syntax("unexpected %q, want %s", c, want)
}

func (r *jsonReader) ws() {
	for r.pos < len(r.s) {
		switch r.s[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// peek returns the byte at the current position, or 0 at the end.
func (r *jsonReader) peek() byte {
	if r.pos < len(r.s) {
		return r.s[r.pos]
	}
	return 0
}

// document reads the top-level object.
func (r *jsonReader) document() {
	r.ws()
	if r.pos >= len(r.s) {
		r.in.add(r.lineAt(r.pos), "empty file: no JSON object")
		return
	}
	if r.peek() != '{' {
		r.unexpected("'{': " + r.schema.what + " is an object")
		return
	}
	open := r.pos
	r.pos++
	found := false
	// With one array key, the array is read where it stands. With more,
	// where each stands is noted, and the first of them in the schema's
	// order is read once the object is scanned: AssemblyAI's "words"
	// come before its "utterances".
	at := map[string]int{}
	ok := r.members(func(key string) bool {
		if found || !slices.Contains(r.schema.arrays, key) {
			return r.skipValue(0)
		}
		if len(r.schema.arrays) > 1 {
			if r.peek() == '[' {
				at[key] = r.pos
			}
			return r.skipValue(0)
		}
		found = true
		if r.peek() != '[' {
			r.in.add(r.lineAt(r.pos), "%q is not an array", key)
			return r.skipValue(0)
		}
		return r.segments()
	})
	if !ok {
		return
	}
	r.ws()
	if r.pos < len(r.s) {
		r.in.add(r.lineAt(r.pos), "text after the JSON object: %q", clip(firstLine(r.s[r.pos:])))
	}
	for _, key := range r.schema.arrays {
		if p, ok := at[key]; ok && !found {
			found = true
			end := r.pos
			r.pos = p
			r.segments()
			r.pos = end
		}
	}
	if !found {
		r.in.add(r.lineAt(open), "no %q array", strings.Join(r.schema.arrays, `" or "`))
	}
}

// firstLine returns s up to its first line end.
func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// members reads the members of an object whose '{' has been consumed, up
// to and including its '}'. For each it calls value with the key, at the
// start of the value, which value must consume. It returns false on a
// syntax error.
func (r *jsonReader) members(value func(key string) bool) bool {
	r.ws()
	if r.peek() == '}' {
		r.pos++
		return true
	}
	for {
		r.ws()
		if r.peek() != '"' {
			return r.unexpected("a string key")
		}
		key, _, _, ok := r.str()
		if !ok {
			return false
		}
		r.ws()
		if r.peek() != ':' {
			return r.unexpected("':'")
		}
		r.pos++
		r.ws()
		if !value(key) {
			return false
		}
		r.ws()
		switch r.peek() {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return true
		default:
			return r.unexpected("',' or '}'")
		}
	}
}

// segments reads the segments array, from its '['. After a syntax error
// inside it, reading goes on from the next line that starts with '{', so
// that one broken segment does not hide the rest of the file. It returns
// false when no such line remains.
func (r *jsonReader) segments() bool {
	r.pos++
	r.ws()
	if r.peek() == ']' {
		r.pos++
		return true
	}
	for {
		r.ws()
		ok := true
		switch r.peek() {
		case '{':
			ok = r.segment()
		case 0:
			ok = r.unexpected("a segment")
		default:
			r.in.add(r.lineAt(r.pos), "segment is not an object")
			ok = r.skipValue(0)
		}
		if ok {
			r.ws()
			switch r.peek() {
			case ',':
				r.pos++
				continue
			case ']':
				r.pos++
				return true
			default:
				r.unexpected("',' or ']'") // then resync below
			}
		}
		if !r.resync() {
			return false
		}
	}
}

// resync moves to the next line after the last syntax error whose first
// non-blank byte is '{', and reports whether there is one. A string cannot
// hold a line end, so such a line starts an object.
func (r *jsonReader) resync() bool {
	at := r.errAt
	for {
		i := strings.IndexByte(r.s[at:], '\n')
		if i < 0 {
			return false
		}
		at += i + 1
		j := at
		for j < len(r.s) && (r.s[j] == ' ' || r.s[j] == '\t' || r.s[j] == '\r') {
			j++
		}
		if j < len(r.s) && r.s[j] == '{' {
			r.pos = j
			return true
		}
	}
}

// segment reads one segment object and adds it to the episode.
func (r *jsonReader) segment() bool {
	off := r.pos
	seg := Segment{Start: NoTime, End: NoTime, Line: r.lineAt(off)}
	var hasStart, hasEnd, hasText bool
	toff, tend := -1, -1
	sc := r.schema
	r.pos++
	ok := r.members(func(key string) bool {
		switch key {
		case sc.start:
			hasStart = true
			return r.seconds(key, &seg.Start)
		case sc.end:
			hasEnd = true
			return r.seconds(key, &seg.End)
		case "speaker":
			switch r.peek() {
			case '"':
				s, _, _, ok := r.str()
				seg.Speaker = strings.TrimSpace(s)
				return ok
			case 'n': // null: no speaker
				return r.skipValue(0)
			}
			r.in.add(r.lineAt(r.pos), `"speaker" is not a string`)
			return r.skipValue(0)
		case sc.text:
			hasText = true
			if r.peek() == '"' {
				var ok bool
				seg.Text, toff, tend, ok = r.str()
				return ok
			}
			r.in.add(r.lineAt(r.pos), "%q is not a string", key)
			seg.Text, toff, tend = "", -1, -1
			return r.skipValue(0)
		}
		return r.skipValue(0)
	})
	if !ok {
		return false
	}
	for _, f := range []struct {
		has  bool
		name string
	}{{hasStart, sc.start}, {hasEnd, sc.end}, {hasText, sc.text}} {
		if !f.has {
			r.in.add(seg.Line, "segment has no %q", f.name)
		}
	}
	if seg.Start.Known() && seg.End.Known() && seg.End < seg.Start {
		r.in.add(seg.Line, "segment ends (%s) before it starts (%s)", FormatClock(seg.End), FormatClock(seg.Start))
		seg.End = NoTime
	}
	sp := span{off: off, end: r.pos, toff: toff, tend: tend}
	if toff < 0 {
		// No body string: a changed text rewrites the whole segment.
		sp.toff, sp.tend = sp.end, sp.off
	}
	r.ep.addSpan(&r.spans, seg, sp)
	return true
}

// seconds reads the value of a time field into *t, reporting a value that
// is not a non-negative number of seconds.
func (r *jsonReader) seconds(key string, t *Millis) bool {
	at, line := r.pos, r.lineAt(r.pos)
	if c := r.peek(); c != '-' && (c < '0' || c > '9') {
		*t = NoTime
		if !r.skipValue(0) {
			return false
		}
		r.in.add(line, "%q is not a number: %s", key, clip(firstLine(r.s[at:r.pos])))
		return true
	}
	lit, ok := r.number()
	if !ok {
		return false
	}
	*t = NoTime
	f, err := strconv.ParseFloat(lit, 64)
	f /= r.schema.perSecond
	switch {
	case f < 0:
		r.in.add(line, "%q is negative: %s", key, clip(lit))
	case err != nil || f > maxSeconds:
		r.in.add(line, "%q is out of range: %s", key, clip(lit))
	default:
		*t = Millis(math.Round(f * 1000))
	}
	return true
}

// number reads a JSON number and returns its literal.
func (r *jsonReader) number() (string, bool) {
	start := r.pos
	digits := func() bool {
		n := r.pos
		for r.pos < len(r.s) && r.s[r.pos] >= '0' && r.s[r.pos] <= '9' {
			r.pos++
		}
		return r.pos > n
	}
	if r.peek() == '-' {
		r.pos++
	}
	if r.peek() == '0' {
		r.pos++
	} else if !digits() {
		return "", r.unexpected("a digit")
	}
	if r.peek() == '.' {
		r.pos++
		if !digits() {
			return "", r.unexpected("a digit after '.'")
		}
	}
	if c := r.peek(); c == 'e' || c == 'E' {
		r.pos++
		if c := r.peek(); c == '+' || c == '-' {
			r.pos++
		}
		if !digits() {
			return "", r.unexpected("a digit in the exponent")
		}
	}
	return r.s[start:r.pos], true
}

// str reads a string, from its opening quote. It returns the decoded value,
// invalid UTF-8 replaced by U+FFFD, and the offsets of its contents between
// the quotes.
func (r *jsonReader) str() (val string, off, end int, ok bool) {
	off = r.pos + 1
	escaped := false
	for i := off; i < len(r.s); {
		switch c := r.s[i]; {
		case c == '"':
			r.pos = i + 1
			val = r.s[off:i]
			if escaped {
				val = unescapeJSON(val)
			}
			if !utf8.ValidString(val) {
				// As encoding/json does.
				val = strings.ToValidUTF8(val, "\uFFFD")
			}
			return val, off, i, true
		case c == '\\':
			escaped = true
			n := 2
			if i+1 < len(r.s) && r.s[i+1] == 'u' {
				n = 6
				for k := i + 2; k < i+6; k++ {
					if k >= len(r.s) || unhex(r.s[k]) < 0 {
						r.pos = min(k, len(r.s))
						return "", 0, 0, r.syntax(`bad \u escape in string`)
					}
				}
			} else if i+1 >= len(r.s) || !strings.ContainsRune(`"\/bfnrt`, rune(r.s[i+1])) {
				r.pos = i
				return "", 0, 0, r.syntax("bad escape in string")
			}
			i += n
		case c == '\n' || c == '\r':
			r.pos = i
			return "", 0, 0, r.syntax("string not closed at the end of the line")
		case c < 0x20:
			r.pos = i
			return "", 0, 0, r.syntax("control character %q in string", c)
		default:
			i++
		}
	}
	r.pos = len(r.s)
	return "", 0, 0, r.syntax("string not closed at end of file")
}

// unhex returns the value of a hexadecimal digit, or -1.
func unhex(c byte) rune {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0')
	case c >= 'a' && c <= 'f':
		return rune(c - 'a' + 10)
	case c >= 'A' && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

// unescapeJSON decodes the contents of a JSON string whose escapes str
// has checked. A lone surrogate becomes U+FFFD, as with encoding/json.
func unescapeJSON(raw string) string {
	var b strings.Builder
	b.Grow(len(raw))
	hex4 := func(s string) rune {
		return unhex(s[0])<<12 | unhex(s[1])<<8 | unhex(s[2])<<4 | unhex(s[3])
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		switch raw[i] {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			v := hex4(raw[i+1 : i+5])
			i += 4
			if utf16.IsSurrogate(v) {
				v2 := utf8.RuneError
				if i+6 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' {
					v2 = hex4(raw[i+3 : i+7])
				}
				if pair := utf16.DecodeRune(v, v2); pair != utf8.RuneError {
					v = pair
					i += 6
				} else {
					v = utf8.RuneError
				}
			}
			b.WriteRune(v)
		default: // '"', '\\', '/'
			b.WriteByte(raw[i])
		}
	}
	return b.String()
}

// skipValue reads over any JSON value.
func (r *jsonReader) skipValue(depth int) bool {
	if depth > maxJSONDepth {
		return r.syntax("values nested too deeply")
	}
	switch c := r.peek(); {
	case c == '{':
		r.pos++
		return r.members(func(string) bool { return r.skipValue(depth + 1) })
	case c == '[':
		r.pos++
		r.ws()
		if r.peek() == ']' {
			r.pos++
			return true
		}
		for {
			r.ws()
			if !r.skipValue(depth + 1) {
				return false
			}
			r.ws()
			switch r.peek() {
			case ',':
				r.pos++
			case ']':
				r.pos++
				return true
			default:
				return r.unexpected("',' or ']'")
			}
		}
	case c == '"':
		_, _, _, ok := r.str()
		return ok
	case c == '-' || c >= '0' && c <= '9':
		_, ok := r.number()
		return ok
	}
	for _, lit := range []string{"true", "false", "null"} {
		if strings.HasPrefix(r.s[r.pos:], lit) {
			r.pos += len(lit)
			return true
		}
	}
	return r.unexpected("a value")
}

var jsonWriter = &writer{
	head: func(ep *Episode, nl string) string {
		h := "{" + nl + `  "version": "1.0.0",` + nl + `  "segments": [`
		if len(ep.Segments) > 0 {
			return h + nl + "    "
		}
		return h
	},
	seg: writeJSONSegment,
	text: func(b []byte, ep *Episode, i int, _ string) []byte {
		return appendJSONContents(b, oneLine(ep.Segments[i].Text))
	},
	gap: ",\n    ",
	tail: func(ep *Episode, nl string) string {
		if len(ep.Segments) > 0 {
			return nl + "  ]" + nl + "}" + nl
		}
		return "]" + nl + "}" + nl
	},
}

// writeJSONSegment appends a segment as a one-line JSON object.
func writeJSONSegment(b []byte, ep *Episode, i int, _ string) []byte {
	s := &ep.Segments[i]
	b = append(b, '{')
	if s.Speaker != "" {
		b = append(b, `"speaker": "`...)
		b = appendJSONContents(b, s.Speaker)
		b = append(b, `", `...)
	}
	start := inferredStart(ep, i)
	b = append(b, `"startTime": `...)
	b = appendSeconds(b, start)
	b = append(b, `, "endTime": `...)
	b = appendSeconds(b, max(start, inferredEnd(ep, i)))
	b = append(b, `, "body": "`...)
	b = appendJSONContents(b, oneLine(s.Text))
	return append(b, `"}`...)
}

// appendSeconds appends m as a number of seconds in its shortest decimal
// form: 3, 0.5, 12.345.
func appendSeconds(b []byte, m Millis) []byte {
	m = max(m, 0)
	b = strconv.AppendInt(b, int64(m/1000), 10)
	ms := int(m % 1000)
	if ms == 0 {
		return b
	}
	b = append(b, '.', byte('0'+ms/100))
	if ms%100 != 0 {
		b = append(b, byte('0'+ms/10%10))
		if ms%10 != 0 {
			b = append(b, byte('0'+ms%10))
		}
	}
	return b
}

// appendJSONContents appends s escaped for the inside of a JSON string,
// by encoding/json's rules without its HTML escaping: invalid UTF-8
// becomes U+FFFD.
func appendJSONContents(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, `\n`...)
			case c == '\r':
				b = append(b, `\r`...)
			case c == '\t':
				b = append(b, `\t`...)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			// Valid JSON, but not valid in JavaScript before ES2019.
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}
