package site

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"

	"github.com/emend-project/emend/internal/search"
)

// The split index: the search index laid out as small JSON files under
// search/, so that a browser fetches only the files a query needs. See
// docs/site.md for the format; search.js reads it.
//
//	search/meta.json     the shows, the first term of each shard, and per
//	                     episode its show, year, number and length
//	search/t/N.json      shard N: terms in sorted order, each with the
//	                     episodes that hold it (and in how many segments)
//	                     and where its segment postings are
//	search/p/HH/H-K.json block K of one term's segment postings, with word
//	                     positions, for a run of whole episodes; HHH is
//	                     a hash of the term
//	search/x/S/N/K.json  segments [K*ChunkSegments, (K+1)*ChunkSegments)
//	                     of episode N of show S: start, speaker, text
//	search/e/K.json      titles, ids and dates of episodes
//	                     [K*MetaEpisodes, (K+1)*MetaEpisodes)
//
// The sizes below keep each file a few kilobytes, so that a query of a
// few words over the Talk Python catalogue transfers well under 300 KB.
const (
	// IndexFormat is the version of the layout, in meta.json.
	IndexFormat = 1
	// ShardBytes is the size a shard of the dictionary grows to before the
	// next begins.
	ShardBytes = 8 << 10
	// BlockPostings is how many segment postings a block holds at most,
	// unless one episode alone has more.
	BlockPostings = 256
	// InlinePostings: a term with this many segment postings or fewer
	// keeps them in its shard, saving a request.
	InlinePostings = 24
	// ChunkSegments is how many segments one text file holds.
	ChunkSegments = 32
	// MetaEpisodes is how many episodes one file of titles describes.
	MetaEpisodes = 32
)

// splitIndex writes the files of the split index.
func (b *builder) splitIndex() error {
	ix := b.ix
	// epOf maps a global segment id to its episode.
	epOf := func() func(uint32) int {
		starts := make([]int, len(ix.Episodes))
		for i, e := range ix.Episodes {
			starts[i] = e.First
		}
		return func(s uint32) int {
			lo, hi := 0, len(starts)-1
			for lo < hi {
				mid := (lo + hi + 1) / 2
				if starts[mid] <= int(s) {
					lo = mid
				} else {
					hi = mid - 1
				}
			}
			return lo
		}
	}()

	var shard []byte
	var shardFirst []string
	nShard := 0
	usedNames := map[string]bool{}
	flushShard := func() {
		if len(shard) == 0 {
			return
		}
		shard = append(shard, '}')
		b.w.put("search/t/"+strconv.Itoa(nShard)+".json", shard)
		nShard++
		shard = nil
	}
	ix.EachTerm(func(p search.Postings) {
		// Group the postings by episode: per episode its ints
		// [dseg, npos, pos...].
		type epPost struct {
			ep   int
			n    int
			ints []byte
		}
		var eps []epPost
		prevSeg := -1
		for i, s := range p.Segs {
			e := epOf(s)
			if len(eps) == 0 || eps[len(eps)-1].ep != e {
				eps = append(eps, epPost{ep: e})
				prevSeg = -1
			}
			cur := &eps[len(eps)-1]
			local := int(s) - ix.Episodes[e].First
			pos := p.Pos[p.Off[i]:p.Off[i+1]]
			if cur.n > 0 {
				cur.ints = append(cur.ints, ',')
			}
			d := local - prevSeg
			if prevSeg < 0 {
				d = local
			}
			prevSeg = local
			cur.ints = strconv.AppendInt(cur.ints, int64(d), 10)
			cur.ints = append(cur.ints, ',')
			cur.ints = strconv.AppendInt(cur.ints, int64(len(pos)), 10)
			for _, x := range pos {
				cur.ints = append(cur.ints, ',')
				cur.ints = strconv.AppendInt(cur.ints, int64(x), 10)
			}
			cur.n++
		}
		block := func(list []epPost) []byte {
			out := []byte(`{"e":[`)
			for i, x := range list {
				if i > 0 {
					out = append(out, ',')
				}
				out = strconv.AppendInt(out, int64(x.ep), 10)
			}
			out = append(out, `],"p":[`...)
			for i, x := range list {
				if i > 0 {
					out = append(out, ',')
				}
				out = append(out, '[')
				out = append(out, x.ints...)
				out = append(out, ']')
			}
			return append(out, "]}"...)
		}
		// The entry: [segments, [dep, count, ...], blocks].
		entry := appendString(nil, p.Term)
		entry = append(entry, ":["...)
		entry = strconv.AppendInt(entry, int64(len(p.Segs)), 10)
		entry = append(entry, ",["...)
		last := 0
		for i, x := range eps {
			if i > 0 {
				entry = append(entry, ',')
			}
			entry = strconv.AppendInt(entry, int64(x.ep-last), 10)
			entry = append(entry, ',')
			entry = strconv.AppendInt(entry, int64(x.n), 10)
			last = x.ep
		}
		entry = append(entry, "],"...)
		if len(p.Segs) <= InlinePostings {
			entry = append(entry, block(eps)...)
		} else {
			// {"h": name, "b": [firstEpisode, ...]}: block k is the file
			// p/NA/ME-k.json. Its name comes from the term, not from a
			// counter, so that a change elsewhere does not rename it.
			name := blockName(p.Term, usedNames)
			entry = append(entry, `{"h":"`...)
			entry = append(entry, name...)
			entry = append(entry, `","b":[`...)
			start, n, k := 0, 0, 0
			flush := func(end int) {
				if k > 0 {
					entry = append(entry, ',')
				}
				entry = strconv.AppendInt(entry, int64(eps[start].ep), 10)
				b.w.put("search/p/"+name[:2]+"/"+name[2:]+"-"+strconv.Itoa(k)+".json", block(eps[start:end]))
				k++
				start, n = end, 0
			}
			for i, x := range eps {
				if n > 0 && n+x.n > BlockPostings {
					flush(i)
				}
				n += x.n
			}
			flush(len(eps))
			entry = append(entry, "]}"...)
		}
		entry = append(entry, ']')
		if len(shard) == 0 {
			shard = append(shard, '{')
			shardFirst = append(shardFirst, p.Term)
		} else {
			shard = append(shard, ',')
		}
		shard = append(shard, entry...)
		if len(shard) >= ShardBytes {
			flushShard()
		}
	})
	flushShard()
	b.texts()
	b.episodeMeta()
	return b.meta(shardFirst)
}

// blockName names the posting blocks of a term: 12 hex digits of its
// FNV-1a hash, and a suffix in the rare case that another term (earlier
// in the sorted dictionary) took them.
func blockName(term string, used map[string]bool) string {
	h := fnv.New64a()
	h.Write([]byte(term))
	name := fmt.Sprintf("%012x", h.Sum64()&(1<<48-1))
	for i := 1; used[name]; i++ {
		name = fmt.Sprintf("%012x%d", h.Sum64()&(1<<48-1), i)
	}
	used[name] = true
	return name
}

// texts writes the segments of each episode in chunks.
func (b *builder) texts() {
	ix := b.ix
	for _, e := range ix.Episodes {
		segs := ix.Segments(e)
		for k := 0; k*ChunkSegments < len(segs); k++ {
			from, to := k*ChunkSegments, min((k+1)*ChunkSegments, len(segs))
			prev := int64(-1)
			if from > 0 {
				prev = wholeSeconds(segs[from-1].Start)
			}
			speakers := map[string]int{"": 0}
			names := []string{""}
			out := []byte(`{"prev":`)
			out = strconv.AppendInt(out, prev, 10)
			out = append(out, `,"s":[`...)
			for i, s := range segs[from:to] {
				if i > 0 {
					out = append(out, ',')
				}
				sp, ok := speakers[s.Speaker]
				if !ok {
					sp = len(names)
					speakers[s.Speaker] = sp
					names = append(names, s.Speaker)
				}
				out = append(out, '[')
				out = strconv.AppendInt(out, wholeSeconds(s.Start), 10)
				out = append(out, ',')
				out = strconv.AppendInt(out, int64(sp), 10)
				out = append(out, ',')
				out = appendString(out, s.Text)
				out = append(out, ']')
			}
			out = append(out, `],"sp":[`...)
			for i, n := range names {
				if i > 0 {
					out = append(out, ',')
				}
				out = appendString(out, n)
			}
			out = append(out, "]}"...)
			b.w.put("search/x/"+episodeDir(e)+"/"+strconv.Itoa(k)+".json", out)
		}
	}
}

// episodeDir is where an episode's text chunks live under search/x/: as
// its page under episodes/, "talk-python/453", so that adding an episode
// does not move another's.
func episodeDir(e *search.Episode) string {
	return strings.TrimSuffix(strings.TrimPrefix(episodePath(e), "episodes/"), ".html")
}

// wholeSeconds floors a segment's start to the second, as the pages'
// anchors do; -1 when unknown.
func wholeSeconds(sec float64) int64 {
	if sec < 0 {
		return -1
	}
	return int64(math.Floor(sec))
}

// episodeMeta writes the episodes' ids, titles, dates and pages.
func (b *builder) episodeMeta() {
	ix := b.ix
	for k := 0; k*MetaEpisodes < len(ix.Episodes); k++ {
		var rows [][3]string
		for _, e := range ix.Episodes[k*MetaEpisodes : min((k+1)*MetaEpisodes, len(ix.Episodes))] {
			date := ""
			if !e.Date.IsZero() {
				date = e.Date.Format("2006-01-02")
			}
			rows = append(rows, [3]string{episodePath(e), Title(e), date})
		}
		data, _ := json.Marshal(rows)
		b.w.put("search/e/"+strconv.Itoa(k)+".json", data)
	}
}

// Meta is search/meta.json.
type Meta struct {
	Format        int      `json:"format"`
	Shows         []string `json:"shows"`
	Shards        []string `json:"shards"`
	ChunkSegments int      `json:"chunk"`
	MetaEpisodes  int      `json:"metaEpisodes"`
	Segments      int      `json:"segments"`
	EpisodeShow   []int    `json:"show"`
	EpisodeYear   []int    `json:"year"`
	EpisodeNumber []int    `json:"number"`
	EpisodeLength []int    `json:"length"` // segments
	// An episode's text chunks are under x/SHOWDIR/NUMBER, or
	// x/SHOWDIR/KEY for an episode without a number.
	ShowDir        []string       `json:"showDir"`
	Key            map[int]string `json:"key"`
	AverageLength  float64        `json:"avgLength"`
	ExpandLimit    int            `json:"expand"`
	PageEpisodes   int            `json:"perPage"`
	PassagesPerHit int            `json:"perEpisode"`
}

// Limits of the browser's search, written in meta.json for search.js.
const (
	// ExpandLimit is how many words a prefix (pyd*) stands for at most:
	// the most frequent.
	ExpandLimit = 16
	// PerPage is how many episodes a page of results shows.
	PerPage = 10
	// PerEpisode is how many passages an episode shows.
	PerEpisode = 3
)

func (b *builder) meta(shards []string) error {
	ix := b.ix
	m := Meta{Format: IndexFormat, Shards: shards, ChunkSegments: ChunkSegments, MetaEpisodes: MetaEpisodes,
		ExpandLimit: ExpandLimit, PageEpisodes: PerPage, PassagesPerHit: PerEpisode, Key: map[int]string{}}
	for _, s := range ix.Shows {
		m.Shows = append(m.Shows, s.Name)
	}
	m.ShowDir = make([]string, len(ix.Shows))
	total := 0
	for _, e := range ix.Episodes {
		m.EpisodeShow = append(m.EpisodeShow, e.Show)
		y := 0
		if !e.Date.IsZero() {
			y = e.Date.Year()
		}
		m.EpisodeYear = append(m.EpisodeYear, y)
		m.EpisodeNumber = append(m.EpisodeNumber, e.Number)
		m.EpisodeLength = append(m.EpisodeLength, e.Count)
		show, key, _ := strings.Cut(episodeDir(e), "/")
		m.ShowDir[e.Show] = show
		if e.Number < 0 || key != strconv.Itoa(e.Number) {
			m.Key[len(m.EpisodeShow)-1] = key
		}
		total += e.Count
	}
	m.Segments = total
	if len(ix.Episodes) > 0 {
		m.AverageLength = math.Round(float64(total)/float64(len(ix.Episodes))*10) / 10
	}
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	b.w.put("search/meta.json", data)
	return nil
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	q, _ := json.Marshal(s)
	return append(b, q...)
}
