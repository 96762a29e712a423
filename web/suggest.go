package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/newsarchive/newsarchive/index"
)

// Suggestion limits: a prefix longer than a title is typing, not
// searching, and a list longer than a screenful is not read.
const (
	maxSuggestPrefix = 100 // characters
	suggestionsShown = 8
)

// suggest runs the suggestion search for the request's q.
func (s *Server) suggest(c echo.Context) (string, []index.Suggestion, error) {
	v := queryValues(c)
	if len(v["q"]) > 1 {
		return "", nil, badParam("q", "give q only once; this address has it %d times", len(v["q"]))
	}
	prefix := strings.TrimSpace(v.Get("q"))
	if n := utf8.RuneCountInString(prefix); n < 1 || n > maxSuggestPrefix {
		return "", nil, badParam("q", "q must be 1 to %d characters", maxSuggestPrefix)
	}
	sug, err := s.searcher.Suggest(c.Request().Context(), prefix, suggestionsShown)
	return prefix, sug, err
}

// apiSuggest answers GET /api/suggest: what the search box offers as a
// reader types.
func (s *Server) apiSuggest(c echo.Context) error {
	_, sug, err := s.suggest(c)
	if err != nil {
		return err
	}
	out := SuggestResponse{Suggestions: []Suggestion{}}
	for _, g := range sug {
		item := Suggestion{Type: g.Type, Text: g.Text}
		switch g.Type {
		case "actor":
			item.Kind, item.Count = string(g.Kind), g.Count
			item.URL = searchParams{Actors: []string{g.Text}}.url()
		case "title":
			item.URL = articleURL(g.ID, nil)
		default:
			continue
		}
		out.Suggestions = append(out.Suggestions, item)
	}
	return c.JSON(http.StatusOK, out)
}

// apiSuggestOpenSearch answers the browsers' suggestion protocol: the
// prefix, then the completions, as a JSON array. A browser asks as the
// reader types, from the first keystroke: an empty or overlong prefix has
// no completions rather than an error the browser cannot show. A name and
// a title that read alike are one completion, since the browser shows
// only the text.
func (s *Server) apiSuggestOpenSearch(c echo.Context) error {
	prefix, sug, err := s.suggest(c)
	var qe *index.QueryError
	if errors.As(err, &qe) && len(c.QueryParams()["q"]) <= 1 {
		prefix, sug, err = strings.TrimSpace(c.QueryParam("q")), nil, nil
	}
	if err != nil {
		return err
	}
	texts := []string{}
	seen := map[string]bool{}
	for _, g := range sug {
		if k := strings.ToLower(g.Text); !seen[k] {
			seen[k] = true
			texts = append(texts, g.Text)
		}
	}
	b, err := json.Marshal([]any{prefix, texts})
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/x-suggestions+json", b)
}
