package learn

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/emend-project/emend/internal/history"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/transcript"
)

// Sources are where learning reads people's edits.
type Sources struct {
	// Specs are git repositories, patch or mbox files, or BEFORE=AFTER
	// directory pairs.
	Specs        []string
	Since, Until time.Time
	Progress     func(source string, done, total int)
	Warn         func(msg string)
	// Snapshots hold, by spec, the files of a git source as they stood
	// at Until, for a caller that has read them already (eval does), so
	// that they are not read twice.
	Snapshots map[string]map[string][]byte
}

// Learn reads every source into the learner and returns the rules learned.
//
// The changes are aligned on every core and counted in the order of their
// commits (see prepare); a git source's files as they stand at Until are
// read while its history is.
func (l *Learner) Learn(src Sources) ([]*rules.Rule, error) {
	final := map[string][]string{}
	for i, spec := range src.Specs {
		prefix := fmt.Sprintf("%d:", i)
		changes := newStream(prepare, l.apply)
		feed := func(c history.Change) error {
			c.OldPath, c.NewPath = prefix+c.OldPath, prefix+c.NewPath
			changes.add(c)
			return nil
		}
		var texts map[string][]string
		var err error
		switch kind, before, after := sourceKind(spec); kind {
		case "dirs":
			err = history.Dirs(before, after, nil, feed)
			if err == nil {
				var data map[string][]byte
				if data, err = readTree(after); err == nil {
					texts = segmentTexts(data)
				}
			}
		case "git":
			snap := make(chan snapshot, 1)
			go func() { snap <- l.snapshot(spec, src) }()
			opt := history.Options{Since: src.Since, Until: src.Until, Warn: src.Warn}
			if src.Progress != nil {
				opt.Progress = func(d, t int) { src.Progress(spec, d, t) }
			}
			err = history.Git(spec, opt, feed)
			s := <-snap
			if err == nil {
				texts, err = s.texts, s.err
			}
			if _, missing := err.(*history.MissingError); missing {
				if src.Warn != nil {
					src.Warn(err.Error())
				}
				err = nil
			}
		case "patch":
			var f *os.File
			if f, err = os.Open(spec); err == nil {
				err = history.Patch(f, spec, feed)
				f.Close()
			}
		default:
			err = fmt.Errorf("%s is not a git repository, a patch file or BEFORE=AFTER directories", spec)
		}
		changes.wait()
		if err != nil {
			return nil, fmt.Errorf("learn from %s: %w", spec, err)
		}
		for p, segs := range texts {
			final[prefix+p] = segs
		}
	}
	return l.Rules(final), nil
}

// snapshot is a git source's files at Until, as segment texts by path.
type snapshot struct {
	texts map[string][]string
	err   error
}

// snapshot reads a git source's files as they stood at src.Until (or takes
// them from src.Snapshots).
func (l *Learner) snapshot(spec string, src Sources) snapshot {
	data, ok := src.Snapshots[spec]
	if !ok {
		at := src.Until
		if !at.IsZero() {
			at = at.Add(-time.Nanosecond) // Until is exclusive
		}
		var err error
		if data, err = history.Snapshot(spec, at, nil); err != nil {
			if _, missing := err.(*history.MissingError); !missing {
				return snapshot{err: err}
			}
			return snapshot{texts: segmentTexts(data), err: err}
		}
	}
	return snapshot{texts: segmentTexts(data)}
}

// segmentTexts reads each transcript, on every core, into the texts of its
// segments; a file that cannot be read is left out.
func segmentTexts(data map[string][]byte) map[string][]string {
	paths := make([]string, 0, len(data))
	for p := range data {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	out := make(map[string][]string, len(paths))
	inOrder(paths, func(p string) []string {
		ep, _ := transcript.Read(p, data[p])
		if ep == nil {
			return nil
		}
		segs := make([]string, len(ep.Segments))
		for k, s := range ep.Segments {
			segs[k] = s.Text
		}
		return segs
	}, func(p string, segs []string) {
		if segs != nil {
			out[p] = segs
		}
	})
	return out
}

// sourceKind tells what a source is: "dirs" (with its two directories),
// "git", "patch", or "" when it is none of them.
func sourceKind(spec string) (kind, before, after string) {
	if b, a, ok := strings.Cut(spec, "="); ok && isDir(b) && isDir(a) {
		return "dirs", b, a
	}
	if isDir(spec) {
		if err := exec.Command("git", "-C", spec, "rev-parse", "--git-dir").Run(); err == nil {
			return "git", "", ""
		}
		return "", "", ""
	}
	if fi, err := os.Stat(spec); err == nil && fi.Mode().IsRegular() {
		return "patch", "", ""
	}
	return "", "", ""
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// readTree reads the transcripts under a directory, by slash-separated
// path relative to it.
func readTree(root string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !history.IsTranscript(p) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = data
		return nil
	})
	return out, err
}
