package extract

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Topic selection: a topic is kept if it scores at least topicRatio of the
// best one, and at most maxTopics are returned.
const (
	topicRatio  = 0.5
	maxTopics   = 3
	titleWeight = 2 // words of the first line count double: titles name the subject
)

// Topics returns one to three IPTC topic slugs for text, most relevant
// first, or none when no topic keyword occurs at all.
func (e *Extractor) Topics(text string) []string {
	var scores [len(topicSlugs)]float32
	buf := make([]byte, 0, 64)
	weight := float32(titleWeight)
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
					e.score(buf, &scores, weight) // possessive: score the bare word
					buf = buf[:0]
					i += 2
					continue
				}
				buf = append(buf, c)
			default:
				e.score(buf, &scores, weight)
				buf = buf[:0]
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
			e.score(buf, &scores, weight)
			buf = buf[:0]
		}
		i += size
	}
	e.score(buf, &scores, weight)

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
	if top <= 0 {
		return nil
	}
	var out []string
	for _, t := range order[:maxTopics] {
		if scores[t] < topicRatio*top {
			break
		}
		out = append(out, topicSlugs[t])
	}
	return out
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
