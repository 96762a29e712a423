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

// Suggest completes prefix, as typed into a search box, with up to n
// actor names (most written about first) and up to n article titles.
// Matching is by word starts and ignores case: "reag" finds Ronald Reagan.
func (ix *Index) Suggest(ctx context.Context, prefix string, n int) ([]index.Suggestion, error) {
	words := nameWords(prefix)
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
	// Each actor is suggested once, as articles show it: a name seen
	// by its alias or in another case counts for its actor, the larger
	// count standing (the articles of the two overlap).
	d := ix.directory()
	byName := map[index.Actor]int{}
	for field, kind := range map[string]index.Kind{fieldPerson: index.Person, fieldOrganization: index.Organization, fieldPlace: index.Place} {
		for name, count := range facetCounts(res, field) {
			if !startsWords(name, words) {
				continue
			}
			act := index.Actor{Name: name, Kind: kind}
			if a, ok := d.lookup(name); ok {
				act = index.Actor{Name: a.name, Kind: a.kind}
			}
			byName[act] = max(byName[act], count)
		}
	}
	// Names typed as the archive's texts write them but its articles do
	// not (EC for European Community) find their actor too.
	for _, a := range d.matching(words, n) {
		act := index.Actor{Name: a.name, Kind: a.kind}
		if _, ok := byName[act]; ok {
			continue
		}
		c, err := ix.articlesNaming(ctx, a.name, a.kind)
		if err != nil {
			return nil, err
		}
		if c > 0 {
			byName[act] = c
		}
	}
	out := make([]index.Suggestion, 0, len(byName))
	seen := map[string]bool{}
	for act, count := range byName {
		out = append(out, index.Suggestion{Type: "actor", Text: act.Name, Kind: act.Kind, Count: count})
	}
	slices.SortFunc(out, func(a, b index.Suggestion) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Text, b.Text), strings.Compare(string(a.Kind), string(b.Kind)))
	})
	// One name, once, though written as two kinds.
	out = slices.DeleteFunc(out, func(s index.Suggestion) bool {
		k := index.NameKey(s.Text)
		if seen[k] {
			return true
		}
		seen[k] = true
		return false
	})
	return out[:min(len(out), n)], nil
}

// startsWords reports whether name has words starting with each typed
// word, in order: the facet also counts the other actors of the matching
// articles, which are not suggestions.
func startsWords(name string, words []string) bool {
	i := 0
	for _, w := range nameWords(name) {
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
