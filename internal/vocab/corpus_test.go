package vocab

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/corpustest"
	"github.com/emend-project/emend/internal/transcript"
)

// TestCorpusNotes parses every Python Bytes show notes file: none may
// fail, and together they must give a vocabulary with the names the show
// talks about most.
func TestCorpusNotes(t *testing.T) {
	dir := corpustest.Dir(t, "python-bytes")
	files, err := filepath.Glob(filepath.Join(dir, "show_notes", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skip("no show_notes/*.md in the corpus")
	}
	v := New()
	terms, guests, titled := 0, 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n, err := ParseNotes(data, f)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		terms += len(n.Terms)
		guests += len(n.Guests)
		if n.Title != "" {
			titled++
		}
		v.AddNotes(n)
	}
	t.Logf("%d show notes: %d terms (%d distinct), %d guest names, %d with a title", len(files), terms, v.Len(), guests, titled)
	for _, want := range []string{"pytest", "Pydantic", "FastAPI", "uv", "Django", "Python Bytes", "Brett Cannon"} {
		if v.Lookup(want) == nil {
			t.Errorf("no %q in the notes' vocabulary", want)
		}
	}
	if os.Getenv("EMEND_VOCAB_DUMP") != "" {
		ts := v.Terms()
		sort.Slice(ts, func(i, j int) bool { return ts[i].Uses > ts[j].Uses })
		var b strings.Builder
		for _, term := range ts {
			b.WriteString(term.Text)
			b.WriteString("\t")
			b.WriteString(itoa(term.Uses))
			b.WriteString("\n")
		}
		os.WriteFile(os.Getenv("EMEND_VOCAB_DUMP"), []byte(b.String()), 0o644)
	}
}

func itoa(n int) string {
	return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n))
}

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

// talkPythonTexts reads the segment texts of every Talk Python .txt
// transcript.
func talkPythonTexts(tb testing.TB) []string {
	dir := corpustest.Dir(tb, "talk-python")
	files, err := filepath.Glob(filepath.Join(dir, "transcripts", "*.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	var texts []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		ep, err := transcript.Read(f, data)
		if err != nil {
			tb.Fatalf("%v", err)
		}
		for _, s := range ep.Segments {
			texts = append(texts, s.Text)
		}
	}
	if len(texts) == 0 {
		tb.Skip("no Talk Python transcripts")
	}
	return texts
}

// TestCorpusLearn learns from every Talk Python transcript: it must be
// fast and find the show's names.
func TestCorpusLearn(t *testing.T) {
	texts := talkPythonTexts(t)
	bytes := 0
	for _, s := range texts {
		bytes += len(s)
	}
	start := time.Now()
	got := Learn(texts)
	took := time.Since(start)
	t.Logf("Learn: %d texts, %.1f MB, %d terms in %v", len(texts), float64(bytes)/1e6, len(got), took)
	v := New()
	v.AddUses(got, FromTranscripts)
	for _, want := range []string{"FastAPI", "NumPy", "Python", "Django", "Charlie Marsh", "Guido van Rossum", "scikit-learn", "talkpython.fm"} {
		if term := v.Lookup(want); term == nil || term.Text != want {
			t.Errorf("Lookup(%q) = %+v", want, term)
		}
	}
	for _, bad := range []string{"I", "OK", "The", "So", "Yeah", "Monday", "built-in"} {
		if term := v.Lookup(bad); term != nil {
			t.Errorf("learned %q (%d uses)", term.Text, term.Uses)
		}
	}
	if os.Getenv("EMEND_VOCAB_DUMP") != "" {
		var b strings.Builder
		for _, u := range got {
			b.WriteString(u.Text + "\t" + fmtInt(u.Uses) + "\n")
		}
		os.WriteFile(os.Getenv("EMEND_VOCAB_DUMP")+".learn", []byte(b.String()), 0o644)
	}
}

// BenchmarkLearn measures Learn over the whole Talk Python corpus.
func BenchmarkLearn(b *testing.B) {
	texts := talkPythonTexts(b)
	b.ResetTimer()
	for b.Loop() {
		Learn(texts)
	}
}
