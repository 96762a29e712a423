package index

import (
	"errors"
	"fmt"
	"time"
)

// Sort orders search results.
type Sort string

// The sort orders a search accepts.
const (
	SortRelevance Sort = "relevance"
	SortNewest    Sort = "newest"
	SortOldest    Sort = "oldest"
)

// Limits on what one search may ask for; they keep a single request from
// costing the server more than a person could read.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
	MaxResultWindow = 10000 // page*size may not reach past this
	MaxQueryLength  = 1000  // bytes of query text
)

// Query is one search: the query text in the archive's query language,
// facet filters, a date range, an order and a page.
type Query struct {
	Text   string   // query language text; empty lists everything
	Actors []string // actor names, all required (AND)
	Topics []string // topic slugs, all required (AND)
	// ActorKind narrows the actor facet to one kind of actor, and lists
	// more of its values; empty lists all three kinds.
	ActorKind Kind
	// From and To bound the published date, both inclusive days; a zero
	// value leaves that side open.
	From, To time.Time
	Sort     Sort
	Page     int // 1-based
	Size     int
	// Highlight asks for <mark>ed fragments of title and body.
	Highlight bool
}

// Results is the answer to a Query.
type Results struct {
	Total  uint64
	Took   time.Duration
	Page   int
	Size   int
	Hits   []Hit
	Facets Facets
}

// Hit is one matching article. Article.Body is left empty: a results page
// shows highlights, not whole stories.
type Hit struct {
	Article
	Score float64
	// Highlights holds HTML fragments per field ("title", "body"), with the
	// matched terms in <mark> and everything else HTML-escaped.
	Highlights map[string][]string
}

// Facets holds the counts of the results per facet value.
type Facets struct {
	Actor []FacetValue
	Topic []FacetValue
	// Date holds years, or the months of the year when the query's date
	// range lies within one year. Values are "2024" or "2024-03".
	Date []FacetValue
}

// FacetValue is one value of a facet with the number of matching articles.
type FacetValue struct {
	Value    string
	Count    int
	Kind     Kind // actors only
	Selected bool
}

// ErrNotFound is returned for an id the index does not hold.
var ErrNotFound = errors.New("not found")

// QueryError reports a query the archive cannot run, in words a person can
// act on. Pos is the byte offset in the query text where the problem is,
// or -1 when the problem is not in the text (a bad page number, say).
type QueryError struct {
	Param string // "q", "page", "size", "sort", "from", "to", ...
	Pos   int
	Msg   string
}

func (e *QueryError) Error() string {
	if e.Pos >= 0 {
		return fmt.Sprintf("%s: at position %d: %s", e.Param, e.Pos+1, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Param, e.Msg)
}

// HTMLBlock is one paragraph or heading of an article body rendered as
// HTML-escaped text in which the terms of a query are wrapped in <mark>.
type HTMLBlock struct {
	Heading bool
	HTML    string
}
