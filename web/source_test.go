package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
)

// TestSourceFacetLinks checks what the search page makes of the source
// facet's values: each link, button and chip says the search it leads to.
func TestSourceFacetLinks(t *testing.T) {
	res := sampleResults()
	res.Facets.Source = []index.FacetValue{
		{Value: "Reuters", Count: 30, Selected: true},
		{Value: "BBC News", Count: 15},
		{Value: "AP", Count: 0, Excluded: true},
	}
	ts := newTestServer(t, &fakeSearcher{results: res})
	doc := ts.page(t, "/search?q=oil&source=Reuters&not_source=AP&topic=economy&page=2", http.StatusOK)

	t.Run("the box", func(t *testing.T) {
		box := doc.Find("section.facet-source")
		if got := box.Find("h2").Text(); got != "Sources" {
			t.Errorf("heading = %q, want Sources", got)
		}
		if got := texts(box.Find(".facet-value .label")); !reflect.DeepEqual(got, []string{"Reuters", "BBC News", "excluded: AP"}) {
			t.Errorf("values = %v, want [Reuters, BBC News, excluded: AP]", got)
		}
		if got := texts(box.Find(".facet-value .count")); !reflect.DeepEqual(got, []string{"30", "15", "0"}) {
			t.Errorf("counts = %v, want [30 15 0]", got)
		}
		if n := box.Find(".any-of").Length(); n != 0 {
			t.Errorf("one selected source has %d any-of notes, want 0", n)
		}
	})
	t.Run("another source is added", func(t *testing.T) {
		q := query(t, facetValue(doc, "source", "BBC News").AttrOr("href", ""))
		if got, want := q["source"], []string{"Reuters", "BBC News"}; !reflect.DeepEqual(got, want) {
			t.Errorf("source = %v, want %v", got, want)
		}
		if q.Has("page") || q.Get("not_source") != "AP" || q.Get("topic") != "economy" || q.Get("q") != "oil" {
			t.Errorf("link %v must keep the other filters and reset page", q)
		}
	})
	t.Run("the selected source is removed", func(t *testing.T) {
		sel := facetValue(doc, "source", "Reuters")
		if !sel.HasClass("selected") {
			t.Error("Reuters not marked selected")
		}
		q := ts.press(t, doc, sel)
		if q.Has("source") || q.Get("not_source") != "AP" || q.Has("page") {
			t.Errorf("after removing Reuters: %v, want no source, AP still excluded, no page", q)
		}
	})
	t.Run("exclusion", func(t *testing.T) {
		tests := []struct {
			value       string
			wantSources []string
			wantNot     []string
		}{
			{"Reuters", nil, []string{"AP", "Reuters"}},
			{"BBC News", []string{"Reuters"}, []string{"AP", "BBC News"}},
		}
		for _, tc := range tests {
			t.Run(tc.value, func(t *testing.T) {
				ex := doc.Find(fmt.Sprintf(`.facet-exclude[data-facet="source"][data-value=%q]`, tc.value))
				if ex.Length() != 1 {
					t.Fatalf("found %d exclude controls, want 1", ex.Length())
				}
				var q url.Values
				if ex.Is("button") {
					q = ts.press(t, doc, ex)
				} else {
					q = query(t, ex.AttrOr("href", ""))
				}
				if got := q["source"]; !reflect.DeepEqual(got, tc.wantSources) {
					t.Errorf("source = %v, want %v", got, tc.wantSources)
				}
				if got := q["not_source"]; !reflect.DeepEqual(got, tc.wantNot) {
					t.Errorf("not_source = %v, want %v", got, tc.wantNot)
				}
			})
		}
		ap := facetValue(doc, "source", "AP")
		if !ap.HasClass("excluded") {
			t.Error("AP not marked excluded")
		}
		if q := ts.press(t, doc, ap); q.Has("not_source") || q.Get("source") != "Reuters" {
			t.Errorf("the excluded value's button gives %v, want AP no longer excluded", q)
		}
	})
	t.Run("chips", func(t *testing.T) {
		items := texts(doc.Find("ul.chips > li"))
		want := []string{"topic: economy ×", "and", "source: Reuters ×", "and", "not source: AP ×"}
		if !reflect.DeepEqual(items, want) {
			t.Errorf("chips = %v, want %v", items, want)
		}
		remove := doc.Find("ul.chips li.chip button.remove[value='source=Reuters']")
		if q := ts.press(t, doc, remove); q.Has("source") || q.Get("not_source") != "AP" {
			t.Errorf("removing the source chip = %v", q)
		}
	})
	t.Run("a hit's source narrows to it", func(t *testing.T) {
		src := doc.Find("ol.hits > li.hit").First().Find("a.source")
		if got := strings.TrimSpace(src.Text()); got != "Reuters" {
			t.Fatalf("hit source = %q, want a Reuters link", got)
		}
		if q := query(t, src.AttrOr("href", "")); !reflect.DeepEqual(q["source"], []string{"Reuters"}) || q.Get("q") != "oil" || q.Has("page") {
			t.Errorf("source link = %v, want the search with source Reuters once, on page 1", q)
		}
		if n := doc.Find("ol.hits > li.hit").Eq(1).Find(".source").Length(); n != 0 {
			t.Errorf("a hit without a source shows %d sources", n)
		}
	})
	t.Run("the form keeps the filters", func(t *testing.T) {
		got := url.Values{}
		doc.Find(`form.search input[type=hidden]`).Each(func(_ int, s *goquery.Selection) {
			got.Add(s.AttrOr("name", ""), s.AttrOr("value", ""))
		})
		if got.Get("source") != "Reuters" || got.Get("not_source") != "AP" {
			t.Errorf("hidden fields = %v, want source and not_source", got)
		}
	})
	t.Run("the searcher got the filters", func(t *testing.T) {
		q, _ := ts.fake.lastQuery()
		if !reflect.DeepEqual(q.Sources, []string{"Reuters"}) || !reflect.DeepEqual(q.NotSources, []string{"AP"}) {
			t.Errorf("query sources = %v, not %v; want [Reuters], [AP]", q.Sources, q.NotSources)
		}
	})
	t.Run("feed and exports carry the filters", func(t *testing.T) {
		for _, sel := range []string{`a.feed`, `.export a`} {
			doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
				q := query(t, s.AttrOr("href", ""))
				if q.Get("source") != "Reuters" || q.Get("not_source") != "AP" {
					t.Errorf("%s link %q lacks the source filters", sel, s.AttrOr("href", ""))
				}
			})
		}
	})
}

func TestSourceNotes(t *testing.T) {
	res := sampleResults()
	res.Facets.Source = []index.FacetValue{{Value: "Reuters", Count: 30, Selected: true}, {Value: "BBC", Count: 15, Selected: true}}
	ts := newTestServer(t, &fakeSearcher{results: res})
	doc := ts.page(t, "/search?source=Reuters&source=BBC", http.StatusOK)
	if got := texts(doc.Find(".facet-source .any-of")); !reflect.DeepEqual(got, []string{"Any of the 2 selected"}) {
		t.Errorf("source note = %v", got)
	}
	if got := texts(doc.Find("ul.chips > li")); !reflect.DeepEqual(got, []string{"source: Reuters ×", "or", "source: BBC ×"}) {
		t.Errorf("chips = %v", got)
	}

	// A source filter is a filter that an empty page offers to drop.
	empty := sampleResults()
	empty.Total, empty.Hits = 0, nil
	ts = newTestServer(t, &fakeSearcher{results: empty})
	doc = ts.page(t, "/search?q=oil&not_source=BBC", http.StatusOK)
	if got := attrs(doc.Find("ul.suggestions a"), "href"); len(got) == 0 || got[0] != "/search?q=oil" {
		t.Errorf("suggestions = %v, want the words without the source filter first", got)
	}

	// Without values the box is left out, as the topics' is.
	res.Facets.Source = nil
	ts = newTestServer(t, &fakeSearcher{results: res})
	if n := ts.page(t, "/search", http.StatusOK).Find(".facet-source").Length(); n != 0 {
		t.Errorf("%d source boxes without sources, want 0", n)
	}
}

func TestSourceParams(t *testing.T) {
	good := []struct {
		query         string
		wantSources   []string
		wantNot       []string
		wantEchoed    []string
		wantNotEchoed []string
	}{
		{"source=BBC&source=Reuters&source=BBC&source=", []string{"BBC", "Reuters"}, nil, []string{"BBC", "Reuters"}, []string{}},
		{"not_source=" + url.QueryEscape("BBC News") + "&source=Reuters", []string{"Reuters"}, []string{"BBC News"}, []string{"Reuters"}, []string{"BBC News"}},
		{"q=oil", nil, nil, []string{}, []string{}},
	}
	for _, tc := range good {
		t.Run(tc.query, func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{results: sampleResults()})
			rec := ts.get(t, "/api/search?"+tc.query)
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", rec.Code)
			}
			q, _ := ts.fake.lastQuery()
			if !reflect.DeepEqual(q.Sources, tc.wantSources) || !reflect.DeepEqual(q.NotSources, tc.wantNot) {
				t.Errorf("query sources = %v, not %v; want %v, %v", q.Sources, q.NotSources, tc.wantSources, tc.wantNot)
			}
			var got SearchResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Query.Source, tc.wantEchoed) || !reflect.DeepEqual(got.Query.NotSource, tc.wantNotEchoed) {
				t.Errorf("echo source = %#v, not_source = %#v; want %#v, %#v", got.Query.Source, got.Query.NotSource, tc.wantEchoed, tc.wantNotEchoed)
			}
		})
	}
	t.Run("a source both required and excluded", func(t *testing.T) {
		ts := newTestServer(t, &fakeSearcher{})
		rec := ts.get(t, "/api/search?source=BBC&not_source=BBC")
		if rec.Code != http.StatusBadRequest {
			t.Fatalf("status = %d, want 400", rec.Code)
		}
		var got ErrorResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Error.Param != "not_source" || !strings.Contains(got.Error.Message, `"BBC" cannot be both required and excluded`) {
			t.Errorf("error = %+v, want one on not_source naming BBC", got.Error)
		}
	})
}

func TestFeedTitleNamesSources(t *testing.T) {
	tests := []struct {
		query string
		want  string
	}{
		{"source=Reuters&source=BBC", "News archive: source Reuters or BBC"},
		{"q=oil&topic=economy&source=Reuters&not_source=BBC", "News archive: oil, topic economy, source Reuters, not source BBC"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			p, err := parseSearch(v)
			if err != nil {
				t.Fatal(err)
			}
			if got := feedTitle(p); got != tt.want {
				t.Errorf("feedTitle = %q, want %q", got, tt.want)
			}
		})
	}
}
