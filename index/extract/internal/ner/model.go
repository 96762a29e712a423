package ner

import (
	"math"
	"sync"
)

// Entity types. The tagger learns MISC (nationalities, events, products)
// because knowing them sharpens the others.
const (
	PER = iota
	ORG
	LOC
	MISC
	nTypes
)

// TypeNames are the CoNLL names of the entity types, by type.
var TypeNames = [nTypes]string{"PER", "ORG", "LOC", "MISC"}

// Tags are BILOU: tag 0 is O (outside), then B, I, L and U for each type.
const nTags = 1 + 4*nTypes

const (
	tagB = iota
	tagI
	tagL
	tagU
)

func tagOf(typ, pos int) int { return 1 + 4*typ + pos }
func tagType(t int) int      { return (t - 1) / 4 }
func tagPos(t int) int       { return (t - 1) % 4 }

// Span is an entity found in a text, as byte offsets, end exclusive.
type Span struct {
	Start, End int
	Type       int
}

// weights is one stage of the model: for every kept feature a row of
// nTags scores, and tag-to-tag transition scores.
type weights struct {
	rows []int16 // by feature index, nTags per feature
	transitions
}

// transitions score tag bigrams: trans[to*nTags+from], and the first and
// last tag of a sentence.
type transitions struct {
	trans [nTags * nTags]int32
	start [nTags]int32
	end   [nTags]int32
}

// emit sums the feature rows of every token: idx[off[i]:off[i+1]] are the
// feature indices of token i.
func (w *weights) emit(idx, off []int32, em []int32) {
	for i := range len(off) - 1 {
		e := (*[nTags]int32)(em[i*nTags:])
		for _, f := range idx[off[i]:off[i+1]] {
			r := (*[nTags]int16)(w.rows[int(f)*nTags:])
			for t := range nTags {
				e[t] += int32(r[t])
			}
		}
	}
}

// Model is a two-stage averaged perceptron tagger. Stage 1 sees each
// token and its neighbours; stage 2 also sees what stage 1 said about the
// same words elsewhere in the document. It is read-only once loaded.
type Model struct {
	table  []uint64 // open addressing: key<<32 | feature index; 0 empty
	stages []weights
	rows   []int16  // the stages' rows side by side, 2*nTags per feature, for one pass over features
	base   []vec    // by context, the bias and context features
	none   wordVecs // the features of a missing neighbour
	gaz    *gazetteer
	gazSrc []GazEntry

	everydayOnce sync.Once
	everyday     map[string]bool

	// scratch holds Tag's buffers between calls. Not a sync.Pool: a
	// collection would empty it, and with it the word sums that make
	// tagging fast.
	scratch chan *scratch
}

// Everyday reports whether the training text mostly writes word, in lower
// case, in lower case: "kills", "years", "how". A capital on such a word
// is the typography of a headline or a sentence start, not a name's.
func (m *Model) Everyday(word string) bool {
	m.words()
	return m.everyday[word]
}

func (m *Model) words() {
	m.everydayOnce.Do(func() {
		m.everyday = map[string]bool{}
		for _, e := range m.gazSrc {
			if e.Class == GazLower {
				m.everyday[e.Text] = true
			}
		}
	})
}

// lookup returns the feature index of key k, or -1.
func (m *Model) lookup(k uint32) int32 {
	mask := uint32(len(m.table) - 1)
	for p := (k * 0x9e3779b1) & mask; ; p = (p + 1) & mask {
		switch e := m.table[p]; uint32(e >> 32) {
		case k:
			return int32(uint32(e))
		case 0:
			return -1
		}
	}
}

// buildTable fills the open-addressing table from keys in feature order,
// and lays out the rows of all stages together, the second stage's zero
// in a model of one.
func (m *Model) buildTable(keys []uint32) {
	stride := 2 * nTags
	m.rows = make([]int16, len(keys)*stride)
	for f := range keys {
		for s, st := range m.stages {
			copy(m.rows[f*stride+s*nTags:], st.rows[f*nTags:f*nTags+nTags])
		}
	}
	size := 16
	for size < 2*len(keys) {
		size *= 2
	}
	m.table = make([]uint64, size)
	mask := uint32(size - 1)
	for i, k := range keys {
		p := (k * 0x9e3779b1) & mask
		for m.table[p] != 0 {
			p = (p + 1) & mask
		}
		m.table[p] = uint64(k)<<32 | uint64(i)
	}
	m.precompute()
}

// closed are the tags after which a new entity or O may start: O, and
// the L and U tags; opening are the tags that may follow them: O, and the
// B and U tags.
var (
	closed  = [1 + 2*nTypes]int{0, 3, 4, 7, 8, 11, 12, 15, 16}
	opening = [1 + 2*nTypes]int{0, 1, 4, 5, 8, 9, 12, 13, 16}
)

// viterbi writes into tags the best tag sequence for one sentence whose
// emission scores are em (nTags per token). Only BILOU-consistent
// sequences are considered: I and L follow B or I of their type, and
// O, B and U follow O, L or U.
func (w *transitions) viterbi(em []int32, tags []int, back []uint8) {
	n := len(tags)
	if n == 0 {
		return
	}
	const neg = math.MinInt32 / 2
	// The transitions the loop reads, gathered so that it reads them in
	// order: open[k][j] from closed[j] into opening[k]; cont[x] from B-x
	// and I-x into I-x, then into L-x.
	var open [len(opening)][len(closed)]int32
	for k, t := range opening {
		for j, s := range closed {
			open[k][j] = w.trans[t*nTags+s]
		}
	}
	var cont [nTypes][4]int32
	for x := range nTypes {
		b, in := tagOf(x, tagB), tagOf(x, tagI)
		cont[x] = [4]int32{w.trans[in*nTags+b], w.trans[in*nTags+in], w.trans[(in+1)*nTags+b], w.trans[(in+1)*nTags+in]}
	}
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
		var pc [len(closed)]int32
		for j, s := range closed {
			pc[j] = cur[s]
		}
		var pb, pi [nTypes]int32
		for x := range nTypes {
			pb[x], pi[x] = cur[tagOf(x, tagB)], cur[tagOf(x, tagI)]
		}
		e := (*[nTags]int32)(em[i*nTags:])
		bk := (*[nTags]uint8)(back[i*nTags:])
		for k, t := range opening {
			row := &open[k]
			best, arg := int32(neg), 0
			for j, p := range pc {
				if v := p + row[j]; v > best {
					best, arg = v, j
				}
			}
			cur[t] = best + e[t]
			bk[t] = uint8(closed[arg])
		}
		for x := range nTypes {
			b, in := tagOf(x, tagB), tagOf(x, tagI)
			c := &cont[x]
			for k, t := range [2]int{in, in + 1} {
				vb, vi := pb[x]+c[2*k], pi[x]+c[2*k+1]
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

// spans turns tags into entity spans.
func spans(toks []Token, tags []int, out []Span) []Span {
	start := -1
	for i, t := range tags {
		if t == 0 {
			start = -1
			continue
		}
		switch tagPos(t) {
		case tagB:
			start = i
		case tagU:
			out = append(out, Span{int(toks[i].Start), int(toks[i].End), tagType(t)})
		case tagL:
			if start >= 0 {
				out = append(out, Span{int(toks[start].Start), int(toks[i].End), tagType(t)})
			}
			start = -1
		}
	}
	return out
}
