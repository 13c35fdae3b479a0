package publish

import (
	"testing"
	"time"

	"github.com/emend-project/emend/internal/corpustest"
	"github.com/emend-project/emend/internal/library"
)

// TestCorpusReadBack publishes every episode of both shared corpora (as
// they are, without rules: the point is the writers) and reads every file
// back through emend's readers: the same words, speakers and times as its
// source, within the bound, and the SRT and WebVTT line rules everywhere.
func TestCorpusReadBack(t *testing.T) {
	if testing.Short() {
		t.Skip("reads both corpora")
	}
	for _, name := range corpustest.Names() {
		t.Run(name, func(t *testing.T) {
			dir := corpustest.Dir(t, name)
			began := time.Now()
			lib, err := library.Scan([]string{dir}, nil)
			if err != nil {
				t.Fatal(err)
			}
			scanned := time.Since(began)
			outs, warnings, err := Plan(lib, nil)
			if err != nil {
				t.Fatal(err)
			}
			planned := time.Since(began)
			byKind := map[string]int{}
			files, bytes := 0, 0
			st := map[string]*lineStats{".vtt": {}, ".srt": {}}
			for _, o := range outs {
				var src *library.File
				for _, le := range lib.Episodes {
					if f := Best(le); f != nil && f.Path == o.Source {
						src = f
						break
					}
				}
				if src == nil {
					t.Fatalf("%s: no source", o.Source)
				}
				for _, f := range o.Files {
					files++
					bytes += len(f.Data)
					byKind[f.Kind.Ext]++
					if err := verify(src.Episode, f, st[f.Kind.Ext]); err != nil {
						t.Errorf("%s from %s: %v", f.Name, o.Source, err)
					}
				}
			}
			t.Logf("%s: %d episodes, %d files (%v), %d MB; %d warnings; scan %v, publish in memory %v, read back %v",
				name, len(outs), files, byKind, bytes>>20, len(warnings), scanned.Round(time.Millisecond),
				(planned - scanned).Round(time.Millisecond), (time.Since(began) - planned).Round(time.Millisecond))
			for ext, s := range st {
				t.Logf("%s: %d lines, %d of them a word too long for a line, alone; %d cues opening with a label read as the speaker", ext, s.lines, s.longWords, s.labels)
			}
			for _, w := range warnings {
				t.Logf("warning: %v", w)
			}
		})
	}
}
