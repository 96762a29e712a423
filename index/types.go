package index

import (
	"errors"
	"fmt"
	"slices"
	"strings"
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
	// MaxQueryTerms bounds the index terms one search may look up: a
	// prefix (ab*), wildcard or fuzzy word is expanded into every term it
	// matches, and a short one can match most of the archive's vocabulary.
	MaxQueryTerms = 10000
)

// Query is one search: the query text in the archive's query language,
// facet filters, a date range, an order and a page.
type Query struct {
	Text string // query language text; empty lists everything
	// Actors, Topics and Sources are facet filters. Values of one facet
	// are OR'ed (an article about any of them), different facets AND'ed,
	// the convention of shop and search-engine facets. A source is
	// matched as written ("Reuters", "BBC").
	Actors  []string
	Topics  []string
	Sources []string
	// Found keeps the articles whose evidence (the actors their source
	// supplied or extraction found, as written) names any of these: for
	// resolving again the articles whose actor was dropped.
	Found []string
	// NotActors, NotTopics and NotSources exclude articles with any of
	// the values.
	NotActors  []string
	NotTopics  []string
	NotSources []string
	// ActorKind narrows the actor facet to one kind of actor, and lists
	// more of its values; empty lists all three kinds.
	ActorKind Kind
	// From and To bound the published date, both inclusive days; a zero
	// value leaves that side open. Any instant of a day stands for the
	// day, so 0001-01-01, whose first instant is the zero value, is given
	// as another.
	From, To time.Time
	Sort     Sort
	Page     int // 1-based
	Size     int
	// After is a cursor (Results.Next of an earlier page of the same
	// search): the results are then the Size hits that follow that
	// page's last hit in Sort's order, and Page is 1. Unlike a page
	// number it reaches past MaxResultWindow, and costs no more deep in
	// the results than near their start.
	After string
	// Highlight asks for fragments of title and body with the matches
	// marked (Hit.Highlights).
	Highlight bool
}

// Results is the answer to a Query.
type Results struct {
	Total uint64
	Took  time.Duration
	Page  int
	Size  int
	Hits  []Hit
	// Next is the cursor of the last hit, for Query.After, when more hits
	// follow it; empty on the last page.
	Next   string
	Facets Facets
	// Histogram counts the matching articles per period over the span of
	// their dates.
	Histogram Histogram
	// TopActors are the actors named by most of the matching articles,
	// most first, whatever the actor filters and kind: who dominates the
	// coverage the search found.
	TopActors []FacetValue
}

// Normalize fills in the defaults of q (the first page, the default page
// size, relevance order for query text and newest first without) and
// refuses what no search may ask for, with a *QueryError naming the
// parameter. It is the one place these rules live: the web layer calls it
// to refuse a bad request before searching, and the engine at each of its
// entrances.
func (q *Query) Normalize() error {
	if len(q.Text) > MaxQueryLength {
		return &QueryError{Param: "q", Pos: -1, Msg: fmt.Sprintf("the query is %d bytes long; the limit is %d", len(q.Text), MaxQueryLength)}
	}
	for _, f := range []struct {
		param     string
		in, notIn []string
	}{{"not_actor", q.Actors, q.NotActors}, {"not_topic", q.Topics, q.NotTopics}, {"not_source", q.Sources, q.NotSources}} {
		for _, v := range f.notIn {
			if slices.Contains(f.in, v) {
				return &QueryError{Param: f.param, Pos: -1, Msg: fmt.Sprintf("%q cannot be both required and excluded", v)}
			}
		}
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return &QueryError{Param: "to", Pos: -1, Msg: fmt.Sprintf("to (%s) must not be before from (%s)", q.To.Format(time.DateOnly), q.From.Format(time.DateOnly))}
	}
	if q.ActorKind != "" && !q.ActorKind.Valid() {
		return &QueryError{Param: "kind", Pos: -1, Msg: "kind must be person, organization or place"}
	}
	switch q.Sort {
	case "":
		q.Sort = SortRelevance
		if strings.TrimSpace(q.Text) == "" {
			q.Sort = SortNewest
		}
	case SortRelevance, SortNewest, SortOldest:
	default:
		return &QueryError{Param: "sort", Pos: -1, Msg: "sort must be relevance, newest or oldest"}
	}
	if q.Size == 0 {
		q.Size = DefaultPageSize
	}
	if q.Size < 1 || q.Size > MaxPageSize {
		return &QueryError{Param: "size", Pos: -1, Msg: fmt.Sprintf("size must be a whole number from 1 to %d", MaxPageSize)}
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.After != "" && q.Page > 1 {
		return &QueryError{Param: "cursor", Pos: -1, Msg: "give either page or cursor, not both: cursor continues from the page that gave it"}
	}
	if maxPage := MaxResultWindow / q.Size; q.Page < 1 || q.Page > maxPage {
		msg := fmt.Sprintf("page must be a whole number from 1 to %d", maxPage)
		if q.Size != DefaultPageSize {
			msg += fmt.Sprintf(" (with %d results per page)", q.Size)
		}
		return &QueryError{Param: "page", Pos: -1, Msg: msg}
	}
	return q.checkCursor()
}

// Histogram intervals: the length of a Histogram's periods.
const (
	IntervalYear  = "year"
	IntervalMonth = "month"
	IntervalDay   = "day"
)

// Histogram is the number of matching articles per period, with empty
// periods included so that a chart shows gaps as gaps.
type Histogram struct {
	// Interval is "year", "month" or "day", chosen from the span of the
	// matching articles' dates, or of a date range shorter than three
	// years that the query chose, so a chart has a readable number of
	// bars.
	Interval string
	Buckets  []Bucket
	// Undated counts matching articles without a date.
	Undated uint64
	// Chosen reports that the buckets are every period of the date range
	// the query chose (the days of a month, the months of a year) rather
	// than the span of the matching articles' dates.
	Chosen bool
}

// Bucket is one period of a Histogram.
type Bucket struct {
	// Period is "2024", "2024-03" or "2024-03-15", the form the date
	// filter takes.
	Period   string
	From, To time.Time // first and last day of the period
	Count    int
}

// PutStats says what writing a batch of articles did.
type PutStats struct {
	Added   int // articles the index did not hold before
	Updated int // articles that replaced one with the same id
}

// Hit is one matching article. Article.Body is left empty: a results page
// shows highlights, not whole stories.
type Hit struct {
	Article
	Score float64
	// Highlights holds a fragment per field ("title", "body"): plain text,
	// with "…" where it cuts the field, and the spans the query matched.
	Highlights map[string][]Marked
	// Para is the number (0-based, as Article.Blocks counts) of the body
	// block the first body fragment comes from, or -1; Section is the
	// heading that block stands under, if any.
	Para    int
	Section string
}

// Facets holds the counts of the results per facet value.
type Facets struct {
	Actor []FacetValue
	Topic []FacetValue
	// Source holds the sources as written; articles without one are not
	// counted.
	Source []FacetValue
	// Date holds years, or the months of the year when the query's date
	// range lies within one year. Values are "2024" or "2024-03".
	Date []FacetValue
}

// FacetValue is one value of a facet with the number of matching articles.
//
// Count is the number of articles the search would find with this value
// selected in its facet: the other facets' filters apply, the facet's own
// selections do not, so the counts of a facet stay useful after one of its
// values is chosen.
type FacetValue struct {
	Value    string
	Count    int
	Kind     Kind // actors only
	Selected bool
	Excluded bool
}

// ActorInfo is an actor as the archive knows it: the name and kind its
// articles show, the other ways texts write it (EC for European Community,
// REAGAN and Reagan for Ronald Reagan), most frequent first, and how many
// articles name it.
type ActorInfo struct {
	Name     string
	Kind     Kind
	Aliases  []string
	Articles int
}

// Related is an article related to another, with the reason.
type Related struct {
	Hit
	SharedActors []string
	SharedTopics []string
}

// Suggestion completes what a user is typing: an actor name or an
// article title.
type Suggestion struct {
	Type  string // "actor" or "title"
	Text  string
	Kind  Kind   // actors
	Count int    // actors: articles naming them
	ID    string // titles: the article
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
	// Problems lists every problem found in the query text, in order of
	// position, the first being Pos and Msg; it is empty when the problem
	// is not one of the text's syntax.
	Problems []QueryProblem
}

// QueryProblem is one problem in query text: Pos is its byte offset.
type QueryProblem struct {
	Pos int
	Msg string
}

func (e *QueryError) Error() string {
	if e.Pos >= 0 {
		return fmt.Sprintf("%s: at position %d: %s", e.Param, e.Pos+1, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Param, e.Msg)
}
