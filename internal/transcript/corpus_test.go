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
// writes each file afresh, from the model alone, with the writers' own
// layout: that must differ from the file in blank lines at most (YouTube
// copies separate cues with two blank lines; some files lack the final one)
// and in escaping.
func TestCorpusRoundTrip(t *testing.T) {
	for _, name := range corpustest.Names() {
		t.Run(name, func(t *testing.T) {
			dir := corpustest.Dir(t, name)
			files, err := corpustest.Files(dir)
			if err != nil {
				t.Fatal(err)
			}
			same, fresh, freshBlank, problems := 0, 0, 0, 0
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
				switch {
				case bytes.Equal(out, data):
					fresh++
				case bytes.Equal(dropBlankLines(out), dropBlankLines(data)):
					freshBlank++
				default:
					rel, _ := filepath.Rel(dir, f)
					t.Errorf("%s: written afresh, differs in more than blank lines:\n%s", rel, firstDiff(dropBlankLines(data), dropBlankLines(out)))
				}
			}
			t.Logf("%s: %d files, %d round-trip byte for byte; written afresh from the model, %d are identical and %d differ only in blank lines; %d with parse problems",
				name, len(files), same, fresh, freshBlank, problems)
		})
	}
}

// dropBlankLines removes empty lines, and reads "&lt;" as "<": a fresh
// WebVTT writer escapes the bare "<" a few corpus cues have ("1 < 2").
func dropBlankLines(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("&lt;"), []byte("<"))
	var out []byte
	for _, l := range bytes.Split(b, []byte("\n")) {
		if len(l) > 0 {
			out = append(out, l...)
			out = append(out, '\n')
		}
	}
	return out
}
