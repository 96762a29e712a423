package importer

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/internal/corpus"
)

// BenchmarkImportReuters imports Reuters-21578 (19,043 stories with a
// body, 21,578 in all) through the whole pipeline, into a new index each
// time, at several batch sizes; with -short it imports the first file
// only (1,000 stories). Run with:
//
//	go test ./index/importer -run '^$' -bench ImportReuters -benchtime 1x -count 3
func BenchmarkImportReuters(b *testing.B) {
	dir := corpus.Dir(b, "reuters21578")
	files, err := filepath.Glob(filepath.Join(dir, "reut2-*.sgm"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no reut2-*.sgm in %s: %v", dir, err)
	}
	if testing.Short() {
		files = files[:1]
	}
	ex, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	for _, extracting := range []bool{true, false} {
		for _, size := range []int{100, 250, 500, 1000, 2000} {
			name := fmt.Sprintf("extract=%t/batch=%d", extracting, size)
			b.Run(name, func(b *testing.B) {
				var read int
				for b.Loop() {
					b.StopTimer()
					ix, err := index.Open(b.TempDir())
					if err != nil {
						b.Fatal(err)
					}
					im := New(ix, ex)
					if !extracting {
						im = New(ix, nil)
					}
					im.BatchSize = size
					b.StartTimer()
					sum, err := im.ImportPaths(context.Background(), files)
					if err != nil {
						b.Fatal(err)
					}
					read += sum.Read
					b.StopTimer()
					if err := ix.Close(); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				b.ReportMetric(float64(read)/b.Elapsed().Seconds(), "articles/s")
			})
		}
	}
}
