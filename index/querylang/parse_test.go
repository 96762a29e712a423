package querylang

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// dump shows a tree's structure unambiguously: operators as
// S-expressions, leaves in their canonical text.
func dump(n Node) string {
	switch n := n.(type) {
	case nil:
		return "<empty>"
	case *And:
		return "(and " + dumpAll(n.Clauses) + ")"
	case *Or:
		return "(or " + dumpAll(n.Clauses) + ")"
	case *Not:
		return "(not " + dump(n.X) + ")"
	}
	return n.String()
}

func dumpAll(ns []Node) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = dump(n)
	}
	return strings.Join(parts, " ")
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		// words and implicit AND
		{"", "<empty>"},
		{"  \t\n ", "<empty>"},
		{"iran", "iran"},
		{"iran israel", "(and iran israel)"},
		{"iran israel gaza", "(and iran israel gaza)"},
		{"Iran", "Iran"},
		{"covid-19", "covid-19"},
		{"  iran  ", "iran"},
		// operators must be upper case
		{"war and peace", "(and war and peace)"},
		{"iran or iraq", "(and iran or iraq)"},
		{"not iran", "(and not iran)"},
		{"iran AND israel", "(and iran israel)"},
		{"iran && israel", "(and iran israel)"},
		{"iran OR iraq", "(or iran iraq)"},
		{"iran || iraq", "(or iran iraq)"},
		{"iran||iraq", "iran||iraq"},
		{"NOT iran", "(not iran)"},
		{"ANDROID ORACLE NOTE", "(and ANDROID ORACLE NOTE)"},
		// precedence: NOT > AND > OR
		{"a OR b AND c", "(or a (and b c))"},
		{"a AND b OR c", "(or (and a b) c)"},
		{"a b OR c d", "(or (and a b) (and c d))"},
		{"a OR b OR c", "(or a b c)"},
		{"NOT a b", "(and (not a) b)"},
		{"a NOT b", "(and a (not b))"},
		{"a OR NOT b", "(or a (not b))"},
		{"NOT a OR b", "(or (not a) b)"},
		{"NOT NOT a", "(not (not a))"},
		// grouping
		{"(a OR b) c", "(and (or a b) c)"},
		{"a (b OR c)", "(and a (or b c))"},
		{"(a b) c", "(and a b c)"},
		{"(a OR b) OR c", "(or a b c)"},
		{"((a))", "a"},
		{"NOT (a OR b)", "(not (or a b))"},
		{"(a OR (b AND (c OR d)))", "(or a (and b (or c d)))"},
		{"(iran)israel", "(and iran israel)"},
		{strings.Repeat("(", 32) + "x" + strings.Repeat(")", 32), "x"},
		// + and -
		{"-iran", "(not iran)"},
		{"+iran", "iran"},
		{"+iran -israel", "(and iran (not israel))"},
		{"-(a OR b)", "(not (or a b))"},
		{`-"oil prices"`, `(not "oil prices")`},
		{"-title:iran", "(not title:iran)"},
		{"a-b", "a-b"},
		// phrases
		{`"oil prices"`, `"oil prices"`},
		{`“oil prices”`, `"oil prices"`},
		{`„oil prices“`, `"oil prices"`},
		{`"oil prices"~3`, `"oil prices"~3`},
		{`"oil prices"~0`, `"oil prices"`},
		{`"oil prices"^2`, `"oil prices"^2`},
		{`"oil prices"~3^1.5`, `"oil prices"~3^1.5`},
		{`"a (b) c:d"`, `"a (b) c:d"`},
		{`"a""b"`, `(and "a" "b")`},
		{`"AND"`, `"AND"`},
		// fields
		{"title:iran", "title:iran"},
		{"TITLE:iran", "title:iran"},
		{"body:iran", "body:iran"},
		{"actor:netanyahu", "actor:netanyahu"},
		{"topic:politics", "topic:politics"},
		{"source:reuters", "source:reuters"},
		{`actor:"Joe Biden"`, `actor:"Joe Biden"`},
		{"title:(a OR b)", "(or title:a title:b)"},
		{"title:(a -b)", "(and title:a (not title:b))"},
		{"title:(a body:b)", "(and title:a body:b)"},
		{"title:AND", "title:AND"},
		{"title:10:30", "title:10:30"},
		{"10:30", "10:30"},
		{"http://example.com/a", "http://example.com/a"},
		{"title:a)", "<error>"},
		// fuzzy, prefix, wildcard, boost
		{"iran~", "iran~1"},
		{"israeli~", "israeli~2"},
		{"iran~0", "iran~0"},
		{"iran~2", "iran~2"},
		{"iran*", "iran*"},
		{"ir*", "ir*"},
		{"ir?n", "ir?n"},
		{"ira*n", "ira*n"},
		{"ira**", "ira**"},
		{"iran^2", "iran^2"},
		{"iran^0.5", "iran^0.5"},
		{"iran^2.", "iran^2"},
		{"iran~1^3", "iran~1^3"},
		{"title:iran*^2", "title:iran*^2"},
		// dates
		{"date:2024", "date:2024"},
		{"published:2024-03", "date:2024-03"},
		{"date:2024-03-15", "date:2024-03-15"},
		{"date:>=2020-01-01", "date:>=2020-01-01"},
		{"date:>2020", "date:>2020"},
		{"date:<2021", "date:<2021"},
		{"date:<=2021-06", "date:<=2021-06"},
		{"date:[2020-01-01 TO 2020-12-31]", "date:[2020-01-01 TO 2020-12-31]"},
		{"date:[2020 to 2021]", "date:[2020 TO 2021]"},
		{"date:[2020 TO *]", "date:>=2020"},
		{"date:[* TO 2020]", "date:<=2020"},
		{"date:{2020 TO 2022}", "date:{2020 TO 2022}"},
		{"date:[2020 TO 2020]", "date:2020"},
		{"date:2024-02-29", "date:2024-02-29"},
		{"date:(2020 OR 2022)", "(or date:2020 date:2022)"},
		{"iran date:2024", "(and iran date:2024)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := Parse(tt.in)
			if tt.want == "<error>" {
				if err == nil {
					t.Fatalf("Parse(%q) = %s, want an error", tt.in, dump(q.Root))
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := dump(q.Root); got != tt.want {
				t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.want)
			}
			checkRoundTrip(t, tt.in, q)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in      string
		pos     int
		wantMsg string
	}{
		{`"oil prices`, 0, "missing closing quote for the phrase that starts at position 1"},
		{`iran "oil`, 5, "missing closing quote for the phrase that starts at position 6"},
		{`“oil prices`, 0, "missing closing quote"},
		{"(iran", 0, "missing closing parenthesis for the one opened at position 1"},
		{"a (b (c)", 2, "missing closing parenthesis for the one opened at position 3"},
		{"iran)", 4, "closing parenthesis without a matching opening one"},
		{")", 0, "closing parenthesis without a matching opening one"},
		{"(a))", 3, "closing parenthesis without a matching opening one"},
		{"()", 0, "empty parentheses"},
		{"a ( ) b", 2, "empty parentheses"},
		{"iran AND", 5, "nothing after AND"},
		{"iran OR", 5, "nothing after OR"},
		{"iran &&", 5, "nothing after &&"},
		{"(iran AND)", 6, "nothing after AND"},
		{"AND iran", 0, "nothing before AND"},
		{"OR iran", 0, "nothing before OR"},
		{"(OR iran)", 1, "nothing before OR"},
		{"a AND OR b", 2, "nothing between AND and OR"},
		{"a OR AND b", 2, "nothing between OR and AND"},
		{"NOT", 0, "nothing after NOT"},
		{"iran NOT", 5, "nothing after NOT"},
		{"NOT OR a", 0, "nothing between NOT and OR"},
		{"iran -", 5, `nothing after "-"`},
		{"iran - israel", 5, `nothing after "-"`},
		{"+", 0, `nothing after "+"`},
		{"(a -)", 3, `nothing after "-"`},
		{"/oil.*/", 0, "regular expressions (/.../) are not supported"},
		{"iran title:/o[il]+/", 11, "regular expressions (/.../) are not supported"},
		{"title:[a TO b]", 6, "ranges work only on dates"},
		{"iran actor:{a TO b}", 11, "ranges work only on dates"},
		{"foo:bar", 0, `unknown field "foo"; the fields are title, body, actor, topic, source or date`},
		{"iran Note:x", 5, `unknown field "Note"`},
		{"title:", 0, "nothing after title:"},
		{"(title:)", 1, "nothing after title:"},
		{"title: iran", 0, "space after title:"},
		{"iran~3", 4, "fuzziness must be 0, 1 or 2"},
		{"iran~x", 4, "fuzziness must be 0, 1 or 2"},
		{"iran~-1", 4, "fuzziness must be 0, 1 or 2"},
		{"~", 0, "~ goes right after a word"},
		{"ir~an~1", 2, `"~" belongs at the end of a word`},
		{"iran^0", 4, "a boost must be a number above 0"},
		{"iran^-2", 4, "a boost must be a number above 0"},
		{"iran^", 4, "a boost must be a number above 0"},
		{"iran^x", 4, "a boost must be a number above 0"},
		{"iran^inf", 4, "a boost must be a number above 0"},
		{"iran^1e3", 4, "a boost must be a number above 0"},
		{"iran^5000", 4, "at most 1000"},
		{"^2", 0, "a boost goes right after a word or phrase"},
		{`"oil"^0`, 5, "a boost must be a number above 0"},
		{"i*", 0, "prefix too short"},
		{"title:i*", 6, "prefix too short"},
		{"a?c", 0, "prefix too short"},
		{"*ran", 0, `a word cannot start with "*"`},
		{"?ran", 0, `a word cannot start with "?"`},
		{"*", 0, `a word cannot start with "*"`},
		{"iran*~1", 5, "both fuzzy"},
		{`""`, 0, "empty phrase"},
		{`iran "  "`, 5, "empty phrase"},
		{`"oil prices"~`, 12, "proximity must be a whole number"},
		{`"oil prices"~x`, 12, "proximity must be a whole number"},
		{`"oil prices"~101`, 12, "proximity must be a whole number from 0 to 100"},
		{`"oil prices"~+3`, 12, "proximity must be a whole number"},
		{`"oil"s`, 5, "put a space after the closing quote"},
		{"date:2024-13", 5, `"2024-13" is not a date`},
		{"date:2023-02-29", 5, `"2023-02-29" is not a date`},
		{"date:24", 5, `"24" is not a date`},
		{"date:0000", 5, `"0000" is not a date`},
		{"date:>=20x0", 7, `"20x0" is not a date`},
		{"date:iran", 5, `"iran" is not a date`},
		{"date:2024*", 5, `"2024*" is not a date`},
		{`date:"2024"`, 5, "write dates without quotes"},
		{"date:[2020 TO 2019]", 5, "this date range is empty"},
		{"date:{2020 TO 2021}", 5, "this date range is empty"},
		{"date:[2020 2021]", 5, "write a date range as date:[2020-01-01 TO 2020-12-31]"},
		{"date:[2020 TO]", 5, "write a date range as"},
		{"date:[* TO *]", 5, "give at least one date"},
		{"date:[2020 TO 2021-1-1]", 14, `"2021-1-1" is not a date`},
		{"date:[2020 TO 2021", 5, "missing closing ] for the date range that starts at position 6"},
		{strings.Repeat("(", 33) + "x" + strings.Repeat(")", 33), 32, "too many nested parentheses"},
		{strings.Repeat("NOT ", 33) + "x", 128, "too many NOTs in a row"},
		{strings.Repeat("-", 40) + "x", 32, "too many NOTs in a row"},
		// the first problem comes first
		{`) "abc`, 0, "closing parenthesis without"},
		{`iran AND "abc`, 9, "missing closing quote"},
		{"(oil AND", 0, "missing closing parenthesis for the one opened at position 1"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %s, want an error", tt.in, dump(q.Root))
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error is %T, want one holding an *Error", tt.in, err)
			}
			if pe.Pos != tt.pos {
				t.Errorf("Parse(%q) error at %d, want %d (%v)", tt.in, pe.Pos, tt.pos, pe)
			}
			if !strings.Contains(pe.Msg, tt.wantMsg) {
				t.Errorf("Parse(%q) error %q, want it to contain %q", tt.in, pe.Msg, tt.wantMsg)
			}
		})
	}
}

// TestParseAllErrors checks that every problem of a query is reported,
// each at its own position, and no problem twice.
func TestParseAllErrors(t *testing.T) {
	tests := []struct {
		in   string
		want []string // "position:start of message", 1-based as people count
	}{
		{"(oil AND", []string{"1:missing closing parenthesis for the one opened at position 1", "6:nothing after AND"}},
		{"iran AND", []string{"6:nothing after AND"}},
		{"AND iran OR", []string{"1:nothing before AND", "10:nothing after OR"}},
		{`(a OR) "b`, []string{"4:nothing after OR", "8:missing closing quote"}},
		{"foo:bar iran~9 (", []string{`1:unknown field "foo"`, "13:fuzziness must be", "16:missing closing parenthesis"}},
		{") a ) b (", []string{"1:closing parenthesis without", "5:closing parenthesis without", "9:missing closing parenthesis"}},
		{"title: date:2024-13 - OR", []string{"1:space after title:", "13:\"2024-13\" is not a date", `21:nothing after "-"`, "23:nothing after OR"}},
		{"a OR AND b", []string{"3:nothing between OR and AND"}},
		{"iran) OR b) AND", []string{"5:closing parenthesis without", "11:closing parenthesis without", "13:nothing after AND"}},
		{"a AND AND b OR OR c", []string{"3:nothing between AND and AND", "13:nothing between OR and OR"}},
		{"() (x", []string{"1:empty parentheses", "4:missing closing parenthesis"}},
		{strings.Repeat("(", 40) + "x", []string{"33:too many nested parentheses"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := Parse(tt.in)
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Parse(%q) error = %v (%T), want Errors", tt.in, err, err)
			}
			var got []string
			for _, pe := range errs {
				got = append(got, fmt.Sprintf("%d:%s", pe.Pos+1, pe.Msg))
			}
			ok := len(got) == len(tt.want)
			for i := 0; ok && i < len(got); i++ {
				ok = strings.HasPrefix(got[i], tt.want[i])
			}
			if !ok {
				t.Errorf("Parse(%q) errors\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParsePositions(t *testing.T) {
	q, err := Parse(`iran -title:"oil prices" date:2024`)
	if err != nil {
		t.Fatal(err)
	}
	and := q.Root.(*And)
	tests := []struct {
		name string
		got  int
		want int
	}{
		{"and", and.Pos(), 0},
		{"word", and.Clauses[0].Pos(), 0},
		{"not", and.Clauses[1].Pos(), 5},
		{"phrase", and.Clauses[1].(*Not).X.Pos(), 6},
		{"date", and.Clauses[2].Pos(), 25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("Pos() = %d, want %d", tt.got, tt.want)
			}
		})
	}
}

func TestWordFlags(t *testing.T) {
	tests := []struct {
		in   string
		want Word
	}{
		{"iran", Word{Text: "iran"}},
		{"iran~", Word{Text: "iran", Fuzzy: true, Fuzziness: 1}},
		{"netanyahu~", Word{Text: "netanyahu", Fuzzy: true, Fuzziness: 2}},
		{"iran~0", Word{Text: "iran", Fuzzy: true}},
		{"econ*", Word{Text: "econ", Prefix: true}},
		{"ec*n*", Word{Text: "ec*n*", Wildcard: true}},
		{"te?t", Word{Text: "te?t", Wildcard: true}},
		{"title:iran^2.5", Word{Field: "title", Text: "iran", Boost: 2.5}},
		{"topic:human-interest", Word{Field: "topic", Text: "human-interest"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := q.Root.(*Word)
			if !ok {
				t.Fatalf("Parse(%q) = %T, want *Word", tt.in, q.Root)
			}
			if *got != tt.want {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.in, *got, tt.want)
			}
		})
	}
}

func TestDateRangeBounds(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	var zero time.Time
	tests := []struct {
		in        string
		from, end time.Time
	}{
		{"date:2024", day(2024, 1, 1), day(2025, 1, 1)},
		{"date:2024-12", day(2024, 12, 1), day(2025, 1, 1)},
		{"date:2024-02-29", day(2024, 2, 29), day(2024, 3, 1)},
		{"date:>=2020-01-01", day(2020, 1, 1), zero},
		{"date:>2020", day(2021, 1, 1), zero},
		{"date:<2021", zero, day(2021, 1, 1)},
		{"date:<=2021-06", zero, day(2021, 7, 1)},
		{"date:[2020-01-01 TO 2020-12-31]", day(2020, 1, 1), day(2021, 1, 1)},
		{"date:{2020 TO 2022}", day(2021, 1, 1), day(2022, 1, 1)},
		{"date:[2020-03 TO 2020-05}", day(2020, 3, 1), day(2020, 5, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			from, end := q.Root.(*DateRange).Bounds()
			if !from.Equal(tt.from) || !end.Equal(tt.end) {
				t.Errorf("Bounds() = %v, %v; want %v, %v", from, end, tt.from, tt.end)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"iran", []string{"iran"}},
		{"iran israel iran", []string{"iran", "israel"}},
		{`"oil   prices"~3 OR opec`, []string{"oil prices", "opec"}},
		{"iran -israel NOT (gaza OR hamas)", []string{"iran"}},
		{"title:iran actor:biden source:reuters", []string{"iran", "biden", "reuters"}},
		{"topic:politics date:2024 econ* iran~ ir?n", nil},
		{"iran^2 (a OR b)", []string{"iran", "a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Terms(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Terms() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestQueryStringNil(t *testing.T) {
	var q *Query
	if got := q.String(); got != "" {
		t.Errorf("nil Query String() = %q, want empty", got)
	}
	if got := q.Terms(); got != nil {
		t.Errorf("nil Query Terms() = %q, want nil", got)
	}
}

// stripOffsets returns a copy of n with every offset zeroed, so trees
// parsed from different spellings of one query compare equal.
func stripOffsets(n Node) Node {
	switch n := n.(type) {
	case *And:
		c := &And{Clauses: make([]Node, len(n.Clauses))}
		for i, x := range n.Clauses {
			c.Clauses[i] = stripOffsets(x)
		}
		return c
	case *Or:
		c := &Or{Clauses: make([]Node, len(n.Clauses))}
		for i, x := range n.Clauses {
			c.Clauses[i] = stripOffsets(x)
		}
		return c
	case *Not:
		return &Not{X: stripOffsets(n.X)}
	case *Word:
		c := *n
		c.Offset = 0
		return &c
	case *Phrase:
		c := *n
		c.Offset = 0
		return &c
	case *DateRange:
		c := *n
		c.Offset = 0
		return &c
	}
	return n
}

// checkRoundTrip checks that the canonical text of q parses back to the
// same tree and is its own canonical text.
func checkRoundTrip(t *testing.T, in string, q *Query) {
	t.Helper()
	s := q.String()
	q2, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q) = %q, which does not parse: %v", in, s, err)
	}
	if !reflect.DeepEqual(stripOffsets(q.Root), stripOffsets(q2.Root)) {
		t.Fatalf("Parse(%q) = %s, but its text %q parses to %s", in, dump(q.Root), s, dump(q2.Root))
	}
	if s2 := q2.String(); s2 != s {
		t.Fatalf("canonical text %q prints as %q", s, s2)
	}
}

func FuzzParse(f *testing.F) {
	seeds := []string{
		"", "iran", "iran israel", "a OR b AND c", "NOT (a OR b) c",
		`"oil prices"~3^2`, `“oil prices”`, "title:(a OR -b)", "actor:\"Joe Biden\"",
		"date:[2020-01-01 TO 2020-12-31]", "date:{2020 TO *]", "date:>=2020-01", "published:2024",
		"iran~", "iran~2^1.5", "econ*", "ec?n*", "-iran +israel", "10:30 http://x.y/z",
		"iran AND", "(a", "a)", "()", `"abc`, "foo:bar", "*ran", "i*", "title:10:30",
		"a&&b || c && d", "title:AND", "((((a))))", "- -", "date:(2020 OR >2022)",
		"\xff\xfe", "a\u00a0b", "title:[a", "topic:\"human interest\"",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := Parse(in)
		if err != nil {
			errs, ok := err.(Errors)
			if !ok || len(errs) == 0 {
				t.Fatalf("Parse(%q) error is %T %v, want Errors with at least one", in, err, err)
			}
			for i, pe := range errs {
				if pe.Pos < 0 || pe.Pos > len(in) {
					t.Fatalf("Parse(%q) error position %d outside the text", in, pe.Pos)
				}
				if i > 0 && pe.Pos < errs[i-1].Pos {
					t.Fatalf("Parse(%q) errors out of order: %v", in, errs)
				}
			}
			if _, err := Parse(PlainWords(in)); err != nil {
				t.Fatalf("PlainWords(%q) = %q, which does not parse: %v", in, PlainWords(in), err)
			}
			return
		}
		checkRoundTrip(t, in, q)
		q.Terms()
	})
}

func TestPlainWords(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"(oil AND", "oil"},
		{"oil", "oil"},
		{"", ""},
		{"( AND ) ~ ^ *", ""},
		{`"oil prices`, "oil prices"},
		{`title:(cocoa OR -"ivory coast"~3^2`, "cocoa ivory coast"},
		{"foo:bar iran~9 econ* ir?n", "foo bar iran econ ir n"},
		{"date:[1987-02 TO 1987-13 opec", "1987-02 1987-13 opec"},
		{"O'Neill U.S. covid-19 -- a--b", "O'Neill U.S covid-19 a b"},
		{"(AND) NOT and OR or", "and or"},
		{"/oil.*/ +gas &&", "oil gas"},
		{"oil oil OIL", "oil OIL"},
		{"élan\u0301 Köln 東京", "élan\u0301 Köln 東京"},
		{"http://example.com/a?b=c", "http example.com a b c"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := PlainWords(tt.in)
			if got != tt.want {
				t.Errorf("PlainWords(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if _, err := Parse(got); err != nil {
				t.Errorf("PlainWords(%q) = %q, which does not parse: %v", tt.in, got, err)
			}
		})
	}
}
