package extract

import (
	"slices"
	"strings"
	"sync"

	"github.com/newsarchive/newsarchive/index/extract/internal/ner"
)

// people maps every way data/people.txt writes a person's name to the
// canonical name: "Bernard Sanders" and "Sanders" to "Bernie Sanders". A
// surname alone is there only where no one else in the list bears it.
var people = sync.OnceValue(func() map[string]string {
	ls, err := lines("people.txt")
	if err != nil {
		panic(err) // embedded: it is there
	}
	m := map[string]string{}
	for _, l := range ls {
		names := strings.Split(l, "|")
		for _, n := range names {
			if _, ok := m[n]; !ok {
				m[n] = names[0]
			}
		}
	}
	return m
})

// maxPersonWords bounds the names knownPeople looks for.
const maxPersonWords = 4

// knownPeople adds to spans, the tagger's, a person span for every name
// of data/people.txt that the tagger did not cover and that stands on its
// own, no capitalized word touching it: "Biden" of "Biden says White
// House will host summit", which a tagger that learned from 1996 news
// does not know, but not "Biden" of "Hunter Biden", nor a surname that is
// also a given name ("Taylor") or an everyday word ("Banks", "King",
// "Strong"), which everyday reports.
func knownPeople(text string, spans []ner.Span, given map[string]bool, everyday func(string) bool) []ner.Span {
	ppl := people()
	var add []ner.Span
	covered := func(s, e int) bool {
		i, _ := slices.BinarySearchFunc(spans, s, func(sp ner.Span, s int) int { return sp.End - s - 1 })
		return i < len(spans) && spans[i].Start < e
	}
	var words [][2]int // the capitalized run being read
	flush := func() {
		// Only a run that is one listed name, whole.
		if len(words) > 0 && len(words) <= maxPersonWords {
			s, e := words[0][0], words[len(words)-1][1]
			if _, ok := ppl[text[s:e]]; ok && !given[text[s:e]] && !covered(s, e) && strings.Count(text[s:e], "\n") == 0 &&
				(len(words) > 1 || !everyday(strings.ToLower(text[s:e]))) {
				add = append(add, ner.Span{Start: s, End: e, Type: ner.PER})
			}
		}
		words = words[:0]
	}
	for i := 0; i < len(text); {
		c := text[i]
		if !isWordByte(c) {
			if c != ' ' && c != '.' || c == '.' && (i+1 >= len(text) || text[i+1] != ' ' || len(words) == 0 || i-words[len(words)-1][0] > 1) {
				flush() // a run goes on over spaces and the dot of an initial
			}
			i++
			continue
		}
		j := i
		for j < len(text) && (isWordByte(text[j]) || text[j] == '-' || text[j] == '\'' && j+1 < len(text) && text[j+1] != 's') {
			j++
		}
		if isUpperByte(c) {
			words = append(words, [2]int{i, j})
		} else {
			flush()
		}
		i = j
	}
	flush()
	if len(add) == 0 {
		return spans
	}
	out := append(slices.Clone(spans), add...)
	slices.SortFunc(out, func(a, b ner.Span) int { return a.Start - b.Start })
	return out
}
