package extract

import (
	"math"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/index/extract/internal/topicmodel"
)

// At most maxTopics are returned; keyword hits in the first line count
// titleWeight times, because titles name the subject.
const (
	maxTopics   = 3
	titleWeight = 2
)

// Topics returns one to three IPTC topic slugs for text, most relevant
// first, or none when text has no words.
//
// Each topic's score is the topic model's log probability plus keyword
// evidence, LexWeight*log(1+keyword score). The model knows the topics its
// training corpora label; the others (conflict, disaster, labour, weather)
// start Floor below the model's favourite, since a war story was labelled
// politics and a flood story news in training, and rise on keywords alone.
// The keywords also rescue a labelled topic the model has seen too little
// of. Topics within Margin of the best follow it.
func (e *Extractor) Topics(text string) []string {
	lex, words := e.keywordScores(text)
	if words == 0 {
		return nil
	}
	tc := e.topics
	m := tc.m
	var lp [len(topicSlugs)]float32
	m.LogProbs(topicmodel.Features(text, m.TitleWeight), lp[:len(m.Classes)])
	var scores [len(topicSlugs)]float32
	for i := range scores {
		scores[i] = slices.Max(lp[:len(m.Classes)]) + m.Floor
	}
	for c, slot := range tc.slot {
		scores[slot] = lp[c]
	}
	for i := range scores {
		scores[i] += m.LexWeight * float32(math.Log1p(float64(lex[i])))
	}

	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case scores[a] > scores[b]:
			return -1
		case scores[a] < scores[b]:
			return 1
		}
		return 0
	})
	top := scores[order[0]]
	out := []string{topicSlugs[order[0]]}
	for _, t := range order[1:maxTopics] {
		if scores[t] < top-m.Margin {
			break
		}
		out = append(out, topicSlugs[t])
	}
	return out
}

// keywordScores sums the weights of the topic keywords in text, title
// words counting titleWeight times, and counts the words.
func (e *Extractor) keywordScores(text string) (scores [len(topicSlugs)]float32, words int) {
	buf := make([]byte, 0, 64)
	weight := float32(titleWeight)
	flush := func() {
		if len(buf) > 0 {
			words++
			e.score(buf, &scores, weight)
			buf = buf[:0]
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				buf = append(buf, c)
			case c >= 'A' && c <= 'Z':
				buf = append(buf, c+'a'-'A')
			case (c == '-' || c == '\'') && len(buf) > 0 && i+1 < len(text) && isASCIILetter(text[i+1]):
				if c == '\'' && (text[i+1] == 's' || text[i+1] == 'S') {
					flush() // possessive: score the bare word
					i += 2
					continue
				}
				buf = append(buf, c)
			default:
				flush()
				if c == '\n' {
					weight = 1
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		} else {
			flush()
		}
		i += size
	}
	flush()
	return scores, words
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// score adds the weights of one lower-case word: an exact keyword, or else
// the longest stem it starts with.
func (e *Extractor) score(w []byte, scores *[len(topicSlugs)]float32, weight float32) {
	if len(w) < 2 {
		return
	}
	if tws, ok := e.lx.topicWord[string(w)]; ok {
		for _, tw := range tws {
			scores[tw.topic] += tw.weight * weight
		}
		return
	}
	if len(w) < 3 || !e.lx.stemHead[string(w[:3])] {
		return
	}
	for k := min(len(w), e.lx.stemMax); k >= 3; k-- {
		if tws, ok := e.lx.topicStem[string(w[:k])]; ok {
			for _, tw := range tws {
				scores[tw.topic] += tw.weight * weight
			}
			return
		}
	}
}
