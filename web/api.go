package web

import (
	"math"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/views"
)

// The JSON API's types. They are declared here, not borrowed from index,
// so the wire format changes only when this file does.

// SearchResponse is the answer of GET /api/search. Page is 0 on a page
// after a cursor, which is counted from the cursor, not from the first
// hit. Next and Prev are the addresses of the next and previous pages
// (see searchLinks), empty when there is none; NextCursor continues the
// results after this page, empty on the last.
type SearchResponse struct {
	Query      QueryEcho `json:"query"`
	Total      uint64    `json:"total"`
	TookMS     float64   `json:"took_ms"`
	Page       int       `json:"page"`
	Size       int       `json:"size"`
	TotalPages int       `json:"total_pages"`
	Next       string    `json:"next,omitempty"`
	Prev       string    `json:"prev,omitempty"`
	NextCursor string    `json:"next_cursor,omitempty"`
	Hits       []Hit     `json:"hits"`
	Facets     Facets    `json:"facets"`
	Histogram  Histogram `json:"histogram"`
}

// Histogram counts the results per period. Interval is "year", "month" or
// "day" ("" when no result has a date); empty periods are included.
type Histogram struct {
	Interval string            `json:"interval"`
	Buckets  []HistogramBucket `json:"buckets"`
	Undated  uint64            `json:"undated"`
}

// HistogramBucket is one period: Period is the form the date filter
// takes ("1987", "1987-03", "1987-03-15"), From and To its first and last
// day.
type HistogramBucket struct {
	Period string `json:"period"`
	From   string `json:"from"`
	To     string `json:"to"`
	Count  int    `json:"count"`
}

// QueryEcho is the search as the server understood it: defaults filled
// in, and from/to set from date when a date facet was chosen.
type QueryEcho struct {
	Q         string   `json:"q"`
	Actor     []string `json:"actor"`
	Topic     []string `json:"topic"`
	Source    []string `json:"source"`
	NotActor  []string `json:"not_actor"`
	NotTopic  []string `json:"not_topic"`
	NotSource []string `json:"not_source"`
	From      string   `json:"from"`
	To        string   `json:"to"`
	Date      string   `json:"date"`
	Kind      string   `json:"kind"`
	Sort      string   `json:"sort"`
	Page      int      `json:"page"`
	Size      int      `json:"size"`
	Cursor    string   `json:"cursor"`
}

// ArticleSummary is what a hit says of its article, in the same words as
// the article itself (Article): every field present, "" for text the
// article lacks and [] for an empty list, never null.
type ArticleSummary struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Published is RFC 3339 in UTC to the whole second
	// ("1987-02-26T15:01:01Z"); "" when unknown.
	Published string   `json:"published"`
	Source    string   `json:"source"`
	URL       string   `json:"url"`
	Actors    []Actor  `json:"actors"`
	Topics    []string `json:"topics"`
}

// Article is a whole article, as GET /api/articles/{id} and the JSON
// Lines export write it, and as the import reads it back. Imported is
// written as Published is. Supplied is null for an article whose actors
// and topics all came from its source (see index.Article).
type Article struct {
	ArticleSummary
	Body     string    `json:"body"`
	Dateline string    `json:"dateline"`
	Authors  []string  `json:"authors"`
	Language string    `json:"language"`
	Imported string    `json:"imported"`
	Supplied *Tags     `json:"supplied"`
	Found    []Actor   `json:"found"`
	Acronyms []Acronym `json:"acronyms"`
}

// Tags are the actors and topics an article's source gave.
type Tags struct {
	Actors []Actor  `json:"actors"`
	Topics []string `json:"topics"`
}

// Acronym is a short form an article defines for a name.
type Acronym struct {
	Short string `json:"short"`
	Long  string `json:"long"`
}

// Hit is one result of a search.
type Hit struct {
	ArticleSummary
	Highlights Highlights `json:"highlights"`
	Score      float64    `json:"score"`
}

// Actor is a person, organization or place named by an article.
type Actor struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// Highlights are HTML fragments with the query terms in <mark> and
// everything else escaped, as the pages show them.
type Highlights struct {
	Title []string `json:"title"`
	Body  []string `json:"body"`
}

// Facets are the counts of the results per facet value. Sources are
// counted as written; articles without one are not counted.
type Facets struct {
	Actor  []ActorFacetValue `json:"actor"`
	Topic  []FacetValue      `json:"topic"`
	Source []FacetValue      `json:"source"`
	Date   []FacetValue      `json:"date"`
}

// FacetValue is one value of a facet.
type FacetValue struct {
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
	Excluded bool   `json:"excluded"`
}

// ActorFacetValue is one value of the actor facet.
type ActorFacetValue struct {
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Kind     string `json:"kind"`
	Selected bool   `json:"selected"`
	Excluded bool   `json:"excluded"`
}

// SuggestResponse is the answer of GET /api/suggest.
type SuggestResponse struct {
	Suggestions []Suggestion `json:"suggestions"`
}

// Suggestion completes what a reader is typing. Type is "actor" or
// "title"; Kind and Count are given for actors.
type Suggestion struct {
	Type  string `json:"type"`
	Text  string `json:"text"`
	Kind  string `json:"kind,omitempty"`
	Count int    `json:"count,omitempty"`
	URL   string `json:"url"`
}

// ErrorResponse is the body of every API error.
type ErrorResponse struct {
	Error ErrorBody `json:"error"`
}

// ErrorBody says what went wrong. Code is stable, for programs:
// "bad_query", "not_found", "method_not_allowed", "internal", ...
// Param names the offending parameter of a bad query, and Offset, when
// present, is the byte offset of the problem in q. For query text that
// does not parse, Problems lists every problem, in order of offset (the
// first is Message at Offset), and PlainQ is q's words alone, with the
// operators and punctuation taken out: a query that parses, to offer
// instead ("" when q has no words or is already that).
type ErrorBody struct {
	Code     string         `json:"code"`
	Message  string         `json:"message"`
	Param    string         `json:"param,omitempty"`
	Offset   *int           `json:"offset,omitempty"`
	Problems []QueryProblem `json:"problems,omitempty"`
	PlainQ   string         `json:"plain_q,omitempty"`
}

// QueryProblem is one problem in query text, at a byte offset of q.
type QueryProblem struct {
	Offset  int    `json:"offset"`
	Message string `json:"message"`
}

// searchResponse converts a search and its results to the API's form.
// Lists are never null, so clients need not tell null from empty.
func searchResponse(p searchParams, res index.Results) SearchResponse {
	q := p.query
	out := SearchResponse{
		Query: QueryEcho{
			Q:         p.Q,
			Actor:     nonNil(p.Actors),
			Topic:     nonNil(p.Topics),
			Source:    nonNil(p.Sources),
			NotActor:  nonNil(p.NotActors),
			NotTopic:  nonNil(p.NotTopics),
			NotSource: nonNil(p.NotSources),
			Date:      p.Date,
			Kind:      string(p.Kind),
			Sort:      string(q.Sort),
			Page:      q.Page,
			Size:      q.Size,
			Cursor:    p.Cursor,
		},
		Total:  res.Total,
		TookMS: math.Round(float64(res.Took)/float64(time.Millisecond)*100) / 100,
		Page:   res.Page,
		Size:   res.Size,
		Hits:   []Hit{},
		Facets: Facets{Actor: []ActorFacetValue{}, Topic: []FacetValue{}, Source: []FacetValue{}, Date: []FacetValue{}},
		Histogram: Histogram{
			Interval: res.Histogram.Interval,
			Buckets:  []HistogramBucket{},
			Undated:  res.Histogram.Undated,
		},
	}
	for _, b := range res.Histogram.Buckets {
		out.Histogram.Buckets = append(out.Histogram.Buckets, HistogramBucket{
			Period: b.Period, From: b.From.Format(dayLayout), To: b.To.Format(dayLayout), Count: b.Count,
		})
	}
	if !q.From.IsZero() {
		out.Query.From = q.From.Format(dayLayout)
	}
	if !q.To.IsZero() {
		out.Query.To = q.To.Format(dayLayout)
	}
	if out.Page == 0 {
		out.Page = q.Page
	}
	if out.Size == 0 {
		out.Size = q.Size
	}
	if p.Cursor != "" {
		out.Page, out.Query.Page = 0, 0
	}
	out.TotalPages = totalPages(out.Total, out.Size)
	out.NextCursor = res.Next
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, Hit{
			ArticleSummary: articleSummary(h.Article),
			Highlights: Highlights{
				Title: markedHTML(h.Highlights["title"]),
				Body:  markedHTML(h.Highlights["body"]),
			},
			Score: h.Score,
		})
	}
	for _, f := range res.Facets.Actor {
		out.Facets.Actor = append(out.Facets.Actor, ActorFacetValue{Value: f.Value, Count: f.Count, Kind: string(f.Kind), Selected: f.Selected, Excluded: f.Excluded})
	}
	for _, f := range res.Facets.Topic {
		out.Facets.Topic = append(out.Facets.Topic, FacetValue{Value: f.Value, Count: f.Count, Selected: f.Selected, Excluded: f.Excluded})
	}
	for _, f := range res.Facets.Source {
		out.Facets.Source = append(out.Facets.Source, FacetValue{Value: f.Value, Count: f.Count, Selected: f.Selected, Excluded: f.Excluded})
	}
	for _, f := range res.Facets.Date {
		out.Facets.Date = append(out.Facets.Date, FacetValue{Value: f.Value, Count: f.Count, Selected: f.Selected})
	}
	return out
}

// articleSummary is what a hit says of a.
func articleSummary(a index.Article) ArticleSummary {
	return ArticleSummary{
		ID:        a.ID,
		Title:     a.Title,
		Published: apiTime(a.Published),
		Source:    a.Source,
		URL:       a.URL,
		Actors:    actors(a.Actors),
		Topics:    nonNil(a.Topics),
	}
}

// article is a in the API's form.
func article(a index.Article) Article {
	out := Article{
		ArticleSummary: articleSummary(a),
		Body:           a.Body,
		Dateline:       a.Dateline,
		Authors:        nonNil(a.Authors),
		Language:       a.Language,
		Imported:       apiTime(a.Imported),
		Found:          actors(a.Found),
		Acronyms:       []Acronym{},
	}
	if a.Supplied != nil {
		out.Supplied = &Tags{Actors: actors(a.Supplied.Actors), Topics: nonNil(a.Supplied.Topics)}
	}
	for _, ac := range a.Acronyms {
		out.Acronyms = append(out.Acronyms, Acronym{Short: ac.Short, Long: ac.Long})
	}
	return out
}

// apiTime is t as the API writes every time: RFC 3339 in UTC to the
// whole second, the form most readers parse; "" for none.
func apiTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

func actors(list []index.Actor) []Actor {
	out := make([]Actor, 0, len(list))
	for _, a := range list {
		out = append(out, Actor{Name: a.Name, Kind: string(a.Kind)})
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// markedHTML writes fragments as the pages show them; never nil, so that
// JSON clients get a list.
func markedHTML(ms []index.Marked) []string {
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, views.MarkedHTML(marked(m)))
	}
	return out
}
