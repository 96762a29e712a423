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
