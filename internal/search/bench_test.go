package search

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/corpustest"
)

// corpusSources returns the two shared corpora as shows, or skips.
func corpusSources(tb testing.TB) []Source {
	tb.Helper()
	var src []Source
	for _, name := range corpustest.Names() {
		src = append(src, Source{Show: Show{Name: name, EpisodeURL: "https://example.org/" + name + "/{episode}?t={t}"}, Paths: []string{corpustest.Dir(tb, name)}})
	}
	return src
}

var corpusIndex struct {
	once sync.Once
	ix   *Index
	err  error
}

func loadCorpusIndex(tb testing.TB) *Index {
	src := corpusSources(tb)
	corpusIndex.once.Do(func() {
		corpusIndex.ix, _, corpusIndex.err = Build(src, nil, nil)
		if corpusIndex.err == nil {
			corpusIndex.ix.Warm()
		}
	})
	if corpusIndex.err != nil {
		tb.Fatal(corpusIndex.err)
	}
	return corpusIndex.ix
}

// BenchmarkIndex builds the index of both corpora from scratch, and saves
// it.
func BenchmarkIndex(b *testing.B) {
	src := corpusSources(b)
	path := filepath.Join(b.TempDir(), "index")
	for b.Loop() {
		ix, _, err := Build(src, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Save(path); err != nil {
			b.Fatal(err)
		}
	}
	fi, _ := os.Stat(path)
	b.ReportMetric(float64(fi.Size())/1e6, "MB-index")
}

// BenchmarkReindex updates the index of both corpora when nothing
// changed.
func BenchmarkReindex(b *testing.B) {
	ix := loadCorpusIndex(b)
	src := corpusSources(b)
	for b.Loop() {
		if _, st, err := Build(src, ix, nil); err != nil || st.Parsed != 0 {
			b.Fatal(err, st)
		}
	}
}

// BenchmarkLoad reads the saved index of both corpora.
func BenchmarkLoad(b *testing.B) {
	ix := loadCorpusIndex(b)
	path := filepath.Join(b.TempDir(), "index")
	if err := ix.Save(path); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Load(path); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQueries runs the mixed queries of testdata/queries.txt and
// reports the median and 99th percentile latency of one query.
func BenchmarkQueries(b *testing.B) {
	ix := loadCorpusIndex(b)
	qs := corpustest.Queries(b)
	var lat []time.Duration
	for b.Loop() {
		for _, s := range qs {
			t0 := time.Now()
			q, err := Parse(s, false)
			if err != nil {
				b.Fatal(s, err)
			}
			if _, err := ix.Search(context.Background(), q, Options{}); err != nil {
				b.Fatal(s, err)
			}
			lat = append(lat, time.Since(t0))
		}
	}
	med, p99 := percentiles(lat)
	b.ReportMetric(float64(med.Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(p99.Microseconds())/1000, "ms-p99")
	b.ReportMetric(0, "ns/op")
}

func percentiles(lat []time.Duration) (med, p99 time.Duration) {
	if len(lat) == 0 {
		return 0, 0
	}
	s := append([]time.Duration(nil), lat...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2], s[min(len(s)-1, len(s)*99/100)]
}

// TestEngineComparison times emend's index against SQLite FTS5 (the
// sqlite3 command) and ripgrep on the same segments and queries. It runs
// only with EMEND_COMPARE=1, as it takes a minute:
//
//	EMEND_COMPARE=1 go test ./internal/search -run TestEngineComparison -v
func TestEngineComparison(t *testing.T) {
	if os.Getenv("EMEND_COMPARE") == "" {
		t.Skip("set EMEND_COMPARE=1 to compare with SQLite FTS5 and ripgrep")
	}
	src := corpusSources(t)
	t0 := time.Now()
	ix, _, err := Build(src, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	buildTook := time.Since(t0)
	ix.Warm()
	qs := corpustest.Queries(t)

	// emend: every query 20 times.
	per := map[string]time.Duration{}
	var lat []time.Duration
	for range 20 {
		for _, s := range qs {
			t0 := time.Now()
			q, _ := Parse(s, false)
			if _, err := ix.Search(context.Background(), q, Options{}); err != nil {
				t.Fatal(err)
			}
			d := time.Since(t0)
			lat = append(lat, d)
			if per[s] == 0 || d < per[s] {
				per[s] = d
			}
		}
	}
	med, p99 := percentiles(lat)
	t.Logf("emend: build %.2fs; query median %v, p99 %v over %d runs of %d queries", buildTook.Seconds(), med, p99, len(lat), len(qs))

	dir := t.TempDir()
	if _, err := exec.LookPath("sqlite3"); err != nil {
		t.Log("sqlite3 not installed: no FTS5 figures")
	} else {
		compareFTS5(t, ix, qs, dir)
	}
	if _, err := exec.LookPath("rg"); err != nil {
		t.Log("rg not installed: no ripgrep figures")
	} else {
		compareRipgrep(t, ix, qs)
	}
}

// ftsQuery turns one of our queries into FTS5 MATCH syntax and SQL
// filters. Typos and sounds-like have no FTS5 equivalent: the word is
// searched as written.
func ftsQuery(q *Query) (match string, where []string) {
	item := func(it Item) string {
		var ws []string
		for _, w := range it.Words {
			ws = append(ws, strings.ReplaceAll(w, `"`, `""`))
		}
		s := `"` + strings.Join(ws, " ") + `"`
		if it.Prefix {
			s += " *"
		}
		return s
	}
	var parts []string
	for _, c := range q.Clauses {
		var alts []string
		for _, it := range c.Alts {
			alts = append(alts, item(it))
		}
		parts = append(parts, "("+strings.Join(alts, " OR ")+")")
	}
	match = strings.Join(parts, " AND ")
	for _, it := range q.Not {
		match += " NOT " + item(it)
	}
	for _, s := range q.Shows {
		where = append(where, fmt.Sprintf("show LIKE '%%%s%%'", strings.ReplaceAll(s, "'", "")))
	}
	for _, r := range q.Years {
		where = append(where, fmt.Sprintf("year BETWEEN %d AND %d", r.Lo, r.Hi))
	}
	for _, r := range q.Episodes {
		where = append(where, fmt.Sprintf("episode BETWEEN %d AND %d", r.Lo, r.Hi))
	}
	for _, s := range q.Speakers {
		where = append(where, fmt.Sprintf("speaker LIKE '%%%s%%'", strings.ReplaceAll(s, "'", "")))
	}
	return match, where
}

func compareFTS5(t *testing.T, ix *Index, qs []string, dir string) {
	db := filepath.Join(dir, "fts.db")
	load := filepath.Join(dir, "load.sql")
	f, err := os.Create(load)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;")
	fmt.Fprintln(w, "CREATE VIRTUAL TABLE seg USING fts5(text, show UNINDEXED, episode UNINDEXED, year UNINDEXED, speaker UNINDEXED, start UNINDEXED);")
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	for s, text := range ix.segText {
		e := ix.Episodes[ix.segEp[s]]
		fmt.Fprintf(w, "INSERT INTO seg VALUES(%s,%s,%d,%d,%s,%d);\n", q(text), q(strings.ToLower(ix.Shows[e.Show].Name)), e.Number, e.Date.Year(), q(strings.ToLower(ix.speakers[ix.segSpeaker[s]])), ix.segStart[s])
	}
	fmt.Fprintln(w, "COMMIT;")
	w.Flush()
	f.Close()
	t0 := time.Now()
	if out, err := exec.Command("sh", "-c", "sqlite3 "+db+" < "+load).CombinedOutput(); err != nil {
		t.Fatalf("sqlite3 load: %v %s", err, out)
	}
	t.Logf("fts5: load and index %d segments %.2fs", len(ix.segText), time.Since(t0).Seconds())

	// One sqlite3 process per query, running it 20 times, less the time
	// of a process that only opens the database: start-up is not
	// measured.
	run := func(script string) time.Duration {
		cmd := exec.Command("sqlite3", db)
		cmd.Stdin = strings.NewReader(".output /dev/null\n" + script)
		t0 := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
			t.Fatalf("sqlite3: %v %s", err, out)
		}
		return time.Since(t0)
	}
	base := run("SELECT 1;\n")
	for range 4 {
		base = min(base, run("SELECT 1;\n"))
	}
	const reps = 20
	var lat []time.Duration
	for _, s := range qs {
		pq, _ := Parse(s, false)
		match, where := ftsQuery(pq)
		cond := "seg MATCH " + q(match)
		for _, x := range where {
			cond += " AND " + x
		}
		// Top 60 places with snippets, and the count of all, as emend
		// gives.
		stmt := fmt.Sprintf("SELECT show, episode, start, snippet(seg, 0, '[', ']', '…', 24) FROM seg WHERE %s ORDER BY rank LIMIT 60; SELECT count(*) FROM seg WHERE %s;\n", cond, cond)
		d := run(strings.Repeat(stmt, reps)) - base
		lat = append(lat, max(d, 0)/reps)
	}
	med, p99 := percentiles(lat)
	t.Logf("fts5: query median %v, p99 %v over %d queries (each the mean of %d runs)", med, p99, len(lat), reps)
}

func compareRipgrep(t *testing.T, ix *Index, qs []string) {
	var files []string
	for _, e := range ix.Episodes {
		files = append(files, e.File)
	}
	var lat []time.Duration
	for _, s := range qs {
		pq, _ := Parse(s, false)
		// The first word or phrase of the query, case-insensitive, as
		// whole words: ripgrep has no AND across a line, nor filters.
		it := pq.Clauses[0].Alts[0]
		pat := strings.Join(it.Words, `\s+`)
		if it.Prefix {
			pat += `\w*`
		}
		args := append([]string{"-i", "-w", "-c", "--no-messages", "-e", pat}, files...)
		t0 := time.Now()
		exec.Command("rg", args...).Run()
		lat = append(lat, time.Since(t0))
	}
	med, p99 := percentiles(lat)
	t.Logf("ripgrep: query median %v, p99 %v over %d queries (first word or phrase only, over the %d indexed files)", med, p99, len(lat), len(files))
}
