package bleve

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsarchive/newsarchive/index"
)

// Boosts of what related articles share: an actor says more than a topic,
// and a few title words catch the same story told without the same tags.
const (
	relatedActorBoost = 1.0
	relatedTopicBoost = 0.3
	relatedTitleBoost = 0.5
	relatedMaxActors  = 12
)

// Related returns up to n articles that share the most actors and topics
// with article id (the rarer an actor, the more it counts, as Bleve's
// scoring weighs rare terms), each with what it shares.
func (ix *Index) Related(ctx context.Context, id string, n int) ([]index.Related, error) {
	a, err := ix.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	var should []query.Query
	for _, act := range a.Actors[:min(len(a.Actors), relatedMaxActors)] {
		t := query.NewTermQuery(act.Name)
		t.SetField(fieldActor)
		t.SetBoost(relatedActorBoost)
		should = append(should, t)
	}
	for _, tp := range a.Topics {
		t := query.NewTermQuery(tp)
		t.SetField(fieldTopic)
		t.SetBoost(relatedTopicBoost)
		should = append(should, t)
	}
	if strings.TrimSpace(a.Title) != "" {
		m := query.NewMatchQuery(a.Title)
		m.SetField(fieldTitle)
		m.SetBoost(relatedTitleBoost)
		should = append(should, m)
	}
	if len(should) == 0 {
		return nil, nil
	}
	b := query.NewBooleanQuery(nil, should, []query.Query{query.NewDocIDQuery([]string{id})})
	req := bleve.NewSearchRequestOptions(b, ix.rankWindow(0, n), 0, false)
	req.Fields = []string{fieldTitle, fieldBody, fieldMeta}
	res, err := ix.search(ctx, req)
	if err != nil {
		return nil, searchError(err)
	}
	res.Hits = rankedPage(res.Hits, 0, n)
	mine := map[string]bool{}
	for _, act := range a.Actors {
		mine[act.Name] = true
	}
	out := make([]index.Related, 0, len(res.Hits))
	for _, h := range res.Hits {
		art, err := hitArticle(h)
		if err != nil {
			return nil, err
		}
		art.Body = lead(art.Body)
		r := index.Related{Hit: index.Hit{Article: art, Score: h.Score, Para: -1}}
		for _, act := range r.Actors {
			if mine[act.Name] {
				r.SharedActors = append(r.SharedActors, act.Name)
			}
		}
		for _, tp := range r.Topics {
			if slices.Contains(a.Topics, tp) {
				r.SharedTopics = append(r.SharedTopics, tp)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// CoActors returns up to n actors most often named in the articles that
// name actor, with the number of such articles; actor itself is left out.
func (ix *Index) CoActors(ctx context.Context, actor string, n int) ([]index.FacetValue, error) {
	t := query.NewTermQuery(actor)
	t.SetField(fieldActor)
	res, err := ix.facetsOnly(ctx, t, func(req *bleve.SearchRequest) {
		for _, f := range []string{fieldPerson, fieldOrganization, fieldPlace} {
			req.AddFacet(f, bleve.NewFacetRequest(f, n+1))
		}
	})
	if err != nil {
		return nil, err
	}
	var out []index.FacetValue
	for field, kind := range map[string]index.Kind{fieldPerson: index.Person, fieldOrganization: index.Organization, fieldPlace: index.Place} {
		for term, count := range facetCounts(res, field) {
			if term != actor {
				out = append(out, index.FacetValue{Value: term, Count: count, Kind: kind})
			}
		}
	}
	slices.SortFunc(out, func(a, b index.FacetValue) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
	})
	return out[:min(len(out), n)], nil
}

// Suggest completes prefix, as typed into a search box, with up to n
// actor names (most written about first) and up to n article titles.
// Matching is by word starts and ignores case: "reag" finds Ronald Reagan.
func (ix *Index) Suggest(ctx context.Context, prefix string, n int) ([]index.Suggestion, error) {
	words := strings.FieldsFunc(strings.ToLower(prefix), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 || n <= 0 {
		return nil, nil
	}
	out, err := ix.suggestActors(ctx, words, n)
	if err != nil {
		return nil, err
	}
	titles, err := ix.suggestTitles(ctx, words, n)
	if err != nil {
		return nil, err
	}
	return append(out, titles...), nil
}

// wordsQuery requires every complete word of a typed prefix and the last,
// perhaps unfinished, word as a prefix, in field.
func wordsQuery(field string, words []string) query.Query {
	var must []query.Query
	for _, w := range words[:len(words)-1] {
		m := query.NewMatchQuery(w)
		m.SetField(field)
		must = append(must, m)
	}
	p := query.NewPrefixQuery(words[len(words)-1])
	p.SetField(field)
	return query.NewConjunctionQuery(append(must, p))
}

func (ix *Index) suggestActors(ctx context.Context, words []string, n int) ([]index.Suggestion, error) {
	const candidates = 50 // actor names to look at for n that start words as typed
	res, err := ix.facetsOnly(ctx, wordsQuery(fieldActorText, words), func(req *bleve.SearchRequest) {
		for _, f := range []string{fieldPerson, fieldOrganization, fieldPlace} {
			req.AddFacet(f, bleve.NewFacetRequest(f, candidates))
		}
	})
	if err != nil {
		return nil, err
	}
	var out []index.Suggestion
	for field, kind := range map[string]index.Kind{fieldPerson: index.Person, fieldOrganization: index.Organization, fieldPlace: index.Place} {
		for name, count := range facetCounts(res, field) {
			if startsWords(name, words) {
				out = append(out, index.Suggestion{Type: "actor", Text: name, Kind: kind, Count: count})
			}
		}
	}
	slices.SortFunc(out, func(a, b index.Suggestion) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Text, b.Text))
	})
	return out[:min(len(out), n)], nil
}

// startsWords reports whether name has words starting with each typed
// word, in order: the facet also counts the other actors of the matching
// articles, which are not suggestions.
func startsWords(name string, words []string) bool {
	nw := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	i := 0
	for _, w := range nw {
		if i < len(words) && strings.HasPrefix(w, words[i]) {
			i++
		}
	}
	return i == len(words)
}

func (ix *Index) suggestTitles(ctx context.Context, words []string, n int) ([]index.Suggestion, error) {
	req := bleve.NewSearchRequestOptions(wordsQuery(fieldTitle, words), n, 0, false)
	req.Fields = []string{fieldTitle}
	req.SortBy([]string{"-_score", "-" + fieldPublished, "_id"})
	res, err := ix.search(ctx, req)
	if err != nil {
		return nil, searchError(err)
	}
	out := make([]index.Suggestion, 0, len(res.Hits))
	for _, h := range res.Hits {
		title, _ := h.Fields[fieldTitle].(string)
		out = append(out, index.Suggestion{Type: "title", Text: title, ID: h.ID})
	}
	return out, nil
}

// streamPage is how many articles Stream fetches at a time.
const streamPage = 500

// Stream calls fn with every article matching q, whole, in q's order, up to
// limit (at most MaxResultWindow), for exports and feeds. Page and Size of
// q are ignored.
func (ix *Index) Stream(ctx context.Context, q index.Query, limit int, fn func(index.Article) error) error {
	limit = min(limit, index.MaxResultWindow)
	ctx = limitTerms(ctx)
	// Check the query as one page would be; Stream pages on its own.
	q.Page, q.Size = 1, index.DefaultPageSize
	p, err := ix.plan(q)
	if err != nil {
		return err
	}
	q, rank, full := p.q, p.rank, p.full
	if q.Sort == index.SortNewest || q.Sort == index.SortOldest {
		// As in Search: sort only the periods that hold the first limit.
		c, ok := ix.counts.get(countKey(q), ix.gen.Load())
		if !ok {
			if c, err = ix.countOnly(ctx, q, rank, full); err != nil {
				return err
			}
		}
		full = dateWindow(full, c.Histogram, q.Sort, limit)
	}
	for from := 0; from < limit; from += streamPage {
		req := bleve.NewSearchRequestOptions(full, min(streamPage, limit-from), from, false)
		// Ids only, then the page's articles: see Search. The id breaks
		// every tie, since pages are fetched one request at a time.
		order := sortOrder(q)
		if order[len(order)-1] != "_id" {
			order = append(order, "_id")
		}
		req.SortBy(order)
		res, err := ix.search(ctx, req)
		if err != nil {
			return searchError(err)
		}
		hits, err := ix.fetch(ctx, res.Hits, rank, false)
		if err != nil {
			return err
		}
		for _, h := range hits {
			if err := fn(h.Article); err != nil {
				return err
			}
		}
		if len(res.Hits) < streamPage {
			return nil
		}
	}
	return nil
}
