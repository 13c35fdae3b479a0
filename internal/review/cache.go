package review

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/safefile"
)

// CacheFile is where a built queue is kept, in the library's .emend
// directory, so that a restart of the server opens it at once while
// nothing it was built from has changed.
const CacheFile = "review-queue"

// cacheVersion changes when the cached form or what a queue holds does.
const cacheVersion = 1

type cachedPlace struct {
	ID, Episode, EpisodeID, Title, File string
	Line                                int
	Start                               float64
	Before, Context                     string
	Confidence                          float64
	Rule                                string
}

type cachedGroup struct {
	ID, Kind, Wrong, Right, RejectedKey string
	Episodes                            int
	Places                              []cachedPlace
}

type cachedQueue struct {
	Version             int
	Fingerprint         string
	Groups              []cachedGroup
	Files               map[string][]string
	Proposals, Variants int
	Built               time.Time
	Took                time.Duration
}

// fingerprint names what a queue is built from: every transcript's path,
// size and modification time, the rules, spellings and emend.toml files,
// and the rejections.
func (l *Library) fingerprint(rejected map[string]bool) (string, error) {
	var lines []string
	stat := func(p string) {
		if fi, err := os.Stat(p); err == nil {
			lines = append(lines, fmt.Sprintf("%s\x00%d\x00%d", p, fi.Size(), fi.ModTime().UnixNano()))
		} else {
			lines = append(lines, p+"\x00none")
		}
	}
	for _, root := range l.Paths {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && isTranscriptName(p) {
				stat(p)
			}
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("review queue: %w", err)
		}
	}
	stat(l.RulesFile)
	stat(l.SpellingsFile)
	if toml := config.Find(l.Root); toml != "" {
		stat(toml)
	}
	for k := range rejected {
		lines = append(lines, "rejected\x00"+k)
	}
	sort.Strings(lines)
	h := sha256.New()
	fmt.Fprintf(h, "v%d\x00%q\x00", cacheVersion, l.Paths)
	for _, s := range lines {
		h.Write([]byte(s))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func isTranscriptName(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	for _, e := range library.Extensions {
		if ext == e {
			return true
		}
	}
	return ext == ".md" // show notes name terms
}

func (l *Library) cachePath() string { return filepath.Join(l.Root, config.StateDir, CacheFile) }

// Cached returns the queue kept from a last build when nothing it was
// built from has changed, else builds it and keeps it; fresh says which.
func (l *Library) Cached(rejected map[string]bool) (q *Queue, fresh bool, err error) {
	fp, err := l.fingerprint(rejected)
	if err != nil {
		return nil, false, err
	}
	if q, err := l.readCache(fp); err == nil {
		return q, false, nil
	}
	q, err = l.Build(rejected)
	if err != nil {
		return nil, true, err
	}
	// A queue not kept is only slower to open next time.
	l.writeCache(q, fp)
	return q, true, nil
}

func (l *Library) readCache(fp string) (*Queue, error) {
	data, err := os.ReadFile(l.cachePath())
	if err != nil {
		return nil, err
	}
	var c cachedQueue
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil {
		return nil, err
	}
	if c.Version != cacheVersion || c.Fingerprint != fp {
		return nil, errors.New("stale")
	}
	q := &Queue{byID: map[string]*Group{}, files: c.Files, Proposals: c.Proposals, Variants: c.Variants, Built: c.Built, Took: c.Took}
	for _, cg := range c.Groups {
		g := &Group{ID: cg.ID, Kind: cg.Kind, Wrong: cg.Wrong, Right: cg.Right, Episodes: cg.Episodes, rejectedKey: cg.RejectedKey}
		for _, cp := range cg.Places {
			r, err := rules.ParseLine(cp.Rule)
			if err != nil || r == nil {
				return nil, fmt.Errorf("cached rule %q: %v", cp.Rule, err)
			}
			g.Places = append(g.Places, Place{ID: cp.ID, Episode: cp.Episode, EpisodeID: cp.EpisodeID, Title: cp.Title, File: cp.File,
				Line: cp.Line, Start: cp.Start, Before: cp.Before, Context: cp.Context, Confidence: cp.Confidence, rule: r})
		}
		q.Groups = append(q.Groups, g)
		q.byID[g.ID] = g
	}
	return q, nil
}

func (l *Library) writeCache(q *Queue, fp string) error {
	c := cachedQueue{Version: cacheVersion, Fingerprint: fp, Files: q.files, Proposals: q.Proposals, Variants: q.Variants, Built: q.Built, Took: q.Took}
	for _, g := range q.Groups {
		cg := cachedGroup{ID: g.ID, Kind: g.Kind, Wrong: g.Wrong, Right: g.Right, RejectedKey: g.rejectedKey, Episodes: g.Episodes}
		for _, p := range g.Places {
			r := *p.rule
			r.Comment = ""
			cg.Places = append(cg.Places, cachedPlace{ID: p.ID, Episode: p.Episode, EpisodeID: p.EpisodeID, Title: p.Title, File: p.File,
				Line: p.Line, Start: p.Start, Before: p.Before, Context: p.Context, Confidence: p.Confidence, Rule: r.String()})
		}
		c.Groups = append(c.Groups, cg)
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(c); err != nil {
		return err
	}
	if err := config.MakeDir(filepath.Dir(l.cachePath())); err != nil {
		return err
	}
	return safefile.WriteFile(l.cachePath(), b.Bytes(), 0o644)
}
