package ner

import (
	"unicode"
	"unicode/utf8"
)

// Feature templates. A feature key is the hash of a template and its
// values; the numbers are part of the model format.
const (
	fBias = iota + 1
	fLow
	fLowCtx
	fShape
	fPre
	fSuf
	fCtx
	fLowM1
	fLowP1
	fLowM2
	fLowP2
	fShapeM1
	fShapeP1
	fShapeM2
	fShapeP2
	fShape3
	fBiM
	fBiP
	fLowElse
	fCapElse
	fGaz
	fGazM1
	fGazP1
	fDocMaj
	fDocHas
	fDocLast
	fDocFirst
	fPrev1
	fPrev1M
	fPrev1P
)

// ctxMask is the part of a token's flags its context features see.
const ctxMask = Cap | Upper | Punct | Digit | SentStart | UpperLine | Dateline

func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func key1(t, a uint64) uint64    { return mix(t*0x9e3779b97f4a7c15 ^ a) }
func key2(t, a, b uint64) uint64 { return mix(key1(t, a)*0x100000001b3 ^ b) }

// key32 folds a 64-bit feature hash into the 32-bit key the model
// stores; 0 marks an empty slot.
func key32(h uint64) uint32 {
	k := uint32(h>>32) ^ uint32(h)
	if k == 0 {
		k = 1
	}
	return k
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
	// none stands for a missing neighbour: before the first token or
	// after the last one.
	none = 0x5bd1e995
)

// doc is a text prepared for tagging: its tokens and the per-token hashes
// every feature is built from, computed once.
type doc struct {
	text  string
	toks  []Token
	low   []uint64 // lower-case word
	shape []uint64 // word shape: "Xx", "X.X.", "d-d"
	affix [][8]uint64
	gaz   []uint8  // per token and gazetteer class, a position code
	lines [][2]int // token ranges of lines
	lowW  map[uint64]uint8
}

// lowW bits: where a word is seen in the document.
const (
	seenLower  = 1 << iota // written in lower case
	seenCapMid             // capitalized inside a sentence of a mixed-case line
)

func newDoc(text string, toks []Token) *doc {
	return resetDoc(&doc{}, text, toks)
}

// resetDoc makes d the document of text and toks, reusing its buffers:
// the tagger keeps one per call in a pool, since these are most of what
// tagging an article allocates.
func resetDoc(d *doc, text string, toks []Token) *doc {
	n := len(toks)
	d.text, d.toks = text, toks
	d.low = grow(d.low, n)
	d.shape = grow(d.shape, n)
	d.affix = grow(d.affix, n)
	d.lines = d.lines[:0]
	if d.lowW == nil {
		d.lowW = make(map[uint64]uint8, n/2+1)
	} else {
		clear(d.lowW)
	}
	start := 0
	for i, t := range toks {
		if i > 0 && t.Flags&LineStart != 0 {
			d.lines = append(d.lines, [2]int{start, i})
			start = i
		}
		d.hashWord(i)
		if t.Flags&(Punct|UpperLine) != 0 {
			continue
		}
		if t.Flags&Cap == 0 {
			r, _ := utf8.DecodeRuneInString(text[t.Start:])
			if unicode.IsLower(r) {
				d.lowW[d.low[i]] |= seenLower
			}
		} else if t.Flags&SentStart == 0 && (i == 0 || !isOpenPunct(text, toks[i-1])) {
			d.lowW[d.low[i]] |= seenCapMid
		}
	}
	if n > 0 {
		d.lines = append(d.lines, [2]int{start, n})
	}
	return d
}

// grow returns s with length n and every element zero, reusing its
// array when it is large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// isOpenPunct reports a quote or bracket before a word, after which a
// capital says little.
func isOpenPunct(text string, t Token) bool {
	if t.Flags&Punct == 0 {
		return false
	}
	switch text[t.Start] {
	case '"', '\'', '(', '[', '-':
		return true
	}
	return false
}

// hashWord fills the lower-case, shape and affix hashes of token i.
func (d *doc) hashWord(i int) {
	w := d.text[d.toks[i].Start:d.toks[i].End]
	var pre [4]uint64
	h, sh := uint64(fnvOffset), uint64(fnvOffset)
	var last byte
	nr := 0
	// Suffixes need the hash of the last k runes; keep the lower-case
	// runes of the word's tail in a small ring.
	var tail [4]rune
	for _, r := range w {
		lr := r
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				lr = r + 'a' - 'A'
			}
		} else {
			lr = unicode.ToLower(r)
		}
		var buf [4]byte
		m := utf8.EncodeRune(buf[:], lr)
		for k := range m {
			h = (h ^ uint64(buf[k])) * fnvPrime
		}
		if nr < 4 {
			pre[nr] = h
		}
		tail[nr%4] = lr
		nr++
		var c byte
		switch {
		case r >= 'A' && r <= 'Z' || r >= utf8.RuneSelf && unicode.IsUpper(r):
			c = 'X'
		case r >= 'a' && r <= 'z' || r >= utf8.RuneSelf && unicode.IsLetter(r):
			c = 'x'
		case r >= '0' && r <= '9' || r >= utf8.RuneSelf && unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '#'
		}
		if c != last {
			sh = (sh ^ uint64(c)) * fnvPrime
			last = c
		}
	}
	d.low[i] = h
	d.shape[i] = sh
	var a [8]uint64
	for k := range 4 {
		if k < nr {
			a[k] = key1(uint64(k+1), pre[k])
		}
	}
	for k := 1; k <= 4 && k <= nr; k++ {
		s := uint64(fnvOffset)
		for j := nr - k; j < nr; j++ {
			s = (s ^ uint64(tail[j%4])) * fnvPrime
		}
		a[3+k] = key1(uint64(k+8), s)
	}
	d.affix[i] = a
}

func (d *doc) lowAt(i int) uint64 {
	if i < 0 || i >= len(d.toks) {
		return none
	}
	return d.low[i]
}

func (d *doc) shapeAt(i int) uint64 {
	if i < 0 || i >= len(d.toks) {
		return none
	}
	return d.shape[i]
}

// features appends the local feature keys of token i.
func (d *doc) features(i int, out []uint32) []uint32 {
	t := d.toks[i]
	ctx := uint64(t.Flags & ctxMask)
	lw := d.low[i]
	out = append(out,
		key32(key1(fBias, 0)),
		key32(key1(fLow, lw)),
		key32(key2(fLowCtx, lw, ctx)),
		key32(key1(fShape, d.shape[i])),
		key32(key1(fCtx, ctx)),
		key32(key1(fLowM1, d.lowAt(i-1))),
		key32(key1(fLowP1, d.lowAt(i+1))),
		key32(key1(fLowM2, d.lowAt(i-2))),
		key32(key1(fLowP2, d.lowAt(i+2))),
		key32(key2(fShapeM1, d.shapeAt(i-1), ctx)),
		key32(key2(fShapeP1, d.shapeAt(i+1), ctx)),
		key32(key1(fShapeM2, d.shapeAt(i-2))),
		key32(key1(fShapeP2, d.shapeAt(i+2))),
		key32(key2(fShape3, d.shapeAt(i-1)*31+d.shape[i], d.shapeAt(i+1))),
		key32(key2(fBiM, d.lowAt(i-1), lw)),
		key32(key2(fBiP, lw, d.lowAt(i+1))),
	)
	if t.Flags&Punct == 0 {
		for k, a := range d.affix[i] {
			if a != 0 {
				out = append(out, key32(key1(fPre+uint64(k/4)*(fSuf-fPre), a)))
			}
		}
	}
	if t.Flags&(Cap|Upper) != 0 {
		seen := uint64(d.lowW[lw])
		out = append(out, key32(key2(fLowElse, seen, ctx)))
	}
	if d.gaz != nil {
		out = d.gazFeatures(i, fGaz, ctx, out)
		if i > 0 {
			out = d.gazFeatures(i-1, fGazM1, 0, out)
		}
		if i+1 < len(d.toks) {
			out = d.gazFeatures(i+1, fGazP1, 0, out)
		}
	}
	return out
}

// gazFeatures appends one feature per gazetteer class matching token i,
// with the token's place in the match and its capitalization.
func (d *doc) gazFeatures(i int, tmpl, ctx uint64, out []uint32) []uint32 {
	g := d.gaz[i*nGaz : i*nGaz+nGaz]
	capBit := uint64(d.toks[i].Flags & (Cap | Upper))
	for c, code := range g {
		if code != 0 {
			out = append(out, key32(key2(tmpl, uint64(c)<<8|uint64(code)<<4|capBit, ctx)))
		}
	}
	return out
}
