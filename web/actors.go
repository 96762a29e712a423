package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/newsarchive/newsarchive/index"
)

// Limits of the actor list: a page of names, and a name no longer than
// any real one.
const (
	defaultActors = 20
	maxActors     = 100
	maxActorQuery = 100 // characters
)

// ActorsResponse is the answer of GET /api/actors.
type ActorsResponse struct {
	Actors []ActorInfo `json:"actors"`
}

// ActorInfo is an actor as the archive knows it: the name and kind its
// articles show, the other ways its texts write it, and how many
// articles name it. URL is the search for its articles.
type ActorInfo struct {
	Name     string   `json:"name"`
	Kind     string   `json:"kind"`
	Aliases  []string `json:"aliases"`
	Articles int      `json:"articles"`
	URL      string   `json:"url"`
	APIURL   string   `json:"api_url"`
}

func actorInfo(a index.ActorInfo) ActorInfo {
	return ActorInfo{
		Name:     a.Name,
		Kind:     string(a.Kind),
		Aliases:  nonNil(a.Aliases),
		Articles: a.Articles,
		URL:      searchParams{Actors: []string{a.Name}}.url(),
		APIURL:   "/api/actors/" + url.PathEscape(a.Name),
	}
}

// apiActors answers GET /api/actors?q=: the actors whose name or any
// alias starts words as q does, in any case, most written about first;
// without q, the archive's most named actors.
func (s *Server) apiActors(c echo.Context) error {
	v := queryValues(c)
	for _, k := range []string{"q", "limit"} {
		if len(v[k]) > 1 {
			return badParam(k, "give %s only once; this address has it %d times", k, len(v[k]))
		}
	}
	q := strings.TrimSpace(v.Get("q"))
	if utf8.RuneCountInString(q) > maxActorQuery {
		return badParam("q", "q must be at most %d characters", maxActorQuery)
	}
	limit := defaultActors
	if l := strings.TrimSpace(v.Get("limit")); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > maxActors {
			return badParam("limit", "limit must be a whole number from 1 to %d", maxActors)
		}
		limit = n
	}
	found, err := s.searcher.Actors(c.Request().Context(), q, limit)
	if err != nil {
		return err
	}
	out := ActorsResponse{Actors: []ActorInfo{}}
	for _, a := range found {
		out.Actors = append(out.Actors, actorInfo(a))
	}
	return c.JSON(http.StatusOK, out)
}

// apiActor answers GET /api/actors/{name}: the actor name stands for,
// however it is written (REAGAN, Reagan or Ronald Reagan).
func (s *Server) apiActor(c echo.Context) error {
	name, err := url.PathUnescape(c.Param("name"))
	if err != nil || !utf8.ValidString(name) || strings.TrimSpace(name) == "" {
		return badParam("name", "the actor's name is not a valid path segment")
	}
	name = strings.TrimSpace(name)
	a, err := s.searcher.Actor(c.Request().Context(), name)
	if errors.Is(err, index.ErrNotFound) {
		return &notFound{msg: fmt.Sprintf("The archive knows no actor named %q, in any of the ways its articles write one.", name)}
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, actorInfo(a))
}

// parseSearch reads the search parameters (see the function of that
// name) and writes each actor filter as articles show the actor, so that
// actor=REAGAN, actor=Reagan and actor=Ronald Reagan are one filter, and
// the page's chips and facet agree with what is searched.
func (s *Server) parseSearch(v url.Values) (searchParams, error) {
	p, err := parseSearch(v)
	if err != nil {
		return p, err
	}
	canon := func(names []string) []string {
		var out []string
		for _, n := range names {
			if c := s.searcher.CanonicalActor(n); !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		return out
	}
	p.Actors, p.NotActors = canon(p.Actors), canon(p.NotActors)
	p.query.Actors, p.query.NotActors = p.Actors, p.NotActors
	return p, nil
}
