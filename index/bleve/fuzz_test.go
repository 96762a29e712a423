package bleve

import (
	"errors"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsarchive/newsarchive/index"
)

// FuzzCompile compiles arbitrary query text. It must never panic; an error
// must be a *QueryError for "q" that points inside the text, since the
// search page marks the problem at that position; a query that compiles
// must be one Bleve accepts.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"", "iran", "the", "the and", "iran OR iraq", "(iran OR iraq) AND NOT oil", `"oil prices"~3`, "+opec -saudi",
		"title:cocoa", `body:"crop forecast"`, "actor:netanyahu", "topic:economy", "source:reuters", "recieve~", "recieve~2",
		"econom*", "e*", "te?t", "date:1987", "date:1987-03", "date:[1987-03-01 TO 1987-03-31]", "date:>=2020-01-01",
		"date:{2020 TO *]", "date:2024-02-30", "oil^3 gas", "iran AND", "(a", `"abc`, "foo:bar", "title:[a",
		"- -", "NOT", "*", "~", "^", "\xff\xfe", strings.Repeat("a ", 600),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q, err := compileText(text)
		if err != nil {
			var qe *index.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("compileText(%q) error %T %v, want *QueryError", text, err, err)
			}
			if qe.Param != "q" || qe.Pos < 0 || qe.Pos > len(text) || qe.Msg == "" {
				t.Fatalf("compileText(%q) error %+v, want one for q at a position within the %d-byte text", text, qe, len(text))
			}
			return
		}
		if q == nil {
			t.Fatalf("compileText(%q) = nil, nil", text)
		}
		if v, ok := q.(query.ValidatableQuery); ok {
			if err := v.Validate(); err != nil {
				t.Fatalf("compileText(%q) gave a query Bleve rejects: %v", text, err)
			}
		}
	})
}
