package importer

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/internal/corpus"
)

// BenchmarkImportReuters imports Reuters-21578 (21,578 stories) through
// the whole pipeline, into a new index each time, with and without
// extraction, at several batch sizes; with -short it imports the first
// file only (1,000 stories). Besides the rate it reports the CPU time per
// article, which other work on a shared machine does not inflate. Run
// with:
//
//	go test ./index/importer -run '^$' -bench ImportReuters -benchtime 1x -count 3
//
// On 2 cores (AMD EPYC) of a machine busy with other work (load 5 to 8,
// so the rates are low and noisy; the CPU figures are the steadier), on
// the sharded index, two runs each:
//
//	batch   extract: articles/s  cpu-µs/article   no extract: articles/s  cpu-µs/article
//	  100            450, 509      1374, 1401                  862, 901      792, 791
//	  250            593, 545      1157, 1255                1,331, 1,242    543, 562
//	  500            539, 590      1158,  982                1,502, 1,535    462, 456
//	 1000            578, 651       914,  958                1,692, 1,687    403, 396
//	 2000            671, 689       907,  928                1,731, 2,885    381, 330
//
// Each shard indexes its part of a batch, so larger batches cost less per
// article. DefaultBatchSize is 1000: within a few percent of 2000 with
// extraction on (the default), with half the articles held per batch and
// twice the progress updates and points at which an interrupted import
// stops. (Before the index was sharded, the best of three runs with
// extraction gave 1,745 articles/s at 100 and 2,183 to 2,414 from 250 to
// 2000, which were within the noise of each other.)
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
				var cpu time.Duration
				for b.Loop() {
					b.StopTimer()
					ix, err := bleve.Open(b.TempDir())
					if err != nil {
						b.Fatal(err)
					}
					im := New(ix, ex)
					if !extracting {
						im = New(ix, nil)
					}
					im.BatchSize = size
					b.StartTimer()
					cpu0 := cpuTime()
					sum, err := im.ImportPaths(context.Background(), files)
					if err != nil {
						b.Fatal(err)
					}
					cpu += cpuTime() - cpu0
					read += sum.Read
					b.StopTimer()
					if err := ix.Close(); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				b.ReportMetric(float64(read)/b.Elapsed().Seconds(), "articles/s")
				if cpu > 0 && read > 0 {
					b.ReportMetric(float64(cpu.Microseconds())/float64(read), "cpu-µs/article")
				}
			})
		}
	}
}
