package web_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
)

// TestDatesBeyondTheIndex sends dates beyond what the index can compare
// (1677-12-01 to 2262-04-11) in every form the search takes, to every
// endpoint that searches: each is a search, never a 500, that finds the
// articles the dates name, counting only dated articles as any date
// bound does.
func TestDatesBeyondTheIndex(t *testing.T) {
	undated := index.Article{ID: "p3", Title: "Undated note", Body: "A note without a date.", Source: "Wire"}
	h := indexHandler(t, append(slices.Clone(plainArticles), undated))
	// plainArticles are dated 1987-02-26 and 1987-03-02.
	tests := []struct {
		query string // raw query string, already encoded
		want  int
	}{
		{"", 3},
		{"to=9999-12-31", 2},
		{"to=2262-04-11", 2},
		{"to=2262-04-10", 2},
		{"from=1677-09-23", 2},
		{"from=1677-09-22", 2},
		{"from=1677-11-30", 2},
		{"from=0001-01-01", 2},
		{"from=0000-01-01", 2},
		{"from=0001-01-01&to=9999-12-31", 2},
		{"from=1987-03-01&to=9999-12-31", 1},
		{"from=0001-01-01&to=1987-02-28", 1},
		{"from=0001-01-01&to=0001-01-01", 0},
		{"to=0001-01-01", 0},
		{"to=1677-09-21", 0},
		{"from=2262-04-12", 0},
		{"from=9999-12-31", 0},
		{"from=9999-12-31&to=9999-12-31", 0},
		{"date=0001", 0},
		{"date=0001-01", 0},
		{"date=0000", 0},
		{"date=9999", 0},
		{"date=9999-12", 0},
		{"date=1987", 2},
		{"sort=oldest&to=9999-12-31", 2},
		{"sort=newest&from=0001-01-01", 2},
		{"q=" + url.QueryEscape("date:9999"), 0},
		{"q=" + url.QueryEscape("date:0001"), 0},
		{"q=" + url.QueryEscape("date:<0001"), 0},
		{"q=" + url.QueryEscape("date:{* TO 0001-01-01}"), 0},
		{"q=" + url.QueryEscape("date:>2262-04-11"), 0},
		{"q=" + url.QueryEscape("date:>=0001"), 2},
		{"q=" + url.QueryEscape("date:[* TO 9999]"), 2},
		{"q=" + url.QueryEscape("date:[1600 TO 9999-12-31]"), 2},
		{"q=" + url.QueryEscape("date:[1987-03 TO 9999]"), 1},
		{"q=" + url.QueryEscape("oil date:<=9999-12-31"), 1},
	}
	count := map[string]func(t *testing.T, body string) int{
		"/api/search": func(t *testing.T, body string) int {
			var res struct {
				Total int `json:"total"`
			}
			if err := json.Unmarshal([]byte(body), &res); err != nil {
				t.Fatalf("decoding %.300s: %v", body, err)
			}
			return res.Total
		},
		"/search": func(t *testing.T, body string) int {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			return hitCount(doc)
		},
		"/search.atom": func(t *testing.T, body string) int {
			var feed struct {
				Entries []struct{} `xml:"entry"`
			}
			if err := xml.Unmarshal([]byte(body), &feed); err != nil {
				t.Fatalf("decoding %.300s: %v", body, err)
			}
			return len(feed.Entries)
		},
		"/export.csv": func(t *testing.T, body string) int {
			rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
			if err != nil || len(rows) == 0 {
				t.Fatalf("decoding %.300s: %v, %d rows", body, err, len(rows))
			}
			return len(rows) - 1 // the header
		},
		"/export.jsonl": func(t *testing.T, body string) int { return strings.Count(body, "\n") },
	}
	for _, tc := range tests {
		for _, path := range []string{"/search", "/api/search", "/search.atom", "/export.csv", "/export.jsonl"} {
			t.Run(path+"?"+tc.query, func(t *testing.T) {
				rec := serve(h, path+"?"+tc.query)
				if rec.Code != http.StatusOK {
					t.Fatalf("status = %d, want 200; body: %.300s", rec.Code, rec.Body)
				}
				if got := count[path](t, rec.Body.String()); got != tc.want {
					t.Errorf("%d articles, want %d", got, tc.want)
				}
			})
		}
	}
	// The API says back the dates it was given, whatever they are.
	for _, raw := range []string{"from=0001-01-01&to=0001-01-01", "from=0000-01-01&to=9999-12-31", "to=2262-04-11"} {
		t.Run("echo "+raw, func(t *testing.T) {
			rec := serve(h, "/api/search?"+raw)
			var res struct {
				Query struct {
					From string `json:"from"`
					To   string `json:"to"`
				} `json:"query"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
				t.Fatalf("status %d, decoding %.300s: %v", rec.Code, rec.Body, err)
			}
			v, _ := url.ParseQuery(raw)
			if res.Query.From != v.Get("from") || res.Query.To != v.Get("to") {
				t.Errorf("query echo from %q to %q, want from %q to %q", res.Query.From, res.Query.To, v.Get("from"), v.Get("to"))
			}
		})
	}
}
