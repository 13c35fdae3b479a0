package transcript

import (
	"strings"
	"testing"
)

func TestSniffPodcasting(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		json, html bool
	}{
		{"json", `{"version":"1.0.0","segments":[]}`, true, false},
		{"json after blanks", "\n\n  {\n \"segments\": []}", true, false},
		{"json without segments", `{"version":"1.0.0"}`, false, false},
		{"json array", `[{"segments": 1}]`, false, false},
		{"html fragment", "<cite>A:</cite>\n<time>0:00</time>\n<p>Hi</p>\n", false, true},
		{"html times only", "<time>0:00</time><p>Hi</p>", false, true},
		{"html page", "<!DOCTYPE html>\n<html><body><time>0:01</time>\n<p>Hi</p></body></html>", false, true},
		{"html without groups", "<html><body><p>Just a page.</p></body></html>", false, false},
		{"html after text", "Hello <time>0:00</time><p>Hi</p>", false, false},
		{"vtt with tags", "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ann><p>Hi</p> <time>\n", false, false},
		{"timed text", "00:00:00 <p>Hi</p> <cite>x</cite>\n\n00:00:05 {\"segments\"\n", false, false},
	}
	for _, tt := range tests {
		if got := sniffJSON(tt.text) > 0; got != tt.json {
			t.Errorf("%s: sniffJSON says %v, want %v", tt.name, got, tt.json)
		}
		if got := sniffHTML(tt.text) > 0; got != tt.html {
			t.Errorf("%s: sniffHTML says %v, want %v", tt.name, got, tt.html)
		}
	}
	// Files of other formats that hold HTML tags or JSON stay theirs.
	for text, want := range map[string]Format{
		"WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ann><p>Hi</p> <time>\n":  VTT,
		"00:00:00 <p>Hi</p> <cite>x</cite>\n\n00:00:05 {\"segments\"\n": TimedText,
	} {
		if got, _ := Detect([]byte(text)); got != want {
			t.Errorf("%q: detected %q, want %q", text, got, want)
		}
	}
}

func TestJSONTimes(t *testing.T) {
	tests := []struct {
		lit  string
		want Millis
	}{
		{"0", 0}, {"1", 1000}, {"0.5", 500}, {"12.345", 12345}, {"12.3449999", 12345},
		{"12.3455", 12346}, {"3.4799999999999999", 3480}, {"1e1", 10000}, {"2.5E-1", 250},
		{"-0", 0}, {"0.0004", 0}, {"0.0005", 1}, {"86400", 86400000},
	}
	for _, tt := range tests {
		data := `{"segments": [{"startTime": ` + tt.lit + `, "endTime": 1e6, "body": "x"}]}`
		ep, err := ReadAs("t.json", []byte(data), JSON)
		if err != nil || len(ep.Segments) != 1 || ep.Segments[0].Start != tt.want {
			t.Errorf("startTime %s: got %s (%v), want %s", tt.lit, Dump(ep, err), err, FormatClock(tt.want))
		}
	}
	for _, lit := range []string{"-1", "-0.001", "1e10", "1e400", `"1.5"`, "null", "true", "[]"} {
		data := `{"segments": [{"startTime": ` + lit + `, "endTime": 1e6, "body": "x"}]}`
		ep, err := ReadAs("t.json", []byte(data), JSON)
		if err == nil || len(ep.Segments) != 1 || ep.Segments[0].Start != NoTime {
			t.Errorf("startTime %s: got %s, want a problem and no time", lit, Dump(ep, err))
		}
	}
}

func TestAppendSeconds(t *testing.T) {
	for m, want := range map[Millis]string{0: "0", 500: "0.5", 12345: "12.345", 3000: "3", 3050: "3.05", 1: "0.001", -5: "0", 3600001: "3600.001"} {
		if got := string(appendSeconds(nil, m)); got != want {
			t.Errorf("appendSeconds(%d) = %q, want %q", m, got, want)
		}
	}
}

func TestJSONStrings(t *testing.T) {
	// Every text goes through the writer and back unchanged, but for line
	// breaks, which a body does not keep.
	texts := []string{
		"plain", `quotes " and \ backslash`, "tab\there", "ctl \x01\x1f", "é ü 🐍",
		"line\u2028sep", "</script> & <b>", "a\nb",
	}
	ep := NewEpisode()
	for i, s := range texts {
		ep.Segments = append(ep.Segments, Segment{Start: Millis(i * 1000), End: NoTime, Text: s})
	}
	out, err := Marshal(ep, JSON)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadAs("back.json", out, JSON)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for i, s := range texts {
		if got, want := back.Segments[i].Text, oneLine(s); got != want {
			t.Errorf("text %d: got %q, want %q", i, got, want)
		}
	}
	if got := string(appendJSONContents(nil, "bad \xff byte")); got != `bad \ufffd byte` {
		t.Errorf("invalid UTF-8 written as %q", got)
	}
}

func TestJSONFresh(t *testing.T) {
	ep := NewEpisode()
	ep.Segments = []Segment{
		{Start: 500, End: 2250, Speaker: "Alice", Text: "Hello"},
		{Start: 2250, End: NoTime, Text: "Two\nlines \"quoted\""},
		{Start: NoTime, End: NoTime, Speaker: "Bob", Text: "No times"},
	}
	want := `{
  "version": "1.0.0",
  "segments": [
    {"speaker": "Alice", "startTime": 0.5, "endTime": 2.25, "body": "Hello"},
    {"startTime": 2.25, "endTime": 3.45, "body": "Two lines \"quoted\""},
    {"speaker": "Bob", "startTime": 3.45, "endTime": 4.45, "body": "No times"}
  ]
}
`
	out, _ := Marshal(ep, JSON)
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	out, _ = Marshal(NewEpisode(), JSON)
	if want := "{\n  \"version\": \"1.0.0\",\n  \"segments\": []\n}\n"; string(out) != want {
		t.Errorf("empty episode: got %q, want %q", out, want)
	}
}

// TestJSONFaithful checks that a changed text rewrites only its body
// string, that a changed time rewrites the segment, and that added and
// removed segments keep the file valid, with the file's own separator.
func TestJSONFaithful(t *testing.T) {
	src := "{\"segments\": [\n  {\"id\": 1, \"startTime\": 1, \"endTime\": 2.0, \"body\": \"Jupiter notebooks\"},\n" +
		"  {\n    \"id\": 2,\n    \"startTime\": 2.0,\n    \"endTime\": 3,\n    \"body\": \"caf\\u00e9\"\n  }\n], \"x\": 1}\n"
	ep, err := ReadAs("f.json", []byte(src), JSON)
	if err != nil {
		t.Fatal(err)
	}
	ep.Segments[0].Text = "Jupyter \"notebooks\""
	out, _ := Marshal(ep, JSON)
	want := strings.Replace(src, `"Jupiter notebooks"`, `"Jupyter \"notebooks\""`, 1)
	if string(out) != want {
		t.Errorf("text change:\ngot  %q\nwant %q", out, want)
	}
	ep.Segments[1].End = 3500
	out, _ = Marshal(ep, JSON)
	want = "{\"segments\": [\n  {\"id\": 1, \"startTime\": 1, \"endTime\": 2.0, \"body\": \"Jupyter \\\"notebooks\\\"\"},\n" +
		"  {\"startTime\": 2, \"endTime\": 3.5, \"body\": \"café\"}\n], \"x\": 1}\n"
	if string(out) != want {
		t.Errorf("time change:\ngot  %q\nwant %q", out, want)
	}
	ep.Segments = append(ep.Segments[1:], Segment{Start: 4000, End: 5000, Speaker: "Ann", Text: "new"})
	out, _ = Marshal(ep, JSON)
	want = "{\"segments\": [\n  {\"startTime\": 2, \"endTime\": 3.5, \"body\": \"café\"},\n" +
		"  {\"speaker\": \"Ann\", \"startTime\": 4, \"endTime\": 5, \"body\": \"new\"}\n], \"x\": 1}\n"
	if string(out) != want {
		t.Errorf("remove and add:\ngot  %q\nwant %q", out, want)
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"plain", "plain"},
		{"  two\n   lines\t ", "two lines"},
		{"<em>in</em>line <a href='x'>link</a>", "inline link"},
		{"a<br>b<br/>c", "a b c"},
		{"Q&A &amp; &lt;b&gt; &eacute;&#233;&#xE9; &bogus; &nbsp;x", "Q&A & <b> ééé &bogus; \u00a0x"},
		{"1 < 2 and a <3", "1 < 2 and a <3"},
		{"<!-- note --> kept", "kept"},
	}
	for _, tt := range tests {
		if got := htmlText(tt.raw); got != tt.want {
			t.Errorf("htmlText(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

// TestHTMLSpeakers checks that a speaker carries forward until the next
// <cite>, and that the writer gives a <cite> on every change.
func TestHTMLSpeakers(t *testing.T) {
	src := "<cite>Ann:</cite><time>0:00</time><p>a</p>\n<time>0:01</time><p>b</p>\n" +
		"<cite>Bo</cite><p>c</p>\n<cite></cite><time>0:03</time><p>d</p>\n"
	ep, err := ReadAs("s.html", []byte(src), HTML)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range ep.Segments {
		got = append(got, s.Speaker+"/"+FormatClock(s.Start)+"/"+s.Text)
	}
	want := "Ann/00:00:00.000/a Ann/00:00:01.000/b Bo/--/c /00:00:03.000/d"
	if strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
	ep.Detach()
	out, _ := Marshal(ep, HTML)
	wantOut := "<cite>Ann:</cite>\n<time>0:00</time>\n<p>a</p>\n<time>0:01</time>\n<p>b</p>\n" +
		"<cite>Bo:</cite>\n<p>c</p>\n<cite></cite>\n<time>0:03</time>\n<p>d</p>\n"
	if string(out) != wantOut {
		t.Errorf("fresh output:\ngot  %q\nwant %q", out, wantOut)
	}
}

// TestHTMLFaithful checks that a changed text rewrites only the inside of
// its <p>, and a changed time the whole group.
func TestHTMLFaithful(t *testing.T) {
	src := "<html><body>\n<div><cite>Ann:</cite> <time>0:00</time>\n<p class=x>Jupiter <b>notebooks</b></p></div>\n" +
		"<div><time>1:02:03</time> <p>Q&amp;A</p></div>\n</body></html>\n"
	ep, err := ReadAs("f.html", []byte(src), HTML)
	if err != nil {
		t.Fatal(err)
	}
	ep.Segments[0].Text = "Jupyter <notebooks> & co"
	ep.Segments[1].Start = 3724500
	out, _ := Marshal(ep, HTML)
	want := "<html><body>\n<div><cite>Ann:</cite> <time>0:00</time>\n<p class=x>Jupyter &lt;notebooks&gt; &amp; co</p></div>\n" +
		"<div><time>1:02:04</time>\n<p>Q&amp;A</p></div>\n</body></html>\n"
	if string(out) != want {
		t.Errorf("got  %q\nwant %q", out, want)
	}
}

func TestPodcastingProblems(t *testing.T) {
	tests := []struct {
		f        Format
		text     string
		segments int
		want     string // the problems, "; "-separated
	}{
		{HTML, "<time>0:00</time>\n<p>a</p>\n<time>0:01</time><p>b</p>\n<time", 2,
			`p.in:4: tag not closed at end of file: "<time"`},
		{HTML, "<time>0:00</time><p>a</p>\n<!-- unfinished\n<p>b</p>", 1,
			`p.in:2: tag not closed at end of file: "<!-- unfinished"`},
		{HTML, "<p>a</p>\n<cite>Ann", 1, "p.in:2: <cite> not closed at end of file"},
		{HTML, "<time>1:60</time><p>a</p>", 1, `p.in:1: bad time "1:60"`},
		{HTML, "<p>a</p> b &amp; c\n", 1, `p.in:1: text outside <p>: "b &amp; c"`},
		{JSON, "", 0, "p.in:1: empty file: no JSON object"},
		{JSON, "\n[1, 2]", 0, `p.in:2: JSON syntax error: unexpected '[', want '{': a Podcasting 2.0 JSON transcript is an object`},
		{JSON, "{\"version\": \"1.0.0\"}", 0, `p.in:1: no "segments" array`},
		{JSON, "{\"segments\": {}}", 0, `p.in:1: "segments" is not an array`},
		{JSON, "{\"segments\": [\n{\"startTime\": 1, \"endTime\": 2, \"body\": \"a\"}", 1,
			"p.in:2: JSON syntax error: unexpected end of file, want ',' or ']'"},
		{JSON, "{\"segments\": [{\"startTime\": 01}]}", 0, "p.in:1: JSON syntax error: unexpected '1', want ',' or '}'"},
		{JSON, "{\"segments\": [{\"body\": \"\\x\"}]}", 0, "p.in:1: JSON syntax error: bad escape in string"},
		{JSON, "{\"segments\": [{}]}", 1, `p.in:1: segment has no "startTime"; p.in:1: segment has no "endTime"; p.in:1: segment has no "body"`},
		{JSON, "{\"segments\": " + strings.Repeat("[", 300), 0, "p.in:1: segment is not an object; p.in:1: JSON syntax error: values nested too deeply"},
	}
	for _, tt := range tests {
		ep, err := ReadAs("p.in", []byte(tt.text), tt.f)
		var got []string
		if list, ok := err.(ErrorList); ok {
			for _, e := range list {
				got = append(got, e.Error())
			}
		}
		if strings.Join(got, "; ") != tt.want || len(ep.Segments) != tt.segments {
			t.Errorf("%s %q:\ngot  %d segments, %q\nwant %d segments, %q", tt.f, tt.text, len(ep.Segments), strings.Join(got, "; "), tt.segments, tt.want)
		}
	}
}

func FuzzJSON(f *testing.F) {
	addSeeds(f, JSON)
	f.Add([]byte(`{"segments":[{"speaker":"A","startTime":0.5,"endTime":1,"body":"x\u00e9\ud83d\udc0d"}]}`))
	f.Add([]byte("{\"segments\":[\n{\"startTime\":1,\"endTime\":\n{\"startTime\":2,\"endTime\":3,\"body\":\"y\"}]}"))
	f.Fuzz(func(t *testing.T, data []byte) { checkReader(t, data, JSON) })
}

func FuzzHTML(f *testing.F) {
	addSeeds(f, HTML)
	f.Add([]byte("<cite>A:</cite><time>0:01.5</time><p>x &amp; <b>y</b></p>"))
	f.Add([]byte("<p>unclosed <time>1:00</time><p>x</p><!-- c"))
	f.Fuzz(func(t *testing.T, data []byte) { checkReader(t, data, HTML) })
}
