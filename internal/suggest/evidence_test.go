package suggest

import (
	"slices"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/vocab"
)

func TestOwnTerms(t *testing.T) {
	ix := NewIndex([]Term{{Text: "Granian", Source: FromTranscripts}, {Text: "WSGI", Source: FromStarter}})
	texts := []string{
		"RSGI is the Rust server gateway interface.",
		"Granium runs it, and RSGI apps run on Granium.",
		"So Granium speaks RSGI, and Zorblax twice, Zorblax.",
		"The Garden is nice, a Garden, the Garden.",
	}
	var got []string
	for _, tm := range ix.OwnTerms(texts) {
		got = append(got, tm.Text)
		if tm.Source != FromTranscripts {
			t.Errorf("%s: source %v, want corrected transcripts", tm.Text, tm.Source)
		}
	}
	if !slices.Contains(got, "RSGI") {
		t.Errorf("OwnTerms = %q: no RSGI (three times in the episode)", got)
	}
	for _, bad := range []string{"Granium", "Zorblax", "Garden", "Granian"} {
		if slices.Contains(got, bad) {
			t.Errorf("OwnTerms = %q: has %s (close to a known term, seen twice, English, or known)", got, bad)
		}
	}
}

func TestEvidenceTerms(t *testing.T) {
	n, err := vocab.ParseNotes([]byte("# Episode 1\n\n- [moka-py](https://github.com/deliro/moka-py) from Gregory Szorc\n"), "1.md")
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(nil)
	var got []string
	for _, tm := range ix.EvidenceTerms(n, strings.Split("RSGI here. RSGI there. RSGI everywhere.", " ")) {
		got = append(got, tm.Text)
		if tm.Text != "RSGI" && tm.Source != FromNotes {
			t.Errorf("%s: source %v, want show notes", tm.Text, tm.Source)
		}
	}
	for _, want := range []string{"moka-py", "deliro", "Gregory Szorc", "RSGI"} {
		if !slices.Contains(got, want) {
			t.Errorf("EvidenceTerms = %q: no %s", got, want)
		}
	}
	// Proposals find the mention: "Delario" heard for deliro.
	eix := ix.With(ix.EvidenceTerms(n, nil))
	found := false
	for _, c := range eix.candidates(newText([]string{"the author, Delario, wrote it"})) {
		if eix.terms[c.term].Text == "deliro" {
			found = true
		}
	}
	if !found {
		t.Error(`"Delario" is no candidate for the notes' deliro`)
	}
}

// TestOwnNotesAndUnheard checks the two features of an episode's own
// evidence: a term its notes name (OwnNotes, not for the same term of the
// vocabulary at large) and heard words that are no word at all (Unheard:
// "Valky", not "value" nor a word the library's text has).
func TestOwnNotesAndUnheard(t *testing.T) {
	base := NewIndex([]Term{{Text: "Valkey", Source: FromNotes}, {Text: "Codeium", Source: FromNotes}})
	ep := base.With(EpisodeTerms(&vocab.Notes{Terms: []string{"Valkey"}}))
	lm := newBigrams("we use codium at work")
	text := []string{"Valky is a fork of Redis. Codium writes code."}
	for _, tt := range []struct {
		ix           *Index
		after        string
		own, unheard float64
	}{
		{ep, "Valkey", 1, 1},
		{base, "Valkey", 0, 1},
		{ep, "Codeium", 0, 0}, // "codium" is in the library's text
	} {
		var got *Proposal
		for _, p := range tt.ix.Propose(text, Options{Model: lm}) {
			if p.After == tt.after {
				got = &p
			}
		}
		if got == nil {
			t.Errorf("no proposal of %s", tt.after)
			continue
		}
		if got.Features.OwnNotes != tt.own || got.Features.Unheard != tt.unheard {
			t.Errorf("%s for %q: OwnNotes %v, Unheard %v; want %v, %v", tt.after, got.Before, got.Features.OwnNotes, got.Features.Unheard, tt.own, tt.unheard)
		}
	}
}

// TestInSlug checks that the file name's words name a term for the
// feature InSlug: joined ("dagster") or word by word ("django-ninja").
func TestInSlug(t *testing.T) {
	ix := NewIndex([]Term{{Text: "Dagster", Source: FromStarter}, {Text: "Django Ninja", Source: FromStarter}})
	text := []string{"Daxter runs it. The Django Ninjah API serves it."}
	for _, tt := range []struct {
		slug  string
		after string
		want  float64
	}{
		{"dagster", "Dagster", 1},
		{"data-engineering", "Dagster", 0},
		{"django-ninja", "Django Ninja", 1},
		{"django-tips", "Django Ninja", 0},
		{"", "Dagster", 0},
	} {
		got := -1.0
		for _, p := range ix.Propose(text, Options{Slug: tt.slug}) {
			if p.After == tt.after {
				got = p.Features.InSlug
			}
		}
		if got != tt.want {
			t.Errorf("slug %q: InSlug of %s = %v, want %v (-1: no proposal)", tt.slug, tt.after, got, tt.want)
		}
	}
}
