package fix

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/corpustest"
	"github.com/emend-project/emend/internal/history"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/transcript"
)

// TestCorpusEarlyEpisodes fixes Talk Python as it stood at the start of
// 2023, when its early episodes were in every layout of their time: m:ss
// paragraphs with and without a page header, lines ending in carriage
// returns, "[music]" notes between paragraphs, times out of order, a
// table of speakers and times. Every .txt but one must read with its times,
// fix must edit them all, and every file it edits must keep its lines: the
// same number of them, and those without an edit as they were.
func TestCorpusEarlyEpisodes(t *testing.T) {
	dir := corpustest.Dir(t, "talk-python")
	at := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	files, err := history.Snapshot(dir, at, nil)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rules.Parse(strings.NewReader("Jupiter => Jupyter\npedantic => Pydantic\nSQL alchemy => SQLAlchemy\nfast API => FastAPI\nPython => python; case\n"), "test.rules")
	if err != nil {
		t.Fatal(err)
	}
	m, err := rules.Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	// The .txt files, in a library of their own.
	lib := t.TempDir()
	untimed, txt := 0, 0
	for path, data := range files {
		if !strings.HasSuffix(path, ".txt") {
			continue
		}
		txt++
		if ep, _ := transcript.Read(path, data); ep != nil && ep.Format == transcript.Text {
			untimed++
		}
		p := filepath.Join(lib, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l, err := library.Scan([]string{lib}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res := Library(l, m, "")
	refused := 0
	for _, err := range res.Skipped {
		if !strings.Contains(err.Error(), "not a transcript") {
			refused++ // not AssemblyAI's JSON
		}
	}
	edited := len(res.Changes)
	for _, c := range res.Changes {
		sep := []byte("\n")
		if !bytes.Contains(c.Old, sep) {
			sep = []byte("\r")
		}
		before, after := bytes.Split(c.Old, sep), bytes.Split(c.New, sep)
		if len(before) != len(after) {
			t.Errorf("%s: %d lines before, %d after", c.Path, len(before), len(after))
			continue
		}
		for i := range before {
			if !bytes.Equal(before[i], after[i]) && !bytes.Contains(after[i], []byte("python")) &&
				!bytes.Contains(after[i], []byte("Jupyter")) && !bytes.Contains(after[i], []byte("Pydantic")) &&
				!bytes.Contains(after[i], []byte("SQLAlchemy")) && !bytes.Contains(after[i], []byte("FastAPI")) {
				t.Errorf("%s:%d changed without an edit: %.80q", c.Path, i+1, after[i])
				break
			}
		}
	}
	t.Logf("%d .txt files: %d read as untimed text, %d edited, %d left alone: %v", txt, untimed, edited, refused, res.Skipped)
	// The one read untimed is an episode without a line break.
	if untimed > 1 || refused > 0 || edited < 300 {
		t.Errorf("%d untimed (want 1 at most), %d left alone (want none), %d edited (300 at least)", untimed, refused, edited)
	}
}
