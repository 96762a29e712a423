package bleve

import (
	"errors"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/querylang"
)

// parseText parses query text in the archive's query language; its
// errors are *index.QueryError for the "q" parameter, with the position
// of the first problem and every problem listed.
func parseText(text string) (*querylang.Query, error) {
	parsed, err := querylang.Parse(text)
	if err != nil {
		var errs querylang.Errors
		if errors.As(err, &errs) && len(errs) > 0 {
			qe := &index.QueryError{Param: "q", Pos: errs[0].Pos, Msg: errs[0].Msg}
			for _, pe := range errs {
				qe.Problems = append(qe.Problems, index.QueryProblem{Pos: pe.Pos, Msg: pe.Msg})
			}
			return nil, qe
		}
		return nil, &index.QueryError{Param: "q", Pos: -1, Msg: err.Error()}
	}
	return parsed, nil
}

// queryCompiler turns parsed query text into a Bleve query. An index makes
// its compilers once, when it opens.
//
// Plain words and phrases go through each field's analyzer, so they match
// stemmed and lower-cased text; fuzzy, prefix and wildcard words are not
// analyzed by Bleve and are lower-cased here instead. A word the analyzer
// drops entirely (a stop word such as "the" or "and") constrains nothing
// and is left out, as search engines do; a query made only of such words
// finds nothing.
type queryCompiler struct {
	analyzer analysis.Analyzer
	// pairs is the analyzer of the pair fields (see pairsAnalyzer), with
	// which phrases look up word pairs; nil compiles phrases to word
	// positions, which is what highlighting needs, since pairs have no
	// places in the text. Both find the same matches.
	pairs analysis.Analyzer
}

// newQueryCompiler makes a compiler for an index whose pair fields pairs
// analyzes, or for word positions only when pairs is nil.
func newQueryCompiler(pairs analysis.Analyzer) (queryCompiler, error) {
	// The stop-word check needs only tokenizing, lower-casing and the
	// English stop list, which the standard analyzer and the "en" analyzer
	// of the text fields share.
	a, err := registry.NewCache().AnalyzerNamed(standard.Name)
	if err != nil {
		return queryCompiler{}, fmt.Errorf("loading the query analyzer: %w", err)
	}
	return queryCompiler{analyzer: a, pairs: pairs}, nil
}

// compile compiles parsed query text: everything for an empty query,
// nothing for one that constrains nothing.
func (c queryCompiler) compile(parsed *querylang.Query) query.Query {
	if parsed.Root == nil {
		return query.NewMatchAllQuery()
	}
	if q := c.node(parsed.Root); q != nil {
		return q
	}
	return query.NewMatchNoneQuery()
}

// queryTarget is one index field a query-language field searches.
type queryTarget struct {
	field string
	boost float64
}

// targets maps a query-language field to index fields. Unqualified text
// searches title and body, a title match counting twice.
func (c queryCompiler) targets(field string) []queryTarget {
	switch field {
	case querylang.FieldTitle:
		return []queryTarget{{fieldTitle, 1}}
	case querylang.FieldBody:
		return []queryTarget{{fieldBody, 1}}
	case querylang.FieldActor:
		return []queryTarget{{fieldActorText, 1}}
	case querylang.FieldSource:
		return []queryTarget{{fieldSourceText, 1}}
	case querylang.FieldTopic:
		return []queryTarget{{fieldTopic, 1}}
	}
	return []queryTarget{{fieldTitle, 2}, {fieldBody, 1}}
}

// node compiles n; nil means n constrains nothing and should be left out.
func (c queryCompiler) node(n querylang.Node) query.Query {
	switch n := n.(type) {
	case *querylang.And:
		var must, mustNot []query.Query
		for _, clause := range n.Clauses {
			if not, ok := clause.(*querylang.Not); ok {
				if q := c.node(not.X); q != nil {
					mustNot = append(mustNot, q)
				}
				continue
			}
			if q := c.node(clause); q != nil {
				must = append(must, q)
			}
		}
		switch {
		case len(must) == 0 && len(mustNot) == 0:
			return nil
		case len(mustNot) == 0:
			if len(must) == 1 {
				return must[0]
			}
			return query.NewConjunctionQuery(must)
		case len(must) == 0:
			// Bleve's boolean query matches nothing without a positive
			// clause, so "everything but" needs an explicit everything.
			must = []query.Query{query.NewMatchAllQuery()}
		}
		return query.NewBooleanQuery(must, nil, mustNot)
	case *querylang.Or:
		var alts []query.Query
		for _, clause := range n.Clauses {
			if q := c.node(clause); q != nil {
				alts = append(alts, q)
			}
		}
		switch len(alts) {
		case 0:
			return nil
		case 1:
			return alts[0]
		}
		return query.NewDisjunctionQuery(alts)
	case *querylang.Not:
		q := c.node(n.X)
		if q == nil {
			return nil
		}
		return query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{q})
	case *querylang.Word:
		return c.word(n)
	case *querylang.Phrase:
		return c.phrase(n)
	case *querylang.DateRange:
		return c.dateRange(n)
	}
	return nil
}

// fieldQuery is a Bleve query that can be aimed at a field and boosted.
type fieldQuery interface {
	query.FieldableQuery
	query.BoostableQuery
}

// each builds one query per target field, boosted, and ORs them.
func (c queryCompiler) each(field string, boost float64, build func() fieldQuery) query.Query {
	if boost == 0 {
		boost = 1
	}
	var qs []query.Query
	for _, t := range c.targets(field) {
		q := build()
		q.SetField(t.field)
		if b := boost * t.boost; b != 1 {
			q.SetBoost(b)
		}
		qs = append(qs, q)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

func (c queryCompiler) word(w *querylang.Word) query.Query {
	lower := strings.ToLower(w.Text)
	switch {
	case w.Wildcard:
		return c.each(w.Field, w.Boost, func() fieldQuery { return query.NewWildcardQuery(lower) })
	case w.Prefix && w.Field == querylang.FieldTopic:
		return c.each(w.Field, w.Boost, func() fieldQuery { return query.NewPrefixQuery(lower) })
	case w.Prefix:
		// Text fields hold stems, so "running*" would miss "running"
		// (indexed as "run"); matching the analyzed word too finds it.
		prefix := c.each(w.Field, w.Boost, func() fieldQuery { return query.NewPrefixQuery(lower) })
		if len(c.analyzer.Analyze([]byte(w.Text))) == 0 {
			return prefix
		}
		match := c.each(w.Field, w.Boost, func() fieldQuery { return query.NewMatchQuery(w.Text) })
		return query.NewDisjunctionQuery([]query.Query{prefix, match})
	case w.Field == querylang.FieldTopic:
		if w.Fuzzy && w.Fuzziness > 0 {
			return c.each(w.Field, w.Boost, func() fieldQuery {
				q := query.NewFuzzyQuery(lower)
				q.SetFuzziness(w.Fuzziness)
				return q
			})
		}
		return c.each(w.Field, w.Boost, func() fieldQuery { return query.NewTermQuery(lower) })
	}
	tokens := c.analyzer.Analyze([]byte(w.Text))
	switch {
	case len(tokens) == 0:
		return nil
	case w.Fuzzy && w.Fuzziness > 0:
		// A fuzzy match query analyzes first, so the edits are counted
		// against the stem the index holds.
		return c.each(w.Field, w.Boost, func() fieldQuery {
			q := query.NewMatchQuery(w.Text)
			q.SetFuzziness(w.Fuzziness)
			q.SetOperator(query.MatchQueryOperatorAnd)
			return q
		})
	case len(tokens) > 1 && !positional(w.Field):
		return c.each(w.Field, w.Boost, func() fieldQuery { return allWords(w.Text) })
	case len(tokens) > 1:
		// "covid-19" is two tokens that belong together.
		return c.each(w.Field, w.Boost, func() fieldQuery { return query.NewMatchPhraseQuery(w.Text) })
	}
	return c.each(w.Field, w.Boost, func() fieldQuery { return query.NewMatchQuery(w.Text) })
}

func (c queryCompiler) phrase(p *querylang.Phrase) query.Query {
	if p.Field == querylang.FieldTopic {
		slug := strings.Join(strings.Fields(strings.ToLower(p.Text)), "-")
		return c.each(p.Field, p.Boost, func() fieldQuery { return query.NewTermQuery(slug) })
	}
	if len(c.analyzer.Analyze([]byte(p.Text))) == 0 {
		return nil
	}
	if p.Proximity > 0 || !positional(p.Field) {
		// Bleve's phrase queries have no slop, so "oil prices"~3 asks
		// for all the words anywhere in the field: looser than the
		// proximity, never stricter. So does a phrase of a field whose
		// words' places are not kept.
		return c.each(p.Field, p.Boost, func() fieldQuery { return allWords(p.Text) })
	}
	if q := c.pairPhrase(p); q != nil {
		return q
	}
	return c.each(p.Field, p.Boost, func() fieldQuery { return query.NewMatchPhraseQuery(p.Text) })
}

// positional reports whether the fields a query-language field searches
// keep their words' places, which phrases need: the actor and source name
// fields do not, names being short.
func positional(field string) bool {
	return field != querylang.FieldActor && field != querylang.FieldSource
}

// allWords matches text whose analyzed words are all in the field.
func allWords(text string) *query.MatchQuery {
	q := query.NewMatchQuery(text)
	q.SetOperator(query.MatchQueryOperatorAnd)
	return q
}

// pairFields are the pair fields of the text fields that have them.
var pairFields = map[string]string{fieldTitle: fieldTitlePairs, fieldBody: fieldBodyPairs}

// pairPhrase compiles a phrase of title and body to its word pairs: a
// phrase of two words is exactly its one pair; a longer one, or one with
// a stop word, is all its pairs and the phrase itself, which Bleve then
// checks only in the articles that hold every pair. It returns nil where
// pairs cannot help.
func (c queryCompiler) pairPhrase(p *querylang.Phrase) query.Query {
	if c.pairs == nil {
		return nil
	}
	tokens := c.pairs.Analyze([]byte(p.Text))
	if len(tokens) == 0 {
		return nil // one word: no pairs
	}
	exact := len(tokens) == 1 && !strings.HasPrefix(string(tokens[0].Term), "_ ") && !strings.HasSuffix(string(tokens[0].Term), " _")
	boost := p.Boost
	if boost == 0 {
		boost = 1
	}
	var qs []query.Query
	for _, t := range c.targets(p.Field) {
		pf, ok := pairFields[t.field]
		if !ok {
			return nil
		}
		var all []query.Query
		for _, tok := range tokens {
			tq := query.NewTermQuery(string(tok.Term))
			tq.SetField(pf)
			all = append(all, tq)
		}
		if !exact {
			ph := query.NewMatchPhraseQuery(p.Text)
			ph.SetField(t.field)
			all = append(all, ph)
		}
		var q query.Query = all[0]
		if len(all) > 1 {
			q = query.NewConjunctionQuery(all)
		}
		if b := boost * t.boost; b != 1 {
			q = boosted(q, b)
		}
		qs = append(qs, q)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// boosted sets the boost of a term or conjunction query.
func boosted(q query.Query, b float64) query.Query {
	if bq, ok := q.(query.BoostableQuery); ok {
		bq.SetBoost(b)
	}
	return q
}

func (c queryCompiler) dateRange(r *querylang.DateRange) query.Query {
	start, end := r.Bounds()
	if q := publishedBetween(start, !r.From.IsZero(), end, !r.To.IsZero()); q != nil {
		return q
	}
	return query.NewMatchAllQuery()
}
