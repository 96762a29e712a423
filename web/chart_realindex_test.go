package web_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/web"
)

// TestChartOfChosenPeriodOnRealIndex checks that a month chosen in the
// date facet is charted as each of its days, and a year as each of its
// months, empty ones included, on the page and in the API.
func TestChartOfChosenPeriodOnRealIndex(t *testing.T) {
	srv := realServer(t)
	tests := []struct {
		date         string
		wantInterval string
		wantPeriods  int
		first, last  string
		wantLinks    []string // periods holding articles
	}{
		{"2024-06", "day", 30, "2024-06-01", "2024-06-30", []string{"2024-06-02"}},
		{"2024-04", "day", 30, "2024-04-01", "2024-04-30", []string{"2024-04-14"}},
		{"2024", "month", 12, "2024-01", "2024-12", []string{"2024-04", "2024-06"}},
	}
	for _, tc := range tests {
		t.Run("date="+tc.date, func(t *testing.T) {
			doc := getDoc(t, srv.URL+"/search?date="+tc.date)
			svg := doc.Find("svg.histogram")
			if got := svg.AttrOr("data-interval", ""); got != tc.wantInterval {
				t.Errorf("interval = %q, want %q", got, tc.wantInterval)
			}
			var periods []string
			svg.Find(".bar").Each(func(_ int, s *goquery.Selection) {
				periods = append(periods, s.AttrOr("data-period", ""))
			})
			if len(periods) != tc.wantPeriods || periods[0] != tc.first || periods[len(periods)-1] != tc.last {
				t.Fatalf("bars %v, want %d from %s to %s", periods, tc.wantPeriods, tc.first, tc.last)
			}
			if n := svg.Find("g.gap").Length(); n != 0 {
				t.Errorf("found %d gaps in a chosen period's chart, want every period drawn", n)
			}
			var links []string
			svg.Find("a.bar").Each(func(_ int, s *goquery.Selection) {
				links = append(links, s.AttrOr("data-period", ""))
			})
			if len(links) != len(tc.wantLinks) {
				t.Fatalf("linked bars %v, want %v", links, tc.wantLinks)
			}
			for i := range links {
				if links[i] != tc.wantLinks[i] {
					t.Errorf("linked bars %v, want %v", links, tc.wantLinks)
				}
			}
			// A day's bar narrows to that day and still finds its article.
			href := svg.Find("a.bar").First().AttrOr("href", "")
			if got := hitCount(getDoc(t, srv.URL+href)); got == 0 {
				t.Errorf("bar %s: no hits", href)
			}

			resp, err := http.Get(srv.URL + "/api/search?date=" + tc.date)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var got web.SearchResponse
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			h := got.Histogram
			if h.Interval != tc.wantInterval || len(h.Buckets) != tc.wantPeriods {
				t.Errorf("API histogram %s with %d buckets, want %s with %d", h.Interval, len(h.Buckets), tc.wantInterval, tc.wantPeriods)
			}
		})
	}
}
