package bleve

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

// compile parses and compiles query text in one call, as the tests of
// the compiler want it; pairs as for newQueryCompiler.
func compile(text string, pairs analysis.Analyzer) (query.Query, error) {
	c, err := newQueryCompiler(pairs)
	if err != nil {
		return nil, err
	}
	parsed, err := parseText(text)
	if err != nil {
		return nil, err
	}
	return c.compile(parsed), nil
}

// compileText is compile for word positions, as highlighting compiles.
func compileText(text string) (query.Query, error) { return compile(text, nil) }
