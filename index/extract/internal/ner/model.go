package ner

import "math"

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

// allowed reports whether tag b may follow tag a (a < 0: sentence start;
// b < 0: sentence end).
func allowed(a, b int) bool {
	open := a > 0 && (tagPos(a) == tagB || tagPos(a) == tagI)
	if b < 0 || b == 0 || tagPos(b) == tagB || tagPos(b) == tagU {
		return !open
	}
	return open && tagType(a) == tagType(b)
}

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
	keys   []uint32 // open addressing, 0 empty
	index  []int32  // feature index of keys[i]
	stages []weights
	gaz    *gazetteer
	gazSrc []GazEntry
}

// lookup returns the feature index of key k, or -1.
func (m *Model) lookup(k uint32) int32 {
	mask := uint32(len(m.keys) - 1)
	for p := (k * 0x9e3779b1) & mask; ; p = (p + 1) & mask {
		switch m.keys[p] {
		case k:
			return m.index[p]
		case 0:
			return -1
		}
	}
}

// buildTable fills the open-addressing table from keys in feature order.
func (m *Model) buildTable(keys []uint32) {
	size := 16
	for size < 2*len(keys) {
		size *= 2
	}
	m.keys = make([]uint32, size)
	m.index = make([]int32, size)
	mask := uint32(size - 1)
	for i, k := range keys {
		p := (k * 0x9e3779b1) & mask
		for m.keys[p] != 0 {
			p = (p + 1) & mask
		}
		m.keys[p], m.index[p] = k, int32(i)
	}
}

// viterbi writes into tags the best tag sequence for one sentence whose
// emission scores are em (nTags per token).
func (w *transitions) viterbi(em []int32, tags []int, back []uint8) {
	n := len(tags)
	if n == 0 {
		return
	}
	var cur, prev [nTags]int32
	const neg = math.MinInt32 / 2
	for t := range nTags {
		if allowed(-1, t) {
			cur[t] = em[t] + w.start[t]
		} else {
			cur[t] = neg
		}
	}
	for i := 1; i < n; i++ {
		prev = cur
		e := em[i*nTags : i*nTags+nTags]
		for t := range nTags {
			best, arg := int32(neg), 0
			tr := w.trans[t*nTags : t*nTags+nTags] // from each tag to t
			for s := range nTags {
				if v := prev[s] + tr[s]; v > best && allowedTab[s][t] {
					best, arg = v, s
				}
			}
			cur[t] = best + e[t]
			back[i*nTags+t] = uint8(arg)
		}
	}
	best, arg := int32(math.MinInt32), 0
	for t := range nTags {
		if allowed(t, -1) && cur[t]+w.end[t] > best {
			best, arg = cur[t]+w.end[t], t
		}
	}
	for i := n - 1; i >= 0; i-- {
		tags[i] = arg
		arg = int(back[i*nTags+arg])
	}
}

var allowedTab = func() (a [nTags][nTags]bool) {
	for s := range nTags {
		for t := range nTags {
			a[s][t] = allowed(s, t)
		}
	}
	return a
}()

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
