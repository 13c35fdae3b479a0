package suggest

import (
	"github.com/emend-project/emend/internal/english"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/vocab"
)

// EpisodeTerms are the terms of one episode's own evidence, for
// Index.With: its show notes' terms (NotesTerms) and the names the notes
// only mention in running text or in their links' addresses ("from
// Gregory Szorc", github.com/deliro/moka-py), all of this episode's
// notes: the names most likely said in it.
func EpisodeTerms(n *vocab.Notes) []Term {
	out := NotesTerms(n)
	if n == nil {
		return out
	}
	for _, t := range n.Mentions {
		out = append(out, Term{Text: t, Source: FromNotes})
	}
	for k := range out {
		out[k].Episode = true
	}
	return out
}

// MinOwnUses is how often an episode must spell a name exactly so, in its
// own raw text, before the name is a term for it (see OwnTerms).
const MinOwnUses = 3

// OwnTerms are the names an episode spells itself, consistently, that the
// index does not know: "RSGI" seven times in an interview about it, which
// makes "RSCI" there a candidate. A name must be spelled so MinOwnUses
// times or more, be no English word, and sound and look like no term the
// index knows: a word recurring close to a known term ("Granium" five
// times, for Granian) is the same mishearing each time the name is said,
// not a name, and as a term it would hide the right one. They are of the
// weakest source learned, corrected transcripts.
func (ix *Index) OwnTerms(texts []string) []Term {
	var out []Term
	for _, u := range vocab.Learn(texts) {
		if u.Uses < MinOwnUses || ix.Has(u.Text) || english.IsWord(u.Text) {
			continue
		}
		if len(ix.candidates(newText([]string{u.Text}))) > 0 {
			continue
		}
		out = append(out, Term{Text: u.Text, Source: FromTranscripts})
	}
	return out
}

// EvidenceTerms are all the terms one episode's own evidence gives: its
// notes' (EpisodeTerms) and the names its raw text spells itself
// (OwnTerms, judged against the index with the notes' terms), for
// Index.With.
func (ix *Index) EvidenceTerms(notes *vocab.Notes, texts []string) []Term {
	terms := EpisodeTerms(notes)
	if len(texts) == 0 {
		return terms
	}
	return append(terms, ix.With(terms).OwnTerms(texts)...)
}

// episodeTexts are the segment texts of an episode's first readable copy.
func episodeTexts(ep *library.Episode) []string {
	for _, c := range ep.Copies {
		if f := Primary(c); f != nil && f.Episode != nil {
			texts := make([]string, len(f.Episode.Segments))
			for i, s := range f.Episode.Segments {
				texts[i] = s.Text
			}
			return texts
		}
	}
	return nil
}
