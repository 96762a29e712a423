// Package querylang parses the archive's query language: words, "phrases",
// AND/OR/NOT with parentheses, field:value, fuzzy~, prefix*, boosts^ and
// date ranges. It knows nothing about the search engine; package index
// turns the tree it produces into engine queries.
//
// The grammar, loosest binding first:
//
//	query   = or
//	or      = and { ("OR" | "||") and }
//	and     = unary { ["AND" | "&&"] unary }     adjacent clauses are ANDed
//	unary   = ("NOT" | "-" | "+") unary | primary
//	primary = "(" or ")" | field ":" value | word | phrase
//	value   = "(" or ")" | word | phrase | range
//
// Operators are operators only in upper case, so "war and peace" is three
// words. A colon makes a field only after a known field name; other
// colons ("10:30", "http://...") are part of the word, except that a bare
// letters-only name before a colon ("foo:bar") is reported as an unknown
// field, since it is far more likely a typo than text.
package querylang

import (
	"strconv"
	"strings"
	"time"
)

// Field names, as they appear in canonical query text. Published is
// accepted as an alias of Date and printed as Date.
const (
	FieldTitle     = "title"
	FieldBody      = "body"
	FieldActor     = "actor"
	FieldTopic     = "topic"
	FieldSource    = "source"
	FieldDate      = "date"
	FieldPublished = "published"
)

// Limits that keep one query from costing more than it is worth.
const (
	MaxDepth     = 32   // nesting of parentheses and NOTs
	MaxBoost     = 1000 // largest boost, so boosts print without exponents
	MaxProximity = 100  // largest phrase proximity
)

// Node is one node of a parsed query: *And, *Or, *Not, *Word, *Phrase or
// *DateRange.
type Node interface {
	// Pos is the byte offset in the query text where the node starts.
	Pos() int
	// String is the node in canonical query text.
	String() string
	node()
}

// Query is a parsed query. Root is nil for an empty query.
type Query struct {
	Root Node
}

// String returns the query in canonical form: explicit AND, NOT instead
// of "-", fields pushed down to each word, dates normalized. Parsing it
// again yields the same tree.
func (q *Query) String() string {
	if q == nil || q.Root == nil {
		return ""
	}
	return q.Root.String()
}

// Terms returns the plain words and phrases the query asks for, in order
// and without duplicates, for showing or marking matches to a reader.
// It leaves out anything under a NOT, topics and dates (which are not
// text), and fuzzy, prefix and wildcard words (which do not match their
// own spelling).
func (q *Query) Terms() []string {
	if q == nil || q.Root == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	var walk func(Node)
	walk = func(n Node) {
		switch n := n.(type) {
		case *And:
			for _, c := range n.Clauses {
				walk(c)
			}
		case *Or:
			for _, c := range n.Clauses {
				walk(c)
			}
		case *Word:
			if n.Field != FieldTopic && !n.Fuzzy && !n.Prefix && !n.Wildcard {
				add(n.Text)
			}
		case *Phrase:
			if n.Field != FieldTopic {
				add(strings.Join(strings.Fields(n.Text), " "))
			}
		}
	}
	walk(q.Root)
	return out
}

// And matches what all its clauses match. It has at least two clauses,
// none of them an *And.
type And struct {
	Clauses []Node
}

// Or matches what any of its clauses matches. It has at least two
// clauses, none of them an *Or.
type Or struct {
	Clauses []Node
}

// Not matches what X does not. Both "NOT x" and "-x" parse to it.
type Not struct {
	X      Node
	Offset int
}

// Word is one word, possibly qualified by a field and modified by a
// fuzzy, prefix or wildcard marker and a boost.
type Word struct {
	Field string // "" searches the default fields
	// Text is the word as written, without its markers; for a wildcard
	// word it keeps the * and ? it contains.
	Text      string
	Fuzzy     bool
	Fuzziness int     // 0..2; meaningful when Fuzzy
	Prefix    bool    // written text*
	Wildcard  bool    // Text holds * or ? past its first two characters
	Boost     float64 // 0 means none
	Offset    int
}

// Phrase is a run of words that must appear together.
type Phrase struct {
	Field string
	Text  string
	// Proximity is how far apart the words may be (written "..."~3);
	// 0 asks for the exact phrase.
	Proximity int
	Boost     float64
	Offset    int
}

// DateRange bounds the published date. A zero Date leaves that side open;
// the inclusive flags are false on an open side. An inclusive bound takes
// in the whole period its date names, so date:2024 is From 2024 and To
// 2024, both inclusive.
type DateRange struct {
	From, To       Date
	FromInc, ToInc bool
	Offset         int
}

// Date is a year, a month or a day, as written in a query. Month and Day
// are 0 when not given.
type Date struct {
	Year, Month, Day int
}

func (n *And) node()       {}
func (n *Or) node()        {}
func (n *Not) node()       {}
func (n *Word) node()      {}
func (n *Phrase) node()    {}
func (n *DateRange) node() {}

// Pos returns the offset of the first clause.
func (n *And) Pos() int { return n.Clauses[0].Pos() }

// Pos returns the offset of the first clause.
func (n *Or) Pos() int { return n.Clauses[0].Pos() }

// Pos returns the offset of the NOT or "-".
func (n *Not) Pos() int { return n.Offset }

// Pos returns the offset of the word or its field.
func (n *Word) Pos() int { return n.Offset }

// Pos returns the offset of the opening quote or the field.
func (n *Phrase) Pos() int { return n.Offset }

// Pos returns the offset of the field.
func (n *DateRange) Pos() int { return n.Offset }

// String returns the clauses joined by AND, an OR clause in parentheses.
func (n *And) String() string {
	parts := make([]string, len(n.Clauses))
	for i, c := range n.Clauses {
		if _, ok := c.(*Or); ok {
			parts[i] = "(" + c.String() + ")"
		} else {
			parts[i] = c.String()
		}
	}
	return strings.Join(parts, " AND ")
}

// String returns the clauses joined by OR.
func (n *Or) String() string {
	parts := make([]string, len(n.Clauses))
	for i, c := range n.Clauses {
		parts[i] = c.String()
	}
	return strings.Join(parts, " OR ")
}

// String returns NOT and its clause, in parentheses when that is an AND or OR.
func (n *Not) String() string {
	switch n.X.(type) {
	case *And, *Or:
		return "NOT (" + n.X.String() + ")"
	}
	return "NOT " + n.X.String()
}

func fieldPrefix(f string) string {
	if f == "" {
		return ""
	}
	return f + ":"
}

func formatBoost(b float64) string {
	if b == 0 {
		return ""
	}
	return "^" + strconv.FormatFloat(b, 'f', -1, 64)
}

// String returns the word with its field and markers.
func (n *Word) String() string {
	var b strings.Builder
	b.WriteString(fieldPrefix(n.Field))
	b.WriteString(n.Text)
	if n.Prefix {
		b.WriteByte('*')
	}
	if n.Fuzzy {
		b.WriteByte('~')
		b.WriteString(strconv.Itoa(n.Fuzziness))
	}
	b.WriteString(formatBoost(n.Boost))
	return b.String()
}

// String returns the quoted phrase with its field, proximity and boost.
func (n *Phrase) String() string {
	var b strings.Builder
	b.WriteString(fieldPrefix(n.Field))
	b.WriteByte('"')
	b.WriteString(n.Text)
	b.WriteByte('"')
	if n.Proximity > 0 {
		b.WriteByte('~')
		b.WriteString(strconv.Itoa(n.Proximity))
	}
	b.WriteString(formatBoost(n.Boost))
	return b.String()
}

// String returns the range in its shortest form: date:2024, date:>=2020-01 or date:[2020 TO 2022].
func (n *DateRange) String() string {
	p := FieldDate + ":"
	switch {
	case n.From.IsZero():
		if n.ToInc {
			return p + "<=" + n.To.String()
		}
		return p + "<" + n.To.String()
	case n.To.IsZero():
		if n.FromInc {
			return p + ">=" + n.From.String()
		}
		return p + ">" + n.From.String()
	case n.From == n.To && n.FromInc && n.ToInc:
		return p + n.From.String()
	}
	open, closing := "[", "]"
	if !n.FromInc {
		open = "{"
	}
	if !n.ToInc {
		closing = "}"
	}
	return p + open + n.From.String() + " TO " + n.To.String() + closing
}

// Bounds returns the instants the range covers: start inclusive, end
// exclusive, a zero time for an open side.
func (n *DateRange) Bounds() (start, end time.Time) {
	if !n.From.IsZero() {
		if n.FromInc {
			start = n.From.Start()
		} else {
			start = n.From.End()
		}
	}
	if !n.To.IsZero() {
		if n.ToInc {
			end = n.To.End()
		} else {
			end = n.To.Start()
		}
	}
	return start, end
}

// IsZero reports whether d is the zero Date, which stands for an open
// side of a range.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as written: 2024, 2024-03 or 2024-03-15.
func (d Date) String() string {
	s := pad(d.Year, 4)
	if d.Month > 0 {
		s += "-" + pad(d.Month, 2)
	}
	if d.Day > 0 {
		s += "-" + pad(d.Day, 2)
	}
	return s
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// Start returns the first instant of the period d names, in UTC.
func (d Date) Start() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// End returns the first instant after the period d names, in UTC.
func (d Date) End() time.Time {
	s := d.Start()
	switch {
	case d.Day > 0:
		return s.AddDate(0, 0, 1)
	case d.Month > 0:
		return s.AddDate(0, 1, 0)
	}
	return s.AddDate(1, 0, 0)
}
