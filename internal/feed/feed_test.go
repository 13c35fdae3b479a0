package feed

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const testBase = "https://cdn.example.com/t"

func testDir(t testing.TB) *Dir {
	t.Helper()
	d, err := ReadDir(filepath.Join("testdata", "published"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// variants are the test feeds and ugly versions of them: CRLF line ends
// and a byte-order mark.
func variants(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	names, _ := filepath.Glob(filepath.Join("testdata", "feeds", "*.xml"))
	if len(names) == 0 {
		t.Fatal("no test feeds")
	}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		base := strings.TrimSuffix(filepath.Base(n), ".xml")
		out[base] = data
		if base == "itunes" {
			out[base+"-crlf"] = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
			out[base+"-bom"] = append([]byte("\ufeff"), data...)
		}
	}
	return out
}

func TestAddGolden(t *testing.T) {
	dir := testDir(t)
	for name, in := range variants(t) {
		t.Run(name, func(t *testing.T) {
			res, err := Add(in, dir, Options{BaseURL: testBase + "/"})
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", name+".xml")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, res.Output, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(res.Output, want) {
				t.Errorf("output differs from %s:\n%s", golden, res.Output)
			}
			mustParse(t, res.Output)
			sameApartFromTranscripts(t, in, res.Output)
			again, err := Add(res.Output, dir, Options{BaseURL: testBase})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.Output, res.Output) || again.Changed() {
				t.Errorf("a second run changed the feed:\n%s", again.Output)
			}
			// The output's only findings are the PDF transcript p20.xml
			// links to elsewhere, which Add leaves alone.
			for _, f := range Check(res.Output, dir) {
				if !strings.Contains(f.Msg, "301.pdf") && !strings.Contains(f.Msg, "application/pdf") {
					t.Errorf("feed check of the output: %v", f)
				}
			}
		})
	}
}

// TestAddItems checks which items were matched, by what, and what was
// done to them.
func TestAddItems(t *testing.T) {
	dir := testDir(t)
	cases := []struct {
		feed string
		want []string // per item: "by added updated", or "-" when unmatched
	}{
		{"itunes", []string{"enclosure 5 0", "title 2 0", "-", "-"}},
		{"p20", []string{"itunes:episode 4 1", "itunes:episode 0 0", "itunes:episode 1 0"}},
		{"oneline", []string{"title number 2 0", "-", "title number 5 0"}},
	}
	for _, c := range cases {
		in, err := os.ReadFile(filepath.Join("testdata", "feeds", c.feed+".xml"))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Add(in, dir, Options{BaseURL: testBase})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) != len(c.want) {
			t.Fatalf("%s: %d items, want %d", c.feed, len(res.Items), len(c.want))
		}
		for i, it := range res.Items {
			got := "-"
			if it.Match.Episode != nil {
				got = it.Match.By + " " + strconv.Itoa(it.Added) + " " + strconv.Itoa(it.Updated)
			} else if it.Why == "" {
				t.Errorf("%s item %d: unmatched without a reason", c.feed, i)
			}
			if want := c.want[i]; got != want {
				t.Errorf("%s item %d (%q): %q, want %q", c.feed, i, it.Title, got, want)
			}
		}
	}
}

// TestAddUpdatesAliases: a tag of type application/srt is rewritten as
// application/x-subrip at the new URL, in place, with the feed's prefix;
// a PDF transcript, of a type emend does not publish, is kept.
func TestAddUpdatesAliases(t *testing.T) {
	in, _ := os.ReadFile(filepath.Join("testdata", "feeds", "p20.xml"))
	res, err := Add(in, testDir(t), Options{BaseURL: testBase})
	if err != nil {
		t.Fatal(err)
	}
	out := string(res.Output)
	for _, want := range []string{
		`<pi:transcript url="https://cdn.example.com/t/301-deploying-django.srt" type="application/x-subrip" language="en" rel="captions"/>`,
		`<pi:transcript url="https://old.example.com/301.pdf" type="application/pdf"/>`,
		`<pi:transcript url="https://cdn.example.com/t/150-uv-and%20friends.vtt" type="text/vtt" language="en" rel="captions"/>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in\n%s", want, out)
		}
	}
	if strings.Contains(out, "application/srt") || strings.Contains(out, "xmlns:podcast") {
		t.Errorf("alias kept or namespace declared twice:\n%s", out)
	}
}

func TestAddDeclaresNamespace(t *testing.T) {
	dir := testDir(t)
	for _, c := range []struct{ in, want string }{
		{`<rss version="2.0"><channel><item><title>#301</title></item></channel></rss>`,
			`<rss version="2.0" xmlns:podcast="` + Namespace + `">`},
		{"<rss\n  version=\"2.0\"\n  xmlns:a=\"b\"\n><channel><item><title>#301</title></item></channel></rss>",
			"<rss\n  version=\"2.0\"\n  xmlns:a=\"b\"\n  xmlns:podcast=\"" + Namespace + "\"\n>"},
		{`<rss><channel><item><title>#301</title></item></channel></rss>`,
			`<rss xmlns:podcast="` + Namespace + `">`},
		// "podcast" is taken by another namespace: another prefix.
		{`<rss xmlns:podcast="urn:other"><channel><item><title>#301</title></item></channel></rss>`,
			`<rss xmlns:podcast="urn:other" xmlns:podcast2="` + Namespace + `">`},
		// The namespace's old address counts: nothing declared again.
		{`<rss xmlns:podcast="` + legacyNamespace + `"><channel><item><title>#301</title></item></channel></rss>`,
			`<rss xmlns:podcast="` + legacyNamespace + `">`},
	} {
		res, err := Add([]byte(c.in), dir, Options{BaseURL: testBase})
		if err != nil {
			t.Fatal(err)
		}
		out := string(res.Output)
		if !strings.Contains(out, c.want) {
			t.Errorf("%s:\ngot  %s\nwant %s", c.in, out, c.want)
		}
		mustParse(t, res.Output)
		if strings.Contains(c.in, "podcast2") || strings.Contains(c.want, "podcast2") {
			if !strings.Contains(out, "<podcast2:transcript") {
				t.Errorf("tags not written with the free prefix: %s", out)
			}
		}
	}
}

// TestAddPodcastEpisode: a <podcast:episode> number matches too, in the
// feed's prefix for the namespace.
func TestAddPodcastEpisode(t *testing.T) {
	in := `<rss xmlns:pi="` + Namespace + `"><channel><item><title>Django</title><pi:episode display="Ep 301">301</pi:episode></item></channel></rss>`
	res, err := Add([]byte(in), testDir(t), Options{BaseURL: testBase})
	if err != nil {
		t.Fatal(err)
	}
	if it := res.Items[0]; it.Match.By != "podcast:episode" || it.Added != 5 {
		t.Errorf("matched by %q, %d added (%s)", it.Match.By, it.Added, it.Why)
	}
}

func TestAddRefuses(t *testing.T) {
	dir := testDir(t)
	for _, in := range []string{
		``,
		`<feed xmlns="http://www.w3.org/2005/Atom"></feed>`,
		`<rss><channel><item><title>#301</title></channel></rss>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel/></rss>`,
		"<rss><channel><title>\xff</title></channel></rss>",
	} {
		if res, err := Add([]byte(in), dir, Options{BaseURL: testBase}); err == nil {
			t.Errorf("%q: no error, output %s", in, res.Output)
		}
	}
	if _, err := Add([]byte(`<rss/>`), dir, Options{BaseURL: "cdn.example.com/t"}); err == nil {
		t.Error("a relative base URL was taken")
	}
}

// mustParse checks that a feed is well-formed XML.
func mustParse(t testing.TB, data []byte) {
	t.Helper()
	dec := newDecoder(data)
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("output is no XML: %v\n%s", err, data)
		}
	}
}

// sameApartFromTranscripts checks that two feeds are the same bytes once
// their transcript tags, the podcast namespace declaration and the white
// space before them are taken out: the diff shows only those.
func sameApartFromTranscripts(t testing.TB, a, b []byte) {
	t.Helper()
	sa, sb := stripTranscripts(t, a), stripTranscripts(t, b)
	if sa != sb {
		t.Errorf("feeds differ beyond their transcript tags:\n%s\n----\n%s", sa, sb)
	}
}

func stripTranscripts(t testing.TB, data []byte) string {
	d, err := parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var cut []span
	for _, it := range d.items {
		for _, g := range it.transcripts {
			s := g.Start
			for s > 0 && isSpace(data[s-1]) {
				s--
			}
			cut = append(cut, span{s, g.End})
		}
	}
	raw := data[d.root.Start:d.root.End]
	for _, a := range scanAttrs(raw) {
		if strings.HasPrefix(a.name, "xmlns:") && isPodcastNS(string(raw[a.value:a.valueEnd])) {
			cut = append(cut, span{d.root.Start + a.at - len(a.space), d.root.Start + a.afterValue})
		}
	}
	var b strings.Builder
	last := 0
	for _, c := range sortSpans(cut) {
		b.Write(data[last:c.Start])
		last = c.End
	}
	b.Write(data[last:])
	return b.String()
}

func sortSpans(s []span) []span {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].Start < s[j-1].Start; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

func FuzzAdd(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "feeds", "*.xml"))
	for _, n := range names {
		data, _ := os.ReadFile(n)
		f.Add(data)
	}
	f.Add([]byte(`<rss><channel><item><title>#301</title><podcast:transcript url="x" type="text/srt"/></item></channel></rss>`))
	dir := testDir(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		res, err := Add(in, dir, Options{BaseURL: testBase})
		if err != nil {
			return
		}
		mustParse(t, res.Output)
		sameApartFromTranscripts(t, in, res.Output)
		again, err := Add(res.Output, dir, Options{BaseURL: testBase})
		if err != nil {
			t.Fatalf("output refused: %v\n%s", err, res.Output)
		}
		if !bytes.Equal(again.Output, res.Output) {
			t.Fatalf("not idempotent:\n%s\n----\n%s", res.Output, again.Output)
		}
		Check(in, dir)
	})
}
