package extract

import (
	"fmt"
	"strings"
	"time"
)

// successor is the name a name stands for from a day on, when its holder
// became another (Exxon merged into ExxonMobil).
type successor struct {
	name  string
	since time.Time
}

// loadSuccessors reads successors.txt, by the lower-case name.
func loadSuccessors() (map[string]successor, error) {
	ls, err := lines("successors.txt")
	if err != nil {
		return nil, err
	}
	out := map[string]successor{}
	for _, l := range ls {
		f := strings.Split(l, "|")
		if len(f) != 3 {
			return nil, fmt.Errorf("successors.txt: %q: want name|successor|YYYY-MM-DD", l)
		}
		since, err := time.Parse(time.DateOnly, f[2])
		if err != nil {
			return nil, fmt.Errorf("successors.txt: %q: %w", l, err)
		}
		out[strings.ToLower(f[0])] = successor{name: f[1], since: since}
	}
	return out, nil
}

// Successor returns the name an actor named name in a text published at
// goes by: its successor's when the text is from the day the successor
// was formed or later (Exxon in 2005 is ExxonMobil), the name itself
// otherwise, and for a text without a date, since a name is never
// replaced by a successor's on a guess.
func (e *Extractor) Successor(name string, at time.Time) string {
	s, ok := e.successors[strings.ToLower(name)]
	if !ok || at.IsZero() || at.Before(s.since) {
		return name
	}
	return s.name
}

// successorOf reports whether canon is the successor of the name written
// as surface: the lexicon's canonical name, which the text's date decides.
func (e *Extractor) successorOf(surface, canon string) bool {
	s, ok := e.successors[strings.ToLower(surface)]
	return ok && s.name == canon
}
