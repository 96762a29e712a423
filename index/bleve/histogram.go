package bleve

import (
	"context"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsarchive/newsarchive/index"
)

// The least number of periods a span must cover to be charted at an
// interval rather than a finer one, and the most periods asked for.
const (
	minBars       = 3
	maxMonthBars  = 1200
	dayFacetLimit = 400
)

// histogram counts the matching articles per year, month or day: years
// when they span three years or more, else months when they span three
// months or more, else days. The year counts come with the search; the
// finer ones cost one small facet request each.
func (ix *Index) histogram(ctx context.Context, q query.Query, res *bleve.SearchResult) (index.Histogram, error) {
	years := facetCounts(res, fieldYear)
	h := index.Histogram{Interval: index.IntervalYear, Undated: res.Total - sum(years)}
	if len(years) == 0 {
		return h, nil
	}
	first, last := periodSpan(years, "2006")
	if last.Year()-first.Year()+1 >= minBars {
		h.Buckets = fill(years, first, last, "2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) })
		return h, nil
	}
	months, err := ix.periodCounts(ctx, q, fieldMonth, maxMonthBars)
	if err != nil {
		return h, err
	}
	first, last = periodSpan(months, "2006-01")
	if n := monthsBetween(first, last) + 1; n >= minBars {
		h.Interval = index.IntervalMonth
		h.Buckets = fill(months, first, last, "2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) })
		return h, nil
	}
	days, err := ix.periodCounts(ctx, q, fieldDay, dayFacetLimit)
	if err != nil {
		return h, err
	}
	h.Interval = index.IntervalDay
	if len(days) == 0 {
		// Articles indexed before the day field existed: months it is.
		h.Interval = index.IntervalMonth
		h.Buckets = fill(months, first, last, "2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) })
		return h, nil
	}
	first, last = periodSpan(days, "2006-01-02")
	h.Buckets = fill(days, first, last, "2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) })
	return h, nil
}

func (ix *Index) periodCounts(ctx context.Context, q query.Query, field string, size int) (map[string]int, error) {
	res, err := ix.facetsOnly(ctx, q, func(req *bleve.SearchRequest) {
		req.AddFacet(field, bleve.NewFacetRequest(field, size))
	})
	if err != nil {
		return nil, err
	}
	return facetCounts(res, field), nil
}

func facetCounts(res *bleve.SearchResult, field string) map[string]int {
	out := map[string]int{}
	if fr := res.Facets[field]; fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			out[t.Term] = t.Count
		}
	}
	return out
}

func sum(m map[string]int) uint64 {
	var n uint64
	for _, c := range m {
		n += uint64(c)
	}
	return n
}

// periodSpan returns the first and last period named in counts.
func periodSpan(counts map[string]int, layout string) (first, last time.Time) {
	for p := range counts {
		t, err := time.Parse(layout, p)
		if err != nil {
			continue
		}
		if first.IsZero() || t.Before(first) {
			first = t
		}
		if t.After(last) {
			last = t
		}
	}
	return first, last
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// fill lists every period from first to last, with the empty ones.
func fill(counts map[string]int, first, last time.Time, layout string, next func(time.Time) time.Time) []index.Bucket {
	var out []index.Bucket
	for t := first; !t.After(last); t = next(t) {
		p := t.Format(layout)
		out = append(out, index.Bucket{Period: p, From: t, To: next(t).AddDate(0, 0, -1), Count: counts[p]})
	}
	return out
}
