package vocab

import "testing"

// TestDropMisheard: a term seen only in transcripts, sounding like one
// used ten times as often a letter away, is an error nobody corrected;
// not a term of another source, a dictionary word, a short term, a term
// used nearly as often, a term that sounds otherwise, or the term with a
// letter more.
func TestDropMisheard(t *testing.T) {
	v := New()
	v.AddUses([]TermUse{
		{Text: "Pydantic", Uses: 300},
		{Text: "Pydentic", Uses: 26},       // misheard: dropped
		{Text: "talkpython.fm", Uses: 900}, // the show's address
		{Text: "talkpythen.fm", Uses: 14},  // misheard: dropped
		{Text: "David", Uses: 500},
		{Text: "Davis", Uses: 22}, // a dictionary word: kept
		{Text: "Django", Uses: 2000},
		{Text: "Djangoo", Uses: 250}, // used too often: kept
		{Text: "Python", Uses: 9000},
		{Text: "RPython", Uses: 21}, // sounds otherwise: kept
		{Text: "bpython", Uses: 8},  // a letter more: kept
		{Text: "Dask", Uses: 700},
		{Text: "Dosk", Uses: 3}, // short: kept
	}, FromTranscripts)
	v.AddAll([]string{"Pydanticc"}, FromNotes) // another source: kept
	if n := v.DropMisheard(); n != 2 {
		t.Errorf("dropped %d terms, want 2", n)
	}
	for _, w := range []string{"Pydentic", "talkpythen.fm"} {
		if v.Lookup(w) != nil {
			t.Errorf("%s kept", w)
		}
	}
	for _, w := range []string{"Pydantic", "talkpython.fm", "Davis", "Djangoo", "RPython", "bpython", "Dosk", "Pydanticc"} {
		if v.Lookup(w) == nil {
			t.Errorf("%s dropped", w)
		}
	}
}
