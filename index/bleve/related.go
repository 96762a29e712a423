package bleve

import (
	"cmp"
	"context"
	"slices"
	"strings"

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
	if page, whole := rankedPage(res.Hits, 0, n, req.Size); whole {
		res.Hits = page
	} else {
		req.From, req.Size = 0, n
		req.SortBy([]string{"-_score", "_id"})
		if res, err = ix.search(ctx, req); err != nil {
			return nil, searchError(err)
		}
	}
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
