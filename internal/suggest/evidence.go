package suggest

import "github.com/emend-project/emend/internal/vocab"

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
	return out
}
