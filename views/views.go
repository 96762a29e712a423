// Package views renders the archive's pages. Its components take plain view
// structs built by the web handlers: every URL and every formatted value is
// computed there, so the templates only lay things out.
package views

import (
	"context"
	"strconv"
	"strings"
)

// Page is what every page shares: its title and the links the layout needs.
type Page struct {
	Title string // document title, without the site name
	// Description is what search engines and link previews show of the
	// page; empty for none.
	Description string
	StyleURL    string // hashed stylesheet URL
	IconURL     string // hashed icon URL; empty for none
	// ScriptURL is the hashed script URL; empty for none. The pages work
	// without it: the script only adds suggestions, keyboard shortcuts
	// and the facet filter box.
	ScriptURL string
	// FeedURL is the page's Atom feed, announced to feed readers; empty
	// for none.
	FeedURL string
	// ResultsID is the id of the results on a search page, the target of
	// a second skip link; empty elsewhere.
	ResultsID string
	Search    SearchForm
}

// SearchForm is the search box in the header. Hidden carries the current
// filters, so a new query keeps them; chips remove them.
type SearchForm struct {
	Q      string
	Hidden []Hidden
}

// Hidden is one hidden form field.
type Hidden struct {
	Name, Value string
}

// Link is a labelled URL; Active marks the current choice in a group.
type Link struct {
	Label  string
	URL    string
	Active bool
}

// Tag is an actor or topic shown on a result or an article, linking to a
// search for it.
type Tag struct {
	Label string
	Kind  string // "person", "organization", "place"; empty for topics
	URL   string
	AKA   string // other names of an actor: "EC, E.C."
}

// Chip is an active filter with the URL of the same search without it.
// Joiner, when set, is the word shown before the chip ("or" between
// values of one facet, "and" between facets), so the list reads as the
// filter it is.
type Chip struct {
	Label string
	// Drop is the value of the search form's drop parameter that removes
	// the filter: "actor=Ronald Reagan".
	Drop     string
	Joiner   string
	Excluded bool
}

// SearchPage is the search form, results, facets and pagination.
type SearchPage struct {
	Page
	Query   string
	Summary string // "123 articles · 4.2 ms"
	Hits    []Hit
	Chips   []Chip
	Sorts   []Link
	// ActorGroups are the actor facet values grouped by kind: People,
	// Organizations, Places.
	ActorGroups []FacetGroup
	// ActorKinds narrow the actor facet to one kind, or show all.
	ActorKinds []Link
	// ActorNote, TopicNote and SourceNote explain a facet with several
	// values selected ("Any of the 2 selected"); empty otherwise.
	ActorNote   string
	Topics      FacetGroup
	TopicNote   string
	Sources     FacetGroup
	SourceNote  string
	DateHeading string // "Year" or "Month of 2024"
	Dates       []FacetLink
	Pager       Pager
	// Suggestions are shown when nothing matched.
	Suggestions []Link
	// PastEnd, when the page asked for lies past the last page of results
	// there are, links that last page.
	PastEnd *Link
	// FiltersNote says how the chips combine; empty with fewer than two.
	FiltersNote string
	// Chart is the number of results over time; nil when no result has a
	// date.
	Chart *Chart
	// TopActors are the actors named by most results, most first.
	TopActors []Bar
	// FeedURL, ExportCSV and ExportJSONL are the same search as an Atom
	// feed and as downloads; ExportLimit is the most a download holds,
	// formatted.
	FeedURL     string
	ExportCSV   string
	ExportJSONL string
	ExportLimit string
}

// HasFacets reports whether the page has any facet to filter by.
func (p SearchPage) HasFacets() bool {
	return len(p.ActorGroups) > 0 || len(p.Topics.Values) > 0 || len(p.Dates) > 0
}

// filtersLabel is the text of the link to the facets on narrow screens,
// with the number of filters in use.
func (p SearchPage) filtersLabel() string {
	if len(p.Chips) == 0 {
		return "Filters"
	}
	return "Filters (" + strconv.Itoa(len(p.Chips)) + ")"
}

// Chart is a bar chart of results per period, laid out by the handler in
// the coordinates of ViewBox.
type Chart struct {
	ViewBox  string // "0 0 720 150"
	Label    string // a summary for assistive technology
	Interval string // "year", "month" or "day"
	Bars     []ChartBar
	Gaps     []ChartGap
	Ticks    []ChartTick
	// Axis is the baseline, at y AxisY, in segments broken by the gaps.
	Axis  []ChartSegment
	AxisY string
	// Rows are every bar and gap in order, for the table that says in
	// words what the chart draws.
	Rows []ChartRow
	// Undated says how many results the chart leaves out for having no
	// date; empty when none.
	Undated string
}

// ChartBar is one period. URL narrows the search to the period; empty
// for a period without results, which has nothing to narrow to.
type ChartBar struct {
	Period string // "1987-03", as the date filter takes it
	Label  string // "March 1987"
	Count  string
	Title  string // tooltip: "March 1987: 123 articles"
	URL    string
	// X, Y, W, H place the visible bar; PlotH is the height of the whole
	// column, which takes the clicks so that short bars are easy to hit.
	X, Y, W, H, PlotH string
}

// ChartGap is a run of empty periods drawn narrow: a band from X, W
// wide, the span's Label written up it (at TextX, TextY, turned by
// Rotate), Title in words, and Breaks, an SVG path that marks the axis
// broken at each side.
type ChartGap struct {
	Label, Title   string
	X, W, PlotH    string
	TextX, TextY   string
	Rotate, Breaks string
}

// ChartSegment is a stretch of the axis, from X1 to X2.
type ChartSegment struct {
	X1, X2 string
}

// ChartRow is a period, or a run of empty ones, and its count.
type ChartRow struct {
	Label, Count string
}

// ChartTick is an axis label.
type ChartTick struct {
	X, Y string
	Text string
	// Minor labels give way on narrow screens, where the chart is drawn
	// too small for all of them.
	Minor bool
}

// Bar is one row of a ranked bar list. Percent is its length relative to
// the longest, as an SVG length ("42.5%").
type Bar struct {
	Label    string
	Kind     string
	Count    string
	Percent  string
	URL      string
	Selected bool
}

// Hit is one result.
type Hit struct {
	URL string
	// Title is plain text; TitleMarked, when set, is the title with the
	// query terms marked, and is preferred.
	Title       string
	TitleMarked Marked
	Date        string // human readable
	DateISO     string // for <time datetime>
	Source      string
	SourceURL   string // the search narrowed to the source; empty without one
	Actors      []Tag
	Topics      []Tag
	// Snippets are body fragments with the query terms marked.
	Snippets []Marked
	// Lead is the start of the body as plain text, shown when there are
	// no snippets (an empty query, or a match in the title only).
	Lead string
	// SnippetURL leads to the paragraph the first snippet comes from;
	// Section is the heading it stands under. Both may be empty.
	SnippetURL string
	Section    string
}

// FacetGroup is a titled list of facet values: the first few in Values,
// the rest in More, behind a "Show N more" disclosure.
type FacetGroup struct {
	Label  string
	Values []FacetLink
	More   []FacetLink
	// OpenMore shows More from the start, when it holds a chosen value.
	OpenMore bool
}

// FacetLink is one facet value. URL adds the value to the search, or
// removes it when Selected or Excluded; ExcludeURL, when set, excludes it.
// Facet and Value identify it for scripts and tests.
type FacetLink struct {
	Facet      string // "actor", "topic", "source" or "date"
	Value      string
	Label      string
	Count      string
	URL        string
	ExcludeURL string
	// Drop, for a chosen or excluded value, is the search form's drop
	// parameter that removes it, in place of URL; Exclude, for a chosen
	// one, is the form's exclude parameter, in place of ExcludeURL.
	Drop     string
	Exclude  string
	Selected bool
	Excluded bool
	AKA      string // other names of an actor: "EC, E.C."
}

// Pager links to the neighbouring and numbered pages of results. A Link in
// Pages with an empty URL is a gap.
type Pager struct {
	Prev  string
	Next  string
	Pages []Link
}

// Block is one paragraph or heading of an article. Marked, when set, is
// the text with the query terms marked, and is preferred over Text. ID is
// the block's anchor ("p3"), what search results link to.
type Block struct {
	Heading bool
	Text    string
	Marked  Marked
	ID      string
	Number  string // 1-based, for the permalink's label
}

// ArticlePage is one article.
type ArticlePage struct {
	Page
	Title    string
	Date     string
	DateISO  string
	Dateline string
	Source   string
	// SourceURL searches the archive for the source's articles; empty
	// without a source.
	SourceURL string
	URL       string // the original story; only http(s) URLs are linked
	Authors   []string
	// ActorGroups are the article's actors by kind: People,
	// Organizations, Places.
	ActorGroups []TagGroup
	Topics      []Tag
	Blocks      []Block
	BackURL     string // the search the reader came from; empty for none
	Query       string // the highlighted query, if any
	SearchURL   string // a search for everything, shown when BackURL is empty
	Related     []RelatedLink
	CoActors    []CoActors
}

// RelatedLink is an article related to the one shown, with the reason.
type RelatedLink struct {
	URL     string
	Title   string
	Date    string
	DateISO string
	Reason  string // "shares Joe Biden, Israel · topic politics"
}

// CoActors are the actors most often named together with Actor.
type CoActors struct {
	Actor string
	Links []Tag // Label carries the count: "Joe Biden (12)"
}

// TagGroup is a titled list of tags.
type TagGroup struct {
	Label string
	Tags  []Tag
}

// HelpPage explains the query language.
type HelpPage struct {
	Page
	Sections []HelpSection
	APIURL   string // the API's OpenAPI document
}

// HelpSection is one topic of the help page.
type HelpSection struct {
	Title    string
	Intro    string
	Examples []HelpExample
}

// HelpExample is a query with a link that runs it.
type HelpExample struct {
	Query   string
	Explain string
	URL     string
}

// ErrorPage tells the reader what went wrong and what to do next.
type ErrorPage struct {
	Page
	Status  int
	Heading string
	Message string
	// Query and Carets show a bad query with a caret under each problem;
	// Carets are the numbers of characters before them, in order, and
	// none shows no query.
	Query  string
	Carets []int
	// Problems name each problem of a query that has several; Message
	// then introduces them.
	Problems []QueryProblem
	// PlainURL searches PlainQ, the words of the bad query alone, when
	// they differ from it.
	PlainURL string
	PlainQ   string
	HelpURL  string
	HomeURL  string
}

// QueryProblem is one problem of a query: Where it is, in words, and
// what is wrong there.
type QueryProblem struct {
	Where string
	Msg   string
}

// caretLine draws a caret under each of the characters carets count
// before, for a monospaced line under the query.
func caretLine(carets []int) string {
	var b strings.Builder
	col := 0
	for _, c := range carets {
		if c < col {
			continue // two problems at one place share a caret
		}
		b.WriteString(strings.Repeat(" ", c-col))
		b.WriteByte('^')
		col = c + 1
	}
	return b.String()
}

// countWord writes a small count as a number, for "Show 12 more".
func countWord(n int) string { return strconv.Itoa(n) }

// Marked is text in which the runs a search matched are marked, in order.
type Marked []Segment

// Segment is a run of marked text.
type Segment struct {
	Text string
	Mark bool
}

// MarkedHTML writes m as the pages show it, escaped, with the matched runs
// in <mark>, for the JSON API, which gives highlights as HTML.
func MarkedHTML(m Marked) string {
	var b strings.Builder
	// The component only writes escaped text to a strings.Builder, which
	// cannot fail.
	_ = marked(m).Render(context.Background(), &b)
	return b.String()
}

// filterText is what the facet's filter box matches a value by: its
// label and the actor's other names.
func (l FacetLink) filterText() string {
	if l.AKA == "" {
		return l.Label
	}
	return l.Label + " " + l.AKA
}
