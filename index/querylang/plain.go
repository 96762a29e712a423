package querylang

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// PlainWords returns the words of query text, which need not parse, as a
// query of plain words that does: operators, field names, the markers
// ~ ^ * ? and other punctuation are taken out, and each word is given
// once. It is what a reader whose query does not parse can search
// instead. A word is a run of letters and digits, and keeps an
// apostrophe, dot, hyphen or underscore between two of them (O'Neill,
// U.S, covid-19). With no words, it returns "".
func PlainWords(text string) string {
	var out []string
	seen := map[string]bool{}
	inRange := false
	for _, chunk := range chunks(text) {
		if name, ok := fieldName(chunk); ok {
			if _, known := knownFields[strings.ToLower(name)]; known {
				chunk = chunk[len(name)+1:]
			}
		}
		if strings.HasPrefix(chunk, "[") || strings.HasPrefix(chunk, "{") {
			inRange = true
		}
		// What follows ~ or ^ is a fuzziness, a proximity or a boost.
		text := chunk
		if k := strings.IndexAny(text, "~^"); k >= 0 {
			text = text[:k]
		}
		for _, w := range words(text) {
			if w == "AND" || w == "OR" || w == "NOT" || inRange && w == "TO" || seen[w] {
				continue
			}
			seen[w] = true
			out = append(out, w)
		}
		if strings.HasSuffix(chunk, "]") || strings.HasSuffix(chunk, "}") {
			inRange = false
		}
	}
	return strings.Join(out, " ")
}

// chunks splits text at white space, parentheses and quotes.
func chunks(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || r == '(' || r == ')' || isQuote(r)
	})
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

func isJoiner(r rune) bool {
	return r == '\'' || r == '’' || r == '.' || r == '-' || r == '_'
}

// words returns the words in s, leaving out every other character.
func words(s string) []string {
	var out []string
	start := -1
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0 && isJoiner(r) && followedByWord(s[i+size:]):
		default:
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
		}
		i += size
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func followedByWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && isWordRune(r)
}
