package web

import (
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
)

// yearsHistogram is one bucket a year from first to last, with the counts
// given and the other years empty.
func yearsHistogram(first, last int, counts map[int]int) index.Histogram {
	h := index.Histogram{Interval: index.IntervalYear}
	for y := first; y <= last; y++ {
		d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		h.Buckets = append(h.Buckets, index.Bucket{Period: strconv.Itoa(y), From: d, To: d.AddDate(1, 0, -1), Count: counts[y]})
	}
	return h
}

// daysHistogram is every day of a month, with the counts given by day.
func daysHistogram(month string, counts map[int]int) index.Histogram {
	h := index.Histogram{Interval: index.IntervalDay, Chosen: true}
	start := day(month + "-01")
	for d := start; d.Month() == start.Month(); d = d.AddDate(0, 0, 1) {
		h.Buckets = append(h.Buckets, index.Bucket{Period: d.Format(dayLayout), From: d, To: d, Count: counts[d.Day()]})
	}
	return h
}

func TestChartColumns(t *testing.T) {
	sparse := yearsHistogram(1987, 2022, map[int]int{1987: 9000, 2018: 40, 2019: 55, 2020: 60, 2021: 30, 2022: 12})
	chosenSparse := sparse
	chosenSparse.Chosen = true
	tests := []struct {
		name string
		h    index.Histogram
		want string // bars as their first bucket, gaps as first-last
	}{
		{"empty years collapse into one gap", sparse, "0 1-30 31 32 33 34 35"},
		{"a short run of empty years stays", yearsHistogram(2000, 2010, map[int]int{2000: 1, 2005: 1, 2010: 1}), "0 1 2 3 4 5 6 7 8 9 10"},
		{"a run as long as gapMinRun collapses", yearsHistogram(2000, 2006, map[int]int{2000: 1, 2006: 1}), "0 1-5 6"},
		{"several gaps", yearsHistogram(1950, 2000, map[int]int{1950: 1, 1970: 2, 1971: 1, 2000: 3}), "0 1-19 20 21 22-49 50"},
		{"a chosen range shows every period", chosenSparse, ""},
		{"a chosen month shows every day", daysHistogram("1987-02", map[int]int{26: 5}), ""},
		{"no buckets", index.Histogram{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			for i, c := range columns(tc.h) {
				if i > 0 {
					got += " "
				}
				if c.gap {
					got += fmt.Sprintf("%d-%d", c.first, c.last)
				} else {
					got += strconv.Itoa(c.first)
				}
			}
			want := tc.want
			if want == "" && tc.h.Chosen {
				for i := range tc.h.Buckets {
					if i > 0 {
						want += " "
					}
					want += strconv.Itoa(i)
				}
			}
			if got != want {
				t.Errorf("columns = %q, want %q", got, want)
			}
		})
	}
}

func TestGapLabel(t *testing.T) {
	b := func(period string, from time.Time) index.Bucket { return index.Bucket{Period: period, From: from} }
	tests := []struct {
		interval string
		from, to index.Bucket
		want     string
	}{
		{"year", b("1988", day("1988-01-01")), b("2017", day("2017-01-01")), "1988–2017"},
		{"month", b("1987-04", day("1987-04-01")), b("1987-08", day("1987-08-01")), "Apr–Aug 1987"},
		{"month", b("1987-11", day("1987-11-01")), b("1988-04", day("1988-04-01")), "Nov 1987–Apr 1988"},
		{"day", b("1987-03-03", day("1987-03-03")), b("1987-03-09", day("1987-03-09")), "3–9 Mar"},
		{"day", b("1987-02-26", day("1987-02-26")), b("1987-03-09", day("1987-03-09")), "26 Feb–9 Mar"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := gapLabel(tc.interval, tc.from, tc.to); got != tc.want {
				t.Errorf("gapLabel = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestChartSparseYears draws a 1987–2022 chart whose middle thirty years
// are empty: they become one labelled gap, and the bars around it share
// the rest of the width.
func TestChartSparseYears(t *testing.T) {
	res := sampleResults()
	res.Histogram = yearsHistogram(1987, 2022, map[int]int{1987: 9000, 2018: 40, 2019: 55, 2020: 60, 2021: 30, 2022: 12})
	ts := newTestServer(t, &fakeSearcher{results: res})
	doc := ts.page(t, "/search?q=oil", http.StatusOK)
	svg := doc.Find("svg.histogram")

	gap := svg.Find("g.gap")
	if gap.Length() != 1 {
		t.Fatalf("found %d gaps, want 1", gap.Length())
	}
	if got := gap.Find("text.gap-label").Text(); got != "1988–2017" {
		t.Errorf("gap label = %q, want 1988–2017", got)
	}
	if got := gap.Find("title").Text(); got != "1988 to 2017: no articles" {
		t.Errorf("gap title = %q", got)
	}
	if n := svg.Find(".bar").Length(); n != 6 {
		t.Errorf("found %d bars, want 6 (1987 and 2018–2022)", n)
	}
	if n := svg.Find("line.axis").Length(); n != 2 {
		t.Errorf("found %d axis segments, want 2, broken at the gap", n)
	}
	// Six bars share what the gap leaves: (720-30)/6 = 115 units each,
	// less the space between bars, where 36 bars would have 20 each.
	w, err := strconv.ParseFloat(svg.Find(`a.bar[data-period="2020"] rect.fill`).AttrOr("width", ""), 64)
	if err != nil || w < 90 {
		t.Errorf("bar width = %v (%v), want at least 90", w, err)
	}
	if got := texts(svg.Find("text.tick")); !reflect.DeepEqual(got, []string{"1987", "2018", "2019", "2020", "2021", "2022"}) {
		t.Errorf("ticks = %v", got)
	}
	var rows []string
	doc.Find(".chart table tbody tr").Each(func(_ int, s *goquery.Selection) {
		rows = append(rows, s.Find("th").Text()+"="+s.Find("td").Text())
	})
	wantRows := []string{"1987=9,000", "1988–2017=0", "2018=40", "2019=55", "2020=60", "2021=30", "2022=12"}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("table = %v, want %v", rows, wantRows)
	}
}

// TestChartMinorTicks checks which axis labels give way on a narrow
// screen: none of four or fewer, every other one of more.
func TestChartMinorTicks(t *testing.T) {
	all := func(n int) map[int]int {
		m := map[int]int{}
		for y := 2000; y < 2000+n; y++ {
			m[y] = 1
		}
		return m
	}
	tests := []struct {
		name  string
		years int
		want  []bool
	}{
		{"three years", 3, []bool{false, false, false}},
		{"four years", 4, []bool{false, false, false, false}},
		{"six years", 6, []bool{false, true, false, true, false, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := chart(searchParams{}, yearsHistogram(2000, 2000+tc.years-1, all(tc.years)))
			var got []bool
			for _, tick := range c.Ticks {
				got = append(got, tick.Minor)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("minor ticks = %v, want %v", got, tc.want)
			}
		})
	}
}
