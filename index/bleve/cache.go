package bleve

import (
	"container/list"
	"encoding/json"
	"slices"
	"sync"

	"github.com/newsarchive/newsarchive/index"
)

// counts is what a search finds out about all its matches rather than one
// page of them: the total, the facets, the histogram and the top actors.
// Each costs a pass over every match, which grows with the archive, while
// a page of hits does not.
type counts struct {
	Total     uint64
	Facets    index.Facets
	Histogram index.Histogram
	TopActors []index.FacetValue
}

// countCache keeps the counts of recent searches, least recently used
// out first. An entry holds for the generation of the index it was
// counted in, and every write starts a new generation, so the cache never
// answers with counts the archive no longer has; what it saves is the
// pass over the matches when the same search comes again before a write,
// as the front page, a popular facet value or a paged search does.
type countCache struct {
	mu      sync.Mutex
	max     int
	order   *list.List // of *cacheEntry, most recent first
	entries map[string]*list.Element
}

type cacheEntry struct {
	key    string
	gen    uint64
	counts counts
}

func newCountCache(max int) *countCache {
	return &countCache{max: max, order: list.New(), entries: map[string]*list.Element{}}
}

// get returns the counts stored for key in generation gen.
func (c *countCache) get(key string, gen uint64) (counts, bool) {
	if c.max <= 0 {
		return counts{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return counts{}, false
	}
	e := el.Value.(*cacheEntry)
	if e.gen != gen {
		c.order.Remove(el)
		delete(c.entries, key)
		return counts{}, false
	}
	c.order.MoveToFront(el)
	return e.counts.clone(), true
}

// put stores the counts of key as counted in generation gen.
func (c *countCache) put(key string, gen uint64, v counts) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*cacheEntry)
		if e.gen <= gen {
			e.gen, e.counts = gen, v.clone()
		}
		c.order.MoveToFront(el)
		return
	}
	c.entries[key] = c.order.PushFront(&cacheEntry{key: key, gen: gen, counts: v.clone()})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*cacheEntry).key)
	}
}

// clone copies the slices, so that a caller changing its results cannot
// change the cache's.
func (v counts) clone() counts {
	v.Facets.Actor = slices.Clone(v.Facets.Actor)
	v.Facets.Topic = slices.Clone(v.Facets.Topic)
	v.Facets.Source = slices.Clone(v.Facets.Source)
	v.Facets.Date = slices.Clone(v.Facets.Date)
	v.Histogram.Buckets = slices.Clone(v.Histogram.Buckets)
	v.TopActors = slices.Clone(v.TopActors)
	return v
}

// countKey is what a search's counts depend on: everything but the page,
// the cursor, the page size, the order and highlighting.
func countKey(q index.Query) string {
	k := q
	k.Page, k.Size, k.Sort, k.Highlight, k.After = 0, 0, "", false, ""
	b, _ := json.Marshal(k)
	return string(b)
}
