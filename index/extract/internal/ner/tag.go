package ner

// wordStat counts how stage 1 tagged one word across a document: as each
// entity type, as nothing (index nTypes), and as the first or last word of
// a longer entity.
type wordStat struct {
	cnt         [nTypes + 1]uint16
	first, last [nTypes]uint16
}

// countable reports whether token i takes part in the document statistics:
// a capitalized word whose case means something.
func (d *doc) countable(i int) bool {
	return d.toks[i].Flags&(Cap|Upper) != 0 && d.toks[i].Flags&Punct == 0
}

// own returns what token i itself adds to its word's statistics.
func (d *doc) own(i int, y []int) (ws wordStat, ok bool) {
	t := y[i]
	if t == 0 {
		if d.toks[i].Flags&(SentStart|UpperLine) != 0 {
			return ws, false
		}
		ws.cnt[nTypes] = 1
		return ws, true
	}
	typ := tagType(t)
	ws.cnt[typ] = 1
	switch tagPos(t) {
	case tagB:
		ws.first[typ] = 1
	case tagL:
		ws.last[typ] = 1
	}
	return ws, true
}

// stats gathers the stage 1 tags y of every countable word.
func (d *doc) stats(y []int) map[uint64]*wordStat {
	st := make(map[uint64]*wordStat, len(y)/8+1)
	for i := range y {
		if !d.countable(i) {
			continue
		}
		o, ok := d.own(i, y)
		if !ok {
			continue
		}
		ws := st[d.low[i]]
		if ws == nil {
			ws = new(wordStat)
			st[d.low[i]] = ws
		}
		for k := range ws.cnt {
			ws.cnt[k] += o.cnt[k]
		}
		for k := range nTypes {
			ws.first[k] += o.first[k]
			ws.last[k] += o.last[k]
		}
	}
	return st
}

// docFeatures appends the stage 2 features of token i: the stage 1 tags
// around it, and how stage 1 tagged the same word elsewhere in the
// document, so a "Biden" alone can learn from "Joe Biden" before it.
func (d *doc) docFeatures(i int, st map[uint64]*wordStat, y []int, out []uint32) []uint32 {
	prev, next := uint64(nTags), uint64(nTags)
	if i > 0 {
		prev = uint64(y[i-1])
	}
	if i+1 < len(y) {
		next = uint64(y[i+1])
	}
	cur := uint64(y[i])
	out = append(out,
		key32(key1(fPrev1, cur)),
		key32(key2(fPrev1M, prev, cur)),
		key32(key2(fPrev1P, cur, next)),
	)
	if !d.countable(i) {
		return out
	}
	ws := st[d.low[i]]
	if ws == nil {
		return out
	}
	c := *ws
	if o, ok := d.own(i, y); ok {
		for k := range c.cnt {
			c.cnt[k] -= o.cnt[k]
		}
		for k := range nTypes {
			c.first[k] -= o.first[k]
			c.last[k] -= o.last[k]
		}
	}
	ctx := uint64(d.toks[i].Flags & (SentStart | UpperLine))
	best, total := 0, 0
	for k, n := range c.cnt {
		total += int(n)
		if n > c.cnt[best] {
			best = k
		}
	}
	if total > 0 {
		out = append(out, key32(key2(fDocMaj, uint64(best), ctx)))
	}
	for k := range nTypes {
		if c.cnt[k] > 0 {
			out = append(out, key32(key2(fDocHas, uint64(k), ctx)))
		}
		if c.last[k] > 0 {
			out = append(out, key32(key2(fDocLast, uint64(k), ctx)))
		}
		if c.first[k] > 0 {
			out = append(out, key32(key2(fDocFirst, uint64(k), ctx)))
		}
	}
	return out
}

// decode tags every line of d with emission scores em.
func (w *transitions) decode(d *doc, em []int32, y []int, back []uint8) {
	for _, l := range d.lines {
		w.viterbi(em[l[0]*nTags:l[1]*nTags], y[l[0]:l[1]], back)
	}
}

// scratch holds what one call of Tag works in, kept for the next call.
type scratch struct {
	toks []Token
	doc  doc
	em   []int32
	em2  []int32
	fb   []uint32
	y    []int
	back []uint8
	wi   []*wordVecs // by token, its word's sums, in words
	// words outlives a call: a worker meets the same words article after
	// article.
	words wordCache
	// shapes are the sums of the shape features, by shapeKey.
	shapes map[shapeKey]vec
}

// maxKeptTokens bounds the buffers a scratch keeps between calls: those
// of a text of 65,536 tokens, a long book chapter, about 18 MB.
const maxKeptTokens = 1 << 16

// Tag returns the entities of text, in text order. It is safe for
// concurrent use: each call takes a scratch of its own, and leaves it for
// the next call if fewer than a few are left already.
func (m *Model) Tag(text string) []Span {
	var sc *scratch
	select {
	case sc = <-m.scratch:
	default:
		sc = &scratch{}
	}
	defer func() {
		if cap(sc.toks) > maxKeptTokens {
			return // a rare long text's buffers are not worth keeping
		}
		select {
		case m.scratch <- sc:
		default:
		}
	}()
	toks := Tokenize(text, sc.toks[:0])
	sc.toks = toks
	n := len(toks)
	if n == 0 {
		return nil
	}
	d := resetDoc(&sc.doc, text, toks)
	m.prepare(sc, d)
	sc.em = grow(sc.em, n*nTags)
	em := sc.em
	fb := sc.fb[:0]
	defer func() { sc.fb = fb }()
	var em2 []int32
	if len(m.stages) > 1 {
		sc.em2 = grow(sc.em2, n*nTags)
		em2 = sc.em2
	}
	m.emit1(sc, d, em, em2)
	sc.y = grow(sc.y, n)
	sc.back = grow(sc.back, n*nTags)
	y, back := sc.y, sc.back
	m.stages[0].decode(d, em, y, back)
	if em2 == nil {
		return spans(toks, y, nil)
	}
	st := d.stats(y)
	for i := range n {
		fb = d.docFeatures(i, st, y, fb[:0])
		e := (*[nTags]int32)(em2[i*nTags:])
		for _, k := range fb {
			if j := m.lookup(k); j >= 0 {
				r := (*[nTags]int16)(m.rows[int(j)*2*nTags+nTags:])
				for t := range nTags {
					e[t] += int32(r[t])
				}
			}
		}
	}
	m.stages[1].decode(d, em2, y, back)
	return spans(toks, y, nil)
}
