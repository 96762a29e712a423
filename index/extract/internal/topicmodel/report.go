package topicmodel

import (
	"fmt"
	"io"
	"math"
	"slices"
)

// Bin is one row of a reliability table: the predictions whose
// probability fell in [Lo, Hi), how many (by weight), their mean
// probability and how often they were right.
type Bin struct {
	Lo, Hi     float64
	N          float64
	Confidence float64
	Accuracy   float64
}

// Reliability tallies predictions with probability p and outcome ok (and
// weight w) into ten equal-width bins and returns them with the expected
// calibration error, the weighted mean of |accuracy - confidence| over
// the bins (Guo et al. 2017).
func Reliability(p []float64, ok []bool, w []float64) ([]Bin, float64) {
	bins := make([]Bin, 10)
	for i := range bins {
		bins[i].Lo, bins[i].Hi = float64(i)/10, float64(i+1)/10
	}
	var total float64
	for i, x := range p {
		b := &bins[min(int(x*10), 9)]
		b.N += w[i]
		b.Confidence += w[i] * x
		if ok[i] {
			b.Accuracy += w[i]
		}
		total += w[i]
	}
	var ece float64
	for i := range bins {
		b := &bins[i]
		if b.N > 0 {
			b.Confidence /= b.N
			b.Accuracy /= b.N
			ece += b.N / total * math.Abs(b.Accuracy-b.Confidence)
		}
	}
	return bins, ece
}

// CalibrationReport holds the calibration figures for held-out docs with
// their calibrated probabilities, in the form README.md reports them.
type CalibrationReport struct {
	// TopLabel is the reliability of the most probable class: its
	// probability against whether the label accepts it.
	TopLabel    []Bin
	TopLabelECE float64
	// PairECE is the calibration error over every (doc, class) pair, the
	// probabilities the threshold is applied to.
	PairECE float64
	// ClassECE is the mean over classes of each class's own calibration
	// error on its (doc, class) pairs (classwise ECE, Kull et al. 2019):
	// the pooled figure is dominated by the many near-zero probabilities
	// of large classes, this one weighs a rare class as much as a common
	// one.
	ClassECE float64
}

// Calibrate computes a CalibrationReport over docs whose calibrated
// probabilities over classes are probs, each doc weighted by w.
func Calibrate(docs []Doc, probs [][]float32, classes []string, w []float64) CalibrationReport {
	var tp, pp []float64
	var tok, pok []bool
	var tw, pw []float64
	for i, d := range docs {
		best := 0
		for c, x := range probs[i] {
			ok := slices.Contains(d.Gold, classes[c])
			pp, pok, pw = append(pp, float64(x)), append(pok, ok), append(pw, w[i])
			if x > probs[i][best] {
				best = c
			}
		}
		tp = append(tp, float64(probs[i][best]))
		tok = append(tok, slices.Contains(d.Gold, classes[best]))
		tw = append(tw, w[i])
	}
	var r CalibrationReport
	r.TopLabel, r.TopLabelECE = Reliability(tp, tok, tw)
	_, r.PairECE = Reliability(pp, pok, pw)
	k := len(classes)
	for c := range classes {
		var cp, cw []float64
		var cok []bool
		for i := c; i < len(pp); i += k {
			cp, cok, cw = append(cp, pp[i]), append(cok, pok[i]), append(cw, pw[i])
		}
		_, e := Reliability(cp, cok, cw)
		r.ClassECE += e / float64(k)
	}
	return r
}

// WriteTable writes the top-label reliability table as Markdown.
func (r CalibrationReport) WriteTable(out io.Writer) {
	fmt.Fprintln(out, "| top-label probability | articles (weighted) | mean probability | accuracy |")
	fmt.Fprintln(out, "|---|---|---|---|")
	for _, b := range r.TopLabel {
		if b.N == 0 {
			continue
		}
		fmt.Fprintf(out, "| %.1f–%.1f | %.0f | %.3f | %.3f |\n", b.Lo, b.Hi, b.N, b.Confidence, b.Accuracy)
	}
	fmt.Fprintf(out, "top-label ECE %.4f, all (article, slug) pairs ECE %.4f, classwise ECE %.4f\n", r.TopLabelECE, r.PairECE, r.ClassECE)
}
