package check

import (
	"testing"

	"github.com/emend-project/emend/internal/corpustest"
	"github.com/emend-project/emend/internal/library"
)

// BenchmarkCheckCorpora checks both shared corpora, read once beforehand.
func BenchmarkCheckCorpora(b *testing.B) {
	var dirs []string
	for _, n := range corpustest.Names() {
		dirs = append(dirs, corpustest.Dir(b, n))
	}
	lib, err := library.Scan(dirs, nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Library(lib, Options{})
	}
}
