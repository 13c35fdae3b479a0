package learn

import (
	"testing"

	"github.com/emend-project/emend/internal/corpustest"
)

// BenchmarkLearnHistory learns from the whole history of each shared
// corpus, as emend learn does: reading the commits' diffs with git,
// aligning them, and judging the candidates against the text at HEAD.
func BenchmarkLearnHistory(b *testing.B) {
	for _, name := range corpustest.Names() {
		b.Run(name, func(b *testing.B) {
			dir := corpustest.Dir(b, name)
			for i := 0; i < b.N; i++ {
				l := New(Options{})
				rs, err := l.Learn(Sources{Specs: []string{dir}})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(len(rs)), "rules")
				b.ReportMetric(float64(l.Stats.Changes), "changes")
			}
		})
	}
}
