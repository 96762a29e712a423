package bleve_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
)

// TestCountCache checks that a search answered from the count cache gives
// what a fresh count gives, and that a write is seen at once.
func TestCountCache(t *testing.T) {
	ctx := context.Background()
	arts := []index.Article{
		{ID: "a", Title: "Oil prices rise", Body: "Oil rose.", Source: "Reuters", Topics: []string{"economy"}, Actors: []index.Actor{{Name: "OPEC", Kind: index.Organization}}},
		{ID: "b", Title: "Oil and gas", Body: "Gas fell.", Source: "BBC", Topics: []string{"economy"}, Actors: []index.Actor{{Name: "Shell", Kind: index.Organization}}},
		{ID: "c", Title: "Elections", Body: "A vote.", Source: "Reuters", Topics: []string{"politics"}},
	}
	// One import time for both indexes, or their hits would differ in it.
	imported := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := range arts {
		arts[i].Imported = imported
	}
	cached := openWith(t, t.TempDir(), bleve.WithShards(2))
	fresh := openWith(t, t.TempDir(), bleve.WithShards(2), bleve.WithCacheSize(0))
	for _, ix := range []*bleve.Index{cached, fresh} {
		if _, err := ix.Put(ctx, arts); err != nil {
			t.Fatal(err)
		}
	}
	check := func(t *testing.T, q index.Query, wantTotal uint64) {
		t.Helper()
		for range 2 { // the second is answered from the cache
			got, err := cached.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			want, err := fresh.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			got.Took, want.Took = 0, 0
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("cached search =\n%+v\nwant\n%+v", got, want)
			}
			if got.Total != wantTotal {
				t.Fatalf("Total = %d, want %d", got.Total, wantTotal)
			}
		}
	}
	queries := []index.Query{{}, {Text: "oil"}, {Text: "oil", Topics: []string{"economy"}}, {Actors: []string{"OPEC"}, Page: 2, Size: 1}}
	totals := []uint64{3, 2, 2, 1}
	for i, q := range queries {
		check(t, q, totals[i])
	}

	// A write is seen by the next search, cached or not.
	more := index.Article{ID: "d", Title: "Oil again", Body: "Oil.", Source: "Reuters", Topics: []string{"economy"}, Actors: []index.Actor{{Name: "OPEC", Kind: index.Organization}}, Imported: imported}
	for _, ix := range []*bleve.Index{cached, fresh} {
		if _, err := ix.Put(ctx, []index.Article{more}); err != nil {
			t.Fatal(err)
		}
	}
	totals = []uint64{4, 3, 3, 2}
	for i, q := range queries {
		check(t, q, totals[i])
	}
	for _, ix := range []*bleve.Index{cached, fresh} {
		if err := ix.Delete(ctx, "a"); err != nil {
			t.Fatal(err)
		}
	}
	totals = []uint64{3, 2, 2, 1}
	for i, q := range queries {
		check(t, q, totals[i])
	}

	// Changing the results a caller got leaves the cache as it was.
	res, _ := cached.Search(ctx, index.Query{})
	res.Facets.Topic[0].Count = 99
	res.Facets.Source[0].Count = 99
	again, _ := cached.Search(ctx, index.Query{})
	if again.Facets.Topic[0].Count == 99 || again.Facets.Source[0].Count == 99 {
		t.Fatal("a caller's change to its results reached the cache")
	}
}
