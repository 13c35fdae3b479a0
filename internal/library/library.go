// Package library finds the transcripts under a set of paths, reads them,
// and groups the copies of each episode: the .txt and .vtt files of one
// transcript and the YouTube copies made from another recording. It also
// sums up a library (episodes, words, hours, formats).
package library

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/emend-project/emend/internal/transcript"
)

// Extensions are the file name endings of the files a directory scan
// reads. A file named on the command line is read whatever its name.
var Extensions = []string{".vtt", ".srt", ".txt", ".json", ".html", ".htm"}

// File is one transcript file and what was read from it.
type File struct {
	Path string
	// Show is the show the file belongs to: the name of the directory
	// argument it was found under, or of its own directory.
	Show    string
	Size    int64
	Episode *transcript.Episode // nil when the file could not be read at all
	Err     error               // the reader's problems, or an I/O error
}

// Stem is the file's path without its extension: the .txt and .vtt of one
// transcript share it.
func (f *File) Stem() string { return strings.TrimSuffix(f.Path, filepath.Ext(f.Path)) }

// Copy is one transcript of an episode: the files that share a stem (a
// .txt and a .vtt, usually), all made from one recording.
type Copy struct {
	Stem  string
	Files []*File
}

// Episode is every copy found of one episode.
type Episode struct {
	Show string
	// Key is the episode's number, or its file stem when it has none.
	Key    string
	Number int // -1 when unknown
	Copies []*Copy
}

// Library is what a scan found.
type Library struct {
	Files    []*File
	Episodes []*Episode
}

// Scan finds the transcript files under paths (files, or directories read
// recursively, skipping hidden ones), reads them in parallel, and groups
// them by episode. progress, when not nil, is called after each file. A
// file above MaxFileSize is not read: its Err wraps ErrTooLarge.
func Scan(paths []string, progress func(done, total int)) (*Library, error) {
	limit, err := MaxFileSize()
	if err != nil {
		return nil, err
	}
	var names, shows []string
	seen := map[string]bool{}
	for _, p := range paths {
		found, show, err := find(p)
		if err != nil {
			return nil, err
		}
		for _, n := range found {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
				shows = append(shows, show)
			}
		}
	}
	lib := &Library{Files: make([]*File, len(names))}
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				lib.Files[i] = readFile(names[i], limit)
				lib.Files[i].Show = shows[i]
				if progress != nil {
					mu.Lock()
					done++
					progress(done, len(names))
					mu.Unlock()
				}
			}
		}()
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	lib.group()
	return lib, nil
}

// find lists the transcript files at a path, and names the show they
// belong to.
func find(root string) ([]string, string, error) {
	files, err := Find(root)
	if err != nil {
		return nil, "", err
	}
	dir := root
	if len(files) == 1 && files[0] == root { // a file, not a directory
		dir = filepath.Dir(root)
	}
	return files, showName(dir), nil
}

// Find lists the transcript files at a path: the path itself when it is a
// file, else the files under it with a transcript extension (see Walk), in
// lexical order.
func Find(root string) ([]string, error) {
	fi, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{root}, nil
	}
	var out []string
	err = Walk(root, func(p string, d fs.DirEntry) error {
		if IsTranscriptName(p) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Walk calls fn for every regular file under root, in lexical order,
// skipping hidden files and directories (.git, .emend) as every command
// that looks for transcripts does. Errors name the path.
//
// Symbolic links are followed: a link to a file is that file (its
// DirEntry describes the file, and fix writes through the link); a link to
// a directory, root included, is walked as that directory, unless the
// directory was walked already, which guards against cycles and reading a
// file twice. A dangling link is passed over.
func Walk(root string, fn func(path string, d fs.DirEntry) error) error {
	return walk(root, map[fileID]bool{}, fn)
}

// fileID names a file whatever the path to it: device and inode.
type fileID struct{ dev, ino uint64 }

func idOf(fi fs.FileInfo) (fileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{uint64(st.Dev), st.Ino}, true
}

func walk(root string, seen map[fileID]bool, fn func(path string, d fs.DirEntry) error) error {
	start := root
	if fi, err := os.Lstat(root); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		start = root + string(filepath.Separator) // WalkDir follows a root that ends in a separator
	}
	return filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("scan %s: %w", p, err)
		}
		if p == start {
			p = root
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			if fi, err := d.Info(); err == nil {
				if id, ok := idOf(fi); ok {
					if seen[id] {
						return filepath.SkipDir
					}
					seen[id] = true
				}
			}
			return nil
		}
		if strings.HasPrefix(name, ".") {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			fi, err := os.Stat(p)
			if err != nil {
				return nil // dangling
			}
			if fi.IsDir() {
				return walk(p, seen, fn)
			}
			if !fi.Mode().IsRegular() {
				return nil
			}
			return fn(p, fs.FileInfoToDirEntry(fi))
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return fn(p, d)
	})
}

// IsTranscriptName reports whether a file name has one of the Extensions.
func IsTranscriptName(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// showName names a show after its directory.
func showName(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	return filepath.Base(abs)
}

func readFile(path string, limit int64) *File {
	f := &File{Path: path}
	if fi, err := os.Stat(path); err == nil && fi.Size() > limit {
		f.Size = fi.Size()
		f.Err = fmt.Errorf("%w: %d MB, above emend's limit of %d MB (set %s=BYTES to raise it)", ErrTooLarge, fi.Size()>>20, limit>>20, MaxFileSizeEnv)
		return f
	}
	data, err := os.ReadFile(path)
	if err != nil {
		f.Err = err
		return f
	}
	f.Size = int64(len(data))
	f.Episode, f.Err = transcript.Read(path, data)
	return f
}

// DefaultMaxFileSize is the largest transcript a library is read with:
// 128 times the largest of Talk Python's 1,178 (259 KB). Reading and
// fixing a file with an edit every 30 bytes takes up to about 30 times its
// size in memory (a one-line 32 MB transcript: 944 MB; see
// docs/evaluation.md, "Memory and time of fix on large files"), so a file
// of the limit needs under 1 GB, and no file makes emend take all a
// machine's memory.
const DefaultMaxFileSize = 32 << 20

// MaxFileSizeEnv names the environment variable that sets another limit,
// in bytes, or with a suffix K, M or G.
const MaxFileSizeEnv = "EMEND_MAX_FILE_SIZE"

// ErrTooLarge marks a file left unread because of its size.
var ErrTooLarge = errors.New("too large")

// MaxFileSize returns the size limit of a transcript: DefaultMaxFileSize,
// or what MaxFileSizeEnv says.
func MaxFileSize() (int64, error) {
	v := strings.TrimSpace(os.Getenv(MaxFileSizeEnv))
	if v == "" {
		return DefaultMaxFileSize, nil
	}
	mult := int64(1)
	switch strings.ToUpper(v[len(v)-1:]) {
	case "K":
		mult = 1 << 10
	case "M":
		mult = 1 << 20
	case "G":
		mult = 1 << 30
	}
	if mult > 1 {
		v = v[:len(v)-1]
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("%s=%q: want a size in bytes, or with K, M or G", MaxFileSizeEnv, os.Getenv(MaxFileSizeEnv))
	}
	return n * mult, nil
}

// group sorts the files into copies and episodes.
func (lib *Library) group() {
	type showKey struct{ show, key string }
	byKey := map[showKey]*Episode{}
	byStem := map[string]*Copy{}
	for _, f := range lib.Files {
		num, _ := transcript.ParseName(f.Path)
		stem := f.Stem()
		key := EpisodeKey(f.Path, num)
		ep := byKey[showKey{f.Show, key}]
		if ep == nil {
			ep = &Episode{Show: f.Show, Key: key, Number: num}
			byKey[showKey{f.Show, key}] = ep
			lib.Episodes = append(lib.Episodes, ep)
		}
		c := byStem[stem]
		if c == nil {
			c = &Copy{Stem: stem}
			byStem[stem] = c
			ep.Copies = append(ep.Copies, c)
		}
		c.Files = append(c.Files, f)
	}
	sort.Slice(lib.Episodes, func(i, j int) bool {
		a, b := lib.Episodes[i], lib.Episodes[j]
		if a.Show != b.Show {
			return a.Show < b.Show
		}
		return CompareEpisodes(a.Number, a.Key, b.Number, b.Key) < 0
	})
}

// EpisodeKey is what a file shares with the other copies of its episode in
// a show: its episode number (from transcript.ParseName), or, when it has
// none (number -1), its path without the extension.
func EpisodeKey(path string, number int) string {
	if number >= 0 {
		return strconv.Itoa(number)
	}
	return strings.TrimSuffix(path, filepath.Ext(path))
}

// CompareEpisodes orders two episodes of a show by their numbers (-1 when
// unknown) and keys (see EpisodeKey): the numbered ones first, by number,
// then the others by key.
func CompareEpisodes(aNum int, aKey string, bNum int, bKey string) int {
	if (aNum >= 0) != (bNum >= 0) {
		if aNum >= 0 {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(aNum, bNum), strings.Compare(aKey, bKey))
}

// Without returns the library without the files under dir (a command's
// own output directory inside the library, say), grouped anew; the
// library itself when none is there.
func (lib *Library) Without(dir string) *Library {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return lib
	}
	out := &Library{}
	for _, f := range lib.Files {
		p, err := filepath.Abs(f.Path)
		if err == nil && (p == abs || strings.HasPrefix(p, abs+string(filepath.Separator))) {
			continue
		}
		out.Files = append(out.Files, f)
	}
	if len(out.Files) == len(lib.Files) {
		return lib
	}
	out.group()
	return out
}
