package rules

import (
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/emend-project/emend/internal/corpustest"
	"github.com/emend-project/emend/internal/transcript"
)

// benchCorpus is the segment texts of every .txt and .vtt file of the Talk
// Python corpus, one []string a file, and the corpus's size in bytes.
type benchCorpus struct {
	files [][]string
	bytes int64
	vocab []string // distinct folded words, most frequent first
}

var (
	corpusOnce sync.Once
	corpus     *benchCorpus
	corpusErr  error
)

func loadBenchCorpus(b *testing.B) *benchCorpus {
	dir := corpustest.Dir(b, "talk-python")
	corpusOnce.Do(func() {
		files, err := corpustest.Files(dir)
		if err != nil {
			corpusErr = err
			return
		}
		c := &benchCorpus{}
		freq := map[string]int{}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				corpusErr = err
				return
			}
			ep, _ := transcript.Read(f, data)
			texts := make([]string, len(ep.Segments))
			for i, s := range ep.Segments {
				texts[i] = s.Text
				for _, w := range Words(s.Text) {
					freq[Fold(w)]++
				}
			}
			c.files = append(c.files, texts)
			c.bytes += int64(len(data))
		}
		for w := range freq {
			c.vocab = append(c.vocab, w)
		}
		sort.Slice(c.vocab, func(i, j int) bool {
			if freq[c.vocab[i]] != freq[c.vocab[j]] {
				return freq[c.vocab[i]] > freq[c.vocab[j]]
			}
			return c.vocab[i] < c.vocab[j]
		})
		corpus = c
	})
	if corpusErr != nil {
		b.Fatal(corpusErr)
	}
	return corpus
}

// realRules are corrections of the kind people made in the corpus.
var realRules = `Jupiter => Jupyter
pedantic => Pydantic
Spacey => spaCy
Daxter => Dagster
rough => ruff; if "pip install _", "_ check", "_ format"
fast API => FastAPI
pie test => pytest
Num Pie => NumPy
get hub => GitHub
Jango => Django
`

// benchRules returns the ten real rules and n-10 made-up ones that look
// like learned rules: one to three words, starting with any word of the
// corpus, mostly not found in the text.
func benchRules(b *testing.B, c *benchCorpus, n int) []*Rule {
	rs, err := Parse(strings.NewReader(realRules), "real")
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	seen := map[string]bool{}
	for len(rs) < n {
		k := 1 + rng.IntN(3)
		words := make([]string, k)
		// The first word is any word of the corpus, as misheard terms
		// are; the words after it lean to common ones.
		words[0] = c.vocab[rng.IntN(len(c.vocab))]
		for i := 1; i < k; i++ {
			words[i] = c.vocab[int(float64(len(c.vocab))*rng.Float64()*rng.Float64()*rng.Float64())]
		}
		if k == 1 {
			words[0] += "zz" // a single word rule must not rewrite a real word
		}
		wrong := strings.Join(words, " ")
		if seen[wrong] {
			continue
		}
		seen[wrong] = true
		rs = append(rs, &Rule{Wrong: wrong, Right: strings.ToUpper(wrong[:1]) + strings.ReplaceAll(wrong[1:], " ", "")})
	}
	return rs
}

// BenchmarkMatch applies 10, 1,000 and 20,000 rules to the segment texts of
// the whole Talk Python corpus on one core: MB/s is of the corpus's file
// bytes. Parsing the files is not timed.
func BenchmarkMatch(b *testing.B) {
	c := loadBenchCorpus(b)
	for _, n := range []int{10, 1000, 20000} {
		m, err := Compile(benchRules(b, c, n))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("rules=%d", n), func(b *testing.B) {
			b.SetBytes(c.bytes)
			edits := 0
			for b.Loop() {
				edits = 0
				for _, texts := range c.files {
					e := m.Match(texts, "talk-python")
					edits += len(e)
					Apply(texts, e)
				}
			}
			b.ReportMetric(float64(edits), "edits")
		})
	}
}

// BenchmarkNaive is the baseline: each rule a regular expression, applied
// one after another to every text. It is far too slow for the whole corpus,
// so it runs on a sample of the files (the first 1 of every 25) and reports
// MB/s on that sample's share of the corpus bytes; BenchmarkMatch runs on
// the same sample as Match/sample for the ratio.
func BenchmarkNaive(b *testing.B) {
	c := loadBenchCorpus(b)
	var sample [][]string
	for i := 0; i < len(c.files); i += 25 {
		sample = append(sample, c.files[i])
	}
	share := c.bytes * int64(len(sample)) / int64(len(c.files))
	for _, n := range []int{10, 1000} {
		rs := benchRules(b, c, n)
		res := make([]*regexp.Regexp, len(rs))
		for i, r := range rs {
			words := Words(r.Wrong)
			for j := range words {
				words[j] = regexp.QuoteMeta(words[j])
			}
			res[i] = regexp.MustCompile(`(?i)\b` + strings.Join(words, `\s+`) + `\b`)
		}
		b.Run(fmt.Sprintf("rules=%d", n), func(b *testing.B) {
			b.SetBytes(share)
			for b.Loop() {
				for _, texts := range sample {
					for _, t := range texts {
						for i, re := range res {
							t = re.ReplaceAllLiteralString(t, rs[i].Right)
						}
					}
				}
			}
		})
		m, _ := Compile(rs)
		b.Run(fmt.Sprintf("emend-sample/rules=%d", n), func(b *testing.B) {
			b.SetBytes(share)
			for b.Loop() {
				for _, texts := range sample {
					Apply(texts, m.Match(texts, "talk-python"))
				}
			}
		})
	}
}

// BenchmarkCompile prepares 20,000 rules, a fifth of them with a context,
// as fix does before it reads a file.
func BenchmarkCompile(b *testing.B) {
	var rs []*Rule
	for i := 0; i < 20000; i++ {
		r := &Rule{Wrong: fmt.Sprintf("word%d other%d", i*7919%20000, i), Right: fmt.Sprintf("Right%d", i)}
		if i%5 == 0 {
			r.If = []Context{{Before: []string{"pip", "install"}}}
		}
		rs = append(rs, r)
	}
	for b.Loop() {
		if _, err := Compile(rs); err != nil {
			b.Fatal(err)
		}
	}
}
