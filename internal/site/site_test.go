package site_test

import (
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/search"
	"github.com/emend-project/emend/internal/site"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const baseURL = "https://example.org/podcast/"

func build(t *testing.T, ix *search.Index, dir string) site.Stats {
	t.Helper()
	st, err := site.Build(ix, dir, site.Options{BaseURL: baseURL})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// sitePages lists the HTML files of a site, slash-separated.
func sitePages(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// TestPagesAreWellFormed checks every page of the test library's site:
// its tags nest and close, its ids are unique, every link to the site
// goes to a file (and a fragment to an id) that exists, and its JSON-LD
// parses as a schema.org PodcastEpisode.
func TestPagesAreWellFormed(t *testing.T) {
	ix, _ := writeLibrary(t)
	dir := t.TempDir()
	build(t, ix, dir)
	pages := sitePages(t, dir)
	if len(pages) != 2+len(ix.Episodes) {
		t.Fatalf("%d pages, want %d: %v", len(pages), 2+len(ix.Episodes), pages)
	}
	docs := map[string]*document{}
	for _, name := range pages {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		d, err := parseHTML(string(data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		docs[name] = d
	}
	for name, d := range docs {
		for _, l := range d.links {
			if strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "/audio/") {
				continue
			}
			file, frag, _ := strings.Cut(l, "#")
			file, _, _ = strings.Cut(file, "?")
			target := name
			if file != "" {
				target = path.Clean(path.Join(path.Dir(name), file))
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(target))); err != nil {
					t.Errorf("%s: a link to %s, which the site does not have", name, l)
					continue
				}
			}
			if frag != "" && docs[target] != nil && !docs[target].ids[frag] {
				t.Errorf("%s: a link to %s, whose page has no id %q", name, l, frag)
			}
		}
		if want := baseURL + strings.TrimSuffix(name, "index.html"); d.meta["canonical"] != want {
			t.Errorf("%s: canonical %q, want %q", name, d.meta["canonical"], want)
		}
		for _, m := range []string{"description", "og:title", "og:description", "og:type", "og:url"} {
			if d.meta[m] == "" {
				t.Errorf("%s: no %s", name, m)
			}
		}
		if !strings.HasPrefix(name, "episodes/") {
			continue
		}
		if len(d.jsonLD) != 1 {
			t.Errorf("%s: %d JSON-LD scripts, want 1", name, len(d.jsonLD))
			continue
		}
		var ld struct {
			Context       string `json:"@context"`
			Type          string `json:"@type"`
			Name          string `json:"name"`
			EpisodeNumber *int   `json:"episodeNumber"`
			DatePublished string `json:"datePublished"`
			URL           string `json:"url"`
			Series        struct {
				Type string `json:"@type"`
				Name string `json:"name"`
			} `json:"partOfSeries"`
			Media *struct {
				ContentURL string `json:"contentUrl"`
			} `json:"associatedMedia"`
		}
		if err := json.Unmarshal([]byte(d.jsonLD[0]), &ld); err != nil {
			t.Errorf("%s: JSON-LD: %v\n%s", name, err, d.jsonLD[0])
			continue
		}
		if ld.Context != "https://schema.org" || ld.Type != "PodcastEpisode" || ld.Name == "" || ld.URL != baseURL+name || len(ld.DatePublished) != 10 || ld.Series.Type != "PodcastSeries" {
			t.Errorf("%s: JSON-LD %+v", name, ld)
		}
		audio := strings.HasPrefix(name, "episodes/pulse/")
		if (ld.Media != nil) != audio || audio && (ld.Media.ContentURL == "" || strings.Contains(ld.Media.ContentURL, "#")) {
			t.Errorf("%s: associatedMedia %+v, want audio: %v", name, ld.Media, audio)
		}
		if (d.count["audio"] == 1) != audio {
			t.Errorf("%s: %d players, want audio: %v", name, d.count["audio"], audio)
		}
		if numbered := !strings.Contains(name, "bonus"); (ld.EpisodeNumber != nil) != numbered {
			t.Errorf("%s: episodeNumber %v", name, ld.EpisodeNumber)
		}
	}
	// Every line of an episode has its anchor, and a time link to it.
	d := docs["episodes/pulse/12.html"]
	if d == nil {
		t.Fatal("no page for Pulse 12")
	}
	n := 0
	for _, l := range d.links {
		if strings.HasPrefix(l, "#t=") {
			n++
		}
	}
	if n != 36 {
		t.Errorf("Pulse 12 has %d time links, want 36", n)
	}
}

// TestSitemap: with a base URL, sitemap.xml parses and lists every page.
func TestSitemap(t *testing.T) {
	ix, _ := writeLibrary(t)
	dir := t.TempDir()
	build(t, ix, dir)
	data, err := os.ReadFile(filepath.Join(dir, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var sm struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(data, &sm); err != nil {
		t.Fatal(err)
	}
	if len(sm.URLs) != 2+len(ix.Episodes) || sm.URLs[0].Loc != baseURL || sm.URLs[2].LastMod == "" {
		t.Errorf("sitemap: %+v", sm.URLs)
	}
	for _, u := range sm.URLs {
		rel := strings.TrimPrefix(u.Loc, baseURL)
		if rel == "" {
			rel = "index.html"
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			t.Errorf("the sitemap lists %s: %v", u.Loc, err)
		}
	}
	// Without a base URL, no sitemap (its addresses must be absolute).
	dir2 := t.TempDir()
	if _, err := site.Build(ix, dir2, site.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir2, "sitemap.xml")); !os.IsNotExist(err) {
		t.Errorf("a sitemap without a base URL: %v", err)
	}
}

// TestGolden compares the page of a short episode and the index with
// golden files (go test -update rewrites them).
func TestGolden(t *testing.T) {
	ix, _ := writeLibrary(t)
	dir := t.TempDir()
	build(t, ix, dir)
	for _, c := range []struct{ page, golden string }{
		{"episodes/bytes-weekly/bonus-live-q-and-a.html", "bonus.golden.html"},
		{"index.html", "index.golden.html"},
		{"search.html", "search.golden.html"},
	} {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c.page)))
		if err != nil {
			t.Fatal(err)
		}
		gp := filepath.Join("testdata", c.golden)
		if *update {
			if err := os.WriteFile(gp, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(gp)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", c.page, gp, firstDiff(string(want), string(got)))
		}
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, x, y)
		}
	}
	return ""
}

// TestOnlyChangesAreWritten builds a site, builds it again (nothing
// written), changes one episode (only its files written), and drops one
// (its files removed).
func TestOnlyChangesAreWritten(t *testing.T) {
	ix, root := writeLibrary(t)
	dir := t.TempDir()
	first := build(t, ix, dir)
	if first.Written != first.Files || first.Removed != 0 {
		t.Errorf("first build: %+v", first)
	}
	again := build(t, ix, dir)
	if again.Written != 0 || again.Unchanged != again.Files || again.Removed != 0 {
		t.Errorf("second build wrote files: %+v", again)
	}
	// One episode says something new; another is gone.
	news := filepath.Join(root, "bytes-weekly", "001-news.txt")
	data, _ := os.ReadFile(news)
	if err := os.WriteFile(news, append(data, "00:09:00 And finally: zanzibar.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "bytes-weekly", "bonus-live-q-and-a.txt")); err != nil {
		t.Fatal(err)
	}
	var sources []search.Source
	for _, s := range ix.Shows {
		sources = append(sources, search.Source{Show: s, Paths: []string{filepath.Join(root, strings.ToLower(strings.ReplaceAll(s.Name, " ", "-")))}})
	}
	ix2, _, err := search.Build(sources, ix, nil)
	if err != nil {
		t.Fatal(err)
	}
	third := build(t, ix2, dir)
	if third.Written == 0 || third.Written > third.Files/2 || third.Removed == 0 {
		t.Errorf("after a change: %+v", third)
	}
	if _, err := os.Stat(filepath.Join(dir, "episodes", "bytes-weekly", "bonus-live-q-and-a.html")); !os.IsNotExist(err) {
		t.Errorf("the page of a removed episode is still there: %v", err)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "episodes", "bytes-weekly", "1.html"))
	if !strings.Contains(string(page), "zanzibar") {
		t.Error("the changed episode's page was not written again")
	}
	t.Logf("first %+v; again %+v; after a change %+v", first, again, third)
}

// TestRefusesAForeignDirectory: a directory with files and no manifest
// is not the site's to write in.
func TestRefusesAForeignDirectory(t *testing.T) {
	ix, _ := writeLibrary(t)
	dir := t.TempDir()
	mine := filepath.Join(dir, "index.html")
	if err := os.WriteFile(mine, []byte("my own page"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := site.Build(ix, dir, site.Options{}); err == nil || !strings.Contains(err.Error(), site.ManifestName) {
		t.Errorf("built into a foreign directory: %v", err)
	}
	if data, _ := os.ReadFile(mine); string(data) != "my own page" {
		t.Error("the foreign page was overwritten")
	}
	// A manifest naming a file outside the site is refused too.
	os.Remove(mine)
	os.WriteFile(filepath.Join(dir, site.ManifestName), []byte("../../etc/passwd\n"), 0o644)
	if _, err := site.Build(ix, dir, site.Options{}); err == nil {
		t.Error("a manifest naming ../../etc/passwd was accepted")
	}
}

// TestSplitIndexHoldsTheIndex reads the split index back, in Go, as
// search.js reads it, and compares every term's postings (segments and
// word positions) and every segment's text with the index.
func TestSplitIndexHoldsTheIndex(t *testing.T) {
	ix, _ := writeLibrary(t)
	dir := t.TempDir()
	build(t, ix, dir)
	checkSplitIndex(t, ix, dir)
}

func readJSON(t *testing.T, dir, name string, v any) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "search", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return len(data)
}

func checkSplitIndex(t *testing.T, ix *search.Index, dir string) {
	var meta site.Meta
	readJSON(t, dir, "meta.json", &meta)
	if meta.Format != site.IndexFormat || len(meta.EpisodeShow) != len(ix.Episodes) || len(meta.Shards) == 0 {
		t.Fatalf("meta: %+v", meta)
	}
	shards := map[int]map[string][3]json.RawMessage{}
	blocks := map[string]block{}
	biggest := 0
	terms := 0
	ix.EachTerm(func(p search.Postings) {
		terms++
		k := sort.Search(len(meta.Shards), func(i int) bool { return meta.Shards[i] > p.Term }) - 1
		if k < 0 {
			t.Fatalf("%q sorts before the first shard", p.Term)
		}
		sh, ok := shards[k]
		if !ok {
			n := readJSON(t, dir, "t/"+strconv.Itoa(k)+".json", &sh)
			shards[k] = sh
			biggest = max(biggest, n)
		}
		e, ok := sh[p.Term]
		if !ok {
			t.Fatalf("%q is not in shard %d", p.Term, k)
		}
		var n int
		var eps []int
		json.Unmarshal(e[0], &n)
		json.Unmarshal(e[1], &eps)
		epCount := map[int]int{}
		ep := 0
		for i := 0; i < len(eps); i += 2 {
			ep += eps[i]
			epCount[ep] = eps[i+1]
		}
		// Rebuild the global segment ids and positions.
		var got []string
		read := func(b block, only map[int]bool) {
			for i, ep := range b.E {
				if only != nil && !only[ep] {
					t.Errorf("%q: block holds episode %d, outside its range", p.Term, ep)
				}
				seg, c := -1, 0
				for j := 0; j < len(b.P[i]); {
					if seg < 0 {
						seg = b.P[i][j]
					} else {
						seg += b.P[i][j]
					}
					np := b.P[i][j+1]
					got = append(got, fmt.Sprint(ix.Episodes[ep].First+seg, b.P[i][j+2:j+2+np]))
					j += 2 + np
					c++
				}
				if c != epCount[ep] {
					t.Errorf("%q: episode %d has %d segments in its block, %d in the shard", p.Term, ep, c, epCount[ep])
				}
			}
		}
		var inline block
		if json.Unmarshal(e[2], &inline) == nil && inline.E != nil {
			read(inline, nil)
		} else {
			var refs struct {
				H string `json:"h"`
				B []int  `json:"b"`
			}
			if err := json.Unmarshal(e[2], &refs); err != nil || refs.H == "" {
				t.Fatalf("%q: blocks: %v %s", p.Term, err, e[2])
			}
			for k, first := range refs.B {
				name := fmt.Sprintf("p/%s/%s-%d.json", refs.H[:2], refs.H[2:], k)
				b, ok := blocks[name]
				if !ok {
					readJSON(t, dir, name, &b)
					blocks[name] = b
				}
				if b.E[0] != first {
					t.Errorf("%q: block %s starts at episode %d, the shard says %d", p.Term, name, b.E[0], first)
				}
				total := 0
				for _, x := range b.P {
					for j := 0; j < len(x); j += 2 + x[j+1] {
						total++
					}
				}
				if total > site.BlockPostings && len(b.E) > 1 {
					t.Errorf("%q: block %s holds %d postings of %d episodes", p.Term, name, total, len(b.E))
				}
				read(b, nil)
			}
		}
		var want []string
		for i, s := range p.Segs {
			want = append(want, fmt.Sprint(s, p.Pos[p.Off[i]:p.Off[i+1]]))
		}
		if n != len(p.Segs) || strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%q: split index has %d segments %v, index %v", p.Term, n, got, want)
		}
	})
	if biggest > 2*site.ShardBytes {
		t.Errorf("a shard of %d bytes", biggest)
	}
	// The text, chunk by chunk.
	for ei, e := range ix.Episodes {
		segs := ix.Segments(e)
		for i := 0; i < len(segs); i += site.ChunkSegments {
			var c struct {
				Prev int64                `json:"prev"`
				S    [][3]json.RawMessage `json:"s"`
				Sp   []string             `json:"sp"`
			}
			key, ok := meta.Key[ei]
			if !ok {
				key = strconv.Itoa(meta.EpisodeNumber[ei])
			}
			readJSON(t, dir, fmt.Sprintf("x/%s/%s/%d.json", meta.ShowDir[meta.EpisodeShow[ei]], key, i/site.ChunkSegments), &c)
			for j, s := range c.S {
				var sec int64
				var sp int
				var text string
				json.Unmarshal(s[0], &sec)
				json.Unmarshal(s[1], &sp)
				json.Unmarshal(s[2], &text)
				want := segs[i+j]
				if text != want.Text || c.Sp[sp] != want.Speaker || sec != int64(want.Start) && want.Start >= 0 {
					t.Errorf("%s segment %d: %d %q %q, want %v", e.ID, i+j, sec, c.Sp[sp], text, want)
				}
			}
		}
	}
	t.Logf("%d terms in %d shards checked, %d blocks", terms, len(shards), len(blocks))
}

type block struct {
	E []int   `json:"e"`
	P [][]int `json:"p"`
}

// TestNewEpisodeRewritesLittle: a show that publishes its next episode
// gets a build that writes that episode's files and the few others that
// mention it, not the whole site again.
func TestNewEpisodeRewritesLittle(t *testing.T) {
	root := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := strings.Fields("python rust uv pip wheel build test types async await django flask fastapi pandas polars numpy " +
		"the a and of to in is it that we you they so like really think know data model server client cloud docker " +
		"package release version lock file error warning speed memory thread process queue cache index search")
	episode := func(n int) string {
		var lines []string
		for i := range 60 + n%40 {
			var w []string
			for range 8 + i%9 {
				w = append(w, vocab[rng.IntN(len(vocab))])
			}
			w = append(w, fmt.Sprintf("topic%d", n)) // a word of its own
			lines = append(lines, strings.Join(w, " ")+".")
		}
		return paragraphs(lines)
	}
	for n := 1; n <= 40; n++ {
		if err := os.WriteFile(filepath.Join(root, fmt.Sprintf("%03d-episode.txt", n)), []byte(episode(n)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src := []search.Source{{Show: search.Show{Name: "Weekly"}, Paths: []string{root}}}
	ix, _, err := search.Build(src, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	first := build(t, ix, dir)
	if err := os.WriteFile(filepath.Join(root, "041-episode.txt"), []byte(episode(41)), 0o644); err != nil {
		t.Fatal(err)
	}
	ix2, _, err := search.Build(src, ix, nil)
	if err != nil {
		t.Fatal(err)
	}
	next := build(t, ix2, dir)
	t.Logf("40 episodes: %d files; with the 41st: %d files, %d written", first.Files, next.Files, next.Written)
	if next.Written > next.Files/4 {
		t.Errorf("the 41st episode rewrote %d of %d files", next.Written, next.Files)
	}
	checkSplitIndex(t, ix2, dir)
}
