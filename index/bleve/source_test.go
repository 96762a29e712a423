package bleve

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

// sourceArchive is a small archive from three sources and one article
// without a source, on two shards so that the source facet's counts are
// merged as a real archive's are.
func sourceArchive(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(t.TempDir(), WithShards(2))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	at := func(d int) time.Time { return time.Date(2024, 3, d, 12, 0, 0, 0, time.UTC) }
	arts := []index.Article{
		{ID: "r1", Title: "Oil prices rise", Body: "Oil rose in Vienna.", Source: "Reuters", Topics: []string{"economy"}, Published: at(1)},
		{ID: "r2", Title: "Cocoa harvest", Body: "Cocoa arrivals rose.", Source: "Reuters", Topics: []string{"economy"}, Published: at(2)},
		{ID: "r3", Title: "Election called", Body: "A vote on oil policy.", Source: "Reuters", Topics: []string{"politics"}, Published: at(3)},
		{ID: "b1", Title: "Oil and the budget", Body: "The budget counts on oil.", Source: "BBC", Topics: []string{"economy"}, Published: at(4)},
		{ID: "b2", Title: "Cup final", Body: "A late goal.", Source: "BBC", Topics: []string{"sport"}, Published: at(5)},
		// A source is a keyword as written: "BBC News" is another source,
		// and one with spaces must filter whole.
		{ID: "n1", Title: "Oil spill", Body: "Oil reached the coast.", Source: "BBC News", Topics: []string{"environment"}, Published: at(6)},
		{ID: "x1", Title: "Oil notes", Body: "Oil, undated and unsourced."},
	}
	if _, err := ix.Put(context.Background(), arts); err != nil {
		t.Fatalf("Put: %v", err)
	}
	return ix
}

func TestSearchSourceFilters(t *testing.T) {
	ix := sourceArchive(t)
	tests := []struct {
		name string
		q    index.Query
		want []string
	}{
		{"one source", index.Query{Sources: []string{"Reuters"}}, []string{"r3", "r2", "r1"}},
		{"a source with a space, whole", index.Query{Sources: []string{"BBC News"}}, []string{"n1"}},
		{"values of the facet are ORed", index.Query{Sources: []string{"BBC", "BBC News"}}, []string{"n1", "b2", "b1"}},
		{"other facets are ANDed", index.Query{Sources: []string{"Reuters", "BBC"}, Topics: []string{"economy"}}, []string{"b1", "r2", "r1"}},
		{"with text", index.Query{Text: "oil", Sources: []string{"Reuters"}, Sort: index.SortNewest}, []string{"r3", "r1"}},
		{"excluded source", index.Query{Text: "oil", NotSources: []string{"Reuters"}, Sort: index.SortNewest}, []string{"n1", "b1", "x1"}},
		{"excluded sources keep unsourced articles", index.Query{NotSources: []string{"Reuters", "BBC", "BBC News"}}, []string{"x1"}},
		{"exclusion within the facet", index.Query{Sources: []string{"BBC", "Reuters"}, NotSources: []string{"BBC News"}, Topics: []string{"sport"}}, []string{"b2"}},
		{"case matters, as written", index.Query{Sources: []string{"reuters"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if got := ids(res); !slices.Equal(got, tt.want) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
			// The total comes from the count cache, whose key must tell
			// a source required from the same source excluded.
			if res.Total != uint64(len(tt.want)) {
				t.Errorf("Total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
	if _, err := ix.Search(context.Background(), index.Query{Sources: []string{"BBC"}, NotSources: []string{"BBC"}}); err == nil {
		t.Error("a source both required and excluded: no error")
	}
}

func TestSearchSourceFacet(t *testing.T) {
	ix := sourceArchive(t)
	type count struct {
		value              string
		count              int
		selected, excluded bool
	}
	tests := []struct {
		name string
		q    index.Query
		want []count
	}{
		{"whole archive; the unsourced article is not counted", index.Query{},
			[]count{{"Reuters", 3, false, false}, {"BBC", 2, false, false}, {"BBC News", 1, false, false}}},
		{"within the text's matches", index.Query{Text: "oil"},
			[]count{{"BBC", 1, false, false}, {"BBC News", 1, false, false}, {"Reuters", 2, false, false}}},
		// The facet is counted without its own selection, so each other
		// value says what adding it would give; other filters apply.
		{"a selected source leaves the others' counts", index.Query{Sources: []string{"BBC"}, Topics: []string{"economy"}},
			[]count{{"BBC", 1, true, false}, {"Reuters", 2, false, false}}},
		{"an excluded source is listed with no count", index.Query{NotSources: []string{"Reuters"}},
			[]count{{"BBC", 2, false, false}, {"BBC News", 1, false, false}, {"Reuters", 0, false, true}}},
		{"a selected source that matches nothing stays listed", index.Query{Sources: []string{"AP"}},
			[]count{{"Reuters", 3, false, false}, {"BBC", 2, false, false}, {"BBC News", 1, false, false}, {"AP", 0, true, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			var got []count
			for _, f := range res.Facets.Source {
				got = append(got, count{f.Value, f.Count, f.Selected, f.Excluded})
			}
			slices.SortStableFunc(got, func(a, b count) int { return b.count - a.count })
			want := slices.Clone(tt.want)
			slices.SortStableFunc(want, func(a, b count) int { return b.count - a.count })
			if !slices.Equal(got, want) {
				t.Errorf("source facet = %+v, want %+v", got, want)
			}
		})
	}
}
