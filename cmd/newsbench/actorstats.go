package main

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/importer"
)

// actorSpread is how many actors the archive's extractor finds per
// article over a set of articles: the figure that drives the cost of the
// actor facets once extraction is on.
type actorSpread struct {
	articles    int
	median, p99 int
}

func (s actorSpread) String() string {
	return fmt.Sprintf("median %d, p99 %d over %d articles", s.median, s.p99, s.articles)
}

// spreadOf returns the median and 99th percentile (nearest rank) of counts.
func spreadOf(counts []int) actorSpread {
	if len(counts) == 0 {
		return actorSpread{}
	}
	s := slices.Clone(counts)
	slices.Sort(s)
	rank := func(p float64) int {
		i := int(p*float64(len(s))+0.999999) - 1 // ceil(p·n), counted from 1
		return s[max(0, min(i, len(s)-1))]
	}
	return actorSpread{articles: len(s), median: rank(0.5), p99: rank(0.99)}
}

// countActors returns how many actors of a valid kind the extractor finds
// in each article, reading what the archive's import reads
// (importer.ExtractText), on every CPU.
func countActors(ctx context.Context, ex *extract.Extractor, arts []index.Article) []int {
	found := extractAll(ctx, ex, len(arts), func(i int) string { return importer.ExtractText(arts[i]) })
	out := make([]int, len(found))
	for i, f := range found {
		out[i] = len(f)
	}
	return out
}

// extractAll finds the actors of n texts on every CPU. Each text's actors
// land in its own slot, so the result does not depend on scheduling.
func extractAll(ctx context.Context, ex *extract.Extractor, n int, text func(int) string) [][]index.Actor {
	out := make([][]index.Actor, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				for _, ac := range ex.Actors(text(i)) {
					if k := index.Kind(ac.Kind); k.Valid() && ac.Name != "" {
						out[i] = append(out[i], index.Actor{Name: ac.Name, Kind: k})
					}
				}
			}
		})
	}
	wg.Wait()
	return out
}

// addExtracted adds to each article the actors the archive's extractor
// finds in what its import reads, after the article's own and each name
// once, as the archive's import does, so that engines importing in
// process hold the actors the archive holds with extraction on. The
// archive also resolves names against its index ("Netanyahu" to the full
// name it knows) and leaves out the outlet crediting itself; that needs
// its index and is not done here.
func addExtracted(ctx context.Context, arts []index.Article) error {
	ex, err := extract.New()
	if err != nil {
		return err
	}
	found := extractAll(ctx, ex, len(arts), func(i int) string { return importer.ExtractText(arts[i]) })
	if err := ctx.Err(); err != nil {
		return err
	}
	for i := range arts {
		a := &arts[i]
		seen := map[string]bool{}
		for _, ac := range a.Actors {
			seen[index.NameKey(ac.Name)] = true
		}
		for _, ac := range found[i] {
			ac.Name = ex.Successor(ac.Name, a.Published)
			if k := index.NameKey(ac.Name); !seen[k] {
				seen[k] = true
				a.Actors = append(a.Actors, ac)
			}
		}
	}
	return nil
}
