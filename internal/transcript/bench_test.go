package transcript

import (
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/emend-project/emend/internal/corpustest"
)

// loadCorpus reads every .txt and .vtt file of a corpus into memory.
func loadCorpus(b *testing.B, name string) (names []string, datas [][]byte, total int64) {
	dir := corpustest.Dir(b, name)
	files, err := corpustest.Files(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		names = append(names, f)
		datas = append(datas, data)
		total += int64(len(data))
	}
	return names, datas, total
}

// BenchmarkCorpusParse parses every .txt and .vtt file of each shared
// corpus, on all cores (parallel) and on one (serial). MB/s is of file
// bytes.
func BenchmarkCorpusParse(b *testing.B) {
	for _, name := range corpustest.Names() {
		b.Run(name, func(b *testing.B) {
			names, datas, total := loadCorpus(b, name)
			b.Run("parallel", func(b *testing.B) {
				b.SetBytes(total)
				for b.Loop() {
					var next atomic.Int64
					var wg sync.WaitGroup
					for w := 0; w < runtime.GOMAXPROCS(0); w++ {
						wg.Add(1)
						go func() {
							defer wg.Done()
							for {
								i := int(next.Add(1) - 1)
								if i >= len(datas) {
									return
								}
								if _, err := Read(names[i], datas[i]); err != nil {
									b.Error(err)
								}
							}
						}()
					}
					wg.Wait()
				}
			})
			b.Run("serial", func(b *testing.B) {
				b.SetBytes(total)
				for b.Loop() {
					for i := range datas {
						Read(names[i], datas[i])
					}
				}
			})
		})
	}
}

// BenchmarkCorpusWrite writes every file of the Talk Python corpus back in
// its own format.
func BenchmarkCorpusWrite(b *testing.B) {
	names, datas, total := loadCorpus(b, "talk-python")
	eps := make([]*Episode, len(datas))
	for i := range datas {
		eps[i], _ = Read(names[i], datas[i])
	}
	b.SetBytes(total)
	for b.Loop() {
		for _, ep := range eps {
			Marshal(ep, ep.Format)
		}
	}
}
