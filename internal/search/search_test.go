package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/rules"
)

// The synthetic library: two shows. Episode 1 of Python Pulse has three
// copies (.txt, .vtt, YouTube) of which only the .txt is indexed; the
// YouTube copy holds words no other copy has, to prove it.
var libFiles = map[string]string{
	"pulse/transcripts/001-welcome.txt": `00:00:00 Welcome to Python Pulse, episode one.

00:00:07 Today we talk about type hints and the uv installer.

00:01:05 Some people have hints about types, which is not the same.

00:02:10 We built the API with fast API and Pydantic models.

01:00:03 An hour in: Pydantic-core is written in Rust.
`,
	"pulse/transcripts/001-welcome.vtt": "WEBVTT\n\n00:00:00.000 --> 00:00:07.000\nWelcome to Python Pulse, episode one.\n\n00:00:07.000 --> 00:01:05.000\nToday we talk about type hints and the uv installer.\n",
	"pulse/youtube/001-welcome.vtt":     "WEBVTT\n\n00:00:00.000 --> 00:00:07.000\nWelcome to Python Pulse, episode one, zanzibar.\n",
	"pulse/transcripts/002-packaging.vtt": `WEBVTT

00:00:01.000 --> 00:00:05.000
<v Maya Patel>Packaging with uv is fast.

00:00:05.000 --> 00:00:09.500
<v Tom Ruiz>I still use pip and attrs, and Django.

00:00:09.500 --> 00:00:15.000
<v Maya Patel>Pedantic people love Pydantic. Django and uv together.
`,
	"drip/010-orchestration.srt": `1
00:00:02,000 --> 00:00:04,000
We moved our pipelines to Daxter last year.

2
00:00:04,000 --> 00:00:08,000
Dagster has assets; Jupiter notebooks feed them.

3
00:00:08,000 --> 00:00:10,000
We check them all with pie test.
`,
}

var libDates = map[string]time.Time{
	"pulse/transcripts/001-welcome.txt":   time.Date(2022, 3, 10, 12, 0, 0, 0, time.UTC),
	"pulse/transcripts/001-welcome.vtt":   time.Date(2022, 3, 10, 12, 0, 0, 0, time.UTC),
	"pulse/youtube/001-welcome.vtt":       time.Date(2022, 4, 1, 12, 0, 0, 0, time.UTC),
	"pulse/transcripts/002-packaging.vtt": time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC),
	"drip/010-orchestration.srt":          time.Date(2023, 1, 20, 12, 0, 0, 0, time.UTC),
}

func writeLib(t *testing.T) (string, []Source) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range libFiles {
		writeFile(t, filepath.Join(dir, name), text, libDates[name])
	}
	return dir, []Source{
		{Show: Show{Name: "Python Pulse", EpisodeURL: "https://pulse.example/{episode}/{slug}?t={t}", AudioURL: "https://pulse.example/{episode}.mp3#t={t}"},
			Paths: []string{filepath.Join(dir, "pulse")}},
		{Show: Show{Name: "Data Drip"}, Paths: []string{filepath.Join(dir, "drip")}},
	}
}

func writeFile(t *testing.T, path, text string, mtime time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if !mtime.IsZero() {
		if err := os.Chtimes(path, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
}

func build(t *testing.T) (*Index, string, []Source) {
	t.Helper()
	dir, src := writeLib(t)
	ix, _, err := Build(src, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix, dir, src
}

func mustSearch(t *testing.T, ix *Index, q string) *Result {
	t.Helper()
	pq, err := Parse(q, false)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	res, err := ix.Search(context.Background(), pq, Options{Limit: 50, PerEpisode: 50})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res
}

// places lists a result's hits as "episode-id@h:mm:ss".
func places(res *Result) []string {
	var out []string
	for _, g := range res.Groups {
		for _, h := range g.Hits {
			out = append(out, h.EpisodeID+"@"+h.Time)
		}
	}
	sort.Strings(out)
	return out
}

func TestQueryFeatures(t *testing.T) {
	ix, _, _ := build(t)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"uv", []string{"python-pulse:1@0:00:07", "python-pulse:2@0:00:01", "python-pulse:2@0:00:09"}},
		{"UV", []string{"python-pulse:1@0:00:07", "python-pulse:2@0:00:01", "python-pulse:2@0:00:09"}},
		{`"type hints"`, []string{"python-pulse:1@0:00:07"}},
		{"type hints", []string{"python-pulse:1@0:00:07"}}, // words: all in one place
		{"hints types", []string{"python-pulse:1@0:01:05"}},
		{"attrs OR dagster", []string{"data-drip:10@0:00:04", "python-pulse:2@0:00:05"}},
		{"uv -django", []string{"python-pulse:1@0:00:07", "python-pulse:2@0:00:01"}},
		{`uv -"uv installer"`, []string{"python-pulse:2@0:00:01", "python-pulse:2@0:00:09"}},
		{"pydan*", []string{"python-pulse:1@0:02:10", "python-pulse:1@1:00:03", "python-pulse:2@0:00:09"}},
		{`"pydantic core"`, nil},
		{"pydantic-core", []string{"python-pulse:1@1:00:03"}},
		{"core", []string{"python-pulse:1@1:00:03"}}, // a part of a joined word
		{"show:drip assets", []string{"data-drip:10@0:00:04"}},
		{`show:"python pulse" dagster OR uv`, []string{"python-pulse:1@0:00:07", "python-pulse:2@0:00:01", "python-pulse:2@0:00:09"}},
		{"show:pulse assets", nil},
		{"episode:2 uv", []string{"python-pulse:2@0:00:01", "python-pulse:2@0:00:09"}},
		{"episode:1-5 uv", []string{"python-pulse:1@0:00:07", "python-pulse:2@0:00:01", "python-pulse:2@0:00:09"}},
		{"year:2022 uv", []string{"python-pulse:1@0:00:07"}},
		{"year:2023-2024 uv OR dagster", []string{"data-drip:10@0:00:04", "python-pulse:2@0:00:01", "python-pulse:2@0:00:09"}},
		{"speaker:maya uv", []string{"python-pulse:2@0:00:01", "python-pulse:2@0:00:09"}},
		{`speaker:"tom ruiz" django`, []string{"python-pulse:2@0:00:05"}},
		// Typos: a word found nowhere widens to near spellings.
		{"pydnatic", []string{"python-pulse:1@0:02:10", "python-pulse:1@1:00:03", "python-pulse:2@0:00:09"}},
		{"instaler", []string{"python-pulse:1@0:00:07"}},
		// Sounds-like: what speech recognition wrote for the name.
		{"fastapi", nil},
		{"fastapi~", []string{"python-pulse:1@0:02:10"}},
		{"dagster~", []string{"data-drip:10@0:00:02", "data-drip:10@0:00:04"}},
		{"jupyter~", []string{"data-drip:10@0:00:04"}},
		// A split with a one-sound piece: "pie test" for pytest.
		{"pytest~", []string{"data-drip:10@0:00:08"}},
		{`"fast api"`, []string{"python-pulse:1@0:02:10"}},
		// The YouTube copy is not indexed: its word is not found.
		{"zanzibar", nil},
		{"welcome", []string{"python-pulse:1@0:00:00"}},
	} {
		if got := places(mustSearch(t, ix, tc.query)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.query, got, tc.want)
		}
	}
}

func TestSoundsLikeFlag(t *testing.T) {
	ix, _, _ := build(t)
	q, err := Parse("dagster", true)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), q, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := places(res); len(got) != 2 {
		t.Errorf("dagster with sounds-like: %v", got)
	}
	if got := res.Expanded["dagster~"]; !reflect.DeepEqual(got, []string{"daxter"}) {
		t.Errorf("expanded: %v", res.Expanded)
	}
}

func TestHitsAndDeepLinks(t *testing.T) {
	ix, dir, _ := build(t)
	res := mustSearch(t, ix, `"fast api"`)
	if len(res.Groups) != 1 || len(res.Groups[0].Hits) != 1 {
		t.Fatalf("got %+v", res)
	}
	g, h := res.Groups[0], res.Groups[0].Hits[0]
	if g.Show != "Python Pulse" || g.Episode != 1 || g.Date != "2022-03-10" || g.File != filepath.Join(dir, "pulse/transcripts/001-welcome.txt") {
		t.Errorf("group %+v", g)
	}
	if h.Start != 130 || h.Time != "0:02:10" || h.URL != "https://pulse.example/1/welcome?t=130" || h.AudioURL != "https://pulse.example/1.mp3#t=130" {
		t.Errorf("hit %+v", h)
	}
	if h.Snippet != "We built the API with fast API and Pydantic models." || !reflect.DeepEqual(h.Highlights, [][2]int{{13, 16}, {22, 26}, {27, 30}}) {
		t.Errorf("snippet %q %v", h.Snippet, h.Highlights)
	}
	// A show without a template has no link.
	if h := mustSearch(t, ix, "assets").Groups[0].Hits[0]; h.URL != "" || h.Start != 4 {
		t.Errorf("drip hit %+v", h)
	}
	// An hour in.
	if h := mustSearch(t, ix, "rust").Groups[0].Hits[0]; h.Time != "1:00:03" || !strings.HasSuffix(h.URL, "?t=3603") {
		t.Errorf("rust hit %+v", h)
	}
}

func TestSnippetOfLongText(t *testing.T) {
	text := strings.Repeat("filler words here ", 30) + "the needle is here " + strings.Repeat("more words after ", 30)
	s, hl := snippet(text, map[string]bool{"needle": true})
	if len(s) > snippetLen+10 || !strings.HasPrefix(s, "… ") || !strings.HasSuffix(s, " …") {
		t.Errorf("snippet %q", s)
	}
	if len(hl) != 1 || s[hl[0][0]:hl[0][1]] != "needle" {
		t.Errorf("highlights %v in %q", hl, s)
	}
	s, hl = snippet("See SQLAlchemy.org, or sqlalchemy-utils and SQLAlchemy.", map[string]bool{"sqlalchemy": true})
	if !reflect.DeepEqual(hl, [][2]int{{4, 14}, {23, 33}, {44, 54}}) {
		t.Errorf("parts: highlights %v in %q", hl, s)
	}
}

func TestRanking(t *testing.T) {
	ix, _, _ := build(t)
	// Sounds-like finds the word and what sounds like it.
	res := mustSearch(t, ix, "pydantic~")
	if len(res.Groups) == 0 {
		t.Fatal("no result")
	}
	var exact, alike float64
	for _, g := range res.Groups {
		for _, h := range g.Hits {
			if strings.Contains(h.Text, "Pedantic people") {
				alike = h.Score
			}
			if strings.HasPrefix(h.Text, "We built") {
				exact = h.Score
			}
		}
	}
	if exact == 0 || alike == 0 {
		t.Fatalf("pydantic~: %v", places(res))
	}
	// Paging: limit and offset over episodes.
	pq, _ := Parse("uv OR dagster", false)
	all, _ := ix.Search(context.Background(), pq, Options{Limit: 10})
	page, _ := ix.Search(context.Background(), pq, Options{Limit: 1, Offset: 1})
	if all.Episodes != 3 || page.Episodes != 3 || len(page.Groups) != 1 || page.Groups[0].ID != all.Groups[1].ID {
		t.Errorf("paging: all %d %v, page %v", all.Episodes, places(all), places(page))
	}
}

func TestTimeout(t *testing.T) {
	ix, _, _ := build(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	q, _ := Parse("uv", false)
	if _, err := ix.Search(ctx, q, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled search: %v", err)
	}
}

func TestTrend(t *testing.T) {
	ix, _, _ := build(t)
	q, _ := Parse("uv", false)
	rows, err := ix.Trend(context.Background(), q, "year")
	if err != nil {
		t.Fatal(err)
	}
	want := []TrendRow{
		{"2022", "Python Pulse", 1, 1, 1},
		{"2023", "Data Drip", 0, 0, 1},
		{"2024", "Python Pulse", 2, 1, 1},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("by year: %+v", rows)
	}
	q, _ = Parse("show:pulse pydantic", false)
	rows, _ = ix.Trend(context.Background(), q, "month")
	want = []TrendRow{{"2022-03", "Python Pulse", 2, 1, 1}, {"2024-06", "Python Pulse", 1, 1, 1}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("by month: %+v", rows)
	}
	if _, err := ix.Trend(context.Background(), q, "week"); err == nil {
		t.Error("trend by week accepted")
	}
}

func TestIncremental(t *testing.T) {
	ix, dir, src := build(t)
	path := filepath.Join(t.TempDir(), "idx", "index")
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	old, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	// Nothing changed: nothing is read, and the postings are kept.
	same, st, err := Build(src, old, nil)
	if err != nil || st.Parsed != 0 || st.Reused != 5 || st.Removed != 0 || st.Changed {
		t.Fatalf("unchanged: %+v %v", st, err)
	}
	if len(same.post) == 0 || &same.post[0] != &old.post[0] {
		t.Error("unchanged: postings rebuilt")
	}
	if got := places(mustSearch(t, same, `"type hints" OR hatch`)); !reflect.DeepEqual(got, []string{"python-pulse:1@0:00:07"}) {
		t.Errorf("unchanged: %v", got)
	}
	// Touched but not changed: read, hashed, not parsed.
	later := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	os.Chtimes(filepath.Join(dir, "drip/010-orchestration.srt"), later, later)
	// Changed, added, deleted.
	writeFile(t, filepath.Join(dir, "pulse/transcripts/002-packaging.vtt"), "WEBVTT\n\n00:00:03.000 --> 00:00:05.000\n<v Maya Patel>Now we use hatch.\n", libDates["pulse/transcripts/002-packaging.vtt"])
	writeFile(t, filepath.Join(dir, "pulse/transcripts/003-new.txt"), "00:00:42 A new episode about marimo.\n", time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC))
	if err := os.Remove(filepath.Join(dir, "pulse/youtube/001-welcome.vtt")); err != nil {
		t.Fatal(err)
	}
	ix2, st, err := Build(src, old, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Parsed != 2 || st.Removed != 1 || st.Files != 5 || st.Episodes != 4 || !st.Changed {
		t.Errorf("after changes: %+v", st)
	}
	// The patched postings are those a build from scratch makes.
	scratch, _, err := Build(src, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	samePostings(t, ix2, scratch)
	// Shows in another order: built anew, and still the same.
	swapped, _, err := Build([]Source{src[1], src[0]}, old, nil)
	if err != nil {
		t.Fatal(err)
	}
	scratchSwapped, _, _ := Build([]Source{src[1], src[0]}, nil, nil)
	samePostings(t, swapped, scratchSwapped)
	if err := ix2.Save(path); err != nil {
		t.Fatal(err)
	}
	ix3, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []*Index{ix2, ix3} {
		for q, want := range map[string]string{
			"hatch":        "[python-pulse:2@0:00:03]",
			"marimo":       "[python-pulse:3@0:00:42]",
			"uv":           "[python-pulse:1@0:00:07]",
			"assets":       "[data-drip:10@0:00:04]",
			"year:2025 uv": "[]",
		} {
			if got := fmt.Sprint(places(mustSearch(t, x, q))); got != want && !(want == "[]" && got == "[]") {
				t.Errorf("%s: got %s, want %s", q, got, want)
			}
		}
	}
	// The episode whose chosen copy went away is indexed from another.
	if err := os.Remove(filepath.Join(dir, "pulse/transcripts/001-welcome.txt")); err != nil {
		t.Fatal(err)
	}
	ix4, st, err := Build(src, ix3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e := ix4.Episode("python-pulse:1"); e == nil || !strings.HasSuffix(e.File, "001-welcome.vtt") || st.Parsed != 1 {
		t.Errorf("fallback copy: %+v %+v", e, st)
	}
	if got := places(mustSearch(t, ix4, "uv")); !reflect.DeepEqual(got, []string{"python-pulse:1@0:00:07"}) {
		t.Errorf("uv from the .vtt: %v", got)
	}
}

func TestLoadDamaged(t *testing.T) {
	ix, _, _ := build(t)
	data := ix.encode()
	if _, err := decode(string(data)); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 5, len(magic), len(magic) + 3, len(data) / 3, len(data) / 2, len(data) - 1} {
		if _, err := decode(string(data[:n])); err == nil {
			t.Errorf("truncated to %d bytes: no error", n)
		}
	}
	bad := append([]byte(nil), data...)
	for i := len(magic); i < len(bad); i += 7 {
		bad[i] ^= 0xff
	}
	decode(string(bad)) // must not panic
	path := filepath.Join(t.TempDir(), "index")
	os.WriteFile(path, []byte("not an index"), 0o644)
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "run emend index again") {
		t.Errorf("Load of junk: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, q := range []string{
		"", "   ", "-uv", `"unclosed`, "OR uv", "uv OR", "uv OR OR pip", "a*", "year:20x uv", "year:2024-2020 uv",
		"episode: uv", `show:"x`, "-show:x uv", "uv OR -pip", "pyd*~", strings.Repeat("a ", 600), "\xff",
	} {
		if _, err := Parse(q, false); err == nil {
			t.Errorf("%q: no error", q)
		} else if !strings.HasPrefix(err.Error(), "bad query: ") {
			t.Errorf("%q: %v", q, err)
		}
	}
}

func TestParse(t *testing.T) {
	q, err := Parse(`Uv "type hints"~ pydantic OR attrs* -django show:"Talk Python" year:2020-2022 episode:7 speaker:Maya ...`, false)
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	for _, c := range q.Clauses {
		var alts []string
		for _, it := range c.Alts {
			alts = append(alts, it.String())
		}
		items = append(items, strings.Join(alts, " OR "))
	}
	want := []string{"uv", `"type hints"~`, "pydantic OR attrs*"}
	if !reflect.DeepEqual(items, want) || len(q.Not) != 1 || q.Not[0].String() != "django" {
		t.Errorf("items %q not %v", items, q.Not)
	}
	if !reflect.DeepEqual(q.Shows, []string{"talk python"}) || !reflect.DeepEqual(q.Years, []Range{{2020, 2022}}) ||
		!reflect.DeepEqual(q.Episodes, []Range{{7, 7}}) || !reflect.DeepEqual(q.Speakers, []string{"maya"}) {
		t.Errorf("filters %+v", q)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`uv "type hints" -django`, "a OR b c*", `show:"x y" year:2020-`, "fastapi~ \"fast api\"~", "-\"x\" OR", "year:..2020 episode:3.. a"} {
		f.Add(s)
	}
	ix := func() *Index {
		dir := f.TempDir()
		for name, text := range libFiles {
			p := filepath.Join(dir, name)
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte(text), 0o644)
		}
		ix, _, err := Build([]Source{{Show: Show{Name: "s"}, Paths: []string{dir}}}, nil, nil)
		if err != nil {
			f.Fatal(err)
		}
		return ix
	}()
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s, len(s)%2 == 0)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("%q: error of type %T", s, err)
			}
			return
		}
		if len(q.Clauses) == 0 {
			t.Fatalf("%q: no clause", s)
		}
		if _, err := ix.Search(context.Background(), q, Options{}); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
	})
}

func TestLinkTemplate(t *testing.T) {
	ix := &Index{Shows: []Show{{Name: "Talk Python To Me"}}}
	e := &Episode{Number: 42, Slug: "the-answer"}
	for tmpl, want := range map[string]string{
		"": "",
		"https://x.example/{episode}/{slug}?t={t}": "https://x.example/42/the-answer?t=3723",
		"https://x.example/{show}#t={t}&{other}":   "https://x.example/talk-python-to-me#t=3723&{other}",
		"{t}{t}{":                                  "37233723{",
	} {
		if got := ix.link(e, tmpl, 3723999); got != want {
			t.Errorf("%q: got %q, want %q", tmpl, got, want)
		}
	}
	if got := ix.link(&Episode{Number: -1}, "u?e={episode}&t={t}", -1); got != "u?e=&t=0" {
		t.Errorf("unknown number and time: %q", got)
	}
}

func samePostings(t *testing.T, a, b *Index) {
	t.Helper()
	if !reflect.DeepEqual(a.terms, b.terms) || !reflect.DeepEqual(a.segLen, b.segLen) || a.avgLen != b.avgLen || len(a.post) != len(b.post) {
		t.Fatalf("dictionaries differ:\n%v\n%v", a.terms, b.terms)
	}
	for i := range a.post {
		pa, pb := a.post[i], b.post[i]
		if !reflect.DeepEqual(pa.segs, pb.segs) || !reflect.DeepEqual(pa.off, pb.off) || !reflect.DeepEqual(pa.pos, pb.pos) {
			t.Errorf("postings of %q differ: %+v, %+v", a.terms[i], pa, pb)
		}
	}
}

func FuzzDecode(f *testing.F) {
	dir := f.TempDir()
	os.WriteFile(filepath.Join(dir, "001-a.txt"), []byte("00:00:01 uv and pip\n\n00:00:05 <v X>ruff check\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "002-b.vtt"), []byte("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Maya>Hello uv\n"), 0o644)
	ix, _, err := Build([]Source{{Show: Show{Name: "s", EpisodeURL: "u{t}"}, Paths: []string{dir}}}, nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ix.encode())
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		ix, err := decode(string(data))
		if err != nil {
			return
		}
		// A file that decodes must answer queries without failing.
		q, _ := Parse("uv OR ruff~ OR pi*", false)
		if _, err := ix.Search(context.Background(), q, Options{}); err != nil {
			t.Fatal(err)
		}
		for _, e := range ix.Episodes {
			ix.Segments(e)
		}
	})
}

func TestRecordedDate(t *testing.T) {
	for text, want := range map[string]string{
		"It's episode 10, recorded Monday, January 23rd, 2016.":                      "2016-01-23",
		"This is the big episode 300, recorded September 6, 2022.":                   "2022-09-06",
		"Talk Python to Me, episode number one, recorded Tuesday, March 31st, 2015.": "2015-03-31",
		"episode 420, recorded on Monday February 17th 2025. I am Michael Kennedy.":  "2025-02-17",
		"RECORDED WEDNESDAY, AUGUST 12, 2015":                                        "2015-08-12",
		"recorded February 30th, 2020":                                               "",
		"courses that are recorded, self-paced courses like May 5, 2020":             "",
		"we recorded in May":            "",
		"recorded on location at PyCon": "",
	} {
		got := ""
		if d := recordedDate([]storedSeg{{Text: "Hello."}, {Text: text}}); d != 0 {
			got = time.Unix(d, 0).UTC().Format("2006-01-02")
		}
		if got != want {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
	// Only the first lines count.
	segs := make([]storedSeg, 10)
	segs[8].Text = "recorded March 3, 2020"
	if d := recordedDate(segs); d != 0 {
		t.Errorf("a date said late counted: %v", d)
	}
	// The said date comes before git and the modification time.
	if d, src := episodeDate([]*fileRec{{SaidDate: 100, GitDate: 50, MTime: 1}}); d.Unix() != 100 || src != "said" {
		t.Errorf("episodeDate: %v %s", d, src)
	}
}

// fold is the index's copy of rules.Fold, kept for speed: it must fold
// every word as rules.Fold does, or a query would not find what the
// rules and the index spell alike.
func TestFoldAsRules(t *testing.T) {
	for _, w := range []string{"", "uv", "FastAPI", "DON’T", "don't", "Café", "ÉCOLE", "İstanbul", "ΣΟΦΙΑ",
		"straße", "node.JS", "x\xffY", "Ab\u0301c", "日本語"} {
		if got, want := string(fold([]byte("prefix:"), w)), "prefix:"+rules.Fold(w); got != want {
			t.Errorf("fold(%q) = %q, rules.Fold: %q", w, got, want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Hello", "DON’T", "Ünïcödé", "a\xc3", "İ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if got, want := string(fold(nil, w)), rules.Fold(w); got != want {
			t.Errorf("fold(%q) = %q, rules.Fold: %q", w, got, want)
		}
	})
}

func TestJoinedParts(t *testing.T) {
	for _, tc := range []struct {
		word string
		want []string
	}{
		{"scikit-learn", []string{"scikit", "learn"}},
		{"node.js", []string{"node", "js"}},
		{"a_b-c.d", []string{"a", "b", "c", "d"}},
		{"3.12", []string{"3", "12"}},
		{"fastapi", nil},
		{"x--y", []string{"x", "y"}},
		{"", nil},
	} {
		var got, gotBytes []string
		joinedParts(tc.word, func(s, e int) { got = append(got, tc.word[s:e]) })
		joinedParts([]byte(tc.word), func(s, e int) { gotBytes = append(gotBytes, tc.word[s:e]) })
		if !reflect.DeepEqual(got, tc.want) || !reflect.DeepEqual(gotBytes, tc.want) {
			t.Errorf("joinedParts(%q) = %q and %q, want %q", tc.word, got, gotBytes, tc.want)
		}
	}
}

// encode sizes its buffer by encodedSize, so that saving a large index
// does not copy it over and over as it grows: the estimate must not fall
// short of the file.
func TestEncodedSize(t *testing.T) {
	ix, _, _ := build(t)
	if est, n := ix.encodedSize(), len(ix.encode()); est < n {
		t.Errorf("encodedSize = %d, the file has %d bytes", est, n)
	}
}
