package querylang

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Parse reads query text. Text with nothing but white space gives a Query
// with a nil Root. A query that does not parse gives Errors: every
// problem found, not only the first, so that a reader can mend them all
// at once.
func Parse(text string) (*Query, error) {
	p := &parser{toks: lex(text)}
	if p.peek().kind == tEOF {
		return &Query{}, nil
	}
	root := p.parseOr("")
	// Whatever parseOr leaves is a parenthesis closing nothing; the rest
	// is read on, for its own problems.
	for p.peek().kind != tEOF {
		t := p.next()
		if t.kind == tRParen {
			p.fail(t.pos, "closing parenthesis without a matching opening one")
		} else {
			p.fail(t.pos, "unexpected %q", t.text)
		}
		// In "a) OR b", a is still before the OR.
		if op := p.peek(); op.kind == tAnd || op.kind == tOr {
			p.next()
			if !canStart(p.peek()) {
				p.nothingAfter(op, p.peek())
				continue
			}
		}
		p.parseOr("")
	}
	if len(p.errs) > 0 {
		slices.SortStableFunc(p.errs, func(a, b *Error) int { return cmp.Compare(a.Pos, b.Pos) })
		return nil, p.errs
	}
	return &Query{Root: root}, nil
}

// Errors is every problem Parse found in a query, in the order of their
// positions; there is at least one.
type Errors []*Error

// Error returns the problems' messages, each with its position.
func (e Errors) Error() string {
	msgs := make([]string, len(e))
	for i, pe := range e {
		msgs[i] = pe.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap returns the problems, so that errors.As finds the first as an
// *Error.
func (e Errors) Unwrap() []error {
	out := make([]error, len(e))
	for i, pe := range e {
		out[i] = pe
	}
	return out
}

// parser reads tokens into a tree, recording each problem and reading on
// past it: a clause with a problem becomes a nil Node, which the
// operators around it leave out. The tree of a query with problems is
// never returned, so it only has to keep the reading going.
type parser struct {
	toks  []token
	i     int
	depth int
	errs  Errors
	// tooDeep is set once the nesting limit is passed; the rest of the
	// query is skipped, and no problem is recorded after that one, since
	// each parenthesis left open would be a problem of its own.
	tooDeep bool
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

func (p *parser) fail(pos int, format string, args ...any) {
	p.failErr(&Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) failErr(err error) {
	if p.tooDeep {
		return
	}
	var pe *Error
	if !errors.As(err, &pe) {
		pe = &Error{Msg: err.Error()}
	}
	p.errs = append(p.errs, pe)
}

// canStart reports whether t can begin a clause. An error token counts, so
// that the clause parser is the one to report it.
func canStart(t token) bool {
	switch t.kind {
	case tErr, tWord, tPhrase, tField, tLParen, tNot, tMinus, tPlus:
		return true
	}
	return false
}

func opName(t token) string {
	if t.kind == tMinus || t.kind == tPlus {
		return `"` + t.text + `"`
	}
	return t.text
}

// nothingAfter reports an operator that is not followed by a clause.
func (p *parser) nothingAfter(op, next token) {
	switch next.kind {
	case tAnd, tOr:
		p.fail(op.pos, "nothing between %s and %s; put a word between them or remove one", opName(op), opName(next))
		return
	}
	p.fail(op.pos, "nothing after %s; add a word after it or remove it", opName(op))
}

func (p *parser) parseOr(field string) Node {
	clauses := []Node{p.parseAnd(field)}
	for p.peek().kind == tOr {
		op := p.next()
		if !canStart(p.peek()) {
			p.nothingAfter(op, p.peek())
			// "a OR AND b": the AND is named already, and b is read as
			// what follows the OR.
			if p.peek().kind == tAnd {
				p.next()
			}
			if !canStart(p.peek()) {
				continue
			}
		}
		clauses = append(clauses, p.parseAnd(field))
	}
	return makeOr(clauses)
}

func (p *parser) parseAnd(field string) Node {
	for t := p.peek(); t.kind == tAnd || t.kind == tOr; t = p.peek() {
		p.fail(t.pos, "nothing before %s; add a word before it or remove it", t.text)
		p.next()
	}
	if !canStart(p.peek()) {
		// A closing parenthesis or the end: whoever called says what is
		// wrong with that, if anything.
		return nil
	}
	clauses := []Node{p.parseUnary(field)}
	for {
		t := p.peek()
		if t.kind == tAnd {
			p.next()
			if !canStart(p.peek()) {
				p.nothingAfter(t, p.peek())
				continue
			}
		} else if !canStart(t) {
			break
		}
		clauses = append(clauses, p.parseUnary(field))
	}
	return makeAnd(clauses)
}

// enter goes one level deeper, and reports false past MaxDepth, when the
// rest of the query is skipped.
func (p *parser) enter(t token) bool {
	p.depth++
	if p.depth <= MaxDepth {
		return true
	}
	if t.kind == tLParen {
		p.fail(t.pos, "too many nested parentheses; at most %d", MaxDepth)
	} else {
		p.fail(t.pos, "too many NOTs in a row; at most %d", MaxDepth)
	}
	p.tooDeep = true
	p.i = len(p.toks) - 1
	return false
}

func (p *parser) parseUnary(field string) Node {
	t := p.peek()
	switch t.kind {
	case tNot, tMinus, tPlus:
		p.next()
		defer func() { p.depth-- }()
		if !p.enter(t) {
			return nil
		}
		if !canStart(p.peek()) {
			p.nothingAfter(t, p.peek())
			return nil
		}
		x := p.parseUnary(field)
		if x == nil || t.kind == tPlus {
			// Adjacent clauses are all required already, so "+" only
			// confirms what the query means without it.
			return x
		}
		return &Not{X: x, Offset: t.pos}
	}
	return p.parsePrimary(field)
}

// node returns n, or nil after recording err.
func (p *parser) node(n Node, err error) Node {
	if err != nil {
		p.failErr(err)
		return nil
	}
	return n
}

func (p *parser) parsePrimary(field string) Node {
	t := p.next()
	switch t.kind {
	case tErr:
		p.failErr(t.err)
		return nil
	case tLParen:
		defer func() { p.depth-- }()
		if !p.enter(t) {
			return nil
		}
		if p.peek().kind == tRParen {
			p.next()
			p.fail(t.pos, "empty parentheses; put words inside them or remove them")
			return nil
		}
		n := p.parseOr(field)
		if p.peek().kind == tRParen {
			p.next()
		} else {
			p.fail(t.pos, "missing closing parenthesis for the one opened at position %d", t.pos+1)
		}
		return n
	case tField:
		if p.peek().kind == tLParen {
			return p.parsePrimary(t.text)
		}
		v := p.next()
		switch v.kind {
		case tErr:
			p.failErr(v.err)
			return nil
		case tWord:
			return p.node(parseWord(v.text, t.text, t.pos, v.pos))
		case tPhrase:
			return p.node(parsePhrase(v, t.text, t.pos))
		case tRange:
			return p.node(parseRange(v, t.pos))
		}
		p.fail(t.pos, "nothing after %s:", t.text)
		return nil
	case tWord:
		return p.node(parseWord(t.text, field, t.pos, t.pos))
	case tPhrase:
		return p.node(parsePhrase(t, field, t.pos))
	}
	p.fail(t.pos, "unexpected %q", t.text)
	return nil
}

func makeAnd(clauses []Node) Node {
	clauses = slices.DeleteFunc(clauses, func(n Node) bool { return n == nil })
	switch len(clauses) {
	case 0:
		return nil
	case 1:
		return clauses[0]
	}
	var flat []Node
	for _, c := range clauses {
		if a, ok := c.(*And); ok {
			flat = append(flat, a.Clauses...)
		} else {
			flat = append(flat, c)
		}
	}
	return &And{Clauses: flat}
}

func makeOr(clauses []Node) Node {
	clauses = slices.DeleteFunc(clauses, func(n Node) bool { return n == nil })
	switch len(clauses) {
	case 0:
		return nil
	case 1:
		return clauses[0]
	}
	var flat []Node
	for _, c := range clauses {
		if o, ok := c.(*Or); ok {
			flat = append(flat, o.Clauses...)
		} else {
			flat = append(flat, c)
		}
	}
	return &Or{Clauses: flat}
}

// parseBoost reads the number after "^": plain decimal digits, so that
// "inf", "1e3" and "0x10" are refused rather than half understood.
func parseBoost(s string) (float64, bool) {
	digits, dots := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.':
			dots++
		default:
			return 0, false
		}
	}
	if digits == 0 || dots > 1 {
		return 0, false
	}
	b, err := strconv.ParseFloat(s, 64)
	if err != nil || b <= 0 || b > MaxBoost {
		return 0, false
	}
	return b, true
}

func boostError(pos int) error {
	return &Error{Pos: pos, Msg: fmt.Sprintf("a boost must be a number above 0 and at most %d, as in iran^2", MaxBoost)}
}

// defaultFuzziness is the edit distance for "word~": one edit for short
// words, where two would match almost anything, two for longer ones.
func defaultFuzziness(word string) int {
	if utf8.RuneCountInString(word) < 6 {
		return 1
	}
	return 2
}

// parseWord reads a word in field (which may be ""). start is where the
// clause starts, for the node; pos where the word itself starts, for
// errors inside it.
func parseWord(raw, field string, start, pos int) (Node, error) {
	if field == FieldDate {
		return parseDateWord(raw, start, pos)
	}
	if field != "" && (strings.HasPrefix(raw, "[") || strings.HasPrefix(raw, "{")) {
		// Only dates have ranges; without this, title:[a TO b] would
		// quietly search for the words "[a", "TO" and "b]". Checked here
		// rather than after "field:" so that title:({) is refused too: it
		// would otherwise print as title:{, which does not parse.
		return nil, &Error{Pos: pos, Msg: fmt.Sprintf("ranges work only on dates, as in date:[2020-01-01 TO 2020-12-31]; %s: takes words or phrases", field)}
	}
	if len(raw) >= 3 && raw[0] == '/' && raw[len(raw)-1] == '/' {
		// Other search engines read /.../ as a regular expression; here it
		// would quietly match nothing, so say so instead.
		return nil, &Error{Pos: pos, Msg: "regular expressions (/.../) are not supported; use a prefix such as oil* or a fuzzy word such as oil~"}
	}
	w := &Word{Field: field, Offset: start}
	s := raw
	if k := strings.LastIndexByte(s, '^'); k >= 0 {
		b, ok := parseBoost(s[k+1:])
		if !ok {
			return nil, boostError(pos + k)
		}
		w.Boost = b
		s = s[:k]
		if s == "" {
			return nil, &Error{Pos: pos, Msg: "a boost goes right after a word or phrase, as in iran^2"}
		}
	}
	fuzzPos := -1
	if k := strings.LastIndexByte(s, '~'); k >= 0 {
		switch f := s[k+1:]; f {
		case "":
			w.Fuzziness = defaultFuzziness(s[:k])
		case "0", "1", "2":
			w.Fuzziness = int(f[0] - '0')
		default:
			return nil, &Error{Pos: pos + k, Msg: "fuzziness must be 0, 1 or 2, as in iran~1"}
		}
		w.Fuzzy = true
		fuzzPos = pos + k
		s = s[:k]
		if s == "" {
			return nil, &Error{Pos: pos, Msg: "~ goes right after a word, as in iran~"}
		}
	}
	if k := strings.IndexAny(s, "~^"); k >= 0 {
		return nil, &Error{Pos: pos + k, Msg: fmt.Sprintf("%q belongs at the end of a word, as in iran~ or iran^2", string(s[k]))}
	}
	if k := strings.IndexAny(s, "*?"); k >= 0 {
		if k == 0 {
			return nil, &Error{Pos: pos, Msg: fmt.Sprintf("a word cannot start with %q: searching by the end of a word is not supported", string(s[0]))}
		}
		if w.Fuzzy {
			return nil, &Error{Pos: fuzzPos, Msg: "a word cannot be both fuzzy (~) and have wildcards (* or ?)"}
		}
		if utf8.RuneCountInString(s[:k]) < 2 {
			return nil, &Error{Pos: pos, Msg: fmt.Sprintf("prefix too short: write at least 2 letters before %q", string(s[k]))}
		}
		if k == len(s)-1 && s[k] == '*' {
			w.Prefix = true
			s = s[:k]
		} else {
			w.Wildcard = true
		}
	}
	w.Text = s
	return w, nil
}

func parsePhrase(t token, field string, start int) (Node, error) {
	if field == FieldDate {
		return nil, &Error{Pos: t.pos, Msg: "write dates without quotes, as in date:2024-03"}
	}
	if strings.TrimSpace(t.text) == "" {
		return nil, &Error{Pos: t.pos, Msg: "empty phrase; put words between the quotes"}
	}
	ph := &Phrase{Field: field, Text: t.text, Offset: start}
	s := t.suffix
	if k := strings.LastIndexByte(s, '^'); k >= 0 {
		b, ok := parseBoost(s[k+1:])
		if !ok {
			return nil, boostError(t.suffixPos + k)
		}
		ph.Boost = b
		s = s[:k]
	}
	if s == "" {
		return ph, nil
	}
	if s[0] != '~' {
		return nil, &Error{Pos: t.suffixPos, Msg: "put a space after the closing quote"}
	}
	n, err := strconv.Atoi(s[1:])
	if err != nil || n < 0 || n > MaxProximity || strings.ContainsAny(s[1:], "+-") {
		return nil, &Error{Pos: t.suffixPos, Msg: fmt.Sprintf(`proximity must be a whole number from 0 to %d, as in "oil prices"~3`, MaxProximity)}
	}
	ph.Proximity = n
	return ph, nil
}

func dateError(s string, pos int) error {
	return &Error{Pos: pos, Msg: fmt.Sprintf("%q is not a date; write 2024, 2024-03 or 2024-03-15", s)}
}

func emptyRangeError(pos int) error {
	return &Error{Pos: pos, Msg: "this date range is empty: it ends before it starts"}
}

// parseDateWord reads date:2024, date:>=2020-01-01, date:<2021 and the
// like.
func parseDateWord(raw string, start, pos int) (Node, error) {
	r := &DateRange{Offset: start}
	s := raw
	op := ""
	for _, o := range []string{">=", "<=", ">", "<"} {
		if strings.HasPrefix(s, o) {
			op, s = o, s[len(o):]
			break
		}
	}
	d, ok := parseDate(s)
	if !ok {
		return nil, dateError(s, pos+len(op))
	}
	switch op {
	case "":
		r.From, r.To, r.FromInc, r.ToInc = d, d, true, true
	case ">=":
		r.From, r.FromInc = d, true
	case ">":
		r.From = d
	case "<=":
		r.To, r.ToInc = d, true
	case "<":
		r.To = d
	}
	return r, nil
}

// parseRange reads the [from TO to] after date:, where either side may
// be "*" and "{" or "}" leave that side's date out.
func parseRange(t token, start int) (Node, error) {
	var parts []string
	var offs []int
	s := t.text
	for i := 0; i < len(s); {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' {
			j++
		}
		if j > i {
			parts = append(parts, s[i:j])
			offs = append(offs, t.suffixPos+i)
		}
		i = j
	}
	if len(parts) != 3 || !strings.EqualFold(parts[1], "TO") {
		return nil, &Error{Pos: t.pos, Msg: "write a date range as date:[2020-01-01 TO 2020-12-31], with * for an open end"}
	}
	r := &DateRange{Offset: start}
	for i, side := range []int{0, 2} {
		if parts[side] == "*" {
			continue
		}
		d, ok := parseDate(parts[side])
		if !ok {
			return nil, dateError(parts[side], offs[side])
		}
		if i == 0 {
			r.From, r.FromInc = d, t.suffix[0] == '['
		} else {
			r.To, r.ToInc = d, t.suffix[1] == ']'
		}
	}
	if r.From.IsZero() && r.To.IsZero() {
		return nil, &Error{Pos: t.pos, Msg: "give at least one date in the range"}
	}
	if !r.From.IsZero() && !r.To.IsZero() {
		if from, to := r.Bounds(); !from.Before(to) {
			return nil, emptyRangeError(t.pos)
		}
	}
	return r, nil
}

// parseDate reads YYYY, YYYY-MM or YYYY-MM-DD.
func parseDate(s string) (Date, bool) {
	num := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	var d Date
	var ok bool
	switch len(s) {
	case 4, 7, 10:
	default:
		return Date{}, false
	}
	if d.Year, ok = num(s[:4]); !ok || d.Year == 0 {
		return Date{}, false
	}
	if len(s) >= 7 {
		if s[4] != '-' {
			return Date{}, false
		}
		if d.Month, ok = num(s[5:7]); !ok || d.Month < 1 || d.Month > 12 {
			return Date{}, false
		}
	}
	if len(s) == 10 {
		if s[7] != '-' {
			return Date{}, false
		}
		if d.Day, ok = num(s[8:10]); !ok || d.Day < 1 {
			return Date{}, false
		}
		if d.Start().Day() != d.Day { // 2023-02-30 rolls over into March
			return Date{}, false
		}
	}
	return d, true
}
