package search

import (
	"context"
	"testing"
)

func BenchmarkScratchCostly(b *testing.B) {
	ix, err := Load("/tmp/emend-server-tp.index")
	if err != nil {
		b.Skip(err)
	}
	ix.Warm()
	pq, _ := Parse(`the OR a OR and OR to OR of OR i OR you OR it`, false)
	for b.Loop() {
		ix.Search(context.Background(), pq, Options{Limit: 100, PerEpisode: 20})
	}
}
