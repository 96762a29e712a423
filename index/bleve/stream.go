package bleve

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/newsarchive/newsarchive/index"
)

// streamPage is how many articles Stream fetches at a time.
const streamPage = 500

// Stream calls fn with every article matching q, whole, in q's order, up to
// limit (at most MaxResultWindow), for exports and feeds. It starts after
// q.After when q has a cursor; Page and Size of q are ignored.
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
	after, err := afterKey(q)
	if err != nil {
		return err
	}
	if q.Sort == index.SortNewest || q.Sort == index.SortOldest {
		// As in Search: sort only the periods that hold the first limit.
		c, ok := ix.counts.get(countKey(q), ix.gen.Load())
		if !ok {
			if c, err = ix.countOnly(ctx, q, rank, full); err != nil {
				return err
			}
		}
		if after != nil {
			full = afterWindow(full, c.Histogram, q.Sort, after)
		} else {
			full = dateWindow(full, c.Histogram, q.Sort, limit)
		}
	}
	if q.Sort == index.SortRelevance {
		// Scored as Search scores, so that a cursor of a search's page
		// continues here where the next page would.
		ctx = context.WithValue(ctx, search.SearchTypeKey, search.GlobalScoring)
	}
	// Each request takes up after the last hit of the one before, as a
	// cursor does, rather than skipping those hits again: Bleve would
	// sort all of them once more for every page.
	order := cursorOrder(q)
	for sent := 0; sent < limit; {
		req := bleve.NewSearchRequestOptions(full, min(streamPage, limit-sent), 0, false)
		// Ids only, then the page's articles: see Search.
		req.SortBy(order)
		req.SearchAfter = after
		if q.Sort != index.SortRelevance {
			req.Score = bleve.ScoreNone
		}
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
		if len(res.Hits) < req.Size {
			return nil
		}
		sent += len(res.Hits)
		after = cursorKey(q, res.Hits[len(res.Hits)-1])
	}
	return nil
}
