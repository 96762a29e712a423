package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/importer"
	"github.com/newsarchive/newsarchive/seeds"
	"github.com/newsarchive/newsarchive/web"
)

// realServer serves a real Bleve index on disk holding the seed story and a
// few wire stories, through the real router.
func realServer(t *testing.T) *httptest.Server {
	t.Helper()
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := importer.New(ix, ex).ImportFS(context.Background(), seeds.FS, seeds.Story); err != nil {
		t.Fatal(err)
	}
	wire := []index.Article{
		{ID: "w1", Title: "Israel weighs response to Iran", Body: "Israel and Iran traded threats as Washington urged restraint.", Source: "Wire",
			Published: time.Date(2024, 4, 14, 9, 0, 0, 0, time.UTC),
			Actors:    []index.Actor{{Name: "Israel", Kind: index.Place}, {Name: "Iran", Kind: index.Place}}, Topics: []string{"conflict"}},
		{ID: "w2", Title: "Iran oil exports fall", Body: "Iran shipped less oil in March, tanker data showed.", Source: "Wire",
			Published: time.Date(2024, 6, 2, 9, 0, 0, 0, time.UTC),
			Actors:    []index.Actor{{Name: "Iran", Kind: index.Place}}, Topics: []string{"economy"}},
	}
	if _, err := ix.Put(context.Background(), wire); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(ix, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	t.Cleanup(srv.Close)
	return srv
}

func getDoc(t *testing.T, url string) *goquery.Document {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", url, resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// facetHref finds the link of one facet value in the sidebar.
func facetHref(t *testing.T, doc *goquery.Document, section, label string) (string, int) {
	t.Helper()
	var href string
	var count int
	doc.Find("section.facet-" + section + " a.facet-value").Each(func(_ int, s *goquery.Selection) {
		if strings.TrimSpace(s.Find(".label").Text()) == label {
			href, _ = s.Attr("href")
			count, _ = strconv.Atoi(strings.TrimSpace(s.Find(".count").Text()))
		}
	})
	if href == "" {
		t.Fatalf("no %s facet value %q", section, label)
	}
	return href, count
}

func hitCount(doc *goquery.Document) int { return doc.Find("ol.hits > li.hit").Length() }

// TestDrillDownOnRealIndex follows the links a person would click: a
// search, a topic facet, then removing the chip, and checks that the page
// and the JSON API agree at every step.
func TestDrillDownOnRealIndex(t *testing.T) {
	srv := realServer(t)

	doc := getDoc(t, srv.URL+"/search?q=iran")
	if got := hitCount(doc); got != 3 {
		t.Fatalf("q=iran: %d hits, want 3 (the seed and two wire stories)", got)
	}
	if doc.Find("ol.hits mark").Length() == 0 {
		t.Error("q=iran: no <mark> in the results")
	}
	href, count := facetHref(t, doc, "topic", "economy")
	if count != 1 {
		t.Errorf("economy facet count = %d, want 1", count)
	}

	doc = getDoc(t, srv.URL+href)
	if got := hitCount(doc); got != count {
		t.Errorf("after clicking economy: %d hits, want the facet's count %d", got, count)
	}
	chip := doc.Find("ul.chips li.chip")
	if chip.Length() != 1 || !strings.Contains(chip.Text(), "economy") {
		t.Fatalf("chips = %q, want one economy chip", chip.Text())
	}
	if title := doc.Find("ol.hits .hit-title").Text(); !strings.Contains(title, "oil exports") {
		t.Errorf("hit title = %q, want the oil exports story", title)
	}

	// The JSON API answers the same URL's question the same way.
	var api struct {
		Total int `json:"total"`
	}
	resp, err := http.Get(srv.URL + "/api" + href)
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&api)
	resp.Body.Close()
	if api.Total != count {
		t.Errorf("API total for %s = %d, want %d", href, api.Total, count)
	}

	remove, _ := chip.Find("a.remove").Attr("href")
	doc = getDoc(t, srv.URL+remove)
	if got := hitCount(doc); got != 3 {
		t.Errorf("after removing the chip: %d hits, want 3 again", got)
	}
}

func TestArticlePageOnRealIndex(t *testing.T) {
	srv := realServer(t)
	doc := getDoc(t, srv.URL+"/search?q=gallant")
	link, ok := doc.Find("ol.hits .hit-title a").First().Attr("href")
	if !ok {
		t.Fatal("no result for gallant")
	}
	doc = getDoc(t, srv.URL+link)
	if got := doc.Find("h1").Text(); !strings.Contains(got, "diplomatic maneuver") {
		t.Errorf("h1 = %q, want the seed's title", got)
	}
	if got := doc.Find(".body h2").Length(); got != 4 {
		t.Errorf("%d section headings, want the seed's 4", got)
	}
	groups := map[string]string{}
	doc.Find("footer.article-tags h2").Each(func(_ int, h *goquery.Selection) {
		groups[h.Text()] = h.Next().Text()
	})
	for group, member := range map[string]string{"People": "Yoav Gallant", "Organizations": "Hezbollah", "Places": "Israel"} {
		if !strings.Contains(groups[group], member) {
			t.Errorf("actor group %q = %q, want %s in it", group, groups[group], member)
		}
	}
	if got := strings.ToLower(doc.Find("mark").First().Text()); got != "gallant" {
		t.Errorf("first mark = %q, want gallant", got)
	}
	var actors []string
	doc.Find("a[href*='actor=']").Each(func(_ int, s *goquery.Selection) { actors = append(actors, strings.TrimSpace(s.Text())) })
	if !strings.Contains(strings.Join(actors, "|"), "Yoav Gallant") {
		t.Errorf("actor links = %v, want Yoav Gallant among them", actors)
	}
}

// TestExplorationOnRealIndex checks the chart, paragraph links, suggestions and
// the article's neighbours against the real index, so the two sides agree
// on what they exchange.
func TestExplorationOnRealIndex(t *testing.T) {
	srv := realServer(t)

	t.Run("chart bars lead to their period", func(t *testing.T) {
		doc := getDoc(t, srv.URL+"/search")
		bar := doc.Find("svg.histogram a.bar").First()
		href, ok := bar.Attr("href")
		if !ok {
			t.Fatal("no chart bar")
		}
		want := strings.TrimSpace(strings.SplitN(bar.Find("title").Text(), ": ", 2)[1])
		doc = getDoc(t, srv.URL+href)
		if got := doc.Find("[data-testid=total]").Text(); !strings.HasPrefix(got, want) {
			t.Errorf("%s: total %q, want the bar's %q", href, got, want)
		}
	})
	t.Run("paragraph links", func(t *testing.T) {
		doc := getDoc(t, srv.URL+"/search?q=gallant")
		href, ok := doc.Find("ol.hits .snippet-link").First().Attr("href")
		if !ok {
			t.Fatal("no snippet link")
		}
		_, frag, _ := strings.Cut(href, "#")
		doc = getDoc(t, srv.URL+href)
		if p := doc.Find("article .body #" + frag); p.Find("mark").Length() == 0 {
			t.Errorf("%s: block %s has no highlighted word", href, frag)
		}
	})
	t.Run("suggestions", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/api/suggest?q=Gal")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var got struct {
			Suggestions []struct{ Type, Text, URL string }
		}
		if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range got.Suggestions {
			found = found || (s.Type == "actor" && s.Text == "Yoav Gallant" && s.URL == "/search?actor=Yoav+Gallant")
		}
		if !found {
			t.Errorf("suggestions = %+v, want Yoav Gallant", got.Suggestions)
		}
	})
	t.Run("article neighbours", func(t *testing.T) {
		doc := getDoc(t, srv.URL+"/articles/w1")
		if doc.Find("section.related li a").Length() == 0 {
			t.Error("no related articles for w1")
		}
		if doc.Find("section.co-actors a").Length() == 0 {
			t.Error("no co-occurring actors for w1")
		}
	})
}

func TestExportOnRealIndex(t *testing.T) {
	srv := realServer(t)
	tests := []struct {
		path  string
		ctype string
		count func(body string) int
	}{
		{"/export.jsonl?q=iran", "application/x-ndjson", func(b string) int { return strings.Count(strings.TrimSpace(b), "\n") + 1 }},
		{"/export.csv?q=iran", "text/csv", func(b string) int { return strings.Count(strings.TrimSpace(b), "\n") }}, // minus the header row
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := http.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("Content-Type = %q, want %s", ct, tt.ctype)
			}
			if got := tt.count(string(body)); got != 3 {
				t.Errorf("%d records, want the 3 articles that mention Iran:\n%s", got, body)
			}
		})
	}
}
