package publish

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/emend-project/emend/internal/corpustest"
	"github.com/emend-project/emend/internal/transcript"
)

// TestCorpusInterpolation measures how far a time interpolated by
// character position is from the real one, on the WebVTT files of both
// corpora: consecutive cues are merged in groups of n, as if the source
// had given one long cue (only cues that follow each other without a
// gap: speech, not silence), and the start of each inner cue is interpolated
// from its character position in the group and compared with the time the
// file gives it (a speech rate that varies, and pauses, make the
// error; weighting punctuation as a pause made it worse). It also reports the bound itself: the length of the
// source cues that publishing splits for SRT and WebVTT.
//
// The test fails when the interpolation of a pair of cues errs more than
// these at the median or the 90th percentile (measured: 270-300 ms and
// 0.9-1.0 s on both corpora, see docs/evaluation.md).
func TestCorpusInterpolation(t *testing.T) {
	const maxMedianError, maxP90Error transcript.Millis = 400, 1300
	if testing.Short() {
		t.Skip("reads both corpora")
	}
	for _, name := range corpustest.Names() {
		t.Run(name, func(t *testing.T) {
			dir := corpustest.Dir(t, name)
			files, err := corpustest.Files(dir)
			if err != nil {
				t.Fatal(err)
			}
			errs := map[int][]transcript.Millis{}
			lengths := map[int][]transcript.Millis{}
			split := map[string][]transcript.Millis{}
			cues := map[string]int{}
			nfiles := 0
			for _, p := range files {
				if filepath.Ext(p) != ".vtt" {
					continue
				}
				ep, err := transcript.ReadFile(p)
				if err != nil || ep == nil {
					continue
				}
				nfiles++
				segs := Filled(ep.Segments)
				for _, n := range []int{2, 3, 4} {
					for g := 0; g+n <= len(segs); g += n {
						group := segs[g : g+n]
						if !contiguous(group) {
							continue
						}
						var texts []string
						for _, s := range group {
							texts = append(texts, strings.Join(strings.Fields(s.Text), " "))
						}
						total := len([]rune(strings.Join(texts, " ")))
						if total == 0 {
							continue
						}
						S, E := group[0].Start, group[n-1].End
						lengths[n] = append(lengths[n], E-S)
						pos := 0
						for k := 1; k < n; k++ {
							pos += len([]rune(texts[k-1])) + 1
							at := S + transcript.Millis(int64(E-S)*int64(pos)/int64(total))
							d := at - group[k].Start
							errs[n] = append(errs[n], max(d, -d))
						}
					}
				}
				for _, kind := range []struct {
					name  string
					rules LineRules
				}{{"srt", SRTRules}, {"vtt", VTTRules}} {
					for _, sg := range segs {
						out := Reflow([]transcript.Segment{sg}, nil, kind.rules)
						cues[kind.name] += len(out)
						if len(out) > 1 {
							split[kind.name] = append(split[kind.name], sg.End-sg.Start)
						}
					}
				}
			}
			t.Logf("%s: %d WebVTT files", name, nfiles)
			for _, n := range []int{2, 3, 4} {
				q := quantiles(errs[n])
				t.Logf("cues merged by %d (median length %d ms): %d inner starts interpolated, error median %d ms, p90 %d ms, p99 %d ms, max %d ms",
					n, quantiles(lengths[n])[0], len(errs[n]), q[0], q[1], q[2], q[3])
				if n == 2 && (len(errs[n]) == 0 || q[0] > maxMedianError || q[1] > maxP90Error) {
					t.Errorf("pairs of cues: error median %d ms, p90 %d ms; at most %d and %d", q[0], q[1], maxMedianError, maxP90Error)
				}
			}
			for _, k := range []string{"srt", "vtt"} {
				q := quantiles(split[k])
				t.Logf("%s: %d cues; %d source cues split; their length (the bound) median %d ms, p90 %d ms, p99 %d ms, max %d ms", k, cues[k], len(split[k]), q[0], q[1], q[2], q[3])
			}
		})
	}
}

// contiguous reports whether each segment starts where the one before
// ends (within maxGap), as the speech of one long cue would run.
func contiguous(segs []transcript.Segment) bool {
	const maxGap = 100
	for i := 1; i < len(segs); i++ {
		if d := segs[i].Start - segs[i-1].End; d < 0 || d > maxGap {
			return false
		}
	}
	return true
}

// quantiles returns the median, 90th and 99th percentiles and maximum.
func quantiles(xs []transcript.Millis) [4]transcript.Millis {
	if len(xs) == 0 {
		return [4]transcript.Millis{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	at := func(p float64) transcript.Millis { return s[min(len(s)-1, int(p*float64(len(s))))] }
	return [4]transcript.Millis{at(0.5), at(0.9), at(0.99), s[len(s)-1]}
}
