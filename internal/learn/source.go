package learn

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
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
func (l *Learner) Learn(src Sources) ([]*rules.Rule, error) {
	final := map[string][]string{}
	for i, spec := range src.Specs {
		prefix := fmt.Sprintf("%d:", i)
		feed := func(c history.Change) error {
			c.OldPath, c.NewPath = prefix+c.OldPath, prefix+c.NewPath
			return l.Change(c)
		}
		var texts map[string][]byte
		var err error
		switch kind, before, after := sourceKind(spec); kind {
		case "dirs":
			err = history.Dirs(before, after, nil, feed)
			if err == nil {
				texts, err = readTree(after)
			}
		case "git":
			opt := history.Options{Since: src.Since, Until: src.Until, Warn: src.Warn}
			if src.Progress != nil {
				opt.Progress = func(d, t int) { src.Progress(spec, d, t) }
			}
			err = history.Git(spec, opt, feed)
			if err == nil {
				at := src.Until
				if !at.IsZero() {
					at = at.Add(-time.Nanosecond) // Until is exclusive
				}
				if snap, ok := src.Snapshots[spec]; ok {
					texts = snap
				} else {
					texts, err = history.Snapshot(spec, at, nil)
				}
				if _, missing := err.(*history.MissingError); missing {
					if src.Warn != nil {
						src.Warn(err.Error())
					}
					err = nil
				}
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
		if err != nil {
			return nil, fmt.Errorf("learn from %s: %w", spec, err)
		}
		for p, data := range texts {
			ep, _ := transcript.Read(p, data)
			if ep == nil {
				continue
			}
			segs := make([]string, len(ep.Segments))
			for k, s := range ep.Segments {
				segs[k] = s.Text
			}
			final[prefix+p] = segs
		}
	}
	return l.Rules(final), nil
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
