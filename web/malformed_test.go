package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/web"
)

// indexHandler serves articles from a real Bleve index in a temporary
// folder through the real router. It returns the handler rather than a
// listening server so requests larger than net/http's header limit still
// reach the archive's own code.
func indexHandler(t *testing.T, articles []index.Article) http.Handler {
	t.Helper()
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Put(t.Context(), articles); err != nil {
		t.Fatal(err)
	}
	return web.New(ix, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler()
}

// serve runs one GET through h.
func serve(h http.Handler, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

var plainArticles = []index.Article{
	{ID: "p1", Title: "Cocoa harvest improves", Body: "Showers helped the cocoa crop in Bahia.", Source: "Wire",
		Published: time.Date(1987, 2, 26, 0, 0, 0, 0, time.UTC), Topics: []string{"economy"},
		Actors: []index.Actor{{Name: "Brazil", Kind: index.Place}}},
	{ID: "p2", Title: "Oil prices fall", Body: "Crude oil fell as supply rose.", Source: "Wire",
		Published: time.Date(1987, 3, 2, 0, 0, 0, 0, time.UTC), Topics: []string{"economy"}},
}

// TestMalformedRequests sends every kind of bad search the archive can be
// given to the HTML page and the JSON API: each must answer 400 naming the
// parameter, with a message a person can act on, and never a 500.
func TestMalformedRequests(t *testing.T) {
	h := indexHandler(t, plainArticles)
	long := strings.Repeat("cocoa ", 200) // 1,200 bytes
	huge := strings.Repeat("a", 1<<20)
	tests := []struct {
		name  string
		query string // raw query string, already encoded
		param string // the parameter the error names
		msg   string // part of the message
	}{
		{"unbalanced quote", "q=" + url.QueryEscape(`"oil prices`), "q", "quote"},
		{"unclosed parenthesis", "q=" + url.QueryEscape("(oil OR gas"), "q", "missing closing parenthesis"},
		{"stray closing parenthesis", "q=" + url.QueryEscape("oil)"), "q", "closing parenthesis"},
		{"fuzziness too large", "q=" + url.QueryEscape("word~5"), "q", "fuzziness must be 0, 1 or 2"},
		{"negative boost", "q=" + url.QueryEscape("word^-1"), "q", "boost must be a number"},
		{"boost not a number", "q=" + url.QueryEscape("word^abc"), "q", "boost must be a number"},
		{"regular expression", "q=" + url.QueryEscape("/oil.*/"), "q", "regular expressions (/.../) are not supported"},
		{"range on a text field", "q=" + url.QueryEscape("title:[a TO b]"), "q", "ranges work only on dates"},
		{"leading wildcard", "q=" + url.QueryEscape("*oil"), "q", "cannot start with"},
		{"query over the limit", "q=" + url.QueryEscape(long), "q", "the limit is 1000"},
		{"query of a megabyte", "q=" + huge, "q", "the limit is 1000"},
		{"a thousand parentheses", "q=" + url.QueryEscape(strings.Repeat("(", 1000)+"oil"+strings.Repeat(")", 1000)), "q", "the limit is 1000"},
		{"deeply nested", "q=" + url.QueryEscape(strings.Repeat("(", 400)+"oil"+strings.Repeat(")", 400)), "q", "too many nested parentheses"},
		{"deeply nested, unclosed", "q=" + url.QueryEscape(strings.Repeat("(", 999)), "q", "too many nested parentheses"},
		{"many NOTs", "q=" + url.QueryEscape(strings.Repeat("NOT ", 200)+"oil"), "q", "too many NOTs"},
		{"operator alone", "q=AND", "q", "nothing"},
		{"negative page", "page=-1", "page", "page must be a whole number"},
		{"page not a number", "page=two", "page", "page must be a whole number"},
		{"deep paging", "page=1000&size=100", "page", "page must be a whole number from 1 to 100"},
		{"huge size", "size=100000", "size", "size must be a whole number from 1 to 100"},
		{"zero size", "size=0", "size", "size must be a whole number from 1 to 100"},
		{"unknown sort", "sort=popular", "sort", "sort must be relevance, newest or oldest"},
		{"impossible from", "from=2024-13-45", "from", "from must be a date like 2024-03-15"},
		{"to before from", "from=2024-03-01&to=2024-02-01", "to", "must not be before"},
		{"date not a period", "date=abcd", "date", "date must be a year"},
		{"date and from", "date=2024&from=2024-01-01", "date", "either date or from/to"},
		{"repeated q", "q=oil&q=gas", "q", "give q only once"},
		{"repeated page", "page=1&page=2", "page", "give page only once"},
		{"repeated sort", "sort=newest&sort=oldest", "sort", "give sort only once"},
		{"unknown kind", "kind=animal", "kind", "kind must be person, organization or place"},
		{"required and excluded", "actor=Brazil&not_actor=Brazil", "not_actor", "both required and excluded"},
	}
	for _, tc := range tests {
		t.Run(tc.name+"/json", func(t *testing.T) {
			rec := serve(h, "/api/search?"+tc.query)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400; body: %.300s", rec.Code, rec.Body)
			}
			var got web.ErrorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("decoding %.300s: %v", rec.Body, err)
			}
			if got.Error.Code != "bad_query" || got.Error.Param != tc.param || !strings.Contains(got.Error.Message, tc.msg) {
				t.Errorf("error = %+v, want code bad_query, param %q, a message with %q", got.Error, tc.param, tc.msg)
			}
		})
		t.Run(tc.name+"/html", func(t *testing.T) {
			rec := serve(h, "/search?"+tc.query)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400; body: %.300s", rec.Code, rec.Body)
			}
			doc, err := goquery.NewDocumentFromReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.Find(".error .message").Text(); !strings.Contains(got, tc.msg) {
				t.Errorf("message = %q, want it to say %q", got, tc.msg)
			}
		})
		for _, path := range []string{"/search.atom", "/export.csv", "/export.jsonl"} {
			t.Run(tc.name+path, func(t *testing.T) {
				if rec := serve(h, path+"?"+tc.query); rec.Code != http.StatusBadRequest {
					t.Errorf("status = %d, want 400; body: %.300s", rec.Code, rec.Body)
				}
			})
		}
	}
}

// TestOddButValidQueries checks that what looks like the malformed
// queries above but is not stays a search: a slash inside a word is text,
// not the start of a regular expression.
func TestOddButValidQueries(t *testing.T) {
	h := indexHandler(t, plainArticles)
	for _, q := range []string{"24/7", "/", "and/or", "AT&T", "C++", "cocoa~2", "cocoa^2.5", "coc*", `"oil prices"~3`, "date:[1987-01-01 TO *]", strings.Repeat("x", 1000)} {
		name := q
		if len(name) > 40 {
			name = fmt.Sprintf("%d bytes", len(q))
		}
		t.Run(name, func(t *testing.T) {
			if rec := serve(h, "/api/search?q="+url.QueryEscape(q)); rec.Code != http.StatusOK {
				t.Errorf("status = %d, want 200; body: %.300s", rec.Code, rec.Body)
			}
		})
	}
}

// TestMalformedElsewhere covers the other places that take a query: the
// suggestions answer 400 for what they cannot use, and an article page
// shows the article, unhighlighted, whatever q it was reached with.
func TestMalformedElsewhere(t *testing.T) {
	h := indexHandler(t, plainArticles)
	tests := []struct {
		target string
		status int
		param  string // for 400s, the parameter the JSON error names
	}{
		{"/api/suggest?q=", 400, "q"},
		{"/api/suggest?q=" + strings.Repeat("a", 101), 400, "q"},
		{"/api/suggest?q=co&q=oi", 400, "q"},
		{"/api/suggest?q=" + url.QueryEscape(`"(*~^`), 200, ""},
		{"/api/suggest/opensearch?q=", 200, ""},
		{"/articles/p1?q=" + url.QueryEscape("(cocoa"), 200, ""},
		{"/articles/p1?q=" + url.QueryEscape("/coc.a/"), 200, ""},
		{"/articles/p1?q=" + strings.Repeat("a", 1<<20), 200, ""},
		{"/articles/p1?q=a&q=b", 200, ""},
	}
	for _, tc := range tests {
		name := tc.target
		if len(name) > 60 {
			name = name[:60]
		}
		t.Run(name, func(t *testing.T) {
			rec := serve(h, tc.target)
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d; body: %.300s", rec.Code, tc.status, rec.Body)
			}
			if tc.param != "" {
				var got web.ErrorResponse
				if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Error.Param != tc.param || got.Error.Message == "" {
					t.Errorf("body = %.300s, want an error naming %q", rec.Body, tc.param)
				}
			}
			if strings.HasPrefix(tc.target, "/articles/") {
				doc, err := goquery.NewDocumentFromReader(rec.Body)
				if err != nil {
					t.Fatal(err)
				}
				if got := doc.Find("h1").Text(); got != plainArticles[0].Title {
					t.Errorf("h1 = %q, want the article's title", got)
				}
			}
		})
	}
}
