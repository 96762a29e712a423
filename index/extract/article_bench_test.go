package extract

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/internal/corpus"
)

// medianBBCArticle returns the BBC story of median length (about 2 kB),
// the size of a typical news article.
func medianBBCArticle(tb testing.TB) string {
	tb.Helper()
	dir := corpus.Dir(tb, "bbc")
	paths, err := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no BBC articles in %s: %v", dir, err)
	}
	type file struct {
		path string
		size int64
	}
	files := make([]file, 0, len(paths))
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, file{p, fi.Size()})
	}
	slices.SortFunc(files, func(a, b file) int {
		return cmp.Or(cmp.Compare(a.size, b.size), strings.Compare(a.path, b.path))
	})
	b, err := os.ReadFile(files[len(files)/2].path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// BenchmarkExtractArticle extracts actors and topics from one article,
// the unit of work of an import worker: the median BBC story (skipped
// without the corpus) and the seed article (always there).
func BenchmarkExtractArticle(b *testing.B) {
	e := newExtractor(b)
	for _, tc := range []struct {
		name string
		text func(testing.TB) string
	}{
		{"bbc-median", medianBBCArticle},
		{"seed", seedText},
	} {
		b.Run(tc.name, func(b *testing.B) {
			text := tc.text(b)
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				e.Extract(text)
			}
		})
	}
}
