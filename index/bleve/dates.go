package bleve

import (
	"time"

	"github.com/blevesearch/bleve/v2/search/query"
)

// Bleve keeps a date as nanoseconds since 1970 and compares dates only
// from query.MinRFC3339CompatibleTime to MaxRFC3339CompatibleTime
// (1677-12-01 to 2262-04-11): a range query with a bound beyond fails
// the whole search. The functions here keep every date the index holds,
// and every bound a search asks for, within that span.

// datable reports whether t can be an indexed published date. An article
// dated otherwise is indexed as undated, so that a range moved to the edge
// of the span (see publishedBetween) still takes in every dated article.
func datable(t time.Time) bool {
	return !t.Before(query.MinRFC3339CompatibleTime) && !t.After(query.MaxRFC3339CompatibleTime)
}

// publishedBetween matches the articles published from start, inclusive,
// to end, exclusive; hasStart and hasEnd say whether each side is bounded
// (a zero time cannot: it is 0001-01-01, a date a query may name). It
// returns nil when neither is. A bound beyond the span is moved to its
// edge, which finds the same articles, and a range wholly beyond it finds
// none.
func publishedBetween(start time.Time, hasStart bool, end time.Time, hasEnd bool) query.Query {
	if !hasStart && !hasEnd {
		return nil
	}
	lo, hi := query.MinRFC3339CompatibleTime, query.MaxRFC3339CompatibleTime
	if (hasStart && start.After(hi)) || (hasEnd && !end.After(lo)) {
		return query.NewMatchNoneQuery()
	}
	// An open side is closed at the edge as well: Bleve leaves it to an
	// infinite float, which as its nanosecond number stops some weeks
	// short of 2262-04-11.
	startInc, endInc := true, false
	if !hasStart || start.Before(lo) {
		start = lo
	}
	if !hasEnd || end.After(hi) {
		end, endInc = hi, true
	}
	q := query.NewDateRangeInclusiveQuery(start, end, &startInc, &endInc)
	q.SetField(fieldPublished)
	return q
}
