package bleve_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
)

// tiedArticles are n articles made to tie: groups of the same text (so
// of the same score) on the same day, and every seventh undated.
func tiedArticles(n int) []index.Article {
	var out []index.Article
	day := time.Date(1987, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		a := index.Article{
			ID:    fmt.Sprintf("a%03d", i),
			Title: fmt.Sprintf("Cocoa report %d", i%4),
			Body:  fmt.Sprintf("Cocoa prices moved. Report %d.", i%4),
		}
		if i%7 != 0 {
			a.Published = day.AddDate(0, 0, i%5)
		}
		if i%3 == 0 {
			a.Body += " Oil too."
		}
		out = append(out, a)
	}
	return out
}

// walk pages through q with cursors, size hits at a time, and returns
// the ids in the order they came and the total of the first page.
func walk(t *testing.T, ix *bleve.Index, q index.Query, size int) ([]string, uint64) {
	t.Helper()
	var ids []string
	var total uint64
	q.Size = size
	for range 10000 {
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("Search after %d hits: %v", len(ids), err)
		}
		if q.After == "" {
			total = res.Total
		} else if res.Total != total {
			t.Fatalf("Total = %d after a cursor, want the first page's %d", res.Total, total)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if res.Next == "" {
			return ids, total
		}
		if len(res.Hits) != size {
			t.Fatalf("a page of %d hits, not %d, has a next cursor", len(res.Hits), size)
		}
		q.After = res.Next
	}
	t.Fatal("the cursor never ran out")
	return nil, 0
}

// TestCursorWalk walks each order of a sharded index whose hits tie in
// score and in date, and checks that the cursor gives every match once,
// in the order the page numbers give them.
func TestCursorWalk(t *testing.T) {
	ix := openWith(t, t.TempDir(), bleve.WithShards(3))
	putAll(t, ix, tiedArticles(61))
	bleve.Settle(t, ix)
	for _, tt := range []struct {
		name string
		q    index.Query
	}{
		{"relevance", index.Query{Text: "cocoa"}},
		{"relevance of two words", index.Query{Text: "cocoa oil"}},
		{"newest", index.Query{Text: "cocoa", Sort: index.SortNewest}},
		{"oldest", index.Query{Text: "cocoa", Sort: index.SortOldest}},
		{"everything newest", index.Query{}},
		{"everything oldest", index.Query{Sort: index.SortOldest}},
		{"everything by relevance", index.Query{Sort: index.SortRelevance}},
		// No undated match: the engine narrows to the cursor's dates.
		{"dated only", index.Query{Text: "oil", From: time.Date(1987, 3, 2, 0, 0, 0, 0, time.UTC), Sort: index.SortNewest}},
		{"dated only oldest", index.Query{Text: "oil", From: time.Date(1987, 3, 2, 0, 0, 0, 0, time.UTC), Sort: index.SortOldest}},
	} {
		q := tt.q
		t.Run(tt.name, func(t *testing.T) {
			for _, size := range []int{1, 4, 7, 100} {
				got, total := walk(t, ix, q, size)
				if uint64(len(got)) != total || total == 0 {
					t.Errorf("size %d: walked %d hits, want the total %d", size, len(got), total)
				}
				if dup := len(got) - len(slices.Compact(slices.Sorted(slices.Values(got)))); dup > 0 {
					t.Errorf("size %d: %d hits came twice", size, dup)
				}
				var paged []string
				for page := 1; ; page++ {
					pq := q
					pq.Page, pq.Size = page, size
					res, err := ix.Search(context.Background(), pq)
					if err != nil {
						t.Fatal(err)
					}
					for _, h := range res.Hits {
						paged = append(paged, h.ID)
					}
					if len(res.Hits) < size {
						break
					}
				}
				if !slices.Equal(got, paged) {
					t.Errorf("size %d: the cursor walked\n%v\nthe pages hold\n%v", size, got, paged)
				}
			}
		})
	}
}

// TestCursorRefused checks that a cursor the archive did not make, or
// made for another search, is refused as a bad cursor parameter.
func TestCursorRefused(t *testing.T) {
	ix := openWith(t, t.TempDir(), bleve.WithShards(2))
	putAll(t, ix, tiedArticles(10))
	ctx := context.Background()
	first, err := ix.Search(ctx, index.Query{Text: "cocoa", Size: 3})
	if err != nil || first.Next == "" {
		t.Fatalf("first page: next %q, %v; want a cursor", first.Next, err)
	}
	dated, err := ix.Search(ctx, index.Query{Text: "cocoa", Size: 3, Sort: index.SortNewest})
	if err != nil || dated.Next == "" {
		t.Fatalf("first page by date: next %q, %v; want a cursor", dated.Next, err)
	}
	tests := []struct {
		name string
		q    index.Query
	}{
		{"not base64", index.Query{Text: "cocoa", After: "not a cursor!"}},
		{"base64 of nothing it made", index.Query{Text: "cocoa", After: "AQJ4eXo"}},
		{"cut short", index.Query{Text: "cocoa", After: first.Next[:len(first.Next)-3]}},
		{"another query", index.Query{Text: "oil", After: first.Next}},
		{"another filter", index.Query{Text: "cocoa", Topics: []string{"economy"}, After: first.Next}},
		{"another order", index.Query{Text: "cocoa", Sort: index.SortOldest, After: dated.Next}},
	}
	var qe *index.QueryError
	if _, err := ix.Search(ctx, index.Query{Text: "cocoa", Page: 2, After: first.Next}); !errors.As(err, &qe) || qe.Param != "cursor" {
		t.Errorf("a cursor with page 2: error %v, want a *QueryError for cursor", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, run := range map[string]func() error{
				"Search": func() error { _, err := ix.Search(ctx, tt.q); return err },
				"Stream": func() error { return ix.Stream(ctx, tt.q, 10, func(index.Article) error { return nil }) },
			} {
				var qe *index.QueryError
				if err := run(); !errors.As(err, &qe) || qe.Param != "cursor" {
					t.Errorf("%s: error %v, want a *QueryError for cursor", name, err)
				}
			}
		})
	}
}

// TestStreamAfterCursor checks that a stream from a page's cursor goes
// on where the next page would.
func TestStreamAfterCursor(t *testing.T) {
	ix := openWith(t, t.TempDir(), bleve.WithShards(3))
	putAll(t, ix, tiedArticles(40))
	bleve.Settle(t, ix)
	for _, s := range []index.Sort{index.SortRelevance, index.SortNewest, index.SortOldest} {
		t.Run(string(s), func(t *testing.T) {
			q := index.Query{Text: "cocoa", Sort: s}
			all, _ := walk(t, ix, q, 6)
			first, err := ix.Search(context.Background(), index.Query{Text: "cocoa", Sort: s, Size: 6})
			if err != nil {
				t.Fatal(err)
			}
			q.After = first.Next
			var got []string
			if err := ix.Stream(context.Background(), q, 1000, func(a index.Article) error { got = append(got, a.ID); return nil }); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, all[6:]) {
				t.Errorf("streamed after the first page\n%v\nwant\n%v", got, all[6:])
			}
		})
	}
}

// TestCursorPastWindowReuters walks the whole Reuters set, past the
// 10,000 hits page numbers reach, in each order, and checks that every
// match comes once.
func TestCursorPastWindowReuters(t *testing.T) {
	arts := readReutersFiles(t, 22)
	ix := openWith(t, t.TempDir(), bleve.WithShards(3))
	putAll(t, ix, arts)
	bleve.Settle(t, ix)
	// Oldest first is newest first reversed, which TestCursorWalk
	// checks; the walks here are long enough.
	for _, q := range []index.Query{
		{Sort: index.SortNewest},
		{Text: "said", Sort: index.SortRelevance},
	} {
		t.Run(string(q.Sort), func(t *testing.T) {
			start := time.Now()
			got, total := walk(t, ix, q, index.MaxPageSize)
			t.Logf("%d hits in %d pages of %d in %v", len(got), (len(got)+index.MaxPageSize-1)/index.MaxPageSize, index.MaxPageSize, time.Since(start))
			if total <= index.MaxResultWindow {
				t.Fatalf("total %d, want more than the %d page numbers reach", total, index.MaxResultWindow)
			}
			if uint64(len(got)) != total {
				t.Errorf("walked %d hits, want the total %d", len(got), total)
			}
			if dup := len(got) - len(slices.Compact(slices.Sorted(slices.Values(got)))); dup > 0 {
				t.Errorf("%d hits came twice", dup)
			}
		})
	}
}
