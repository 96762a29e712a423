package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"path/filepath"
	"testing"

	"github.com/newsarchive/newsarchive/index/ingest"
	"github.com/newsarchive/newsarchive/internal/corpus"
)

// reutersSample returns every step-th Reuters story with a body, as the
// importer hands it to the extractor: title, blank line, body.
func reutersSample(tb testing.TB, step int) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(corpus.Dir(tb, "reuters21578"), "reut2-*.sgm"))
	if err != nil || len(paths) != 22 {
		tb.Fatalf("found %d Reuters files, want 22: %v", len(paths), err)
	}
	var texts []string
	n := 0
	for _, p := range paths {
		err := ingest.ReadFile(context.Background(), p, func(it ingest.Item) error {
			if it.Err != nil || it.Article.Body == "" {
				return nil
			}
			if n%step == 0 {
				texts = append(texts, it.Article.Title+"\n\n"+it.Article.Body)
			}
			n++
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return texts
}

// TestExtractGolden holds what the extractor finds in a fixed sample of
// real articles, every actor, mention, acronym and topic and every span
// the tagger gives, to one hash: work on the extractor's speed must
// leave it as it is. A change meant to alter what is extracted updates
// the hashes, saying so in its commit.
func TestExtractGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts thousands of articles")
	}
	e := newExtractor(t)
	for _, tc := range []struct {
		name       string
		texts      func(testing.TB) []string
		n          int
		tags, want string
	}{
		{"reuters", func(tb testing.TB) []string { return reutersSample(tb, 8) }, 2472,
			"1cbcb38c929331123dfaa9797c32a16194803c79db5786438eb2427eb6547fae",
			"7b3c407a6c86659ffbf455fbd259a8f81a0dd0621254b4f212b9d9bb83a4209a"},
		{"bbc", bbcArticles, 2225,
			"58899f41c1d38a26a1e77c20f15aabd086ed154e0d5bd8cbeba61e3768747049",
			"bd99d1c43e573c731ff94a7614e073524381198898aeebaa058959d03550719f"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			texts := tc.texts(t)
			if len(texts) != tc.n {
				t.Fatalf("sample holds %d articles, want %d", len(texts), tc.n)
			}
			tags, res := sha256.New(), sha256.New()
			for i, text := range texts {
				for _, sp := range e.ner.Tag(e.truecase(text)) {
					fmt.Fprintf(tags, "%d %d:%d:%d\n", i, sp.Start, sp.End, sp.Type)
				}
				writeJSON(t, res, e.Extract(text))
			}
			gotTags, got := hex.EncodeToString(tags.Sum(nil)), hex.EncodeToString(res.Sum(nil))
			t.Logf("%d articles: tags %s, results %s", len(texts), gotTags, got)
			if gotTags != tc.tags {
				t.Errorf("hash of the tagger's spans = %s, want %s", gotTags, tc.tags)
			}
			if got != tc.want {
				t.Errorf("hash of the extracted results = %s, want %s", got, tc.want)
			}
		})
	}
}

func writeJSON(t *testing.T, h hash.Hash, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	h.Write(append(b, '\n'))
}
