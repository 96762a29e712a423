package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// corsMaxAge is how long, in seconds, a browser may keep a preflight's
// answer: Chromium keeps none longer than two hours.
const corsMaxAge = 2 * 60 * 60

// ParseCORSOrigins reads a comma-separated list of origins that may read
// the API from their pages, as WithCORS takes it: "*" for any, or origins
// such as https://news.example.org (a scheme and a host, with a port if
// not the scheme's own, and nothing after). Empty items are dropped, so
// that "" is no origin at all.
func ParseCORSOrigins(s string) ([]string, error) {
	var out []string
	for o := range strings.SplitSeq(s, ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		if o != "*" {
			u, err := url.Parse(o)
			bad := func(why string) error {
				return fmt.Errorf("CORS origin %q: %s; write an origin as a browser sends it, such as https://news.example.org or http://localhost:3000, or * for any", o, why)
			}
			switch {
			case err != nil:
				return nil, bad(err.Error())
			case u.Scheme == "" || u.Host == "" || u.Opaque != "":
				return nil, bad("want a scheme and a host")
			case u.User != nil:
				return nil, bad("an origin has no user or password")
			case u.Path != "" || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(o, "#"):
				return nil, bad("an origin has no path, not even /, and no query or fragment")
			}
		}
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out, nil
}

// WithCORS lets pages from origins (as ParseCORSOrigins reads them) read
// the API from a browser: GET and HEAD of the /api/ routes that read,
// with their preflights. The write API and the backup, which need the
// write key, never answer them, whatever the origins: a key typed into
// one site's page must not be usable by another's. No origins, as without this option, is no CORS at all.
func WithCORS(origins []string) Option {
	return func(s *Server) { s.corsOrigins = slices.Clone(origins) }
}

// cors is the CORS middleware over the read API, nil when no origin may
// read it.
func (s *Server) cors() echo.MiddlewareFunc {
	if len(s.corsOrigins) == 0 {
		return nil
	}
	return middleware.CORSWithConfig(middleware.CORSConfig{
		Skipper:      func(c echo.Context) bool { return !s.corsReads(c) },
		AllowOrigins: s.corsOrigins,
		AllowMethods: []string{http.MethodGet, http.MethodHead},
		// The read key comes as a bearer token; conditional requests
		// spare a client the body it already has.
		AllowHeaders: []string{echo.HeaderAuthorization, "If-None-Match"},
		// What a script may need to read beyond the simple headers.
		ExposeHeaders: []string{"ETag", "Link", echo.HeaderRetryAfter, echo.HeaderWWWAuthenticate},
		MaxAge:        corsMaxAge,
	})
}

// corsReads reports whether c is a read of the API, or a preflight for
// one, which CORS answers. Echo has routed c by now, so c.Path() is the
// route's pattern even for a preflight, which no route answers itself.
func (s *Server) corsReads(c echo.Context) bool {
	if !s.readAPI[c.Path()] {
		return false
	}
	req := c.Request()
	switch req.Method {
	case http.MethodGet, http.MethodHead:
		return true
	case http.MethodOptions:
		// /api/articles/:id is also DELETE's: a preflight for it is
		// left to the router's plain answer, which allows nothing.
		m := req.Header.Get(echo.HeaderAccessControlRequestMethod)
		return m == "" || m == http.MethodGet || m == http.MethodHead
	}
	return false
}
