package web

import (
	"fmt"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/extract"
)

// A route's parameters are told by a function that reports whether it
// reads a key: the one its parsing uses (isSearchKey for the searches),
// so that a parameter added to the parsing is known everywhere at once.

// noParams is the parameters of a route that reads none.
func noParams(string) bool { return false }

// anyParams lets every parameter through, to a route that refuses them
// itself.
func anyParams(string) bool { return true }

// isSuggestKey reports whether k is a parameter of the suggestions.
func isSuggestKey(k string) bool { return k == "q" }

// isActorsKey reports whether k is a parameter of the actor list.
func isActorsKey(k string) bool { return k == "q" || k == "limit" }

// maxSuggestedKey bounds the length of a parameter name given a "did you
// mean": longer ones are no typing slip of any parameter's name.
const maxSuggestedKey = 40

// knownParams refuses a request naming a parameter known does not take,
// before next runs. The API is strict where pages are lenient: a program
// that misspells actor as actors would otherwise get the whole archive
// back and take it for an answer, while links people paste into a browser
// carry utm_ tags and such that must not break a page.
func knownParams(known func(string) bool, next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		var unknown []string
		for k := range queryValues(c) {
			if !known(k) {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) == 0 {
			return next(c)
		}
		slices.Sort(unknown)
		var msgs []string
		for _, k := range unknown {
			msg := fmt.Sprintf("%q is not a parameter of this endpoint", k)
			if k == "" {
				msg = "a parameter has no name (an \"=\" or \"&\" too many?)"
			}
			if s := closestKey(k, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			}
			msgs = append(msgs, msg)
		}
		return &index.QueryError{Param: unknown[0], Pos: -1,
			Msg: strings.Join(msgs, "; ") + ". The parameters each endpoint takes are in " + openAPIPath + "."}
	}
}

// closestKey returns a parameter known takes that k looks like a slip
// for: k in another case, with "-" for "_", with a "[]" after it, or one
// edit away (a letter left out, added, changed, or two swapped); "" for
// none. The candidates are tried rather than the known names listed, so
// that known can stay the predicate the parsing uses.
func closestKey(k string, known func(string) bool) string {
	base := strings.ReplaceAll(strings.ToLower(strings.TrimSuffix(k, "[]")), "-", "_")
	if base != k && known(base) {
		return base
	}
	if base == "" || len(base) > maxSuggestedKey {
		return ""
	}
	const letters = "abcdefghijklmnopqrstuvwxyz_"
	// The first candidate known takes wins; at each place a letter too
	// many is tried first, the likeliest slip (actors for actor).
	var cands []string
	for i := range len(base) {
		cands = append(cands, base[:i]+base[i+1:])
		if i+1 < len(base) {
			cands = append(cands, base[:i]+string(base[i+1])+string(base[i])+base[i+2:])
		}
		for _, r := range letters {
			cands = append(cands, base[:i]+string(r)+base[i+1:])
		}
	}
	for i := range len(base) + 1 {
		for _, r := range letters {
			cands = append(cands, base[:i]+string(r)+base[i:])
		}
	}
	for _, s := range cands {
		if s != k && known(s) {
			return s
		}
	}
	return ""
}

// knownTopics refuses a request whose topic or not_topic is none of the
// archive's topics, listing them, before next runs: as a filter it would
// match nothing, and a misspelt one would pass for a search that found
// nothing or excluded nothing. A topic outside the list that articles do
// carry (one a source supplied, through an import or the write API)
// passes, so that every value facets.topic lists can be followed.
func (s *Server) knownTopics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		// The search's own checks come first, the cap on filter values
		// among them, so that the answer is the one the search gives.
		p, err := parseSearch(queryValues(c))
		if err != nil {
			return err
		}
		known := extract.TopicSlugs()
		for _, f := range []struct {
			param  string
			values []string
		}{{"topic", p.Topics}, {"not_topic", p.NotTopics}} {
			for _, t := range f.values {
				if slices.Contains(known, t) {
					continue
				}
				held, err := s.searcher.Search(c.Request().Context(), index.Query{Topics: []string{t}, Size: 1})
				if err != nil {
					return err
				}
				if held.Total > 0 {
					continue
				}
				if lower := strings.ToLower(t); slices.Contains(known, lower) {
					return badParam(f.param, "%q is not a topic: topics are written in lower case (did you mean %s?)", t, lower)
				}
				return badParam(f.param, "%q is not a topic; %s takes one of %s", t, f.param, strings.Join(known, ", "))
			}
		}
		return next(c)
	}
}
