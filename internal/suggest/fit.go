package suggest

import "math"

// DefaultThreshold is the confidence at or above which emend applies a
// proposal without asking, when told to (fix --suggest-above): chosen on
// the shared corpora so that wrong edits stay under 0.5 per 10,000 words
// (see the README's figures).
const DefaultThreshold = 0.4

// Fit fits logistic regression weights to features labelled right or
// wrong: batch gradient descent on the mean log loss with a little L2
// regularisation, each weight kept to its sign (see sign) so that evidence
// for a term never lowers its confidence. Samples are weighted as they
// come, so that confidences are calibrated on the population fitted.
func Fit(fs []Features, right []bool) Weights { return FitWeighted(fs, right, nil) }

// SuspectWeight is the weight in fitting of a proposal people did not make
// where they edited the segment near it and kept the words: often a
// rejection, but often a name they missed (Python Bytes' correctors fix
// few names). Weighed 1, the fit kept every sound-alike under 0.3; weighed
// 0 it trusted proposals that people mostly left. At 0.25 the confidences
// of the next year's proposals were about the share people made.
const SuspectWeight = 0.25

// FitWeighted is Fit with a weight for each sample (nil: all 1), such as
// less for a label people may have given by leaving the words alone.
func FitWeighted(fs []Features, right []bool, weight []float64) Weights {
	n := len(fs)
	if n == 0 {
		return append(Weights(nil), DefaultWeights...)
	}
	xs := make([][]float64, n)
	for i := range fs {
		xs[i] = fs[i].vector()
	}
	d := len(xs[0])
	w := make([]float64, d)
	grad := make([]float64, d)
	const (
		rate   = 0.5
		lambda = 1e-3
		steps  = 3000
	)
	// Adagrad steps: features differ in scale (LM in nats, counts in
	// decades), and plain gradient descent would crawl on some.
	acc := make([]float64, d)
	total := 0.0
	for i := range n {
		total += sampleWeight(weight, i)
	}
	for range steps {
		for j := range grad {
			grad[j] = 0
		}
		for i, x := range xs {
			z := 0.0
			for j, v := range x {
				z += w[j] * v
			}
			y := 0.0
			if right[i] {
				y = 1
			}
			e := (sigmoid(z) - y) * sampleWeight(weight, i)
			for j, v := range x {
				grad[j] += e * v
			}
		}
		for j := range w {
			g := grad[j]/total + lambda*w[j]*boolf(j > 0)
			acc[j] += g * g
			w[j] -= rate * g / (math.Sqrt(acc[j]) + 1e-8)
			switch {
			case sign[j] > 0 && w[j] < 0, sign[j] < 0 && w[j] > 0:
				w[j] = 0
			}
		}
		orderSources(w)
	}
	return w
}

// sourceOrder lists the weights of the term sources, weakest first (see
// Source): a stronger source must never lower a term's confidence, so
// Fit keeps their weights in this order.
var sourceOrder = []int{7, 6, 5, 4} // Transcripts, User, Rules, Notes

// orderSources pools adjacent source weights out of order into their
// mean, until they are in order (the pool adjacent violators step).
func orderSources(w []float64) {
	for changed := true; changed; {
		changed = false
		for k := 1; k < len(sourceOrder); k++ {
			a, b := sourceOrder[k-1], sourceOrder[k]
			if w[b] < w[a]-1e-12 {
				m := (w[a] + w[b]) / 2
				w[a], w[b] = m, m
				changed = true
			}
		}
	}
}

func sampleWeight(weight []float64, i int) float64 {
	if weight == nil {
		return 1
	}
	return weight[i]
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// LogLoss is the mean log loss of the weights on labelled features.
func (w Weights) LogLoss(fs []Features, right []bool) float64 {
	sum := 0.0
	for i := range fs {
		p := min(max(w.Confidence(&fs[i]), 1e-9), 1-1e-9)
		if right[i] {
			sum -= math.Log(p)
		} else {
			sum -= math.Log(1 - p)
		}
	}
	return sum / float64(max(1, len(fs)))
}
