package web

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/newsarchive/newsarchive/index"
)

// dayLayout is the form of the from and to parameters.
const dayLayout = "2006-01-02"

// searchParams is the state of a search as it lives in the URL. The fields
// hold what the request said (empty or zero for "not given"), so that links
// built from it say no more than the reader did; query is what to run.
type searchParams struct {
	Q       string
	Actors  []string
	Topics  []string
	Sources []string
	// NotActors, NotTopics and NotSources exclude articles with any of
	// them.
	NotActors  []string
	NotTopics  []string
	NotSources []string
	From       string     // YYYY-MM-DD
	To         string     // YYYY-MM-DD
	Date       string     // YYYY or YYYY-MM, from a date facet
	Kind       index.Kind // narrows the actor facet to one kind
	Sort       index.Sort
	Page       int
	Size       int
	// Cursor continues the results after the page that gave it (see
	// index.Query.After); links a page makes leave it out, as they start
	// again from a page number.
	Cursor string

	query index.Query
}

// maxFilterValues bounds the values of the facet filters (filterKeys) of
// one request together: far more than a reader picks, and few enough
// that a long address cannot make the server build a huge page.
const maxFilterValues = 100

// filterKeys are the facet filter parameters, each of which may be given
// many times.
func filterKeys() []string {
	return []string{"actor", "topic", "source", "not_actor", "not_topic", "not_source"}
}

// isSearchKey reports whether k is a search parameter.
func isSearchKey(k string) bool {
	switch k {
	case "q", "from", "to", "date", "kind", "sort", "page", "size", "cursor":
		return true
	}
	return slices.Contains(filterKeys(), k)
}

func badParam(param, format string, args ...any) *index.QueryError {
	return &index.QueryError{Param: param, Pos: -1, Msg: fmt.Sprintf(format, args...)}
}

// queryKey is where decodeQuery keeps a request's parameters.
const queryKey = "newsarchive.query"

// decodeQuery decodes the request's query string once, for queryValues,
// and refuses one that does not decode whole. Echo's QueryParam would
// drop a pair it cannot decode without a word, so q=%zz would list the
// whole archive instead of saying what is wrong.
func decodeQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		raw := c.Request().URL.RawQuery
		v, err := url.ParseQuery(raw)
		// The pairs that did decode are kept for the error page.
		c.Set(queryKey, v)
		if err != nil {
			return undecodable(raw, err)
		}
		return next(c)
	}
}

// queryValues returns the request's parameters, as decodeQuery decoded
// them (Echo's own decoding when the request failed before it).
func queryValues(c echo.Context) url.Values {
	if v, ok := c.Get(queryKey).(url.Values); ok {
		return v
	}
	return c.QueryParams()
}

// undecodable explains why url.ParseQuery refused raw with err, naming
// the parameter at fault: the first pair it refuses, as it reports that
// pair's error.
func undecodable(raw string, err error) *index.QueryError {
	for pair := range strings.SplitSeq(raw, "&") {
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		if strings.Contains(pair, ";") {
			name, _, _ := strings.Cut(rawKey, ";")
			return badParam(name, `%s has a ";", which cannot stand in an address: write it as %%3B, and put "&", not ";", between parameters`, name)
		}
		key, kerr := url.QueryUnescape(rawKey)
		if kerr != nil {
			return badParam(rawKey, "the parameter name %s is not encoded as an address must be: %s", rawKey, escapeAdvice(kerr))
		}
		if _, verr := url.QueryUnescape(rawValue); verr != nil {
			return badParam(key, "%s is not encoded as an address must be: %s", key, escapeAdvice(verr))
		}
	}
	return &index.QueryError{Pos: -1, Msg: "the address's parameters cannot be read: " + err.Error()}
}

// escapeAdvice says what is wrong with a percent escape and how to write
// what was meant.
func escapeAdvice(err error) string {
	var esc url.EscapeError
	if errors.As(err, &esc) {
		return fmt.Sprintf("%q is not a percent escape (%% and two hexadecimal digits); write a %% sign itself as %%25", string(esc))
	}
	return err.Error()
}

// parseSearch reads the search parameters shared by the HTML page and the
// JSON API into a query, and refuses it as Query.Normalize would the
// search itself, so that a bad request never reaches the index. Here
// strings only become typed values; the rules are Normalize's. Every
// error is an *index.QueryError naming the parameter. Empty values count
// as absent, as an empty form field sends them.
func parseSearch(v url.Values) (searchParams, error) {
	var p searchParams
	// A second value of these is rejected rather than ignored: silently
	// taking the first would run a different search from the one the URL
	// seems to ask for.
	for _, k := range []string{"q", "from", "to", "date", "kind", "sort", "page", "size", "cursor"} {
		if len(v[k]) > 1 {
			return p, badParam(k, "give %s only once; this address has it %d times", k, len(v[k]))
		}
	}
	n := 0
	for _, k := range filterKeys() {
		n += len(v[k])
	}
	if n > maxFilterValues {
		return p, badParam("actor", "give at most %d %s values together; this address has %d", maxFilterValues, listWords(filterKeys()), n)
	}
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }

	p.Q = get("q")
	p.Actors = nonEmpty(v["actor"])
	p.Topics = nonEmpty(v["topic"])
	p.Sources = nonEmpty(v["source"])
	p.NotActors = nonEmpty(v["not_actor"])
	p.NotTopics = nonEmpty(v["not_topic"])
	p.NotSources = nonEmpty(v["not_source"])
	p.Kind = index.Kind(get("kind"))
	p.Sort = index.Sort(get("sort"))
	q := index.Query{Text: p.Q, Actors: p.Actors, Topics: p.Topics, Sources: p.Sources,
		NotActors: p.NotActors, NotTopics: p.NotTopics, NotSources: p.NotSources,
		ActorKind: p.Kind, Sort: p.Sort, Highlight: true}

	var err error
	p.From, q.From, err = parseDay(get("from"), "from")
	if err != nil {
		return p, err
	}
	p.To, q.To, err = parseDay(get("to"), "to")
	if err != nil {
		return p, err
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
	p.Size = wholeNumber(get("size"))
	p.Page = wholeNumber(get("page"))
	if p.Cursor = get("cursor"); p.Cursor != "" && get("page") != "" {
		return p, badParam("cursor", "give either page or cursor, not both: cursor takes up where the page that gave it ended, and page counts from the first hit")
	}
	q.Size, q.Page, q.After = p.Size, p.Page, p.Cursor
	if err := q.Normalize(); err != nil {
		return p, err
	}
	p.query = q
	return p, nil
}

// wholeNumber reads a page or size parameter: 0 when absent, which the
// query takes as its default, and -1 for anything but a whole number of 1
// or more, which Query.Normalize refuses with the parameter's rule.
func wholeNumber(s string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return -1
	}
	return n
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
	return s, dayBound(t), nil
}

// dayBound is the first instant of a day as a Query's From or To. There
// any instant of a day stands for the day, and 0001-01-01 needs another
// than its first: that is the zero Time, which the Query takes for no
// bound at all.
func dayBound(t time.Time) time.Time {
	if t.IsZero() {
		return t.Add(12 * time.Hour)
	}
	return t
}

// parsePeriod turns a date facet value, a year or a month, into the first
// and last day it covers.
func parsePeriod(s string) (from, to time.Time, err error) {
	if t, err := time.Parse("2006", s); err == nil {
		return dayBound(t), t.AddDate(1, 0, -1), nil
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		return dayBound(t), t.AddDate(0, 1, -1), nil
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
	for _, s := range p.Sources {
		v.Add("source", s)
	}
	for _, a := range p.NotActors {
		v.Add("not_actor", a)
	}
	for _, t := range p.NotTopics {
		v.Add("not_topic", t)
	}
	for _, s := range p.NotSources {
		v.Add("not_source", s)
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
	c.Sources = slices.Clone(p.Sources)
	c.NotActors = slices.Clone(p.NotActors)
	c.NotTopics = slices.Clone(p.NotTopics)
	c.NotSources = slices.Clone(p.NotSources)
	c.Page, c.Cursor = 0, ""
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
	return len(p.Actors) > 0 || len(p.Topics) > 0 || len(p.Sources) > 0 || len(p.NotActors) > 0 || len(p.NotTopics) > 0 || len(p.NotSources) > 0 ||
		p.Date != "" || p.From != "" || p.To != ""
}

// listWords joins words as a sentence lists them: "a, b and c".
func listWords(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
