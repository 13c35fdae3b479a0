package suggest

import "testing"

func TestOrderSources(t *testing.T) {
	tests := []struct {
		in, want [4]float64 // Transcripts, User, Rules, Notes
	}{
		{[4]float64{0, 0.1, 0.5, 0}, [4]float64{0, 0.1, 0.25, 0.25}},
		{[4]float64{0, 0, 0, 0}, [4]float64{0, 0, 0, 0}},
		{[4]float64{0.4, 0, 0, 0}, [4]float64{0.1, 0.1, 0.1, 0.1}},
		{[4]float64{0, 0.2, 0.3, 0.9}, [4]float64{0, 0.2, 0.3, 0.9}},
	}
	for _, tt := range tests {
		w := make([]float64, len(FeatureNames))
		for k, j := range sourceOrder {
			w[j] = tt.in[k]
		}
		orderSources(w)
		for k, j := range sourceOrder {
			if d := w[j] - tt.want[k]; d > 1e-9 || d < -1e-9 {
				t.Errorf("orderSources(%v): %s = %.3f, want %.3f", tt.in, FeatureNames[j], w[j], tt.want[k])
			}
		}
	}
	// sourceOrder names the source features, weakest first.
	for k, name := range []string{"Transcripts", "User", "Rules", "Notes"} {
		if FeatureNames[sourceOrder[k]] != name {
			t.Errorf("sourceOrder[%d] is %s, want %s", k, FeatureNames[sourceOrder[k]], name)
		}
	}
}

// TestFitKeepsSourcesInOrder: even where notes terms were wrong more often
// than rules terms, a stronger source never weighs less.
func TestFitKeepsSourcesInOrder(t *testing.T) {
	var fs []Features
	var right []bool
	for i := range 400 {
		f := Features{KeyEqual: 1, Spelling: 0.8}
		if i%2 == 0 {
			f.Rules = 1
		} else {
			f.Notes = 1
		}
		fs = append(fs, f)
		right = append(right, f.Rules == 1 && i%4 == 0 || f.Notes == 1 && i%8 == 1)
	}
	w := Fit(fs, right)
	if w[4] < w[5] {
		t.Errorf("Notes weighs %.3f, below Rules' %.3f", w[4], w[5])
	}
}

// TestFitWeighted: samples weighed 0 do not count, and weighing the
// wrong ones less raises the confidence fitted.
func TestFitWeighted(t *testing.T) {
	var fs []Features
	var ys []bool
	var ws []float64
	for i := range 200 {
		fs = append(fs, Features{Sound: 1, SoundOnly: 1})
		ys = append(ys, i%4 == 0) // a quarter right
		w := 1.0
		if i%4 != 0 && i%2 == 0 {
			w = 0 // half the wrong ones not counted: a third right
		}
		ws = append(ws, w)
	}
	all, some := Fit(fs, ys), FitWeighted(fs, ys, ws)
	p1, p2 := all.Confidence(&fs[0]), some.Confidence(&fs[0])
	if p1 < 0.2 || p1 > 0.3 {
		t.Errorf("unweighted fit: %.3f, want about 0.25", p1)
	}
	if p2 < 0.3 || p2 > 0.37 {
		t.Errorf("weighted fit: %.3f, want about 1/3", p2)
	}
}
