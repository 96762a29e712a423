// Package topicmodel is topic classification: the text features, a
// multinomial logistic regression over them, the calibration that turns
// its scores into per-topic probabilities and the thresholds from which a
// topic is given, the model's file format, the trainer, the
// cross-validation that fits and checks the calibration, and readers for
// the labelled corpora it learns from.
package topicmodel

import (
	"math"
	"slices"
	"unicode"
	"unicode/utf8"
)

// FNV-1a, 32 bits: features are stored as hashes so the model carries no
// strings, and a bigram's hash continues from its first word's.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// Vector is a sparse feature vector, sorted by hash with no repeats, of
// Euclidean length at most 1.
type Vector struct {
	Hash []uint32
	Val  []float32
}

// Tokens splits text into the lower-case words the features are made of,
// calling fn for each with its line number (0 is the title line) and
// whether it continues a phrase from the previous word. Digits all become
// 0, so "2005" and "2021" are the same word: years and figures name an era
// or a story, not a topic. A possessive "'s" is dropped and other
// apostrophes are removed ("don't" is "dont").
func Tokens(text string, fn func(word []byte, line int, joined bool)) {
	buf := make([]byte, 0, 32)
	line := 0
	joined := false // the next word continues a phrase
	flush := func() {
		if len(buf) > 0 {
			fn(buf, line, joined)
			buf = buf[:0]
			joined = true
		}
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case r >= 'a' && r <= 'z':
			buf = append(buf, byte(r))
		case r >= 'A' && r <= 'Z':
			buf = append(buf, byte(r)+'a'-'A')
		case r >= '0' && r <= '9':
			buf = append(buf, '0')
		case r == '\'' || r == '\u2019':
			if len(buf) > 0 && i+size < len(text) && isLetterAt(text, i+size) {
				if (text[i+size] == 's' || text[i+size] == 'S') && !isLetterAt(text, i+size+1) {
					flush()
					i += size + 1
					continue
				}
				break // elided apostrophe: the word goes on
			}
			flush() // a quotation mark: it bounds a phrase
			joined = false
		case r == ' ' || r == '\t' || r == '\r' || r == '-' || r == '\u00a0':
			flush()
		case r == '\n':
			flush()
			line++
			joined = false
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		case r >= utf8.RuneSelf && unicode.IsDigit(r):
			buf = append(buf, '0')
		default:
			// Punctuation ends a phrase: no bigram spans a comma or a
			// sentence end.
			flush()
			joined = false
		}
		i += size
	}
	flush()
}

func isLetterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

func hashBytes(h uint32, b []byte) uint32 {
	for _, c := range b {
		h ^= uint32(c)
		h *= fnvPrime
	}
	return h
}

// WordHash is the feature hash of a single word.
func WordHash(w string) uint32 { return hashBytes(fnvOffset, []byte(w)) }

// BigramHash is the feature hash of two adjacent words.
func BigramHash(a, b string) uint32 {
	h := hashBytes(fnvOffset, []byte(a))
	h = (h ^ ' ') * fnvPrime
	return hashBytes(h, []byte(b))
}

// stemOffset starts a stem's hash, so the stem "poli" and the word "poli"
// are different features.
const stemOffset = fnvOffset ^ 0x5f5f5f5f

// Features returns the feature vector of text: every word, the first
// p.StemLen letters of every longer word, and every pair of adjacent words
// within a phrase, each weighted log(1+count), with the
// title line's words counting p.TitleWeight times, divided by the larger
// of its Euclidean length and p.FullLength. The logarithm and the division
// let a three-line headline and a thousand-word article be read by the
// same weights; the floor on the divisor keeps a text of a few words from
// weighing as much as a whole headline and standfirst, so that the less a
// text says, the closer its probabilities stay to the base rates. The
// stems let "elected", "election" and "electoral" share what each has
// learned, which matters for headlines, where a topic may rest on one
// word the training data saw in another form.
func Features(text string, p Params) Vector {
	// Each occurrence is a key: the hash above one bit that says whether
	// it is in the title. Sorting plain integers keeps this fast, and the
	// sorted keys group each feature's occurrences together.
	keys := make([]uint64, 0, len(text)/2)
	var prev uint32
	Tokens(text, func(word []byte, line int, joined bool) {
		var title uint64
		if line == 0 {
			title = 1
		}
		h := hashBytes(fnvOffset, word)
		keys = append(keys, uint64(h)<<1|title)
		if n := p.StemLen; n > 0 && len(word) > n {
			keys = append(keys, uint64(hashBytes(stemOffset, word[:n]))<<1|title)
		}
		if joined {
			b := (prev ^ ' ') * fnvPrime
			keys = append(keys, uint64(hashBytes(b, word))<<1|title)
		}
		prev = h
	})
	slices.Sort(keys)
	var v Vector
	var norm float64
	for i := 0; i < len(keys); {
		h := uint32(keys[i] >> 1)
		j, tf := i, float32(0)
		for ; j < len(keys) && uint32(keys[j]>>1) == h; j++ {
			if keys[j]&1 == 1 {
				tf += p.TitleWeight
			} else {
				tf++
			}
		}
		x := float32(math.Log1p(float64(tf)))
		v.Hash = append(v.Hash, h)
		v.Val = append(v.Val, x)
		norm += float64(x) * float64(x)
		i = j
	}
	if norm > 0 {
		inv := float32(1 / max(math.Sqrt(norm), float64(p.FullLength)))
		for i := range v.Val {
			v.Val[i] *= inv
		}
	}
	return v
}
