package topicmodel

import (
	"fmt"
	"math"
	"slices"
	"sync"
)

// OutOfFold holds, for every doc, the scores of the model trained on the
// other folds: the raw material calibration and thresholds are fitted on,
// since a model's scores on its own training data are overconfident.
type OutOfFold struct {
	Docs    []Doc
	Fold    []int
	Weight  []float64   // each doc's weight for its source's share, as in training
	Scores  [][]float32 // per doc, per class: the fold model's log odds
	Models  []*Model    // per fold, quantized, not yet calibrated
	Classes []string
	K       int
}

// ComputeOutOfFold deals each corpus in sets into k folds (seeded, so the
// same every time; copies of a text share a fold) and, for each fold,
// trains on the other folds of every corpus and scores the held-out docs
// with the quantized model. Two folds train at a time; the result does not
// depend on the order they finish in.
func ComputeOutOfFold(sets [][]Doc, o TrainOptions, k int) (*OutOfFold, error) {
	r := &OutOfFold{K: k}
	for s, docs := range sets {
		r.Docs = append(r.Docs, docs...)
		r.Fold = append(r.Fold, Folds(texts(docs), k, foldSeed+uint64(s))...)
	}
	r.Classes = Classes(r.Docs)
	r.Weight = SourceWeights(r.Docs, o.Shares)
	r.Scores = make([][]float32, len(r.Docs))
	r.Models = make([]*Model, k)
	errs := make([]error, k)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i := range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var train []Doc
			for j, d := range r.Docs {
				if r.Fold[j] != i {
					train = append(train, d)
				}
			}
			m, err := Train(train, r.Classes, o).Quantized()
			if err != nil {
				errs[i] = err
				return
			}
			r.Models[i] = m
			for j, d := range r.Docs {
				if r.Fold[j] == i {
					r.Scores[j] = make([]float32, len(r.Classes))
					m.Scores(Features(d.Text, o.Params), r.Scores[j])
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return r, nil
}

// gold reports whether class c is one doc d's label accepts.
func (r *OutOfFold) gold(d int, c int) bool {
	return slices.Contains(r.Docs[d].Gold, r.Classes[c])
}

// Calibration is what is fitted on out-of-fold scores: a Platt map per
// class and the decision threshold.
type Calibration struct {
	Calib     []Platt
	Threshold []float32
}

// Fit fits a calibration on the docs for which use returns true: a Platt
// map per class on the scores (the binary target "this class applies"),
// then the thresholds. First one shared threshold, the one of 0.05, 0.06,
// … 0.95 that maximizes micro-F1 over all (doc, class) decisions Decide
// makes with it; then each class with at least minClassExamples labelled
// docs gets the threshold that maximizes its own F1. The best threshold
// for a class is about half the F1 it can reach (Lipton et al. 2014), so
// a class that is hard to tell apart, such as society, is given from a
// lower probability than sport; a rare class (12 education stories)
// keeps the shared one rather than one fitted to a handful of examples.
func (r *OutOfFold) Fit(use func(d int) bool, maxTopics int) Calibration {
	var docs []int
	for d := range r.Docs {
		if use(d) {
			docs = append(docs, d)
		}
	}
	cal := Calibration{Calib: make([]Platt, len(r.Classes))}
	s := make([]float64, len(docs))
	y := make([]bool, len(docs))
	w := make([]float64, len(docs))
	for c := range r.Classes {
		for i, d := range docs {
			s[i], y[i], w[i] = float64(r.Scores[d][c]), r.gold(d, c), r.Weight[d]
		}
		cal.Calib[c] = FitPlatt(s, y, w)
	}
	best := -1.0
	var global float32
	m := &Model{Classes: r.Classes, Calib: cal.Calib, Threshold: make([]float32, len(r.Classes))}
	for t := 5; t <= 95; t++ {
		th := float32(t) / 100
		for c := range m.Threshold {
			m.Threshold[c] = th
		}
		var tp, fp, fn float64
		p := make([]float32, len(r.Classes))
		for _, d := range docs {
			r.probs(m, d, p)
			given := m.Decide(p, maxTopics)
			for c := range r.Classes {
				g, ok := r.gold(d, c), slices.Contains(given, c)
				switch {
				case g && ok:
					tp += r.Weight[d]
				case ok:
					fp += r.Weight[d]
				case g:
					fn += r.Weight[d]
				}
			}
		}
		if f1 := 2 * tp / (2*tp + fp + fn); f1 > best {
			best, global = f1, th
		}
	}
	cal.Threshold = make([]float32, len(r.Classes))
	for c := range cal.Threshold {
		cal.Threshold[c] = global
	}
	for c := range r.Classes {
		var npos int
		for _, d := range docs {
			if r.gold(d, c) {
				npos++
			}
		}
		if npos < minClassExamples {
			continue
		}
		best := -1.0
		for t := 5; t <= 95; t++ {
			th := float32(t) / 100
			var tp, fp, fn float64
			for _, d := range docs {
				g, ok := r.gold(d, c), cal.Calib[c].Prob(r.Scores[d][c]) >= th
				switch {
				case g && ok:
					tp += r.Weight[d]
				case ok:
					fp += r.Weight[d]
				case g:
					fn += r.Weight[d]
				}
			}
			if f1 := 2 * tp / (2*tp + fp + fn); f1 > best {
				best, cal.Threshold[c] = f1, th
			}
		}
	}
	return cal
}

// minClassExamples is how many labelled examples a class needs in the
// fitting data for a threshold of its own; below that its F1 curve is too
// ragged to pick from and it keeps the shared one.
const minClassExamples = 30

func (r *OutOfFold) probs(m *Model, d int, p []float32) {
	for c, x := range r.Scores[d] {
		p[c] = m.Calib[c].Prob(x)
	}
}

// Apply sets m's calibration.
func (c Calibration) Apply(m *Model) {
	m.Calib = slices.Clone(c.Calib)
	m.Threshold = slices.Clone(c.Threshold)
}

// FitPlatt fits p = 1/(1+exp(-(A*s+B))) to scores s with binary outcomes
// y and example weights w, by Newton's method on the weighted log loss,
// with Platt's smoothed targets (N+ + 1)/(N+ + 2) and 1/(N- + 2) so that a
// class separated perfectly on the fitting data does not get an infinite
// slope.
func FitPlatt(s []float64, y []bool, w []float64) Platt {
	var pos, neg float64
	for i := range s {
		if y[i] {
			pos += w[i]
		} else {
			neg += w[i]
		}
	}
	hi, lo := (pos+1)/(pos+2), 1/(neg+2)
	t := make([]float64, len(s))
	for i := range s {
		t[i] = lo
		if y[i] {
			t[i] = hi
		}
	}
	a, b := 1.0, math.Log((pos+1)/(neg+1))
	loss := func(a, b float64) float64 {
		var l float64
		for i, x := range s {
			z := a*x + b
			// log(1+exp(z)) - t*z, written to stay finite for large |z|.
			l += w[i] * (math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z))) - t[i]*z)
		}
		return l
	}
	cur := loss(a, b)
	for range 100 {
		var ga, gb, haa, hab, hbb float64
		for i, x := range s {
			p := 1 / (1 + math.Exp(-(a*x + b)))
			d := w[i] * (p - t[i])
			ga += d * x
			gb += d
			h := w[i] * math.Max(p*(1-p), 1e-12)
			haa += h * x * x
			hab += h * x
			hbb += h
		}
		haa += 1e-9
		hbb += 1e-9
		det := haa*hbb - hab*hab
		if det <= 0 {
			break
		}
		da := (hbb*ga - hab*gb) / det
		db := (haa*gb - hab*ga) / det
		step := 1.0
		for ; step > 1e-8; step /= 2 {
			if l := loss(a-step*da, b-step*db); l < cur {
				a, b, cur = a-step*da, b-step*db, l
				break
			}
		}
		if step <= 1e-8 || math.Abs(da)+math.Abs(db) < 1e-9 {
			break
		}
	}
	return Platt{A: float32(a), B: float32(b)}
}

// Build trains the model that ships: the classifier on every doc of sets,
// calibrated and thresholded on o.Folds-fold out-of-fold scores.
func Build(sets [][]Doc, o TrainOptions) (*Model, error) {
	r, err := ComputeOutOfFold(sets, o, o.Folds)
	if err != nil {
		return nil, err
	}
	cal := r.Fit(func(int) bool { return true }, o.MaxTopics)
	m, err := Train(r.Docs, r.Classes, o).Quantized()
	if err != nil {
		return nil, err
	}
	cal.Apply(m)
	return m, nil
}

// Fold is one round of cross-validation: the model trained without the
// held-out docs, calibrated without them too, and those docs.
type Fold struct {
	Model *Model
	Held  []Doc
	// Probs are the model's calibrated probabilities for Held; Raw are
	// its softmax probabilities before calibration, for comparison.
	Probs, Raw [][]float32
}

// BySource returns the held-out docs of one source.
func (f Fold) BySource(source string) []Doc {
	var out []Doc
	for _, d := range f.Held {
		if d.Source == source {
			out = append(out, d)
		}
	}
	return out
}

// CrossValidate computes out-of-fold scores over k folds and, for each
// fold i, fits the calibration on the other folds' out-of-fold scores,
// applies it to fold i's model, and calls fn with the result. Neither the
// fold's weights nor its calibration and threshold saw its docs. Folds run
// in order; fn's error stops them.
func CrossValidate(sets [][]Doc, o TrainOptions, k int, fn func(i int, f Fold) error) error {
	r, err := ComputeOutOfFold(sets, o, k)
	if err != nil {
		return err
	}
	for i := range k {
		cal := r.Fit(func(d int) bool { return r.Fold[d] != i }, o.MaxTopics)
		m := r.Models[i]
		cal.Apply(m)
		f := Fold{Model: m}
		for d, doc := range r.Docs {
			if r.Fold[d] == i {
				p := make([]float32, len(r.Classes))
				r.probs(m, d, p)
				raw := make([]float32, len(r.Classes))
				for c, s := range r.Scores[d] {
					raw[c] = Platt{A: 1}.Prob(s)
				}
				f.Held = append(f.Held, doc)
				f.Probs = append(f.Probs, p)
				f.Raw = append(f.Raw, raw)
			}
		}
		if err := fn(i, f); err != nil {
			return fmt.Errorf("fold %d: %w", i+1, err)
		}
	}
	return nil
}
