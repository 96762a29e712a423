package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
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
	ID        string       `xml:"id"`
	Title     atomText     `xml:"title"`
	Comment   string       `xml:",comment"` // on where updated comes from
	Updated   string       `xml:"updated"`
	Published string       `xml:"published,omitempty"`
	Authors   []atomAuthor `xml:"author"`
	Links     []atomLink   `xml:"link"`
	Summary   *atomText    `xml:"summary,omitempty"`
}

// ParseBaseURL checks s as the public address of the archive, the one
// WithBaseURL takes: an absolute http or https URL of a host's root, with
// no user, query or fragment. The pages link from the root of their host,
// so a path other than / would name pages that do not exist.
func ParseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("base URL %q: %w", s, err)
	}
	shown := s
	if u.User != nil {
		shown = u.Redacted() // the error is logged
	}
	bad := func(why string) error {
		return fmt.Errorf("base URL %q: %s; give the address clients use, such as https://news.example.org", shown, why)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, bad("want an absolute http or https URL")
	case u.Hostname() == "" || u.Opaque != "":
		return nil, bad("no host")
	case u.User != nil:
		return nil, bad("a user or password does not belong in public links")
	case u.RawQuery != "" || u.ForceQuery:
		return nil, bad("no query (?...) allowed")
	case u.Fragment != "" || strings.Contains(s, "#"):
		return nil, bad("no fragment (#...) allowed")
	case u.Path != "" && u.Path != "/":
		return nil, bad("the archive serves from the root of its host; a path is not supported")
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// WithBaseURL sets the public address the archive is reached at, from
// ParseBaseURL: feeds and the OpenSearch description put it before every
// URL they name. Without one, feeds link by paths, which readers resolve
// against the feed's own address, and what must be absolute (Atom ids,
// OpenSearch templates) names the address the connection came in on.
// Neither ever comes from a request header: Host and X-Forwarded-* are the
// client's to choose, and a cache would keep the answer they shaped.
func WithBaseURL(u *url.URL) Option {
	return func(s *Server) { s.baseURL = u }
}

// absURL is path as an absolute URL: under the configured base URL, or
// else the address the request's connection came in on.
func (s *Server) absURL(c echo.Context, path string) string {
	if s.baseURL != nil {
		return s.baseURL.String() + path
	}
	r := c.Request()
	u := url.URL{Scheme: "http", Host: "localhost"}
	if r.TLS != nil {
		u.Scheme = "https"
	}
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		u.Host = a.String()
	}
	return u.String() + path
}

// linkURL is path as a feed's link target: absolute under the configured
// base URL, else the path itself.
func (s *Server) linkURL(c echo.Context, path string) string {
	if s.baseURL != nil {
		return s.absURL(c, path)
	}
	return path
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
	page := p.with(func(c *searchParams) { c.Sort, c.Size = "", 0 })
	feed := atomFeed{
		ID:     s.absURL(c, page.feedURL()),
		Title:  feedTitle(p),
		Author: atomAuthor{Name: "News archive"},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.linkURL(c, page.feedURL())},
			{Rel: "alternate", Type: "text/html", Href: s.linkURL(c, page.url())},
		},
	}
	var newest time.Time
	for _, h := range res.Hits {
		path := articleURL(h.ID, nil)
		e := atomEntry{
			ID:    s.absURL(c, path),
			Title: atomText{Type: "text", Text: h.Title},
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: s.linkURL(c, path)}},
		}
		if e.Title.Text == "" {
			e.Title.Text = "(untitled)"
		}
		for _, name := range h.Authors {
			if name = strings.TrimSpace(name); name != "" {
				e.Authors = append(e.Authors, atomAuthor{Name: name})
			}
		}
		if h.Body != "" {
			e.Summary = &atomText{Type: "text", Text: h.Body}
		}
		// Atom requires every entry to say when it last changed. An
		// undated article says when the archive imported it rather than
		// a made-up date, and the comment tells a reader which it is.
		updated := h.Published
		if !h.Published.IsZero() {
			e.Published = h.Published.UTC().Format(time.RFC3339)
		} else if updated = h.Imported; !updated.IsZero() {
			e.Comment = " undated article: updated is when the archive imported it "
		} else {
			e.Comment = " undated article imported before the archive recorded import times: updated is the feed's "
		}
		if !updated.IsZero() {
			e.Updated = updated.UTC().Format(time.RFC3339)
			if updated.After(newest) {
				newest = updated
			}
		}
		feed.Entries = append(feed.Entries, e)
	}
	// The newest entry's time, or for a feed none of whose articles
	// carries one, the server's start: no later than any of them came.
	if newest.IsZero() {
		newest = s.started
	}
	feed.Updated = newest.UTC().Format(time.RFC3339)
	for i := range feed.Entries {
		if feed.Entries[i].Updated == "" {
			feed.Entries[i].Updated = feed.Updated
		}
	}
	return writeXML(c, "application/atom+xml; charset=utf-8", feed)
}

// feedTitle names what a search's feed follows: the query text, then
// each filter that narrows the results, in the order the page's chips
// show them (the actor facet's kind only narrows the facet, and is left
// out).
func feedTitle(p searchParams) string {
	var parts []string
	if p.Q != "" {
		parts = append(parts, p.Q)
	}
	anyOf := func(facet string, vals []string) {
		if len(vals) > 0 {
			parts = append(parts, facet+" "+strings.Join(vals, " or "))
		}
	}
	anyOf("actor", p.Actors)
	anyOf("topic", p.Topics)
	anyOf("source", p.Sources)
	for _, v := range p.NotActors {
		parts = append(parts, "not actor "+v)
	}
	for _, v := range p.NotTopics {
		parts = append(parts, "not topic "+v)
	}
	for _, v := range p.NotSources {
		parts = append(parts, "not source "+v)
	}
	for _, f := range []struct{ name, val string }{{"date", p.Date}, {"from", p.From}, {"to", p.To}} {
		if f.val != "" {
			parts = append(parts, f.name+" "+f.val)
		}
	}
	if len(parts) == 0 {
		return "News archive"
	}
	return "News archive: " + strings.Join(parts, ", ")
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
	// OpenSearch clients want absolute templates.
	abs := func(path string) string { return s.absURL(c, path) }
	d := openSearchDescription{
		ShortName:     "News archive",
		Description:   "Search the news archive",
		InputEncoding: "UTF-8",
		URLs: []openSearchURL{
			{Type: "text/html", Method: "get", Template: abs("/search?q={searchTerms}")},
			{Type: "application/x-suggestions+json", Method: "get", Template: abs("/api/suggest/opensearch?q={searchTerms}")},
			{Type: "application/atom+xml", Method: "get", Template: abs("/search.atom?q={searchTerms}")},
		},
	}
	if icon := s.assets.URL("icon.svg"); icon != "" {
		d.Image = &openSearchImage{Type: "image/svg+xml", Width: 32, Height: 32, URL: abs(icon)}
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
