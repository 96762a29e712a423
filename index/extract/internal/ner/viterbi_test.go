package ner

import (
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

// refViterbi is viterbi as it was first written, reading the transitions
// in place, to hold the faster one to: it writes into tags the best tag
// sequence for one sentence whose emission scores are em (nTags per
// token). Only BILOU-consistent
// sequences are considered: I and L follow B or I of their type, and
// O, B and U follow O, L or U.
func refViterbi(w *transitions, em []int32, tags []int, back []uint8) {
	n := len(tags)
	if n == 0 {
		return
	}
	const neg = math.MinInt32 / 2
	var cur [nTags]int32
	for t := range nTags {
		cur[t] = neg
	}
	cur[0] = em[0] + w.start[0]
	for x := range nTypes {
		b, u := tagOf(x, tagB), tagOf(x, tagU)
		cur[b] = em[b] + w.start[b]
		cur[u] = em[u] + w.start[u]
	}
	for i := 1; i < n; i++ {
		prev := cur
		e := (*[nTags]int32)(em[i*nTags:])
		bk := (*[nTags]uint8)(back[i*nTags:])
		// Targets that open: O, B-x, U-x; sources: closed tags.
		for _, t := range [...]int{0, 1, 4, 5, 8, 9, 12, 13, 16} {
			tr := (*[nTags]int32)(w.trans[t*nTags:])
			best, arg := int32(neg), 0
			for _, s := range closed {
				if v := prev[s] + tr[s]; v > best {
					best, arg = v, s
				}
			}
			cur[t] = best + e[t]
			bk[t] = uint8(arg)
		}
		// Targets that continue: I-x, L-x; sources: B-x, I-x.
		for x := range nTypes {
			b, in := tagOf(x, tagB), tagOf(x, tagI)
			for _, t := range [2]int{in, in + 1} {
				tr := (*[nTags]int32)(w.trans[t*nTags:])
				vb, vi := prev[b]+tr[b], prev[in]+tr[in]
				if vb >= vi {
					cur[t], bk[t] = vb+e[t], uint8(b)
				} else {
					cur[t], bk[t] = vi+e[t], uint8(in)
				}
			}
		}
	}
	best, arg := int32(math.MinInt32), 0
	for _, t := range closed {
		if cur[t]+w.end[t] > best {
			best, arg = cur[t]+w.end[t], t
		}
	}
	for i := n - 1; i >= 0; i-- {
		tags[i] = arg
		arg = int(back[i*nTags+arg])
	}
}

func TestViterbiMatchesReference(t *testing.T) {
	b, err := os.ReadFile("../../data/ner.model.gz")
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := Load(b)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(scale int32) *transitions {
		var w transitions
		for k := range w.trans {
			w.trans[k] = rng.Int32N(2*scale+1) - scale
		}
		for k := range nTags {
			w.start[k], w.end[k] = rng.Int32N(2*scale+1)-scale, rng.Int32N(2*scale+1)-scale
		}
		return &w
	}
	for _, tc := range []struct {
		name  string
		w     *transitions
		scale int32 // of the emission scores; small ones make ties
	}{
		{"shipped stage 1", &shipped.stages[0].transitions, 3000},
		{"shipped stage 2", &shipped.stages[1].transitions, 3000},
		{"ties", random(2), 2},
		{"zero", &transitions{}, 0},
		{"wide", random(1 << 20), 1 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for n := range 40 {
				em := make([]int32, n*nTags)
				for k := range em {
					em[k] = rng.Int32N(2*tc.scale+1) - tc.scale
				}
				got, want := make([]int, n), make([]int, n)
				tc.w.viterbi(em, got, make([]uint8, n*nTags))
				refViterbi(tc.w, em, want, make([]uint8, n*nTags))
				if !slices.Equal(got, want) {
					t.Errorf("%d tokens: viterbi = %v, want %v", n, got, want)
				}
			}
		})
	}
}
