package vocab

import (
	"strings"

	"github.com/emend-project/emend/internal/english"
	"github.com/emend-project/emend/internal/phonetic"
)

// DropMisheard removes the terms known only from transcripts that sound
// like a term used ten times as often, a letter away: errors nobody
// corrected yet ("Pydentic" beside Pydantic, "talkbython.fm" beside
// talkpython.fm). Kept, they would pass for right spellings, and the
// errors could never be proposed for fixing. Kept too are words a
// dictionary has ("Davis" beside David), terms that are the other with a
// letter more before or after ("bpython", "PyCons"), and terms of fewer
// than five letters, too many of which are a letter apart. It returns how
// many terms it removed.
func (v *Vocabulary) DropMisheard() int {
	near := map[string][]*Term{} // by key and by each key less one byte
	for k, t := range v.terms {
		if len(k) < 5 {
			continue
		}
		for _, d := range oneLess(k) {
			near[d] = append(near[d], t)
		}
		near[k] = append(near[k], t)
	}
	var drop []string
	for k, t := range v.terms {
		if t.Sources == FromTranscripts && len(k) >= 5 && english.Lookup(t.Text) == english.Unknown && misheard(t, near) {
			drop = append(drop, k)
		}
	}
	for _, k := range drop {
		delete(v.terms, k)
	}
	return len(drop)
}

// misheard reports whether a term sounds like one used ten times as
// often, a letter away, and is not that term with a letter more or less
// at an end (see lengthened). near holds the terms by key and by each key
// less one byte: two keys a letter apart share one of those.
func misheard(t *Term, near map[string][]*Term) bool {
	for _, d := range append(oneLess(t.key), t.key) {
		for _, o := range near[d] {
			if o != t && o.Uses >= 10*max(1, t.Uses) && phonetic.Distance(t.key, o.key, 1) <= 1 &&
				phonetic.Key(t.key) == phonetic.Key(o.key) && !lengthened(t.key, o.key) && !lengthened(o.key, t.key) {
				return true
			}
		}
	}
	return false
}

// lengthened reports whether key a is key b with letters before or after
// it: another term ("bpython" beside python) or another form ("PyCons").
func lengthened(a, b string) bool {
	return len(a) > len(b) && (strings.HasPrefix(a, b) || strings.HasSuffix(a, b))
}

// oneLess returns the strings a key makes without one of its bytes.
func oneLess(k string) []string {
	out := make([]string, 0, len(k))
	for i := 0; i < len(k); i++ {
		out = append(out, k[:i]+k[i+1:])
	}
	return out
}
