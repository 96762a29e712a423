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
// months or more, else days. A date range the query chose that is
// shorter than three years is charted whole instead, by the same rule,
// so that a chosen month shows each of its days and a chosen year each
// of its months, however few of them hold articles. The year counts come
// with the search; the finer ones cost one small facet request each.
func (ix *Index) histogram(ctx context.Context, q index.Query, full query.Query, res *bleve.SearchResult) (index.Histogram, error) {
	years := facetCounts(res, fieldYear)
	h := index.Histogram{Interval: index.IntervalYear, Undated: res.Total - sum(years)}
	if len(years) == 0 {
		return h, nil
	}
	first, last := periodSpan(years, "2006")
	from, to, chosen := chosenSpan(q)
	if !chosen && last.Year()-first.Year()+1 >= minBars {
		h.Buckets = fill(years, first, last, "2006", nextYear)
		return h, nil
	}
	months, err := ix.periodCounts(ctx, full, fieldMonth, maxMonthBars)
	if err != nil {
		return h, err
	}
	first, last = periodSpan(months, "2006-01")
	if chosen {
		first, last = monthStart(from), monthStart(to)
		h.Chosen = true
	}
	if n := monthsBetween(first, last) + 1; n >= minBars {
		h.Interval = index.IntervalMonth
		h.Buckets = fill(months, first, last, "2006-01", nextMonth)
		return h, nil
	}
	days, err := ix.periodCounts(ctx, full, fieldDay, dayFacetLimit)
	if err != nil {
		return h, err
	}
	h.Interval = index.IntervalDay
	if len(days) == 0 {
		// Articles indexed before the day field existed: months it is.
		h.Interval = index.IntervalMonth
		h.Buckets = fill(months, first, last, "2006-01", nextMonth)
		return h, nil
	}
	first, last = periodSpan(days, "2006-01-02")
	if chosen {
		first, last = from, to
	}
	h.Buckets = fill(days, first, last, "2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) })
	return h, nil
}

// chosenSpan returns the first and last day of the query's date range
// when it has both ends and covers fewer than minBars calendar years.
func chosenSpan(q index.Query) (from, to time.Time, ok bool) {
	if q.From.IsZero() || q.To.IsZero() {
		return time.Time{}, time.Time{}, false
	}
	from, to = dayStart(q.From), dayStart(q.To)
	if to.Before(from) || to.Year()-from.Year()+1 >= minBars {
		return time.Time{}, time.Time{}, false
	}
	return from, to, true
}

func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func nextYear(t time.Time) time.Time  { return t.AddDate(1, 0, 0) }
func nextMonth(t time.Time) time.Time { return t.AddDate(0, 1, 0) }

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
