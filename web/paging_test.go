package web

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

func TestSearchLinks(t *testing.T) {
	const p = "/api/search"
	tests := []struct {
		name       string
		rawQuery   string
		page, size int
		total      uint64
		nextCursor string
		want       pageLinks
		wantPages  int
	}{
		{"first page", "q=oil", 1, 20, 45, "c1",
			pageLinks{first: p + "?q=oil&page=1", next: p + "?q=oil&page=2", last: p + "?q=oil&page=3"}, 3},
		{"middle page, page given first", "page=2&q=oil&size=20", 2, 20, 45, "c2",
			pageLinks{first: p + "?q=oil&size=20&page=1", prev: p + "?q=oil&size=20&page=1", next: p + "?q=oil&size=20&page=3", last: p + "?q=oil&size=20&page=3"}, 3},
		{"last page", "q=oil&page=3", 3, 20, 45, "",
			pageLinks{first: p + "?q=oil&page=1", prev: p + "?q=oil&page=2", last: p + "?q=oil&page=3"}, 3},
		{"one full page", "q=oil", 1, 20, 20, "",
			pageLinks{first: p + "?q=oil&page=1", last: p + "?q=oil&page=1"}, 1},
		{"empty result", "q=nothing", 1, 20, 0, "",
			pageLinks{first: p + "?q=nothing&page=1", last: p + "?q=nothing&page=1"}, 0},
		{"page past the end", "q=oil&page=9", 9, 20, 45, "",
			pageLinks{first: p + "?q=oil&page=1", prev: p + "?q=oil&page=3", last: p + "?q=oil&page=3"}, 3},
		{"page past the end of nothing", "q=nothing&page=4", 4, 20, 0, "",
			pageLinks{first: p + "?q=nothing&page=1", prev: p + "?q=nothing&page=1", last: p + "?q=nothing&page=1"}, 0},
		{"the last page numbers reach", "page=100&size=100", 100, 100, 21578, "abc",
			pageLinks{first: p + "?size=100&page=1", prev: p + "?size=100&page=99", next: p + "?size=100&cursor=abc"}, 216},
		{"after a cursor", "size=100&cursor=abc", 0, 100, 21578, "def",
			pageLinks{first: p + "?size=100&page=1", next: p + "?size=100&cursor=def"}, 216},
		{"the last page after a cursor", "cursor=def", 0, 20, 45, "",
			pageLinks{first: p + "?page=1", last: p + "?page=3"}, 3},
		{"lists and escapes kept in order", "actor=Joe+Biden&topic=a&topic=b&q=%22oil+%26+gas%22&page=2", 2, 20, 45, "",
			pageLinks{first: p + "?actor=Joe+Biden&topic=a&topic=b&q=%22oil+%26+gas%22&page=1",
				prev: p + "?actor=Joe+Biden&topic=a&topic=b&q=%22oil+%26+gas%22&page=1",
				next: p + "?actor=Joe+Biden&topic=a&topic=b&q=%22oil+%26+gas%22&page=3",
				last: p + "?actor=Joe+Biden&topic=a&topic=b&q=%22oil+%26+gas%22&page=3"}, 3},
		{"characters a Link header cannot hold", "q=a>b c", 1, 20, 1, "",
			pageLinks{first: p + "?q=a%3Eb+c&page=1", last: p + "?q=a%3Eb+c&page=1"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := searchLinks(p, tt.rawQuery, tt.page, tt.size, tt.total, tt.nextCursor); got != tt.want {
				t.Errorf("links:\n got %+v\nwant %+v", got, tt.want)
			}
			if got := totalPages(tt.total, tt.size); got != tt.wantPages {
				t.Errorf("totalPages(%d, %d) = %d, want %d", tt.total, tt.size, got, tt.wantPages)
			}
		})
	}
}

func TestLinkHeader(t *testing.T) {
	tests := []struct {
		links pageLinks
		want  string
	}{
		{pageLinks{first: "/a?page=1", prev: "/a?page=1", next: "/a?page=3", last: "/a?page=9"},
			`</a?page=1>; rel="first", </a?page=1>; rel="prev", </a?page=3>; rel="next", </a?page=9>; rel="last"`},
		{pageLinks{first: "/a?page=1", next: "/a?cursor=x"}, `</a?page=1>; rel="first", </a?cursor=x>; rel="next"`},
	}
	for _, tt := range tests {
		if got := tt.links.header(); got != tt.want {
			t.Errorf("header of %+v:\n got %s\nwant %s", tt.links, got, tt.want)
		}
	}
}

// TestAPISearchPaging checks the paging fields and the Link header the
// API answers, through the router.
func TestAPISearchPaging(t *testing.T) {
	res := sampleResults() // 45 hits, 20 a page
	res.Page, res.Next = 2, "cur"
	ts := newTestServer(t, &fakeSearcher{results: res})
	rec := ts.get(t, "/api/search?q=oil&page=2")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d: %s", rec.Code, rec.Body)
	}
	var got SearchResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.TotalPages != 3 || got.Next != "/api/search?q=oil&page=3" || got.Prev != "/api/search?q=oil&page=1" || got.NextCursor != "cur" {
		t.Errorf("total_pages, next, prev, next_cursor = %d, %q, %q, %q; want 3, page 3, page 1, cur", got.TotalPages, got.Next, got.Prev, got.NextCursor)
	}
	want := `</api/search?q=oil&page=1>; rel="first", </api/search?q=oil&page=1>; rel="prev", </api/search?q=oil&page=3>; rel="next", </api/search?q=oil&page=3>; rel="last"`
	if h := rec.Header().Get("Link"); h != want {
		t.Errorf("Link = %s\nwant %s", h, want)
	}

	cursor := index.Query{Text: "oil", Sort: index.SortRelevance}.Cursor([]string{"1.5", "a1"})
	rec = ts.get(t, "/api/search?q=oil&cursor="+cursor)
	if rec.Code != http.StatusOK {
		t.Fatalf("with a cursor: status = %d: %s", rec.Code, rec.Body)
	}
	got = SearchResponse{}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Page != 0 || got.Query.Page != 0 || got.Query.Cursor != cursor || got.Prev != "" || got.Next != "/api/search?q=oil&cursor=cur" {
		t.Errorf("with a cursor: page %d, query page %d, query cursor %q, prev %q, next %q; want 0, 0, the cursor, none, the next cursor's", got.Page, got.Query.Page, got.Query.Cursor, got.Prev, got.Next)
	}
	if q, _ := ts.fake.lastQuery(); q.After != cursor || q.Page != 1 {
		t.Errorf("searched after %q on page %d, want after the cursor on page 1", q.After, q.Page)
	}
}

// TestCursorParam checks the cursor parameter's refusals: each a 400
// naming cursor.
func TestCursorParam(t *testing.T) {
	for _, target := range []string{
		"/api/search?q=oil&cursor=abc&page=2",
		"/api/search?q=oil&cursor=abc&page=1",
		"/api/search?q=oil&cursor=abc&cursor=def",
		"/api/search?q=oil&cursor=%21%21",
		"/api/search?q=oil&sort=newest&cursor=" + index.Query{Text: "oil", Sort: index.SortRelevance}.Cursor([]string{"1.5", "a1"}),
	} {
		t.Run(target, func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{results: sampleResults()})
			rec := ts.get(t, target)
			var body ErrorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if rec.Code != http.StatusBadRequest || body.Error.Param != "cursor" || body.Error.Message == "" {
				t.Errorf("status %d, error %+v; want 400 naming cursor", rec.Code, body.Error)
			}
		})
	}
}
