package ner

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// TrainConfig sets the training run; the same config and data give the
// same model, byte for byte.
type TrainConfig struct {
	Epochs int    // passes over the training data, per stage
	Folds  int    // jackknife folds for derived gazetteers and stage 1 tags
	Cutoff int    // features seen fewer times are dropped
	Seed   uint64 // sentence shuffle seed
	Stages int    // 1 (local features) or 2 (also document features)
	Log    io.Writer
	// Plain are running texts without entity labels; they only add to
	// the everyday words, those mostly written in lower case.
	Plain []string
}

// sample is one training document, prepared.
type sample struct {
	d    *doc
	gold []int
	fold int
	keys []uint32 // stage 1 feature keys, offsets in koff
	koff []int32
	idx  []int32 // feature indices of the current stage
	off  []int32
}

// Train learns a model from docs. Entity strings of the training
// documents join the hand gazetteer hand; while training, each document
// sees only the strings of the other folds, so the model learns how far
// such lists can be trusted on unseen text.
func Train(docs []Doc, hand []GazEntry, cfg TrainConfig) (*Model, error) {
	if cfg.Folds < 2 || cfg.Epochs < 1 || cfg.Stages < 1 || cfg.Stages > 2 {
		return nil, fmt.Errorf("ner: bad config %+v", cfg)
	}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	began := time.Now()
	K := cfg.Folds
	perFold := make([]map[string]*[nTypes]int, K)
	for f := range perFold {
		perFold[f] = map[string]*[nTypes]int{}
	}
	for i, dc := range docs {
		for _, sp := range dc.Spans {
			s := dc.Text[sp.Start:sp.End]
			if strings.Contains(s, "\n") {
				continue
			}
			c := perFold[i%K][s]
			if c == nil {
				c = new([nTypes]int)
				perFold[i%K][s] = c
			}
			c[sp.Type]++
		}
	}
	gazs := make([]*gazetteer, K)
	texts := make([]string, 0, len(docs)+len(cfg.Plain))
	for _, dc := range docs {
		texts = append(texts, dc.Text)
	}
	lower := lowerWords(append(texts, cfg.Plain...), 3)
	for f := range K {
		gazs[f] = newGazetteer(append(derivedGaz(hand, perFold, f), lower...))
	}
	finalGaz := append(derivedGaz(hand, perFold, -1), lower...)

	var samples []*sample
	misaligned, tokens, sentences := 0, 0, 0
	fb := make([]uint32, 0, 64)
	count := map[uint32]int32{}
	var order []uint32
	for i, dc := range docs {
		toks := Tokenize(dc.Text, nil)
		d := newDoc(dc.Text, toks)
		gazs[i%K].match(d)
		gold, bad := align(toks, dc.Spans, dc.Text)
		misaligned += bad
		s := &sample{d: d, gold: gold, fold: i % K, koff: make([]int32, len(toks)+1)}
		for t := range toks {
			fb = d.features(t, fb[:0])
			s.keys = append(s.keys, fb...)
			s.koff[t+1] = int32(len(s.keys))
			for _, k := range fb {
				if count[k] == 0 {
					order = append(order, k)
				}
				count[k]++
			}
		}
		tokens += len(toks)
		sentences += len(d.lines)
		samples = append(samples, s)
	}
	index := map[uint32]int32{}
	var keys []uint32
	for _, k := range order {
		if count[k] >= int32(cfg.Cutoff) {
			index[k] = int32(len(keys))
			keys = append(keys, k)
		}
	}
	logf("documents %d, sentences %d, tokens %d, gold spans not on token bounds %d", len(docs), sentences, tokens, misaligned)
	logf("stage 1: features seen %d, kept (seen >= %d times) %d", len(order), cfg.Cutoff, len(keys))
	for _, s := range samples {
		s.idx, s.off = s.idx[:0], make([]int32, len(s.koff))
		for t := range len(s.koff) - 1 {
			for _, k := range s.keys[s.koff[t]:s.koff[t+1]] {
				if j, ok := index[k]; ok {
					s.idx = append(s.idx, j)
				}
			}
			s.off[t+1] = int32(len(s.idx))
		}
	}
	stage1 := train(samples, len(keys), -1, cfg)
	logf("stage 1 trained (%s)", time.Since(began).Round(time.Millisecond))
	stages := []weights{stage1}
	if cfg.Stages == 2 {
		// Stage 2 learns from stage 1 tags made by models that never saw
		// the document, as at run time.
		y1 := make([][]int, len(samples))
		var mu sync.Mutex
		var wg sync.WaitGroup
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		for f := range K {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				w := train(samples, len(keys), f, cfg)
				for i, s := range samples {
					if s.fold != f {
						continue
					}
					y := w.tagSample(s)
					mu.Lock()
					y1[i] = y
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		logf("stage 1 jackknife over %d folds done (%s)", K, time.Since(began).Round(time.Millisecond))
		n1 := len(keys)
		count2 := map[uint32]int32{}
		var order2 []uint32
		docKeys := make([][]uint32, len(samples))
		docOff := make([][]int32, len(samples))
		for i, s := range samples {
			st := s.d.stats(y1[i])
			docOff[i] = make([]int32, len(s.gold)+1)
			for t := range s.gold {
				fb = s.d.docFeatures(t, st, y1[i], fb[:0])
				docKeys[i] = append(docKeys[i], fb...)
				docOff[i][t+1] = int32(len(docKeys[i]))
				for _, k := range fb {
					if _, ok := index[k]; ok {
						continue
					}
					if count2[k] == 0 {
						order2 = append(order2, k)
					}
					count2[k]++
				}
			}
		}
		for _, k := range order2 {
			if count2[k] >= int32(cfg.Cutoff) {
				index[k] = int32(len(keys))
				keys = append(keys, k)
			}
		}
		logf("stage 2: document features seen %d, kept %d", len(order2), len(keys)-n1)
		for i, s := range samples {
			idx := make([]int32, 0, len(s.idx)+len(docKeys[i]))
			off := make([]int32, len(s.off))
			for t := range len(s.off) - 1 {
				idx = append(idx, s.idx[s.off[t]:s.off[t+1]]...)
				for _, k := range docKeys[i][docOff[i][t]:docOff[i][t+1]] {
					if j, ok := index[k]; ok {
						idx = append(idx, j)
					}
				}
				off[t+1] = int32(len(idx))
			}
			s.idx, s.off = idx, off
		}
		stage1.rows = append(stage1.rows, make([]int16, (len(keys)-n1)*nTags)...)
		stages = append(stages, train(samples, len(keys), -1, cfg))
		stages[0] = stage1
		logf("stage 2 trained (%s)", time.Since(began).Round(time.Millisecond))
	}
	m := &Model{stages: stages, gazSrc: finalGaz, gaz: newGazetteer(finalGaz)}
	m.prune(keys)
	logf("features in the model %d, training time %s", len(m.featureKeys()), time.Since(began).Round(time.Millisecond))
	return m, nil
}

// derivedGaz returns the hand entries and, for every entity string of the
// folds other than skip, its most frequent types.
func derivedGaz(hand []GazEntry, perFold []map[string]*[nTypes]int, skip int) []GazEntry {
	total := map[string]*[nTypes]int{}
	for f, m := range perFold {
		if f == skip {
			continue
		}
		for s, c := range m {
			t := total[s]
			if t == nil {
				t = new([nTypes]int)
				total[s] = t
			}
			for k := range c {
				t[k] += c[k]
			}
		}
	}
	out := slices.Clone(hand)
	names := make([]string, 0, len(total))
	for s := range total {
		names = append(names, s)
	}
	slices.Sort(names)
	for _, s := range names {
		c := total[s]
		best := slices.Max(c[:])
		for k, n := range c {
			if n == best {
				out = append(out, GazEntry{s, uint8(GazPER + k)})
			}
		}
	}
	return out
}

// lowerWords lists the words written in lower case at least min times
// and more often so than capitalized, in text order of first use.
func lowerWords(texts []string, min int) []GazEntry {
	lower, capped := map[string]int{}, map[string]int{}
	var order []string
	for _, text := range texts {
		toks := Tokenize(text, nil)
		for _, t := range toks {
			if t.Flags&(Punct|Digit|UpperLine) != 0 {
				continue
			}
			w := text[t.Start:t.End]
			if t.Flags&Cap != 0 {
				capped[strings.ToLower(w)]++
				continue
			}
			if lower[w] == 0 {
				order = append(order, w)
			}
			lower[w]++
		}
	}
	var out []GazEntry
	for _, w := range order {
		if lower[w] >= min && lower[w] > capped[w] {
			out = append(out, GazEntry{w, GazLower})
		}
	}
	return out
}

// align turns gold spans into BILOU tags over toks; it returns how many
// spans did not fall on token bounds (or crossed a line) and were left out.
func align(toks []Token, spans []Span, text string) ([]int, int) {
	tags := make([]int, len(toks))
	bad := 0
	startAt := map[int]int{}
	endAt := map[int]int{}
	for i, t := range toks {
		startAt[int(t.Start)] = i
		endAt[int(t.End)] = i
	}
	for _, sp := range spans {
		a, ok1 := startAt[sp.Start]
		b, ok2 := endAt[sp.End]
		if !ok1 || !ok2 || b < a || strings.Contains(text[sp.Start:sp.End], "\n") {
			bad++
			continue
		}
		if a == b {
			tags[a] = tagOf(sp.Type, tagU)
			continue
		}
		tags[a] = tagOf(sp.Type, tagB)
		for k := a + 1; k < b; k++ {
			tags[k] = tagOf(sp.Type, tagI)
		}
		tags[b] = tagOf(sp.Type, tagL)
	}
	return tags, bad
}

// tagSample decodes one prepared sample with these weights.
func (w *weights) tagSample(s *sample) []int {
	n := len(s.gold)
	em := make([]int32, n*nTags)
	w.emit(s.idx, s.off, em)
	y := make([]int, n)
	w.decode(s.d, em, y, make([]uint8, n*nTags))
	return y
}

// train runs the averaged perceptron over the samples not in fold skip
// (all when skip < 0) and returns the averaged weights, quantized.
func train(samples []*sample, nf, skip int, cfg TrainConfig) weights {
	type sent struct{ s, a, b int }
	var sents []sent
	for i, s := range samples {
		if s.fold == skip {
			continue
		}
		for _, l := range s.d.lines {
			sents = append(sents, sent{i, l[0], l[1]})
		}
	}
	w := make([]int32, nf*nTags)
	acc := make([]int64, nf*nTags)
	var tw transitions
	var tacc [len(tw.trans) + 2*nTags]int64
	c := int64(1)
	em := make([]int32, 0, 256*nTags)
	y := make([]int, 0, 256)
	back := make([]uint8, 0, 256*nTags)
	up := func(s *sample, t, tag int, d int32) {
		for _, f := range s.idx[s.off[t]:s.off[t+1]] {
			w[int(f)*nTags+tag] += d
			acc[int(f)*nTags+tag] += int64(d) * c
		}
	}
	upTrans := func(k int, d int32) {
		switch {
		case k < len(tw.trans):
			tw.trans[k] += d
		case k < len(tw.trans)+nTags:
			tw.start[k-len(tw.trans)] += d
		default:
			tw.end[k-len(tw.trans)-nTags] += d
		}
		tacc[k] += int64(d) * c
	}
	transKey := func(g []int, i int) int {
		switch {
		case i == 0:
			return len(tw.trans) + g[0]
		case i == len(g):
			return len(tw.trans) + nTags + g[i-1]
		}
		return g[i]*nTags + g[i-1]
	}
	for epoch := range cfg.Epochs {
		rng := rand.New(rand.NewPCG(cfg.Seed, uint64(epoch)))
		rng.Shuffle(len(sents), func(i, j int) { sents[i], sents[j] = sents[j], sents[i] })
		for _, st := range sents {
			s := samples[st.s]
			n := st.b - st.a
			em = slices.Grow(em[:0], n*nTags)[:n*nTags]
			clear(em)
			for t := range n {
				e := em[t*nTags : t*nTags+nTags]
				for _, f := range s.idx[s.off[st.a+t]:s.off[st.a+t+1]] {
					r := w[int(f)*nTags : int(f)*nTags+nTags]
					for k := range nTags {
						e[k] += r[k]
					}
				}
			}
			y = slices.Grow(y[:0], n)[:n]
			back = slices.Grow(back[:0], n*nTags)[:n*nTags]
			tw.viterbi(em, y, back)
			g := s.gold[st.a:st.b]
			if !slices.Equal(y, g) {
				for t := range n {
					if y[t] != g[t] {
						up(s, st.a+t, g[t], 1)
						up(s, st.a+t, y[t], -1)
					}
				}
				for i := 0; i <= n; i++ {
					kg, ky := transKey(g, i), transKey(y, i)
					if kg != ky {
						upTrans(kg, 1)
						upTrans(ky, -1)
					}
				}
			}
			c++
		}
	}
	// Average, then scale so the largest weight fills int16.
	avg := func(wv int32, a int64) float64 { return float64(wv) - float64(a)/float64(c) }
	maxAbs := 1e-9
	for i := range w {
		maxAbs = max(maxAbs, math.Abs(avg(w[i], acc[i])))
	}
	scale := 32767 / maxAbs
	out := weights{rows: make([]int16, len(w))}
	for i := range w {
		out.rows[i] = int16(math.Round(avg(w[i], acc[i]) * scale))
	}
	q := func(wv int32, a int64) int32 { return int32(math.Round(avg(wv, a) * scale)) }
	for k := range tw.trans {
		out.trans[k] = q(tw.trans[k], tacc[k])
	}
	for k := range nTags {
		out.start[k] = q(tw.start[k], tacc[len(tw.trans)+k])
		out.end[k] = q(tw.end[k], tacc[len(tw.trans)+nTags+k])
	}
	return out
}

// prune drops features whose weights are all zero and builds the lookup
// table, with features ordered by key so the saved model compresses well.
func (m *Model) prune(keys []uint32) {
	type feat struct {
		key uint32
		old int
	}
	var kept []feat
	for i, k := range keys {
		for _, st := range m.stages {
			if slices.ContainsFunc(st.rows[i*nTags:i*nTags+nTags], func(v int16) bool { return v != 0 }) {
				kept = append(kept, feat{k, i})
				break
			}
		}
	}
	slices.SortFunc(kept, func(a, b feat) int { return int(int64(a.key) - int64(b.key)) })
	newKeys := make([]uint32, len(kept))
	for si := range m.stages {
		rows := make([]int16, len(kept)*nTags)
		for j, f := range kept {
			copy(rows[j*nTags:], m.stages[si].rows[f.old*nTags:f.old*nTags+nTags])
		}
		m.stages[si].rows = rows
	}
	for j, f := range kept {
		newKeys[j] = f.key
	}
	m.buildTable(newKeys)
}

// featureKeys returns the model's feature keys in feature order.
func (m *Model) featureKeys() []uint32 {
	keys := make([]uint32, len(m.stages[0].rows)/nTags)
	for _, e := range m.table {
		if e != 0 {
			keys[uint32(e)] = uint32(e >> 32)
		}
	}
	return keys
}
