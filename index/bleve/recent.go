package bleve

import (
	"context"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsarchive/newsarchive/index"
)

// News is a time series: a page in date order holds the newest (or
// oldest) few of the matches, which a window of recent dates nearly
// always holds whole. datePage sorts the matches of ever wider windows
// until one holds the page, as a search over time-based indices in
// Elasticsearch starts with the newest, so that the front page of a
// million articles sorts a few hundred of them rather than every one.
const (
	// firstWindowDays is the width of the first window, in days, and
	// windowGrowth how much wider each next one is: few tries reach a
	// span of decades, and the sorts of the narrower ones add little to
	// the last one's.
	firstWindowDays = 4
	windowGrowth    = 8
	// sortWhole is how many matches are sorted whole without trying
	// windows: a window saves little on so few, and a search whose
	// matches are old would try each one in vain.
	sortWhole = 2000
)

// dateEdges are the first and last days an article of the archive is
// dated, as of write generation gen.
type dateEdges struct {
	gen         uint64
	first, last time.Time
	ok          bool
}

// edges returns the first and last days an article is dated, read from
// the day field's term dictionaries: some thousands of terms, not the
// articles. A deleted article's day may linger there until its segment
// is merged, which only widens the span.
func (ix *Index) edges() (first, last time.Time, ok bool) {
	gen := ix.gen.Load()
	if e := ix.dateEdges.Load(); e != nil && e.gen == gen {
		return e.first, e.last, e.ok
	}
	e := &dateEdges{gen: gen}
	for _, s := range ix.shards {
		d, err := s.FieldDict(fieldDay)
		if err != nil {
			return time.Time{}, time.Time{}, false
		}
		for {
			entry, err := d.Next()
			if err != nil || entry == nil {
				break
			}
			t, err := time.Parse("2006-01-02", entry.Term)
			if err != nil {
				continue
			}
			if !e.ok || t.Before(e.first) {
				e.first = t
			}
			if !e.ok || t.After(e.last) {
				e.last = t
			}
			e.ok = true
		}
		_ = d.Close()
	}
	ix.dateEdges.Store(e)
	return e.first, e.last, e.ok
}

// datePage runs req, a request for a page of full's matches in date
// order s, on ever wider windows of dates until one holds the page: its
// from+size first matches, or with a cursor the size+1 that follow it
// (req.SearchAfter, whose date is after's first key). Every match within
// a window sorts before every match outside it, undated ones last, so
// the window's page is the page. total is the count of full's matches.
func (ix *Index) datePage(ctx context.Context, req *bleve.SearchRequest, full query.Query, s index.Sort, after []string, total uint64) (*bleve.SearchResult, error) {
	need := req.From + req.Size
	first, last, ok := ix.edges()
	edge := last.AddDate(0, 0, 1) // the window ends after the last day
	if s == index.SortOldest {
		edge = first
	}
	if after != nil {
		t, err := cursorTime(after)
		if err != nil {
			ok = false
		}
		edge = t
		if s == index.SortNewest {
			edge = t.Add(time.Nanosecond)
		}
	}
	if !ok || total <= sortWhole || uint64(need) > total {
		req.Query = full
		return ix.search(ctx, req)
	}
	span := int(last.Sub(first).Hours()/24) + 2
	for days := firstWindowDays; days < span; days *= windowGrowth {
		var w query.Query
		if s == index.SortNewest {
			w = publishedBetween(edge.AddDate(0, 0, -days), true, time.Time{}, false)
		} else {
			w = publishedBetween(time.Time{}, false, edge.AddDate(0, 0, days), true)
		}
		if _, none := w.(*query.MatchNoneQuery); w == nil || none {
			break
		}
		req.Query = query.NewConjunctionQuery([]query.Query{full, w})
		res, err := ix.search(ctx, req)
		if err != nil {
			return nil, err
		}
		if after == nil && res.Total >= uint64(need) || after != nil && len(res.Hits) >= req.Size {
			return res, nil
		}
	}
	req.Query = full
	return ix.search(ctx, req)
}
