package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/newsarchive/newsarchive/internal/corpus"
)

// bbcArticles reads every article of the BBC corpus.
func bbcArticles(tb testing.TB) []string {
	tb.Helper()
	dir := corpus.Dir(tb, "bbc")
	paths, err := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	texts := make([]string, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	if len(texts) < 2000 {
		tb.Fatalf("read %d BBC articles from %s, want the full 2,225", len(texts), dir)
	}
	if _, ok := tb.(*testing.B); ok && testing.Short() {
		texts = texts[:100] // enough to keep a benchmark working, in CI
	}
	return texts
}

func BenchmarkActorsBBC(b *testing.B) {
	e := newExtractor(b)
	texts := bbcArticles(b)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, t := range texts {
			e.Actors(t)
		}
		n += len(texts)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

func BenchmarkExtractBBC(b *testing.B) {
	e := newExtractor(b)
	texts := bbcArticles(b)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, t := range texts {
			e.Extract(t)
		}
		n += len(texts)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// TestBBCSanity runs the extractor over the whole BBC corpus and checks
// properties that must hold for every article: spans inside the text and
// naming what they claim, known kinds and topics.
func TestBBCSanity(t *testing.T) {
	e := newExtractor(t)
	valid := map[string]bool{}
	for _, s := range topicSlugs {
		valid[s] = true
	}
	for i, text := range bbcArticles(t) {
		res := e.Extract(text)
		for _, a := range res.Actors {
			if a.Kind != "person" && a.Kind != "organization" && a.Kind != "place" {
				t.Errorf("article %d: actor %q kind = %q, want a known kind", i, a.Name, a.Kind)
			}
			for _, m := range a.Mentions {
				if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
					t.Fatalf("article %d: actor %q mention %v outside text of %d bytes", i, a.Name, m, len(text))
				}
			}
		}
		if len(res.Topics) == 0 || len(res.Topics) > 3 {
			t.Errorf("article %d: %d topics %q, want 1 to 3", i, len(res.Topics), res.Topics)
		}
		for _, tp := range res.Topics {
			if !valid[tp] {
				t.Errorf("article %d: unknown topic %q", i, tp)
			}
		}
	}
}
