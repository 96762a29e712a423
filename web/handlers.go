package web

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/views"
)

// search runs the search the request's parameters describe; the page and
// the API both call it, so a URL and a JSON request agree.
func (s *Server) search(c echo.Context) (searchParams, index.Results, error) {
	p, err := s.parseSearch(queryValues(c))
	if err != nil {
		return p, index.Results{}, err
	}
	res, err := s.searcher.Search(c.Request().Context(), p.query)
	return p, res, err
}

func (s *Server) searchPage(c echo.Context) error {
	if v := maps.Clone(c.QueryParams()); dropFilters(v) {
		// The address then says what is searched, for the back button
		// and for sharing.
		to := "/search"
		if enc := v.Encode(); enc != "" {
			to += "?" + enc
		}
		return c.Redirect(http.StatusSeeOther, to)
	}
	p, res, err := s.search(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.Search(s.searchView(p, res)))
}

func (s *Server) apiSearch(c echo.Context) error {
	p, res, err := s.search(c)
	if err != nil {
		return err
	}
	out := searchResponse(p, res)
	u := c.Request().URL
	links := searchLinks(u.EscapedPath(), u.RawQuery, out.Page, out.Size, out.Total, out.NextCursor)
	out.Next, out.Prev = links.next, links.prev
	if h := links.header(); h != "" {
		c.Response().Header().Set("Link", h)
	}
	return c.JSON(http.StatusOK, out)
}

// articlePage shows an article. The search parameters the reader came
// with are kept for the way back; q also highlights the body. A q the
// index cannot parse only costs the highlighting, not the article.
func (s *Server) articlePage(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := pathID(c)
	if err != nil {
		return err
	}
	a, err := s.searcher.Get(ctx, id)
	if err != nil {
		return err
	}
	search := url.Values{}
	for k, vals := range queryValues(c) {
		if isSearchKey(k) {
			search[k] = vals
		}
	}
	q := strings.TrimSpace(search.Get("q"))
	var blocks []index.MarkedBlock
	if q != "" {
		blocks, err = s.searcher.Highlight(ctx, id, q)
		var qe *index.QueryError
		switch {
		case errors.As(err, &qe):
			blocks = nil
		case err != nil:
			return err
		case blocks == nil:
			blocks = []index.MarkedBlock{}
		}
	}
	related, co := s.around(c, a)
	return s.render(c, http.StatusOK, views.Article(s.articleView(a, search, q, blocks, related, co)))
}

// How much the article page shows around an article.
const (
	relatedShown      = 5
	coActorsOf        = 2 // actors of the article whose company is shown
	coActorsShown     = 6
	coActorCandidates = coActorsShown + 1 // in case the index counts the actor itself
)

// coActors are the actors named most often with actor.
type coActors struct {
	actor  string
	values []index.FacetValue
}

// around finds the related articles and the company the article's main
// actors keep. They are extras: when the index cannot answer, the
// article is still shown, without them, and the failure logged.
func (s *Server) around(c echo.Context, a index.Article) ([]index.Related, []coActors) {
	ctx := c.Request().Context()
	related, err := s.searcher.Related(ctx, a.ID, relatedShown)
	if err != nil {
		s.logger.WarnContext(ctx, "finding related articles", "id", a.ID, "err", err)
		related = nil
	}
	var out []coActors
	for _, name := range mainActors(a, coActorsOf) {
		vals, err := s.searcher.CoActors(ctx, name, coActorCandidates)
		if err != nil {
			s.logger.WarnContext(ctx, "finding co-occurring actors", "actor", name, "err", err)
			continue
		}
		// An actor is always in its own company; that says nothing.
		vals = slices.DeleteFunc(vals, func(f index.FacetValue) bool { return f.Value == name })
		out = append(out, coActors{actor: name, values: vals[:min(len(vals), coActorsShown)]})
	}
	return related, out
}

// mainActors picks up to n actors an article is mostly about: people
// first, as readers follow people, then organizations and places, each
// in the article's order.
func mainActors(a index.Article, n int) []string {
	var out []string
	for _, k := range []index.Kind{index.Person, index.Organization, index.Place} {
		for _, ac := range a.Actors {
			if ac.Kind == k && len(out) < n && !slices.Contains(out, ac.Name) {
				out = append(out, ac.Name)
			}
		}
	}
	return out
}

// apiArticle answers the article in the API's form, which the JSON Lines
// export and the import share.
func (s *Server) apiArticle(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	a, err := s.searcher.Get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, article(a))
}

func (s *Server) helpPage(c echo.Context) error {
	return s.render(c, http.StatusOK, views.Help(views.HelpPage{
		Page:     s.describedPage("Query syntax", "How to search the news archive: words, phrases, AND, OR and NOT, fields such as actor: and date:, and the search API."),
		Sections: helpSections(),
		APIURL:   openAPIPath,
	}))
}

// pathID returns the decoded :id parameter. Echo routes on the raw path
// when the request has one (an id with an escaped "/", say), and then
// leaves the parameter escaped.
func pathID(c echo.Context) (string, error) {
	id := c.Param("id")
	if c.Request().URL.RawPath == "" {
		return id, nil
	}
	id, err := url.PathUnescape(id)
	if err != nil {
		return "", echo.ErrNotFound
	}
	return id, nil
}
