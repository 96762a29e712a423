package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/labstack/echo/v4"
)

// contentSecurityPolicy allows no inline script or style and nothing
// from other origins; the pages need neither. base-uri and form-action are
// named because default-src does not cover them: an injected <base> or
// form could otherwise send links or searches elsewhere.
const contentSecurityPolicy = "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// logRequests logs one line per request. Errors are handed to the error
// handler here, so the line carries the final status, and an internal
// error is logged on that line and nowhere else.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		defer func() {
			// An export cut short aborts the connection by panicking with
			// http.ErrAbortHandler (and logs its own line); it is still a
			// request answered, so count it before net/http takes over.
			if r := recover(); r != nil {
				s.metrics.observe(s.metrics.routeLabel(c), c.Request().Method, c.Response().Status, time.Since(start))
				panic(r)
			}
		}()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		req := c.Request()
		status := c.Response().Status
		s.metrics.observe(s.metrics.routeLabel(c), req.Method, status, time.Since(start))
		attrs := []slog.Attr{
			slog.String("method", req.Method),
			slog.String("path", req.URL.Path),
			slog.Int("status", status),
			slog.Duration("duration", time.Since(start)),
		}
		level := slog.LevelInfo
		if status >= http.StatusInternalServerError {
			level = slog.LevelError
			if err != nil {
				attrs = append(attrs, slog.String("err", err.Error()))
			}
			var pe *panicError
			if errors.As(err, &pe) {
				attrs = append(attrs, slog.String("stack", string(pe.stack)))
			}
		}
		s.logger.LogAttrs(req.Context(), level, "request", attrs...)
		return nil
	}
}

// panicError is a recovered panic, kept with its stack for the log.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprintf("panic: %v", e.value) }

// recoverPanics turns a panicking handler into a 500 answered by the
// error handler, so one bad request does not end the server.
func recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			if r == http.ErrAbortHandler {
				panic(r)
			}
			err = &panicError{value: r, stack: debug.Stack()}
		}()
		return next(c)
	}
}

func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		return next(c)
	}
}
