package extract

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The tagger learned from Reuters copy, where a capital in running text
// is evidence of a name. A Title Case headline ("Stormy Daniels Gets 2
// Years For Defrauding ...") capitalizes every word, and the tagger then
// reads a name into its verbs and nouns. So before tagging, the words of
// a Title Case line that are everyday words lose their capital, unless
// something else says they are a name's: the document writes them
// capitalized in running text, a given name or a lexicon entry starts
// there. The copy has the same bytes but for case, so the spans found in
// it are spans of the text.

// everydayWords holds data/everyday.txt, read on first use.
var everydayWords = sync.OnceValue(func() map[string]bool {
	ws, err := lines("everyday.txt")
	if err != nil {
		panic(err) // embedded: it is there
	}
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
})

// everyday reports whether low, a lower-case word, is an everyday word:
// one the tagger's training text mostly writes in lower case, or one
// that English spells only so (data/everyday.txt).
func (e *Extractor) everyday(low string) bool {
	return e.ner.Everyday(low) || everydayWords()[low]
}

// titleWordsMin is the least number of words a Title Case line has; two
// capitalized words are as often a name as a headline.
const titleWordsMin = 3

// truecase returns text with the Title Case lines brought to sentence
// case, or text itself when it has none.
func (e *Extractor) truecase(text string) string {
	var lines [][2]int
	for ls := 0; ls < len(text); {
		le := strings.IndexByte(text[ls:], '\n')
		if le < 0 {
			le = len(text)
		} else {
			le += ls
		}
		// A headline shares its line with a site's name or a summary after a
		// bar ("Feria | Official Trailer | Netflix"): each part is judged
		// on its own.
		for ps := ls; ps < le; {
			pe := strings.Index(text[ps:le], " | ")
			if pe < 0 {
				pe = le
			} else {
				pe += ps
			}
			if e.titleCase(text[ps:pe]) {
				lines = append(lines, [2]int{ps, pe})
			}
			ps = pe + len(" | ")
		}
		ls = le + 1
	}
	if len(lines) == 0 {
		return text
	}
	named, lower := runningCase(text, lines)
	b := []byte(text)
	for _, l := range lines {
		e.lowerLine(b, text, l[0], l[1], named, lower)
	}
	return string(b)
}

// lowerLine lowers, in b, the first letter of each everyday word of the
// Title Case line text[ls:le] but its first.
func (e *Extractor) lowerLine(b []byte, text string, ls, le int, named, lower map[string]bool) {
	type word struct{ s, e int }
	var ws []word
	for i := ls; i < le; {
		for i < le && (!isWordByte(text[i]) || isQuoteAt(text, i)) {
			if isQuoteAt(text, i) {
				i += 3 // ‘All Lives Matter’
				continue
			}
			i++
		}
		j := i
		for j < le && (isWordByte(text[j]) || text[j] == '\'' && j+1 < le && isWordByte(text[j+1])) {
			j++
		}
		if j > i {
			ws = append(ws, word{i, j})
		}
		i = j
	}
	keep := make([]bool, len(ws))
	// A lexicon name of two or three words keeps its capitals: "White
	// House", "Supreme Court".
	for i := range ws {
		for n := 3; n >= 2; n-- {
			if i+n > len(ws) {
				continue
			}
			if _, ok := e.lx.gaz[text[ws[i].s:ws[i+n-1].e]]; ok {
				for k := i; k < i+n; k++ {
					keep[k] = true
				}
				break
			}
		}
	}
	// The head of an institution's name followed by "of" keeps its
	// capital, and so do the word or two after it: "Department of Wildlife
	// and Fisheries", "University Of Texas".
	wordAt := func(k int) string { return text[ws[k].s:ws[k].e] }
	capAt := func(k int) bool { return k < len(ws) && isUpperByte(text[ws[k].s]) }
	for i := range ws {
		if !institutionHeads[wordAt(i)] || i+2 >= len(ws) || !strings.EqualFold(wordAt(i+1), "of") || !capAt(i+2) {
			continue
		}
		keep[i], keep[i+2] = true, true
		if i+4 < len(ws) && strings.EqualFold(wordAt(i+3), "and") && capAt(i+4) {
			keep[i+4] = true
		}
	}
	for i, w := range ws {
		s := text[w.s:w.e]
		if i == 0 || keep[i] || s[0] < 'A' || s[0] > 'Z' || len(s) == 1 && s != "A" || hasUpperAfterFirst(s) {
			continue
		}
		if named[s] {
			continue // the story's running text writes it so
		}
		if e.lx.given[s] && i+1 < len(ws) && isUpperByte(text[ws[i+1].s]) {
			// "Will Smith". After a given name that starts a name (the word
			// before it is lowered) and is no everyday word nor a place,
			// the surname keeps its capital too: "Chris Rock", but not
			// "Georgia Ban" nor "Oliver Reveals" of "John Oliver Reveals".
			next := text[ws[i+1].s:ws[i+1].e]
			_, place := e.lx.gaz[s]
			prev := text[ws[i-1].s:ws[i-1].e]
			startsName := b[ws[i-1].s] != text[ws[i-1].s] || i == 1 && (titleFunctionWords[strings.ToLower(prev)] || headlineWords[prev])
			if !place && !e.everyday(strings.ToLower(s)) && startsName &&
				!titleFunctionWords[strings.ToLower(next)] && !headlineWords[next] {
				keep[i+1] = true
			}
			continue
		}
		bare := strings.ReplaceAll(s, "’", "'")
		bare = strings.TrimSuffix(strings.TrimRight(bare, "'"), "'s") // Matter’, Trump's
		low := strings.ToLower(bare)
		if !lower[low] && !e.everyday(low) && !headlineWords[bare] && !lowerInHeading[low] && !strings.HasSuffix(low, "n't") {
			continue
		}
		b[w.s] = s[0] + 'a' - 'A'
	}
}

// titleCase reports whether line is written in Title Case: at least
// titleWordsMin words, none in lower case but the little words headings
// leave so, and past the first word a capitalized function word ("For",
// "Is", "His") or an everyday word shaped like a headline's verb, with
// another everyday word ("Japan Earthquake Kills 5") or without numbers
// ("Sanders Endorses Biden"). A name alone ("Michigan National Bank", "New
// York Energy Desk"), a row of a results table ("V. Drakes 52 ; I.
// Austin 4-37") and a line in capitals are not.
func (e *Extractor) titleCase(line string) bool {
	if !hasLowerByte(line) {
		return false
	}
	words, capped, function, everyday, verbs, digits := 0, 0, 0, 0, 0, 0
	for w := range strings.FieldsSeq(line) {
		w = strings.TrimLeft(w, "\"'(‘“")
		w = strings.TrimRight(w, ",.:;!?\"')’”")
		if w == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			if unicode.IsDigit(r) {
				digits++
			}
			continue
		}
		words++
		if !unicode.IsUpper(r) {
			if !lowerInHeading[w] {
				return false
			}
			continue
		}
		capped++
		if words == 1 || len(w) == 1 && w != "A" || hasUpperAfterFirst(w) {
			continue // the first word, an initial, an acronym
		}
		switch low := strings.ToLower(strings.ReplaceAll(w, "’", "'")); {
		case titleFunctionWords[low], strings.HasSuffix(low, "n't"):
			function++
		case e.everyday(low):
			everyday++
			if len(low) > 4 && strings.HasSuffix(low, "ed") || len(low) > 3 && strings.HasSuffix(low, "s") && !strings.HasSuffix(low, "ss") {
				verbs++
			}
		}
	}
	return words >= titleWordsMin && capped >= titleWordsMin && (function > 0 || verbs > 0 && (everyday >= 2 || digits == 0))
}

// institutionHeads end or open the names of institutions.
var institutionHeads = map[string]bool{
	"Department": true, "Ministry": true, "Council": true, "Committee": true, "Commission": true, "Agency": true,
	"Bureau": true, "University": true, "College": true, "Court": true, "Party": true, "Association": true,
	"Institute": true, "Foundation": true, "Authority": true, "Board": true, "Senate": true, "Parliament": true,
}

// titleFunctionWords are words that only Title Case capitalizes inside a
// line: names write "Bank of America", headlines "Bank Of America".
var titleFunctionWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "of": true, "to": true, "for": true,
	"in": true, "on": true, "at": true, "by": true, "with": true, "from": true, "as": true, "is": true, "are": true,
	"was": true, "were": true, "be": true, "into": true, "over": true, "after": true, "about": true, "up": true,
	"out": true, "off": true, "than": true, "not": true, "its": true, "his": true, "her": true, "their": true,
	"it": true, "he": true, "she": true, "they": true, "we": true, "you": true, "your": true, "how": true,
	"why": true, "what": true, "who": true, "will": true, "has": true, "have": true, "this": true, "that": true,
	"amid": true, "says": true,
}

// runningCase returns the words that the text outside the Title Case
// lines writes capitalized away from a sentence start (names, by the
// story's own evidence) and those it writes in lower case.
func runningCase(text string, title [][2]int) (named, lower map[string]bool) {
	named, lower = map[string]bool{}, map[string]bool{}
	next := 0
	start := true
	for i := 0; i < len(text); {
		if next < len(title) && i >= title[next][0] {
			i = title[next][1]
			next++
			start = true
			continue
		}
		c := text[i]
		if !isWordByte(c) {
			switch c {
			case '.', '!', '?', '\n', ':', '"':
				start = true
			}
			i++
			continue
		}
		j := i
		for j < len(text) && isWordByte(text[j]) {
			j++
		}
		switch {
		case c >= 'a' && c <= 'z':
			lower[text[i:j]] = true
		case !start && isUpperByte(c):
			named[text[i:j]] = true
		}
		start = false
		i = j
	}
	return named, lower
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

func isUpperByte(c byte) bool { return c >= 'A' && c <= 'Z' }

// isQuoteAt reports whether a curly quote or a dash, three bytes in UTF-8
// (‘ ’ “ ” – —), starts at text[i].
func isQuoteAt(text string, i int) bool {
	if i+3 > len(text) || text[i] != 0xE2 || text[i+1] != 0x80 {
		return false
	}
	switch text[i+2] {
	case 0x98, 0x99, 0x9C, 0x9D, 0x93, 0x94:
		return true
	}
	return false
}

func hasUpperAfterFirst(w string) bool {
	for i := 1; i < len(w); i++ {
		if isUpperByte(w[i]) {
			return true
		}
	}
	return false
}
