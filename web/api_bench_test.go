package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
)

// benchIndex builds a real index in a temporary folder from small made-up
// wire stories with actors, topics and dates (300 of them, 100 with
// -short), so that searches return full pages of hits, highlights, facets
// and a histogram.
func benchIndex(b *testing.B) *bleve.Index {
	b.Helper()
	ix, err := bleve.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	n := 300
	if testing.Short() {
		n = 100
	}
	places := []string{"Iran", "Israel", "Egypt", "Jordan", "Lebanon", "Syria", "Iraq", "Turkey"}
	people := []string{"Joe Biden", "Antony Blinken", "Lloyd Austin", "Benjamin Netanyahu", "Yoav Gallant"}
	orgs := []string{"Hamas", "Hezbollah", "United Nations", "OPEC"}
	topics := []string{"politics", "conflict", "economy", "energy", "diplomacy"}
	arts := make([]index.Article, n)
	for i := range arts {
		p, q := places[i%len(places)], places[(i+3)%len(places)]
		arts[i] = index.Article{
			ID:    fmt.Sprintf("b%d", i),
			Title: fmt.Sprintf("%s and %s talks resume, story %d", p, q, i),
			Body: fmt.Sprintf("Officials from %s met their counterparts from %s on Tuesday, %s said, as %s urged restraint.\n\n"+
				"The talks, the %dth this year, turned on oil exports and the border; %s did not attend.",
				p, q, people[i%len(people)], orgs[i%len(orgs)], i, people[(i+2)%len(people)]),
			Source:    "Wire",
			Published: time.Date(2020+i%5, time.Month(1+i%12), 1+i%28, 9, 0, 0, 0, time.UTC),
			Actors: []index.Actor{
				{Name: p, Kind: index.Place}, {Name: q, Kind: index.Place},
				{Name: people[i%len(people)], Kind: index.Person}, {Name: orgs[i%len(orgs)], Kind: index.Organization},
			},
			Topics: []string{topics[i%len(topics)], topics[(i+1)%len(topics)]},
		}
	}
	if _, err := ix.Put(context.Background(), arts); err != nil {
		b.Fatal(err)
	}
	return ix
}

// benchSearches are the API requests the benchmarks send: a word, a
// phrase with a facet filter, and everything, newest first.
var benchSearches = []struct{ name, query string }{
	{"word", "q=iran"},
	{"phrase-filter", "q=%22oil+exports%22&actor=Israel&topic=conflict"},
	{"all-newest", "sort=newest"},
}

// BenchmarkSearchResponseJSON converts the results of a search to the
// API's form and encodes them as the /api/search handler does, without
// the search itself.
func BenchmarkSearchResponseJSON(b *testing.B) {
	ix := benchIndex(b)
	for _, bs := range benchSearches {
		v, err := url.ParseQuery(bs.query)
		if err != nil {
			b.Fatal(err)
		}
		p, err := parseSearch(v)
		if err != nil {
			b.Fatal(err)
		}
		res, err := ix.Search(context.Background(), p.query)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Hits) == 0 {
			b.Fatalf("%s: no hits", bs.query)
		}
		b.Run(bs.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := json.NewEncoder(io.Discard).Encode(searchResponse(p, res)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAPISearch sends GET /api/search through the real router and a
// real index: parameters, search, facets, highlights and encoding.
func BenchmarkAPISearch(b *testing.B) {
	h := New(benchIndex(b), slog.New(slog.NewTextHandler(io.Discard, nil))).Handler()
	for _, bs := range benchSearches {
		b.Run(bs.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?"+bs.query, nil))
				if rec.Code != http.StatusOK {
					b.Fatalf("GET /api/search?%s: %d %s", bs.query, rec.Code, rec.Body)
				}
			}
		})
	}
}
