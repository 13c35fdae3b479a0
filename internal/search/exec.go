package search

import (
	"context"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Options shape a search's results.
type Options struct {
	Limit      int // episodes to return; 0 means 20
	Offset     int // episodes to skip, for paging
	PerEpisode int // segments to return per episode; 0 means 3
}

// Result is what a search found.
type Result struct {
	// Segments and Episodes count every match, not only those returned.
	Segments int      `json:"segments"`
	Episodes int      `json:"episodes"`
	Groups   []*Group `json:"results"`
	// Expanded tells which words a query word was widened to by typo
	// tolerance, prefixes or sounds-like search.
	Expanded map[string][]string `json:"expanded,omitempty"`
}

// Group is one episode's matches.
type Group struct {
	ID      string  `json:"id"`
	Show    string  `json:"show"`
	Episode int     `json:"episode"` // -1 when unknown
	Title   string  `json:"title,omitempty"`
	Slug    string  `json:"slug,omitempty"`
	Date    string  `json:"date,omitempty"` // YYYY-MM-DD
	File    string  `json:"file"`
	Score   float64 `json:"score"`
	Matches int     `json:"matches"` // segments of the episode that match
	Hits    []*Hit  `json:"hits"`
}

// Hit is one matching segment.
type Hit struct {
	Show      string  `json:"show"`
	Episode   int     `json:"episode"`
	EpisodeID string  `json:"episode_id"`
	File      string  `json:"file"`
	Start     float64 `json:"start"` // seconds, -1 when unknown
	Time      string  `json:"time"`  // h:mm:ss, empty when unknown
	Speaker   string  `json:"speaker,omitempty"`
	Text      string  `json:"text"`
	// Snippet is the part of Text around the first match, with the byte
	// ranges of the matched words in Highlights.
	Snippet    string   `json:"snippet"`
	Highlights [][2]int `json:"highlights"`
	URL        string   `json:"url"`
	AudioURL   string   `json:"audio_url,omitempty"`
	Score      float64  `json:"score"`
}

// hit is a matching segment during evaluation.
type hit struct {
	seg   uint32
	tf    uint32 // occurrences of the item in the segment
	score float32
}

// run holds one evaluation's state.
type run struct {
	ix       *Index
	ctx      context.Context
	marks    map[string]bool // folded words to highlight
	expanded map[string][]string
	// work counts the postings, terms and hits walked so far; checked is
	// the work at the last look at the deadline.
	work, checked int
	budget        int // MaxWork, lower in tests
}

// Bounds on the work of one query.
const (
	// MaxWork is the most work (postings, dictionary terms and hits
	// walked) a query may take: a query that needs more is refused as
	// too costly rather than left to take the machine. It bounds a query
	// to some tens of milliseconds of one core.
	MaxWork = 4_000_000
	// checkEvery is the work between two looks at the deadline, so that
	// no query overruns it by more than a fraction of a millisecond.
	checkEvery = 1 << 14
)

func newRun(ix *Index, ctx context.Context) *run {
	return &run{ix: ix, ctx: ctx, marks: map[string]bool{}, expanded: map[string][]string{}, budget: MaxWork}
}

// spend counts n units of work: an error once the query is over MaxWork
// or past its deadline.
func (r *run) spend(n int) error {
	r.work += n
	if r.work > r.budget {
		return costlyf("it matches too many common words (over %d postings to walk); use rarer words, fewer prefixes or alternatives, or a filter", r.budget)
	}
	if r.work-r.checked >= checkEvery {
		r.checked = r.work
		return r.ctx.Err()
	}
	return nil
}

// Search runs a query.
func (ix *Index) Search(ctx context.Context, q *Query, o Options) (*Result, error) {
	if o.Limit <= 0 {
		o.Limit = 20
	}
	if o.PerEpisode <= 0 {
		o.PerEpisode = 3
	}
	r := newRun(ix, ctx)
	hits, err := r.eval(q)
	if err != nil {
		return nil, err
	}
	res := &Result{Segments: len(hits)}
	if len(r.expanded) > 0 {
		res.Expanded = r.expanded
	}
	// Hits are in segment order, and an episode's segments are
	// contiguous: each episode's hits form one run.
	type agg struct {
		ep         uint32
		from, to   int
		best, norm float64
	}
	var groups []agg
	for i := 0; i < len(hits); {
		ep := ix.segEp[hits[i].seg]
		j := i
		best := 0.0
		for j < len(hits) && ix.segEp[hits[j].seg] == ep {
			best = math.Max(best, float64(hits[j].score))
			j++
		}
		groups = append(groups, agg{ep: ep, from: i, to: j, best: best, norm: best * (1 + 0.1*math.Log(float64(j-i)))})
		i = j
	}
	res.Episodes = len(groups)
	sort.Slice(groups, func(a, b int) bool {
		if groups[a].norm != groups[b].norm {
			return groups[a].norm > groups[b].norm
		}
		return groups[a].ep < groups[b].ep
	})
	if o.Offset > len(groups) {
		o.Offset = len(groups)
	}
	groups = groups[o.Offset:]
	if len(groups) > o.Limit {
		groups = groups[:o.Limit]
	}
	res.Groups = make([]*Group, 0, len(groups))
	for _, g := range groups {
		e := ix.Episodes[g.ep]
		gr := &Group{ID: e.ID, Show: ix.Shows[e.Show].Name, Episode: e.Number, Title: e.Title, Slug: e.Slug, File: e.File,
			Score: round3(g.norm), Matches: g.to - g.from}
		if !e.Date.IsZero() {
			gr.Date = e.Date.Format("2006-01-02")
		}
		top := topHits(hits[g.from:g.to], o.PerEpisode)
		for _, h := range top {
			gr.Hits = append(gr.Hits, ix.makeHit(e, h, r.marks))
		}
		res.Groups = append(res.Groups, gr)
	}
	return res, nil
}

// topHits returns the n best-scored hits (the earlier of equals), in
// segment order.
func topHits(hits []hit, n int) []hit {
	var top []hit
	for _, h := range hits {
		if len(top) < n {
			top = append(top, h)
		} else if worst := lowest(top); h.score > top[worst].score {
			copy(top[worst:], top[worst+1:])
			top[len(top)-1] = h
		}
	}
	return top
}

// lowest returns the index of the lowest score, the latest of equals.
func lowest(top []hit) int {
	w := 0
	for i, h := range top {
		if h.score <= top[w].score {
			w = i
		}
	}
	return w
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

func (ix *Index) makeHit(e *Episode, h hit, marks map[string]bool) *Hit {
	s := int(h.seg)
	start := ix.segStart[s]
	show := ix.Shows[e.Show]
	out := &Hit{Show: show.Name, Episode: e.Number, EpisodeID: e.ID, File: e.File, Start: seconds(start),
		Speaker: ix.speakers[ix.segSpeaker[s]], Text: ix.segText[s], Score: round3(float64(h.score)),
		URL: ix.link(e, show.EpisodeURL, start), AudioURL: ix.link(e, show.AudioURL, start)}
	if start >= 0 {
		out.Time = Clock(start)
	}
	out.Snippet, out.Highlights = snippet(out.Text, marks)
	return out
}

// Clock formats milliseconds as h:mm:ss.
func Clock(ms int64) string {
	t := ms / 1000
	return strconv.FormatInt(t/3600, 10) + ":" + two(t/60%60) + ":" + two(t%60)
}

func two(v int64) string {
	if v < 10 {
		return "0" + strconv.FormatInt(v, 10)
	}
	return strconv.FormatInt(v, 10)
}

// link fills a deep-link template for a time; "" without a template.
func (ix *Index) link(e *Episode, tmpl string, ms int64) string {
	if tmpl == "" {
		return ""
	}
	if ms < 0 {
		ms = 0
	}
	num := ""
	if e.Number >= 0 {
		num = strconv.Itoa(e.Number)
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:i])
		tmpl = tmpl[i:]
		switch {
		case strings.HasPrefix(tmpl, "{t}"):
			b.WriteString(strconv.FormatInt(ms/1000, 10))
		case strings.HasPrefix(tmpl, "{episode}"):
			b.WriteString(num)
		case strings.HasPrefix(tmpl, "{slug}"):
			b.WriteString(e.Slug)
		case strings.HasPrefix(tmpl, "{show}"):
			b.WriteString(slugify(ix.Shows[e.Show].Name))
		default:
			b.WriteByte('{')
			tmpl = tmpl[1:]
			continue
		}
		tmpl = tmpl[strings.IndexByte(tmpl, '}')+1:]
	}
}

const bm25K1, bm25B = 1.2, 0.75

func (ix *Index) idf(df int) float64 {
	n := float64(len(ix.segText))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

func (ix *Index) bm25(idf float64, tf int, seg uint32) float32 {
	l := float64(ix.segLen[seg])
	t := float64(tf)
	return float32(idf * t * (bm25K1 + 1) / (t + bm25K1*(1-bm25B+bm25B*l/ix.avgLen)))
}

// eval finds the segments that match a query, in segment order.
func (r *run) eval(q *Query) ([]hit, error) {
	lists := make([][]hit, 0, len(q.Clauses))
	for _, c := range q.Clauses {
		var acc []hit
		for _, it := range c.Alts {
			h, err := r.item(it, true)
			if err != nil {
				return nil, err
			}
			if err := r.spend(len(acc) + len(h)); err != nil {
				return nil, err
			}
			acc = union(acc, h, 1)
		}
		lists = append(lists, acc)
	}
	sort.Slice(lists, func(a, b int) bool { return len(lists[a]) < len(lists[b]) })
	hits := lists[0]
	for _, l := range lists[1:] {
		if len(hits) == 0 {
			break
		}
		if err := r.spend(len(hits)); err != nil {
			return nil, err
		}
		hits = intersect(hits, l)
	}
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	hits = r.filter(q, hits)
	for _, it := range q.Not {
		if len(hits) == 0 {
			break
		}
		marks := r.marks
		r.marks = map[string]bool{} // excluded words are not highlighted
		h, err := r.item(it, false)
		r.marks = marks
		if err != nil {
			return nil, err
		}
		if err := r.spend(len(hits) + len(h)); err != nil {
			return nil, err
		}
		hits = subtract(hits, h)
	}
	return hits, nil
}

// filter keeps the hits in episodes and of speakers the query allows.
func (r *run) filter(q *Query, hits []hit) []hit {
	ix := r.ix
	if q.Shows == nil && q.Episodes == nil && q.Years == nil && q.Speakers == nil {
		return hits
	}
	okEp := ix.episodesAllowed(q)
	var okSp []bool
	if q.Speakers != nil {
		okSp = make([]bool, len(ix.speakers))
		for i, s := range ix.speakers {
			f := foldPhrase(s)
			for _, want := range q.Speakers {
				if s != "" && strings.Contains(f, want) {
					okSp[i] = true
				}
			}
		}
	}
	out := hits[:0:0]
	for _, h := range hits {
		if okEp[ix.segEp[h.seg]] && (okSp == nil || okSp[ix.segSpeaker[h.seg]]) {
			out = append(out, h)
		}
	}
	return out
}

// episodesAllowed tells, for each episode of the index, whether the
// query's show, episode and year filters allow it. A show's name is
// matched once, not once per episode.
func (ix *Index) episodesAllowed(q *Query) []bool {
	okShow := make([]bool, len(ix.Shows))
	for i, s := range ix.Shows {
		okShow[i] = showMatches(q.Shows, s.Name)
	}
	ok := make([]bool, len(ix.Episodes))
	for i, e := range ix.Episodes {
		ok[i] = okShow[e.Show] &&
			(q.Episodes == nil || anyRange(q.Episodes, e.Number)) &&
			(q.Years == nil || !e.Date.IsZero() && anyRange(q.Years, e.Date.Year()))
	}
	return ok
}

// showMatches reports whether a show's name holds one of the folded
// show: filters, in its words or its slug; nil filters allow any show.
func showMatches(filters []string, name string) bool {
	if filters == nil {
		return true
	}
	folded, slug := foldPhrase(name), slugify(name)
	for _, s := range filters {
		if strings.Contains(folded, s) || strings.Contains(slug, strings.ReplaceAll(s, " ", "-")) {
			return true
		}
	}
	return false
}

func anyRange(rs []Range, v int) bool {
	if v < 0 {
		return false
	}
	for _, r := range rs {
		if r.has(v) {
			return true
		}
	}
	return false
}

// wterm is a dictionary term with a weight: 1 for the word itself, less
// for a word it was widened to.
type wterm struct {
	id uint32
	w  float32
}

// Weights of widened words, so that exact matches rank first.
const (
	typoWeight   = 0.6
	soundsWeight = 0.8
)

// item finds the segments that hold an item. widen allows typo
// tolerance (not for excluded words).
func (r *run) item(it Item, widen bool) ([]hit, error) {
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	ix := r.ix
	var out []hit
	if len(it.Words) == 1 {
		w := it.Words[0]
		var set []wterm
		switch {
		case it.Prefix:
			set = r.prefix(w)
		default:
			id, ok := ix.ids[w]
			if ok {
				set = append(set, wterm{id, 1})
			}
			if widen && !it.SoundsLike {
				set = append(set, r.typos(w, ok, id)...)
			}
		}
		for _, t := range set {
			r.marks[ix.terms[t.id]] = true
		}
		var err error
		if out, err = r.termHits(set); err != nil {
			return nil, err
		}
	} else {
		sets := make([][]wterm, len(it.Words))
		for i, w := range it.Words {
			if it.Prefix && i == len(it.Words)-1 {
				sets[i] = r.prefix(w)
			} else if id, ok := ix.ids[w]; ok {
				sets[i] = []wterm{{id, 1}}
			}
		}
		var err error
		if out, err = r.phrase(sets, 1); err != nil {
			return nil, err
		}
		if len(out) > 0 {
			for _, w := range it.Words[:len(it.Words)-1] {
				r.marks[w] = true
			}
			for _, t := range sets[len(sets)-1] {
				r.marks[ix.terms[t.id]] = true
			}
		}
	}
	if it.SoundsLike {
		h, err := r.soundsLike(it)
		if err != nil {
			return nil, err
		}
		if err := r.spend(len(out) + len(h)); err != nil {
			return nil, err
		}
		out = union(out, h, soundsWeight)
	}
	return out, nil
}

// termHits scores the segments that hold any of a set of terms.
func (r *run) termHits(set []wterm) ([]hit, error) {
	ix := r.ix
	var out []hit
	for _, t := range set {
		p := &ix.post[t.id]
		if err := r.spend(len(p.segs) + len(out)); err != nil {
			return nil, err
		}
		idf := ix.idf(len(p.segs))
		h := make([]hit, len(p.segs))
		for i, s := range p.segs {
			tf := p.tf(i)
			h[i] = hit{seg: s, tf: uint32(tf), score: t.w * ix.bm25(idf, tf, s)}
		}
		if out == nil {
			out = h
		} else {
			out = union(out, h, 1)
		}
	}
	return out, nil
}

// phrase finds the segments where a word of each set follows a word of
// the one before. It walks the segments of the rarest set and looks the
// others up, so that a common word costs no more than the rare one.
func (r *run) phrase(sets [][]wterm, w float32) ([]hit, error) {
	ix := r.ix
	rare, rareN := -1, 0
	for i, s := range sets {
		if len(s) == 0 {
			return nil, nil
		}
		n := 0
		for _, t := range s {
			n += len(ix.post[t.id].segs)
		}
		if rare < 0 || n < rareN {
			rare, rareN = i, n
		}
	}
	// Merging the rarest set walks its postings; then each of its
	// segments is looked up in every term of the other sets.
	if len(sets[rare]) > 1 {
		if err := r.spend(rareN); err != nil {
			return nil, err
		}
	}
	drive := ix.merged(sets[rare])
	cursors := make([]*cursor, len(sets))
	lookups := 1
	for i, s := range sets {
		if i != rare {
			cursors[i] = ix.newCursor(s)
			lookups += len(s)
		}
	}
	var out []hit
	posAt := make([][]uint32, len(sets))
	for k, s := range drive.segs {
		if err := r.spend(lookups); err != nil {
			return nil, err
		}
		ok := true
		for i, c := range cursors {
			if c == nil {
				posAt[i] = drive.pos[drive.off[k]:drive.off[k+1]]
				continue
			}
			if posAt[i], ok = c.at(s); !ok {
				break
			}
		}
		if !ok {
			continue
		}
		n := 0
		for _, p := range posAt[0] {
			all := true
			for i := 1; i < len(posAt) && all; i++ {
				all = hasPos(posAt[i], p+uint32(i))
			}
			if all {
				n++
			}
		}
		if n > 0 {
			out = append(out, hit{seg: s, tf: uint32(n)})
		}
	}
	idf := ix.idf(len(out))
	for i := range out {
		out[i].score = w * ix.bm25(idf, int(out[i].tf), out[i].seg)
	}
	return out, nil
}

// cursor looks up, segment by increasing segment, the positions of any
// of a set of terms.
type cursor struct {
	lists []*postings
	cur   []int
	buf   []uint32
}

func (ix *Index) newCursor(set []wterm) *cursor {
	c := &cursor{cur: make([]int, len(set))}
	for _, t := range set {
		c.lists = append(c.lists, &ix.post[t.id])
	}
	return c
}

// at returns the sorted positions of the set's terms in segment s, which
// must not be less than the segment of the previous call.
func (c *cursor) at(s uint32) ([]uint32, bool) {
	c.buf = c.buf[:0]
	found := false
	for i, l := range c.lists {
		j := c.cur[i]
		segs := l.segs
		j += sort.Search(len(segs)-j, func(k int) bool { return segs[j+k] >= s })
		c.cur[i] = j
		if j < len(segs) && segs[j] == s {
			if len(c.lists) == 1 {
				return l.pos[l.off[j]:l.off[j+1]], true
			}
			found = true
			c.buf = append(c.buf, l.pos[l.off[j]:l.off[j+1]]...)
		}
	}
	sortPositions(c.buf)
	return c.buf, found
}

// sortPositions sorts the word positions of one segment: few, so by
// insertion.
func sortPositions(ps []uint32) {
	for a := 1; a < len(ps); a++ {
		for b := a; b > 0 && ps[b] < ps[b-1]; b-- {
			ps[b], ps[b-1] = ps[b-1], ps[b]
		}
	}
}

func hasPos(ps []uint32, p uint32) bool {
	i := sort.Search(len(ps), func(k int) bool { return ps[k] >= p })
	return i < len(ps) && ps[i] == p
}

// merged returns the postings of a set of terms as one list, merging
// the sorted lists segment by segment.
func (ix *Index) merged(set []wterm) postings {
	if len(set) == 1 {
		return ix.post[set[0].id]
	}
	lists := make([]*postings, len(set))
	cur := make([]int, len(set))
	total, totalPos := 0, 0
	for i, t := range set {
		lists[i] = &ix.post[t.id]
		total += len(lists[i].segs)
		totalPos += len(lists[i].pos)
	}
	out := postings{segs: make([]uint32, 0, total), off: make([]uint32, 0, total+1), pos: make([]uint32, 0, totalPos)}
	for {
		next := uint32(math.MaxUint32)
		for i, l := range lists {
			if cur[i] < len(l.segs) && l.segs[cur[i]] < next {
				next = l.segs[cur[i]]
			}
		}
		if next == math.MaxUint32 {
			break
		}
		out.segs = append(out.segs, next)
		out.off = append(out.off, uint32(len(out.pos)))
		from := len(out.pos)
		for i, l := range lists {
			if c := cur[i]; c < len(l.segs) && l.segs[c] == next {
				out.pos = append(out.pos, l.pos[l.off[c]:l.off[c+1]]...)
				cur[i]++
			}
		}
		sortPositions(out.pos[from:])
	}
	out.off = append(out.off, uint32(len(out.pos)))
	return out
}

// union merges two hit lists in segment order, adding scores; b's scores
// are weighted by w.
func union(a, b []hit, w float32) []hit {
	if len(a) == 0 && w == 1 {
		return b
	}
	out := make([]hit, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j >= len(b) || i < len(a) && a[i].seg < b[j].seg:
			out = append(out, a[i])
			i++
		case i >= len(a) || b[j].seg < a[i].seg:
			h := b[j]
			h.score *= w
			out = append(out, h)
			j++
		default:
			h := a[i]
			h.score += w * b[j].score
			h.tf += b[j].tf
			out = append(out, h)
			i++
			j++
		}
	}
	return out
}

// intersect keeps the segments in both lists, adding scores. a is the
// shorter list; b is searched.
func intersect(a, b []hit) []hit {
	out := a[:0:0]
	j := 0
	for _, h := range a {
		j += sort.Search(len(b)-j, func(k int) bool { return b[j+k].seg >= h.seg })
		if j >= len(b) {
			break
		}
		if b[j].seg == h.seg {
			h.score += b[j].score
			h.tf += b[j].tf
			out = append(out, h)
		}
	}
	return out
}

// subtract drops the segments of b from a.
func subtract(a, b []hit) []hit {
	out := a[:0:0]
	j := 0
	for _, h := range a {
		for j < len(b) && b[j].seg < h.seg {
			j++
		}
		if j < len(b) && b[j].seg == h.seg {
			continue
		}
		out = append(out, h)
	}
	return out
}

// Deadline is the default time limit of one search.
const Deadline = 2 * time.Second
