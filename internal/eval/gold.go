package eval

// Gold lists: the misheard names a careful reader would fix in one raw
// episode, written by hand (docs/eval/gold). RunGold runs the producer's
// job on that episode as Run does with Job and NewShow (the show's
// spellings, then proposals at the default threshold), and says of each
// gold item whether it is among the candidates at any confidence, whether
// the job proposes it with the right spelling, and whether the spellings
// fix it.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/emend-project/emend/internal/english"
	"github.com/emend-project/emend/internal/history"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/spelling"
	"github.com/emend-project/emend/internal/suggest"
	"github.com/emend-project/emend/internal/transcript"
	"github.com/emend-project/emend/internal/vocab"
)

// GoldSlack is how far a gold item's time may be from the start of the
// segment it is in: readers note the time of the line they read, and a
// cue's start is rounded.
const GoldSlack = 5 * time.Second

// GoldItem is one misheard name or term of a gold list.
type GoldItem struct {
	// Line is the item's line in the gold file.
	Line int `json:"line"`
	// At is the time of the line the heard words are in.
	At    time.Duration `json:"at"`
	Heard string        `json:"heard"`
	Right string        `json:"right"`
}

// Clock is At as hh:mm:ss.
func (g GoldItem) Clock() string {
	s := int(g.At / time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
}

// GoldList is a gold file: the episode's transcript, as first committed,
// and its items.
type GoldList struct {
	// File is the transcript's path in the repository, Commit the commit
	// that added it (header lines "# file: PATH" and "# commit: HASH").
	File   string     `json:"file"`
	Commit string     `json:"commit"`
	Items  []GoldItem `json:"items"`
}

// ParseGold reads a gold list: lines "TIME<tab>HEARD<tab>RIGHT", TIME as
// h:mm:ss or mm:ss; "#" starts a comment line, and the comment lines
// "# file: PATH" and "# commit: HASH" name the raw transcript.
func ParseGold(r io.Reader, name string) (*GoldList, error) {
	g := &GoldList{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		l := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		if c, ok := strings.CutPrefix(l, "#"); ok {
			c = strings.TrimSpace(c)
			if v, ok := strings.CutPrefix(c, "file:"); ok {
				g.File = strings.TrimSpace(v)
			} else if v, ok := strings.CutPrefix(c, "commit:"); ok {
				g.Commit = strings.TrimSpace(v)
			}
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("%s:%d: want time, heard and right separated by tabs, got %d fields", name, n, len(f))
		}
		at, err := parseClock(f[0])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		heard, right := strings.TrimSpace(f[1]), strings.TrimSpace(f[2])
		if heard == "" || right == "" {
			return nil, fmt.Errorf("%s:%d: empty heard or right words", name, n)
		}
		if heard == right {
			return nil, fmt.Errorf("%s:%d: heard and right are the same, %q", name, n, heard)
		}
		g.Items = append(g.Items, GoldItem{Line: n, At: at, Heard: heard, Right: right})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return g, nil
}

// parseClock reads h:mm:ss or mm:ss.
func parseClock(s string) (time.Duration, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("bad time %q: want h:mm:ss", s)
	}
	total := 0
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || p == "" || len(p) > 2 && i > 0 || len(p) > 3 || i > 0 && v > 59 {
			return 0, fmt.Errorf("bad time %q: want h:mm:ss", s)
		}
		total = total*60 + v
	}
	return time.Duration(total) * time.Second, nil
}

// Why a gold item is not a candidate, or not fixed.
const (
	WhyNotFound   = "heard words not found near that time"
	WhyNoTerm     = "term not in any vocabulary"
	WhyTooFar     = "term in the vocabulary, but no candidate there (sound or spelling too far)"
	WhyCaseOnly   = "case only: proposals leave a term spelled in any case to the spellings"
	WhyOrdinary   = "term an ordinary English word that notes or transcripts name, never proposed"
	WhyPartly     = "a candidate there, but it does not make the right words"
	WhyBelow      = "candidate below the threshold"
	WhyTaken      = "below the threshold or beaten by another edit"
	WhyOtherSpell = "proposed in another spelling"
)

// GoldResult is how the job fares on one gold item.
type GoldResult struct {
	GoldItem
	Found bool `json:"found"`
	// Candidate: some candidate there makes the right words (case
	// aside), at Confidence.
	Candidate  bool    `json:"candidate"`
	Confidence float64 `json:"confidence"`
	// Features are that candidate's, for seeing why it scored so.
	Features *suggest.Features `json:"features,omitempty"`
	// Beaten: a candidate only with the item's terms alone, another
	// candidate having won the place with the full vocabulary.
	Beaten bool `json:"beaten,omitempty"`
	// Winner is what the winning candidates there write, at any
	// confidence, when not the right words.
	Winner string `json:"winner,omitempty"`
	// Proposed: the proposals at the threshold make the right words,
	// spelled right; Spelled: the spellings do; Fixed: the job (both,
	// the spellings first) does.
	Proposed bool `json:"proposed"`
	Spelled  bool `json:"spelled"`
	Fixed    bool `json:"fixed"`
	// Why says why the item is not a candidate, or not fixed.
	Why string `json:"why,omitempty"`
	// Got is what the job wrote for the heard words, when it changed
	// them but not to the right words; Terms the vocabulary terms the
	// right words have that the heard ones lack.
	Got   string   `json:"got,omitempty"`
	Terms []string `json:"terms,omitempty"`
}

// GoldReport is a gold list's figures.
type GoldReport struct {
	File      string       `json:"file"`
	Commit    string       `json:"commit"`
	Threshold float64      `json:"threshold"`
	Terms     int          `json:"terms"`
	Items     int          `json:"items"`
	Found     int          `json:"found"`
	Results   []GoldResult `json:"results"`
	// Shares of the items (all of them, found or not).
	Candidates float64 `json:"candidates"`
	// Reached is the share that are candidates or that the spellings
	// fix: the items the job can reach at all.
	Reached  float64 `json:"reached"`
	Proposed float64 `json:"proposed"`
	Spelled  float64 `json:"spelled"`
	Fixed    float64 `json:"fixed"`
}

// GoldOptions say what RunGold measures.
type GoldOptions struct {
	Repo string
	Gold *GoldList
	// Spellings and ShowTerms are the producer's spelling decisions and
	// the show's names, as in Options; Threshold 0 means
	// suggest.DefaultThreshold.
	Spellings   []spelling.Decision
	ShowTerms   []string
	Threshold   float64
	NoSpellings bool
	Warn        func(string)
}

// RunGold runs the job, as for a new show, on the gold list's episode, raw
// as its commit added it, with a vocabulary and a language model of the
// text as it stood just before that commit, and scores the gold items.
func RunGold(opt GoldOptions) (*GoldReport, error) {
	g := opt.Gold
	if g.File == "" || g.Commit == "" {
		return nil, fmt.Errorf("gold list: no \"# file:\" or \"# commit:\" header line")
	}
	out, err := exec.Command("git", "-C", opt.Repo, "log", "-1", "--format=%ct", g.Commit, "--").Output()
	if err != nil {
		return nil, fmt.Errorf("gold list: date of commit %s in %s: %w", g.Commit, opt.Repo, err)
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("gold list: date of commit %s: %q", g.Commit, out)
	}
	until := time.Unix(sec, 0)
	then, err := history.Snapshot(opt.Repo, until.Add(-time.Second), nil)
	if err != nil && !isMissing(err) {
		return nil, err
	}
	added, err := history.Added(opt.Repo, until.Add(-time.Second), until, nil)
	if err != nil && !isMissing(err) {
		return nil, err
	}
	raw, ok := added[g.File]
	if !ok {
		return nil, fmt.Errorf("gold list: %s was not added by commit %s (at %s)", g.File, g.Commit, until.UTC().Format(time.RFC3339))
	}
	eo := Options{Repo: opt.Repo, Until: until, SuggestAbove: opt.Threshold, Job: true, NewShow: true, Spellings: opt.Spellings, ShowTerms: opt.ShowTerms}
	sr := setupSuggest(eo, nil, then, added)
	gs := goldSetup{terms: sr.terms, model: sr.model, weights: sr.weights, threshold: sr.Default}
	if !opt.NoSpellings {
		src := spelling.Sources{Decisions: opt.Spellings, Config: opt.ShowTerms, Starter: true, Notes: sr.allNotes(then, added)}
		gs.spellings = spelling.New(src, spelling.Options{})
	}
	if n, _ := transcript.ParseName(g.File); n >= 0 {
		gs.notes = sr.notes(n)
		gs.episodeTerms = suggest.EpisodeTerms(gs.notes)
	}
	return gs.score(g, raw)
}

// goldSetup is what the job runs with on the gold episode.
type goldSetup struct {
	terms, episodeTerms []suggest.Term
	model               suggest.Model
	weights             suggest.Weights
	threshold           float64
	spellings           *spelling.Set // nil: none
	notes               *vocab.Notes  // the episode's own show notes, or nil
}

// score runs the job on the raw transcript and scores each gold item.
func (gs goldSetup) score(g *GoldList, raw []byte) (*GoldReport, error) {
	ep, err := transcript.Read(g.File, raw)
	if ep == nil {
		return nil, fmt.Errorf("gold list: read %s: %w", g.File, err)
	}
	texts := make([]string, len(ep.Segments))
	for i, s := range ep.Segments {
		texts[i] = s.Text
	}
	terms := append(append([]suggest.Term(nil), gs.terms...), gs.episodeTerms...)
	ix := suggest.NewIndex(terms)
	own := ix.OwnTerms(texts)
	terms = append(terms, own...)
	ix = ix.With(own)
	// The job: the spellings' rules, then the proposals at the threshold
	// on the words they leave.
	var spelled []rules.Edit
	m, _ := rules.Compile(nil)
	if gs.spellings != nil {
		m = rules.CompileWith(nil, gs.spellings.EpisodeRules(texts, gs.notes), m)
		spelled = m.Match(texts, "")
	}
	_, slug := transcript.ParseName(g.File)
	proposed := toEdits(ix.Propose(texts, suggest.Options{Model: gs.model, Weights: gs.weights, Min: gs.threshold, Rules: m, Slug: slug}))
	job := merge(spelled, proposed)
	// Every candidate that wins its place, at any confidence, with no
	// rule taking words.
	all := ix.Propose(texts, suggest.Options{Model: gs.model, Weights: gs.weights, Slug: slug})
	r := &GoldReport{File: g.File, Commit: g.Commit, Threshold: gs.threshold, Terms: ix.Len(), Items: len(g.Items)}
	var nc, np, ns, nf, nr int
	for _, it := range g.Items {
		res := GoldResult{GoldItem: it}
		seg, a, b := locate(ep.Segments, it)
		if seg < 0 {
			res.Why = WhyNotFound
			r.Results = append(r.Results, res)
			continue
		}
		res.Found = true
		r.Found++
		text := texts[seg]
		fixes := func(eds []rules.Edit, exact bool) (bool, string) {
			return makes(text, a, b, it.Right, inSegment(eds, seg), exact)
		}
		res.Spelled, _ = fixes(spelled, true)
		res.Proposed, _ = fixes(proposed, true)
		var got string
		res.Fixed, got = fixes(job, true)
		// A candidate: the winner there at any confidence, or, beaten by
		// another candidate, the right terms alone.
		// Case aside, unless case is all the item fixes.
		anyCase := !strings.EqualFold(it.Heard, it.Right)
		cand := inSegment(toEdits(all), seg)
		ok, winner := makes(text, a, b, it.Right, cand, !anyCase)
		if ok {
			res.Candidate = true
			res.Confidence, res.Features = confidenceAt(all, seg, a, b)
		} else if winner != text[a:b] {
			res.Winner = winner
		}
		res.Terms = introduced(terms, it)
		if !res.Candidate && len(res.Terms) > 0 {
			var own []suggest.Term
			for _, t := range terms {
				for _, name := range res.Terms {
					if t.Text == name {
						own = append(own, t)
					}
				}
			}
			alone := suggest.NewIndex(own).Propose([]string{text}, suggest.Options{Model: gs.model, Weights: gs.weights})
			if ok, _ := makes(text, a, b, it.Right, toEdits(alone), !anyCase); ok {
				res.Candidate, res.Beaten = true, true
				res.Confidence, res.Features = confidenceAt(alone, 0, a, b)
			} else if len(inSegment(toEdits(alone), 0)) > 0 && overlaps(toEdits(alone), a, b) {
				res.Why = WhyPartly
			}
		}
		switch {
		case res.Fixed:
		case !res.Candidate && res.Why != "":
		case !res.Candidate && !anyCase && len(res.Terms) > 0:
			res.Why = WhyCaseOnly
		case !res.Candidate && len(res.Terms) == 0:
			res.Why = WhyNoTerm
		case !res.Candidate && allOrdinary(terms, res.Terms):
			res.Why = WhyOrdinary
		case !res.Candidate:
			res.Why = WhyTooFar
		case res.Confidence < gs.threshold:
			res.Why = WhyBelow
		default:
			if ok, _ := fixes(job, false); ok {
				res.Why = WhyOtherSpell
			} else {
				res.Why = WhyTaken
			}
		}
		if !res.Fixed && got != text[a:b] {
			res.Got = got
		}
		if res.Candidate {
			nc++
		}
		if res.Candidate || res.Spelled {
			nr++
		}
		if res.Proposed {
			np++
		}
		if res.Spelled {
			ns++
		}
		if res.Fixed {
			nf++
		}
		r.Results = append(r.Results, res)
	}
	if n := float64(len(g.Items)); n > 0 {
		r.Candidates, r.Proposed, r.Spelled, r.Fixed, r.Reached = float64(nc)/n, float64(np)/n, float64(ns)/n, float64(nf)/n, float64(nr)/n
	}
	return r, nil
}

func toEdits(ps []suggest.Proposal) []rules.Edit {
	out := make([]rules.Edit, len(ps))
	for k := range ps {
		out[k] = rules.Edit{Text: ps[k].Segment, Start: ps[k].From, End: ps[k].To, New: ps[k].After}
	}
	return out
}

// locate finds a gold item's heard words: in the segment nearest its time,
// within GoldSlack, that has them (as written, else in any case). It
// returns the segment and the bytes, or -1.
func locate(segs []transcript.Segment, it GoldItem) (int, int, int) {
	best, ba, bb := -1, 0, 0
	var bestDist time.Duration
	for pass := 0; pass < 2 && best < 0; pass++ {
		for i, s := range segs {
			if !s.Start.Known() {
				continue
			}
			d := time.Duration(s.Start)*time.Millisecond - it.At
			if d < 0 {
				d = -d
			}
			if d > GoldSlack || best >= 0 && d >= bestDist {
				continue
			}
			k := strings.Index(s.Text, it.Heard)
			if pass == 1 {
				k = strings.Index(strings.ToLower(s.Text), strings.ToLower(it.Heard))
			}
			if k < 0 {
				continue
			}
			best, ba, bb, bestDist = i, k, k+len(it.Heard), d
		}
	}
	return best, ba, bb
}

func inSegment(eds []rules.Edit, seg int) []rules.Edit {
	var out []rules.Edit
	for _, e := range eds {
		if e.Text == seg && e.Part == 0 {
			out = append(out, e)
		}
	}
	return out
}

func overlaps(eds []rules.Edit, a, b int) bool {
	for _, e := range eds {
		if e.Start < b && a < e.End {
			return true
		}
	}
	return false
}

// makes reports whether the edits of one text that reach the heard words,
// bytes [a, b), write the right words there (in any case, unless exact),
// and what they write.
func makes(text string, a, b int, right string, eds []rules.Edit, exact bool) (bool, string) {
	var on []rules.Edit
	lo, hi := a, b
	for _, e := range eds {
		if e.Start < b && a < e.End {
			on = append(on, e)
			lo, hi = min(lo, e.Start), max(hi, e.End)
		}
	}
	if len(on) == 0 {
		return false, text[a:b]
	}
	sort.Slice(on, func(i, j int) bool { return on[i].Start < on[j].Start })
	var got bytes.Buffer
	at := lo
	for _, e := range on {
		if e.Start < at {
			return false, text[a:b] // overlapping edits: none is applied
		}
		got.WriteString(text[at:e.Start])
		got.WriteString(e.New)
		at = e.End
	}
	got.WriteString(text[at:hi])
	want := text[lo:a] + right + text[b:hi]
	if exact {
		return got.String() == want, got.String()
	}
	return strings.EqualFold(got.String(), want), got.String()
}

// confidenceAt is the lowest confidence of the proposals reaching bytes
// [a, b) of a segment, with that proposal's features.
func confidenceAt(ps []suggest.Proposal, seg, a, b int) (float64, *suggest.Features) {
	c := -1.0
	var f *suggest.Features
	for k, p := range ps {
		if p.Segment == seg && p.From < b && a < p.To && (c < 0 || p.Confidence < c) {
			c, f = p.Confidence, &ps[k].Features
		}
	}
	return max(c, 0), f
}

// introduced lists the vocabulary terms the right words have and the
// heard ones lack, longest first: the terms a candidate would have to
// propose.
func introduced(terms []suggest.Term, it GoldItem) []string {
	right, heard := " "+foldSpaces(it.Right, true)+" ", " "+foldSpaces(it.Heard, false)+" "
	seen := map[string]bool{}
	var out []string
	for _, t := range terms {
		f := foldSpaces(t.Text, true)
		if f == "" || seen[t.Text] || !containsWord(right, f) || containsWord(heard, foldSpaces(t.Text, false)) {
			continue
		}
		seen[t.Text] = true
		out = append(out, t.Text)
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

// allOrdinary reports whether every term named is one the proposals never
// offer: a lower-case English word that only notes or transcripts name
// (as internal/suggest judges ordinary terms).
func allOrdinary(terms []suggest.Term, names []string) bool {
	for _, name := range names {
		for _, t := range terms {
			if t.Text != name {
				continue
			}
			ordinary := t.Text == strings.ToLower(t.Text) && !strings.ContainsAny(t.Text, " -._") && english.IsWord(t.Text)
			if !ordinary || t.Source != suggest.FromNotes && t.Source != suggest.FromTranscripts {
				return false
			}
		}
	}
	return true
}

// foldSpaces turns what is not a letter, digit or one of ".-+#" into
// spaces, single ones, and lower-cases s when lower: the right words must
// have a term in any case, the heard ones lack it as spelled ("Github"
// lacks "GitHub").
func foldSpaces(s string, lower bool) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', strings.ContainsRune(".-+#", r):
			return r
		case r >= 'A' && r <= 'Z':
			if lower {
				return r + 'a' - 'A'
			}
			return r
		case r > 127:
			return r
		}
		return ' '
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// containsWord reports whether the folded words w stand in padded (a
// folded text between spaces) as whole words, or before a "'s" or a final
// dot.
func containsWord(padded, w string) bool {
	return strings.Contains(padded, " "+w+" ") || strings.Contains(padded, " "+w+" s ") || strings.Contains(padded, " "+w+". ")
}

// Text writes the gold list's figures for people.
func (r *GoldReport) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Gold list of %s (raw as commit %s added it): %d items, %d found in the transcript; vocabulary of %d terms.\n",
		r.File, r.Commit, r.Items, r.Found, r.Terms)
	fmt.Fprintf(&b, "%-9s %-24s %-24s %5s %6s %8s %8s %6s  %s\n", "time", "heard", "right", "cand", "conf", "proposed", "spelled", "fixed", "why not / what the job wrote")
	for _, x := range r.Results {
		note := x.Why
		if x.Winner != "" {
			note += fmt.Sprintf(" (won by %q)", x.Winner)
		}
		if x.Got != "" {
			note += fmt.Sprintf(" (job wrote %q)", x.Got)
		}
		fmt.Fprintf(&b, "%-9s %-24s %-24s %5s %6.3f %8s %8s %6s  %s\n", x.Clock(), clip24(x.Heard), clip24(x.Right), candMark(x), x.Confidence,
			yes(x.Proposed), yes(x.Spelled), yes(x.Fixed), strings.TrimSpace(note))
	}
	b.WriteString("(cand: yes, a candidate; beat, a candidate with its terms alone that another candidate beat at its place)\n")
	fmt.Fprintf(&b, "\namong the candidates at any confidence: %.3f; candidates or fixed by the spellings: %.3f\nproposed at %.2f with the right spelling: %.3f; fixed by the spellings: %.3f; fixed by the job (spellings, then proposals): %.3f\n",
		r.Candidates, r.Reached, r.Threshold, r.Proposed, r.Spelled, r.Fixed)
	groups := map[string][]GoldResult{}
	for _, x := range r.Results {
		if !x.Candidate {
			groups[x.Why] = append(groups[x.Why], x)
		}
	}
	for _, why := range []string{WhyNotFound, WhyNoTerm, WhyCaseOnly, WhyOrdinary, WhyTooFar, WhyPartly} {
		if len(groups[why]) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\nnot candidates, %s (%d):\n", why, len(groups[why]))
		for _, x := range groups[why] {
			fmt.Fprintf(&b, "  %s  %q -> %q", x.Clock(), x.Heard, x.Right)
			if len(x.Terms) > 0 {
				fmt.Fprintf(&b, "  (terms: %s)", strings.Join(x.Terms, ", "))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// candMark is "yes" for a candidate, "beat" for one another candidate
// beat at its place.
func candMark(x GoldResult) string {
	if x.Beaten {
		return "beat"
	}
	return yes(x.Candidate)
}

func yes(v bool) string {
	if v {
		return "yes"
	}
	return "-"
}

func clip24(s string) string {
	if len(s) > 24 {
		return s[:23] + "…"
	}
	return s
}
