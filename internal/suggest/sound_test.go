package suggest

import (
	"strings"
	"testing"
)

// soundTerms are names a show is misheard on, as this episode's notes
// give them.
var soundTerms = []Term{
	{Text: "Codeium", Source: FromNotes}, {Text: "Okken", Source: FromNotes}, {Text: "Mocha", Source: FromNotes},
	{Text: "Hynek", Source: FromNotes}, {Text: "Quarto", Source: FromNotes}, {Text: "Valkey", Source: FromNotes},
	{Text: "Polars", Source: FromNotes}, {Text: "Granian", Source: FromRules}, {Text: "Kafka"}, {Text: "Black"},
	{Text: "uv", Source: FromRules}, {Text: "Django"},
}

func TestSoundCandidates(t *testing.T) {
	ix := NewIndex(soundTerms)
	tests := []struct {
		text, heard, want string
	}{
		{"I'm Brian Arkin and this is the show", "Arkin", "Okken"},
		{"we'll test it with Moka and chai", "Moka", "Mocha"},
		{"this week Henick wrote about it", "Henick", "Hynek"},
		{"the docs are built with Corto now", "Corto", "Quarto"},
		{"they forked Redis as Valky", "Valky", "Valkey"},
		{"serve it with Grinion in production", "Grinion", "Granian"},
		{"load it in polar and group by", "polar", "Polars"}, // the notes name Polars
	}
	for _, tt := range tests {
		t.Run(tt.heard, func(t *testing.T) {
			if !hasCandidate(ix, tt.text, tt.heard, tt.want) {
				t.Errorf("no candidate %q -> %q in %q", tt.heard, tt.want, tt.text)
			}
		})
	}
}

// TestSoundKeepsOrdinaryWords: ordinary English words in their ordinary
// sense are no candidates by sound for a term the episode does not name.
func TestSoundKeepsOrdinaryWords(t *testing.T) {
	ix := NewIndex(soundTerms)
	for _, text := range []string{
		"it is a black box to me", // the term itself, in lower case
		"let me get a coffee first",
		"the UV light was on",
		"Django is the framework", // spelled right
	} {
		tx := newText([]string{text})
		for _, c := range ix.candidates(tx) {
			if c.bySound {
				t.Errorf("%q: unexpected candidate by sound %q -> %q", text, text[tx.at[c.i][0]:tx.at[c.j-1][1]], ix.terms[c.term].Text)
			}
		}
	}
	// "polar bear" with Polars from the starter list, not the notes.
	ix = NewIndex([]Term{{Text: "Polars"}})
	tx := newText([]string{"a polar bear on the ice"})
	for _, c := range ix.candidates(tx) {
		if c.bySound {
			t.Errorf("polar bear: unexpected candidate by sound -> %q", ix.terms[c.term].Text)
		}
	}
}

// TestSoundOverLearnedName: a name learned from transcripts ("Arkin",
// heard so and never corrected) gives way by sound to a term of the
// rules, not to one of the starter list.
func TestSoundOverLearnedName(t *testing.T) {
	ix := NewIndex([]Term{{Text: "Arkin", Source: FromTranscripts}, {Text: "Okken", Source: FromRules}, {Text: "Aiken"}})
	tx := newText([]string{"I'm Brian Arkin, welcome"})
	var got []string
	for _, c := range ix.candidates(tx) {
		got = append(got, ix.terms[c.term].Text)
	}
	if len(got) != 1 || got[0] != "Okken" {
		t.Errorf("candidates for a learned name = %q, want only Okken", got)
	}
}

// TestSoundGuards: words that begin otherwise, or the term inflected,
// are no candidates by sound, even for the episode's own terms.
func TestSoundGuards(t *testing.T) {
	ix := NewIndex([]Term{{Text: "Michael", Source: FromNotes}, {Text: "Quarantine", Source: FromNotes}, {Text: "Flit", Source: FromNotes}})
	for _, text := range []string{
		"will be even more sort of unequal with the", // AH N IY K W AH L, M AY K AH L: 0.24 apart
		"the things he talked about was quarantining",
		"flits like twice as fast",
	} {
		tx := newText([]string{text})
		for _, c := range ix.candidates(tx) {
			if c.bySound {
				t.Errorf("%q: unexpected candidate by sound %q -> %q", text, text[tx.at[c.i][0]:tx.at[c.j-1][1]], ix.terms[c.term].Text)
			}
		}
	}
}

// TestSoundsLikeAliases: words said as a term's alias are candidates for
// it, ordinary English or not and whatever the term's source; words
// merely near an alias, or a term without aliases, are not.
func TestSoundsLikeAliases(t *testing.T) {
	ix := NewIndex([]Term{
		{Text: "WSGI", SoundsLike: []string{"whiskey", "wiz gee"}},
		{Text: "Gunicorn", SoundsLike: []string{"green unicorn"}},
		{Text: "Jinja"},
	})
	for _, tt := range []struct{ text, heard, want string }{
		{"it is a whiskey server behind nginx", "whiskey", "WSGI"},
		{"it is a whisky server behind nginx", "whisky", "WSGI"},
		{"the green unicorn workers restart", "green unicorn", "Gunicorn"},
	} {
		if !hasCandidate(ix, tt.text, tt.heard, tt.want) {
			t.Errorf("no candidate %q -> %q in %q", tt.heard, tt.want, tt.text)
		}
	}
	// A rule's wrong side, as vocab.AddRules gives it: words heard near
	// it are candidates, though far from the term's own letters.
	learned := NewIndex([]Term{{Text: "WSGI", Source: FromRules, SoundsLike: []string{"whiskey"}}})
	if !hasCandidate(learned, "deploy the Wisky app", "Wisky", "WSGI") {
		t.Error(`no candidate "Wisky" -> WSGI from the alias a rule gave`)
	}
	for _, tt := range []struct{ text, heard, want string }{
		{"a whisker of a chance", "whisker", "WSGI"},           // near the alias, but ordinary
		{"a green unicorn pony", "green", "Gunicorn"},          // part of the alias
		{"a ginger cat with the templates", "ginger", "Jinja"}, // no alias: ordinary words stay
	} {
		if hasCandidate(ix, tt.text, tt.heard, tt.want) {
			t.Errorf("unexpected candidate %q -> %q in %q", tt.heard, tt.want, tt.text)
		}
	}
}

// TestSoundsLikeInOrdinarySense: an alias makes ordinary words candidates,
// not proposals: in their ordinary sense, the language model keeps them.
func TestSoundsLikeInOrdinarySense(t *testing.T) {
	ix := NewIndex([]Term{{Text: "WSGI", SoundsLike: []string{"whiskey"}}})
	m := newBigrams(strings.Repeat("He poured a glass of whiskey and a glass of water.\nThe app is a WSGI app behind a WSGI server.\n", 20))
	ps := proposals(t, ix, m, "he poured a glass of whiskey for the guests")
	if p, ok := ps["whiskey"]; ok && p.Confidence >= DefaultThreshold {
		t.Errorf("proposed %q -> %q at %.2f in its ordinary sense", p.Before, p.After, p.Confidence)
	}
}
