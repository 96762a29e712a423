package web

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/extract"
)

func day(s string) time.Time {
	t, err := time.Parse(dayLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestSearchParams(t *testing.T) {
	good := []struct {
		name  string
		query string
		want  index.Query
	}{
		{"nothing", "", index.Query{Sort: index.SortNewest, Page: 1, Size: 20, Highlight: true}},
		{"words sort by relevance", "q=oil+prices", index.Query{Text: "oil prices", Sort: index.SortRelevance, Page: 1, Size: 20, Highlight: true}},
		{"q is trimmed", "q=++oil++", index.Query{Text: "oil", Sort: index.SortRelevance, Page: 1, Size: 20, Highlight: true}},
		{"repeated filters", "actor=Joe+Biden&actor=NATO&topic=politics&topic=conflict&actor=", index.Query{
			Actors: []string{"Joe Biden", "NATO"}, Topics: []string{"politics", "conflict"},
			Sort: index.SortNewest, Page: 1, Size: 20, Highlight: true}},
		{"from and to", "from=2020-01-01&to=2020-12-31", index.Query{From: day("2020-01-01"), To: day("2020-12-31"), Sort: index.SortNewest, Page: 1, Size: 20, Highlight: true}},
		{"empty from", "from=&to=2020-12-31", index.Query{To: day("2020-12-31"), Sort: index.SortNewest, Page: 1, Size: 20, Highlight: true}},
		{"date year", "date=1987", index.Query{From: day("1987-01-01"), To: day("1987-12-31"), Sort: index.SortNewest, Page: 1, Size: 20, Highlight: true}},
		{"date month", "date=2024-02", index.Query{From: day("2024-02-01"), To: day("2024-02-29"), Sort: index.SortNewest, Page: 1, Size: 20, Highlight: true}},
		{"actor facet of one kind", "kind=person", index.Query{ActorKind: index.Person, Sort: index.SortNewest, Page: 1, Size: 20, Highlight: true}},
		{"sort oldest", "q=x&sort=oldest", index.Query{Text: "x", Sort: index.SortOldest, Page: 1, Size: 20, Highlight: true}},
		{"page and size", "page=3&size=50", index.Query{Sort: index.SortNewest, Page: 3, Size: 50, Highlight: true}},
		{"last page of the window", "page=500", index.Query{Sort: index.SortNewest, Page: 500, Size: 20, Highlight: true}},
		{"largest size", "size=100&page=100", index.Query{Sort: index.SortNewest, Page: 100, Size: 100, Highlight: true}},
		{"longest q", "q=" + strings.Repeat("a", index.MaxQueryLength), index.Query{Text: strings.Repeat("a", index.MaxQueryLength), Sort: index.SortRelevance, Page: 1, Size: 20, Highlight: true}},
		{"every topic", "topic=" + strings.Join(extract.TopicSlugs(), "&topic="), index.Query{Topics: extract.TopicSlugs(), Sort: index.SortNewest, Page: 1, Size: 20, Highlight: true}},
	}
	for _, tc := range good {
		for _, path := range []string{"/search", "/api/search"} {
			t.Run(tc.name+" "+path, func(t *testing.T) {
				ts := newTestServer(t, &fakeSearcher{})
				rec := ts.get(t, path+"?"+tc.query)
				if rec.Code != http.StatusOK {
					t.Fatalf("status = %d, want 200; body:\n%s", rec.Code, rec.Body)
				}
				got, ok := ts.fake.lastQuery()
				if !ok {
					t.Fatal("searcher was not called")
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("query:\n got %+v\nwant %+v", got, tc.want)
				}
			})
		}
	}

	bad := []struct {
		name      string
		query     string
		wantParam string
		wantMsg   string
	}{
		{"page zero", "page=0", "page", "page must be a whole number from 1 to 500"},
		{"page words", "page=two", "page", "page must be a whole number from 1 to 500"},
		{"page past window", "page=501", "page", "page must be a whole number from 1 to 500"},
		{"page past window with size", "size=100&page=101", "page", "page must be a whole number from 1 to 100 (with 100 results per page)"},
		{"page overflow", "page=99999999999999999999999", "page", "page must be a whole number from 1 to 500"},
		{"size zero", "size=0", "size", "size must be a whole number from 1 to 100"},
		{"size too big", "size=101", "size", "size must be a whole number from 1 to 100"},
		{"size fraction", "size=2.5", "size", "size must be a whole number from 1 to 100"},
		{"sort unknown", "sort=best", "sort", "sort must be relevance, newest or oldest"},
		{"kind unknown", "kind=animal", "kind", "kind must be person, organization or place"},
		{"kind twice", "kind=person&kind=place", "kind", "give kind only once; this address has it 2 times"},
		{"from bad", "from=2020-13-01", "from", "from must be a date like 2024-03-15 (year-month-day)"},
		{"to bad", "to=yesterday", "to", "to must be a date like 2024-03-15 (year-month-day)"},
		{"to before from", "from=2021-01-01&to=2020-01-01", "to", "to (2020-01-01) must not be before from (2021-01-01)"},
		{"date bad", "date=87", "date", "date must be a year like 2024 or a month like 2024-03"},
		{"date day", "date=2024-03-01", "date", "date must be a year like 2024 or a month like 2024-03"},
		{"date with from", "date=2024&from=2024-01-01", "date", "use either date or from/to, not both"},
		{"q twice", "q=a&q=b", "q", "give q only once; this address has it 2 times"},
		{"page twice", "page=1&page=2", "page", "give page only once; this address has it 2 times"},
		{"q too long", "q=" + strings.Repeat("a", index.MaxQueryLength+1), "q", "the query is 1001 bytes long; the limit is 1000"},
	}
	for _, tc := range bad {
		t.Run(tc.name+" json", func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{})
			rec := ts.get(t, "/api/search?"+tc.query)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400; body:\n%s", rec.Code, rec.Body)
			}
			var got ErrorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("decoding %s: %v", rec.Body, err)
			}
			want := ErrorResponse{Error: ErrorBody{Code: "bad_query", Message: tc.wantMsg, Param: tc.wantParam}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("error body:\n got %+v\nwant %+v", got, want)
			}
			if _, called := ts.fake.lastQuery(); called {
				t.Error("searcher was called for a bad request")
			}
		})
		t.Run(tc.name+" html", func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{})
			doc := ts.page(t, "/search?"+tc.query, http.StatusBadRequest)
			if got := strings.TrimSpace(doc.Find(".error .message").Text()); got != tc.wantMsg {
				t.Errorf("message = %q, want %q", got, tc.wantMsg)
			}
			if got := doc.Find(".error .status").Text(); got != "400" {
				t.Errorf("status shown = %q, want 400", got)
			}
		})
	}
}
