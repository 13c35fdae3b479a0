package suggest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/langmodel"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/safefile"
	"github.com/emend-project/emend/internal/transcript"
	"github.com/emend-project/emend/internal/vocab"
)

// Terms converts a vocabulary into terms for an index. A term's source is
// its strongest: rules, then the user's files, then corrected text, notes
// and titles of any episode, then the starter list. (This episode's own
// notes are added per episode with Index.With and NotesTerms.)
func Terms(v *vocab.Vocabulary) []Term {
	var out []Term
	for _, t := range v.Terms() {
		s := FromStarter
		switch {
		case t.Sources&vocab.FromRules != 0:
			s = FromRules
		case t.Sources&vocab.FromUser != 0:
			s = FromUser
		case t.Sources&(vocab.FromTranscripts|vocab.FromNotes|vocab.FromTitle) != 0:
			s = FromTranscripts
		}
		listed := t.Sources&(vocab.FromStarter|vocab.FromNotes|vocab.FromTitle) != 0
		out = append(out, Term{Text: t.Text, Source: s, Common: t.Common, Listed: listed, SoundsLike: t.SoundsLike, HeardAs: t.HeardAs})
	}
	return out
}

// NotesTerms are the terms of one episode's show notes, for Index.With.
func NotesTerms(n *vocab.Notes) []Term {
	if n == nil {
		return nil
	}
	var out []Term
	for _, t := range append(append(append([]string(nil), n.Terms...), n.Guests...), vocab.TitleTerms(n.Title)...) {
		out = append(out, Term{Text: t, Source: FromNotes})
	}
	return out
}

// Corpus is what a vocabulary is built from.
type Corpus struct {
	// Texts are corrected transcripts, one string each.
	Texts []string
	Rules []*rules.Rule
	// Notes are show notes of any episode.
	Notes []*vocab.Notes
}

// Vocabulary builds the vocabulary of a corpus: the starter list, the
// rules' right sides, the names learned from corrected text and those of
// show notes, less the errors among the names (see DropMisheard). (emend
// suggest builds its own in NewSetup, from the cache and the user's
// files.)
func Vocabulary(c Corpus) *vocab.Vocabulary {
	v := vocab.Starter()
	v.AddRules(c.Rules)
	v.AddUses(vocab.Learn(c.Texts), vocab.FromTranscripts)
	for _, n := range c.Notes {
		v.AddNotes(n)
	}
	v.DropMisheard()
	return v
}

// TrainingTexts returns the text of one file of each copy of a library's
// episodes (the primary one: a .vtt repeats its .txt), a string a file.
func TrainingTexts(lib *library.Library) []string {
	var out []string
	for _, ep := range lib.Episodes {
		for _, c := range ep.Copies {
			f := Primary(c)
			if f == nil {
				continue
			}
			var b strings.Builder
			for _, s := range f.Episode.Segments {
				b.WriteString(s.Text)
				b.WriteByte('\n')
			}
			out = append(out, b.String())
		}
	}
	return out
}

// NewModel trains a language model on texts, one episode each, its
// segments on lines: they are joined, so that word sequences run on over
// the seams of segments (a cue often ends mid-sentence).
func NewModel(texts []string) *langmodel.Model {
	b := langmodel.NewBuilder()
	for _, t := range texts {
		b.Add(strings.ReplaceAll(t, "\n", " "))
	}
	return b.Model()
}

// CacheDir is where a library's language model and learned names are
// cached, under its root, with a manifest of the files they were built
// from (paths, sizes and modification times).
const CacheDir = config.StateDir

// Corpus files in the cache.
const (
	modelFile    = "langmodel"
	learnedFile  = "learned-terms"
	manifestFile = "langmodel.manifest"
)

// Learned is what a library teaches: its language model, the names its
// corrected text spells (with their uses) and those of its show notes.
type Learned struct {
	Model *langmodel.Model
	Terms []vocab.TermUse
	Notes []string
}

// corpusFile is a file the cache is built from: a transcript, or show
// notes.
type corpusFile struct {
	path, stem string // stem: absolute, without extension
	line       string // path, size and modification time
	err        error  // from reading its size and time
}

// corpusFiles lists the transcript files under root, as library.Scan
// would find them, and the show notes, with their sizes and modification
// times.
func corpusFiles(root string) ([]corpusFile, error) {
	var files []corpusFile
	err := library.Walk(root, func(p string, d os.DirEntry) error {
		if !library.IsTranscriptName(p) && !(strings.EqualFold(filepath.Ext(p), ".md") && filepath.Base(filepath.Dir(p)) == "show_notes") {
			return nil
		}
		f := corpusFile{path: p, stem: stem(absPath(p))}
		if fi, err := d.Info(); err != nil {
			f.err = fmt.Errorf("scan %s: %w", root, err)
		} else {
			f.line = p + "\t" + strconv.FormatInt(fi.Size(), 10) + "\t" + strconv.FormatInt(fi.ModTime().UnixNano(), 10)
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", root, err)
	}
	return files, nil
}

// manifest hashes the files, leaving out those to exclude, which it
// names too.
func manifest(files []corpusFile, exclude exclusion) (m string, kept, excludedN int, err error) {
	var lines []string
	var excluded []string
	for _, f := range files {
		if exclude.has(f.path) {
			excluded = append(excluded, f.path)
			continue
		}
		if f.err != nil {
			return "", 0, 0, f.err
		}
		lines = append(lines, f.line)
	}
	sort.Strings(lines)
	sort.Strings(excluded)
	h := sha256.Sum256([]byte(strings.Join(lines, "\n") + "\x00" + strings.Join(excluded, "\n")))
	return "emend corpus cache v2 " + hex.EncodeToString(h[:]) + "\n", len(lines), len(excluded), nil
}

func stem(p string) string { return strings.TrimSuffix(p, filepath.Ext(p)) }

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// Learn returns what the library under root teaches: from the cache under
// root when its manifest matches the files, else learned anew (scanning
// root; progress, when not nil, follows the reading) and cached. built
// says which. The files of exclude (the episodes proposals are made for,
// raw, whose errors must not teach) are left out.
func Learn(root string, exclude []string, progress func(done, total int)) (l *Learned, built bool, err error) {
	return learn(root, nil, exclude, progress)
}

// learn is Learn; scanned, when not nil, is the library at root as
// library.Scan reads it, read already by the caller: a stale cache is
// rebuilt from it rather than from the files read again.
func learn(root string, scanned *library.Library, exclude []string, progress func(done, total int)) (l *Learned, built bool, err error) {
	dir := filepath.Join(root, CacheDir)
	ex := newExclusion(exclude)
	files, err := corpusFiles(root)
	if err != nil {
		return nil, false, err
	}
	want, kept, excluded, err := manifest(files, ex)
	if err != nil {
		return nil, false, err
	}
	if excluded > kept {
		// Proposals for most of the library: it teaches what it has.
		ex = exclusion{}
		if want, _, _, err = manifest(files, ex); err != nil {
			return nil, false, err
		}
	}
	if l, err := readCache(dir, want); err == nil {
		return l, false, nil
	}
	lib := scanned
	if lib == nil {
		if lib, err = library.Scan([]string{root}, progress); err != nil {
			return nil, false, err
		}
	}
	lib = without(lib, ex)
	texts := TrainingTexts(lib)
	l = &Learned{Model: NewModel(texts), Terms: vocab.Learn(texts)}
	seen := map[string]bool{}
	for _, ep := range lib.Episodes {
		n, err := NotesFor(ep)
		if err != nil || n == nil {
			continue
		}
		for _, t := range NotesTerms(n) {
			if !seen[t.Text] {
				seen[t.Text] = true
				l.Notes = append(l.Notes, t.Text)
			}
		}
	}
	if err := writeCache(dir, want, l); err != nil {
		return l, true, err
	}
	return l, true, nil
}

// exclusion tells the files of the episodes proposals are made for, which
// are as raw as those files: the other half of a pair (the .vtt of a
// .txt), and every copy of a numbered episode elsewhere in the library
// (its captions, its JSON, its SRT), whose mishearings would teach the
// model that they are the show's words.
type exclusion struct {
	stems   map[string]bool // absolute, without extension
	numbers map[int]bool
}

func newExclusion(paths []string) exclusion {
	ex := exclusion{stems: map[string]bool{}, numbers: map[int]bool{}}
	for _, p := range paths {
		ex.stems[stem(absPath(p))] = true
		if n, _ := transcript.ParseName(p); n >= 0 {
			ex.numbers[n] = true
		}
	}
	return ex
}

func (ex exclusion) empty() bool { return len(ex.stems) == 0 }

func (ex exclusion) has(path string) bool {
	if ex.empty() {
		return false
	}
	if ex.stems[stem(absPath(path))] {
		return true
	}
	if !library.IsTranscriptName(path) {
		return false
	}
	n, _ := transcript.ParseName(path)
	return n >= 0 && ex.numbers[n]
}

// without returns the library without the files ex tells,
// and without the copies left with no file; lib itself is left as it is.
func without(lib *library.Library, ex exclusion) *library.Library {
	if ex.empty() {
		return lib
	}
	keep := func(f *library.File) bool { return !ex.has(f.Path) }
	out := *lib
	out.Files = nil
	for _, f := range lib.Files {
		if keep(f) {
			out.Files = append(out.Files, f)
		}
	}
	out.Episodes = make([]*library.Episode, len(lib.Episodes))
	for i, ep := range lib.Episodes {
		e := *ep
		e.Copies = nil
		for _, c := range ep.Copies {
			var fs []*library.File
			for _, f := range c.Files {
				if keep(f) {
					fs = append(fs, f)
				}
			}
			if len(fs) > 0 {
				cc := *c
				cc.Files = fs
				e.Copies = append(e.Copies, &cc)
			}
		}
		out.Episodes[i] = &e
	}
	return &out
}

func readCache(dir, want string) (*Learned, error) {
	have, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if err != nil || string(have) != want {
		return nil, errors.New("stale")
	}
	data, err := os.ReadFile(filepath.Join(dir, modelFile))
	if err != nil {
		return nil, err
	}
	m, err := langmodel.Read(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	terms, err := os.ReadFile(filepath.Join(dir, learnedFile))
	if err != nil {
		return nil, err
	}
	l := &Learned{Model: m}
	l.Terms, l.Notes = parseLearned(terms)
	return l, nil
}

// parseLearned reads the learned-terms file: "USES\tTERM" and
// "notes\tTERM" lines. Other lines are skipped: the cache is emend's own,
// and a damaged one only loses terms.
func parseLearned(data []byte) (terms []vocab.TermUse, notes []string) {
	for _, line := range strings.Split(string(data), "\n") {
		kind, text, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(text) == "" || strings.ContainsRune(text, '\t') {
			continue
		}
		if kind == "notes" {
			notes = append(notes, text)
		} else if n, err := strconv.Atoi(kind); err == nil && n >= 0 {
			terms = append(terms, vocab.TermUse{Text: text, Uses: n})
		}
	}
	return terms, notes
}

// formatLearned writes what parseLearned reads.
func formatLearned(terms []vocab.TermUse, notes []string) []byte {
	var b strings.Builder
	for _, t := range terms {
		if strings.TrimSpace(t.Text) != "" && !strings.ContainsAny(t.Text, "\t\n") {
			fmt.Fprintf(&b, "%d\t%s\n", t.Uses, t.Text)
		}
	}
	for _, t := range notes {
		if strings.TrimSpace(t) != "" && !strings.ContainsAny(t, "\t\n") {
			fmt.Fprintf(&b, "notes\t%s\n", t)
		}
	}
	return []byte(b.String())
}

func writeCache(dir, manifest string, l *Learned) error {
	var buf bytes.Buffer
	if _, err := l.Model.WriteTo(&buf); err != nil {
		return fmt.Errorf("cache the language model: %w", err)
	}
	if err := config.MakeDir(dir); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	// The manifest last: a cache is valid only once all of it is written.
	for _, f := range []struct {
		name string
		data []byte
	}{{modelFile, buf.Bytes()}, {learnedFile, formatLearned(l.Terms, l.Notes)}, {manifestFile, []byte(manifest)}} {
		if err := safefile.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return fmt.Errorf("cache: %w", err)
		}
	}
	return nil
}

// NotesFor finds the show notes of an episode in the Python Bytes layout:
// show_notes/NNN.md beside the directory of the episode's transcripts (or
// inside it). It returns nil when there are none.
func NotesFor(ep *library.Episode) (*vocab.Notes, error) {
	if ep.Number < 0 || len(ep.Copies) == 0 {
		return nil, nil
	}
	for _, c := range ep.Copies {
		dir := filepath.Dir(c.Stem)
		for _, d := range []string{filepath.Dir(dir), dir} {
			for _, name := range []string{fmt.Sprintf("%03d.md", ep.Number), fmt.Sprintf("%d.md", ep.Number)} {
				p := filepath.Join(d, "show_notes", name)
				data, err := os.ReadFile(p)
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
				if err != nil {
					return nil, fmt.Errorf("show notes: %w", err)
				}
				return vocab.ParseNotes(data, p)
			}
		}
	}
	return nil, nil
}
