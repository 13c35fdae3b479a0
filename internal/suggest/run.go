package suggest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/library"
	"github.com/emend-project/emend/internal/rules"
	"github.com/emend-project/emend/internal/vocab"
)

// Config says what proposals are made with.
type Config struct {
	// Root is the library whose corrected text teaches the language model
	// and names (cached under Root/.emend).
	Root  string
	Rules []*rules.Rule
	// VocabFiles are user vocabulary files, one term a line; NotesFiles
	// show notes in Markdown for the episodes proposed on (besides the
	// show_notes/NNN.md found beside their transcripts, unless NoNotes).
	VocabFiles, NotesFiles []string
	NoNotes                bool
	// Targets are the files proposals are made for: left out of what
	// the library teaches, unless they are most of it.
	Targets []string
	// Scanned, when not nil, is the library at Root as library.Scan
	// reads it, which the caller has read already (it proposes on the
	// whole of Root): what Root teaches is learned from it, not from the
	// files read a second time.
	Scanned *library.Library
	// Progress, when not nil, follows the stages.
	Progress func(stage string, done, total int)
}

// Setup is what proposals for a library are made with.
type Setup struct {
	Index   *Index
	Model   Model
	Notes   []Term // of NotesFiles
	NoNotes bool
	// Built is true when the language model was trained anew rather than
	// read from the cache.
	Built bool
	rules []*rules.Rule
}

// NewSetup learns (or reads from the cache) the language model and the
// names of the library at cfg.Root, and indexes the vocabulary.
func NewSetup(cfg Config) (*Setup, error) {
	var p func(int, int)
	if cfg.Progress != nil {
		p = func(d, t int) { cfg.Progress("learning from "+cfg.Root, d, t) }
	}
	l, built, err := learn(cfg.Root, cfg.Scanned, cfg.Targets, p)
	if err != nil {
		return nil, err
	}
	v := vocab.Starter()
	v.AddRules(cfg.Rules)
	for _, f := range cfg.VocabFiles {
		es, err := vocab.ReadList(f)
		if err != nil {
			return nil, err
		}
		v.AddEntries(es, vocab.FromUser)
	}
	v.AddUses(l.Terms, vocab.FromTranscripts)
	if !cfg.NoNotes {
		v.AddAll(l.Notes, vocab.FromNotes)
	}
	v.DropMisheard()
	s := &Setup{Index: NewIndex(Terms(v)), Model: l.Model, Built: built, NoNotes: cfg.NoNotes, rules: cfg.Rules}
	for _, f := range cfg.NotesFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("show notes: %w", err)
		}
		n, err := vocab.ParseNotes(data, f)
		if err != nil {
			return nil, err
		}
		s.Notes = append(s.Notes, EpisodeTerms(n)...)
	}
	return s, nil
}

// Propose makes the proposals for every copy of every episode of lib.
func (s *Setup) Propose(lib *library.Library, opt Options, progress func(done, total int)) []Proposal {
	opt.Model = s.Model
	if opt.Rules == nil && len(s.rules) > 0 {
		if m, err := rules.Compile(s.rules); err == nil {
			opt.Rules = m
		}
	}
	return s.Index.Library(lib, func(ep *library.Episode) []Term {
		var notes *vocab.Notes
		if !s.NoNotes {
			if n, err := NotesFor(ep); err == nil {
				notes = n
			}
		}
		return append(append([]Term(nil), s.Notes...), s.Index.With(s.Notes).EvidenceTerms(notes, episodeTexts(ep))...)
	}, opt, progress)
}

// Root returns the library root for paths, where the cache, the rejected
// proposals and fix's journal are kept: the directory of the emend.toml
// that the first path is in, when there is one (the library the producer
// set up, whatever part of it is named); else the first path when it is a
// directory, else its directory.
func Root(paths []string) string {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	dir := paths[0]
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		dir = filepath.Dir(dir)
	}
	if toml := config.Find(dir); toml != "" {
		return relative(filepath.Dir(toml))
	}
	return dir
}

// relative returns a path relative to the working directory when it is
// under it (as the user would type it), else as it is.
func relative(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}
