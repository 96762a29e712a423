package extract

import (
	"unicode"
	"unicode/utf8"
)

// token is one word of the text. Possessive "'s" is never part of it.
type token struct {
	start, end int
	cap        bool // first letter upper case
	upper      bool // has letters and none is lower case
	sentStart  bool // first word of a sentence or line
	lineStart  bool
	joined     bool // separated from the previous token by exactly one space
	quoteOpen  bool // directly preceded by a quotation mark
	quoteClose bool // directly followed by a quotation mark
}

// abbrevs are words whose trailing period is part of the word and does
// not end a sentence.
var abbrevs = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Gen": true, "Sen": true,
	"Sens": true, "Rep": true, "Reps": true, "Gov": true, "Lt": true, "Col": true,
	"Capt": true, "Sgt": true, "Adm": true, "Maj": true, "Prof": true, "Rev": true,
	"St": true, "Jr": true, "Sr": true, "Inc": true, "Corp": true, "Co": true,
	"Ltd": true, "No": true, "Mt": true, "Ft": true, "vs": true,
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isQuote(r rune) bool {
	return r == '"' || r == '\'' || r == '“' || r == '”' || r == '‘' || r == '’' || r == '«' || r == '»'
}

// tokenize appends the words of text to toks and returns it.
func tokenize(text string, toks []token) []token {
	lineStart, sentStart := true, true
	prevEnd := -1
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			switch {
			case r == '\n':
				lineStart, sentStart = true, true
			case r == '.' || r == '!' || r == '?' || r == ':' || r == ';':
				sentStart = true
			}
			i += size
			continue
		}
		start := i
		i += size
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			if isWordRune(r) {
				i += size
				continue
			}
			if r == '-' || r == '.' || r == '&' || r == '\'' || r == '’' {
				next, nsize := utf8.DecodeRuneInString(text[i+size:])
				if i+size < len(text) && isWordRune(next) {
					// Possessive 's ends the word.
					if (r == '\'' || r == '’') && (next == 's' || next == 'S') {
						after := i + size + nsize
						if after >= len(text) {
							break
						}
						if a, _ := utf8.DecodeRuneInString(text[after:]); !isWordRune(a) {
							break
						}
					}
					i += size
					continue
				}
			}
			break
		}
		end := i
		word := text[start:end]
		// The period of "U.S." or "Mr." belongs to the word and ends no
		// sentence.
		if end < len(text) && text[end] == '.' && (abbrevs[word] || isInitials(word)) {
			end++
			i++
		}
		first, _ := utf8.DecodeRuneInString(word)
		t := token{
			start:     start,
			end:       end,
			cap:       unicode.IsUpper(first),
			upper:     isUpperWord(word),
			sentStart: sentStart,
			lineStart: lineStart,
			joined:    prevEnd >= 0 && start == prevEnd+1 && text[prevEnd] == ' ',
		}
		if start > 0 {
			r, _ := utf8.DecodeLastRuneInString(text[:start])
			t.quoteOpen = isQuote(r)
		}
		if end < len(text) {
			r, _ := utf8.DecodeRuneInString(text[end:])
			t.quoteClose = isQuote(r)
			if r == '\'' || r == '’' {
				n, _ := utf8.DecodeRuneInString(text[end+utf8.RuneLen(r):])
				t.quoteClose = n != 's' && n != 'S'
			}
		}
		toks = append(toks, t)
		lineStart, sentStart = false, false
		prevEnd = end
	}
	return toks
}

// isInitials reports whether w is like "U.S" or "J": single letters
// joined by periods, so a following period belongs to it.
func isInitials(w string) bool {
	if len(w) == 1 {
		return w[0] >= 'A' && w[0] <= 'Z'
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if i%2 == 0 && !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') || i%2 == 1 && c != '.' {
			return false
		}
	}
	return true
}

func isUpperWord(w string) bool {
	letters := false
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters = true
		}
	}
	return letters
}
