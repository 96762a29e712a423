package bleve

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsarchive/newsarchive/index"
)

// Facet sizes: how many values a facet lists at most.
const (
	actorFacetSize = 30 // per kind of actor
	topActorsSize  = 10
	kindFacetSize  = 100 // the actor facet narrowed to one kind
	topicFacetSize = 20
	// An archive gathers from a few outlets, or from many sites (headline
	// lists name each link's domain), whose long tail a reader reaches
	// with a source: query.
	sourceFacetSize = 30
	yearFacetSize   = 200 // every year an archive can plausibly span
	leadLength      = 300 // characters of body shown for hits without highlights
)

// Facet names, for filtered's skip.
const (
	facetActor  = "actor"
	facetTopic  = "topic"
	facetSource = "source"
)

// filtered combines the query text with the filters: values of one facet
// OR'ed, facets, exclusions and the date range AND'ed. skip leaves out one
// facet's own selections, for counting that facet's values disjunctively.
func filtered(q index.Query, text query.Query, skip string) query.Query {
	must := []query.Query{text}
	anyOf := func(field string, values []string) {
		if len(values) == 0 {
			return
		}
		terms := make([]query.Query, len(values))
		for i, v := range values {
			t := query.NewTermQuery(v)
			t.SetField(field)
			terms[i] = t
		}
		if len(terms) == 1 {
			must = append(must, terms[0])
			return
		}
		must = append(must, query.NewDisjunctionQuery(terms))
	}
	if skip != facetActor {
		anyOf(fieldActor, q.Actors)
	}
	if len(q.Found) > 0 {
		var terms []query.Query
		for _, f := range []string{fieldPerson, fieldOrganization, fieldPlace} {
			for _, v := range q.Found {
				t := query.NewTermQuery(v)
				t.SetField(fieldEvidence + f)
				terms = append(terms, t)
			}
		}
		must = append(must, query.NewDisjunctionQuery(terms))
	}
	if skip != facetTopic {
		anyOf(fieldTopic, q.Topics)
	}
	if skip != facetSource {
		anyOf(fieldSource, q.Sources)
	}
	// To is an inclusive day: the range ends as the next begins.
	if d := publishedBetween(dayStart(q.From), !q.From.IsZero(), dayStart(q.To).AddDate(0, 0, 1), !q.To.IsZero()); d != nil {
		must = append(must, d)
	}
	var not []query.Query
	for _, pair := range []struct {
		field  string
		values []string
	}{{fieldActor, q.NotActors}, {fieldTopic, q.NotTopics}, {fieldSource, q.NotSources}} {
		for _, v := range pair.values {
			t := query.NewTermQuery(v)
			t.SetField(pair.field)
			not = append(not, t)
		}
	}
	if len(must) == 1 && len(not) == 0 {
		return text
	}
	b := query.NewBooleanQuery(nil, nil, nil)
	b.AddMust(must...)
	b.AddMustNot(not...)
	return b
}

func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// monthView reports whether the date range lies within one calendar year,
// in which case the date facet lists that year's months.
func monthView(q index.Query) bool {
	return !q.From.IsZero() && !q.To.IsZero() && q.From.Year() == q.To.Year()
}

// selectedPeriod names the year or month the date range covers exactly, so
// the facet can mark it selected.
func selectedPeriod(q index.Query) string {
	if q.From.IsZero() || q.To.IsZero() {
		return ""
	}
	f, t := dayStart(q.From), dayStart(q.To)
	if f.YearDay() == 1 && t.Month() == time.December && t.Day() == 31 && f.Year() == t.Year() {
		return f.Format("2006")
	}
	if f.Day() == 1 && f.Year() == t.Year() && f.Month() == t.Month() && t.AddDate(0, 0, 1).Day() == 1 {
		return f.Format("2006-01")
	}
	return ""
}

// plan is a search made ready to run: its query normalized, its text
// parsed once and compiled for ranking and for highlighting, and its
// filters applied. Search, Stream and Highlight start from one.
type plan struct {
	q    index.Query
	text query.Query // finds the matches by word positions, for highlighting
	rank query.Query // finds the same matches, with word pairs for phrases
	full query.Query // rank within the filters
}

// plan normalizes q and compiles it. Errors in what the user asked for
// are *index.QueryError.
func (ix *Index) plan(q index.Query) (plan, error) {
	if err := q.Normalize(); err != nil {
		return plan{}, err
	}
	parsed, err := parseText(q.Text)
	if err != nil {
		return plan{}, err
	}
	if parsed.Root != nil {
		parsed.Root = ix.expandActors(parsed.Root)
	}
	p := plan{q: q, text: ix.text.compile(parsed)}
	p.rank = p.text
	if ix.pairs != nil {
		p.rank = ix.rank.compile(parsed)
	}
	p.full = filtered(q, p.rank, "")
	return p, nil
}

// Search runs q and returns one page of hits with facets. Errors in what
// the user asked for are *index.QueryError.
func (ix *Index) Search(ctx context.Context, q index.Query) (index.Results, error) {
	start := time.Now()
	ctx = limitTerms(ctx)
	p, err := ix.plan(q)
	if err != nil {
		return index.Results{}, err
	}
	q, text, rank, full := p.q, p.text, p.rank, p.full
	after, err := afterKey(q)
	if err != nil {
		return index.Results{}, err
	}
	key, gen := countKey(q), ix.gen.Load()
	cached, counted := ix.counts.get(key, gen)

	from := (q.Page - 1) * q.Size
	order := sortOrder(q)
	byScore := len(order) == 1 && after == nil
	byDate := q.Sort == index.SortNewest || q.Sort == index.SortOldest
	if (byDate || after != nil) && !counted {
		// A date-ordered page is sorted within windows of dates
		// (datePage), whose requests count only their own matches; a
		// page after a cursor is counted apart too, as its own request
		// sees only the hits that follow the cursor.
		if cached, err = ix.countOnly(ctx, q, rank, full); err != nil {
			return index.Results{}, err
		}
		ix.counts.put(key, gen, cached)
		counted = true
	}
	ranked := full

	// The ranking request asks for ids only: through the shards' alias,
	// each shard would load the stored fields of all its first
	// page*size hits, not just the page's. fetch loads the page after.
	req := bleve.NewSearchRequestOptions(ranked, q.Size, from, false)
	if byScore {
		req.From, req.Size = 0, ix.rankWindow(from, q.Size)
	}
	if after != nil {
		// Every order with the id as its last tie-break, so that the
		// hits after the cursor's are exactly those that sort after it;
		// one hit more than the page tells whether any follow.
		order = cursorOrder(q)
		req.Size = q.Size + 1
		req.SearchAfter = after
	}
	if byDate {
		req.Score = bleve.ScoreNone // and a date-ordered hit has no score, as in Elasticsearch
	}
	req.SortBy(order)
	if !counted {
		ix.addFacets(q, req)
	}
	rankCtx := ctx
	if q.Sort == index.SortRelevance {
		// Shards score with the archive's document count and field
		// lengths, not their own.
		rankCtx = context.WithValue(ctx, search.SearchTypeKey, search.GlobalScoring)
	}
	var res *bleve.SearchResult
	if byDate {
		res, err = ix.datePage(rankCtx, req, full, q.Sort, after, cached.Total)
	} else {
		res, err = ix.search(rankCtx, req)
	}
	if err != nil {
		return index.Results{}, searchError(err)
	}

	out := index.Results{Page: q.Page, Size: q.Size}
	highlight := q.Highlight && strings.TrimSpace(q.Text) != ""
	page := res.Hits
	if byScore {
		var whole bool
		if page, whole = rankedPage(page, from, q.Size, req.Size); !whole {
			if page, err = ix.tiedPage(rankCtx, ranked, from, q.Size); err != nil {
				return index.Results{}, err
			}
		}
	}
	more := false
	if after != nil {
		more = len(page) > q.Size
		page = page[:min(len(page), q.Size)]
	}
	if out.Hits, err = ix.fetch(ctx, page, text, highlight); err != nil {
		return index.Results{}, err
	}
	for i := range out.Hits {
		out.Hits[i].Body = lead(out.Hits[i].Body)
	}
	if !counted {
		if cached, err = ix.count(ctx, q, rank, full, res); err != nil {
			return index.Results{}, err
		}
		ix.counts.put(key, gen, cached)
	}
	if after == nil {
		more = uint64(from+len(page)) < cached.Total
	}
	if more && len(page) > 0 {
		out.Next = q.Cursor(cursorKey(q, page[len(page)-1]))
	}
	out.Total, out.Facets, out.Histogram, out.TopActors = cached.Total, cached.Facets, cached.Histogram, cached.TopActors
	out.Took = time.Since(start)
	return out, nil
}

// countOnly makes the counts of q with a request of their own.
func (ix *Index) countOnly(ctx context.Context, q index.Query, text, full query.Query) (counts, error) {
	res, err := ix.facetsOnly(ctx, full, func(req *bleve.SearchRequest) { ix.addFacets(q, req) })
	if err != nil {
		return counts{}, err
	}
	return ix.count(ctx, q, text, full, res)
}

// dateWindow narrows full to the periods of the histogram h that hold the
// first n of its matches in date order s, so that sorting them is enough:
// every match of a later period (for newest first; earlier for oldest)
// comes before every match of the others, and undated matches come last.
// h must count full's matches: a period counted short only widens the
// window.
func dateWindow(full query.Query, h index.Histogram, s index.Sort, n int) query.Query {
	b := h.Buckets
	var start, end time.Time
	seen := 0
	switch s {
	case index.SortNewest:
		for i := len(b) - 1; i > 0 && start.IsZero(); i-- {
			if seen += b[i].Count; seen >= n {
				start = b[i].From
			}
		}
	case index.SortOldest:
		for i := 0; i < len(b)-1 && end.IsZero(); i++ {
			if seen += b[i].Count; seen >= n {
				end = b[i+1].From
			}
		}
	}
	d := publishedBetween(start, !start.IsZero(), end, !end.IsZero())
	if _, none := d.(*query.MatchNoneQuery); d == nil || none {
		// A period beyond what the index can date (from an index made
		// before undatable dates were left out) cannot narrow the
		// search; the whole of it, sorted, is still the answer.
		return full
	}
	return query.NewConjunctionQuery([]query.Query{full, d})
}

// addFacets asks for the facets the counts of q come from.
func (ix *Index) addFacets(q index.Query, req *bleve.SearchRequest) {
	if len(q.Actors) == 0 {
		ix.addActorFacets(q, req)
	}
	if len(q.Actors) > 0 || q.ActorKind != "" {
		// The actor facet is counted elsewhere or for one kind only; the
		// top actors are counted within the results, every kind.
		for _, f := range []string{fieldPerson, fieldOrganization, fieldPlace} {
			req.AddFacet("top_"+f, ix.facetRequest(f, topActorsSize))
		}
	}
	if len(q.Topics) == 0 {
		req.AddFacet(fieldTopic, ix.facetRequest(fieldTopic, topicFacetSize))
	}
	if len(q.Sources) == 0 {
		req.AddFacet(fieldSource, ix.facetRequest(fieldSource, sourceFacetSize))
	}
	req.AddFacet(fieldYear, bleve.NewFacetRequest(fieldYear, yearFacetSize))
	if monthView(q) {
		req.AddFacet(fieldMonth, bleve.NewFacetRequest(fieldMonth, 12))
	}
}

// count makes the counts of q from the ranking result res, which carries
// the facets addFacets asked for, and from the requests that need
// filters of their own.
func (ix *Index) count(ctx context.Context, q index.Query, text, full query.Query, res *bleve.SearchResult) (counts, error) {
	// A facet with selections is counted without them (and with every
	// other filter), so its other values say what adding them would give.
	facetRes := map[string]*bleve.SearchResult{facetActor: res, facetTopic: res, facetSource: res}
	if len(q.Actors) > 0 {
		r, err := ix.facetsOnly(ctx, filtered(q, text, facetActor), func(req *bleve.SearchRequest) { ix.addActorFacets(q, req) })
		if err != nil {
			return counts{}, err
		}
		facetRes[facetActor] = r
	}
	if len(q.Topics) > 0 {
		r, err := ix.facetsOnly(ctx, filtered(q, text, facetTopic), func(req *bleve.SearchRequest) {
			req.AddFacet(fieldTopic, ix.facetRequest(fieldTopic, topicFacetSize))
		})
		if err != nil {
			return counts{}, err
		}
		facetRes[facetTopic] = r
	}
	if len(q.Sources) > 0 {
		r, err := ix.facetsOnly(ctx, filtered(q, text, facetSource), func(req *bleve.SearchRequest) {
			req.AddFacet(fieldSource, ix.facetRequest(fieldSource, sourceFacetSize))
		})
		if err != nil {
			return counts{}, err
		}
		facetRes[facetSource] = r
	}
	c := counts{Total: res.Total, Facets: facets(q, res, facetRes)}
	if err := ix.countMissingSelected(ctx, q, text, c.Facets.Actor); err != nil {
		return counts{}, err
	}
	c.TopActors = topActors(res, len(q.Actors) > 0 || q.ActorKind != "")
	var err error
	if c.Histogram, err = ix.histogram(ctx, q, full, res); err != nil {
		return counts{}, err
	}
	return c, nil
}

// sortOrder is Bleve's sort for q. Pages must never overlap, so ties
// need an order that does not depend on which shard answers first. A
// tie-break on a field makes Bleve read that field for every match, not
// only the page's, which more than doubled the time of a common word at
// 100,000 articles; so a text query ranked by relevance sorts by score
// alone, and rankedPage settles its ties. The id is the tie-break where
// reading it costs little beside the sort itself: dates, and the constant
// score of a query without text.
func sortOrder(q index.Query) []string {
	switch q.Sort {
	case index.SortNewest:
		return []string{"-" + fieldPublished, "_id"}
	case index.SortOldest:
		return []string{fieldPublished, "_id"}
	}
	if strings.TrimSpace(q.Text) == "" {
		return []string{"-_score", "_id"}
	}
	return []string{"-_score"}
}

// cursorOrder is sortOrder with the id as the last tie-break in every
// order: the order cursors count in, in which no two hits tie.
func cursorOrder(q index.Query) []string {
	order := sortOrder(q)
	if order[len(order)-1] != "_id" {
		order = append(order, "_id")
	}
	return order
}

// cursorKey is the position of hit h in cursorOrder(q), as Bleve's
// SearchAfter takes it: the score, written so that it reads back exactly,
// or the date as the index keeps it; then the id.
func cursorKey(q index.Query, h *search.DocumentMatch) []string {
	if q.Sort == index.SortRelevance {
		return []string{strconv.FormatFloat(h.Score, 'g', -1, 64), h.ID}
	}
	return []string{h.Sort[0], h.ID}
}

// afterKey returns the position q's cursor stands for, nil for none,
// refusing one that is not a position in cursorOrder(q).
func afterKey(q index.Query) ([]string, error) {
	key, err := q.AfterKey()
	if err != nil || key == nil {
		return nil, err
	}
	bad := len(key) != len(cursorOrder(q))
	if !bad && q.Sort == index.SortRelevance {
		_, perr := strconv.ParseFloat(key[0], 64)
		bad = perr != nil
	}
	if bad {
		return nil, index.BadCursor()
	}
	return key, nil
}

// afterWindow narrows full, in date order s, to the dates from the
// cursor's on, so that a page deep in the results sorts only what
// follows it. Undated matches sort last and no date range takes them in,
// so it narrows only when the histogram h of full counts none, and not
// at all in relevance order or after an undated hit.
func afterWindow(full query.Query, h index.Histogram, s index.Sort, after []string) query.Query {
	if h.Undated > 0 || s == index.SortRelevance {
		return full
	}
	t, err := cursorTime(after)
	if err != nil {
		return full
	}
	var d query.Query
	if s == index.SortNewest {
		d = publishedBetween(time.Time{}, false, t.Add(time.Nanosecond), true)
	} else {
		d = publishedBetween(t, true, time.Time{}, false)
	}
	if _, none := d.(*query.MatchNoneQuery); d == nil || none {
		return full
	}
	return query.NewConjunctionQuery([]query.Query{full, d})
}

// cursorTime is the date of a date-ordered cursor's position.
func cursorTime(after []string) (time.Time, error) {
	ns, err := numeric.PrefixCoded(after[0]).Int64()
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(0, ns).UTC(), nil
}

// rankWindow is how many hits to ask for to cut hits from..from+size out
// of an order by score alone. Within a shard Bleve settles ties by the
// order it met the hits in, which a segment merge can change between two
// requests, so rankedPage settles them by id instead; a few more hits than
// the page needs make it rare that a tie straddles the window's edge.
// Scores themselves hold still only between merges: BM25's average field
// length is estimated from the segments' term dictionaries, so while an
// archive just written to merges, pages asked a moment apart may overlap,
// as they may across any write.
func (ix *Index) rankWindow(from, size int) int {
	return from + size + len(ix.shards)
}

// rankedPage cuts hits from..from+size out of the window hits, the first
// window hits in order of score, with ties settled by id. It reports false
// when the window may hold only part of a tie that reaches into the page:
// the hits it lacks could sort before the page's last, and the caller must
// ask again with the id as the request's own tie-break.
func rankedPage(hits search.DocumentMatchCollection, from, size, window int) (search.DocumentMatchCollection, bool) {
	slices.SortStableFunc(hits, func(a, b *search.DocumentMatch) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.ID, b.ID))
	})
	end := min(from+size, len(hits))
	if len(hits) >= window && end > 0 && hits[end-1].Score == hits[len(hits)-1].Score {
		return nil, false
	}
	if from >= len(hits) {
		return nil, true
	}
	return hits[from:end], true
}

// tiedPage ranks hits from..from+size of q by score with the id as the
// tie-break, which costs Bleve a read of every match's id: only for pages
// whose edge a tie straddles.
func (ix *Index) tiedPage(ctx context.Context, q query.Query, from, size int) (search.DocumentMatchCollection, error) {
	req := bleve.NewSearchRequestOptions(q, size, from, false)
	req.SortBy([]string{"-_score", "_id"})
	res, err := ix.search(ctx, req)
	if err != nil {
		return nil, searchError(err)
	}
	return res.Hits, nil
}

// addActorFacets asks for the actor facet: each kind's top values, or more
// of one kind when the query narrows the facet to it.
func (ix *Index) addActorFacets(q index.Query, req *bleve.SearchRequest) {
	for _, f := range []string{fieldPerson, fieldOrganization, fieldPlace} {
		switch {
		case q.ActorKind == "":
			req.AddFacet(f, ix.facetRequest(f, actorFacetSize))
		case kindField(q.ActorKind) == f:
			req.AddFacet(f, ix.facetRequest(f, kindFacetSize))
		}
	}
}

// facetRequest asks for the top size values of a keyword field. Each shard
// lists its own top values and the alias adds them up, so a value just
// below one shard's cut would lose that shard's count; asking the shards
// for more than is shown, as Elasticsearch's shard_size does, keeps the
// shown counts exact unless the shards' orders differ wildly, which
// hashing documents to shards makes unlikely. facetTerms cuts the list
// back to size.
func (ix *Index) facetRequest(field string, size int) *bleve.FacetRequest {
	if len(ix.shards) > 1 {
		size = size*3 + 30
	}
	return bleve.NewFacetRequest(field, size)
}

// facetsOnly runs q for the facets that add asks for, without hits.
func (ix *Index) facetsOnly(ctx context.Context, q query.Query, add func(*bleve.SearchRequest)) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.Score = bleve.ScoreNone // lets Bleve intersect and unite matches as bitmaps
	add(req)
	res, err := ix.search(ctx, req)
	if err != nil {
		return nil, searchError(err)
	}
	return res, nil
}

// fetch loads the whole articles of one page of ranked hits, with
// highlights when asked. Highlights are made here, of the returned page
// only: asking for term locations in the ranking request makes Bleve keep
// them for every match, which costs far more than this second, small
// request.
func (ix *Index) fetch(ctx context.Context, ranked search.DocumentMatchCollection, text query.Query, highlight bool) ([]index.Hit, error) {
	if len(ranked) == 0 {
		return nil, nil
	}
	ids := make([]string, len(ranked))
	for i, h := range ranked {
		ids[i] = h.ID
	}
	var q query.Query = query.NewDocIDQuery(ids)
	if highlight {
		q = query.NewConjunctionQuery([]query.Query{q, text})
	}
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Fields = []string{fieldTitle, fieldBody, fieldMeta}
	if highlight {
		req.IncludeLocations = true
	}
	res, err := ix.search(ctx, req)
	if err != nil {
		return nil, searchError(err)
	}
	byID := make(map[string]*search.DocumentMatch, len(res.Hits))
	for _, h := range res.Hits {
		byID[h.ID] = h
	}
	hits := make([]index.Hit, 0, len(ranked))
	for _, r := range ranked {
		h, ok := byID[r.ID]
		if !ok {
			continue // deleted between the two requests
		}
		a, err := hitArticle(h)
		if err != nil {
			return nil, err
		}
		hit := index.Hit{Article: a, Score: r.Score, Para: -1}
		pos := -1 // the first body match, by byte offset
		for _, locs := range h.Locations[fieldBody] {
			for _, l := range locs {
				if pos < 0 || int(l.Start) < pos {
					pos = int(l.Start)
				}
			}
		}
		if pos >= 0 {
			hit.Para, hit.Section = a.BlockAt(pos)
		}
		if highlight {
			hit.Highlights = map[string][]index.Marked{}
			for field, text := range map[string]string{fieldTitle: a.Title, fieldBody: a.Body} {
				hit.Highlights[field] = []index.Marked{tidy(bestFragment(text, h.Locations[field]))}
			}
		}
		hits = append(hits, hit)
	}
	return hits, nil
}

// facets makes the facets of q from res, the results' own facets, and
// byFacet, each facet's result counted without its own selections.
func facets(q index.Query, res *bleve.SearchResult, byFacet map[string]*bleve.SearchResult) index.Facets {
	var f index.Facets
	selected := func(list []string, v string) bool { return slices.Contains(list, v) }
	kinds := map[string]index.Kind{fieldPerson: index.Person, fieldOrganization: index.Organization, fieldPlace: index.Place}
	for field, kind := range kinds {
		size := actorFacetSize
		if q.ActorKind != "" {
			size = kindFacetSize
		}
		for _, t := range facetTerms(byFacet[facetActor], field, size) {
			f.Actor = append(f.Actor, index.FacetValue{Value: t.Term, Count: t.Count, Kind: kind, Selected: selected(q.Actors, t.Term)})
		}
	}
	slices.SortFunc(f.Actor, byCount)
	f.Actor = keepSelected(f.Actor, q.Actors, q.NotActors)
	for _, t := range facetTerms(byFacet[facetTopic], fieldTopic, topicFacetSize) {
		f.Topic = append(f.Topic, index.FacetValue{Value: t.Term, Count: t.Count, Selected: selected(q.Topics, t.Term)})
	}
	f.Topic = keepSelected(f.Topic, q.Topics, q.NotTopics)
	for _, t := range facetTerms(byFacet[facetSource], fieldSource, sourceFacetSize) {
		f.Source = append(f.Source, index.FacetValue{Value: t.Term, Count: t.Count, Selected: selected(q.Sources, t.Term)})
	}
	f.Source = keepSelected(f.Source, q.Sources, q.NotSources)
	period := selectedPeriod(q)
	dateField := fieldYear
	if monthView(q) {
		dateField = fieldMonth
	}
	for _, field := range []string{dateField} {
		fr := res.Facets[field]
		if fr == nil || fr.Terms == nil {
			continue
		}
		for _, t := range fr.Terms.Terms() {
			f.Date = append(f.Date, index.FacetValue{Value: t.Term, Count: t.Count, Selected: t.Term == period})
		}
	}
	slices.SortFunc(f.Date, func(a, b index.FacetValue) int { return strings.Compare(a.Value, b.Value) })
	return f
}

// facetTerms returns the first size values of a facet, most frequent
// first: the shards were asked for more (see facetRequest).
func facetTerms(res *bleve.SearchResult, name string, size int) []*search.TermFacet {
	fr := res.Facets[name]
	if fr == nil || fr.Terms == nil {
		return nil
	}
	terms := fr.Terms.Terms()
	return terms[:min(len(terms), size)]
}

// kindField is the keyword field holding the actors of one kind.
func kindField(k index.Kind) string {
	switch k {
	case index.Person:
		return fieldPerson
	case index.Organization:
		return fieldOrganization
	case index.Place:
		return fieldPlace
	}
	return ""
}

func byCount(a, b index.FacetValue) int {
	return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
}

// topActors merges the kinds' actor counts of the results, from the
// "top_" facets when the actor facet was counted otherwise.
func topActors(res *bleve.SearchResult, separate bool) []index.FacetValue {
	var out []index.FacetValue
	for field, kind := range map[string]index.Kind{fieldPerson: index.Person, fieldOrganization: index.Organization, fieldPlace: index.Place} {
		name := field
		if separate {
			name = "top_" + field
		}
		for term, count := range facetCounts(res, name) {
			out = append(out, index.FacetValue{Value: term, Count: count, Kind: kind})
		}
	}
	slices.SortFunc(out, byCount)
	return out[:min(len(out), topActorsSize)]
}

// countMissingSelected fills in kind and count of selected actors that
// were not among the facet's top values, so they show where they belong.
func (ix *Index) countMissingSelected(ctx context.Context, q index.Query, text query.Query, values []index.FacetValue) error {
	base := filtered(q, text, facetActor)
	for i := range values {
		v := &values[i]
		if !v.Selected || v.Kind != "" {
			continue
		}
		for _, kind := range []index.Kind{index.Person, index.Organization, index.Place} {
			t := query.NewTermQuery(v.Value)
			t.SetField(kindField(kind))
			res, err := ix.facetsOnly(ctx, query.NewConjunctionQuery([]query.Query{base, t}), func(*bleve.SearchRequest) {})
			if err != nil {
				return err
			}
			if res.Total > 0 {
				v.Kind, v.Count = kind, int(res.Total)
				break
			}
		}
	}
	return nil
}

// keepSelected makes sure every selected and every excluded value is
// listed, so it can be seen and removed even when it is not among the top
// values. A selected value missing from the counts matched nothing; an
// excluded one is counted as zero, since no result has it.
func keepSelected(values []index.FacetValue, selected, excluded []string) []index.FacetValue {
	for _, s := range selected {
		if !slices.ContainsFunc(values, func(v index.FacetValue) bool { return v.Value == s }) {
			values = append(values, index.FacetValue{Value: s, Selected: true})
		}
	}
	for _, s := range excluded {
		if i := slices.IndexFunc(values, func(v index.FacetValue) bool { return v.Value == s }); i >= 0 {
			values[i].Excluded = true
			continue
		}
		values = append(values, index.FacetValue{Value: s, Excluded: true})
	}
	return values
}

// lead returns the start of a body as plain text, cut at a word boundary.
func lead(body string) string {
	var b strings.Builder
	for _, blk := range (index.Article{Body: body}).Blocks() {
		if blk.Heading {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(blk.Text)
		if b.Len() >= leadLength {
			break
		}
	}
	s := b.String()
	if len(s) <= leadLength {
		return s
	}
	cut := strings.LastIndexByte(s[:leadLength], ' ')
	if cut < leadLength/2 {
		cut = leadLength
		for cut > 0 && !utf8Start(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// searchError keeps a cancelled or timed-out search recognisable to the
// caller, turns a query that expands to too many terms into a
// *QueryError, and wraps everything else.
func searchError(err error) error {
	// Bleve reports the term limit as a plain error; its text is the only
	// way to tell it apart.
	if strings.Contains(err.Error(), "TooManyTermSearchers") {
		return &index.QueryError{Param: "q", Pos: -1, Msg: fmt.Sprintf("the query matches more than %d different words; make prefixes (econom*) and fuzzy words (recieve~) longer, or use fewer of them", index.MaxQueryTerms)}
	}
	return fmt.Errorf("search: %w", err)
}

// limitTerms asks Bleve to refuse a search that would look up more than
// MaxQueryTerms index terms, counted over the whole query, rather than run
// it. Bleve takes the limit from the context of each search, so it costs
// no process-wide setting.
func limitTerms(ctx context.Context) context.Context {
	return context.WithValue(ctx, search.MaxTermSearchersKey, index.MaxQueryTerms)
}
