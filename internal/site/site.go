// Package site owns emend's static site (`emend site -o DIR`): a page per
// episode with its transcript (times, an anchor per segment, a player
// when the show has an audio_url) and the metadata search engines read
// (Open Graph, schema.org PodcastEpisode JSON-LD), an index of the
// episodes, and a search that runs in the browser over a split index
// that fetches only the small files a query needs (splitindex.go). The
// pages reuse the templates and style sheet of internal/web.
//
// Files are written through internal/safefile, and only when their
// content changed; a manifest in DIR lists what the site holds, so that
// a file the site no longer has is removed and no other file is touched.
package site

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/emend-project/emend/internal/safefile"
	"github.com/emend-project/emend/internal/search"
)

// ManifestName is the file in DIR that lists the files of the site, one
// a line: what a later build may replace or remove.
const ManifestName = ".emend-site"

// Options say how a site is built.
type Options struct {
	// BaseURL is the absolute URL the site is served from
	// ("https://example.org/transcripts/"): pages then carry canonical
	// links and absolute Open Graph URLs. Empty: none.
	BaseURL string
	// Title names the site; empty: the shows' names.
	Title string
}

// Stats say what a build did.
type Stats struct {
	Episodes  int
	Files     int   // files of the site
	Bytes     int64 // their total size
	Written   int   // files written because they were new or changed
	Unchanged int
	Removed   int // files of an earlier build the site no longer has
	Took      time.Duration
}

// Build writes the site of an index into dir.
func Build(ix *search.Index, dir string, o Options) (Stats, error) {
	t0 := time.Now()
	if o.BaseURL != "" && !strings.HasSuffix(o.BaseURL, "/") {
		o.BaseURL += "/"
	}
	old, err := readManifest(dir)
	if err != nil {
		return Stats{}, err
	}
	w := newWriter(dir)
	b := &builder{ix: ix, o: o, w: w}
	b.pages()
	if err := b.splitIndex(); err != nil {
		w.close()
		return Stats{}, err
	}
	st, err := w.close()
	if err != nil {
		return st, err
	}
	for _, name := range old {
		if _, ok := w.names[name]; ok {
			continue
		}
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil && !errors.Is(err, os.ErrNotExist) {
			return st, fmt.Errorf("site: remove %s: %w", name, err)
		}
		st.Removed++
	}
	removeEmptyDirs(dir)
	if err := writeManifest(dir, w.names); err != nil {
		return st, err
	}
	st.Episodes = len(ix.Episodes)
	st.Took = time.Since(t0)
	return st, nil
}

// readManifest lists the files of an earlier build in dir. A directory
// that does not exist, or is empty, has none; one that holds files but
// no manifest is refused: it is not a site emend wrote, and files there
// could be overwritten.
func readManifest(dir string) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, os.ErrNotExist) {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("site: %w", err)
		}
		if len(entries) > 0 {
			return nil, fmt.Errorf("site: %s holds files but no %s: give a new or empty directory, or one emend site wrote", dir, ManifestName)
		}
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("site: %w", err)
	}
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		n := sc.Text()
		if n == "" || strings.HasPrefix(n, "#") {
			continue
		}
		if !filepath.IsLocal(filepath.FromSlash(n)) {
			return nil, fmt.Errorf("site: %s: %q is outside the site", ManifestName, n)
		}
		names = append(names, n)
	}
	return names, sc.Err()
}

func writeManifest(dir string, names map[string]struct{}) error {
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	slices.Sort(list)
	data := "# The files emend site wrote; a later build replaces or removes only these.\n" + strings.Join(list, "\n") + "\n"
	p := filepath.Join(dir, ManifestName)
	if cur, err := os.ReadFile(p); err == nil && string(cur) == data {
		return nil
	}
	if err := safefile.WriteFile(p, []byte(data), 0o644); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	return nil
}

// removeEmptyDirs removes the directories a build left empty.
func removeEmptyDirs(dir string) {
	var dirs []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && p != dir {
			dirs = append(dirs, p)
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		os.Remove(dirs[i]) // fails, as it should, when not empty
	}
}

// writer writes the files of a site with a few goroutines (each write
// waits for its fsync), and only those whose content changed.
type writer struct {
	dir   string
	names map[string]struct{}
	jobs  chan job
	wg    sync.WaitGroup
	mu    sync.Mutex
	st    Stats
	err   error
	dirs  map[string]bool
}

type job struct {
	name string
	data []byte
}

// writers is how many files are written at once: the writes mostly wait
// for the disk.
const writers = 8

func newWriter(dir string) *writer {
	w := &writer{dir: dir, names: map[string]struct{}{}, jobs: make(chan job, 64), dirs: map[string]bool{}}
	for range max(writers, runtime.GOMAXPROCS(0)) {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for j := range w.jobs {
				w.write(j)
			}
		}()
	}
	return w
}

// put queues a file of the site, by its slash-separated name.
func (w *writer) put(name string, data []byte) {
	if _, dup := w.names[name]; dup {
		panic("site: two files named " + name)
	}
	w.names[name] = struct{}{}
	w.st.Files++
	w.st.Bytes += int64(len(data))
	d := filepath.Dir(filepath.Join(w.dir, filepath.FromSlash(name)))
	if !w.dirs[d] {
		w.dirs[d] = true
		if err := os.MkdirAll(d, 0o755); err != nil {
			w.fail(fmt.Errorf("site: %w", err))
		}
	}
	w.jobs <- job{name, data}
}

func (w *writer) fail(err error) {
	w.mu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
}

func (w *writer) write(j job) {
	p := filepath.Join(w.dir, filepath.FromSlash(j.name))
	if cur, err := os.ReadFile(p); err == nil && bytes.Equal(cur, j.data) {
		w.mu.Lock()
		w.st.Unchanged++
		w.mu.Unlock()
		return
	}
	if err := safefile.WriteFile(p, j.data, 0o644); err != nil {
		w.fail(fmt.Errorf("site: %w", err))
		return
	}
	w.mu.Lock()
	w.st.Written++
	w.mu.Unlock()
}

func (w *writer) close() (Stats, error) {
	close(w.jobs)
	w.wg.Wait()
	return w.st, w.err
}
