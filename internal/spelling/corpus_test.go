package spelling

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emend-project/emend/internal/corpustest"
	"github.com/emend-project/emend/internal/transcript"
)

// maxEpisodeTime bounds the time spellings take on one corpus episode
// (an hour of speech is about 60 KB of text), generously for a shared
// machine.
const maxEpisodeTime = 200 * time.Millisecond

// On the shared corpora, the guarded words never become the terms they
// share a key with, and one episode takes well under a second.
func TestCorpusGuards(t *testing.T) {
	s := New(Sources{Starter: true, Config: []string{"Talk Python To Me", "Talk Python", "Python Bytes", "Michael Kennedy"}}, Options{})
	never := map[string]bool{"main": true, "net": true, "rest": true, "go": true, "make": true, "click": true, "just": true}
	for _, name := range corpustest.Names() {
		dir := corpustest.Dir(t, name)
		files, err := corpustest.Files(dir)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range files {
			if filepath.Ext(f) != ".txt" || n >= 40 {
				continue
			}
			ep, err := transcript.ReadFile(f)
			if ep == nil {
				t.Logf("%s: %v", f, err)
				continue
			}
			n++
			texts := make([]string, len(ep.Segments))
			for i, sg := range ep.Segments {
				texts[i] = sg.Text
			}
			start := time.Now()
			rs := s.Rules(texts)
			if d := time.Since(start); d > maxEpisodeTime {
				if busy, load := corpustest.Busy(); busy {
					t.Logf("%s: %v for %d segments, but the machine is busy (%s): not judged", f, d, len(texts), load)
				} else {
					t.Errorf("%s: %v for %d segments", f, d, len(texts))
				}
			}
			for _, r := range rs {
				if never[strings.ToLower(r.Wrong)] {
					t.Errorf("%s: %s", f, r)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no .txt transcripts read", name)
		}
	}
}
