package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/views"
)

// humanDay is how dates are shown to readers.
const humanDay = "2 January 2006"

// searchView turns a search and its results into the search page.
func (s *Server) searchView(p searchParams, res index.Results) views.SearchPage {
	title := "Newest articles"
	if p.Q != "" {
		title = p.Q
	}
	v := views.SearchPage{
		Page:    s.page(title),
		Query:   p.Q,
		Summary: summary(res),
		Chips:   chips(p),
		Sorts:   sortLinks(p),
		Pager:   pager(p, res.Total),
	}
	v.Search = searchForm(p)
	for _, h := range res.Hits {
		v.Hits = append(v.Hits, hitView(p, h))
	}
	v.ActorGroups = actorGroups(p, res.Facets.Actor)
	v.ActorKinds = actorKinds(p)
	for _, f := range res.Facets.Topic {
		selected := f.Selected || slices.Contains(p.Topics, f.Value)
		v.Topics = append(v.Topics, views.FacetLink{
			Label:    f.Value,
			Count:    formatCount(uint64(max(f.Count, 0))),
			Selected: selected,
			URL:      p.with(func(c *searchParams) { c.Topics = toggle(c.Topics, f.Value) }).url(),
		})
	}
	v.DateHeading, v.Dates = dateFacet(p, res.Facets.Date)
	if len(res.Hits) == 0 {
		v.Suggestions = suggestions(p)
	}
	return v
}

// searchForm carries the current filters into the next query, so typing
// new words refines rather than restarts; the chips remove filters.
func searchForm(p searchParams) views.SearchForm {
	f := views.SearchForm{Q: p.Q}
	for k, vals := range p.with(func(c *searchParams) { c.Q = "" }).values() {
		for _, val := range vals {
			f.Hidden = append(f.Hidden, views.Hidden{Name: k, Value: val})
		}
	}
	slices.SortStableFunc(f.Hidden, func(a, b views.Hidden) int { return strings.Compare(a.Name, b.Name) })
	return f
}

func summary(res index.Results) string {
	noun := "articles"
	if res.Total == 1 {
		noun = "article"
	}
	return fmt.Sprintf("%s %s · %.1f ms", formatCount(res.Total), noun, float64(res.Took)/float64(time.Millisecond))
}

// formatCount writes n with thousands separators.
func formatCount(n uint64) string {
	s := strconv.FormatUint(n, 10)
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func chips(p searchParams) []views.Chip {
	var out []views.Chip
	for _, a := range p.Actors {
		out = append(out, views.Chip{Label: "actor: " + a, RemoveURL: p.with(func(c *searchParams) { c.Actors = toggle(c.Actors, a) }).url()})
	}
	for _, t := range p.Topics {
		out = append(out, views.Chip{Label: "topic: " + t, RemoveURL: p.with(func(c *searchParams) { c.Topics = toggle(c.Topics, t) }).url()})
	}
	if p.Date != "" {
		out = append(out, views.Chip{Label: "date: " + p.Date, RemoveURL: p.with(func(c *searchParams) { c.Date = "" }).url()})
	}
	if p.From != "" {
		out = append(out, views.Chip{Label: "from: " + p.From, RemoveURL: p.with(func(c *searchParams) { c.From = "" }).url()})
	}
	if p.To != "" {
		out = append(out, views.Chip{Label: "to: " + p.To, RemoveURL: p.with(func(c *searchParams) { c.To = "" }).url()})
	}
	return out
}

// sortLinks offers relevance only when there are words to be relevant to.
func sortLinks(p searchParams) []views.Link {
	sorts := []index.Sort{index.SortNewest, index.SortOldest}
	if p.Q != "" {
		sorts = append([]index.Sort{index.SortRelevance}, sorts...)
	}
	var out []views.Link
	for _, srt := range sorts {
		out = append(out, views.Link{
			Label:  strings.ToUpper(string(srt[:1])) + string(srt[1:]),
			URL:    p.with(func(c *searchParams) { c.Sort = srt }).url(),
			Active: p.query.Sort == srt,
		})
	}
	return out
}

// pager links to the previous, next, first, last and nearby pages, up to
// the last page the index will serve.
func pager(p searchParams, total uint64) views.Pager {
	size, cur := p.query.Size, p.query.Page
	last := int((total + uint64(size) - 1) / uint64(size))
	last = min(last, index.MaxResultWindow/size)
	at := func(n int) string { return p.with(func(c *searchParams) { c.Page = n }).url() }
	var pg views.Pager
	if cur > 1 && last >= 1 {
		pg.Prev = at(min(cur-1, last))
	}
	if cur < last {
		pg.Next = at(cur + 1)
	}
	if pg.Prev == "" && pg.Next == "" {
		return pg
	}
	var nums []int
	for _, n := range []int{1, cur - 2, cur - 1, cur, cur + 1, cur + 2, last} {
		if n >= 1 && n <= last && !slices.Contains(nums, n) {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	for i, n := range nums {
		if i > 0 && n > nums[i-1]+1 {
			pg.Pages = append(pg.Pages, views.Link{Label: "…"})
		}
		pg.Pages = append(pg.Pages, views.Link{Label: strconv.Itoa(n), URL: at(n), Active: n == cur})
	}
	return pg
}

func hitView(p searchParams, h index.Hit) views.Hit {
	v := views.Hit{
		URL:      articleURL(h.ID, p.values()),
		Title:    h.Title,
		Source:   h.Source,
		Snippets: h.Highlights["body"],
		Lead:     h.Body,
	}
	if t := h.Highlights["title"]; len(t) > 0 {
		v.TitleHTML = t[0]
	}
	if v.Title == "" && v.TitleHTML == "" {
		v.Title = "(untitled)"
	}
	v.Date, v.DateISO = dates(h.Published)
	for _, a := range h.Actors {
		v.Actors = append(v.Actors, views.Tag{
			Label: a.Name,
			Kind:  string(a.Kind),
			URL:   p.with(func(c *searchParams) { c.Actors = add(c.Actors, a.Name) }).url(),
		})
	}
	for _, t := range h.Topics {
		v.Topics = append(v.Topics, views.Tag{
			Label: t,
			URL:   p.with(func(c *searchParams) { c.Topics = add(c.Topics, t) }).url(),
		})
	}
	return v
}

// articleURL links to an article, carrying the search it was found by so
// the page can highlight the words and lead back to the results.
func articleURL(id string, search url.Values) string {
	u := "/articles/" + url.PathEscape(id)
	if enc := search.Encode(); enc != "" {
		u += "?" + enc
	}
	return u
}

func dates(t time.Time) (human, iso string) {
	if t.IsZero() {
		return "", ""
	}
	return t.Format(humanDay), t.Format(dayLayout)
}

// actorGroups groups the actor facet by kind, in the index's order
// within each kind.
func actorGroups(p searchParams, facet []index.FacetValue) []views.FacetGroup {
	kinds := []struct {
		kind  index.Kind
		label string
	}{
		{index.Person, "People"},
		{index.Organization, "Organizations"},
		{index.Place, "Places"},
		{"", "Other"},
	}
	var out []views.FacetGroup
	for _, k := range kinds {
		g := views.FacetGroup{Label: k.label}
		for _, f := range facet {
			if f.Kind != k.kind && (k.kind != "" || f.Kind.Valid()) {
				continue
			}
			g.Values = append(g.Values, views.FacetLink{
				Label:    f.Value,
				Count:    formatCount(uint64(max(f.Count, 0))),
				Selected: f.Selected || slices.Contains(p.Actors, f.Value),
				URL:      p.with(func(c *searchParams) { c.Actors = toggle(c.Actors, f.Value) }).url(),
			})
		}
		if len(g.Values) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// actorKinds links the actor facet to each kind of actor alone, or to all.
func actorKinds(p searchParams) []views.Link {
	kinds := []struct {
		kind  index.Kind
		label string
	}{{"", "All"}, {index.Person, "People"}, {index.Organization, "Organizations"}, {index.Place, "Places"}}
	out := make([]views.Link, len(kinds))
	for i, k := range kinds {
		out[i] = views.Link{
			Label:  k.label,
			URL:    p.with(func(c *searchParams) { c.Kind = k.kind }).url(),
			Active: p.Kind == k.kind,
		}
	}
	return out
}

// dateFacet links each year or month to a search within it. A selected
// month leads back up to its year, a selected year to all dates.
func dateFacet(p searchParams, facet []index.FacetValue) (heading string, links []views.FacetLink) {
	heading = "Year"
	for _, f := range facet {
		label := f.Value
		if t, err := time.Parse("2006-01", f.Value); err == nil {
			label = t.Format("January")
			heading = "Month of " + t.Format("2006")
		}
		selected := f.Selected || p.Date == f.Value
		target := f.Value
		if selected {
			target, _, _ = strings.Cut(f.Value, "-")
			if target == f.Value {
				target = ""
			}
		}
		links = append(links, views.FacetLink{
			Label:    label,
			Count:    formatCount(uint64(max(f.Count, 0))),
			Selected: selected,
			URL: p.with(func(c *searchParams) {
				c.Date, c.From, c.To = target, "", ""
			}).url(),
		})
	}
	return heading, links
}

func suggestions(p searchParams) []views.Link {
	var out []views.Link
	if p.hasFilters() {
		out = append(out, views.Link{
			Label: "the same words without filters",
			URL:   searchParams{Q: p.Q, Sort: p.Sort, Size: p.Size}.url(),
		})
	}
	if p.Q != "" {
		out = append(out,
			views.Link{Label: "fewer or more general words, or OR between them", URL: "/help"},
			views.Link{Label: "browsing all articles", URL: "/search"},
		)
	}
	return out
}

// articleView turns an article into its page. search is the search the
// reader came from (possibly empty), blocks the highlighted body or nil.
func (s *Server) articleView(a index.Article, search url.Values, q string, blocks []index.HTMLBlock) views.ArticlePage {
	title := a.Title
	if title == "" {
		title = "(untitled)"
	}
	v := views.ArticlePage{
		Page:      s.page(title),
		Title:     title,
		Dateline:  a.Dateline,
		Source:    a.Source,
		URL:       httpURL(a.URL),
		Authors:   a.Authors,
		SearchURL: "/search",
	}
	v.Search.Q = q
	if len(search) > 0 {
		v.BackURL = "/search?" + search.Encode()
	}
	if blocks != nil {
		v.Query = q
		for _, b := range blocks {
			v.Blocks = append(v.Blocks, views.Block{Heading: b.Heading, HTML: b.HTML})
		}
	} else {
		for _, b := range a.Blocks() {
			v.Blocks = append(v.Blocks, views.Block{Heading: b.Heading, Text: b.Text})
		}
	}
	v.Date, v.DateISO = dates(a.Published)
	for _, k := range []struct {
		kind  index.Kind
		label string
	}{{index.Person, "People"}, {index.Organization, "Organizations"}, {index.Place, "Places"}} {
		g := views.TagGroup{Label: k.label}
		for _, ac := range a.Actors {
			if ac.Kind == k.kind {
				g.Tags = append(g.Tags, views.Tag{Label: ac.Name, Kind: string(ac.Kind), URL: searchParams{Actors: []string{ac.Name}}.url()})
			}
		}
		if len(g.Tags) > 0 {
			v.ActorGroups = append(v.ActorGroups, g)
		}
	}
	for _, t := range a.Topics {
		v.Topics = append(v.Topics, views.Tag{Label: t, URL: searchParams{Topics: []string{t}}.url()})
	}
	return v
}

// httpURL returns u if it is an absolute http(s) URL, else "": only those
// are safe and useful to link to.
func httpURL(u string) string {
	pu, err := url.Parse(u)
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		return ""
	}
	return u
}
