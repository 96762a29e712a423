package bleve

import (
	"strings"
	"sync"

	"github.com/newsarchive/newsarchive/index"
)

// aliasTable completes single-word person names across the archive. It
// counts, per surname, the full names the archive holds people under;
// "Netanyahu" alone becomes "Benjamin Netanyahu" when that is the name
// the archive knows a Netanyahu by, and stays as it is when the surname is
// shared (two Bushes) or no full name is known yet. It is rebuilt from the
// index's person field when the index opens and kept current by Put.
type aliasTable struct {
	mu   sync.RWMutex
	full map[string]map[string]int // lower-case surname → full name → articles
	// given counts, per lower-case first word of a full name, the full
	// names that start with it, so that a given name alone ("David") is
	// known to be shared.
	given map[string]map[string]int
}

// Thresholds for completing a name: the leading full name must be seen in
// at least aliasMinCount articles and hold aliasShare of the surname's.
const (
	aliasMinCount = 2
	aliasShare    = 0.75
)

func (t *aliasTable) add(name string, n int) {
	s := index.Surname(name)
	if s == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.full == nil {
		t.full = map[string]map[string]int{}
	}
	m := t.full[s]
	if m == nil {
		m = map[string]int{}
		t.full[s] = m
	}
	m[name] += n
	first := strings.ToLower(strings.Fields(name)[0])
	if t.given == nil {
		t.given = map[string]map[string]int{}
	}
	g := t.given[first]
	if g == nil {
		g = map[string]int{}
		t.given[first] = g
	}
	g[name] += n
}

// fullName returns the archive's full name for a single-word person name,
// or name itself.
func (t *aliasTable) fullName(name string) string {
	if strings.ContainsAny(strings.TrimSpace(name), " \t") {
		return name
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	var best string
	var bestN, total int
	for full, n := range t.full[strings.ToLower(name)] {
		total += n
		if n > bestN || n == bestN && full < best {
			best, bestN = full, n
		}
	}
	if bestN >= aliasMinCount && float64(bestN) >= aliasShare*float64(total) {
		return best
	}
	return name
}

// FullName returns the name the archive knows a person by: for a
// single-word name ("Netanyahu"), the full name most articles give that
// surname, when one clearly leads; otherwise name itself.
func (ix *Index) FullName(name string) string { return ix.aliases.fullName(name) }

// shared reports whether a single-word name is the surname, or the
// given name, of several people the archive knows: two or more full
// names, each in aliasMinCount articles or more. (fullName has already
// taken a surname that mostly stands for one of them to that one.)
func (t *aliasTable) shared(name string) bool {
	if strings.ContainsAny(strings.TrimSpace(name), " \t") {
		return false
	}
	low := strings.ToLower(name)
	t.mu.RLock()
	defer t.mu.RUnlock()
	for _, m := range []map[string]int{t.full[low], t.given[low]} {
		n := 0
		for _, c := range m {
			if c >= aliasMinCount {
				n++
			}
		}
		if n >= 2 {
			return true
		}
	}
	return false
}
