package suggest

import (
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/english"
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
	// A rule's wrong side, as vocab.AddRules gives it: words heard as it
	// are candidates, though far from the term's own sound, which their
	// Sound feature still measures (a mishearing is no pronunciation).
	learned := NewIndex([]Term{{Text: "WSGI", Source: FromRules, HeardAs: []string{"whiskey"}}})
	tx := newText([]string{"deploy the Wisky app"})
	found := false
	for _, c := range learned.candidates(tx) {
		if tx.fold[c.i] == "wisky" {
			found = true
			if c.sound <= MaxSoundDistance {
				t.Errorf("Wisky -> WSGI: sound distance %.2f, want the term's own (over %.2f)", c.sound, MaxSoundDistance)
			}
		}
	}
	if !found {
		t.Error(`no candidate "Wisky" -> WSGI from the alias a rule gave`)
	}
	if ix.terms[0].Text != "WSGI" || soundDistance(sayWords([]string{"whiskey"}), ix.terms[0].prons) > 0 {
		t.Error("WSGI does not sound like its sounds-like alias whiskey")
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

// TestBurstyOrdinaryWord: an ordinary word said far more often than
// English says it is tried against every term by sound: the same
// mishearing comes back each time the name is said. Said once, or as
// often as English says it, it stays an ordinary word.
func TestBurstyOrdinaryWord(t *testing.T) {
	ix := NewIndex([]Term{{Text: "Jinja"}, {Text: "Mocha"}})
	once := "we render it with ginger and then ship the page"
	if hasCandidate(ix, once, "ginger", "Jinja") {
		t.Errorf("ginger said once is a candidate for Jinja")
	}
	lines := []string{
		"the templates are ginger templates",
		"ginger has filters and macros",
		"so in ginger you write a block",
		"and ginger two added async support",
		"the page is rendered on the server",
	}
	tx := newText(lines)
	found := 0
	for _, c := range ix.candidates(tx) {
		if tx.fold[c.i] == "ginger" && c.j == c.i+1 && ix.terms[c.term].Text == "Jinja" {
			found++
		}
	}
	if found != 4 {
		t.Errorf("ginger said 4 times: %d candidates for Jinja, want 4", found)
	}
	// In an hour of talk (10,000 words), "page" said four times is no
	// more than English says it; "the" never is.
	hour := newText(append([]string{strings.Repeat("the page and the page ", 2)}, strings.Repeat("we went to the shop and then came back home. ", 1000)))
	if hour.bursty("page") || hour.bursty("the") || !hour.ordinary(1) {
		t.Errorf(`"page" (%d) or "the" taken as bursty in %d words`, english.Count("page"), len(hour.fold))
	}
}
