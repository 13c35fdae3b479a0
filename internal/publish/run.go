package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/emend-project/emend/internal/journal"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/transcript"
)

// ManifestName is the manifest's name in the output directory.
const ManifestName = "manifest.json"

// StateDir is the directory in the output directory that holds the
// journal of a run (see package journal).
const StateDir = ".emend"

// Output is one episode published: where it came from and its files,
// named by their path in the output directory ("show/301-django.vtt").
type Output struct {
	Show   string
	Number int // -1 when unknown
	Title  string
	// Source is the file the episode was published from.
	Source string
	// Fixed is set when the source was corrected (in memory) first.
	Fixed bool
	Files []File // Name is the path in the output directory, with '/'
}

// Plan makes the files of every episode of a library, each from its best
// file (see Best). fixed holds the corrected content of the files emend
// fix would change (by path); those are published as corrected, without
// their source being touched. An episode whose best file was read with
// problems is published from what was read, and named in warnings; one
// with no file read at all is left out, and named too.
func Plan(lib *library.Library, fixed map[string][]byte) (outs []Output, warnings []error, err error) {
	names := map[string]string{} // output path -> source, to catch two episodes of one name
	for _, le := range lib.Episodes {
		f := Best(le)
		if f == nil {
			warnings = append(warnings, fmt.Errorf("episode %s of %s: no copy could be read: not published", le.Key, le.Show))
			continue
		}
		ep, isFixed := f.Episode, false
		if data, ok := fixed[f.Path]; ok {
			fe, ferr := transcript.ReadAs(f.Path, data, f.Episode.Format)
			if fe == nil {
				return nil, warnings, fmt.Errorf("read %s as corrected: %w", f.Path, ferr)
			}
			ep, isFixed = fe, true
		}
		if f.Err != nil {
			warnings = append(warnings, fmt.Errorf("%s: published from what could be read: %w", f.Path, f.Err))
		}
		base := strings.TrimSuffix(filepath.Base(f.Path), filepath.Ext(f.Path))
		name := path.Join(outName(le.Show), base)
		if prev, ok := names[name]; ok {
			return nil, warnings, fmt.Errorf("%s and %s would both be published as %s: rename one", prev, f.Path, name)
		}
		names[name] = f.Path
		files, err := Episode(ep, name)
		if err != nil {
			return nil, warnings, err
		}
		if len(files) == 0 {
			warnings = append(warnings, fmt.Errorf("%s: no words: not published", f.Path))
			continue
		}
		outs = append(outs, Output{Show: le.Show, Number: le.Number, Title: ep.Title, Source: f.Path, Fixed: isFixed, Files: files})
	}
	return outs, warnings, nil
}

// outName makes a show's name a directory name.
func outName(show string) string {
	show = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == 0 {
			return '-'
		}
		return r
	}, show)
	if show == "" || show == "." || show == ".." || strings.HasPrefix(show, ".") {
		show = "show" + show
	}
	return show
}

// Manifest lists what a run published.
type Manifest struct {
	Version  int               `json:"version"`
	Episodes []ManifestEpisode `json:"episodes"`
}

// ManifestVersion is the version of the manifest's layout.
const ManifestVersion = 1

// ManifestEpisode is one episode of the manifest.
type ManifestEpisode struct {
	Show   string         `json:"show"`
	Number *int           `json:"number,omitempty"`
	Title  string         `json:"title,omitempty"`
	Source string         `json:"source"`
	Fixed  bool           `json:"fixed,omitempty"`
	Files  []ManifestFile `json:"files"`
}

// ManifestFile is one file of the manifest.
type ManifestFile struct {
	Path   string `json:"path"` // in the output directory, with '/'
	Type   string `json:"type"` // the MIME type
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// MakeManifest describes the outputs; the same outputs give the same
// bytes, so that a run that changes nothing rewrites no manifest.
func MakeManifest(outs []Output) Manifest {
	m := Manifest{Version: ManifestVersion, Episodes: make([]ManifestEpisode, 0, len(outs))}
	for _, o := range outs {
		e := ManifestEpisode{Show: o.Show, Title: o.Title, Source: filepath.ToSlash(o.Source), Fixed: o.Fixed}
		if o.Number >= 0 {
			n := o.Number
			e.Number = &n
		}
		for _, f := range o.Files {
			sum := sha256.Sum256(f.Data)
			e.Files = append(e.Files, ManifestFile{Path: f.Name, Type: f.Kind.Type, Bytes: len(f.Data), SHA256: hex.EncodeToString(sum[:])})
		}
		m.Episodes = append(m.Episodes, e)
	}
	return m
}

// Marshal returns the manifest as indented JSON.
func (m Manifest) Marshal() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		panic(err) // plain structs of strings and numbers
	}
	return b.Bytes()
}

// ReadManifest reads the manifest of an output directory; a directory
// without one has an empty manifest.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestName), err)
	}
	return m, nil
}

// Result says what a run wrote.
type Result struct {
	Written   []string // paths in the output directory, manifest included
	Unchanged int      // files whose content was already the same
	// Stale lists the files of the last manifest this run no longer
	// publishes: left in place.
	Stale []string
}

// Write writes the outputs and their manifest into dir: only the files
// whose content differs from what is there, all of them or none (through
// the journal in dir/.emend; a crash or ctx cancelled leaves every file
// old or every file new once journal.Recover has run, which Write runs
// first). With dryRun, it only says what it would write.
func Write(ctx context.Context, dir string, outs []Output, dryRun bool) (*Result, error) {
	state := filepath.Join(dir, StateDir)
	if !dryRun {
		if _, err := journal.Recover(state); err != nil {
			return nil, err
		}
	}
	old, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	want := map[string][]byte{}
	var order []string
	for _, o := range outs {
		for _, f := range o.Files {
			want[f.Name] = f.Data
			order = append(order, f.Name)
		}
	}
	want[ManifestName] = MakeManifest(outs).Marshal()
	order = append(order, ManifestName)
	res := &Result{}
	for _, e := range old.Episodes {
		for _, f := range e.Files {
			if _, ok := want[f.Path]; !ok && safeRel(f.Path) {
				res.Stale = append(res.Stale, f.Path)
			}
		}
	}
	sort.Strings(res.Stale)
	var changes []journal.Change
	for _, name := range order {
		p := filepath.Join(dir, filepath.FromSlash(name))
		have, err := os.ReadFile(p)
		switch {
		case err == nil && bytes.Equal(have, want[name]):
			res.Unchanged++
			continue
		case err != nil && !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
		changes = append(changes, journal.Change{Path: p, Data: want[name]})
		res.Written = append(res.Written, name)
	}
	if dryRun || len(changes) == 0 {
		return res, nil
	}
	// The journal replaces files: a new one is first made, empty, and
	// removed again should the run fail.
	var made []string
	undoMade := func() {
		for _, p := range made {
			if fi, err := os.Stat(p); err == nil && fi.Size() == 0 {
				os.Remove(p)
			}
		}
	}
	for _, c := range changes {
		if err := os.MkdirAll(filepath.Dir(c.Path), 0o755); err != nil {
			undoMade()
			return nil, err
		}
		f, err := os.OpenFile(c.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			undoMade()
			return nil, fmt.Errorf("publish %s: %w", c.Path, err)
		}
		f.Close()
		made = append(made, c.Path)
	}
	if err := os.MkdirAll(state, 0o755); err != nil {
		undoMade()
		return nil, err
	}
	if err := journal.Replace(ctx, state, changes); err != nil {
		undoMade()
		return nil, err
	}
	return res, nil
}

// safeRel reports whether a manifest's path stays inside the output
// directory.
func safeRel(p string) bool {
	return p != "" && !path.IsAbs(p) && !strings.HasPrefix(path.Clean(p), "..")
}
