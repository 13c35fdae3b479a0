package spelling

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/emend-project/emend/internal/english"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/vocab"
)

// The episode's own evidence, and the variants whose shape is evidence
// enough.

// NotesEvidenceTimes is how often an episode's own show notes must write a
// term in its canonical spelling, and never in the variant's, before a
// variant the guards keep as an ordinary word or an acronym ("UV" for uv)
// is corrected in that episode.
const NotesEvidenceTimes = 3

// MinShouted is the fewest letters of a term in capitals ("PIPX") that is
// corrected to its lower-case spelling without a decision: shorter ones
// ("UV", "FD", "PO") are acronyms of their own.
const MinShouted = 4

// senseWords are the neighbours in whose company an acronym or a word
// keeps its ordinary sense, whatever the notes say: "UV light", "the UV
// index".
var senseWords = map[string]map[string]bool{
	"uv": set("light lights lamp lamps ray rays radiation index protection exposure damage resistant rated resistance " +
		"sterilization sterilisation sensitive curing cure filter filters blocking level levels spectrum led leds " +
		"visible infrared sun sunlight skin"),
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// EpisodeRules is Rules for one episode, with its own show notes as
// evidence (nil: none): a variant kept as an ordinary word or an acronym
// is corrected where the notes write the term NotesEvidenceTimes times or
// more and never as the variant, and the term's spelling is distinctive
// (lower case heard in capitals, "UV" for uv; or camel case, "spaCy"),
// unless a neighbour gives the ordinary sense ("UV light").
func (s *Set) EpisodeRules(texts []string, notes *vocab.Notes) []*rules.Rule {
	occ := s.find(texts, notes)
	fixed := Corrected(occ)
	seen := map[string]bool{}
	var out []*rules.Rule
	for _, o := range occ {
		if !fixed[o.Variant] || seen[o.Variant] {
			continue
		}
		seen[o.Variant] = true
		out = append(out, &rules.Rule{Wrong: o.Variant, Right: o.Canonical, Case: true, Comment: "spelling", Source: "spellings"})
	}
	rules.Sort(out)
	return out
}

// FindWith is Find with an episode's show notes as evidence (see
// EpisodeRules).
func (s *Set) FindWith(texts []string, notes *vocab.Notes) []Occurrence { return s.find(texts, notes) }

// notesEvidence lifts the ordinary-word and acronym guards where the
// episode's notes spell the term (see EpisodeRules).
func (s *Set) notesEvidence(occ []Occurrence, notes *vocab.Notes) {
	if notes == nil {
		return
	}
	for k := range occ {
		o := &occ[k]
		if o.Why != WhyOrdinary && o.Why != WhyDecision || strings.Contains(o.Variant, " ") || strings.Contains(o.Canonical, " ") {
			continue
		}
		if notes.Count(o.Canonical) < NotesEvidenceTimes || notes.Count(o.Variant) > 0 {
			continue
		}
		t := s.voc.Lookup(o.Canonical)
		if t == nil || t.Common {
			continue
		}
		lowerCanon := strings.ToLower(o.Canonical) == o.Canonical
		switch {
		case o.Why == WhyDecision && !(acronym(o.Variant) && lowerCanon):
			continue // "rest" for REST: the notes' topic is no evidence for a common word
		case !(lowerCanon && acronym(o.Variant)) && !camelCase(o.Canonical):
			continue // "Twine" for twine: many a lower-case brand is capitalised in prose
		}
		if sw := senseWords[strings.ToLower(o.Variant)]; sw[o.prev] || sw[o.next] {
			continue
		}
		o.Why = ""
	}
}

// shouted reports whether a variant is a one-word lower-case name of a
// trusted source written in capitals ("PIPX" for pipx): no acronym of its
// own, being no English word and at least MinShouted letters.
func shouted(variant string, t *vocab.Term) bool {
	canon := t.Text
	if t.Common || t.Sources&(vocab.FromUser|vocab.FromStarter) == 0 || strings.ContainsAny(canon, " -._") || strings.ToLower(canon) != canon {
		return false
	}
	if !acronym(variant) || strings.ToLower(variant) != canon || utf8.RuneCountInString(variant) < MinShouted {
		return false
	}
	return english.Lookup(canon) == english.Unknown
}

// capitalName reports whether a one-word variant, capitalised inside a
// sentence, is a trusted term in camel case ("Spacy" for spaCy):
// the capital says a name, which the ordinary word ("spacy") is not,
// unless a capitalised word follows: a longer name ("Palm Pilot" is not
// PaLM).
func capitalName(span []word, variant string, t *vocab.Term, next string) bool {
	if len(span) != 1 || span[0].sentenceStart || t.Common || t.Sources&(vocab.FromUser|vocab.FromStarter) == 0 {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(next); unicode.IsUpper(r) && next != "I" {
		return false // a word of another name: "Palm Pilot"
	}
	r, n := utf8.DecodeRuneInString(variant)
	if !unicode.IsUpper(r) || strings.ToLower(variant[n:]) != variant[n:] || utf8.RuneCountInString(variant) < 4 {
		return false
	}
	return camelCase(t.Text) && !strings.ContainsAny(t.Text, " -._")
}

// camelCase reports whether a spelling has a capital after a lower-case
// letter ("spaCy", "NumPy"; not "REST" or "RAPIDS", whose capitalised
// word is the ordinary one).
func camelCase(s string) bool {
	lower := false
	for _, r := range s {
		if lower && unicode.IsUpper(r) {
			return true
		}
		lower = unicode.IsLower(r)
	}
	return false
}

// showTitle reports whether a variant of several words is one of the
// show's own names (emend.toml) in title case with another case of its
// small words ("Talk Python to Me" for Talk Python To Me): a title, not
// the words in their own sense, which are not capitalised ("talk Python
// to me").
func (s *Set) showTitle(variant string, t *vocab.Term) bool {
	if !s.show[vocab.Key(t.Text)] {
		return false
	}
	ws, cs := strings.Fields(variant), strings.Fields(t.Text)
	if len(ws) < 3 || len(ws) != len(cs) {
		return false
	}
	for i, w := range ws {
		if !strings.EqualFold(w, cs[i]) {
			return false
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !smallWords[strings.ToLower(w)] {
			return false
		}
	}
	r, _ := utf8.DecodeRuneInString(ws[len(ws)-1])
	return unicode.IsUpper(r)
}

// smallWords are the words title case may leave in lower case.
var smallWords = set("a an the and or of to in on at by for with from as is vs")
