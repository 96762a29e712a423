package main

import (
	"cmp"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/newsarchive/newsarchive/index"
)

// The realistic HTTP load ("--http-mix zipf") asks what readers of a news
// archive ask: many distinct searches rather than eight shapes over and
// over, words and actors of the archive's own articles drawn by
// popularity with Zipf's law (the most searched is asked about twice as
// often as the second, and so on), drill-downs, later pages, the front
// page and suggestions as the search box is typed in.

// zipfExponent is s of Zipf's law: a little over 1, as query logs show.
const zipfExponent = 1.1

// mixKinds are the requests of the realistic load and how many of each
// in a hundred.
var mixKinds = []struct {
	name   string
	weight int
}{
	{"word", 28},    // one word
	{"and", 10},     // two words
	{"drill", 15},   // a word and an actor, as from the actor facet
	{"actor", 8},    // an actor alone, as from an actor chip
	{"year", 5},     // a word within a year, as from the chart
	{"page", 9},     // a word's page 2 to 5
	{"front", 10},   // the front page: everything, newest first
	{"suggest", 15}, // suggestions for the first letters of an actor's name
}

// zipfMix holds what the realistic load draws from: the archive's long
// words and its actors, most frequent first, and the years its articles
// were published in.
type zipfMix struct {
	words  []string
	actors []string
	years  []int
}

// newZipfMix counts the words and actors of up to termSample articles.
func newZipfMix(articles []index.Article) zipfMix {
	sample := articles[:min(len(articles), termSample)]
	df, actors, years := map[string]int{}, map[string]int{}, map[int]bool{}
	seen := map[string]bool{}
	for _, a := range sample {
		clear(seen)
		for _, w := range words(a.Title + "\n" + a.Body) {
			if len(w) >= 5 && !stopWords[w] && !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
		for _, act := range a.Actors {
			actors[act.Name]++
		}
		if !a.Published.IsZero() {
			years[a.Published.UTC().Year()] = true
		}
	}
	m := zipfMix{words: byCount(df), actors: byCount(actors)}
	for y := range years {
		m.years = append(m.years, y)
	}
	slices.Sort(m.years)
	return m
}

// byCount lists the keys of counts, the largest count first, ties in
// alphabetical order so that a corpus gives the same list every time.
func byCount(counts map[string]int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(counts[b]-counts[a], strings.Compare(a, b)) })
	return keys
}

// mixClient draws one client's requests; each client has its own random
// source, seeded from the run's seed and its number, so a run asks the
// same things in the same order every time.
type mixClient struct {
	m           *zipfMix
	r           *rand.Rand
	word, actor *rand.Zipf
	total       int // the weights of mixKinds, summed
	base        string
}

// client returns the requests of client n against the server at base.
func (m *zipfMix) client(base string, seed uint64, n int) *mixClient {
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	c := &mixClient{m: m, r: r, base: base}
	if len(m.words) > 1 {
		c.word = rand.NewZipf(r, zipfExponent, 1, uint64(len(m.words)-1))
	}
	if len(m.actors) > 1 {
		c.actor = rand.NewZipf(r, zipfExponent, 1, uint64(len(m.actors)-1))
	}
	for _, k := range mixKinds {
		c.total += k.weight
	}
	return c
}

func (c *mixClient) pickWord() string {
	switch {
	case c.word != nil:
		return c.m.words[c.word.Uint64()]
	case len(c.m.words) == 1:
		return c.m.words[0]
	}
	return "news"
}

func (c *mixClient) pickActor() string {
	switch {
	case c.actor != nil:
		return c.m.actors[c.actor.Uint64()]
	case len(c.m.actors) == 1:
		return c.m.actors[0]
	}
	return ""
}

// next draws a request: its kind and its address.
func (c *mixClient) next() (kind, target string) {
	x := c.r.IntN(c.total)
	for _, k := range mixKinds {
		if x < k.weight {
			kind = k.name
			break
		}
		x -= k.weight
	}
	v := url.Values{}
	path := "/api/search"
	switch kind {
	case "word":
		v.Set("q", c.pickWord())
	case "and":
		v.Set("q", c.pickWord()+" "+c.pickWord())
	case "drill":
		v.Set("q", c.pickWord())
		if a := c.pickActor(); a != "" {
			v.Set("actor", a)
		}
	case "actor":
		if a := c.pickActor(); a != "" {
			v.Set("actor", a)
		}
	case "year":
		v.Set("q", c.pickWord())
		if len(c.m.years) > 0 {
			v.Set("date", strconv.Itoa(c.m.years[c.r.IntN(len(c.m.years))]))
		}
	case "page":
		v.Set("q", c.pickWord())
		v.Set("page", strconv.Itoa(2+c.r.IntN(4)))
	case "front":
		v.Set("sort", "newest")
	case "suggest":
		path = "/api/suggest"
		name := c.pickActor()
		if name == "" {
			name = c.pickWord()
		}
		r := []rune(name)
		v.Set("q", string(r[:min(len(r), 2+c.r.IntN(3))]))
	}
	if path == "/api/search" {
		v.Set("size", strconv.Itoa(pageSize))
	}
	return kind, c.base + path + "?" + v.Encode()
}
