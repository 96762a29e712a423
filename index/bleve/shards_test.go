package bleve_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/ingest"
	"github.com/newsarchive/newsarchive/internal/corpus"
)

// readReutersFiles returns the stories of the first n Reuters-21578 files.
func readReutersFiles(tb testing.TB, n int) []index.Article {
	tb.Helper()
	dir := corpus.Dir(tb, "reuters21578")
	files, _ := filepath.Glob(filepath.Join(dir, "reut2-*.sgm"))
	var out []index.Article
	for _, f := range files[:min(n, len(files))] {
		err := ingest.ReadFile(context.Background(), f, func(it ingest.Item) error {
			if it.Err == nil {
				out = append(out, it.Article)
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

func openWith(t *testing.T, dir string, opts ...bleve.Option) *bleve.Index {
	t.Helper()
	ix, err := bleve.Open(dir, opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func putAll(t *testing.T, ix *bleve.Index, arts []index.Article) {
	t.Helper()
	for i := 0; i < len(arts); i += 500 {
		if _, err := ix.Put(context.Background(), arts[i:min(i+500, len(arts))]); err != nil {
			t.Fatalf("Put: %v", err)
		}
	}
}

// TestShardsMatchSingleIndex indexes the same Reuters stories into one
// shard and into three, and checks that every search shape gives the same
// totals, facets, histogram and top actors, and, where the order does not
// rest on scores, the same pages with the same highlights.
func TestShardsMatchSingleIndex(t *testing.T) {
	arts := readReutersFiles(t, 5)
	one := openWith(t, t.TempDir(), bleve.WithShards(1))
	three := openWith(t, t.TempDir(), bleve.WithShards(3))
	putAll(t, one, arts)
	putAll(t, three, arts)
	ctx := context.Background()

	for _, ix := range []*bleve.Index{one, three} {
		n, err := ix.Count()
		if err != nil || n != uint64(len(arts)) {
			t.Fatalf("%d shards: Count = %d, %v; want %d", ix.Shards(), n, err, len(arts))
		}
	}

	// Filter values from the archive itself: its top actor and topic.
	all, err := one.Search(ctx, index.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Facets.Actor) < 2 || len(all.Facets.Topic) < 1 {
		t.Fatalf("facets of the empty query = %+v, want actors and topics", all.Facets)
	}
	actor, other, topic := all.Facets.Actor[0].Value, all.Facets.Actor[1].Value, all.Facets.Topic[0].Value
	day := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

	queries := []index.Query{
		{},
		{Sort: index.SortOldest, Page: 7},
		{Text: "oil", Sort: index.SortNewest},
		{Text: "oil", Sort: index.SortNewest, Page: 4, Size: 50},
		{Text: `"interest rates"`, Sort: index.SortOldest},
		{Text: "(oil OR gas) NOT opec", Sort: index.SortNewest},
		{Text: "trade", Actors: []string{actor}, Sort: index.SortNewest},
		{Text: "trade", Actors: []string{actor, other}, Topics: []string{topic}, Sort: index.SortNewest},
		{Topics: []string{topic}, NotActors: []string{actor}},
		{ActorKind: index.Person},
		{Text: "prices", From: day("1987-03-01"), To: day("1987-03-31"), Sort: index.SortNewest},
		{Text: "oil"},
		{Text: "cocoa"},
		{Text: "oil prices", Page: 3},
	}
	for _, q := range queries {
		q.Highlight = true
		t.Run(fmt.Sprintf("%+v", q), func(t *testing.T) {
			want, err := one.Search(ctx, q)
			if err != nil {
				t.Fatalf("1 shard: %v", err)
			}
			got, err := three.Search(ctx, q)
			if err != nil {
				t.Fatalf("3 shards: %v", err)
			}
			if got.Total != want.Total {
				t.Errorf("Total = %d, want %d", got.Total, want.Total)
			}
			if !reflect.DeepEqual(got.Facets, want.Facets) {
				t.Errorf("Facets =\n%+v\nwant\n%+v", got.Facets, want.Facets)
			}
			if !reflect.DeepEqual(got.Histogram, want.Histogram) {
				t.Errorf("Histogram = %+v, want %+v", got.Histogram, want.Histogram)
			}
			if !reflect.DeepEqual(got.TopActors, want.TopActors) {
				t.Errorf("TopActors = %+v, want %+v", got.TopActors, want.TopActors)
			}
			if len(got.Hits) != len(want.Hits) {
				t.Fatalf("%d hits, want %d", len(got.Hits), len(want.Hits))
			}
			if q.Sort == index.SortRelevance || (q.Sort == "" && q.Text != "") {
				// Shards score terms by their own document frequencies, so
				// near-equal scores may swap; the order is checked by
				// TestShardsRelevance.
				return
			}
			for i := range want.Hits {
				g, w := got.Hits[i], want.Hits[i]
				if g.ID != w.ID || !reflect.DeepEqual(g.Highlights, w.Highlights) || g.Para != w.Para || g.Section != w.Section {
					t.Errorf("hit %d = %s %v (para %d), want %s %v (para %d)", i, g.ID, g.Highlights, g.Para, w.ID, w.Highlights, w.Para)
				}
			}
		})
	}
}

// TestShardsRelevance checks relevance-ranked pages on three shards: the
// pages of a query hold every match once, and the first page agrees with a
// single index's but for near-ties.
func TestShardsRelevance(t *testing.T) {
	arts := readReutersFiles(t, 5)
	one := openWith(t, t.TempDir(), bleve.WithShards(1))
	three := openWith(t, t.TempDir(), bleve.WithShards(3))
	putAll(t, one, arts)
	putAll(t, three, arts)
	bleve.Settle(t, one)
	bleve.Settle(t, three)
	ctx := context.Background()

	for _, text := range []string{"oil", "cocoa", "oil prices", `"interest rates"`, "(oil OR gas) NOT opec"} {
		t.Run(text, func(t *testing.T) {
			var ids []string
			var total uint64
			for page := 1; ; page++ {
				res, err := three.Search(ctx, index.Query{Text: text, Page: page, Size: 100})
				if err != nil {
					t.Fatal(err)
				}
				total = res.Total
				for _, h := range res.Hits {
					ids = append(ids, h.ID)
				}
				if len(res.Hits) < 100 || page*100 >= index.MaxResultWindow {
					break
				}
			}
			if len(ids) != int(min(total, index.MaxResultWindow)) {
				t.Errorf("paged through %d hits, want %d", len(ids), total)
			}
			if dup := len(ids) - len(slices.Compact(slices.Sorted(slices.Values(ids)))); dup > 0 {
				t.Errorf("%d hits came twice", dup)
			}

			want, err := one.Search(ctx, index.Query{Text: text})
			if err != nil {
				t.Fatal(err)
			}
			got, err := three.Search(ctx, index.Query{Text: text})
			if err != nil {
				t.Fatal(err)
			}
			shared := 0
			for _, h := range got.Hits {
				if slices.ContainsFunc(want.Hits, func(w index.Hit) bool { return w.ID == h.ID }) {
					shared++
				}
			}
			// Allow a fifth of the page to differ at its edge.
			if len(want.Hits) > 0 && shared*5 < len(want.Hits)*4 {
				t.Errorf("first page shares %d of %d hits with a single index", shared, len(want.Hits))
			}
			if len(want.Hits) > 0 && got.Hits[0].ID != want.Hits[0].ID {
				t.Logf("top hit %s, single index %s", got.Hits[0].ID, want.Hits[0].ID)
			}
		})
	}
}

// TestShardsTies pages through matches whose scores all tie, on three
// shards that hold the same number of them, so that every hit ties with
// one in each other shard: each page must be the same on every request,
// and together the pages must hold every match once.
func TestShardsTies(t *testing.T) {
	const shards, perShard = 3, 40
	ix := openWith(t, t.TempDir(), bleve.WithShards(shards))
	var arts []index.Article
	held := make([]int, shards)
	for i := 0; len(arts) < shards*perShard; i++ {
		id := fmt.Sprintf("tie-%04d", i)
		h := fnv.New32a()
		h.Write([]byte(id))
		if s := h.Sum32() % shards; held[s] < perShard {
			held[s]++
			arts = append(arts, index.Article{ID: id, Title: "Oil prices", Body: "Oil prices rose on Monday.",
				Published: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)})
		}
	}
	putAll(t, ix, arts)
	ctx := context.Background()

	const size = 7 // cuts pages inside runs of tied hits
	var ids []string
	for page := 1; (page-1)*size < len(arts); page++ {
		q := index.Query{Text: "oil", Page: page, Size: size}
		first, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for range 5 {
			again, err := ix.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := hitIDs(again.Hits), hitIDs(first.Hits); !slices.Equal(got, want) {
				t.Fatalf("page %d again = %v, want %v", page, got, want)
			}
		}
		ids = append(ids, hitIDs(first.Hits)...)
	}
	if got := len(slices.Compact(slices.Sorted(slices.Values(ids)))); len(ids) != len(arts) || got != len(arts) {
		t.Errorf("pages held %d hits, %d distinct; want %d, each once", len(ids), got, len(arts))
	}
}

func hitIDs(hits []index.Hit) []string {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}

// TestShardLayout checks that a reopened index keeps its shard count, that
// asking for another count is an error, and that updates and deletes find
// their documents in the shard the id hashes to.
func TestShardLayout(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	ix, err := bleve.Open(dir, bleve.WithShards(4))
	if err != nil {
		t.Fatal(err)
	}
	var arts []index.Article
	for i := range 40 {
		arts = append(arts, index.Article{ID: fmt.Sprintf("a%02d", i), Title: "Title", Body: "Body text."})
	}
	if st, err := ix.Put(ctx, arts); err != nil || st.Added != 40 {
		t.Fatalf("Put = %+v, %v; want 40 added", st, err)
	}
	ix.Close()

	if _, err := bleve.Open(dir, bleve.WithShards(2)); err == nil || !strings.Contains(err.Error(), "has 4 shards, not 2") {
		t.Fatalf("Open with 2 shards: %v, want an error naming the 4", err)
	}
	ix = openWith(t, dir)
	if ix.Shards() != 4 || ix.Created() {
		t.Fatalf("reopened: %d shards, created %v; want 4, false", ix.Shards(), ix.Created())
	}
	arts[3].Title = "New title"
	if st, err := ix.Put(ctx, arts[:10]); err != nil || st.Added != 0 || st.Updated != 10 {
		t.Fatalf("Put again = %+v, %v; want 10 updated", st, err)
	}
	if a, err := ix.Get(ctx, "a03"); err != nil || a.Title != "New title" {
		t.Fatalf("Get = %+v, %v; want the new title", a, err)
	}
	for _, id := range []string{"a00", "a17", "a39"} {
		if err := ix.Delete(ctx, id); err != nil {
			t.Fatalf("Delete %s: %v", id, err)
		}
	}
	if n, _ := ix.Count(); n != 37 {
		t.Fatalf("Count after 3 deletes = %d, want 37", n)
	}
	if _, err := ix.Get(ctx, "a17"); !errors.Is(err, index.ErrNotFound) {
		t.Fatalf("Get deleted = %v, want ErrNotFound", err)
	}
}

// TestOpenRefusesBadLayouts checks the errors of a damaged index folder.
func TestOpenRefusesBadLayouts(t *testing.T) {
	tests := []struct {
		name, layout, want string
	}{
		{"no layout", "", "has no layout.json"},
		{"bad json", "{", "layout.json"},
		{"unknown hash", `{"shards": 2, "hash": "md5"}`, "unknown layout"},
		{"too many", `{"shards": 1000, "hash": "fnv1a32-mod"}`, "unknown layout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "articles"), 0o755); err != nil {
				t.Fatal(err)
			}
			if tt.layout != "" {
				if err := os.WriteFile(filepath.Join(dir, "articles", "layout.json"), []byte(tt.layout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := bleve.Open(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Open = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	if _, err := bleve.Open(t.TempDir(), bleve.WithShards(65)); err == nil {
		t.Fatal("Open with 65 shards succeeded, want an error")
	}
}

// TestDateOrderPages pages through date-ordered searches and checks every
// page against the order worked out here: newest or oldest first, the id
// breaking ties, undated articles last. The archive counts a search
// before sorting it and sorts only the periods the page falls in, so the
// articles span years, months and days, with shared timestamps, and the
// searches cover the histogram's three intervals.
func TestDateOrderPages(t *testing.T) {
	var arts []index.Article
	for i := range 300 {
		a := index.Article{ID: fmt.Sprintf("d%03d", (i*37)%300), Title: "Report", Body: "Oil and gas."}
		if i%2 == 0 {
			a.Body = "Gas only."
		}
		switch {
		case i%25 == 0: // undated
		case i%10 == 0: // a timestamp shared with others
			a.Published = time.Date(2021, 6, 1, 12, 0, 0, 0, time.UTC)
		case i < 100: // days of one month and the next
			a.Published = time.Date(2022, 3, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 13 * time.Hour)
		default: // years
			a.Published = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*9)
		}
		arts = append(arts, a)
	}
	searches := []index.Query{
		{},
		{Text: "oil"},
		{From: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)},
		{Text: "gas", From: time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2022, 4, 30, 0, 0, 0, 0, time.UTC)},
	}
	for _, shards := range []int{1, 3} {
		ix := openWith(t, t.TempDir(), bleve.WithShards(shards))
		putAll(t, ix, arts)
		for _, base := range searches {
			for _, sort := range []index.Sort{index.SortNewest, index.SortOldest} {
				q := base
				q.Sort = sort
				t.Run(fmt.Sprintf("%d shards/%q %v %v", shards, q.Text, q.From.Format("2006-01"), sort), func(t *testing.T) {
					want := wantDateOrder(arts, q)
					for _, size := range []int{7, 50} {
						var got []string
						for page := 1; ; page++ {
							q.Page, q.Size = page, size
							res, err := ix.Search(context.Background(), q)
							if err != nil {
								t.Fatal(err)
							}
							if res.Total != uint64(len(want)) {
								t.Fatalf("total = %d, want %d", res.Total, len(want))
							}
							got = append(got, hitIDs(res.Hits)...)
							if len(res.Hits) < size {
								break
							}
						}
						if !slices.Equal(got, want) {
							t.Errorf("pages of %d = %v\nwant %v", size, got, want)
						}
					}
					var streamed []string
					err := ix.Stream(context.Background(), q, 40, func(a index.Article) error {
						streamed = append(streamed, a.ID)
						return nil
					})
					if err != nil {
						t.Fatal(err)
					}
					if want := want[:min(40, len(want))]; !slices.Equal(streamed, want) {
						t.Errorf("Stream(40) = %v\nwant %v", streamed, want)
					}
				})
			}
		}
	}
}

// wantDateOrder is the ids of the articles q matches, in its date order.
func wantDateOrder(arts []index.Article, q index.Query) []string {
	var in []index.Article
	for _, a := range arts {
		if q.Text != "" && !strings.Contains(strings.ToLower(a.Body), q.Text) {
			continue
		}
		if !q.From.IsZero() && (a.Published.IsZero() || a.Published.Before(q.From) || !a.Published.Before(q.To.AddDate(0, 0, 1))) {
			continue
		}
		in = append(in, a)
	}
	slices.SortFunc(in, func(a, b index.Article) int {
		if az, bz := a.Published.IsZero(), b.Published.IsZero(); az != bz {
			if az {
				return 1 // undated last
			}
			return -1
		}
		c := a.Published.Compare(b.Published)
		if q.Sort == index.SortNewest {
			c = -c
		}
		return cmp.Or(c, strings.Compare(a.ID, b.ID))
	})
	ids := make([]string, len(in))
	for i, a := range in {
		ids[i] = a.ID
	}
	return ids
}
