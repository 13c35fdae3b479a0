package vocab

import (
	"fmt"
	"os"
	"path/filepath"
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
	starter, inStarter, seenTwice := Starter(), 0, 0
	for _, term := range v.Terms() {
		if starter.Lookup(term.Text) != nil {
			inStarter++
		}
		if term.Uses >= 2 {
			seenTwice++
		}
	}
	t.Logf("%d of the distinct terms are in the starter list; %d are spelled the same in two episodes or more", inStarter, seenTwice)
	for _, want := range []string{"pytest", "Pydantic", "FastAPI", "uv", "Django", "Python Bytes", "Brett Cannon"} {
		if v.Lookup(want) == nil {
			t.Errorf("no %q in the notes' vocabulary", want)
		}
	}
	// A sample: every n-th term in first-seen order, with its uses.
	ts := v.Terms()
	var sample []string
	for i := 0; i < len(ts) && len(sample) < 30; i += max(1, len(ts)/30) {
		sample = append(sample, fmt.Sprintf("%s (%d)", ts[i].Text, ts[i].Uses))
	}
	t.Logf("sample: %s", strings.Join(sample, ", "))
	// EMEND_VOCAB_DUMP=FILE writes every term with its uses, for a look.
	if f := os.Getenv("EMEND_VOCAB_DUMP"); f != "" {
		var b strings.Builder
		for _, term := range ts {
			fmt.Fprintf(&b, "%s\t%d\t%v\n", term.Text, term.Uses, term.Sources)
		}
		if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
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
	if f := os.Getenv("EMEND_VOCAB_DUMP"); f != "" {
		var b strings.Builder
		for _, u := range got {
			fmt.Fprintf(&b, "%s\t%d\n", u.Text, u.Uses)
		}
		if err := os.WriteFile(f+".learn", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
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
