package web

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/internal/numfmt"
	"github.com/newsarchive/newsarchive/views"
)

// descriptionLen is about what search engines show of a page's
// description.
const descriptionLen = 160

// searchDescription describes a search page for search engines and link
// previews: what was searched and how much was found.
func searchDescription(p searchParams, res index.Results) string {
	what := "the newest articles of the archive"
	if p.Q != "" {
		what = fmt.Sprintf("articles matching %q", p.Q)
	}
	if n := len(chips(p)); n > 0 {
		what += fmt.Sprintf(" with %d filters", n)
	}
	return fmt.Sprintf("%s%s: %s found, with the people, organizations, places and topics they name.",
		strings.ToUpper(what[:1]), what[1:], numfmt.Uint(res.Total))
}

// clip returns the first words of s, at most n bytes, ending with an
// ellipsis when it cut; spaces and line breaks collapse.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut <= 0 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:.") + "…"
}

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
	v.ResultsID = "results"
	v.Description = searchDescription(p, res)
	v.FeedURL = p.feedURL()
	v.Page.FeedURL = v.FeedURL
	v.ExportCSV, v.ExportJSONL = p.exportURL("/export.csv"), p.exportURL("/export.jsonl")
	v.ExportLimit = numfmt.Uint(exportLimit)
	if len(v.Chips) > 1 {
		v.FiltersNote = "All filters apply; several values of one facet match any of them."
	}
	for _, h := range res.Hits {
		v.Hits = append(v.Hits, hitView(p, h))
	}
	v.Chart = chart(p, res.Histogram)
	v.TopActors = topActors(p, res.TopActors)
	v.ActorGroups = actorGroups(p, res.Facets.Actor, s.aka)
	v.ActorKinds = actorKinds(p)
	v.ActorNote = anyOfNote(len(p.Actors))
	v.TopicNote = anyOfNote(len(p.Topics))
	var topics []views.FacetLink
	for _, f := range res.Facets.Topic {
		topics = append(topics, facetLink("topic", f, p.Topics, p.NotTopics, p, func(c *searchParams) *[]string { return &c.Topics }, func(c *searchParams) *[]string { return &c.NotTopics }))
	}
	v.Topics = splitGroup("Topics", topics)
	v.SourceNote = anyOfNote(len(p.Sources))
	var sources []views.FacetLink
	for _, f := range res.Facets.Source {
		sources = append(sources, facetLink("source", f, p.Sources, p.NotSources, p, func(c *searchParams) *[]string { return &c.Sources }, func(c *searchParams) *[]string { return &c.NotSources }))
	}
	v.Sources = splitGroup("Sources", sources)
	v.DateHeading, v.Dates = dateFacet(p, res.Facets.Date)
	switch {
	case len(res.Hits) == 0 && res.Total > 0:
		last := lastPage(p, res.Total)
		v.PastEnd = &views.Link{
			Label: fmt.Sprintf("Page %d is past the end: these %s articles end on page %d.", p.query.Page, numfmt.Uint(res.Total), last),
			URL:   p.with(func(c *searchParams) { c.Page = last }).url(),
		}
	case len(res.Hits) == 0:
		v.Suggestions = suggestions(p)
	}
	return v
}

// lastPage is the number of the last page of total results that paging
// reaches.
func lastPage(p searchParams, total uint64) int {
	size := p.query.Size
	return min(int((total+uint64(size)-1)/uint64(size)), index.MaxResultWindow/size)
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
	return fmt.Sprintf("%s %s · %.1f ms", numfmt.Uint(res.Total), noun, float64(res.Took)/float64(time.Millisecond))
}

// anyOfNote explains a facet with several values chosen, which match
// any of them.
func anyOfNote(selected int) string {
	if selected < 2 {
		return ""
	}
	return fmt.Sprintf("Any of the %d selected", selected)
}

// chips lists the active filters in the order they combine: the values
// of one facet joined by "or", facets and exclusions by "and". A chip's
// remove button submits the search form, which carries every filter once,
// with the one to drop: a link per chip would repeat every filter in each,
// and a page with many filters would grow with their square.
func chips(p searchParams) []views.Chip {
	var out []views.Chip
	group := func(prefix, param string, vals []string, excluded bool) {
		for i, val := range vals {
			ch := views.Chip{Label: prefix + val, Excluded: excluded, Drop: param + "=" + val}
			switch {
			case len(out) == 0:
			case i > 0 && !excluded:
				ch.Joiner = "or"
			default:
				ch.Joiner = "and"
			}
			out = append(out, ch)
		}
	}
	group("actor: ", "actor", p.Actors, false)
	group("topic: ", "topic", p.Topics, false)
	group("source: ", "source", p.Sources, false)
	group("not: ", "not_actor", p.NotActors, true)
	group("not: ", "not_topic", p.NotTopics, true)
	group("not source: ", "not_source", p.NotSources, true)
	single := func(prefix, param, val string) {
		if val != "" {
			group(prefix, param, []string{val}, false)
		}
	}
	single("date: ", "date", p.Date)
	single("from: ", "from", p.From)
	single("to: ", "to", p.To)
	return out
}

// dropFilters applies to v the edits of the search form's buttons: a
// drop value ("actor=Ronald Reagan") takes that filter out, as a chip's or
// a chosen facet value's remove button asks, and an exclude value
// ("actor=Ronald Reagan") turns a chosen actor, topic or source into an
// excluded one. The edits themselves go too. It reports whether there were any.
func dropFilters(v url.Values) bool {
	drops, excludes := v["drop"], v["exclude"]
	if len(drops) == 0 && len(excludes) == 0 {
		return false
	}
	delete(v, "drop")
	delete(v, "exclude")
	take := func(k, val string) {
		v[k] = slices.DeleteFunc(v[k], func(s string) bool { return strings.TrimSpace(s) == val })
	}
	for _, d := range drops {
		if k, val, ok := strings.Cut(d, "="); ok && isSearchKey(k) && k != "q" {
			take(k, val)
		}
	}
	for _, d := range excludes {
		if k, val, ok := strings.Cut(d, "="); ok && (k == "actor" || k == "topic" || k == "source") {
			take(k, val)
			if !slices.Contains(v["not_"+k], val) {
				v["not_"+k] = append(v["not_"+k], val)
			}
		}
	}
	delete(v, "page") // what is searched changed: back to the top
	for k, vals := range v {
		// A form sends its empty fields too; the address leaves them out.
		if v[k] = slices.DeleteFunc(vals, func(s string) bool { return strings.TrimSpace(s) == "" }); len(v[k]) == 0 {
			delete(v, k)
		}
	}
	return true
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
	cur, last := p.query.Page, lastPage(p, total)
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
		Snippets: markedList(h.Highlights["body"]),
		Lead:     h.Body,
	}
	if t := h.Highlights["title"]; len(t) > 0 {
		v.TitleMarked = marked(t[0])
	}
	if v.Title == "" && len(v.TitleMarked) == 0 {
		v.Title = "(untitled)"
	}
	v.Date, v.DateISO = dates(h.Published)
	if len(v.Snippets) > 0 && h.Para >= 0 {
		v.SnippetURL = articleURL(h.ID, p.values()) + "#p" + strconv.Itoa(h.Para)
		v.Section = h.Section
	}
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
	if h.Source != "" {
		v.SourceURL = p.with(func(c *searchParams) { c.Sources = add(c.Sources, h.Source) }).url()
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

// aka is what the pages show an actor as "also written as": a few other
// names the archive's texts write it by, or nothing.
func (s *Server) aka(name string) string {
	return strings.Join(s.searcher.Aliases(name), ", ")
}

// actorGroups groups the actor facet by kind, in the index's order
// within each kind.
func actorGroups(p searchParams, facet []index.FacetValue, aka func(string) string) []views.FacetGroup {
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
		var links []views.FacetLink
		for _, f := range facet {
			if f.Kind != k.kind && (k.kind != "" || f.Kind.Valid()) {
				continue
			}
			l := facetLink("actor", f, p.Actors, p.NotActors, p, func(c *searchParams) *[]string { return &c.Actors }, func(c *searchParams) *[]string { return &c.NotActors })
			l.AKA = aka(f.Value)
			links = append(links, l)
		}
		if len(links) > 0 {
			out = append(out, splitGroup(k.label, links))
		}
	}
	return out
}

// facetShown is how many values of a facet group show before the rest
// are folded away.
const facetShown = 10

// splitGroup shows the first facetShown links and folds the rest, open
// from the start when a chosen value is among them.
func splitGroup(label string, links []views.FacetLink) views.FacetGroup {
	g := views.FacetGroup{Label: label, Values: links}
	if len(links) > facetShown {
		g.Values, g.More = links[:facetShown], links[facetShown:]
		for _, l := range g.More {
			g.OpenMore = g.OpenMore || l.Selected || l.Excluded
		}
	}
	return g
}

// facetLink links a value of the actor, topic or source facet. A plain value
// adds itself to the facet's selections (OR'ed with the others), a
// selected or excluded one removes itself; the exclude link swaps a value
// from chosen to excluded.
func facetLink(facet string, f index.FacetValue, chosen, excluded []string, p searchParams, in, notIn func(*searchParams) *[]string) views.FacetLink {
	l := views.FacetLink{
		Facet:    facet,
		Value:    f.Value,
		Label:    f.Value,
		Count:    numfmt.Uint(uint64(max(f.Count, 0))),
		Selected: f.Selected || slices.Contains(chosen, f.Value),
		Excluded: f.Excluded || slices.Contains(excluded, f.Value),
	}
	// A chosen or excluded value drops itself through the search form, as
	// a chip does: there may be as many of them as filters.
	switch {
	case l.Excluded:
		l.Selected = false
		l.Drop = "not_" + facet + "=" + f.Value
	case l.Selected:
		l.Drop = facet + "=" + f.Value
	default:
		l.URL = p.with(func(c *searchParams) { *in(c) = add(*in(c), f.Value) }).url()
	}
	switch {
	case l.Selected:
		l.Exclude = facet + "=" + f.Value
	case !l.Excluded:
		l.ExcludeURL = p.with(func(c *searchParams) {
			*in(c) = remove(*in(c), f.Value)
			*notIn(c) = add(*notIn(c), f.Value)
		}).url()
	}
	return l
}

// topActorsShown is the length of the "who dominates" list.
const topActorsShown = 10

// topActors ranks the actors named by most results, for the bar list.
// Excluded actors are left out: the results cannot name them.
func topActors(p searchParams, facet []index.FacetValue) []views.Bar {
	var vals []index.FacetValue
	for _, f := range facet {
		if !f.Excluded && !slices.Contains(p.NotActors, f.Value) && f.Count > 0 {
			vals = append(vals, f)
		}
	}
	slices.SortStableFunc(vals, func(a, b index.FacetValue) int { return b.Count - a.Count })
	vals = vals[:min(len(vals), topActorsShown)]
	var out []views.Bar
	for _, f := range vals {
		pct := float64(f.Count) / float64(vals[0].Count) * 100
		out = append(out, views.Bar{
			Label:    f.Value,
			Kind:     string(f.Kind),
			Count:    numfmt.Uint(uint64(f.Count)),
			Percent:  strconv.FormatFloat(math.Round(pct*10)/10, 'f', -1, 64) + "%",
			URL:      p.with(func(c *searchParams) { c.Actors = add(c.Actors, f.Value) }).url(),
			Selected: f.Selected || slices.Contains(p.Actors, f.Value),
		})
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
			Facet:    "date",
			Value:    f.Value,
			Label:    label,
			Count:    numfmt.Uint(uint64(max(f.Count, 0))),
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
func (s *Server) articleView(a index.Article, search url.Values, q string, blocks []index.MarkedBlock, related []index.Related, co []coActors) views.ArticlePage {
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
	v.Description = clip(a.Body, descriptionLen)
	v.Search.Q = q
	if len(search) > 0 {
		v.BackURL = "/search?" + search.Encode()
	}
	if blocks != nil {
		v.Query = q
		for i, b := range blocks {
			v.Blocks = append(v.Blocks, views.Block{Heading: b.Heading, Text: b.Text, Marked: marked(b.Marked), ID: blockID(i), Number: strconv.Itoa(i + 1)})
		}
	} else {
		for i, b := range a.Blocks() {
			v.Blocks = append(v.Blocks, views.Block{Heading: b.Heading, Text: b.Text, ID: blockID(i), Number: strconv.Itoa(i + 1)})
		}
	}
	for _, r := range related {
		link := views.RelatedLink{URL: articleURL(r.ID, nil), Title: r.Title, Reason: relatedReason(r)}
		if link.Title == "" {
			link.Title = "(untitled)"
		}
		link.Date, link.DateISO = dates(r.Published)
		v.Related = append(v.Related, link)
	}
	for _, c := range co {
		g := views.CoActors{Actor: c.actor}
		for _, f := range c.values {
			g.Links = append(g.Links, views.Tag{
				Label: fmt.Sprintf("%s (%s)", f.Value, numfmt.Uint(uint64(max(f.Count, 0)))),
				Kind:  string(f.Kind),
				URL:   bothActorsURL(c.actor, f.Value),
			})
		}
		if len(g.Links) > 0 {
			v.CoActors = append(v.CoActors, g)
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
				g.Tags = append(g.Tags, views.Tag{Label: ac.Name, Kind: string(ac.Kind), URL: searchParams{Actors: []string{ac.Name}}.url(), AKA: s.aka(ac.Name)})
			}
		}
		if len(g.Tags) > 0 {
			v.ActorGroups = append(v.ActorGroups, g)
		}
	}
	for _, t := range a.Topics {
		v.Topics = append(v.Topics, views.Tag{Label: t, URL: searchParams{Topics: []string{t}}.url()})
	}
	if a.Source != "" {
		v.SourceURL = searchParams{Sources: []string{a.Source}}.url()
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

// marked cuts text at its matched spans into the runs a view marks or
// not. It is never nil, so that a view can tell marked text that matched
// nothing from text that was not searched.
func marked(m index.Marked) views.Marked {
	out := views.Marked{}
	pos := 0
	for _, sp := range m.Marks {
		if sp.Start > pos {
			out = append(out, views.Segment{Text: m.Text[pos:sp.Start]})
		}
		out = append(out, views.Segment{Text: m.Text[sp.Start:sp.End], Mark: true})
		pos = sp.End
	}
	if pos < len(m.Text) {
		out = append(out, views.Segment{Text: m.Text[pos:]})
	}
	return out
}

func markedList(ms []index.Marked) []views.Marked {
	var out []views.Marked
	for _, m := range ms {
		out = append(out, marked(m))
	}
	return out
}

// blockID is the anchor of body block i, in Article.Blocks numbering, so
// that a hit's Para leads to it.
func blockID(i int) string { return "p" + strconv.Itoa(i) }

// relatedReason says what a related article shares with the one shown:
// "shares Joe Biden, Israel · topic politics".
func relatedReason(r index.Related) string {
	var parts []string
	if len(r.SharedActors) > 0 {
		parts = append(parts, "shares "+strings.Join(r.SharedActors, ", "))
	}
	if len(r.SharedTopics) > 0 {
		noun := "topic "
		if len(r.SharedTopics) > 1 {
			noun = "topics "
		}
		parts = append(parts, noun+strings.Join(r.SharedTopics, ", "))
	}
	return strings.Join(parts, " · ")
}

// bothActorsURL searches for articles naming both actors. Values of the
// actor facet are OR'ed, so "both" is said in the query language instead.
func bothActorsURL(a, b string) string {
	return searchParams{Q: fmt.Sprintf("actor:%s actor:%s", quoteTerm(a), quoteTerm(b))}.url()
}

// quoteTerm makes s one phrase of the query language, which has no
// escapes: quote marks inside are dropped, as the index ignores them.
func quoteTerm(s string) string {
	return `"` + strings.Map(func(r rune) rune {
		if isQuote(r) {
			return ' '
		}
		return r
	}, s) + `"`
}

func isQuote(r rune) bool {
	switch r {
	case '"', '\u201c', '\u201d', '\u201e', '\u00ab', '\u00bb':
		return true
	}
	return false
}
