// Package learn turns the edits people made to transcripts into correction
// rules. It aligns each edited region word by word, keeps the replacements
// that correct terms (names, products, casing) and leaves out what is no
// reusable correction: re-transcriptions, filler words removed, punctuation
// and grammar edits, one-off rewrites, edits later reverted. Where the wrong
// words also survive in text people corrected ("a rough idea" beside "pip
// install ruff"), it learns the contexts in which the fix applies.
package learn

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/emend-project/emend/internal/history"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/transcript"
)

// Options tune what is learned.
type Options struct {
	// MinEpisodes is how many episodes a fix must have been made in to
	// become a rule (default 2). A fix made in one episode only becomes a
	// rule when made MinTimes times there and its right words look like
	// a term (a capital inside, a digit, a joiner), or its wrong word is
	// no English and its right one no English name.
	MinEpisodes int
	MinTimes    int // default 3
}

// pair is what was seen of one correction, wrong words to right words.
type pair struct {
	wrong, right string
	count        int
	episodes     map[string]bool
	files        map[string]bool // episode files the fix was made in
	contexts     map[string]int  // folded neighbour words at the fixed places, "<w" before, ">w" after
	example      string
	exampleAt    time.Time
	last         time.Time
}

// Learner collects corrections from changes, in the order they were made.
type Learner struct {
	opt   Options
	pairs map[string]*pair // by wrong + "\x00" + right
	// edits counts every replacement seen, corrections or not, by wrong
	// + "\x00" + right: an undoing edit need not look like a correction.
	edits map[string]int
	// Stats counts what was read and left out, for reports.
	Stats Stats
	// finalEpisodes is how many episodes the final text given to Rules holds,
	// and rightIn the episodes of it where each candidate's right words
	// stand (by folded words).
	finalEpisodes int
	rightIn       map[string]map[string]bool
	// rightBeside counts, for each candidate's right words (folded), how
	// often the final text writes them beside each naming neighbour of
	// their fixes (by one-word context key).
	rightBeside map[string]map[string]int
	// spellings counts the fixes of spacing, joins and case (whatever
	// isCorrection says of them), by wrong + "\x00" + right.
	spellings map[string]*pair
	// latest is the date of the latest correction read.
	latest time.Time
}

// Stats counts what a Learner saw.
type Stats struct {
	Changes, Hunks      int
	Rewrites            int // hunks left out as re-transcriptions
	Replacements        int // word replacements found
	Ignored             int // replacements that are no term correction
	Reverted            int // corrections undone later
	Rules               int
	Contextual, Dropped int // rules given contexts; candidates dropped as ambiguous
	OneEpisode, TooRare int
	Superseded          int // fixes whose right words people changed again
	Spellings           int // rules of a term's spelling (see conventions)
	Variants            int // rules of unfixed misspellings of a term (see variants)
}

// New returns a Learner.
func New(opt Options) *Learner {
	if opt.MinEpisodes == 0 {
		opt.MinEpisodes = 2
	}
	if opt.MinTimes == 0 {
		opt.MinTimes = 3
	}
	return &Learner{opt: opt, pairs: map[string]*pair{}, edits: map[string]int{}, spellings: map[string]*pair{}}
}

// Limits of what counts as a correction rather than a rewrite.
const (
	maxHunkLines = 40  // a larger hunk is a re-transcription
	maxWords     = 4   // a replacement of more words is a rewrite
	minKept      = 0.5 // the share of a hunk's words kept, at least
	// A file change of remadeLines changed lines or more, most of them
	// in re-transcribed hunks, made the file again: its small hunks are
	// the new speech recognition run's differences too ("McGugan" made
	// "McCoogan" by a new run of 745 Python Bytes files), no corrections.
	remadeLines = 200
)

// isRewrite reports whether replacing a words by b words, keeping kept of
// them, is a re-transcription rather than corrections: more than a few
// words changed, and under half kept.
func isRewrite(a, b, kept int) bool {
	return a+b-2*kept > 8 && float64(kept) < minKept*float64(max(a, b))
}

// hunk is a hunk's words, aligned.
type hunk struct {
	old, new           []string
	oldMarks, newMarks []mark
	regions            []region
	rewrite            bool // a re-transcription
}

// Change feeds one change into the learner.
func (l *Learner) Change(c history.Change) error {
	l.apply(prepare(c))
	return nil
}

// prepared is a change with its hunks' words aligned: what Change
// computes before it counts anything, needing no state of the learner, so
// that the changes of a history are prepared on every core and counted in
// order (see Learn).
type prepared struct {
	c     history.Change
	hunks []hunk
	whole bool // the change made the file again (see remadeLines)
}

// prepare aligns the words of each of c's hunks.
func prepare(c history.Change) prepared {
	hunks := make([]hunk, len(c.Hunks))
	lines, remade := 0, 0
	for i, h := range c.Hunks {
		n := len(h.Old) + len(h.New)
		lines += n
		a := &hunks[i]
		if len(h.Old) > maxHunkLines || len(h.New) > maxHunkLines {
			a.rewrite = true
			remade += n
			continue
		}
		a.old, a.oldMarks = hunkWords(h.Old)
		a.new, a.newMarks = hunkWords(h.New)
		if len(a.old) == 0 || len(a.new) == 0 {
			continue
		}
		var kept int
		a.regions, kept = align(a.old, a.new)
		if isRewrite(len(a.old), len(a.new), kept) {
			a.rewrite = true
			remade += n
		}
	}
	return prepared{c: c, hunks: hunks, whole: lines >= remadeLines && 2*remade > lines}
}

// apply counts the corrections of a prepared change.
func (l *Learner) apply(pc prepared) {
	c := pc.c
	l.Stats.Changes++
	ep := episodeKey(c.NewPath)
	var when time.Time
	if c.Commit != nil {
		when = c.Commit.Date
	}
	for _, h := range pc.hunks {
		l.Stats.Hunks++
		if h.rewrite || pc.whole {
			l.Stats.Rewrites++
			continue
		}
		old, new, oldMarks, newMarks := h.old, h.new, h.oldMarks, h.newMarks
		for _, r := range splitRepeats(h.regions, old, new) {
			l.Stats.Replacements++
			r = glued(r, old, new, oldMarks, newMarks)
			wrong, right := join(old[r.a0:r.a1]), spell(new, newMarks, r.b0, r.b1, oldMarks, r.a0, r.a1)
			l.edits[wrong+"\x00"+right]++
			if plain := join(new[r.b0:r.b1]); wrong != plain && sameLetters(wrong, plain) {
				l.spelled(wrong, plain, ep)
			}
			if !isCorrection(old[r.a0:r.a1], new[r.b0:r.b1]) {
				l.Stats.Ignored++
				continue
			}
			l.record(wrong, right, ep, c.NewPath, when, new, newMarks, r)
		}
	}
}

// splitRepeats splits a region that repeats one word's fix ("Jupiter,
// Jupiter" to "Jupyter, Jupyter") into a region a word.
func splitRepeats(regions []region, old, new []string) []region {
	var out []region
	for _, r := range regions {
		n := r.a1 - r.a0
		same := n > 1 && r.b1-r.b0 == n
		for k := 1; same && k < n; k++ {
			same = old[r.a0+k] == old[r.a0] && new[r.b0+k] == new[r.b0]
		}
		if !same {
			out = append(out, r)
			continue
		}
		for k := 0; k < n; k++ {
			out = append(out, region{r.a0 + k, r.a0 + k + 1, r.b0 + k, r.b0 + k + 1})
		}
	}
	return out
}

// record counts one correction made at a place.
func (l *Learner) record(wrong, right, ep, file string, when time.Time, new []string, marks []mark, r region) {
	key := wrong + "\x00" + right
	p := l.pairs[key]
	if p == nil {
		p = &pair{wrong: wrong, right: right, episodes: map[string]bool{}, files: map[string]bool{}, contexts: map[string]int{}}
		l.pairs[key] = p
	}
	p.count++
	p.episodes[ep] = true
	p.files[file] = true
	for _, k := range contextKeys(foldAll(new[max(0, r.b0-2):r.b0]), foldAll(new[r.b1:min(len(new), r.b1+2)])) {
		p.contexts[k]++
	}
	if p.example == "" {
		lo, hi := max(0, r.b0-4), min(len(new), r.b1+4)
		p.example = fmt.Sprintf("%s: %s", path.Base(file), spell(new, marks, lo, hi, nil, 0, 0))
		p.exampleAt = when
	}
	if when.After(p.last) {
		p.last = when
	}
	if when.After(l.latest) {
		l.latest = when
	}
}

// hunkWords returns the words of the text of a hunk's lines, leaving out
// what is no spoken text: WebVTT timing lines, cue numbers, headers, and
// the time at the start of an "HH:MM:SS text" line. Each word's marks say
// what people wrote around it that is no word: the "/" that glues it to the
// word before ("talkpython.fm/youtube"), a sign before it ("@talkpython",
// ".NET") and after it ("C#", "C++").
func hunkWords(lines []string) (words []string, marks []mark) {
	n := 0
	for _, line := range lines {
		n += strings.Count(line, " ") + 1
	}
	words = make([]string, 0, n)
	for _, line := range lines {
		t := lineText(line)
		prev := -1
		for i := 0; ; {
			start, stop, next := rules.NextWord(t, i)
			if start >= len(t) {
				break
			}
			i = next
			var m mark
			if prev >= 0 && start > prev && !strings.ContainsFunc(t[prev:start], unicode.IsSpace) {
				m.glue = t[prev:start]
			} else if start > 0 && strings.IndexByte("@.#$", t[start-1]) >= 0 && (start == 1 || t[start-2] == ' ') {
				m.pre = t[start-1 : start]
			} else if k := flagStart(t, start); k < start {
				m.pre = t[k:start] // a command's option: "pip install -r"
			}
			end := stop
			for end < len(t) && end-stop < 2 && (t[end] == '#' || t[end] == '+') {
				end++
			}
			m.post = t[stop:end]
			if m != (mark{}) && marks == nil {
				marks = make([]mark, len(words), max(n, cap(words))) // the marks so far, none
			}
			words = append(words, t[start:stop])
			if marks != nil {
				marks = append(marks, m)
			}
			prev = stop
		}
	}
	if marks == nil {
		marks = noMarks(len(words))
	}
	return words, marks
}

// noMarks returns n words' marks when they have none: most hunks' words
// have none, and their lists were a fifth of what learning allocated.
func noMarks(n int) []mark {
	if n <= len(zeroMarks) {
		return zeroMarks[:n:n]
	}
	return make([]mark, n)
}

// zeroMarks is shared by the hunks that have no marks; it is never written.
var zeroMarks = make([]mark, 4096)

// flagStart returns where the dashes of an option ("-r", "--user") that
// begins at byte i of t start: one or two dashes after a blank or at the
// start; i when there are none.
func flagStart(t string, i int) int {
	k := i
	for k > 0 && i-k < 2 && t[k-1] == '-' {
		k--
	}
	if k == i || k > 0 && t[k-1] != ' ' {
		return i
	}
	return k
}

// mark is what people wrote around a word that is no word (see hunkWords).
type mark struct{ glue, pre, post string }

// glued widens a region to the word people glued its right words to
// where the wrong words stood apart from it: "talkpython.fm slash YouTube"
// fixed to "talkpython.fm/youtube" is the region "slash YouTube" to
// "youtube", whose rule would write "talkpython.fm youtube"; widened, the
// rule writes what people wrote.
func glued(r region, old, new []string, oldMarks, newMarks []mark) region {
	if r.a0 > 0 && r.b0 > 0 && newMarks[r.b0].glue != "" && oldMarks[r.a0].glue == "" && old[r.a0-1] == new[r.b0-1] {
		r.a0, r.b0 = r.a0-1, r.b0-1
	}
	if r.a1 < len(old) && r.b1 < len(new) && newMarks[r.b1].glue != "" && oldMarks[r.a1].glue == "" && old[r.a1] == new[r.b1] {
		r.a1, r.b1 = r.a1+1, r.b1+1
	}
	return r
}

// spell writes new words i..j as people wrote them: joined by their glue
// or a blank, with the signs around them that the old words a0..a1 lacked
// ("at Talk Python" fixed to "@talkpython").
func spell(new []string, marks []mark, i, j int, oldMarks []mark, a0, a1 int) string {
	var b strings.Builder
	if oldMarks == nil || marks[i].pre != oldMarks[a0].pre {
		b.WriteString(marks[i].pre)
	}
	for k := i; k < j; k++ {
		if k > i {
			if marks[k].glue != "" {
				b.WriteString(marks[k].glue)
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(new[k])
	}
	if oldMarks == nil || marks[j-1].post != oldMarks[a1-1].post {
		b.WriteString(marks[j-1].post)
	}
	return b.String()
}

func lineText(line string) string {
	t := strings.TrimSpace(line)
	switch {
	case t == "", strings.Contains(t, "-->"), strings.HasPrefix(t, "WEBVTT"), strings.HasPrefix(t, "NOTE"), isNumber(t):
		return ""
	}
	if len(t) >= 9 && t[2] == ':' && t[5] == ':' && t[8] == ' ' && isNumber(t[:2]) && isNumber(t[3:5]) && isNumber(t[6:8]) {
		return t[9:]
	}
	return t
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func join(ws []string) string { return strings.Join(ws, " ") }

// episodeKey names the episode a file belongs to: its directory and
// number, so that the .txt and .vtt of an episode are one episode.
func episodeKey(p string) string {
	n, _ := transcript.ParseName(p)
	if n < 0 {
		return strings.TrimSuffix(p, path.Ext(p))
	}
	return fmt.Sprintf("%s#%d", path.Dir(p), n)
}

// fillers are words speech recognition writes and editors remove.
var fillers = wordSet("um uh uhm umm hmm mm mhm er ah oh like yeah yes so okay ok right alright well you know i mean")

// informal are spoken forms editors write out ("gonna" as "going to"):
// style, not terms.
var informal = wordSet("gonna wanna gotta kinda sorta cause cuz lemme gimme dunno ya y'all 'cause outta lotta nother whatcha gotcha ain't")

// functionWords are words whose replacement is grammar, not a term.
var functionWords = wordSet("a an the and or but if of to in on at by for with from as is are was were be been being am " +
	"it its it's this that these those there their they them he she his her we our us you your i me my " +
	"do does did done have has had not no can could will would should shall may might must just then than " +
	"what which who whom whose when where why how all any some one two so too very also")

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// IsCorrection reports whether replacing old words by new ones is a term
// correction worth learning: not fillers, function words, spoken forms,
// numbers, a first letter's case, or the spacing of ordinary words.
func IsCorrection(old, new []string) bool { return isCorrection(old, new) }

// isCorrection is IsCorrection.
func isCorrection(old, new []string) bool {
	if len(old) == 0 || len(new) == 0 || len(old) > maxWords || len(new) > maxWords {
		return false
	}
	allIn := func(ws []string, set map[string]bool) bool {
		for _, w := range ws {
			if !set[rules.Fold(w)] {
				return false
			}
		}
		return true
	}
	if allIn(old, fillers) || allIn(new, fillers) {
		return false
	}
	// Fillers removed around a word: "Yeah and" to "And".
	var kept []string
	for i, w := range old {
		f := rules.Fold(w)
		if fillers[f] || f == "all" && i+1 < len(old) && rules.Fold(old[i+1]) == "right" { // "all right"
			continue
		}
		kept = append(kept, w)
	}
	if len(kept) < len(old) && rules.Fold(join(kept)) == rules.Fold(join(new)) {
		return false
	}
	if allIn(old, functionWords) && allIn(new, functionWords) {
		return false
	}
	if allIn(old, union(informal, functionWords)) {
		return false
	}
	// Spacing and hyphens of ordinary words ("webpage" as "web page",
	// "Iteration planning" as "Iteration-planning") are style; a term's
	// joins ("fast API" as "FastAPI", "C Python" as "CPython") have
	// capitals inside a word.
	if sameLetters(join(old), join(new)) && !hasUpperInside(join(new)) {
		return false
	}
	o, n := join(old), join(new)
	if rules.Fold(o) == rules.Fold(n) {
		// A change of case: a term's casing ("Langchain" to "LangChain"),
		// not a sentence's first letter.
		return !(len(old) == 1 && onlyFirstLetterCase(o, n))
	}
	// Numbers written out or as digits, and edits of numbers, are not terms.
	if allDigits(o) || allDigits(n) {
		return false
	}
	return true
}

func union(a, b map[string]bool) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// sameLetters reports whether two phrases differ only in case, spaces and
// hyphens.
func sameLetters(a, b string) bool {
	return rules.Fold(spacesAndHyphens.Replace(a)) == rules.Fold(spacesAndHyphens.Replace(b))
}

// spacesAndHyphens takes the blanks and hyphens out of a phrase.
var spacesAndHyphens = strings.NewReplacer(" ", "", "-", "")

// hasUpperInside reports whether a capital stands inside a word, after its
// first letter ("FastAPI", "CPython", "PyPI").
func hasUpperInside(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' }) {
		for i, r := range w {
			if i > 0 && unicode.IsUpper(r) {
				return true
			}
		}
	}
	return false
}

func onlyFirstLetterCase(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) || len(ra) == 0 {
		return false
	}
	return string(ra[1:]) == string(rb[1:]) && unicode.ToLower(ra[0]) == unicode.ToLower(rb[0])
}

func allDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) && r != ' ' && r != '.' {
			return false
		}
	}
	return true
}

// termLike reports whether words look like a name or a product: a capital
// after the first letter, a digit, or a joiner inside a word.
func termLike(s string) bool {
	for _, w := range strings.Fields(s) {
		for i, r := range w {
			if i > 0 && unicode.IsUpper(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' {
				return true
			}
		}
	}
	return false
}

// sortedPairs returns the pairs in a stable order.
func (l *Learner) sortedPairs() []*pair {
	out := make([]*pair, 0, len(l.pairs))
	for _, p := range l.pairs {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].wrong != out[j].wrong {
			return out[i].wrong < out[j].wrong
		}
		return out[i].right < out[j].right
	})
	return out
}

// Pair is a correction as mined from the edits, before any judgement.
type Pair struct {
	Wrong, Right string
	Count        int
}

// Pairs returns every correction mined from the edits, most made first:
// the material of the plain find-and-replace baseline that eval measures
// emend against.
func (l *Learner) Pairs() []Pair {
	var out []Pair
	for _, p := range l.sortedPairs() {
		out = append(out, Pair{p.wrong, p.right, p.count})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out
}

// Edits returns every replacement seen, correction or not, with how many
// times it was made: what a learner could know of people's edits at best.
func (l *Learner) Edits() []Pair {
	out := make([]Pair, 0, len(l.edits))
	for k, n := range l.edits {
		w, r, _ := strings.Cut(k, "\x00")
		out = append(out, Pair{w, r, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Wrong != out[j].Wrong {
			return out[i].Wrong < out[j].Wrong
		}
		return out[i].Right < out[j].Right
	})
	return out
}

func foldAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = rules.Fold(w)
	}
	return out
}

// contextKeys names the contexts of a place from the (folded) words just
// before and after it, up to two each side: "<w" for the word before,
// "<<v w" for the two before, ">w" for the word after, ">>w x" for the two
// after.
func contextKeys(before, after []string) []string {
	var out []string
	if n := len(before); n > 0 {
		out = append(out, "<"+before[n-1])
		if n > 1 {
			out = append(out, "<<"+before[n-2]+" "+before[n-1])
		}
	}
	if len(after) > 0 {
		out = append(out, ">"+after[0])
		if len(after) > 1 {
			out = append(out, ">>"+after[0]+" "+after[1])
		}
	}
	return out
}

// twoWords reports whether a context key (see contextKeys) holds two
// neighbour words rather than one.
func twoWords(k string) bool {
	return strings.HasPrefix(k, "<<") || strings.HasPrefix(k, ">>")
}

// spelled counts a fix of spacing, joins or case.
func (l *Learner) spelled(wrong, right, ep string) {
	k := wrong + "\x00" + right
	p := l.spellings[k]
	if p == nil {
		p = &pair{wrong: wrong, right: right, episodes: map[string]bool{}}
		l.spellings[k] = p
	}
	p.count++
	p.episodes[ep] = true
}
