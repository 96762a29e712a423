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
	MinDF  int     // a feature must occur in this many training docs
	// ClassPower weighs each example by (class size)^-ClassPower: 0 keeps
	// the corpus's proportions, 1 makes every class count the same.
	ClassPower float64
	// SourceShare is the share of the total example weight given to the
	// BBC articles, so a few thousand long articles are not drowned by
	// many more headlines, or the other way round.
	SourceShare float64
	// Leads adds each BBC article's title and first paragraph as an
	// example of its own (see Leads).
	Leads bool
	Seed  uint64
}

// DefaultTrainOptions are the settings the shipped model is trained with,
// chosen by five-fold cross-validation on BBC and News Category.
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{
		Params:      Params{TitleWeight: 2, LexWeight: 0.9, Floor: -1.5, Margin: 1.5},
		Epochs:      15,
		L2:          1e-5,
		Eta0:        0.5,
		MinDF:       2,
		ClassPower:  0.3,
		SourceShare: 0.4,
		Leads:       true,
		Seed:        1,
	}
}

// foldSeed fixes the cross-validation split.
const foldSeed = 20240601

type example struct {
	idx []int32
	val []float32
	y   int
	w   float64
}

// Train fits a model to docs, labelled by Gold[0]. Training is
// deterministic: the same docs and options give the same model.
func Train(docs []Doc, o TrainOptions) *Model {
	if o.Leads {
		docs = slices.Concat(docs, Leads(docs))
	}
	var classes []string
	for _, d := range docs {
		if !slices.Contains(classes, d.Gold[0]) {
			classes = append(classes, d.Gold[0])
		}
	}
	slices.Sort(classes)
	k := len(classes)

	vecs := make([]Vector, len(docs))
	df := map[uint32]int{}
	for i, d := range docs {
		vecs[i] = Features(d.Text, o.TitleWeight)
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
	sourceN := map[string]float64{}
	exs := make([]example, len(docs))
	for i, d := range docs {
		y := slices.Index(classes, d.Gold[0])
		ex := example{y: y}
		for j, h := range vecs[i].Hash {
			if r, ok := row[h]; ok {
				ex.idx = append(ex.idx, r)
				ex.val = append(ex.val, vecs[i].Val[j])
			}
		}
		exs[i] = ex
		classN[y]++
		sourceN[d.Source]++
	}
	// Example weights: class reweighting, then each source scaled to its
	// share, then everything scaled to a mean of 1 so the learning rate
	// means the same whatever the mix.
	src := map[string]float64{}
	for i, d := range docs {
		exs[i].w = math.Pow(classN[exs[i].y], -o.ClassPower)
		src[d.Source] += exs[i].w
	}
	share := map[string]float64{}
	if len(src) == 2 && o.SourceShare > 0 {
		share["bbc"] = o.SourceShare
		share["huffpost"] = 1 - o.SourceShare
	} else {
		for s, w := range src {
			share[s] = w
		}
	}
	var total float64
	for i, d := range docs {
		exs[i].w *= share[d.Source] / src[d.Source]
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
			eta := o.Eta0 / (1 + o.Eta0*o.L2*t)
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
			z[ex.y]--
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

	m := &Model{Params: o.Params, Classes: classes, bias: make([]float32, k), rows: map[uint32]int32{}}
	for c := range bias {
		m.bias[c] = float32(bias[c])
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

// Fold is one round of cross-validation: a model trained without the
// held-out articles, and those articles.
type Fold struct {
	Model     *Model
	Held      []Doc
	BBC, News []Doc // Held split by source
}

func texts(docs []Doc) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.Text
	}
	return out
}

// CrossValidate deals each of bbc and news into k folds (seeded, so the
// same every time) and, for each fold, trains on the other folds of both
// and calls fn with the result. Folds run in order; fn's error stops them.
func CrossValidate(bbc, news []Doc, o TrainOptions, k int, fn func(i int, f Fold) error) error {
	bf := Folds(texts(bbc), k, foldSeed)
	nf := Folds(texts(news), k, foldSeed+1)
	for i := range k {
		var train []Doc
		var f Fold
		for j, d := range bbc {
			if bf[j] == i {
				f.BBC = append(f.BBC, d)
			} else {
				train = append(train, d)
			}
		}
		for j, d := range news {
			if nf[j] == i {
				f.News = append(f.News, d)
			} else {
				train = append(train, d)
			}
		}
		f.Held = slices.Concat(f.BBC, f.News)
		f.Model = Train(train, o)
		if err := fn(i, f); err != nil {
			return err
		}
	}
	return nil
}
