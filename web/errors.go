package web

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/views"
)

// statusClientClosed is the status logged for a request whose client
// went away before the answer (nginx's convention; HTTP has none).
const statusClientClosed = 499

// problem is an error as a reader or client is told about it.
type problem struct {
	status  int
	code    string
	heading string
	message string
	query   *index.QueryError // for bad queries
}

// notFound is index.ErrNotFound with a message naming what is missing,
// for the endpoints that look up something other than an article.
type notFound struct{ msg string }

func (e *notFound) Error() string { return e.msg }
func (e *notFound) Unwrap() error { return index.ErrNotFound }

// classify maps an error to what the response says. Only errors the
// reader can act on show their own text; the rest get a generic message.
func classify(err error) problem {
	var qe *index.QueryError
	var he *echo.HTTPError
	var nf *notFound
	switch {
	case errors.As(err, &qe):
		return problem{status: http.StatusBadRequest, code: "bad_query", heading: "This search cannot be run", message: qe.Msg, query: qe}
	case errors.Is(err, errBusy):
		return problem{status: http.StatusServiceUnavailable, code: "overloaded", heading: "The archive is busy", message: "Too many searches are running at once. Try again in a moment."}
	case errors.Is(err, context.DeadlineExceeded):
		return problem{status: http.StatusServiceUnavailable, code: "timeout", heading: "The search took too long", message: "The search took too long. Try more specific words or add a filter."}
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads this answer, and it is not
		// the server's fault, so it is not logged as an error.
		return problem{status: statusClientClosed, code: "canceled", heading: "Request canceled", message: "The request was canceled."}
	case errors.As(err, &nf):
		return problem{status: http.StatusNotFound, code: "not_found", heading: "Not found", message: nf.msg}
	case errors.Is(err, index.ErrNotFound):
		return problem{status: http.StatusNotFound, code: "not_found", heading: "Not found", message: "The archive has no article with this id."}
	case errors.As(err, &he) && he.Code < http.StatusInternalServerError:
		p := problem{status: he.Code, code: codeFor(he.Code), heading: http.StatusText(he.Code)}
		switch he.Code {
		case http.StatusNotFound:
			p.heading, p.message = "Not found", "There is no page at this address."
		case http.StatusMethodNotAllowed:
			p.message = "This address does not accept this request method."
		default:
			p.message = http.StatusText(he.Code) + "."
			if m, ok := he.Message.(string); ok && m != "" {
				p.message = m
			}
		}
		return p
	default:
		return problem{
			status:  http.StatusInternalServerError,
			code:    "internal",
			heading: "Something went wrong",
			message: "The archive could not answer this request. Please try again in a moment.",
		}
	}
}

// codeFor makes an API error code from a status: 405 → "method_not_allowed".
func codeFor(status int) string {
	switch status {
	case http.StatusNotFound:
		return "not_found"
	case http.StatusInternalServerError:
		return "internal"
	}
	t := http.StatusText(status)
	if t == "" {
		return fmt.Sprintf("http_%d", status)
	}
	return strings.ReplaceAll(strings.ToLower(t), " ", "_")
}

// errorForm is the form a route's errors take.
type errorForm int

const (
	// errorPage is an HTML page, for people.
	errorPage errorForm = iota
	// errorJSON is an ErrorResponse, for programs: a feed reader or a
	// script reading an export must not be handed a page it would take
	// for the feed or the data.
	errorJSON
)

// errorsInJSON reports whether the error answering c is JSON: on the
// routes routes() marks so and under /api/, and anywhere for a client
// that asks for JSON rather than HTML.
func (s *Server) errorsInJSON(c echo.Context) bool {
	req := c.Request()
	if s.errorForms[c.Path()] == errorJSON || isAPI(req.URL.Path) {
		return true
	}
	// The answer now depends on Accept, and caches must know it.
	c.Response().Header().Add(echo.HeaderVary, echo.HeaderAccept)
	return prefersJSON(req.Header.Values(echo.HeaderAccept))
}

// prefersJSON reports whether Accept headers rank JSON above HTML.
// Wildcards count for neither: every browser sends */*, and means a page.
func prefersJSON(accept []string) bool {
	var jsonQ, htmlQ float64
	for _, h := range accept {
		for _, r := range strings.Split(h, ",") {
			mt, params, err := mime.ParseMediaType(r)
			if err != nil {
				continue
			}
			q := 1.0
			if v, ok := params["q"]; ok {
				if q, err = strconv.ParseFloat(v, 64); err != nil {
					continue
				}
			}
			switch mt {
			case "application/json", "application/problem+json":
				jsonQ = max(jsonQ, q)
			case "text/html", "application/xhtml+xml":
				htmlQ = max(htmlQ, q)
			}
		}
	}
	return jsonQ > htmlQ
}

// handleError is the one place errors become responses: JSON for
// programs (errorsInJSON), an error page for people. Logging is left to
// logRequests, which sees every error once.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p := classify(err)
	req := c.Request()
	if s.errorsInJSON(c) {
		body := ErrorBody{Code: p.code, Message: p.message}
		if p.query != nil {
			body.Param = p.query.Param
			if p.query.Pos >= 0 {
				off := p.query.Pos
				body.Offset = &off
			}
		}
		if werr := c.JSON(p.status, ErrorResponse{Error: body}); werr != nil {
			s.logger.Error("writing error response", "path", req.URL.Path, "err", werr)
		}
		return
	}
	v := views.ErrorPage{
		Page:    s.page(p.heading),
		Status:  p.status,
		Heading: p.heading,
		Message: p.message,
		Caret:   -1,
		HomeURL: "/search",
	}
	q := strings.TrimSpace(queryValues(c).Get("q"))
	v.Search.Q = q
	if p.query != nil {
		v.HelpURL = "/help"
		if p.query.Param == "q" && p.query.Pos >= 0 && p.query.Pos <= len(q) {
			v.Query = q
			v.Caret = utf8.RuneCountInString(q[:p.query.Pos])
		}
	}
	if werr := s.render(c, p.status, views.Error(v)); werr != nil {
		s.logger.Error("rendering error page", "path", req.URL.Path, "err", werr)
		_ = c.String(p.status, p.message)
	}
}
