package bleve_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/ingest"
	"github.com/newsarchive/newsarchive/internal/corpus"
)

// readReuters returns every Reuters-21578 story, as imported (source tags,
// no extraction), so the benchmarks measure the index alone; in short mode,
// which CI runs to keep the benchmarks working, the first thousand only.
func readReuters(b *testing.B) []index.Article {
	b.Helper()
	dir := corpus.Dir(b, "reuters21578")
	files, _ := filepath.Glob(filepath.Join(dir, "reut2-*.sgm"))
	if testing.Short() {
		files = files[:min(1, len(files))]
	}
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
//	go test ./index/bleve -run '^$' -bench PutReuters -benchtime 3x -count 5
func BenchmarkPutReuters(b *testing.B) {
	arts := readReuters(b)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		ix, err := bleve.Open(b.TempDir())
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
//	go test ./index/bleve -run '^$' -bench SearchReuters -count 5
//
// The count cache is off, so that every run counts facets afresh; the
// "cached" shapes show what the cache saves when a search comes again, and
// "plain" the cost of highlighting (term without it).
func BenchmarkSearchReuters(b *testing.B) {
	arts := readReuters(b)
	ix, err := bleve.Open(b.TempDir(), bleve.WithCacheSize(0))
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
		{"by-source", index.Query{Text: "trade", Sources: []string{"Reuters"}, NotSources: []string{"BBC"}}},
		{"empty", index.Query{}},
		{"term-newest", index.Query{Text: "government", Sort: index.SortNewest}},
		{"empty-oldest-page10", index.Query{Sort: index.SortOldest, Page: 10}},
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
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.Search(context.Background(), index.Query{Text: "oil"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	cached, err := bleve.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer cached.Close()
	if _, err := cached.Put(context.Background(), arts); err != nil {
		b.Fatal(err)
	}
	for _, q := range []index.Query{{}, {Text: "oil", Highlight: true}} {
		b.Run("cached/"+cmp.Or(q.Text, "empty"), func(b *testing.B) {
			for b.Loop() {
				if _, err := cached.Search(context.Background(), q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// scaleShapes are the query shapes of the scale benchmark, with terms of
// the generated corpus (cmd/newsbench gen): a common and a rare word, an
// AND, a phrase, a Boolean query, a filtered query, the empty query and a
// deep page.
var scaleShapes = []struct {
	name string
	q    index.Query
}{
	{"term", index.Query{Text: "government"}},
	{"rare", index.Query{Text: "cocoa"}},
	{"and", index.Query{Text: "oil prices"}},
	{"phrase", index.Query{Text: `"interest rates"`}},
	{"boolean", index.Query{Text: "(oil OR gas) NOT opec"}},
	{"filtered", index.Query{Text: "trade", Actors: []string{"United States"},
		From: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)}},
	{"empty", index.Query{}},
	{"term-newest", index.Query{Text: "government", Sort: index.SortNewest}},
	{"empty-oldest-page10", index.Query{Sort: index.SortOldest, Page: 10}},
	{"page50", index.Query{Text: "government", Page: 50}},
}

// BenchmarkSearchScale runs the scale shapes on an archive already
// imported into the data directory NEWSARCHIVE_BENCH_DATA, for profiling
// at sizes no test builds. For example:
//
//	go -C cmd/newsbench run . gen --articles 100000 --out /tmp/100k.jsonl
//	go run ./cmd/newsarchive import --data /tmp/100k /tmp/100k.jsonl
//	NEWSARCHIVE_BENCH_DATA=/tmp/100k go test ./index/bleve -run '^$' -bench SearchScale -cpuprofile cpu.out
func BenchmarkSearchScale(b *testing.B) {
	dir := os.Getenv("NEWSARCHIVE_BENCH_DATA")
	if dir == "" {
		b.Skip("NEWSARCHIVE_BENCH_DATA names no imported archive to search")
	}
	// Counted afresh each run, then with the count cache, as a server
	// answers a search it has seen since the last write.
	for _, cache := range []int{0, 1024} {
		ix, err := bleve.Open(dir, bleve.WithCacheSize(cache))
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range scaleShapes {
			name := s.name
			if cache > 0 {
				name = "cached/" + name
			}
			b.Run(name, func(b *testing.B) {
				q := s.q
				q.Highlight = true
				if cache > 0 {
					if _, err := ix.Search(context.Background(), q); err != nil { // counts it once
						b.Fatal(err)
					}
				}
				for b.Loop() {
					if _, err := ix.Search(context.Background(), q); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		ix.Close()
	}
}

// suggestArticles is the archive of the suggestion benchmark: the Reuters
// stories copied until there are at least want of them, each copy a year
// later than the one before and with ids of its own, and each article
// naming, besides its source's tags, up to four of a pool of made-up
// people and firms drawn by a Zipf law, as extraction would find them, so
// that the archive has tens of thousands of actors.
func suggestArticles(b *testing.B, want int) []index.Article {
	b.Helper()
	src := readReuters(b)
	if len(src) == 0 {
		b.Skip("no Reuters stories")
	}
	syl := []string{"ra", "re", "ri", "ro", "ka", "ke", "lo", "ma", "mi", "na", "ne", "sa", "so", "ta", "te", "va", "bo", "da", "fe", "ga", "ha", "la", "lu", "po", "an", "el", "or", "ar", "in", "us"}
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		var s strings.Builder
		for range 2 + r.IntN(2) {
			s.WriteString(syl[r.IntN(len(syl))])
		}
		w := s.String()
		return strings.ToUpper(w[:1]) + w[1:]
	}
	var pool []index.Actor
	for range 20000 {
		pool = append(pool, index.Actor{Name: word() + " " + word(), Kind: index.Person})
	}
	for range 5000 {
		pool = append(pool, index.Actor{Name: word() + " " + word() + " Corp", Kind: index.Organization})
	}
	zipf := rand.NewZipf(r, 1.1, 1, uint64(len(pool)-1))
	var out []index.Article
	for k := 0; len(out) < want; k++ {
		for _, a := range src {
			if len(out) == want {
				break
			}
			a.ID = fmt.Sprintf("%s-%d", a.ID, k)
			a.Published = a.Published.AddDate(k, 0, 0)
			a.Actors = slices.Clone(a.Actors)
			for range r.IntN(5) {
				if act := pool[zipf.Uint64()]; !slices.Contains(a.Actors, act) {
					a.Actors = append(a.Actors, act)
				}
			}
			out = append(out, a)
		}
	}
	return out
}

// suggestArchive is the index of the suggestion benchmark, made once per
// test binary (it takes a few minutes at 100,000 articles) and removed by
// TestMain.
var suggestArchive struct {
	once   sync.Once
	dir    string
	ix     *bleve.Index
	err    error
	sample string // the id of an article it holds
}

func openSuggestArchive(b *testing.B) *bleve.Index {
	b.Helper()
	want := 100_000
	if testing.Short() {
		want = 1000
	}
	s := &suggestArchive
	s.once.Do(func() {
		arts := suggestArticles(b, want)
		s.sample = arts[len(arts)/2].ID
		if s.dir, s.err = os.MkdirTemp("", "suggest-bench-"); s.err != nil {
			return
		}
		if s.ix, s.err = bleve.Open(s.dir); s.err != nil {
			return
		}
		ctx := context.Background()
		for i := 0; i < len(arts) && s.err == nil; i += 1000 {
			_, s.err = s.ix.Put(ctx, arts[i:min(i+1000, len(arts))])
		}
		if s.err == nil {
			_, _, s.err = s.ix.Stale(ctx) // the actors' directory, as after an import
		}
	})
	if s.err != nil {
		b.Fatal(s.err)
	}
	return s.ix
}

func TestMain(m *testing.M) {
	code := m.Run()
	if s := &suggestArchive; s.dir != "" {
		if s.ix != nil {
			s.ix.Close()
		}
		os.RemoveAll(s.dir)
	}
	os.Exit(code)
}

// BenchmarkSuggest completes typical prefixes, as the search box sends
// them, on about 100,000 articles (1,000 in short mode): a common start of
// words, a longer one, one letter, two words and a miss. Besides ns/op it
// reports the median and the 99th percentile of single calls. Run with:
//
//	go test ./index/bleve -run '^$' -bench 'Suggest$' -count 5
//
// The archive takes a minute or two to make, once per run;
// BenchmarkSuggestTables measures what keeping the suggestions costs.
func BenchmarkSuggest(b *testing.B) {
	ix := openSuggestArchive(b)
	ctx := context.Background()
	for _, prefix := range []string{"Re", "Reag", "a", "oil pr", "zzzq"} {
		b.Run(strings.ReplaceAll(prefix, " ", "_"), func(b *testing.B) {
			if _, err := ix.Suggest(ctx, prefix, 8); err != nil { // warms what the first call builds
				b.Fatal(err)
			}
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := ix.Suggest(ctx, prefix, 8); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Nanoseconds()), "p50-ns")
			b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds()), "p99-ns")
		})
	}
}

// BenchmarkSuggestTables measures what the suggestions cost besides
// answering, on the archive of BenchmarkSuggest: "load" reads their
// tables from the index, as the first suggestion after the server starts
// does (reporting the memory they hold, in MB), and "put" writes one
// article, replacing one the archive holds, without the tables ("cold",
// as an import does) and with them kept current ("live"). Run with:
//
//	go test ./index/bleve -run '^$' -bench SuggestTables -benchtime 5x -count 5
func BenchmarkSuggestTables(b *testing.B) {
	s := &suggestArchive
	openSuggestArchive(b)
	ctx := context.Background()
	reopen := func(b *testing.B) {
		b.Helper()
		if err := s.ix.Close(); err != nil {
			b.Fatal(err)
		}
		if s.ix, s.err = bleve.Open(s.dir); s.err != nil {
			b.Fatal(s.err)
		}
	}
	b.Run("load", func(b *testing.B) {
		var heap float64
		for b.Loop() {
			b.StopTimer()
			reopen(b)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			b.StartTimer()
			if err := s.ix.LoadSuggestions(ctx); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			runtime.GC()
			runtime.ReadMemStats(&after)
			heap = float64(after.HeapAlloc-before.HeapAlloc) / 1e6
			b.StartTimer()
		}
		b.ReportMetric(heap, "MB")
	})
	var old index.Article
	put := func(b *testing.B) {
		if old.ID == "" {
			var err error
			if old, err = s.ix.Get(ctx, s.sample); err != nil {
				b.Fatal(err)
			}
		}
		i := 0
		for b.Loop() {
			a := old
			a.Title = fmt.Sprintf("%s, revised %d", old.Title, i)
			a.Actors = append(slices.Clone(old.Actors), index.Actor{Name: fmt.Sprintf("Reviser %d", i), Kind: index.Person})
			if _, err := s.ix.Put(ctx, []index.Article{a}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	}
	b.Run("put/cold", func(b *testing.B) {
		reopen(b)
		put(b)
	})
	b.Run("put/live", func(b *testing.B) {
		if err := s.ix.LoadSuggestions(ctx); err != nil {
			b.Fatal(err)
		}
		put(b)
	})
}
