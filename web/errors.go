package web

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/querylang"
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

// syntaxProblems reports whether qe is query text that does not parse,
// whose problems the parser listed.
func syntaxProblems(qe *index.QueryError) bool {
	return qe.Param == "q" && len(qe.Problems) > 0
}

// queryProblems shows every problem of the query q on the error page v:
// a caret under each, and when there are several, a list naming each
// with its position, as people count.
func queryProblems(v *views.ErrorPage, q string, problems []index.QueryProblem) {
	v.Carets = v.Carets[:0]
	for _, pr := range problems {
		if pr.Pos < 0 || pr.Pos > len(q) {
			continue
		}
		v.Carets = append(v.Carets, utf8.RuneCountInString(q[:pr.Pos]))
	}
	if len(v.Carets) == 0 {
		v.Query = ""
	}
	if len(problems) < 2 {
		return
	}
	v.Message = fmt.Sprintf("The query has %d problems:", len(problems))
	for _, pr := range problems {
		where := "Somewhere"
		if pr.Pos >= 0 && pr.Pos <= len(q) {
			where = fmt.Sprintf("At position %d", utf8.RuneCountInString(q[:pr.Pos])+1)
		}
		v.Problems = append(v.Problems, views.QueryProblem{Where: where, Msg: pr.Msg})
	}
}

// plainWords is q's words alone as a query that parses, or "" when that
// is nothing or q itself, so not worth offering.
func plainWords(q string) string {
	plain := querylang.PlainWords(q)
	if plain == q {
		return ""
	}
	return plain
}

// plainURL is the search of plain with the request's other search
// parameters, from its first page: the filters still apply.
func plainURL(params url.Values, plain string) string {
	v := url.Values{}
	for k, vals := range params {
		if isSearchKey(k) && k != "q" && k != "page" {
			v[k] = vals
		}
	}
	v.Set("q", plain)
	return "/search?" + v.Encode()
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
	q := strings.TrimSpace(queryValues(c).Get("q"))
	if s.errorsInJSON(c) {
		body := ErrorBody{Code: p.code, Message: p.message}
		if p.query != nil {
			body.Param = p.query.Param
			if p.query.Pos >= 0 {
				off := p.query.Pos
				body.Offset = &off
			}
			if syntaxProblems(p.query) {
				for _, pr := range p.query.Problems {
					body.Problems = append(body.Problems, QueryProblem{Offset: pr.Pos, Message: pr.Msg})
				}
				body.PlainQ = plainWords(q)
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
		HomeURL: "/search",
	}
	v.Search.Q = q
	if p.query != nil {
		v.HelpURL = "/help"
		if p.query.Param == "q" && p.query.Pos >= 0 && p.query.Pos <= len(q) {
			v.Query = q
			v.Carets = []int{utf8.RuneCountInString(q[:p.query.Pos])}
		}
		if syntaxProblems(p.query) {
			queryProblems(&v, q, p.query.Problems)
			if plain := plainWords(q); plain != "" {
				v.PlainQ, v.PlainURL = plain, plainURL(queryValues(c), plain)
			}
		}
	}
	if werr := s.render(c, p.status, views.Error(v)); werr != nil {
		s.logger.Error("rendering error page", "path", req.URL.Path, "err", werr)
		_ = c.String(p.status, p.message)
	}
}
