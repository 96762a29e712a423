package bleve

import (
	"context"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsarchive/newsarchive/index"
)

// streamPage is how many articles Stream fetches at a time.
const streamPage = 500

// Stream calls fn with every article matching q, whole, in q's order, up to
// limit (at most MaxResultWindow), for exports and feeds. Page and Size of
// q are ignored.
func (ix *Index) Stream(ctx context.Context, q index.Query, limit int, fn func(index.Article) error) error {
	limit = min(limit, index.MaxResultWindow)
	ctx = limitTerms(ctx)
	// Check the query as one page would be; Stream pages on its own.
	q.Page, q.Size = 1, index.DefaultPageSize
	p, err := ix.plan(q)
	if err != nil {
		return err
	}
	q, rank, full := p.q, p.rank, p.full
	if q.Sort == index.SortNewest || q.Sort == index.SortOldest {
		// As in Search: sort only the periods that hold the first limit.
		c, ok := ix.counts.get(countKey(q), ix.gen.Load())
		if !ok {
			if c, err = ix.countOnly(ctx, q, rank, full); err != nil {
				return err
			}
		}
		full = dateWindow(full, c.Histogram, q.Sort, limit)
	}
	for from := 0; from < limit; from += streamPage {
		req := bleve.NewSearchRequestOptions(full, min(streamPage, limit-from), from, false)
		// Ids only, then the page's articles: see Search. The id breaks
		// every tie, since pages are fetched one request at a time.
		order := sortOrder(q)
		if order[len(order)-1] != "_id" {
			order = append(order, "_id")
		}
		req.SortBy(order)
		res, err := ix.search(ctx, req)
		if err != nil {
			return searchError(err)
		}
		hits, err := ix.fetch(ctx, res.Hits, rank, false)
		if err != nil {
			return err
		}
		for _, h := range hits {
			if err := fn(h.Article); err != nil {
				return err
			}
		}
		if len(res.Hits) < streamPage {
			return nil
		}
	}
	return nil
}
