package main

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
)

func init() { queryOpeners["bleve"] = openBleveQuerier }

// bleveQuerier answers the shapes on the raw Bleve index with one
// SearchRequest each: the query tree built from the shape, highlights in
// HTML, and terms facets on actor and topic and a date range facet by
// year. It is what the archive costs without its own query language,
// person names, per-kind actor facets and histogram.
type bleveQuerier struct {
	ix bleve.Index
}

func openBleveQuerier(dir string) (querier, error) {
	ix, err := bleve.Open(dir)
	if err != nil {
		return nil, err
	}
	return &bleveQuerier{ix: ix}, nil
}

// bleveYears are the years the date facet counts; the generated corpus
// spans 1995 to 2024.
const bleveFirstYear, bleveLastYear = 1980, 2030

// textQuery matches a word, or a phrase, in the title or the body.
func textQuery(words []string, phrase bool) query.Query {
	var qs []query.Query
	for _, f := range []string{"title", "body"} {
		if phrase {
			q := bleve.NewMatchPhraseQuery(strings.Join(words, " "))
			q.SetField(f)
			qs = append(qs, q)
		} else {
			q := bleve.NewMatchQuery(words[0])
			q.SetField(f)
			qs = append(qs, q)
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func bleveShapeQuery(s shape) query.Query {
	var must []query.Query
	switch s.Kind {
	case kindWords:
		for _, w := range s.Words {
			must = append(must, textQuery([]string{w}, false))
		}
	case kindPhrase:
		must = append(must, textQuery(s.Words, true))
	case kindBool:
		b := bleve.NewBooleanQuery()
		b.AddShould(textQuery(s.Words[:1], false), textQuery(s.Words[1:2], false))
		b.SetMinShould(1)
		b.AddMustNot(textQuery(s.Words[2:3], false))
		must = append(must, b)
	}
	if s.Actor != "" {
		t := bleve.NewTermQuery(s.Actor)
		t.SetField("actor")
		must = append(must, t)
	}
	if !s.From.IsZero() || !s.To.IsZero() {
		yes, no := true, false
		var end time.Time
		if !s.To.IsZero() {
			end = s.To.AddDate(0, 0, 1)
		}
		d := bleve.NewDateRangeInclusiveQuery(s.From, end, &yes, &no)
		d.SetField("published")
		must = append(must, d)
	}
	switch len(must) {
	case 0:
		return bleve.NewMatchAllQuery()
	case 1:
		return must[0]
	}
	return bleve.NewConjunctionQuery(must...)
}

func (q *bleveQuerier) Query(ctx context.Context, s shape) (shapeResult, error) {
	req := bleve.NewSearchRequestOptions(bleveShapeQuery(s), pageSize, (s.Page-1)*pageSize, false)
	req.Fields = []string{"title"}
	if s.Text != "" {
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
		req.Highlight.AddField("title")
		req.Highlight.AddField("body")
	} else {
		req.SortBy([]string{"-published"})
	}
	req.AddFacet("actor", bleve.NewFacetRequest("actor", 30))
	req.AddFacet("topic", bleve.NewFacetRequest("topic", 20))
	years := bleve.NewFacetRequest("published", bleveLastYear-bleveFirstYear+1)
	for y := bleveFirstYear; y <= bleveLastYear; y++ {
		from := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		to := from.AddDate(1, 0, 0)
		years.AddDateTimeRange(strconv.Itoa(y), from, to)
	}
	req.AddFacet("year", years)
	res, err := q.ix.SearchInContext(ctx, req)
	if err != nil {
		return shapeResult{}, err
	}
	r := shapeResult{Total: res.Total, Hits: len(res.Hits)}
	if f := res.Facets["actor"]; f != nil && f.Terms != nil {
		r.ActorVals = len(f.Terms.Terms())
	}
	if f := res.Facets["topic"]; f != nil && f.Terms != nil {
		r.TopicVals = len(f.Terms.Terms())
	}
	if f := res.Facets["year"]; f != nil {
		for _, d := range f.DateRanges {
			if d.Count > 0 {
				r.DateVals++
			}
		}
	}
	for i, h := range res.Hits {
		if i == 0 {
			r.FirstTitle, _ = h.Fields["title"].(string)
		}
		marked := false
		for _, frags := range h.Fragments {
			for _, frag := range frags {
				if strings.Contains(frag, "<mark>") {
					marked = true
					if r.FirstMark == "" {
						r.FirstMark = frag
					}
				}
			}
		}
		if marked {
			r.Marked++
		}
	}
	return r, nil
}

func (q *bleveQuerier) Close() error { return q.ix.Close() }
