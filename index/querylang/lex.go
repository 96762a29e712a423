package querylang

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error is a query the parser cannot read. Pos is the byte offset of the
// problem in the query text.
type Error struct {
	Pos int
	Msg string
}

// Error returns the message with its 1-based position, as people count.
func (e *Error) Error() string {
	return fmt.Sprintf("at position %d: %s", e.Pos+1, e.Msg)
}

type kind int

const (
	tEOF kind = iota
	tErr
	tWord
	tPhrase
	tField
	tRange
	tLParen
	tRParen
	tAnd
	tOr
	tNot
	tMinus
	tPlus
)

type token struct {
	kind kind
	pos  int
	text string // word as written, phrase or range content, field name
	// For a phrase, what directly follows the closing quote (~3, ^2);
	// for a range, the opening and closing brackets.
	suffix    string
	suffixPos int
	err       *Error
}

var knownFields = map[string]string{
	FieldTitle:     FieldTitle,
	FieldBody:      FieldBody,
	FieldActor:     FieldActor,
	FieldTopic:     FieldTopic,
	FieldSource:    FieldSource,
	FieldDate:      FieldDate,
	FieldPublished: FieldDate,
}

const fieldList = "title, body, actor, topic, source or date"

// isQuote reports whether r opens or closes a phrase. Typographic quotes
// count because queries are often pasted from articles and word
// processors; any of them closes a phrase any of them opened.
func isQuote(r rune) bool {
	return r == '"' || r == '“' || r == '”' || r == '„'
}

// wordEnd returns the offset where the word starting at i ends.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) || r == '(' || r == ')' || isQuote(r) {
			break
		}
		i += size
	}
	return i
}

func errTok(pos int, format string, args ...any) token {
	return token{kind: tErr, pos: pos, err: &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}}
}

// lex splits s into tokens, ending with tEOF. A problem becomes a tErr
// token and lexing goes on after it, so that the parser can report every
// problem in the query, not only the first.
func lex(s string) []token {
	var toks []token
	i := 0
	field := "" // set right after a field name and its colon
	fieldPos := 0
	for {
		if field != "" {
			t, next := lexValue(s, i, field, fieldPos)
			field = ""
			if t.kind != tLParen {
				toks = append(toks, t)
				i = next
				continue
			}
		}
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsSpace(r) {
				break
			}
			i += size
		}
		if i >= len(s) {
			return append(toks, token{kind: tEOF, pos: i})
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '(':
			toks = append(toks, token{kind: tLParen, pos: i, text: "("})
			i++
		case r == ')':
			toks = append(toks, token{kind: tRParen, pos: i, text: ")"})
			i++
		case isQuote(r):
			t, next := lexPhrase(s, i, size)
			toks = append(toks, t)
			i = next
		case strings.HasPrefix(s[i:], "&&"):
			toks = append(toks, token{kind: tAnd, pos: i, text: "&&"})
			i += 2
		case strings.HasPrefix(s[i:], "||"):
			toks = append(toks, token{kind: tOr, pos: i, text: "||"})
			i += 2
		case r == '-' || r == '+':
			if wordEnd(s, i+1) == i+1 && (i+1 >= len(s) || s[i+1] != '(' && !startsQuote(s[i+1:])) {
				toks = append(toks, errTok(i, "nothing after \"%c\"; write it right before a word, as in %ciran", r, r))
				i++
				continue
			}
			k := tMinus
			if r == '+' {
				k = tPlus
			}
			toks = append(toks, token{kind: k, pos: i, text: string(r)})
			i++
		default:
			end := wordEnd(s, i)
			w := s[i:end]
			switch w {
			case "AND":
				toks = append(toks, token{kind: tAnd, pos: i, text: w})
				i = end
				continue
			case "OR":
				toks = append(toks, token{kind: tOr, pos: i, text: w})
				i = end
				continue
			case "NOT":
				toks = append(toks, token{kind: tNot, pos: i, text: w})
				i = end
				continue
			}
			if name, ok := fieldName(w); ok {
				canon, known := knownFields[strings.ToLower(name)]
				if !known {
					// The value after the colon is read as words.
					toks = append(toks, errTok(i, "unknown field %q; the fields are %s", name, fieldList))
					i += len(name) + 1
					continue
				}
				toks = append(toks, token{kind: tField, pos: i, text: canon})
				field, fieldPos = canon, i
				i += len(name) + 1
				continue
			}
			toks = append(toks, token{kind: tWord, pos: i, text: w})
			i = end
		}
	}
}

func startsQuote(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isQuote(r)
}

// fieldName returns the letters before a colon at the start of w, when
// they look like a field name. A known name always makes a field; an
// unknown one followed by "/" does not, so URLs stay words.
func fieldName(w string) (string, bool) {
	k := 0
	for k < len(w) && (w[k] >= 'a' && w[k] <= 'z' || w[k] >= 'A' && w[k] <= 'Z') {
		k++
	}
	if k == 0 || k >= len(w) || w[k] != ':' {
		return "", false
	}
	name := w[:k]
	if _, known := knownFields[strings.ToLower(name)]; !known && strings.HasPrefix(w[k+1:], "/") {
		return "", false
	}
	return name, true
}

// lexValue lexes what follows "field:". A word here is taken as written,
// so title:AND searches titles for "and" and title:10:30 for "10:30".
func lexValue(s string, i int, field string, fieldPos int) (token, int) {
	if i >= len(s) || s[i] == ')' {
		return errTok(fieldPos, "nothing after %s:; write the value right after it, as in %s", field, example(field)), i
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	switch {
	case unicode.IsSpace(r):
		return errTok(fieldPos, "space after %s:; write the value right after it, as in %s", field, example(field)), i
	case r == '(':
		return token{kind: tLParen, pos: i}, i
	case isQuote(r):
		return lexPhrase(s, i, size)
	case field == FieldDate && (r == '[' || r == '{'):
		return lexRange(s, i)
	}
	end := wordEnd(s, i)
	return token{kind: tWord, pos: i, text: s[i:end]}, end
}

func example(field string) string {
	switch field {
	case FieldDate:
		return "date:2024-03"
	case FieldTopic:
		return "topic:politics"
	case FieldActor:
		return "actor:netanyahu"
	}
	return field + ":iran"
}

func lexPhrase(s string, i, size int) (token, int) {
	j := i + size
	for j < len(s) {
		r, sz := utf8.DecodeRuneInString(s[j:])
		if isQuote(r) {
			end := wordEnd(s, j+sz)
			return token{kind: tPhrase, pos: i, text: s[i+size : j], suffix: s[j+sz : end], suffixPos: j + sz}, end
		}
		j += sz
	}
	return errTok(i, "missing closing quote for the phrase that starts at position %d", i+1), len(s)
}

func lexRange(s string, i int) (token, int) {
	j := strings.IndexAny(s[i+1:], "]}")
	if j < 0 {
		return errTok(i, "missing closing ] for the date range that starts at position %d", i+1), len(s)
	}
	j += i + 1
	return token{kind: tRange, pos: i, text: s[i+1 : j], suffix: s[i:i+1] + s[j:j+1], suffixPos: i + 1}, j + 1
}
