package feed

import (
	"strings"
	"testing"
)

// TestCheckFaults: each fault podcast apps trip on is found, at its line
// and column, and a good feed has none.
func TestCheckFaults(t *testing.T) {
	const ns = `xmlns:podcast="https://podcastindex.org/namespace/1.0"`
	item := func(tags string) string {
		return "<rss " + ns + ">\n<channel><language>en</language>\n<item><title>#301</title>\n" + tags + "\n</item></channel></rss>"
	}
	good := `<podcast:transcript url="https://cdn.example.com/t/301-deploying-django.vtt" type="text/vtt"/>`
	cases := []struct {
		name, feed string
		kind, at   string // the one finding expected, "" for none
		msg        string // a part of its message
	}{
		{"good", item(good), "", "", ""},
		{"unknown type srt", item(`<podcast:transcript url="https://cdn.example.com/t/301-deploying-django.srt" type="application/srt"/>`),
			"type", "4:84", `write "application/x-subrip"`},
		{"unknown type text/srt", item(`<podcast:transcript url="https://cdn.example.com/t/301-deploying-django.srt" type="text/srt"/>`),
			"type", "4:84", `write "application/x-subrip"`},
		{"unknown type", item(`<podcast:transcript url="https://cdn.example.com/t/301-deploying-django.vtt" type="video/mp4"/>`),
			"type", "4:84", "apps know text/vtt"},
		{"no type", item(`<podcast:transcript url="https://cdn.example.com/t/301-deploying-django.vtt"/>`),
			"type", "4:1", "without a type"},
		{"no url", item(`<podcast:transcript type="text/vtt"/>`), "url", "4:1", "without a url"},
		{"relative url", item(`<podcast:transcript url="/t/301-deploying-django.vtt" type="text/vtt"/>`),
			"url", "4:26", "relative URL"},
		{"ftp url", item(`<podcast:transcript url="ftp://cdn.example.com/t/301-deploying-django.vtt" type="text/vtt"/>`),
			"url", "4:26", "neither http nor https"},
		{"file missing", item(`<podcast:transcript url="https://cdn.example.com/t/301-deploying-django-v2.vtt" type="text/vtt"/>`),
			"missing", "4:26", "is not in"},
		{"content not of its type", item(`<podcast:transcript url="https://cdn.example.com/t/303-bad-type.srt" type="application/x-subrip"/>`),
			"content", "4:76", "holds WebVTT"},
		{"vtt labelled text", item(`<podcast:transcript url="https://cdn.example.com/t/301-deploying-django.vtt" type="text/plain"/>`),
			"content", "4:84", "holds WebVTT"},
		{"json labelled vtt", item(`<podcast:transcript url="https://cdn.example.com/t/301-deploying-django.json" type="text/vtt"/>`),
			"content", "4:85", "Podcasting 2.0 JSON"},
		{"untagged", item(""), "untagged", "3:1", "no transcript tag"},
		{"wrong namespace", strings.Replace(item(good), "https://podcastindex.org/namespace/1.0", "https://podcastindex.org/namespace/2.0", 1),
			"namespace", "4:1", "not the Podcasting 2.0 namespace"},
		{"not well-formed", item("<podcast:transcript url='x'>"), "syntax", "5:1", "element <transcript> closed by </item>"},
	}
	dir := testDir(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := Check([]byte(c.feed), dir)
			if c.kind == "" {
				if len(fs) > 0 {
					t.Fatalf("findings in a good feed: %v", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("%d findings, want 1 of %s: %v", len(fs), c.kind, fs)
			}
			f := fs[0]
			if f.Kind != c.kind || f.String()[:strings.Index(f.String(), ": ")] != c.at || !strings.Contains(f.Msg, c.msg) {
				t.Errorf("got %s %v, want %s at %s with %q", f.Kind, f, c.kind, c.at, c.msg)
			}
		})
	}
}

// TestCheckMissingNamespace: tags of an undeclared prefix are each
// reported, and the feed once, at <rss>.
func TestCheckMissingNamespace(t *testing.T) {
	feed := "<rss version=\"2.0\">\n<channel>\n<item><title>#301</title>\n" +
		`<podcast:transcript url="https://cdn.example.com/t/301-deploying-django.vtt" type="text/vtt"/>` + "\n" +
		`<podcast:transcript url="https://cdn.example.com/t/301-deploying-django.srt" type="application/x-subrip"/>` +
		"\n</item></channel></rss>"
	fs := Check([]byte(feed), testDir(t))
	var got []string
	for _, f := range fs {
		got = append(got, f.Kind+" "+f.String()[:strings.Index(f.String(), ": ")])
	}
	want := "namespace 1:1,namespace 4:1,namespace 5:1"
	if strings.Join(got, ",") != want {
		t.Errorf("got %v, want %s: %v", got, want, fs)
	}
	if !strings.Contains(fs[0].Msg, "not declared") {
		t.Errorf("first finding: %v", fs[0])
	}
}

// TestCheckWithoutDir: without a directory only the feed is checked.
func TestCheckWithoutDir(t *testing.T) {
	feed := `<rss xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><item><title>#301</title>` +
		`<podcast:transcript url="https://cdn.example.com/gone.vtt" type="text/vtt"/></item></channel></rss>`
	if fs := Check([]byte(feed), nil); len(fs) != 0 {
		t.Errorf("findings: %v", fs)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte(`<rss><channel><item><title>#301</title><podcast:transcript url="x" type="text/srt"/></item></channel></rss>`))
	f.Add([]byte("<rss xmlns:p=\"https://podcastindex.org/namespace/1.0\">\r\n<channel><item><p:transcript url='https://a/303-bad-type.srt' type='application/x-subrip'/></item></channel></rss>"))
	dir := testDir(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, fd := range Check(in, dir) {
			if fd.Line < 1 || fd.Column < 1 || fd.Msg == "" {
				t.Fatalf("finding without a place or message: %+v", fd)
			}
		}
	})
}
