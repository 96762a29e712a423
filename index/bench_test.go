package index_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/ingest"
	"github.com/newsarchive/newsarchive/internal/corpus"
)

// readReuters returns every Reuters-21578 story, as imported (source tags,
// no extraction), so the benchmarks measure the index alone.
func readReuters(b *testing.B) []index.Article {
	b.Helper()
	dir := corpus.Dir(b, "reuters21578")
	files, _ := filepath.Glob(filepath.Join(dir, "reut2-*.sgm"))
	var out []index.Article
	for _, f := range files {
		err := ingest.ReadFile(context.Background(), f, func(it ingest.Item) error {
			if it.Err == nil {
				out = append(out, it.Article)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// BenchmarkPutReuters indexes the whole Reuters set in batches of 500, as
// the importer does. Run with:
//
//	go test ./index -run '^$' -bench PutReuters -benchtime 3x -count 5
func BenchmarkPutReuters(b *testing.B) {
	arts := readReuters(b)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		ix, err := index.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i := 0; i < len(arts); i += 500 {
			if _, err := ix.Put(context.Background(), arts[i:min(i+500, len(arts))]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		ix.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkSearchReuters runs the search shapes the pages and the API use
// (top 20 with highlights and all facets) on the Reuters set. Run with:
//
//	go test ./index -run '^$' -bench SearchReuters -count 5
func BenchmarkSearchReuters(b *testing.B) {
	arts := readReuters(b)
	ix, err := index.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	for i := 0; i < len(arts); i += 1000 {
		if _, err := ix.Put(context.Background(), arts[i:min(i+1000, len(arts))]); err != nil {
			b.Fatal(err)
		}
	}
	shapes := []struct {
		name string
		q    index.Query
	}{
		{"term", index.Query{Text: "oil"}},
		{"rare", index.Query{Text: "cocoa"}},
		{"and", index.Query{Text: "oil prices"}},
		{"phrase", index.Query{Text: `"interest rates"`}},
		{"boolean", index.Query{Text: "(oil OR gas) NOT opec"}},
		{"filtered", index.Query{Text: "trade", Actors: []string{"Japan"}, Topics: []string{"economy"}}},
		{"empty", index.Query{}},
		{"page50", index.Query{Text: "oil", Page: 50}},
	}
	for _, s := range shapes {
		b.Run(s.name, func(b *testing.B) {
			q := s.q
			q.Highlight = true
			for b.Loop() {
				if _, err := ix.Search(context.Background(), q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
