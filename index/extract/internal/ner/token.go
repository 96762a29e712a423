package ner

import (
	"unicode"
	"unicode/utf8"
)

// Token is one word or punctuation mark of a text, as byte offsets.
type Token struct {
	Start, End int32
	Flags      Flags
}

// Flags describe a token's form and place.
type Flags uint16

// Token flags.
const (
	Cap       Flags = 1 << iota // first letter upper case
	Upper                       // has letters and none is lower case
	Punct                       // no letter or digit
	Digit                       // has a digit
	SentStart                   // first word of a sentence or line
	LineStart                   // first token of a line
	UpperLine                   // on a line with letters and no lower-case one
	Dateline                    // in the leading place name of a dateline
)

// abbrevs are words whose trailing period belongs to the word and ends no
// sentence; single initials ("J.", "U.S.") are recognized by form.
var abbrevs = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Gen": true, "Sen": true,
	"Sens": true, "Rep": true, "Reps": true, "Gov": true, "Lt": true, "Col": true,
	"Capt": true, "Sgt": true, "Adm": true, "Maj": true, "Prof": true, "Rev": true,
	"St": true, "Jr": true, "Sr": true, "Inc": true, "Corp": true, "Co": true,
	"Ltd": true, "No": true, "Mt": true, "Ft": true, "vs": true, "Bros": true,
	"Cpl": true, "Pvt": true, "Gov't": true, "Dept": true, "Ave": true,
	"Jan": true, "Feb": true, "Aug": true, "Sept": true, "Oct": true,
	"Nov": true, "Dec": true, "Calif": true, "Fla": true, "Ariz": true,
	"Ill": true, "Mass": true, "Mich": true, "Minn": true, "Tenn": true,
	"Tex": true, "Conn": true, "Colo": true, "Okla": true, "Wash": true,
	"Wis": true, "Ky": true, "Md": true, "Mo": true, "Neb": true, "Nev": true,
	"Penn": true, "Va": true, "vol": true,
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\u00a0' || unicode.IsSpace(r)
}

// Tokenize appends the tokens of text to toks and returns it. Words keep
// inner hyphens, periods, apostrophes and ampersands ("Rolls-Royce",
// "AT&T", "O'Neill", "1,000"); a possessive "'s" is a token of its own.
func Tokenize(text string, toks []Token) []Token {
	first := len(toks)
	lineStart, sentStart := true, true
	lineFirst := first
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isSpace(r) {
			if r == '\n' {
				markLine(text, toks[lineFirst:])
				lineFirst = len(toks)
				lineStart, sentStart = true, true
			}
			i += size
			continue
		}
		start := i
		var f Flags
		if !isWordRune(r) {
			i += size
			if (r == '\'' || r == '’') && i < len(text) && (text[i] == 's' || text[i] == 'S') && !wordAt(text, i+1) {
				i++ // possessive
			} else {
				for (r == '.' || r == '-') && i < len(text) && rune(text[i]) == r {
					i++
				}
				f |= Punct
			}
			if r == '.' || r == '!' || r == '?' || r == ':' {
				sentStart = true
			}
		} else {
			i = wordEnd(text, i+size)
			if w := text[start:i]; i < len(text) && text[i] == '.' && (abbrevs[w] || isInitials(w)) {
				i++
			}
			f |= form(text[start:i])
			if sentStart {
				f |= SentStart
				sentStart = false
			}
		}
		if lineStart {
			f |= LineStart
			lineStart = false
		}
		toks = append(toks, Token{Start: int32(start), End: int32(i), Flags: f})
	}
	markLine(text, toks[lineFirst:])
	return toks
}

// wordEnd returns the end of the word whose remainder starts at i.
func wordEnd(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			i += size
			continue
		}
		switch r {
		case '-', '.', '&', '\'', '’', ',', '/':
			if !wordAt(text, i+size) {
				return i
			}
			if (r == '\'' || r == '’') && (text[i+size] == 's' || text[i+size] == 'S') && !wordAt(text, i+size+1) {
				return i // possessive
			}
			if (r == ',' || r == '/') && !(isDigitByte(text[i-1]) && isDigitByte(text[i+size])) {
				return i
			}
			i += size
			continue
		}
		return i
	}
	return i
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

func wordAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isWordRune(r)
}

func form(w string) Flags {
	var f Flags
	letters, lower := false, false
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			if !letters {
				f |= Cap
			}
			letters = true
		case unicode.IsLetter(r):
			letters, lower = true, true
		case r >= '0' && r <= '9' || unicode.IsDigit(r):
			f |= Digit
		}
	}
	if letters && !lower {
		f |= Upper
	}
	return f
}

// isInitials reports whether w is like "U.S" or "J": single letters
// joined by periods, so a following period belongs to it.
func isInitials(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if i%2 == 0 && !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') || i%2 == 1 && c != '.' {
			return false
		}
	}
	return len(w)%2 == 1
}

// markLine sets UpperLine and Dateline on the tokens of one line.
func markLine(text string, line []Token) {
	letters, lower := false, false
	for _, t := range line {
		if t.Flags&Punct != 0 || !hasLetter(text[t.Start:t.End]) {
			continue
		}
		letters = true
		if t.Flags&Upper == 0 {
			lower = true
			break
		}
	}
	if letters && !lower {
		for k := range line {
			line[k].Flags |= UpperLine
		}
	}
	// A dateline opens with upper-case place words followed by a date or
	// "(Reuters)": "BRUSSELS 1996-08-22", "WASHINGTON, Oct 5".
	n := 0
	for n < len(line) && line[n].Flags&Upper != 0 && line[n].Flags&Digit == 0 {
		n++
	}
	if n == 0 || n > 4 || n == len(line) {
		return
	}
	if c := text[line[n].Start]; line[n].Flags&Digit != 0 || c == '(' || c == ',' {
		for k := range n {
			line[k].Flags |= Dateline
		}
	}
}

func hasLetter(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
