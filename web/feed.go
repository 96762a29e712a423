package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/newsarchive/newsarchive/index"
)

// feedEntries is the length of a search's Atom feed: enough for a reader
// polling now and then, small enough to answer quickly.
const feedEntries = 50

// atomFeed is an Atom (RFC 4287) feed document.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     atomText   `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Links     []atomLink `xml:"link"`
	Summary   *atomText  `xml:"summary,omitempty"`
}

// baseURL is the scheme and host the request was made to, for the
// absolute URLs feeds and OpenSearch descriptions require.
func baseURL(c echo.Context) string {
	return c.Scheme() + "://" + c.Request().Host
}

// searchFeed answers GET /search.atom: the newest articles of a search,
// whatever order the page shows, as feed readers expect.
func (s *Server) searchFeed(c echo.Context) error {
	p, err := s.parseSearch(queryValues(c))
	if err != nil {
		return err
	}
	q := p.query
	q.Sort, q.Page, q.Size, q.Highlight = index.SortNewest, 1, feedEntries, false
	res, err := s.searcher.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	base := baseURL(c)
	page := p.with(func(c *searchParams) { c.Sort, c.Size = "", 0 })
	title := "News archive"
	if p.Q != "" {
		title += ": " + p.Q
	}
	feed := atomFeed{
		ID:     base + page.feedURL(),
		Title:  title,
		Author: atomAuthor{Name: "News archive"},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + page.feedURL()},
			{Rel: "alternate", Type: "text/html", Href: base + page.url()},
		},
	}
	var newest time.Time
	for _, h := range res.Hits {
		link := base + articleURL(h.ID, nil)
		e := atomEntry{
			ID:    link,
			Title: atomText{Type: "text", Text: h.Title},
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
		}
		if e.Title.Text == "" {
			e.Title.Text = "(untitled)"
		}
		if h.Body != "" {
			e.Summary = &atomText{Type: "text", Text: h.Body}
		}
		if !h.Published.IsZero() {
			e.Published = h.Published.UTC().Format(time.RFC3339)
			e.Updated = e.Published
			if h.Published.After(newest) {
				newest = h.Published
			}
		}
		feed.Entries = append(feed.Entries, e)
	}
	// Atom requires every entry to say when it changed; an undated
	// article takes the feed's date.
	if newest.IsZero() {
		newest = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	feed.Updated = newest.UTC().Format(time.RFC3339)
	for i := range feed.Entries {
		if feed.Entries[i].Updated == "" {
			feed.Entries[i].Updated = feed.Updated
		}
	}
	return writeXML(c, "application/atom+xml; charset=utf-8", feed)
}

// openSearchDescription is an OpenSearch 1.1 description document.
type openSearchDescription struct {
	XMLName       xml.Name         `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
	ShortName     string           `xml:"ShortName"`
	Description   string           `xml:"Description"`
	InputEncoding string           `xml:"InputEncoding"`
	Image         *openSearchImage `xml:"Image,omitempty"`
	URLs          []openSearchURL  `xml:"Url"`
}

type openSearchImage struct {
	Type   string `xml:"type,attr"`
	Width  int    `xml:"width,attr"`
	Height int    `xml:"height,attr"`
	URL    string `xml:",chardata"`
}

type openSearchURL struct {
	Type     string `xml:"type,attr"`
	Method   string `xml:"method,attr"`
	Template string `xml:"template,attr"`
}

// openSearch answers GET /opensearch.xml, which lets a browser add the
// archive as a search engine, with suggestions.
func (s *Server) openSearch(c echo.Context) error {
	base := baseURL(c)
	d := openSearchDescription{
		ShortName:     "News archive",
		Description:   "Search the news archive",
		InputEncoding: "UTF-8",
		URLs: []openSearchURL{
			{Type: "text/html", Method: "get", Template: base + "/search?q={searchTerms}"},
			{Type: "application/x-suggestions+json", Method: "get", Template: base + "/api/suggest/opensearch?q={searchTerms}"},
			{Type: "application/atom+xml", Method: "get", Template: base + "/search.atom?q={searchTerms}"},
		},
	}
	if icon := s.assets.URL("icon.svg"); icon != "" {
		d.Image = &openSearchImage{Type: "image/svg+xml", Width: 32, Height: 32, URL: base + icon}
	}
	return writeXML(c, "application/opensearchdescription+xml; charset=utf-8", d)
}

// writeXML encodes v whole before writing, as pages are rendered.
func writeXML(c echo.Context, contentType string, v any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return c.Blob(http.StatusOK, contentType, buf.Bytes())
}

// feedURL is the Atom feed of the search: its filters, newest first, so
// sort and paging do not matter.
func (p searchParams) feedURL() string {
	v := p.with(func(c *searchParams) { c.Sort, c.Size = "", 0 }).values()
	if enc := v.Encode(); enc != "" {
		return "/search.atom?" + enc
	}
	return "/search.atom"
}

// exportURL is path with the search's parameters, paging left out: an
// export holds all results up to exportLimit.
func (p searchParams) exportURL(path string) string {
	if enc := p.with(func(c *searchParams) { c.Size = 0 }).values().Encode(); enc != "" {
		return path + "?" + enc
	}
	return path
}
