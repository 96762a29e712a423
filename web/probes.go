package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// healthz answers GET /healthz: the process is up and serving. It asks
// nothing of the index, so a slow index does not get the process
// restarted.
func (s *Server) healthz(c echo.Context) error {
	return c.String(http.StatusOK, "ok\n")
}

// readyz answers GET /readyz: 200 when the index answers a count, 503
// otherwise, so a load balancer sends no readers to a server that cannot
// search.
func (s *Server) readyz(c echo.Context) error {
	if _, err := s.searcher.Count(); err != nil {
		s.logger.ErrorContext(c.Request().Context(), "readiness: the index does not answer", "err", err)
		return c.String(http.StatusServiceUnavailable, "not ready: the index does not answer\n")
	}
	return c.String(http.StatusOK, "ok\n")
}
