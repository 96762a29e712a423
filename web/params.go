package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

// dayLayout is the form of the from and to parameters.
const dayLayout = "2006-01-02"

// searchParams is the state of a search as it lives in the URL. The fields
// hold what the request said (empty or zero for "not given"), so that links
// built from it say no more than the reader did; query is what to run.
type searchParams struct {
	Q      string
	Actors []string
	Topics []string
	// NotActors and NotTopics exclude articles naming any of them.
	NotActors []string
	NotTopics []string
	From      string     // YYYY-MM-DD
	To        string     // YYYY-MM-DD
	Date      string     // YYYY or YYYY-MM, from a date facet
	Kind      index.Kind // narrows the actor facet to one kind
	Sort      index.Sort
	Page      int
	Size      int

	query index.Query
}

// isSearchKey reports whether k is a search parameter.
func isSearchKey(k string) bool {
	switch k {
	case "q", "actor", "topic", "not_actor", "not_topic", "from", "to", "date", "kind", "sort", "page", "size":
		return true
	}
	return false
}

func badParam(param, format string, args ...any) *index.QueryError {
	return &index.QueryError{Param: param, Pos: -1, Msg: fmt.Sprintf(format, args...)}
}

// parseSearch reads the search parameters shared by the HTML page and the
// JSON API. Every error is an *index.QueryError naming the parameter.
// Empty values count as absent, as an empty form field sends them.
func parseSearch(v url.Values) (searchParams, error) {
	var p searchParams
	// A second value of these is rejected rather than ignored: silently
	// taking the first would run a different search from the one the URL
	// seems to ask for.
	for _, k := range []string{"q", "from", "to", "date", "kind", "sort", "page", "size"} {
		if len(v[k]) > 1 {
			return p, badParam(k, "give %s only once; this address has it %d times", k, len(v[k]))
		}
	}
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }

	p.Q = get("q")
	if len(p.Q) > index.MaxQueryLength {
		return p, badParam("q", "the query is %d bytes long; the limit is %d", len(p.Q), index.MaxQueryLength)
	}
	p.Actors = nonEmpty(v["actor"])
	p.Topics = nonEmpty(v["topic"])
	p.NotActors = nonEmpty(v["not_actor"])
	p.NotTopics = nonEmpty(v["not_topic"])
	for _, f := range []struct {
		param     string
		in, notIn []string
	}{{"not_actor", p.Actors, p.NotActors}, {"not_topic", p.Topics, p.NotTopics}} {
		for _, val := range f.notIn {
			if slices.Contains(f.in, val) {
				return p, badParam(f.param, "%q cannot be both required and excluded", val)
			}
		}
	}

	q := index.Query{Text: p.Q, Actors: p.Actors, Topics: p.Topics, NotActors: p.NotActors, NotTopics: p.NotTopics, Highlight: true}

	var err error
	p.From, q.From, err = parseDay(get("from"), "from")
	if err != nil {
		return p, err
	}
	p.To, q.To, err = parseDay(get("to"), "to")
	if err != nil {
		return p, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return p, badParam("to", "to (%s) must not be before from (%s)", p.To, p.From)
	}
	if p.Date = get("date"); p.Date != "" {
		if p.From != "" || p.To != "" {
			return p, badParam("date", "use either date or from/to, not both")
		}
		q.From, q.To, err = parsePeriod(p.Date)
		if err != nil {
			return p, err
		}
	}

	switch k := index.Kind(get("kind")); {
	case k == "":
	case k.Valid():
		p.Kind, q.ActorKind = k, k
	default:
		return p, badParam("kind", "kind must be person, organization or place")
	}

	switch s := index.Sort(get("sort")); s {
	case "":
		q.Sort = index.SortNewest
		if p.Q != "" {
			q.Sort = index.SortRelevance
		}
	case index.SortRelevance, index.SortNewest, index.SortOldest:
		p.Sort, q.Sort = s, s
	default:
		return p, badParam("sort", "sort must be relevance, newest or oldest")
	}

	q.Size = index.DefaultPageSize
	if s := get("size"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > index.MaxPageSize {
			return p, badParam("size", "size must be a whole number from 1 to %d", index.MaxPageSize)
		}
		p.Size, q.Size = n, n
	}
	q.Page = 1
	if s := get("page"); s != "" {
		maxPage := index.MaxResultWindow / q.Size
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPage {
			msg := fmt.Sprintf("page must be a whole number from 1 to %d", maxPage)
			if p.Size != 0 {
				msg += fmt.Sprintf(" (with %d results per page)", q.Size)
			}
			return p, badParam("page", "%s", msg)
		}
		p.Page, q.Page = n, n
	}
	p.query = q
	return p, nil
}

func nonEmpty(vals []string) []string {
	var out []string
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func parseDay(s, param string) (string, time.Time, error) {
	if s == "" {
		return "", time.Time{}, nil
	}
	t, err := time.Parse(dayLayout, s)
	if err != nil {
		return "", time.Time{}, badParam(param, "%s must be a date like 2024-03-15 (year-month-day)", param)
	}
	return s, t, nil
}

// parsePeriod turns a date facet value, a year or a month, into the first
// and last day it covers.
func parsePeriod(s string) (from, to time.Time, err error) {
	if t, err := time.Parse("2006", s); err == nil {
		return t, t.AddDate(1, 0, -1), nil
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		return t, t.AddDate(0, 1, -1), nil
	}
	return time.Time{}, time.Time{}, badParam("date", "date must be a year like 2024 or a month like 2024-03")
}

// values encodes the state back into parameters, leaving out what was not
// given so links stay short.
func (p searchParams) values() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", p.Q)
	for _, a := range p.Actors {
		v.Add("actor", a)
	}
	for _, t := range p.Topics {
		v.Add("topic", t)
	}
	for _, a := range p.NotActors {
		v.Add("not_actor", a)
	}
	for _, t := range p.NotTopics {
		v.Add("not_topic", t)
	}
	set("from", p.From)
	set("to", p.To)
	set("date", p.Date)
	set("kind", string(p.Kind))
	set("sort", string(p.Sort))
	if p.Page > 1 {
		v.Set("page", strconv.Itoa(p.Page))
	}
	if p.Size != 0 {
		v.Set("size", strconv.Itoa(p.Size))
	}
	return v
}

// url is the search page URL for the state.
func (p searchParams) url() string {
	if enc := p.values().Encode(); enc != "" {
		return "/search?" + enc
	}
	return "/search"
}

// with returns a copy changed by edit, on a fresh first page: every link
// that changes what is searched starts again from the top.
func (p searchParams) with(edit func(*searchParams)) searchParams {
	c := p
	c.Actors = slices.Clone(p.Actors)
	c.Topics = slices.Clone(p.Topics)
	c.NotActors = slices.Clone(p.NotActors)
	c.NotTopics = slices.Clone(p.NotTopics)
	c.Page = 0
	edit(&c)
	return c
}

// remove returns list without v.
func remove(list []string, v string) []string {
	return slices.DeleteFunc(list, func(s string) bool { return s == v })
}

// add adds v to list unless present.
func add(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

func (p searchParams) hasFilters() bool {
	return len(p.Actors) > 0 || len(p.Topics) > 0 || len(p.NotActors) > 0 || len(p.NotTopics) > 0 || p.Date != "" || p.From != "" || p.To != ""
}
