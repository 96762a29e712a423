package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/internal/marktest"
)

// pageSize is the results per page every shape asks for.
const pageSize = 20

// shapeKind says how a shape's words combine, for the engines that take
// a query tree rather than query text (raw Bleve).
type shapeKind int

const (
	kindWords  shapeKind = iota // all of Words (one word or more, ANDed)
	kindPhrase                  // Words as one phrase
	kindBool                    // (Words[0] OR Words[1]) NOT Words[2]
	kindAll                     // no text: everything, newest first
)

// shape is one kind of search the benchmark times. Text is in the
// syntax the archive's query language and FTS5 share for these shapes:
// bare words ANDed, "a phrase", and upper-case OR and NOT.
type shape struct {
	Name     string
	Kind     shapeKind
	Words    []string
	Text     string
	Actor    string    // actor filter, or ""
	From, To time.Time // published date range, both days inclusive; zero when open
	Page     int       // 1-based
}

// shapeResult is what one search found, for the checks and the table.
type shapeResult struct {
	Total      uint64
	Hits       int
	Marked     int // hits with a <mark> in a highlight
	ActorVals  int // values in the actor facet
	TopicVals  int
	DateVals   int
	FirstTitle string
	FirstMark  string // the first highlight fragment with a <mark>
}

// A querier answers the benchmark's shapes on one engine: the total, the
// page of 20 with highlights, and the actor, topic and date facets.
type querier interface {
	Query(ctx context.Context, s shape) (shapeResult, error)
	Close() error
}

// queryOpeners open an engine's index, by column name, from the folder
// its import left.
var queryOpeners = map[string]func(dir string) (querier, error){}

// terms are the words and values the shapes are made of, chosen from the
// corpus.
type terms struct {
	Sampled          int // articles the words were counted in
	Common, Rare     string
	CommonDF, RareDF int
	And              [2]string
	AndDF            [2]int
	Phrase           [2]string
	PhraseDF         int
	Not              string
	NotDF            int
	Actor            string
	ActorDF          int
	From, To         time.Time
}

// stopWords are the long words of the Snowball English stop list that
// Bleve's English analyzer drops; the choice of words skips them, since
// an engine that keeps them would search for something else.
var stopWords = map[string]bool{
	"about": true, "above": true, "after": true, "again": true, "against": true, "because": true,
	"before": true, "being": true, "below": true, "between": true, "during": true, "further": true,
	"having": true, "herself": true, "himself": true, "itself": true, "myself": true, "should": true,
	"themselves": true, "theirs": true, "through": true, "ourselves": true, "yourself": true,
	"yourselves": true, "which": true, "would": true, "could": true, "those": true, "these": true,
	"there": true, "their": true, "where": true, "while": true, "other": true, "under": true,
	"until": true, "where's": true, "shouldn't": true, "doesn't": true,
}

// termSample is how many articles the word counts look at: enough for
// stable frequencies, few enough to take a second or two at any scale.
const termSample = 20000

// words splits text into lower-case runs of ASCII letters.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return r < 'a' || r > 'z' })
}

// chooseTerms picks the shapes' words from the first articles, the same
// words for the same corpus every time: the most frequent long word, one
// in about 0.1 % of the articles, the most frequent phrase of two long
// words, the most frequent actor, and the five years that end five years
// before the newest article.
func chooseTerms(articles []index.Article) terms {
	sample := articles[:min(len(articles), termSample)]
	t := terms{Sampled: len(sample)}
	df := map[string]int{}
	pairs := map[[2]string]int{}
	actors := map[string]int{}
	var newest time.Time
	seen := map[string]bool{}
	seenPair := map[[2]string]bool{}
	for i, a := range sample {
		clear(seen)
		clear(seenPair)
		ws := words(a.Title + "\n" + a.Body)
		for j, w := range ws {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
			// Pairs only from the first 2,000 articles, as they are many.
			if i < 2000 && j > 0 && len(w) >= 4 && len(ws[j-1]) >= 4 && !stopWords[w] && !stopWords[ws[j-1]] {
				p := [2]string{ws[j-1], w}
				if !seenPair[p] {
					seenPair[p] = true
					pairs[p]++
				}
			}
		}
		for _, act := range a.Actors {
			actors[act.Name]++
		}
		if a.Published.After(newest) {
			newest = a.Published
		}
	}
	type wc struct {
		w string
		n int
	}
	var long []wc
	for w, n := range df {
		if len(w) >= 6 && !stopWords[w] {
			long = append(long, wc{w, n})
		}
	}
	slices.SortFunc(long, func(a, b wc) int { return cmp.Or(b.n-a.n, strings.Compare(a.w, b.w)) })
	pick := func(i int) (string, int) {
		if i < len(long) {
			return long[i].w, long[i].n
		}
		return "news", 0
	}
	t.Common, t.CommonDF = pick(0)
	t.And[0], t.AndDF[0] = pick(1)
	t.And[1], t.AndDF[1] = pick(2)
	t.Not, t.NotDF = pick(3)

	target := max(2, int(math.Round(float64(len(sample))*0.001)))
	var rare []wc
	for _, x := range long {
		if len(x.w) >= 7 {
			rare = append(rare, x)
		}
	}
	slices.SortFunc(rare, func(a, b wc) int {
		da, db := abs(a.n-target), abs(b.n-target)
		return cmp.Or(da-db, strings.Compare(a.w, b.w))
	})
	if len(rare) > 0 {
		t.Rare, t.RareDF = rare[0].w, rare[0].n
	} else {
		t.Rare = "referendum"
	}

	best, bestN := [2]string{"prime", "minister"}, 0
	for p, n := range pairs {
		if n > bestN || n == bestN && (p[0] < best[0] || p[0] == best[0] && p[1] < best[1]) {
			best, bestN = p, n
		}
	}
	t.Phrase, t.PhraseDF = best, bestN

	for name, n := range actors {
		if n > t.ActorDF || n == t.ActorDF && name < t.Actor {
			t.Actor, t.ActorDF = name, n
		}
	}
	if newest.IsZero() {
		newest = time.Now()
	}
	y := newest.UTC().Year()
	t.From = time.Date(y-9, 1, 1, 0, 0, 0, 0, time.UTC)
	t.To = time.Date(y-5, 12, 31, 0, 0, 0, 0, time.UTC)
	return t
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// shapes builds the eight shapes from the chosen terms.
func (t terms) shapes() []shape {
	phrase := `"` + t.Phrase[0] + " " + t.Phrase[1] + `"`
	return []shape{
		{Name: "common term", Kind: kindWords, Words: []string{t.Common}, Text: t.Common, Page: 1},
		{Name: "rare term", Kind: kindWords, Words: []string{t.Rare}, Text: t.Rare, Page: 1},
		{Name: "two-word AND", Kind: kindWords, Words: t.And[:], Text: t.And[0] + " " + t.And[1], Page: 1},
		{Name: "phrase", Kind: kindPhrase, Words: t.Phrase[:], Text: phrase, Page: 1},
		{Name: "OR and NOT", Kind: kindBool, Words: []string{t.And[0], t.And[1], t.Not},
			Text: "(" + t.And[0] + " OR " + t.And[1] + ") NOT " + t.Not, Page: 1},
		{Name: "term + actor + 5 years", Kind: kindWords, Words: []string{t.Common}, Text: t.Common,
			Actor: t.Actor, From: t.From, To: t.To, Page: 1},
		{Name: "empty query, newest", Kind: kindAll, Page: 1},
		{Name: "common term, page 50", Kind: kindWords, Words: []string{t.Common}, Text: t.Common, Page: 50},
	}
}

// describe says what the terms are, with how many sampled articles hold
// each word as it is written (the engines stem, so they find more).
func (t terms) describe() string {
	pct := func(n int) string { return fmt.Sprintf("%.1f %%", 100*float64(n)/float64(max(1, t.Sampled))) }
	return fmt.Sprintf("common `%s` (in %s of the articles), rare `%s` (%d articles, %s), AND `%s` (%s) and `%s` (%s), "+
		"phrase `\"%s %s\"` (%s of the first 2,000), NOT `%s` (%s), actor `%s` (%s), dates %s to %s; word counts over the first %d articles",
		t.Common, pct(t.CommonDF), t.Rare, t.RareDF, pct(t.RareDF), t.And[0], pct(t.AndDF[0]), t.And[1], pct(t.AndDF[1]),
		t.Phrase[0], t.Phrase[1], fmt.Sprintf("%d", t.PhraseDF), t.Not, pct(t.NotDF), t.Actor, pct(t.ActorDF),
		t.From.Format(time.DateOnly), t.To.Format(time.DateOnly), t.Sampled)
}

// latency is one shape's percentiles on one engine.
type latency struct {
	p50, p95, p99 time.Duration
}

// percentile returns the p-th percentile of d by the nearest-rank method.
func percentile(d []time.Duration, p float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

// queryWarmup is how many untimed searches of a shape come before the
// timed ones, to fill caches and let the engine settle.
const queryWarmup = 10

// timeShapes runs each shape warmup and then n timed times on q and
// returns the percentiles per shape with the result of the last run.
func timeShapes(ctx context.Context, q querier, shapes []shape, n int) ([]latency, []shapeResult, error) {
	lats := make([]latency, len(shapes))
	res := make([]shapeResult, len(shapes))
	for i, s := range shapes {
		for range queryWarmup {
			if _, err := q.Query(ctx, s); err != nil {
				return nil, nil, fmt.Errorf("%s: %w", s.Name, err)
			}
		}
		d := make([]time.Duration, n)
		for j := range n {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
			start := time.Now()
			r, err := q.Query(ctx, s)
			d[j] = time.Since(start)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", s.Name, err)
			}
			res[i] = r
		}
		lats[i] = latency{percentile(d, 50), percentile(d, 95), percentile(d, 99)}
	}
	return lats, res, nil
}

// engineLatency is one engine's column of the latency table.
type engineLatency struct {
	engine  string
	lat     []latency // per shape, the medians over the repeats
	results []shapeResult
}

// measureQueries times the shapes on each engine repeat times and keeps,
// per shape, the median of each percentile over the repeats.
func measureQueries(ctx context.Context, engines []string, dirs map[string]string, shapes []shape, n, repeat int, stderr io.Writer) ([]engineLatency, error) {
	// An engine is opened for each repeat and closed after it, one at a
	// time: the archive's two columns search the same index, which one
	// process can hold open only once.
	open := func(e string) (querier, error) {
		key, dir := e, dirs[e]
		if base, ok := strings.CutSuffix(e, cachedSuffix); ok {
			key, dir = "newsarchive"+cachedSuffix, dirs[base]
		} else if _, ok := productPeers[e]; ok {
			key = "newsarchive"
		}
		opener, ok := queryOpeners[key]
		if !ok {
			return nil, fmt.Errorf("%s: no searches for this engine in this build", e)
		}
		q, err := opener(dir)
		if err != nil {
			return nil, fmt.Errorf("%s: open for queries: %w", e, err)
		}
		return q, nil
	}
	all := make([][][]latency, len(engines)) // engine, repeat, shape
	out := make([]engineLatency, len(engines))
	for r := range repeat {
		for i, e := range engines {
			q, err := open(e)
			if err != nil {
				return nil, err
			}
			start := time.Now()
			lat, res, err := timeShapes(ctx, q, shapes, n)
			if cerr := q.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("close: %w", cerr)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", e, err)
			}
			all[i] = append(all[i], lat)
			out[i].engine, out[i].results = e, res
			fmt.Fprintf(stderr, "queries: %s: repeat %d of %d: %d shapes x %d in %v\n", e, r+1, repeat, len(shapes), n, time.Since(start).Round(time.Millisecond))
		}
	}
	for i := range engines {
		out[i].lat = make([]latency, len(shapes))
		for s := range shapes {
			var p50, p95, p99 []float64
			for _, rep := range all[i] {
				p50 = append(p50, float64(rep[s].p50))
				p95 = append(p95, float64(rep[s].p95))
				p99 = append(p99, float64(rep[s].p99))
			}
			out[i].lat[s] = latency{time.Duration(median(p50)), time.Duration(median(p95)), time.Duration(median(p99))}
		}
	}
	return out, nil
}

// archiveQuerier searches the archive's own index in process, with the
// same index.Search the server calls.
type archiveQuerier struct {
	ix *bleve.Index
}

// cachedSuffix names the archive's column with its count cache on.
const cachedSuffix = " cached"

func init() {
	// The archive keeps the counts (total, facets, histogram) of recent
	// searches until the next write. The benchmark repeats each search,
	// so with the cache on every timed search but the first is a hit; the
	// main column turns it off to count afresh each time, as the peers
	// do, and the cached column shows what a repeated search costs.
	queryOpeners["newsarchive"] = func(dir string) (querier, error) {
		ix, err := bleve.Open(dir, bleve.WithCacheSize(0))
		if err != nil {
			return nil, err
		}
		return &archiveQuerier{ix: ix}, nil
	}
	queryOpeners["newsarchive"+cachedSuffix] = func(dir string) (querier, error) {
		ix, err := bleve.Open(dir)
		if err != nil {
			return nil, err
		}
		return &archiveQuerier{ix: ix}, nil
	}
}

func (q *archiveQuerier) Query(ctx context.Context, s shape) (shapeResult, error) {
	iq := index.Query{Text: s.Text, From: s.From, To: s.To, Page: s.Page, Size: pageSize, Highlight: true, Sort: index.SortRelevance}
	if s.Text == "" {
		iq.Sort = index.SortNewest
	}
	if s.Actor != "" {
		iq.Actors = []string{s.Actor}
	}
	res, err := q.ix.Search(ctx, iq)
	if err != nil {
		return shapeResult{}, err
	}
	r := shapeResult{Total: res.Total, Hits: len(res.Hits), ActorVals: len(res.Facets.Actor), TopicVals: len(res.Facets.Topic), DateVals: len(res.Facets.Date)}
	for i, h := range res.Hits {
		if i == 0 {
			r.FirstTitle = h.Title
		}
		marked := false
		for _, f := range []string{"title", "body"} {
			for _, frag := range h.Highlights[f] {
				if len(frag.Marks) > 0 {
					marked = true
					if r.FirstMark == "" {
						r.FirstMark = marktest.HTML(frag)
					}
				}
			}
		}
		if marked {
			r.Marked++
		}
	}
	return r, nil
}

func (q *archiveQuerier) Close() error { return q.ix.Close() }
