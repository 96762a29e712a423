// Package web is the archive's HTTP face: the HTML pages and the JSON API,
// both answering the same search parameters through the same code.
package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/newsarchive/newsarchive/assets"
	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/views"
)

// Searcher is what the web layer needs from the index (bleve.Index
// implements it).
type Searcher interface {
	Search(ctx context.Context, q index.Query) (index.Results, error)
	// Get returns index.ErrNotFound for an unknown id.
	Get(ctx context.Context, id string) (index.Article, error)
	// Highlight returns the body blocks with the spans the terms of text
	// match; index.ErrNotFound for an unknown id and *index.QueryError for
	// text that is not a valid query.
	Highlight(ctx context.Context, id, text string) ([]index.MarkedBlock, error)
	// Related returns up to n articles sharing actors or topics with the
	// article id, each with what it shares.
	Related(ctx context.Context, id string, n int) ([]index.Related, error)
	// CoActors returns up to n actors most often named in articles with
	// actor; Count is the number of articles naming both.
	CoActors(ctx context.Context, actor string, n int) ([]index.FacetValue, error)
	// Suggest returns up to n actor names and titles starting with prefix.
	Suggest(ctx context.Context, prefix string, n int) ([]index.Suggestion, error)
	// Stream calls fn with at most limit whole articles matching q, in
	// q.Sort order, stopping at the first error fn returns.
	Stream(ctx context.Context, q index.Query, limit int, fn func(index.Article) error) error
	// Backup calls begin with the number of articles in one
	// point-in-time view of the whole archive, then fn with each of them,
	// whole; writes made meanwhile are not in the view. It stops at the
	// first error either returns.
	Backup(ctx context.Context, begin func(n uint64) error, fn func(index.Article) error) error
	// Count returns the number of articles; an error means the index
	// cannot answer, and the server is not ready.
	Count() (uint64, error)
	// Actor returns the actor articles show for name, written in any
	// case or as any of its aliases; index.ErrNotFound for none.
	Actor(ctx context.Context, name string) (index.ActorInfo, error)
	// Actors returns up to n actors whose name or alias starts words as
	// q does (all, for an empty q), most written about first.
	Actors(ctx context.Context, q string, n int) ([]index.ActorInfo, error)
	// Generation returns a number that changes with every write to the
	// archive, for entity tags.
	Generation() uint64
	// CanonicalActor returns the name articles show for an actor written
	// as name, or name itself.
	CanonicalActor(name string) string
	// Aliases returns a few other names texts write an actor by, for
	// "also written as".
	Aliases(name string) []string
}

// Server serves the archive over HTTP.
type Server struct {
	searcher Searcher
	logger   *slog.Logger
	assets   *assets.Set
	echo     *echo.Echo
	access   access // keys, rate limits and the write API (access.go)
	metrics  *Metrics
	// searchTimeout bounds each reading request's searches (timeout.go),
	// and slots how many run at once (nil: no bound); searching holds the
	// route patterns slots bound.
	searchTimeout time.Duration
	slots         *searchSlots
	searching     map[string]bool
	// started tells this server's entity tags from an earlier one's
	// (conditional.go), and dates a feed none of whose articles has a
	// time (feed.go).
	started time.Time
	// errorForms says how each route, by its pattern, answers errors
	// (errors.go); routes() fills it in.
	errorForms map[string]errorForm
	// corsOrigins are the origins whose pages may read the API (cors.go);
	// readAPI holds the route patterns they may read, which routes()
	// fills in.
	corsOrigins []string
	readAPI     map[string]bool
	// baseURL is the archive's public address, for the absolute URLs of
	// feeds (feed.go); nil when none is configured.
	baseURL *url.URL
}

// Option configures a Server beyond what every server needs; New applies
// options in order.
type Option func(*Server)

// New returns a Server answering from s and logging to logger.
func New(s Searcher, logger *slog.Logger, opts ...Option) *Server {
	set, err := assets.New()
	if err != nil {
		// The files are compiled into the binary: failing to read them
		// is a build defect, not a condition to handle at run time.
		panic(fmt.Sprintf("web: reading embedded assets: %v", err))
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	srv := &Server{searcher: s, logger: logger, assets: set, echo: e, access: defaultAccess(), metrics: newMetrics(), searchTimeout: DefaultSearchTimeout, slots: defaultSearchSlots(), started: time.Now()}
	for _, opt := range opts {
		opt(srv)
	}
	e.HTTPErrorHandler = srv.handleError
	// Order matters: the logger sees the status the error handler chose,
	// and panics become errors before they reach it.
	e.Use(srv.logRequests, recoverPanics, securityHeaders, compress())
	// Before the key check: a browser's preflight carries no key, and a
	// page must be able to read the 401 it gets without one.
	if cors := srv.cors(); cors != nil {
		e.Use(cors)
	}
	e.Use(srv.limitAndGuard())
	e.Use(decodeQuery, srv.searchDeadline)
	srv.routes()
	srv.metrics.setRoutes(e.Routes())
	return srv
}

// Handler returns the http.Handler serving every route.
func (s *Server) Handler() http.Handler { return s.echo }

// routes is the one table of what the server answers, of the form its
// errors take (a page where people read the answer, JSON where programs
// do), of whether it searches, and for the API, of the parameters it
// takes. The routes that search take one of the server's search slots
// (searchDeadline); the others answer from memory or nearly, and stay
// open however busy the searches are. An API route refuses parameters it
// does not take (knownParams); the other routes ignore them.
func (s *Server) routes() {
	const searches, cheap = true, false
	s.errorForms = map[string]errorForm{}
	s.searching = map[string]bool{}
	s.readAPI = map[string]bool{}
	for _, r := range []struct {
		path     string
		handler  echo.HandlerFunc
		errors   errorForm
		searches bool
		params   func(string) bool // the API's only
	}{
		{"/", s.searchPage, errorPage, searches, nil},
		{"/search", s.searchPage, errorPage, searches, nil},
		{"/articles/:id", s.unchanged(s.articlePage), errorPage, searches, nil},
		{"/help", s.helpPage, errorPage, cheap, nil},
		{"/robots.txt", s.robots, errorPage, cheap, nil},
		{"/search.atom", s.unchanged(s.searchFeed), errorJSON, searches, nil},
		{"/opensearch.xml", s.openSearch, errorJSON, cheap, nil},
		{"/export.csv", s.exportCSV, errorJSON, searches, nil},
		{"/export.jsonl", s.exportJSONL, errorJSON, searches, nil},
		{"/api/search", s.knownTopics(s.apiSearch), errorJSON, searches, isSearchKey},
		{"/api/articles/:id", s.unchanged(s.apiArticle), errorJSON, searches, noParams},
		{"/api/suggest", s.apiSuggest, errorJSON, cheap, isSuggestKey},
		{"/api/actors", s.apiActors, errorJSON, searches, isActorsKey},
		{"/api/actors/:name", s.apiActor, errorJSON, searches, noParams},
		{"/api/suggest/opensearch", s.apiSuggestOpenSearch, errorJSON, cheap, isSuggestKey},
		{openAPIPath, s.apiOpenAPI, errorJSON, cheap, noParams},
		// The backup refuses every parameter itself, once the key is
		// checked, and says where a search's articles are exported.
		{backupPath, s.apiBackup, errorJSON, searches, anyParams},
		{assets.Prefix + "*", s.asset, errorPage, cheap, nil},
		{"/healthz", s.healthz, errorJSON, cheap, nil},
		{"/readyz", s.readyz, errorJSON, cheap, nil},
		{"/metrics", s.metricsPage, errorJSON, cheap, nil},
	} {
		h := r.handler
		if isAPI(r.path) {
			known := r.params
			if known == nil {
				known = noParams
			}
			h = knownParams(known, h)
			// The backup needs the write key, and CORS never serves
			// what does: see WithCORS.
			if r.path != backupPath {
				s.readAPI[r.path] = true
			}
		}
		s.echo.GET(r.path, h)
		// HEAD answers as GET does; net/http drops the body. Load
		// balancers, uptime checks and link checkers probe with it.
		s.echo.HEAD(r.path, h)
		s.errorForms[r.path] = r.errors
		s.searching[r.path] = r.searches
	}
	s.echo.POST("/api/articles", knownParams(noParams, s.apiPostArticles))
	s.echo.DELETE("/api/articles/:id", knownParams(noParams, s.apiDeleteArticle))
	// Unknown paths and methods reach handleError as echo.ErrNotFound and
	// echo.ErrMethodNotAllowed, so they get the same pages as other errors.
}

// render writes a whole page or nothing: a template failing halfway
// leaves the error handler free to answer instead.
func (s *Server) render(c echo.Context, status int, page templ.Component) error {
	var buf bytes.Buffer
	if err := page.Render(c.Request().Context(), &buf); err != nil {
		return fmt.Errorf("rendering page: %w", err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// page returns what every page shares.
func (s *Server) page(title string) views.Page {
	return views.Page{
		Title:     title,
		StyleURL:  s.assets.URL("style.css"),
		IconURL:   s.assets.URL("icon.svg"),
		ScriptURL: s.assets.URL("app.js"),
	}
}

// describedPage is page with a description for search engines.
func (s *Server) describedPage(title, description string) views.Page {
	p := s.page(title)
	p.Description = description
	return p
}

func (s *Server) asset(c echo.Context) error {
	f, immutable, ok := s.assets.Lookup(c.Param("*"))
	if !ok {
		return echo.ErrNotFound
	}
	assets.Serve(c.Response(), c.Request(), f, immutable)
	return nil
}
