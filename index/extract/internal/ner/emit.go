package ner

import "runtime"

// vec is a sum of feature rows, both stages in one int64 per tag: the
// stage 2 score times 2^32 plus the stage 1 score. The packing is linear,
// so adding packed rows adds both scores at once, half the additions; the
// sums stay far inside int32 (a token has well under 2^15 features), so
// unpack gives them back exactly.
type vec [nTags]int64

func (v *vec) add(w *vec) {
	for t := range v {
		v[t] += w[t]
	}
}

// unpack writes the stage 1 scores of v into e1 and the stage 2 ones into
// e2.
func (v *vec) unpack(e1, e2 *[nTags]int32) {
	for t, p := range v {
		lo := int32(uint32(p))
		e1[t] = lo
		e2[t] = int32((p - int64(lo)) >> 32)
	}
}

// addKey adds the row of feature key k, if the model knows it.
func (m *Model) addKey(v *vec, k uint32) {
	j := m.lookup(k)
	if j < 0 {
		return
	}
	r := (*[2 * nTags]int16)(m.rows[int(j)*2*nTags:])
	for t := range v {
		v[t] += int64(r[nTags+t])<<32 + int64(r[t])
	}
}

// wordVecs are the stage 1 features that depend on one word alone,
// summed once per word rather than looked up again for every token that
// is or neighbours it: most of the features of a token.
type wordVecs struct {
	self   vec // its lower case, shape and affixes
	left1  vec // its lower case, as the word before a token
	right1 vec // its lower case, as the word after a token
	left2  vec // its lower case and shape, two words before a token
	right2 vec // its lower case and shape, two words after a token
	punct  bool
	gaz    uint16 // what the gazetteer holds for the word alone
	gazOK  bool
	// The features of the word in its context, and how the document
	// writes it elsewhere, for the last context met: a word mostly
	// stands in one.
	ctx    uint64 // ctxKey; 0 for none yet
	ctxVec vec
}

// ctxKey identifies what the word-in-context features of a token read:
// its context and, capitalized, where else the document writes it.
func ctxKey(ctx uint64, seen uint8) uint64 {
	return 1<<16 | uint64(seen)<<8 | ctx
}

// maxCachedWords bounds the words a scratch keeps the sums of, about
// 14 MB: enough for the vocabulary of many articles, so common words are
// summed once per worker rather than once per article.
const maxCachedWords = 1 << 14

// shapeKey is what the shape features of a token read: the shapes of it
// and its neighbours, and its context. Words are many, their shapes few.
type shapeKey struct {
	prev, cur, next, ctx uint64
}

// maxCachedShapes bounds the shape sums a scratch keeps, about 3 MB.
const maxCachedShapes = 1 << 14

// chunkWords is how many word sums are allocated at once: the cache grows
// without moving what it holds.
const chunkWords = 512

// wordCache maps a token's text to its sums.
type wordCache struct {
	idx    map[string]*wordVecs
	chunks [][]wordVecs // each of chunkWords, reused when the cache starts over
	n      int          // sums handed out
}

// next returns sums not in use, zero.
func (c *wordCache) next() *wordVecs {
	k := c.n / chunkWords
	if k == len(c.chunks) {
		c.chunks = append(c.chunks, make([]wordVecs, chunkWords))
	}
	w := &c.chunks[k][c.n%chunkWords]
	c.n++
	*w = wordVecs{}
	return w
}

// fillWord sums the word features of token i of d into w.
func (m *Model) fillWord(w *wordVecs, d *doc, i int) {
	*w = wordVecs{punct: d.toks[i].Flags&Punct != 0}
	lw, sh := d.low[i], d.shape[i]
	w.gaz, w.gazOK = m.gaz.first(lw)
	m.addKey(&w.self, key32(key1(fLow, lw)))
	m.addKey(&w.self, key32(key1(fShape, sh)))
	if !w.punct {
		for k, a := range d.affix[i] {
			if a != 0 {
				m.addKey(&w.self, key32(key1(fPre+uint64(k/4)*(fSuf-fPre), a)))
			}
		}
	}
	m.addKey(&w.left1, key32(key1(fLowM1, lw)))
	m.addKey(&w.right1, key32(key1(fLowP1, lw)))
	m.addKey(&w.left2, key32(key1(fLowM2, lw)))
	m.addKey(&w.left2, key32(key1(fShapeM2, sh)))
	m.addKey(&w.right2, key32(key1(fLowP2, lw)))
	m.addKey(&w.right2, key32(key1(fShapeP2, sh)))
}

// fillNone sums the neighbour features of a missing word, before the
// first token or after the last.
func (m *Model) fillNone(w *wordVecs) {
	*w = wordVecs{}
	m.addKey(&w.left1, key32(key1(fLowM1, none)))
	m.addKey(&w.right1, key32(key1(fLowP1, none)))
	m.addKey(&w.left2, key32(key1(fLowM2, none)))
	m.addKey(&w.left2, key32(key1(fShapeM2, none)))
	m.addKey(&w.right2, key32(key1(fLowP2, none)))
	m.addKey(&w.right2, key32(key1(fShapeP2, none)))
}

// precompute sums what does not depend on the text: the bias and the
// context features of every context, and a missing neighbour's.
func (m *Model) precompute() {
	m.base = make([]vec, int(ctxMask)+1)
	for c := range m.base {
		if Flags(c)&^ctxMask != 0 {
			continue
		}
		m.addKey(&m.base[c], key32(key1(fBias, 0)))
		m.addKey(&m.base[c], key32(key1(fCtx, uint64(c))))
	}
	m.fillNone(&m.none)
	m.scratch = make(chan *scratch, max(2, runtime.GOMAXPROCS(0)))
}

// wordIdx returns the word sums of every token of d, summing the words
// c has not seen.
func (m *Model) wordIdx(c *wordCache, d *doc, wi []*wordVecs) []*wordVecs {
	if c.idx == nil || len(c.idx)+len(d.toks) > maxCachedWords {
		c.idx = make(map[string]*wordVecs, min(maxCachedWords, 2*len(d.toks)))
		c.n = 0
	}
	for i, t := range d.toks {
		w := d.text[t.Start:t.End]
		v, ok := c.idx[w]
		// The text decides every flag fillWord reads, so a word's
		// sums are the same wherever it stands; the check costs nothing.
		if !ok || v.punct != (t.Flags&Punct != 0) {
			v = c.next()
			m.fillWord(v, d, i)
			if !ok {
				c.idx[string([]byte(w))] = v
			}
		}
		wi = append(wi, v)
	}
	return wi
}

// prepare finds the word sums of every token of d and its gazetteer
// matches.
func (m *Model) prepare(sc *scratch, d *doc) {
	sc.wi = m.wordIdx(&sc.words, d, sc.wi[:0])
	wi := sc.wi
	m.gaz.matchFrom(d, func(i int) (uint16, bool) { return wi[i].gaz, wi[i].gazOK })
}

// emit1 writes the stage 1 emission scores of every token of d, once
// prepared, into em, and the stage 1 part of stage 2's into em2 when it
// is not nil: the sum of the rows of the keys doc.features gives.
func (m *Model) emit1(sc *scratch, d *doc, em, em2 []int32) {
	if sc.shapes == nil || len(sc.shapes)+len(d.toks) > maxCachedShapes {
		sc.shapes = make(map[shapeKey]vec, min(maxCachedShapes, len(d.toks)))
	}
	wi := sc.wi
	n := len(d.toks)
	word := func(i int) *wordVecs {
		if i < 0 || i >= n {
			return &m.none
		}
		return wi[i]
	}
	for i, t := range d.toks {
		ctx := uint64(t.Flags & ctxMask)
		lw := d.low[i]
		w := wi[i]
		acc := m.base[ctx]
		acc.add(&w.self)
		acc.add(&word(i - 1).left1)
		acc.add(&word(i + 1).right1)
		acc.add(&word(i - 2).left2)
		acc.add(&word(i + 2).right2)
		var seen uint8
		if t.Flags&(Cap|Upper) != 0 {
			seen = d.lowW[lw]
		}
		if ck := ctxKey(ctx, seen); w.ctx != ck {
			w.ctx, w.ctxVec = ck, vec{}
			m.addKey(&w.ctxVec, key32(key2(fLowCtx, lw, ctx)))
			if t.Flags&(Cap|Upper) != 0 {
				m.addKey(&w.ctxVec, key32(key2(fLowElse, uint64(seen), ctx)))
			}
		}
		acc.add(&w.ctxVec)
		sk := shapeKey{d.shapeAt(i - 1), d.shape[i], d.shapeAt(i + 1), ctx}
		sv, ok := sc.shapes[sk]
		if !ok {
			m.addKey(&sv, key32(key2(fShapeM1, sk.prev, ctx)))
			m.addKey(&sv, key32(key2(fShapeP1, sk.next, ctx)))
			m.addKey(&sv, key32(key2(fShape3, sk.prev*31+sk.cur, sk.next)))
			sc.shapes[sk] = sv
		}
		acc.add(&sv)
		m.addKey(&acc, key32(key2(fBiM, d.lowAt(i-1), lw)))
		m.addKey(&acc, key32(key2(fBiP, lw, d.lowAt(i+1))))
		if d.gaz != nil {
			m.addGaz(&acc, d, i, fGaz, ctx)
			if i > 0 {
				m.addGaz(&acc, d, i-1, fGazM1, 0)
			}
			if i+1 < n {
				m.addGaz(&acc, d, i+1, fGazP1, 0)
			}
		}
		var e2 [nTags]int32
		if em2 == nil {
			acc.unpack((*[nTags]int32)(em[i*nTags:]), &e2)
		} else {
			acc.unpack((*[nTags]int32)(em[i*nTags:]), (*[nTags]int32)(em2[i*nTags:]))
		}
	}
}

// addGaz adds the features doc.gazFeatures gives.
func (m *Model) addGaz(v *vec, d *doc, i int, tmpl, ctx uint64) {
	g := d.gaz[i*nGaz : i*nGaz+nGaz]
	capBit := uint64(d.toks[i].Flags & (Cap | Upper))
	for c, code := range g {
		if code != 0 {
			m.addKey(v, key32(key2(tmpl, uint64(c)<<8|uint64(code)<<4|capBit, ctx)))
		}
	}
}
