package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

// TestAPICursorWalk walks a real index through the API by next_cursor,
// in each order, and checks that every match comes once and that a
// cursor given to another search answers 400 naming it.
func TestAPICursorWalk(t *testing.T) {
	var arts []index.Article
	for i := range 30 {
		a := index.Article{ID: fmt.Sprintf("c%02d", i), Title: fmt.Sprintf("Cocoa report %d", i%3), Body: "Cocoa prices moved."}
		if i%5 != 0 {
			a.Published = time.Date(1987, 3, 1+i%4, 0, 0, 0, 0, time.UTC)
		}
		arts = append(arts, a)
	}
	h := indexHandler(t, arts)
	type page struct {
		Total      int    `json:"total"`
		NextCursor string `json:"next_cursor"`
		Hits       []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	get := func(t *testing.T, target string) page {
		t.Helper()
		rec := serve(h, target)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d: %s", target, rec.Code, rec.Body)
		}
		var p page
		if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, sort := range []string{"relevance", "newest", "oldest"} {
		t.Run(sort, func(t *testing.T) {
			base := "/api/search?q=cocoa&size=4&sort=" + sort
			p := get(t, base)
			total := p.Total
			var ids []string
			for range 100 {
				for _, hit := range p.Hits {
					ids = append(ids, hit.ID)
				}
				if p.NextCursor == "" {
					break
				}
				p = get(t, base+"&cursor="+url.QueryEscape(p.NextCursor))
			}
			if len(ids) != total || total != len(arts) {
				t.Errorf("walked %d hits, want the total %d (%d articles)", len(ids), total, len(arts))
			}
			if dup := len(ids) - len(slices.Compact(slices.Sorted(slices.Values(ids)))); dup > 0 {
				t.Errorf("%d hits came twice", dup)
			}
		})
	}
	t.Run("another search", func(t *testing.T) {
		p := get(t, "/api/search?q=cocoa&size=4")
		rec := serve(h, "/api/search?q=prices&size=4&cursor="+url.QueryEscape(p.NextCursor))
		var body struct {
			Error struct{ Param, Message string }
		}
		json.Unmarshal(rec.Body.Bytes(), &body)
		if rec.Code != http.StatusBadRequest || body.Error.Param != "cursor" {
			t.Errorf("status %d, error %+v; want 400 naming cursor", rec.Code, body.Error)
		}
	})
}
