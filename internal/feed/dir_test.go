package feed

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/corpustest"
)

// TestReadDirManifest: a manifest.json is read loosely, whatever its
// shape: the transcript files it names count, in subdirectories too, and
// the manifest itself, or a path out of the directory, does not.
func TestReadDirManifest(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "talk", "301"), 0o755)
	os.MkdirAll(filepath.Join(root, ".hidden"), 0o755)
	for _, p := range []string{"talk/301/301-django.vtt", "talk/301/301-django.srt", ".hidden/302-x.vtt", "notes.md"} {
		os.WriteFile(filepath.Join(root, filepath.FromSlash(p)), []byte("WEBVTT\n\n"), 0o644)
	}
	os.WriteFile(filepath.Join(root, ManifestName), []byte(`{"episodes": [{"files": [
		{"path": "talk/301/301-django.vtt", "type": "text/vtt"},
		{"path": ".hidden/302-x.vtt", "type": "text/vtt"},
		{"path": "../outside.vtt"}, {"path": "gone.json"}, {"path": "notes.md"}]}]}`), 0o644)
	d, err := ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ep := range d.Episodes {
		for _, f := range ep.Files {
			got = append(got, f.Rel+" "+f.Type.MIME)
		}
	}
	sort.Strings(got)
	want := ".hidden/302-x.vtt text/vtt,talk/301/301-django.srt application/x-subrip,talk/301/301-django.vtt text/vtt"
	if strings.Join(got, ",") != want {
		t.Errorf("files %v\nwant %s", got, want)
	}
	if rel, ok := d.locate("https://cdn.example.com/pub/talk/301/301-django.srt?x=1"); !ok || rel != "talk/301/301-django.srt" {
		t.Errorf("locate: %q %v", rel, ok)
	}
}

// TestAddCorpus: a feed of every episode of each shared corpus, its items
// matched each a different way, gets its tags: every item matched, the
// output well-formed, the rest of the feed as it was, and a second run
// changes nothing.
func TestAddCorpus(t *testing.T) {
	for _, name := range corpustest.Names() {
		t.Run(name, func(t *testing.T) {
			dir, err := ReadDir(filepath.Join(corpustest.Dir(t, name), "transcripts"))
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">\n<channel>\n<title>" + name + "</title>\n<language>en</language>\n")
			numbered := 0
			for i, ep := range dir.Episodes {
				if ep.Number < 0 || len(dir.byNumber[ep.Number]) > 1 {
					continue
				}
				numbered++
				title := strings.ReplaceAll(ep.Slug, "_", " ")
				b.WriteString("  <item>\n")
				switch i % 3 {
				case 0:
					fmt.Fprintf(&b, "    <title>%s</title>\n    <itunes:episode>%d</itunes:episode>\n", escapeAttr(title), ep.Number)
				case 1:
					fmt.Fprintf(&b, "    <title><![CDATA[#%d: %s]]></title>\n", ep.Number, title)
				default:
					fmt.Fprintf(&b, "    <title>Episode &#35;%d</title>\n    <enclosure url=\"https://example.com/a/%s.mp3\" type=\"audio/mpeg\" length=\"1\"/>\n", ep.Number, escapeAttr(filepath.Base(ep.Stem)))
				}
				b.WriteString("  </item>\n")
			}
			b.WriteString("</channel>\n</rss>\n")
			in := []byte(b.String())
			start := time.Now()
			res, err := Add(in, dir, Options{BaseURL: "https://example.com/t"})
			if err != nil {
				t.Fatal(err)
			}
			took := time.Since(start)
			if res.Matched() != numbered {
				for _, it := range res.Items {
					if it.Match.Episode == nil {
						t.Errorf("not matched: %q: %s", it.Title, it.Why)
					}
				}
			}
			tags := 0
			for _, it := range res.Items {
				tags += it.Added
			}
			mustParse(t, res.Output)
			sameApartFromTranscripts(t, in, res.Output)
			again, err := Add(res.Output, dir, Options{BaseURL: "https://example.com/t"})
			if err != nil || again.Changed() {
				t.Errorf("second run: %v, changed %v", err, again != nil && again.Changed())
			}
			if fs := Check(res.Output, dir); len(fs) > 0 {
				t.Errorf("%d findings in the output, first %v", len(fs), fs[0])
			}
			t.Logf("%s: %d items of %d episodes matched, %d tags added, feed %d -> %d bytes, in %v",
				name, res.Matched(), len(dir.Episodes), tags, len(in), len(res.Output), took.Round(time.Millisecond))
		})
	}
}
