// Package views renders the archive's pages. Its components take plain view
// structs built by the web handlers: every URL and every formatted value is
// computed there, so the templates only lay things out.
package views

// Page is what every page shares: its title and the links the layout needs.
type Page struct {
	Title    string // document title, without the site name
	StyleURL string // hashed stylesheet URL
	IconURL  string // hashed icon URL; empty for none
	Search   SearchForm
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
}

// Chip is an active filter with the URL of the same search without it.
type Chip struct {
	Label     string
	RemoveURL string
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
	ActorKinds  []Link
	Topics      []FacetLink
	DateHeading string // "Year" or "Month of 2024"
	Dates       []FacetLink
	Pager       Pager
	// Suggestions are shown when nothing matched.
	Suggestions []Link
}

// Hit is one result.
type Hit struct {
	URL string
	// Title is plain text; TitleHTML, when set, is the title with the
	// query terms in <mark>, escaped by the index, and is preferred.
	Title     string
	TitleHTML string
	Date      string // human readable
	DateISO   string // for <time datetime>
	Source    string
	Actors    []Tag
	Topics    []Tag
	// Snippets are body fragments with the query terms in <mark>,
	// escaped by the index.
	Snippets []string
	// Lead is the start of the body as plain text, shown when there are
	// no snippets (an empty query, or a match in the title only).
	Lead string
}

// FacetGroup is a titled list of facet values.
type FacetGroup struct {
	Label  string
	Values []FacetLink
}

// FacetLink is one facet value. URL adds the value to the search, or
// removes it when Selected.
type FacetLink struct {
	Label    string
	Count    string
	URL      string
	Selected bool
}

// Pager links to the neighbouring and numbered pages of results. A Link in
// Pages with an empty URL is a gap.
type Pager struct {
	Prev  string
	Next  string
	Pages []Link
}

// Block is one paragraph or heading of an article. HTML, when set, is the
// text with the query terms in <mark>, escaped by the index, and is
// preferred over Text.
type Block struct {
	Heading bool
	Text    string
	HTML    string
}

// ArticlePage is one article.
type ArticlePage struct {
	Page
	Title    string
	Date     string
	DateISO  string
	Dateline string
	Source   string
	URL      string // the original story; only http(s) URLs are linked
	Authors  []string
	// ActorGroups are the article's actors by kind: People,
	// Organizations, Places.
	ActorGroups []TagGroup
	Topics      []Tag
	Blocks      []Block
	BackURL     string // the search the reader came from; empty for none
	Query       string // the highlighted query, if any
	SearchURL   string // a search for everything, shown when BackURL is empty
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
	// Query and Caret show a bad query with a caret under the problem;
	// Caret is the number of characters before it, or -1 for none.
	Query   string
	Caret   int
	HelpURL string
	HomeURL string
}
