package topicmodel

import (
	"math"
	"math/rand/v2"
	"slices"
)

// TrainOptions are the trainer's settings. The zero value is not useful;
// start from DefaultTrainOptions.
type TrainOptions struct {
	Params
	Epochs int
	L2     float64 // weight decay per example
	Eta0   float64 // initial learning rate
	// Decay shrinks the learning rate by 1/(1+Decay*epochs done), so the
	// last epochs settle instead of following the last examples seen.
	Decay float64
	MinDF int // a feature must occur in this many training docs
	// ClassPower weighs each example by (class size)^-ClassPower: 0 keeps
	// the corpora's proportions, 1 makes every class count the same.
	ClassPower float64
	// Shares is each source's share of the total example weight, so a few
	// thousand long articles are not drowned by many more headlines, or
	// the other way round. Sources missing from the data are left out and
	// the rest scaled up.
	Shares map[string]float64
	// Leads adds each BBC article's title and first paragraph as an
	// example of its own (see Leads).
	Leads bool
	Seed  uint64
	// Folds is how many folds the out-of-fold scores that calibration and
	// the threshold are fitted on come from.
	Folds int
	// MaxTopics is the most topics given to one text.
	MaxTopics int
}

// DefaultTrainOptions are the settings the shipped model is trained with,
// chosen by five-fold cross-validation on BBC, News Category and
// Reuters-21578.
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{
		Params:     Params{TitleWeight: 3, FullLength: 8, StemLen: 4},
		Epochs:     15,
		L2:         1e-6,
		Eta0:       0.5,
		MinDF:      2,
		ClassPower: 0.3,
		Shares:     map[string]float64{"bbc": 0.35, "huffpost": 0.5, "reuters": 0.15},
		Leads:      true,
		Seed:       1,
		Folds:      5,
		MaxTopics:  3,
	}
}

// foldSeed fixes the cross-validation split.
const foldSeed = 20240601

type example struct {
	idx []int32
	val []float32
	y   []int // the classes the label accepts; the target is spread evenly over them
	w   float64
}

// Classes returns the sorted slugs the docs are labelled with.
func Classes(docs []Doc) []string {
	var classes []string
	for _, d := range docs {
		for _, g := range d.Gold {
			if !slices.Contains(classes, g) {
				classes = append(classes, g)
			}
		}
	}
	slices.Sort(classes)
	return classes
}

// SourceWeights gives each doc the weight that makes each source's total
// its share in shares (a source it does not name counts as one of equal
// shares), the shares normalized to sum to 1 over the sources present and
// the weights scaled to a mean of 1.
func SourceWeights(docs []Doc, shares map[string]float64) []float64 {
	n := map[string]float64{}
	var sources []string
	for _, d := range docs {
		if n[d.Source] == 0 {
			sources = append(sources, d.Source)
		}
		n[d.Source]++
	}
	share := map[string]float64{}
	var total float64
	for _, s := range sources {
		share[s] = shares[s]
		if share[s] == 0 {
			share[s] = 1 / float64(len(sources))
		}
		total += share[s]
	}
	w := make([]float64, len(docs))
	for i, d := range docs {
		w[i] = share[d.Source] / total / n[d.Source] * float64(len(docs))
	}
	return w
}

// Train fits the classifier to docs over the given classes (nil: those of
// the docs), with the target of each doc spread evenly over its Gold
// slugs. The model it returns is not calibrated: each class keeps the
// identity map on its score and a threshold of 0.5. Training is
// deterministic: the same docs and options give the same model.
func Train(docs []Doc, classes []string, o TrainOptions) *Model {
	if o.Leads {
		docs = slices.Concat(docs, Leads(docs))
	}
	if classes == nil {
		classes = Classes(docs)
	}
	k := len(classes)

	vecs := make([]Vector, len(docs))
	df := map[uint32]int{}
	for i, d := range docs {
		vecs[i] = Features(d.Text, o.Params)
		for _, h := range vecs[i].Hash {
			df[h]++
		}
	}
	var kept []uint32
	for h, n := range df {
		if n >= o.MinDF {
			kept = append(kept, h)
		}
	}
	slices.Sort(kept)
	row := make(map[uint32]int32, len(kept))
	for i, h := range kept {
		row[h] = int32(i)
	}

	classN := make([]float64, k)
	exs := make([]example, len(docs))
	for i, d := range docs {
		var ex example
		for _, g := range d.Gold {
			if c := slices.Index(classes, g); c >= 0 {
				ex.y = append(ex.y, c)
				classN[c] += 1 / float64(len(d.Gold))
			}
		}
		for j, h := range vecs[i].Hash {
			if r, ok := row[h]; ok {
				ex.idx = append(ex.idx, r)
				ex.val = append(ex.val, vecs[i].Val[j])
			}
		}
		exs[i] = ex
	}
	// Example weights: class reweighting, then each source scaled to its
	// share, then everything scaled to a mean of 1 so the learning rate
	// means the same whatever the mix.
	sw := SourceWeights(docs, o.Shares)
	src := map[string]float64{}
	srcN := map[string]float64{}
	for i, d := range docs {
		var cw float64
		for _, c := range exs[i].y {
			cw += math.Pow(classN[c], -o.ClassPower) / float64(len(exs[i].y))
		}
		exs[i].w = cw
		src[d.Source] += cw
		srcN[d.Source]++
	}
	var total float64
	for i, d := range docs {
		// Within a source the class weights keep their ratios; across
		// sources the totals follow the shares.
		exs[i].w *= sw[i] * srcN[d.Source] / src[d.Source]
		total += exs[i].w
	}
	for i := range exs {
		exs[i].w *= float64(len(exs)) / total
	}

	// SGD on the softmax loss with L2 decay. The weights are kept as
	// scale*v so decay is one multiplication per step, not one per weight.
	v := make([]float64, len(kept)*k)
	bias := make([]float64, k)
	scale := 1.0
	rng := rand.New(rand.NewPCG(o.Seed, 2))
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	z := make([]float64, k)
	t := 0.0
	for range o.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, n := range order {
			ex := &exs[n]
			if len(ex.y) == 0 {
				continue
			}
			eta := o.Eta0 / (1 + o.Eta0*o.L2*t + o.Decay*t/float64(len(exs)))
			t++
			copy(z, bias)
			for j, r := range ex.idx {
				x := float64(ex.val[j]) * scale
				row := v[int(r)*k : int(r)*k+k]
				for c := range z {
					z[c] += x * row[c]
				}
			}
			mx := slices.Max(z)
			var s float64
			for c := range z {
				z[c] = math.Exp(z[c] - mx)
				s += z[c]
			}
			for c := range z {
				z[c] /= s
			}
			for _, c := range ex.y {
				z[c] -= 1 / float64(len(ex.y))
			}
			scale *= 1 - eta*o.L2
			for c := range z {
				z[c] *= eta * ex.w
				bias[c] -= z[c]
			}
			for j, r := range ex.idx {
				x := float64(ex.val[j]) / scale
				row := v[int(r)*k : int(r)*k+k]
				for c := range z {
					row[c] -= z[c] * x
				}
			}
			if scale < 1e-6 {
				for i := range v {
					v[i] *= scale
				}
				scale = 1
			}
		}
	}

	m := &Model{Params: o.Params, Classes: classes, bias: make([]float32, k), rows: map[uint32]int32{},
		Calib: make([]Platt, k), Threshold: make([]float32, k)}
	for c := range bias {
		m.bias[c] = float32(bias[c])
		m.Calib[c] = Platt{A: 1}
		m.Threshold[c] = 0.5
	}
	var mx float64
	for _, x := range v {
		mx = max(mx, math.Abs(x*scale))
	}
	// Rows whose every weight would round to zero in the file are dropped.
	for i, h := range kept {
		ws := v[i*k : i*k+k]
		keep := false
		for _, x := range ws {
			keep = keep || math.Abs(x*scale) >= mx/254
		}
		if !keep {
			continue
		}
		m.rows[h] = int32(len(m.rows))
		for _, x := range ws {
			m.w = append(m.w, float32(x*scale))
		}
	}
	return m
}

func texts(docs []Doc) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.Text
	}
	return out
}
