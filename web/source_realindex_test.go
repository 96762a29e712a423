package web_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/web"
)

// sourcedArticles come from three sources, one of which is another's
// name with a space in it, and one article names none.
func sourcedArticles() []index.Article {
	at := func(d int) time.Time { return time.Date(2024, 5, d, 9, 0, 0, 0, time.UTC) }
	return []index.Article{
		{ID: "r1", Title: "Oil prices climb", Body: "Oil rose as supply tightened.", Source: "Reuters", Published: at(1), Topics: []string{"economy"}},
		{ID: "r2", Title: "Oil output steady", Body: "Oil output held.", Source: "Reuters", Published: at(2), Topics: []string{"economy"}},
		{ID: "r3", Title: "Oil tanker seized", Body: "A tanker of oil was seized.", Source: "Reuters", Published: at(3), Topics: []string{"conflict"}},
		{ID: "b1", Title: "Oil and the budget", Body: "The budget counts on oil.", Source: "BBC", Published: at(4), Topics: []string{"economy"}},
		{ID: "b2", Title: "Oil spill on the coast", Body: "Oil reached the beaches.", Source: "BBC", Published: at(5), Topics: []string{"environment"}},
		{ID: "n1", Title: "Oil firms report", Body: "Oil firms reported profits.", Source: "BBC News", Published: at(6), Topics: []string{"economy"}},
		{ID: "x1", Title: "Oil notes", Body: "Oil, from nowhere in particular.", Published: at(7)},
	}
}

// sourceFacet reads the source facet box: each value's label and count,
// and whether it is chosen or excluded.
func sourceFacet(doc *goquery.Document) map[string]string {
	out := map[string]string{}
	doc.Find("section.facet-source .facet-value").Each(func(_ int, s *goquery.Selection) {
		state := ""
		switch {
		case s.HasClass("selected"):
			state = " selected"
		case s.HasClass("excluded"):
			state = " excluded"
		}
		out[s.AttrOr("data-value", "")] = strings.TrimSpace(s.Find(".count").Text()) + state
	})
	return out
}

// hitSources lists the sources of the hits, sorted: the searches rank
// by relevance, and what matters here is which articles they find.
func hitSources(doc *goquery.Document) []string {
	var out []string
	doc.Find("ol.hits > li.hit").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Find(".source").Text()))
	})
	slices.Sort(out)
	return out
}

// submit presses a button of the search form as a browser does and
// returns the address the server sends the browser on to.
func submit(t *testing.T, h http.Handler, doc *goquery.Document, button *goquery.Selection) string {
	t.Helper()
	if button.Length() != 1 || button.AttrOr("form", "") != "search-form" {
		t.Fatalf("found %d buttons of the search form, want 1", button.Length())
	}
	form := doc.Find("form#search-form")
	v := url.Values{}
	form.Find("input[name]").Each(func(_ int, s *goquery.Selection) { v.Add(s.AttrOr("name", ""), s.AttrOr("value", "")) })
	v.Add(button.AttrOr("name", ""), button.AttrOr("value", ""))
	rec := serve(h, form.AttrOr("action", "")+"?"+v.Encode())
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("pressing %q: status %d, want %d", button.AttrOr("value", ""), rec.Code, http.StatusSeeOther)
	}
	return rec.Header().Get("Location")
}

// TestSourceDrillDownOnRealIndex follows a reader through the source
// facet of a real index: drill down, widen to a second source, exclude
// one, drop the chips; and checks the API, the feed and the exports
// answer the same addresses alike.
func TestSourceDrillDownOnRealIndex(t *testing.T) {
	h := indexHandler(t, sourcedArticles())

	doc := fetchDoc(t, h, "/search?q=oil")
	if got, want := sourceFacet(doc), map[string]string{"Reuters": "3", "BBC": "2", "BBC News": "1"}; !maps.Equal(got, want) {
		t.Fatalf("source facet = %v, want %v (the unsourced article not counted)", got, want)
	}
	if got := doc.Find("section.facet-source h2").Text(); got != "Sources" {
		t.Errorf("facet heading = %q, want Sources", got)
	}

	// Drill down to BBC: the link's count is what the page then holds.
	bbc := doc.Find(`section.facet-source a.facet-value[data-value="BBC"]`)
	target := bbc.AttrOr("href", "")
	doc = fetchDoc(t, h, target)
	if got := hitSources(doc); !slices.Equal(got, []string{"BBC", "BBC"}) {
		t.Errorf("after choosing BBC, hits from %v, want BBC's 2", got)
	}
	if got := texts(doc.Find("ul.chips li.chip span")); !slices.Equal(got, []string{"source: BBC"}) {
		t.Errorf("chips = %v, want [source: BBC]", got)
	}
	// The facet leaves out its own choice: the others say what adding
	// them gives.
	if got, want := sourceFacet(doc), map[string]string{"Reuters": "3", "BBC": "2 selected", "BBC News": "1"}; !maps.Equal(got, want) {
		t.Errorf("source facet after choosing BBC = %v, want %v", got, want)
	}

	t.Run("the API answers the same address alike", func(t *testing.T) {
		rec := serve(h, "/api"+target)
		var got web.SearchResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatalf("%v: %s", err, rec.Body)
		}
		if got.Total != 2 || !slices.Equal(got.Query.Source, []string{"BBC"}) || len(got.Query.NotSource) != 0 || got.Query.NotSource == nil {
			t.Errorf("total %d, echo source %#v not_source %#v; want 2, [BBC], []", got.Total, got.Query.Source, got.Query.NotSource)
		}
		want := []web.FacetValue{{Value: "Reuters", Count: 3}, {Value: "BBC", Count: 2, Selected: true}, {Value: "BBC News", Count: 1}}
		if !slices.Equal(got.Facets.Source, want) {
			t.Errorf("facets.source = %+v, want %+v", got.Facets.Source, want)
		}
	})

	// Widen to BBC News as well: values of one facet are OR'ed.
	doc = fetchDoc(t, h, doc.Find(`section.facet-source a.facet-value[data-value="BBC News"]`).AttrOr("href", ""))
	if got := hitSources(doc); !slices.Equal(got, []string{"BBC", "BBC", "BBC News"}) {
		t.Errorf("BBC or BBC News: hits from %v", got)
	}
	if got := texts(doc.Find(".facet-source .any-of")); !slices.Equal(got, []string{"Any of the 2 selected"}) {
		t.Errorf("any-of note = %v", got)
	}

	// Exclude the chosen BBC: a button of the form, as it is chosen.
	doc = fetchDoc(t, h, submit(t, h, doc, doc.Find(`section.facet-source button.facet-exclude[data-value="BBC"]`)))
	if got := hitSources(doc); !slices.Equal(got, []string{"BBC News"}) {
		t.Errorf("BBC News but not BBC: hits from %v", got)
	}
	if got := texts(doc.Find("ul.chips li.chip span")); !slices.Equal(got, []string{"source: BBC News", "not source: BBC"}) {
		t.Errorf("chips = %v", got)
	}
	if got := sourceFacet(doc)["BBC"]; got != "0 excluded" {
		t.Errorf("BBC in the facet = %q, want 0 excluded", got)
	}

	// Dropping the BBC News chip leaves the exclusion: everything but BBC,
	// the unsourced article too.
	doc = fetchDoc(t, h, submit(t, h, doc, doc.Find(`ul.chips button.remove[value="source=BBC News"]`)))
	if got := hitSources(doc); !slices.Equal(got, []string{"", "BBC News", "Reuters", "Reuters", "Reuters"}) {
		t.Errorf("not BBC: hits from %v", got)
	}

	// An exclude link of a value not chosen, from the first page.
	doc = fetchDoc(t, h, "/search?q=oil")
	doc = fetchDoc(t, h, doc.Find(`section.facet-source a.facet-exclude[data-value="Reuters"]`).AttrOr("href", ""))
	if got := hitSources(doc); slices.Contains(got, "Reuters") || len(got) != 4 {
		t.Errorf("not Reuters: hits from %v, want the 4 others", got)
	}

	t.Run("feed and exports hold the chosen source only", func(t *testing.T) {
		rec := serve(h, "/export.csv?source=BBC&source=BBC+News&not_source=Reuters")
		rows, err := csv.NewReader(rec.Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range rows[1:] {
			ids = append(ids, r[0]+" "+r[3])
		}
		if want := []string{"n1 BBC News", "b2 BBC", "b1 BBC"}; !slices.Equal(ids, want) {
			t.Errorf("CSV rows = %v, want %v", ids, want)
		}

		rec = serve(h, "/export.jsonl?not_source=Reuters&not_source=BBC")
		dec := json.NewDecoder(rec.Body)
		var got []string
		for dec.More() {
			var a index.Article
			if err := dec.Decode(&a); err != nil {
				t.Fatal(err)
			}
			got = append(got, a.ID)
		}
		if want := []string{"x1", "n1"}; !slices.Equal(got, want) {
			t.Errorf("JSON Lines = %v, want %v", got, want)
		}

		rec = serve(h, "/search.atom?q=oil&source=Reuters")
		var feed struct {
			Title   string `xml:"title"`
			Entries []struct {
				Title string `xml:"title"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(rec.Body.Bytes(), &feed); err != nil {
			t.Fatalf("%v: %s", err, rec.Body)
		}
		if feed.Title != "News archive: oil, source Reuters" || len(feed.Entries) != 3 {
			t.Errorf("feed %q with %d entries, want Reuters' 3 named in the title", feed.Title, len(feed.Entries))
		}
	})

	t.Run("an article's source searches its source", func(t *testing.T) {
		doc := fetchDoc(t, h, "/articles/n1")
		href := doc.Find("article .meta a.source").AttrOr("href", "")
		if got := fetchDoc(t, h, href); !slices.Equal(hitSources(got), []string{"BBC News"}) {
			t.Errorf("%s: hits from %v, want BBC News alone", href, hitSources(got))
		}
	})
}
