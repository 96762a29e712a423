package web

import (
	"math"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/views"
)

// The JSON API's types. They are declared here, not borrowed from index,
// so the wire format changes only when this file does.

// SearchResponse is the answer of GET /api/search.
type SearchResponse struct {
	Query     QueryEcho `json:"query"`
	Total     uint64    `json:"total"`
	TookMS    float64   `json:"took_ms"`
	Page      int       `json:"page"`
	Size      int       `json:"size"`
	Hits      []Hit     `json:"hits"`
	Facets    Facets    `json:"facets"`
	Histogram Histogram `json:"histogram"`
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
}

// Hit is one result of a search.
type Hit struct {
	ID         string     `json:"id"`
	Title      string     `json:"title"`
	Published  string     `json:"published"` // RFC 3339; empty when unknown
	Source     string     `json:"source"`
	URL        string     `json:"url"`
	Actors     []Actor    `json:"actors"`
	Topics     []string   `json:"topics"`
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
	Actor   []ActorFacetValue `json:"actor"`
	Topic   []FacetValue      `json:"topic"`
	Sources []FacetValue      `json:"sources"`
	Date    []FacetValue      `json:"date"`
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
// present, is the byte offset of the problem in q.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Param   string `json:"param,omitempty"`
	Offset  *int   `json:"offset,omitempty"`
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
		},
		Total:  res.Total,
		TookMS: math.Round(float64(res.Took)/float64(time.Millisecond)*100) / 100,
		Page:   res.Page,
		Size:   res.Size,
		Hits:   []Hit{},
		Facets: Facets{Actor: []ActorFacetValue{}, Topic: []FacetValue{}, Sources: []FacetValue{}, Date: []FacetValue{}},
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
	for _, h := range res.Hits {
		hit := Hit{
			ID:     h.ID,
			Title:  h.Title,
			Source: h.Source,
			URL:    h.URL,
			Actors: []Actor{},
			Topics: nonNil(h.Topics),
			Highlights: Highlights{
				Title: markedHTML(h.Highlights["title"]),
				Body:  markedHTML(h.Highlights["body"]),
			},
			Score: h.Score,
		}
		if !h.Published.IsZero() {
			hit.Published = h.Published.Format(time.RFC3339)
		}
		for _, a := range h.Actors {
			hit.Actors = append(hit.Actors, Actor{Name: a.Name, Kind: string(a.Kind)})
		}
		out.Hits = append(out.Hits, hit)
	}
	for _, f := range res.Facets.Actor {
		out.Facets.Actor = append(out.Facets.Actor, ActorFacetValue{Value: f.Value, Count: f.Count, Kind: string(f.Kind), Selected: f.Selected, Excluded: f.Excluded})
	}
	for _, f := range res.Facets.Topic {
		out.Facets.Topic = append(out.Facets.Topic, FacetValue{Value: f.Value, Count: f.Count, Selected: f.Selected, Excluded: f.Excluded})
	}
	for _, f := range res.Facets.Source {
		out.Facets.Sources = append(out.Facets.Sources, FacetValue{Value: f.Value, Count: f.Count, Selected: f.Selected, Excluded: f.Excluded})
	}
	for _, f := range res.Facets.Date {
		out.Facets.Date = append(out.Facets.Date, FacetValue{Value: f.Value, Count: f.Count, Selected: f.Selected})
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
