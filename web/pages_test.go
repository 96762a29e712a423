package web

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
)

func sampleResults() index.Results {
	return index.Results{
		Total: 45,
		Took:  4200 * time.Microsecond,
		Page:  1,
		Size:  20,
		Hits: []index.Hit{
			{
				Article: index.Article{
					ID:        "a1",
					Title:     "Oil prices rise",
					Published: time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC),
					Source:    "Reuters",
					Actors:    []index.Actor{{Name: "OPEC", Kind: index.Organization}},
					Topics:    []string{"economy"},
				},
				Score: 1.5,
				Highlights: map[string][]index.Marked{
					"title": {marks("<mark>Oil</mark> prices rise")},
					"body":  {marks("… the price of <mark>oil</mark> &amp; gas …")},
				},
			},
			{
				Article: index.Article{ID: "a 2/x", Title: "Second story"},
			},
		},
		Facets: index.Facets{
			Actor: []index.FacetValue{
				{Value: "Joe Biden", Count: 12, Kind: index.Person, Selected: true},
				{Value: "OPEC", Count: 1200, Kind: index.Organization},
				{Value: "Tehran", Count: 3, Kind: index.Place},
			},
			Topic:  []index.FacetValue{{Value: "economy", Count: 7}},
			Source: []index.FacetValue{{Value: "Reuters", Count: 30}, {Value: "BBC News", Count: 15}},
			Date:   []index.FacetValue{{Value: "2023", Count: 4}, {Value: "2024", Count: 41}},
		},
	}
}

// query parses the query string of a link for comparison.
func query(t *testing.T, link string) url.Values {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("parsing link %q: %v", link, err)
	}
	return u.Query()
}

func TestSearchPage(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{results: sampleResults()})
	doc := ts.page(t, "/search?q=oil&actor=Joe+Biden&page=2&sort=newest", http.StatusOK)

	t.Run("search box prefilled with filters kept", func(t *testing.T) {
		if got, _ := doc.Find(`form.search input[name=q]`).Attr("value"); got != "oil" {
			t.Errorf("q value = %q, want %q", got, "oil")
		}
		got := map[string]string{}
		doc.Find(`form.search input[type=hidden]`).Each(func(_ int, s *goquery.Selection) {
			got[s.AttrOr("name", "")] = s.AttrOr("value", "")
		})
		want := map[string]string{"actor": "Joe Biden", "sort": "newest"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("hidden fields = %v, want %v", got, want)
		}
	})
	t.Run("summary", func(t *testing.T) {
		if got, want := doc.Find(".summary").Text(), "45 articles · 4.2 ms"; got != want {
			t.Errorf("summary = %q, want %q", got, want)
		}
	})
	t.Run("results", func(t *testing.T) {
		hits := doc.Find("ol.hits > li.hit")
		if hits.Length() != 2 {
			t.Fatalf("got %d hits, want 2", hits.Length())
		}
		first := hits.First()
		link := first.Find(".hit-title a")
		if got := link.Find("mark").Text(); got != "Oil" {
			t.Errorf("title mark = %q, want Oil", got)
		}
		href := link.AttrOr("href", "")
		if !strings.HasPrefix(href, "/articles/a1?") {
			t.Errorf("title link = %q, want /articles/a1?...", href)
		}
		if got := query(t, href); got.Get("q") != "oil" || got.Get("actor") != "Joe Biden" {
			t.Errorf("title link query = %v, want q=oil and actor=Joe Biden", got)
		}
		if got := first.Find("time").AttrOr("datetime", ""); got != "2024-03-05" {
			t.Errorf("datetime = %q, want 2024-03-05", got)
		}
		if got := first.Find(".source").Text(); got != "Reuters" {
			t.Errorf("source = %q, want Reuters", got)
		}
		snippet := first.Find(".snippet")
		if got := snippet.Find("mark").Text(); got != "oil" {
			t.Errorf("snippet mark = %q, want oil", got)
		}
		if got := strings.TrimSpace(snippet.Text()); got != "… the price of oil & gas …" {
			t.Errorf("snippet text = %q", got)
		}
		actor := first.Find("a.tag.actor.organization")
		if got := query(t, actor.AttrOr("href", ""))["actor"]; !reflect.DeepEqual(got, []string{"Joe Biden", "OPEC"}) {
			t.Errorf("actor tag adds %v, want [Joe Biden OPEC]", got)
		}
		if got := query(t, first.Find("a.tag.topic").AttrOr("href", "")).Get("topic"); got != "economy" {
			t.Errorf("topic tag = %q, want economy", got)
		}
		second := hits.Eq(1).Find(".hit-title a")
		if got := second.AttrOr("href", ""); !strings.HasPrefix(got, "/articles/a%202%2Fx?") {
			t.Errorf("escaped id link = %q", got)
		}
		if got := second.Text(); strings.TrimSpace(got) != "Second story" {
			t.Errorf("plain title = %q", got)
		}
	})
	t.Run("chips", func(t *testing.T) {
		chips := doc.Find(".chips .chip")
		if got := texts(chips.Find("span")); !reflect.DeepEqual(got, []string{"actor: Joe Biden"}) {
			t.Errorf("chips = %v", got)
		}
		want := url.Values{"q": {"oil"}, "sort": {"newest"}}
		if got := ts.press(t, doc, chips.Find("button.remove")); !reflect.DeepEqual(got, want) {
			t.Errorf("remove link query = %v, want %v", got, want)
		}
	})
	t.Run("sort links", func(t *testing.T) {
		links := doc.Find(".sorts a.sort")
		if got := texts(links); !reflect.DeepEqual(got, []string{"Relevance", "Newest", "Oldest"}) {
			t.Errorf("sort labels = %v", got)
		}
		if got := texts(doc.Find(".sorts a.active")); !reflect.DeepEqual(got, []string{"Newest"}) {
			t.Errorf("active sort = %v, want [Newest]", got)
		}
		for _, href := range attrs(links, "href") {
			q := query(t, href)
			if q.Get("page") != "" || q.Get("actor") != "Joe Biden" {
				t.Errorf("sort link %q must keep filters and reset page", href)
			}
		}
	})
	t.Run("facets", func(t *testing.T) {
		groups := texts(doc.Find(".facet-actor h3"))
		if !reflect.DeepEqual(groups, []string{"People", "Organizations", "Places"}) {
			t.Errorf("actor groups = %v", groups)
		}
		sel := doc.Find(".facet-actor .facet-value.selected")
		if got := texts(sel.Find(".label")); !reflect.DeepEqual(got, []string{"Joe Biden"}) {
			t.Errorf("selected actors = %v", got)
		}
		if got := ts.press(t, doc, sel); got.Has("actor") || got.Has("page") {
			t.Errorf("selected actor link %v must remove the actor and reset page", got)
		}
		opec := doc.Find(".facet-actor a.facet-value").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return s.Find(".label").Text() == "OPEC"
		})
		if got := opec.Find(".count").Text(); got != "1,200" {
			t.Errorf("OPEC count = %q, want 1,200", got)
		}
		if got := query(t, opec.AttrOr("href", ""))["actor"]; !reflect.DeepEqual(got, []string{"Joe Biden", "OPEC"}) {
			t.Errorf("OPEC link actors = %v", got)
		}
		topic := doc.Find(".facet-topic a.facet-value")
		if got := query(t, topic.AttrOr("href", "")).Get("topic"); got != "economy" {
			t.Errorf("topic link = %q", got)
		}
		if got := doc.Find(".facet-date h2").Text(); got != "Year" {
			t.Errorf("date heading = %q, want Year", got)
		}
		year := doc.Find(".facet-date a.facet-value").Last()
		if got := query(t, year.AttrOr("href", "")); got.Get("date") != "2024" || got.Has("page") {
			t.Errorf("year link = %v, want date=2024 without page", got)
		}
	})
	t.Run("pagination", func(t *testing.T) {
		p := doc.Find("nav.pager")
		if got := query(t, p.Find("a.prev").AttrOr("href", "")); got.Has("page") {
			t.Errorf("previous link %v should go to page 1 (no page param)", got)
		}
		if got := query(t, p.Find("a.next").AttrOr("href", "")).Get("page"); got != "3" {
			t.Errorf("next page = %q, want 3", got)
		}
		if got := texts(p.Find("a.page")); !reflect.DeepEqual(got, []string{"1", "2", "3"}) {
			t.Errorf("page numbers = %v, want [1 2 3]", got)
		}
		if got := texts(p.Find("a.page.active")); !reflect.DeepEqual(got, []string{"2"}) {
			t.Errorf("current page = %v, want [2]", got)
		}
	})
}

func TestSearchPageHome(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{results: sampleResults()})
	doc := ts.page(t, "/", http.StatusOK)
	q, _ := ts.fake.lastQuery()
	if q.Sort != index.SortNewest || q.Text != "" {
		t.Errorf("home query = %+v, want newest over everything", q)
	}
	if got := texts(doc.Find(".sorts a.sort")); !reflect.DeepEqual(got, []string{"Newest", "Oldest"}) {
		t.Errorf("sorts without words = %v, want [Newest Oldest]", got)
	}
	if n := doc.Find(".chips").Length(); n != 0 {
		t.Errorf("found %d chip lists, want none", n)
	}
	if n := doc.Find(".facet").Length(); n != 4 {
		t.Errorf("found %d facet sections, want 4", n)
	}
}

func TestSearchPagePagerWindow(t *testing.T) {
	res := sampleResults()
	res.Total = 1000
	tests := []struct {
		page string
		want []string
	}{
		{"1", []string{"1", "2", "3", "…", "50"}},
		{"10", []string{"1", "…", "8", "9", "10", "11", "12", "…", "50"}},
		{"50", []string{"1", "…", "48", "49", "50"}},
	}
	for _, tc := range tests {
		t.Run("page "+tc.page, func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{results: res})
			doc := ts.page(t, "/search?page="+tc.page, http.StatusOK)
			if got := texts(doc.Find("nav.pager a.page, nav.pager .gap")); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("pager = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSearchPageMonths(t *testing.T) {
	res := sampleResults()
	res.Facets.Date = []index.FacetValue{{Value: "2024-02", Count: 3}, {Value: "2024-03", Count: 5, Selected: true}}
	ts := newTestServer(t, &fakeSearcher{results: res})
	doc := ts.page(t, "/search?date=2024-03", http.StatusOK)
	if got := doc.Find(".facet-date h2").Text(); got != "Month of 2024" {
		t.Errorf("heading = %q, want Month of 2024", got)
	}
	links := doc.Find(".facet-date a.facet-value")
	if got := texts(links.Find(".label")); !reflect.DeepEqual(got, []string{"February", "March"}) {
		t.Errorf("labels = %v", got)
	}
	if got := query(t, links.Eq(0).AttrOr("href", "")).Get("date"); got != "2024-02" {
		t.Errorf("February link date = %q", got)
	}
	if got := query(t, links.Eq(1).AttrOr("href", "")).Get("date"); got != "2024" {
		t.Errorf("selected March link date = %q, want back up to 2024", got)
	}
	if got := texts(doc.Find(".chip span")); !reflect.DeepEqual(got, []string{"date: 2024-03"}) {
		t.Errorf("chips = %v", got)
	}
}

func TestSearchPageEmpty(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{results: index.Results{Page: 1, Size: 20}})
	doc := ts.page(t, "/search?q=zzz&topic=weather", http.StatusOK)
	if doc.Find(".empty").Length() != 1 {
		t.Fatal("no empty-result message")
	}
	links := attrs(doc.Find(".suggestions a"), "href")
	if len(links) == 0 || links[0] != "/search?q=zzz" {
		t.Errorf("suggestions = %v, want first /search?q=zzz", links)
	}
	if doc.Find("nav.pager").Length() != 0 {
		t.Error("pager shown for no results")
	}
	if got := doc.Find(".summary").Text(); got != "0 articles · 0.0 ms" {
		t.Errorf("summary = %q", got)
	}
}

func TestEscaping(t *testing.T) {
	const evil = `<script>alert("x")</script>`
	res := index.Results{Total: 1, Page: 1, Size: 20, Hits: []index.Hit{{Article: index.Article{
		ID: "x", Title: evil, Source: evil, Actors: []index.Actor{{Name: evil, Kind: index.Person}}, Topics: []string{evil},
	}}}}
	art := index.Article{ID: "x", Title: evil, Body: evil + "\n\n## " + evil, Authors: []string{evil}, URL: "javascript:alert(1)"}
	ts := newTestServer(t, &fakeSearcher{results: res, articles: map[string]index.Article{"x": art}})
	for _, target := range []string{"/search?q=" + url.QueryEscape(evil), "/articles/x"} {
		t.Run(target, func(t *testing.T) {
			doc := ts.page(t, target, http.StatusOK)
			if n := doc.Find(`script:not([src^="/assets/app."])`).Length(); n != 0 {
				t.Errorf("found %d script elements besides the app's, want 0", n)
			}
			if got := doc.Find("h1, .hit-title").Last().Text(); strings.TrimSpace(got) != evil {
				t.Errorf("title text = %q, want %q", got, evil)
			}
			for _, href := range attrs(doc.Find("a"), "href") {
				if strings.HasPrefix(strings.ToLower(href), "javascript:") {
					t.Errorf("link to %q", href)
				}
			}
		})
	}
}

// TestAlsoWrittenAs checks that the actor facet and the article page show
// an actor's other names, and that the facet's filter box matches them.
func TestAlsoWrittenAs(t *testing.T) {
	fake := &fakeSearcher{
		results: sampleResults(),
		actors: []index.ActorInfo{
			{Name: "OPEC", Kind: index.Organization, Aliases: []string{"Organization of Petroleum Exporting Countries"}},
		},
		articles: map[string]index.Article{
			"a1": {ID: "a1", Title: "Oil prices rise", Body: "OPEC met.", Actors: []index.Actor{{Name: "OPEC", Kind: index.Organization}, {Name: "Tehran", Kind: index.Place}}},
		},
	}
	ts := newTestServer(t, fake)
	doc := ts.page(t, "/search?q=oil", http.StatusOK)
	item := doc.Find(`li.facet-item[data-label^="OPEC"]`)
	if got, want := strings.TrimSpace(item.Find(".aka").Text()), "also Organization of Petroleum Exporting Countries"; got != want {
		t.Errorf("facet aka = %q, want %q", got, want)
	}
	if got, want := item.AttrOr("data-label", ""), "OPEC Organization of Petroleum Exporting Countries"; got != want {
		t.Errorf("facet data-label = %q, want %q", got, want)
	}
	if n := doc.Find(`li.facet-item[data-label="Tehran"] .aka`).Length(); n != 0 {
		t.Errorf("an actor without other names shows %d aka", n)
	}
	article := ts.page(t, "/articles/a1", http.StatusOK)
	if got, want := strings.TrimSpace(article.Find(".article-tags .aka").Text()), "also written as Organization of Petroleum Exporting Countries"; got != want {
		t.Errorf("article aka = %q, want %q", got, want)
	}
}

// TestPagePastTheEnd checks that a page past the last of the results says
// so and links the last page, rather than saying nothing matched.
func TestPagePastTheEnd(t *testing.T) {
	res := sampleResults()
	res.Hits = nil
	res.Total = 738
	ts := newTestServer(t, &fakeSearcher{results: res})
	doc := ts.page(t, "/search?q=oil+prices&page=100", http.StatusOK)
	empty := doc.Find(".empty")
	if got := strings.TrimSpace(empty.Find("strong").Text()); got != "Page 100 is past the end: these 738 articles end on page 37." {
		t.Errorf("message = %q", got)
	}
	link := empty.Find("a").AttrOr("href", "")
	if q := query(t, link); q.Get("page") != "37" || q.Get("q") != "oil prices" {
		t.Errorf("last page link = %q, want page 37 of the same search", link)
	}
	if strings.Contains(doc.Text(), "No articles match") {
		t.Error("the page says nothing matched")
	}
}

// TestFiltersLink checks the in-page links between the results and the
// facets that narrow screens show, which need no script.
func TestFiltersLink(t *testing.T) {
	tests := []struct {
		name      string
		res       index.Results
		target    string
		wantLabel string // "" for no link
	}{
		{"facets", sampleResults(), "/search?q=oil", "Filters"},
		{"with filters in use", sampleResults(), "/search?q=oil&topic=economy&date=1987", "Filters (2)"},
		{"no facets", index.Results{}, "/search?q=zzz", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{results: tc.res})
			doc := ts.page(t, tc.target, http.StatusOK)
			link := doc.Find(".toolbar a.filters-link")
			back := doc.Find("aside.facets a.back-to-results")
			if tc.wantLabel == "" {
				if link.Length()+back.Length() != 0 {
					t.Errorf("found %d filters links and %d back links without facets, want none", link.Length(), back.Length())
				}
				return
			}
			if got := link.Text(); got != tc.wantLabel {
				t.Errorf("filters link = %q, want %q", got, tc.wantLabel)
			}
			if got := link.AttrOr("href", ""); got != "#filters" {
				t.Errorf("filters link href = %q, want #filters", got)
			}
			if n := doc.Find("aside#filters.facets").Length(); n != 1 {
				t.Errorf("found %d facet asides with id filters, want 1", n)
			}
			if got := back.AttrOr("href", ""); got != "#results" || doc.Find("#results").Length() != 1 {
				t.Errorf("back link href = %q, want #results, which the page must have", got)
			}
		})
	}
}
