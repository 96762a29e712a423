package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
)

// monthHistogram is March to June 1987 with an empty April.
func monthHistogram() index.Histogram {
	b := func(period string, from time.Time, n int) index.Bucket {
		return index.Bucket{Period: period, From: from, To: from.AddDate(0, 1, -1), Count: n}
	}
	return index.Histogram{
		Interval: "month",
		Buckets: []index.Bucket{
			b("1987-03", day("1987-03-01"), 123),
			b("1987-04", day("1987-04-01"), 0),
			b("1987-05", day("1987-05-01"), 1),
			b("1987-06", day("1987-06-01"), 40),
		},
		Undated: 2,
	}
}

func TestChart(t *testing.T) {
	res := sampleResults()
	res.Histogram = monthHistogram()
	ts := newTestServer(t, &fakeSearcher{results: res})
	doc := ts.page(t, "/search?q=oil&date=1987&page=2", http.StatusOK)
	svg := doc.Find("svg.histogram")
	if svg.Length() != 1 {
		t.Fatalf("found %d charts, want 1", svg.Length())
	}
	t.Run("accessible", func(t *testing.T) {
		// A group, not an image: an image may not hold the bars' links.
		if got := svg.AttrOr("role", ""); got != "group" {
			t.Errorf("role = %q, want group", got)
		}
		want := "Articles per month from March 1987 to June 1987; most in March 1987 (123)"
		if got := svg.AttrOr("aria-label", ""); got != want {
			t.Errorf("aria-label = %q, want %q", got, want)
		}
		if got := svg.AttrOr("viewBox", ""); got != "0 0 720 132" {
			t.Errorf("viewBox = %q, want 0 0 720 132", got)
		}
		var rows []string
		doc.Find(".chart table tbody tr").Each(func(_ int, s *goquery.Selection) {
			rows = append(rows, s.Find("th").Text()+"="+s.Find("td").Text())
		})
		want2 := []string{"March 1987=123", "April 1987=0", "May 1987=1", "June 1987=40"}
		if !reflect.DeepEqual(rows, want2) {
			t.Errorf("fallback table = %v, want %v", rows, want2)
		}
		if got := doc.Find(".chart .undated").Text(); got != "2 articles without a date not shown." {
			t.Errorf("undated note = %q", got)
		}
	})
	tests := []struct {
		period    string
		wantTitle string
		wantDate  string
	}{
		{"1987-03", "March 1987: 123 articles", "1987-03"},
		{"1987-05", "May 1987: 1 article", "1987-05"},
		{"1987-06", "June 1987: 40 articles", "1987-06"},
	}
	for _, tc := range tests {
		t.Run("bar "+tc.period, func(t *testing.T) {
			bar := svg.Find(fmt.Sprintf(`a.bar[data-period=%q]`, tc.period))
			if bar.Length() != 1 {
				t.Fatalf("found %d bars, want 1", bar.Length())
			}
			if got := bar.Find("title").Text(); got != tc.wantTitle {
				t.Errorf("title = %q, want %q", got, tc.wantTitle)
			}
			q := query(t, bar.AttrOr("href", ""))
			if q.Get("date") != tc.wantDate || q.Get("q") != "oil" || q.Has("page") {
				t.Errorf("bar link = %v, want date=%s, q kept, page reset", q, tc.wantDate)
			}
			h := bar.Find("rect.fill").AttrOr("height", "")
			if h == "" || h == "0" {
				t.Errorf("bar height = %q, want visible", h)
			}
		})
	}
	t.Run("empty period is not a link", func(t *testing.T) {
		if n := svg.Find(`a.bar[data-period="1987-04"]`).Length(); n != 0 {
			t.Errorf("found %d links for the empty April, want 0", n)
		}
		if n := svg.Find(`g.bar.empty[data-period="1987-04"]`).Length(); n != 1 {
			t.Errorf("found %d empty April bars, want 1", n)
		}
	})
	t.Run("tallest bar fills the plot", func(t *testing.T) {
		if got := svg.Find(`a.bar[data-period="1987-03"] rect.fill`).AttrOr("height", ""); got != "110" {
			t.Errorf("March height = %q, want 110", got)
		}
	})
}

func TestChartIntervals(t *testing.T) {
	days := index.Histogram{Interval: "day"}
	for i := range 3 {
		d := day("2024-03-14").AddDate(0, 0, i)
		days.Buckets = append(days.Buckets, index.Bucket{Period: d.Format(dayLayout), From: d, To: d, Count: i + 1})
	}
	years := index.Histogram{Interval: "year"}
	for y := 1980; y < 2020; y++ {
		d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		years.Buckets = append(years.Buckets, index.Bucket{Period: fmt.Sprint(y), From: d, To: d.AddDate(1, 0, -1), Count: y - 1979})
	}
	months := index.Histogram{Interval: "month"}
	for i := range 60 {
		d := day("2000-01-01").AddDate(0, i, 0)
		months.Buckets = append(months.Buckets, index.Bucket{Period: d.Format("2006-01"), From: d, To: d.AddDate(0, 1, -1), Count: 5})
	}
	tests := []struct {
		name      string
		h         index.Histogram
		period    string
		wantTitle string
		wantQuery map[string]string
		wantTicks []string
	}{
		{"day", days, "2024-03-15", "15 March 2024: 2 articles", map[string]string{"from": "2024-03-15", "to": "2024-03-15"}, []string{"14 Mar", "15 Mar", "16 Mar"}},
		{"year", years, "1987", "1987: 8 articles", map[string]string{"date": "1987"}, []string{"1980", "1985", "1990", "1995", "2000", "2005", "2010", "2015"}},
		{"many months", months, "2001-07", "July 2001: 5 articles", map[string]string{"date": "2001-07"}, []string{"2000", "2001", "2002", "2003", "2004"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := sampleResults()
			res.Histogram = tc.h
			ts := newTestServer(t, &fakeSearcher{results: res})
			doc := ts.page(t, "/search?from=1900-01-01", http.StatusOK)
			bar := doc.Find(fmt.Sprintf(`svg.histogram a.bar[data-period=%q]`, tc.period))
			if got := bar.Find("title").Text(); got != tc.wantTitle {
				t.Errorf("title = %q, want %q", got, tc.wantTitle)
			}
			q := query(t, bar.AttrOr("href", ""))
			for k, v := range tc.wantQuery {
				if q.Get(k) != v {
					t.Errorf("bar link %s = %q, want %q (link %v)", k, q.Get(k), v, q)
				}
			}
			if _, ok := tc.wantQuery["from"]; !ok && q.Has("from") {
				t.Errorf("bar link keeps from: %v", q)
			}
			if got := texts(doc.Find("svg.histogram text.tick")); !reflect.DeepEqual(got, tc.wantTicks) {
				t.Errorf("ticks = %v, want %v", got, tc.wantTicks)
			}
		})
	}
}

func TestNoChartWithoutDates(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{results: sampleResults()})
	doc := ts.page(t, "/search", http.StatusOK)
	if n := doc.Find("svg.histogram, section.chart").Length(); n != 0 {
		t.Errorf("found %d chart elements, want none", n)
	}
}

func TestAPIHistogram(t *testing.T) {
	tests := []struct {
		name string
		h    index.Histogram
		want Histogram
	}{
		{"months", monthHistogram(), Histogram{Interval: "month", Undated: 2, Buckets: []HistogramBucket{
			{Period: "1987-03", From: "1987-03-01", To: "1987-03-31", Count: 123},
			{Period: "1987-04", From: "1987-04-01", To: "1987-04-30", Count: 0},
			{Period: "1987-05", From: "1987-05-01", To: "1987-05-31", Count: 1},
			{Period: "1987-06", From: "1987-06-01", To: "1987-06-30", Count: 40},
		}}},
		{"none", index.Histogram{}, Histogram{Buckets: []HistogramBucket{}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := sampleResults()
			res.Histogram = tc.h
			ts := newTestServer(t, &fakeSearcher{results: res})
			rec := ts.get(t, "/api/search?q=oil")
			var raw map[string]json.RawMessage
			if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
				t.Fatal(err)
			}
			var got Histogram
			if err := json.Unmarshal(raw["histogram"], &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("histogram:\n got %+v\nwant %+v", got, tc.want)
			}
			if !strings.Contains(string(raw["histogram"]), `"buckets":[`) {
				t.Errorf("buckets not a list: %s", raw["histogram"])
			}
		})
	}
}

// facetValue finds the link of one facet value.
func facetValue(doc *goquery.Document, facet, value string) *goquery.Selection {
	return doc.Find(fmt.Sprintf(`.facet-value[data-facet=%q][data-value=%q]`, facet, value))
}

func TestFacetDrillDown(t *testing.T) {
	res := sampleResults()
	res.Facets.Actor = []index.FacetValue{
		{Value: "Joe Biden", Count: 12, Kind: index.Person, Selected: true},
		{Value: "Ali Khamenei", Count: 9, Kind: index.Person, Selected: true},
		{Value: "Benjamin Netanyahu", Count: 30, Kind: index.Person},
		{Value: "Hamas", Count: 4, Kind: index.Organization, Excluded: true},
	}
	res.Facets.Topic = []index.FacetValue{{Value: "economy", Count: 7}, {Value: "politics", Count: 3}}
	ts := newTestServer(t, &fakeSearcher{results: res})
	doc := ts.page(t, "/search?q=oil&actor=Joe+Biden&actor=Ali+Khamenei&not_actor=Hamas&topic=economy&page=2", http.StatusOK)

	t.Run("another value of the facet is added", func(t *testing.T) {
		q := query(t, facetValue(doc, "actor", "Benjamin Netanyahu").AttrOr("href", ""))
		if got, want := q["actor"], []string{"Joe Biden", "Ali Khamenei", "Benjamin Netanyahu"}; !reflect.DeepEqual(got, want) {
			t.Errorf("actors = %v, want %v", got, want)
		}
		if q.Has("page") || q.Get("not_actor") != "Hamas" {
			t.Errorf("link %v must keep the exclusion and reset page", q)
		}
	})
	t.Run("selected value is removed", func(t *testing.T) {
		sel := facetValue(doc, "actor", "Joe Biden")
		if !sel.HasClass("selected") {
			t.Error("Joe Biden not marked selected")
		}
		if got := ts.press(t, doc, sel)["actor"]; !reflect.DeepEqual(got, []string{"Ali Khamenei"}) {
			t.Errorf("actors after removing = %v, want [Ali Khamenei]", got)
		}
	})
	t.Run("exclude links", func(t *testing.T) {
		tests := []struct {
			facet, value  string
			wantIn, param string
			wantNot       []string
			wantKept      []string
		}{
			{"actor", "Benjamin Netanyahu", "actor", "not_actor", []string{"Hamas", "Benjamin Netanyahu"}, []string{"Joe Biden", "Ali Khamenei"}},
			{"actor", "Joe Biden", "actor", "not_actor", []string{"Hamas", "Joe Biden"}, []string{"Ali Khamenei"}},
			{"topic", "politics", "topic", "not_topic", []string{"politics"}, []string{"economy"}},
		}
		for _, tc := range tests {
			t.Run(tc.value, func(t *testing.T) {
				// A chosen value's is a button of the search form.
				link := doc.Find(fmt.Sprintf(`.facet-exclude[data-facet=%q][data-value=%q]`, tc.facet, tc.value))
				if link.Length() != 1 {
					t.Fatalf("found %d exclude links, want 1", link.Length())
				}
				if got := link.AttrOr("aria-label", ""); got != "Exclude "+tc.value {
					t.Errorf("aria-label = %q", got)
				}
				var q url.Values
				if link.Is("button") {
					q = ts.press(t, doc, link)
				} else {
					q = query(t, link.AttrOr("href", ""))
				}
				if got := q[tc.param]; !reflect.DeepEqual(got, tc.wantNot) {
					t.Errorf("%s = %v, want %v", tc.param, got, tc.wantNot)
				}
				if got := q[tc.wantIn]; !reflect.DeepEqual(got, tc.wantKept) {
					t.Errorf("%s = %v, want %v", tc.wantIn, got, tc.wantKept)
				}
			})
		}
	})
	t.Run("excluded value", func(t *testing.T) {
		ex := facetValue(doc, "actor", "Hamas")
		if !ex.HasClass("excluded") {
			t.Error("Hamas not marked excluded")
		}
		if q := ts.press(t, doc, ex); q.Has("not_actor") {
			t.Errorf("excluded value link %v should stop excluding", q)
		}
		if n := doc.Find(`a.facet-exclude[data-value="Hamas"]`).Length(); n != 0 {
			t.Errorf("excluded value has %d exclude links, want 0", n)
		}
	})
	t.Run("any-of note", func(t *testing.T) {
		if got := texts(doc.Find(".facet-actor .any-of")); !reflect.DeepEqual(got, []string{"Any of the 2 selected"}) {
			t.Errorf("actor note = %v", got)
		}
		if n := doc.Find(".facet-topic .any-of").Length(); n != 0 {
			t.Errorf("topic facet with one selection has %d notes, want 0", n)
		}
	})
	t.Run("chips", func(t *testing.T) {
		items := texts(doc.Find("ul.chips > li"))
		want := []string{"actor: Joe Biden ×", "or", "actor: Ali Khamenei ×", "and", "topic: economy ×", "and", "not: Hamas ×"}
		if !reflect.DeepEqual(items, want) {
			t.Errorf("chips = %v, want %v", items, want)
		}
		if n := doc.Find("ul.chips li.chip").Length(); n != 4 {
			t.Errorf("found %d chips, want 4", n)
		}
		notChip := doc.Find("ul.chips li.chip.excluded button.remove")
		if q := ts.press(t, doc, notChip); q.Has("not_actor") || len(q["actor"]) != 2 {
			t.Errorf("removing the not chip = %v", q)
		}
		if got := doc.Find(".filters-note").Text(); !strings.Contains(got, "All filters apply") {
			t.Errorf("filters note = %q", got)
		}
	})
	t.Run("filter box is hidden without script", func(t *testing.T) {
		box := doc.Find(".facet-actor .facet-filter-box")
		if _, hidden := box.Attr("hidden"); !hidden {
			t.Error("facet filter box not hidden")
		}
		id := box.Find("input").AttrOr("id", "")
		if id == "" || box.Find(`label[for="`+id+`"]`).Length() != 1 {
			t.Error("facet filter input has no label")
		}
	})
	t.Run("searcher got the exclusions", func(t *testing.T) {
		q, _ := ts.fake.lastQuery()
		if !reflect.DeepEqual(q.NotActors, []string{"Hamas"}) || q.NotTopics != nil {
			t.Errorf("query exclusions = %v, %v; want [Hamas], none", q.NotActors, q.NotTopics)
		}
	})
}

func TestFacetLongLists(t *testing.T) {
	res := sampleResults()
	res.Facets.Actor = nil
	for i := range 14 {
		res.Facets.Actor = append(res.Facets.Actor, index.FacetValue{Value: fmt.Sprintf("Person %02d", i), Count: 100 - i, Kind: index.Person})
	}
	res.Facets.Actor = append(res.Facets.Actor, index.FacetValue{Value: "Place", Count: 1, Kind: index.Place})
	tests := []struct {
		name     string
		target   string
		wantOpen bool
	}{
		{"folded", "/search", false},
		{"open when a folded value is chosen", "/search?actor=Person+12", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{results: res})
			doc := ts.page(t, tc.target, http.StatusOK)
			people := doc.Find(".facet-actor > ul").First()
			if n := people.Find(".facet-value").Length(); n != facetShown {
				t.Errorf("%d people shown, want %d", n, facetShown)
			}
			more := doc.Find(".facet-actor details.more")
			if more.Length() != 1 {
				t.Fatalf("found %d disclosures, want 1 (the places fit)", more.Length())
			}
			if got := strings.TrimSpace(more.Find("summary").Text()); got != "Show 4 more" {
				t.Errorf("summary = %q, want Show 4 more", got)
			}
			if got := texts(more.Find(".facet-value .label")); !reflect.DeepEqual(got, []string{"Person 10", "Person 11", "Person 12", "Person 13"}) {
				t.Errorf("folded = %v", got)
			}
			if _, open := more.Attr("open"); open != tc.wantOpen {
				t.Errorf("open = %v, want %v", open, tc.wantOpen)
			}
		})
	}
}

func TestTopActors(t *testing.T) {
	res := sampleResults()
	// The list ranks Results.TopActors (counted within the results), not
	// the facet, whose counts leave the facet's own selections out.
	res.Facets.Actor = []index.FacetValue{{Value: "Facet only", Count: 999, Kind: index.Person}}
	res.TopActors = []index.FacetValue{{Value: "Small", Count: 5, Kind: index.Place}, {Value: "Gone", Count: 50, Excluded: true}}
	for i := range 12 {
		res.TopActors = append(res.TopActors, index.FacetValue{Value: fmt.Sprintf("A%02d", i), Count: 200 - 10*i, Kind: index.Person})
	}
	ts := newTestServer(t, &fakeSearcher{results: res})
	doc := ts.page(t, "/search?q=oil&actor=A01&not_actor=Gone", http.StatusOK)
	items := doc.Find("ol.top-actors li")
	if items.Length() != 10 {
		t.Fatalf("%d top actors, want 10", items.Length())
	}
	if got := doc.Find(".top-actors-section h2").Text(); got != "Who dominates this coverage" {
		t.Errorf("heading = %q", got)
	}
	tests := []struct {
		i                        int
		label, count, width, add string
	}{
		{0, "A00", "200", "100%", "A00"},
		{1, "A01", "190", "95%", "A01"},
		{9, "A09", "110", "55%", "A09"},
	}
	for _, tc := range tests {
		t.Run(tc.label, func(t *testing.T) {
			a := items.Eq(tc.i).Find("a")
			if got := a.Find(".label").Text(); got != tc.label {
				t.Errorf("label = %q, want %q", got, tc.label)
			}
			if got := a.Find(".count").Text(); got != tc.count {
				t.Errorf("count = %q, want %q", got, tc.count)
			}
			if got := a.Find("rect").AttrOr("width", ""); got != tc.width {
				t.Errorf("bar width = %q, want %q", got, tc.width)
			}
			q := query(t, a.AttrOr("href", ""))
			if !strings.Contains(strings.Join(q["actor"], "|"), tc.add) || q.Get("q") != "oil" {
				t.Errorf("link = %v, want %s added to the search", q, tc.add)
			}
		})
	}
	if !items.Eq(1).Find("a").HasClass("selected") {
		t.Error("chosen actor A01 not marked")
	}
	if strings.Contains(items.Text(), "Gone") {
		t.Error("an excluded actor is ranked")
	}
	if strings.Contains(items.Text(), "Facet only") {
		t.Error("the facet's values are ranked instead of the results' top actors")
	}
}

func TestHitParagraphLink(t *testing.T) {
	res := sampleResults()
	res.Hits[0].Para, res.Hits[0].Section = 3, "Markets"
	res.Hits[1].Para = -1
	ts := newTestServer(t, &fakeSearcher{results: res})
	doc := ts.page(t, "/search?q=oil", http.StatusOK)
	first := doc.Find("ol.hits > li.hit").First()
	link := first.Find(".snippet a.snippet-link")
	href := link.AttrOr("href", "")
	if !strings.HasPrefix(href, "/articles/a1?") || !strings.HasSuffix(href, "#p3") || query(t, href).Get("q") != "oil" {
		t.Errorf("snippet link = %q, want /articles/a1?q=oil#p3", href)
	}
	if link.Find("mark").Length() != 1 {
		t.Error("snippet link lost its mark")
	}
	if got := first.Find(".section").Text(); got != "in section: Markets" {
		t.Errorf("section = %q", got)
	}
	if n := doc.Find("ol.hits > li.hit").Eq(1).Find(".snippet-link, .section").Length(); n != 0 {
		t.Errorf("hit without a paragraph has %d paragraph links, want 0", n)
	}
}

func TestSearchPageLinks(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{results: sampleResults()})
	doc := ts.page(t, "/search?q=oil&topic=economy&sort=oldest&page=2&size=10", http.StatusOK)
	tests := []struct {
		selector string
		path     string
		want     map[string]string
		absent   []string
	}{
		{`link[rel=alternate][type="application/atom+xml"]`, "/search.atom", map[string]string{"q": "oil", "topic": "economy"}, []string{"sort", "page", "size"}},
		{`a[href^="/search.atom"]`, "/search.atom", map[string]string{"q": "oil", "topic": "economy"}, []string{"sort", "page", "size"}},
		{`a[href^="/export.csv"]`, "/export.csv", map[string]string{"q": "oil", "topic": "economy", "sort": "oldest"}, []string{"page", "size"}},
		{`a[href^="/export.jsonl"]`, "/export.jsonl", map[string]string{"q": "oil", "topic": "economy", "sort": "oldest"}, []string{"page", "size"}},
		{`link[rel=search][type="application/opensearchdescription+xml"]`, "/opensearch.xml", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.selector, func(t *testing.T) {
			sel := doc.Find(tc.selector)
			if sel.Length() != 1 {
				t.Fatalf("found %d, want 1", sel.Length())
			}
			href := sel.AttrOr("href", "")
			if !strings.HasPrefix(href, tc.path) {
				t.Errorf("href = %q, want %s...", href, tc.path)
			}
			q := query(t, href)
			for k, v := range tc.want {
				if q.Get(k) != v {
					t.Errorf("%s = %q, want %q", k, q.Get(k), v)
				}
			}
			for _, k := range tc.absent {
				if q.Has(k) {
					t.Errorf("link has %s: %v", k, q)
				}
			}
		})
	}
	if got := strings.Join(strings.Fields(doc.Find(".export").Text()), " "); got != "Export up to 10,000 results: CSV · JSON Lines" {
		t.Errorf("export line = %q", got)
	}
	t.Run("hooks", func(t *testing.T) {
		for _, sel := range []string{`form[role=search] input#q[name=q]`, `form[role=search] button[type=submit]`, `#suggestions[role=listbox]`, `a.skip[href="#results"]`, `#results`, `script[src^="/assets/app."][defer]`} {
			if doc.Find(sel).Length() != 1 {
				t.Errorf("no %s", sel)
			}
		}
		if got := doc.Find(`[data-testid=total]`).Text(); !strings.Contains(got, "45 articles") {
			t.Errorf("total = %q", got)
		}
	})
	t.Run("headings do not skip levels", func(t *testing.T) {
		last := 0
		doc.Find("h1, h2, h3, h4, h5, h6").Each(func(_ int, s *goquery.Selection) {
			level := int(goquery.NodeName(s)[1] - '0')
			if level > last+1 {
				t.Errorf("%s %q follows h%d", goquery.NodeName(s), strings.TrimSpace(s.Text()), last)
			}
			last = level
		})
	})
	t.Run("every input is labelled", func(t *testing.T) {
		doc.Find("input:not([type=hidden])").Each(func(_ int, s *goquery.Selection) {
			id := s.AttrOr("id", "")
			if _, ok := s.Attr("aria-label"); !ok && (id == "" || doc.Find(`label[for="`+id+`"]`).Length() == 0) {
				t.Errorf("input %q has no label", id)
			}
		})
	})
}

func TestExclusionParams(t *testing.T) {
	good := []struct {
		query             string
		wantNot, wantNotT []string
	}{
		{"not_actor=Hamas&not_actor=Iran&not_actor=Hamas&not_actor=", []string{"Hamas", "Iran"}, nil},
		{"not_topic=sport&actor=Iran", nil, []string{"sport"}},
	}
	for _, tc := range good {
		t.Run(tc.query, func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{})
			if rec := ts.get(t, "/api/search?"+tc.query); rec.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", rec.Code)
			}
			q, _ := ts.fake.lastQuery()
			if !reflect.DeepEqual(q.NotActors, tc.wantNot) || !reflect.DeepEqual(q.NotTopics, tc.wantNotT) {
				t.Errorf("exclusions = %v, %v; want %v, %v", q.NotActors, q.NotTopics, tc.wantNot, tc.wantNotT)
			}
		})
	}
	bad := []struct{ query, param string }{
		{"actor=Iran&not_actor=Iran", "not_actor"},
		{"topic=sport&not_topic=sport", "not_topic"},
	}
	for _, tc := range bad {
		t.Run(tc.query, func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{})
			rec := ts.get(t, "/api/search?"+tc.query)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400", rec.Code)
			}
			var got ErrorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.Error.Param != tc.param || got.Error.Code != "bad_query" {
				t.Errorf("error = %+v, want bad_query on %s", got.Error, tc.param)
			}
		})
	}
}
