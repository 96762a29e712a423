package bleve_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
)

// timeSeries is n articles dated as news is, denser towards the newest:
// the last days hold a few each, the decades before them the rest. Some
// share a moment, to the nanosecond, and every 97th is undated.
func timeSeries(n int, newest time.Time) []index.Article {
	out := make([]index.Article, 0, n)
	for i := range n {
		a := index.Article{
			ID:    fmt.Sprintf("t%05d", (i*7919)%n), // ids out of date order
			Title: fmt.Sprintf("Cocoa report %d", i%5),
			Body:  "Cocoa prices moved.",
		}
		if i%97 != 0 {
			// Article i is about i²/n hours before the newest, so the
			// gaps widen into the past; pairs share their moment.
			h := (i / 2) * (i / 2) * 40 / n
			a.Published = newest.Add(-time.Duration(h) * time.Hour)
		}
		if i%3 == 0 {
			a.Body += " Oil too."
		}
		out = append(out, a)
	}
	return out
}

// dateOrder is arts in the order a date-ordered search gives them:
// by date, the id breaking ties, undated ones last.
func dateOrder(arts []index.Article, s index.Sort) []string {
	sorted := slices.Clone(arts)
	slices.SortFunc(sorted, func(a, b index.Article) int {
		if a.Published.IsZero() != b.Published.IsZero() {
			if a.Published.IsZero() {
				return 1
			}
			return -1
		}
		c := a.Published.Compare(b.Published)
		if s == index.SortNewest {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.ID, b.ID))
	})
	ids := make([]string, len(sorted))
	for i, a := range sorted {
		ids[i] = a.ID
	}
	return ids
}

// TestDatePages checks the pages of a date-ordered search, which are
// sorted within windows of dates, against every match sorted whole: the
// first pages (which the newest days hold), pages that need wider
// windows, the last, and cursors through all of them, before and after a
// write of newer articles.
func TestDatePages(t *testing.T) {
	newest := time.Date(2024, 6, 30, 12, 0, 0, 0, time.UTC)
	arts := timeSeries(2600, newest)
	ix := openWith(t, t.TempDir(), bleve.WithShards(3), bleve.WithCacheSize(0))
	putAll(t, ix, arts)
	bleve.Settle(t, ix)

	check := func(t *testing.T, arts []index.Article) {
		t.Helper()
		for _, s := range []index.Sort{index.SortNewest, index.SortOldest} {
			for _, text := range []string{"", "cocoa", "oil"} {
				var matching []index.Article
				for _, a := range arts {
					if text != "oil" || a.Body != "Cocoa prices moved." {
						matching = append(matching, a)
					}
				}
				want := dateOrder(matching, s)
				t.Run(fmt.Sprintf("%s %q", s, text), func(t *testing.T) {
					for _, page := range []int{1, 2, 3, 7, 40, (len(want) + 19) / 20} {
						res, err := ix.Search(context.Background(), index.Query{Text: text, Sort: s, Page: page, Size: 20})
						if err != nil {
							t.Fatalf("page %d: %v", page, err)
						}
						if res.Total != uint64(len(want)) {
							t.Fatalf("page %d: Total = %d, want %d", page, res.Total, len(want))
						}
						var got []string
						for _, h := range res.Hits {
							got = append(got, h.ID)
						}
						from := (page - 1) * 20
						if w := want[from:min(from+20, len(want))]; !slices.Equal(got, w) {
							t.Errorf("page %d = %v, want %v", page, got, w)
						}
					}
					got, _ := walk(t, ix, index.Query{Text: text, Sort: s}, 50)
					if !slices.Equal(got, want) {
						i := 0
						for i < min(len(got), len(want)) && got[i] == want[i] {
							i++
						}
						t.Errorf("the cursor gave %d hits differing from the %dth on, want %d", len(got), i+1, len(want))
					}
				})
			}
		}
	}
	t.Run("written once", func(t *testing.T) { check(t, arts) })

	// Newer articles move the window's edge.
	later := timeSeries(60, newest.AddDate(0, 2, 0))
	for i := range later {
		later[i].ID = fmt.Sprintf("u%03d", i)
	}
	putAll(t, ix, later)
	bleve.Settle(t, ix)
	t.Run("written again", func(t *testing.T) { check(t, append(slices.Clone(arts), later...)) })
}
