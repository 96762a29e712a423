package web

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// DefaultSearchTimeout is how long a request may search before it is
// answered 503, unless WithSearchTimeout says otherwise.
const DefaultSearchTimeout = 10 * time.Second

// exportTimeoutFactor stretches the search deadline for exports, which
// read up to exportLimit articles and write them as they go: 60 s with the
// default timeout, the server's write timeout.
const exportTimeoutFactor = 6

// WithSearchTimeout bounds the time one request may spend searching; a
// search still running then stops and the request is answered 503. Zero
// or less turns the bound off. Exports get six times as long, as they
// read up to 10,000 articles.
func WithSearchTimeout(d time.Duration) Option {
	return func(s *Server) { s.searchTimeout = d }
}

// searchDeadline puts the search timeout on the context of reading
// requests. The index passes that context to Bleve, which checks it as it
// collects hits, so a search stops at the deadline, and as soon as the
// client goes away (net/http cancels the request's context then). Writes
// are left alone: an import must not be cut off halfway by a bound meant
// for searches.
func (s *Server) searchDeadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if s.searchTimeout <= 0 || (req.Method != http.MethodGet && req.Method != http.MethodHead) {
			return next(c)
		}
		d := s.searchTimeout
		if p := c.Path(); p == "/export.csv" || p == "/export.jsonl" {
			d *= exportTimeoutFactor
		}
		ctx, cancel := context.WithTimeout(req.Context(), d)
		defer cancel()
		c.SetRequest(req.WithContext(ctx))
		// The error handler runs after this returns and renders with the
		// request's context, which must not be the expired one.
		defer c.SetRequest(req)
		return next(c)
	}
}
