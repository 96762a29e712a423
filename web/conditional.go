package web

import (
	"fmt"
	"hash/fnv"
	"net"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// compress gzips text answers for clients that accept it (pages, feeds,
// JSON, exports, assets), above a size where it pays. Error pages are
// written by logRequests outside it and go out plain.
func compress() echo.MiddlewareFunc {
	return middleware.GzipWithConfig(middleware.GzipConfig{Level: 5, MinLength: 1024})
}

// unchanged answers 304 Not Modified to a request whose If-None-Match
// holds the tag of what next would answer now, without running it; feed
// readers and caches polling a feed or an article cost nothing while the
// archive does not change. The tag is weak, since compression may change
// the bytes: it stands for the address asked, the archive's generation
// (any write changes it), this server's start (a generation is counted
// anew from each start) and the assets' version (a new build renders
// pages anew).
func (s *Server) unchanged(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		h := fnv.New64a()
		// Without a base URL a feed's ids name the address the request
		// came in on, so that is part of what was answered too.
		local, _ := req.Context().Value(http.LocalAddrContextKey).(net.Addr)
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%v", req.URL.Path, req.URL.RawQuery, req.Header.Get(echo.HeaderAccept), s.assets.URL("style.css"), local)
		tag := fmt.Sprintf(`W/"%x-%x-%x"`, s.started.UnixNano(), s.searcher.Generation(), h.Sum64())
		res := c.Response()
		// Added to, not set: CORS has said the answer varies by Origin.
		res.Header().Add(echo.HeaderVary, "Accept, Accept-Encoding")
		if etagMatch(req.Header.Get("If-None-Match"), tag) {
			res.Header().Set("ETag", tag)
			return c.NoContent(http.StatusNotModified)
		}
		// The tag goes out only with a whole answer: an error must not be
		// remembered as the page.
		res.Before(func() {
			if res.Status == http.StatusOK {
				res.Header().Set("ETag", tag)
			}
		})
		return next(c)
	}
}

// etagMatch reports whether an If-None-Match header names tag, comparing
// weakly as RFC 9110 asks for If-None-Match.
func etagMatch(header, tag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(tag, "W/")
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// robotsTxt lets crawlers read the front page and the articles, and keeps
// them out of what has no end or costs a search each: result pages with
// parameters (every combination of filters is an address), feeds, exports
// and the API.
const robotsTxt = `User-agent: *
Allow: /$
Allow: /articles/
Disallow: /search
Disallow: /export.
Disallow: /api/
`

func (s *Server) robots(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=86400")
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(robotsTxt))
}
