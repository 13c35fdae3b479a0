package transcript

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/emend-project/emend/internal/corpustest"
)

// TestCorpusRoundTrip reads every .txt and .vtt file of the shared corpora
// and writes it back: the output must be the file, byte for byte. It also
// writes each file afresh, from the model alone, and counts how many come out
// identical: the writers' own layout is the corpora's.
func TestCorpusRoundTrip(t *testing.T) {
	for _, name := range corpustest.Names() {
		t.Run(name, func(t *testing.T) {
			dir := corpustest.Dir(t, name)
			files, err := corpustest.Files(dir)
			if err != nil {
				t.Fatal(err)
			}
			same, fresh, problems := 0, 0, 0
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				ep, err := Read(f, data)
				if err != nil {
					problems++
					t.Errorf("%v", err)
					continue
				}
				out, err := Marshal(ep, ep.Format)
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Equal(out, data) {
					same++
				} else {
					rel, _ := filepath.Rel(dir, f)
					t.Errorf("%s: round trip differs", rel)
				}
				ep.Detach()
				out, _ = Marshal(ep, ep.Format)
				if bytes.Equal(out, data) {
					fresh++
				} else if testing.Verbose() {
					rel, _ := filepath.Rel(dir, f)
					t.Logf("fresh write differs: %s", rel)
				}
			}
			t.Logf("%s: %d files, %d round-trip byte for byte, %d also when written afresh, %d with parse problems", name, len(files), same, fresh, problems)
		})
	}
}
