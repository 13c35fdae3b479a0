package search

import (
	"bufio"
	"bytes"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/transcript"
)

// Source is one show to index: its name, the files or directories of its
// transcripts, and its deep-link templates.
type Source struct {
	Show  Show
	Paths []string
}

// fileRec is what the index keeps of a transcript file: enough to tell
// whether it changed, to choose the copy to index, and, for the chosen
// copy, its segments.
type fileRec struct {
	Path        string
	Show        int
	Size, MTime int64 // bytes, Unix nanoseconds
	Hash        uint64
	Format      string
	Err         string // why the file could not be read, if it could not
	Timed       bool
	Title       string
	MetaDate    int64 // Unix seconds from the transcript's metadata, 0 when none
	SaidDate    int64 // Unix seconds of the recording date said in its first lines, 0 when none
	GitDate     int64 // Unix seconds of the commit that added the file, 0 when unknown
	// Segs are the file's segments while an index is built or loaded;
	// afterwards hasSegs says the index's segment table holds them.
	Segs    []storedSeg
	hasSegs bool
	parsed  bool // read anew by this build
}

type storedSeg struct {
	Start   int64
	Speaker string
	Text    string
}

// BuildStats says what an update did.
type BuildStats struct {
	Files, Parsed, Reused, Removed, Episodes, Segments int
	Took                                               time.Duration
	// Changed is false when every file is as the old index knew it (and
	// the shows are the same): the old index file need not be written.
	Changed bool
}

// Build indexes the sources, reusing what old (which may be nil) holds
// for files whose size and modification time, or else content, have not
// changed: only new and changed files are read and parsed. progress,
// when not nil, is called as files are parsed.
func Build(sources []Source, old *Index, progress func(done, total int)) (*Index, BuildStats, error) {
	t0 := time.Now()
	var st BuildStats
	ix := &Index{}
	oldFiles := map[string]*fileRec{}
	if old != nil {
		for _, f := range old.files {
			oldFiles[f.Path] = f
		}
	}
	type job struct {
		rec  *fileRec
		prev *fileRec
		info fs.FileInfo
	}
	var jobs []*job
	seen := map[string]bool{}
	for si, src := range sources {
		ix.Shows = append(ix.Shows, src.Show)
		for _, p := range src.Paths {
			names, err := find(p)
			if err != nil {
				return nil, st, fmt.Errorf("index %s: %w", src.Show.Name, err)
			}
			for _, n := range names {
				if seen[n] {
					continue
				}
				seen[n] = true
				fi, err := os.Stat(n)
				if err != nil {
					return nil, st, fmt.Errorf("index %s: %w", n, err)
				}
				jobs = append(jobs, &job{rec: &fileRec{Path: n, Show: si, Size: fi.Size(), MTime: fi.ModTime().UnixNano()}, prev: oldFiles[n], info: fi})
			}
		}
	}
	st.Files = len(jobs)
	for p := range oldFiles {
		if !seen[p] {
			st.Removed++
		}
	}
	// Reuse the records of unchanged files; read the others.
	var oldSegs func(*fileRec) []storedSeg
	if old != nil {
		oldSegs = old.segsOf()
	}
	var toRead []*job
	st.Changed = old == nil || st.Removed > 0 || len(old.Shows) != len(sources)
	for i, src := range sources {
		if old != nil && i < len(old.Shows) && old.Shows[i] != src.Show {
			st.Changed = true
		}
	}
	for _, j := range jobs {
		if pr := j.prev; pr != nil && pr.Size == j.rec.Size && pr.MTime == j.rec.MTime {
			*j.rec = *pr
			j.rec.parsed = false
			j.rec.Segs = oldSegs(pr)
			continue
		}
		toRead = append(toRead, j)
		st.Changed = true
	}
	for _, j := range jobs {
		j.rec.Show = showOf(sources, j.rec.Path, j.rec.Show)
	}
	var mu sync.Mutex
	var firstErr error
	parse := func(j *job, force bool) {
		data, err := os.ReadFile(j.rec.Path)
		if err != nil {
			mu.Lock()
			if firstErr == nil {
				firstErr = fmt.Errorf("index %s: %w", j.rec.Path, err)
			}
			mu.Unlock()
			return
		}
		h := fnv.New64a()
		h.Write(data)
		sum := h.Sum64()
		if pr := j.prev; !force && pr != nil && pr.Hash == sum && pr.Size == int64(len(data)) {
			size, mtime, show := j.rec.Size, j.rec.MTime, j.rec.Show
			*j.rec = *pr
			j.rec.Size, j.rec.MTime, j.rec.Show, j.rec.parsed = size, mtime, show, false
			j.rec.Segs = oldSegs(pr)
			return
		}
		r := j.rec
		r.parsed = true
		r.Hash = sum
		r.Size = int64(len(data))
		if pr := j.prev; pr != nil {
			r.GitDate = pr.GitDate
		}
		ep, err := transcript.Read(r.Path, data)
		r.Err, r.Segs, r.hasSegs, r.Timed, r.Format, r.Title, r.MetaDate, r.SaidDate = "", nil, true, false, "", "", 0, 0
		if ep == nil || len(ep.Segments) == 0 {
			if err == nil {
				err = fmt.Errorf("no text")
			}
			r.Err = err.Error()
		} else {
			r.Format = string(ep.Format)
			r.Title = ep.Title
			if !ep.Date.IsZero() {
				r.MetaDate = ep.Date.Unix()
			}
			r.Segs = make([]storedSeg, 0, len(ep.Segments))
			for _, s := range ep.Segments {
				if s.Start.Known() {
					r.Timed = true
				}
				start := int64(-1)
				if s.Start.Known() {
					start = int64(s.Start)
				}
				r.Segs = append(r.Segs, storedSeg{Start: start, Speaker: s.Speaker, Text: s.Text})
			}
			r.SaidDate = recordedDate(r.Segs)
		}
		mu.Lock()
		st.Parsed++
		if progress != nil {
			progress(st.Parsed, len(toRead))
		}
		mu.Unlock()
	}
	parallel(toRead, func(j *job) { parse(j, false) })
	if firstErr != nil {
		return nil, st, firstErr
	}
	for _, j := range jobs {
		ix.files = append(ix.files, j.rec)
	}
	// Choose one copy per episode; read the chosen ones whose segments
	// the old index did not keep.
	eps := ix.group()
	var more []*job
	byPath := map[string]*job{}
	for _, j := range jobs {
		byPath[j.rec.Path] = j
	}
	for _, e := range eps {
		if f := e.chosen; f != nil && !f.hasSegs {
			more = append(more, byPath[f.Path])
		}
	}
	parallel(more, func(j *job) { parse(j, true) })
	if firstErr != nil {
		return nil, st, firstErr
	}
	// Reused: every file not parsed, unchanged by size and time or by content.
	st.Reused = len(jobs) - st.Parsed
	ix.gitDates()
	switch {
	case old != nil && sameText(old, ix, eps):
		// No indexed text changed: the old postings still hold.
		ix.layout(eps)
		ix.segLen, ix.avgLen, ix.terms, ix.ids, ix.post = old.segLen, old.avgLen, old.terms, old.ids, old.post
	case old != nil:
		// Tokenize only the episodes whose text changed.
		ix.layout(eps)
		ix.patchPostings(old, unchangedFrom(old, eps))
	default:
		ix.assemble(eps)
	}
	// Keep segments only for the chosen copies.
	chosen := map[*fileRec]bool{}
	for _, e := range eps {
		chosen[e.chosen] = true
	}
	for _, f := range ix.files {
		// The chosen copies' segments are in the segment table now.
		f.Segs, f.hasSegs = nil, chosen[f]
	}
	st.Episodes, st.Segments = len(ix.Episodes), len(ix.segText)
	st.Took = time.Since(t0)
	return ix, st, nil
}

// segsOf returns a function giving the segments an index holds of a
// file (nil for a copy not indexed), rebuilt from its segment table.
func (ix *Index) segsOf() func(*fileRec) []storedSeg {
	byFile := make(map[string]*Episode, len(ix.Episodes))
	for _, e := range ix.Episodes {
		byFile[e.File] = e
	}
	return func(f *fileRec) []storedSeg {
		if f.Segs != nil || !f.hasSegs {
			return f.Segs
		}
		e := byFile[f.Path]
		if e == nil {
			return nil
		}
		out := make([]storedSeg, e.Count)
		for k := range out {
			s := e.First + k
			out[k] = storedSeg{Start: ix.segStart[s], Speaker: ix.speakers[ix.segSpeaker[s]], Text: ix.segText[s]}
		}
		return out
	}
}

// sameText reports whether a build indexes the same text as the old
// index: the same shows, episodes from the same files, none read anew.
func sameText(old, ix *Index, eps []*epGroup) bool {
	if len(old.Shows) != len(ix.Shows) || len(old.Episodes) != len(eps) {
		return false
	}
	for i := range old.Shows {
		if old.Shows[i].Name != ix.Shows[i].Name {
			return false
		}
	}
	for i, g := range eps {
		e := old.Episodes[i]
		if g.chosen.parsed || e.File != g.chosen.Path || e.Show != g.show || e.Count != len(g.chosen.Segs) {
			return false
		}
	}
	return true
}

// unchangedFrom maps each new episode to the old episode it has the same
// text as (the same file, not read anew), or to -1.
func unchangedFrom(old *Index, eps []*epGroup) []int {
	byFile := map[string]int{}
	for i, e := range old.Episodes {
		byFile[e.File] = i
	}
	from := make([]int, len(eps))
	last := -1
	for i, g := range eps {
		from[i] = -1
		if oi, ok := byFile[g.chosen.Path]; ok && !g.chosen.parsed && old.Episodes[oi].Count == len(g.chosen.Segs) {
			if oi < last {
				// Episodes changed order (shows reordered): renumbered
				// postings would not stay sorted, so tokenize all.
				for k := range from {
					from[k] = -1
				}
				return from
			}
			from[i], last = oi, oi
		}
	}
	return from
}

// showOf returns the show a file belongs to: the one whose path holds it
// most closely, which matters when one show's directory holds another's.
func showOf(sources []Source, path string, def int) int {
	best, bestLen := def, -1
	for si, src := range sources {
		for _, p := range src.Paths {
			p = filepath.Clean(p)
			if (path == p || strings.HasPrefix(path, p+string(filepath.Separator))) && len(p) > bestLen {
				best, bestLen = si, len(p)
			}
		}
	}
	return best
}

func parallel[T any](items []T, fn func(T)) {
	next := make(chan T)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range next {
				fn(it)
			}
		}()
	}
	for _, it := range items {
		next <- it
	}
	close(next)
	wg.Wait()
}

// find lists the transcript files at a path as library.Find does, their
// names cleaned.
func find(root string) ([]string, error) {
	names, err := library.Find(root)
	for i, n := range names {
		names[i] = filepath.Clean(n)
	}
	return names, err
}

// epGroup is the files of one episode while building.
type epGroup struct {
	show   int
	key    string
	number int
	slug   string
	files  []*fileRec
	chosen *fileRec
}

// group sorts the files into episodes by show and number (or file stem,
// for a file without a number) and chooses the copy each is indexed from.
func (ix *Index) group() []*epGroup {
	by := map[string]*epGroup{}
	var out []*epGroup
	for _, f := range ix.files {
		num, slug := transcript.ParseName(f.Path)
		key := library.EpisodeKey(f.Path, num)
		k := strconv.Itoa(f.Show) + "\x00" + key
		g := by[k]
		if g == nil {
			g = &epGroup{show: f.Show, key: key, number: num, slug: slug}
			by[k] = g
			out = append(out, g)
		}
		g.files = append(g.files, f)
	}
	kept := out[:0]
	for _, g := range out {
		g.chosen = choose(g.files)
		if g.chosen != nil {
			kept = append(kept, g)
		}
	}
	sort.Slice(kept, func(i, j int) bool {
		a, b := kept[i], kept[j]
		if a.show != b.show {
			return a.show < b.show
		}
		return library.CompareEpisodes(a.number, a.key, b.number, b.key) < 0
	})
	return kept
}

// choose picks the copy of an episode to index: a readable one; then one
// not in a YouTube directory (the podcast's own transcripts are the ones
// people correct); then a timed one; then by format, preferring the
// "HH:MM:SS text" paragraphs (whole sentences, so phrases and snippets
// stay whole) to subtitle cues; then by path.
func choose(files []*fileRec) *fileRec {
	rank := func(f *fileRec) [4]int {
		yt := 0
		if strings.Contains(strings.ToLower(f.Path), "youtube") {
			yt = 1
		}
		timed := 1
		if f.Timed {
			timed = 0
		}
		bad := 0
		if f.Err != "" {
			bad = 1
		}
		return [4]int{bad, yt, timed, formatRank[f.Format]}
	}
	var best *fileRec
	var bestRank [4]int
	for _, f := range files {
		r := rank(f)
		if best == nil || less(r, bestRank) || r == bestRank && f.Path < best.Path {
			best, bestRank = f, r
		}
	}
	if best != nil && best.Err != "" {
		return nil
	}
	return best
}

// formatRank orders the formats for choose, best first; a format not
// listed ranks with txt.
var formatRank = map[string]int{"txt": 0, "json": 1, "html": 1, "vtt": 2, "srt": 2, "webpage": 3, "captions": 3, "text": 4}

func less(a, b [4]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// gitDates fills in the date each file was added to git, for files that
// do not have one yet, with one "git log" per repository. A directory
// that is not in a usable repository leaves its files to be dated by
// their modification times.
func (ix *Index) gitDates() {
	repos := map[string][]*fileRec{}
	roots := map[string]string{} // directory -> its work tree's top, "" for none
	for _, f := range ix.files {
		if f.GitDate != 0 || f.MetaDate != 0 || f.SaidDate != 0 {
			continue
		}
		if root := gitRoot(filepath.Dir(f.Path), roots); root != "" {
			repos[root] = append(repos[root], f)
		}
	}
	for root, files := range repos {
		added, err := gitAdded(root)
		if err != nil {
			continue
		}
		for _, f := range files {
			abs, err := filepath.Abs(f.Path)
			if err != nil {
				continue
			}
			rel, err := filepath.Rel(root, abs)
			if err != nil {
				continue
			}
			if t, ok := added[filepath.ToSlash(rel)]; ok {
				f.GitDate = t
			}
		}
	}
}

// gitRoot returns the top of the git work tree that holds dir, or "",
// remembering the answer in cache (the files of a directory are many).
func gitRoot(dir string, cache map[string]string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if root, ok := cache[abs]; ok {
		return root
	}
	root := ""
	for d := abs; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			root = d
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	cache[abs] = root
	return root
}

// gitAdded returns, for each file of a repository, the Unix time of the
// first commit that added it, from one "git log".
func gitAdded(root string) (map[string]int64, error) {
	cmd := exec.Command("git", "-C", root, "log", "--diff-filter=A", "--no-renames", "--format=%x00%aI", "--name-only")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git log in %s: %w", root, err)
	}
	added := map[string]int64{}
	var cur int64
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "\x00") {
			t, err := time.Parse(time.RFC3339, line[1:])
			if err == nil {
				cur = t.Unix()
			}
			continue
		}
		if line == "" {
			continue
		}
		// Newest first: the last date seen for a file is the first add.
		added[unquoteGit(line)] = cur
	}
	return added, sc.Err()
}

// unquoteGit undoes git's quoting of unusual file names.
func unquoteGit(s string) string {
	if strings.HasPrefix(s, `"`) {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
	}
	return s
}
