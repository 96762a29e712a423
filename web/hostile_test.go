package web_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/web"
)

// Markup an article may carry, from a feed or an import, that a browser
// must never run.
const (
	scriptTag = `<script>alert(1)</script>`
	imgTag    = `<img src=x onerror=alert(1)>`
	attrBreak = `"' ><svg onload=alert(1)>`
	entities  = `&lt;b&gt; &amp; co`
	jsURL     = `javascript:alert(1)`
)

// hostileArticles hold markup in every field a page, feed or export shows.
// The words "cocoa" and "alert" are in the titles and bodies so that a
// search highlights right beside the markup.
func hostileArticles() []index.Article {
	return []index.Article{
		{
			ID:        "evil",
			Title:     "Cocoa alert " + scriptTag + " " + imgTag,
			Body:      "Cocoa alert " + scriptTag + " in the first paragraph.\n\n## Heading " + attrBreak + "\n\nSecond cocoa paragraph " + imgTag + " and " + entities + ".",
			Published: time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC),
			Source:    attrBreak,
			URL:       jsURL,
			Dateline:  entities,
			Authors:   []string{imgTag},
			Actors: []index.Actor{
				{Name: attrBreak, Kind: index.Person},
				{Name: imgTag, Kind: index.Organization},
				{Name: entities, Kind: index.Place},
			},
			Topics: []string{scriptTag},
		},
		{
			// Markup in the id and an http URL that breaks out of its
			// attribute if unescaped.
			ID:        `"><svg onload=alert(2)>`,
			Title:     "Cocoa alert follow-up " + attrBreak,
			Body:      "More cocoa alert " + attrBreak + " text.",
			Published: time.Date(2024, 3, 6, 10, 0, 0, 0, time.UTC),
			Source:    "Wire",
			URL:       `https://example.com/a"><script>alert(3)</script>`,
			Actors:    []index.Actor{{Name: attrBreak, Kind: index.Person}},
			Topics:    []string{scriptTag},
		},
	}
}

// checkInert fails when the document holds anything a browser would run
// besides the archive's own script file: a script element, an event
// handler attribute on any element, or a javascript: link.
func checkInert(t *testing.T, doc *goquery.Document) {
	t.Helper()
	if n := doc.Find(`script:not([src^="/assets/app."])`).Length(); n != 0 {
		t.Errorf("%d script elements besides the app's", n)
	}
	for _, sel := range []string{"img[onerror]", "svg[onload]", "svg svg", "img"} {
		if n := doc.Find(sel).Length(); n != 0 {
			t.Errorf("%d elements match %s", n, sel)
		}
	}
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("<%s> has an event handler %s=%q", goquery.NodeName(s), a.Key, a.Val)
			}
			if v := strings.ToLower(strings.TrimSpace(a.Val)); (a.Key == "href" || a.Key == "src" || a.Key == "action") && strings.HasPrefix(v, "javascript:") {
				t.Errorf("<%s %s=%q>", goquery.NodeName(s), a.Key, a.Val)
			}
		}
	})
}

// flat is the text of sel with runs of white space made one space.
func flat(sel *goquery.Selection) string { return strings.Join(strings.Fields(sel.Text()), " ") }

// fetchDoc gets target from h and parses it as HTML.
func fetchDoc(t *testing.T, h http.Handler, target string) *goquery.Document {
	t.Helper()
	rec := serve(h, target)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d; body: %.500s", target, rec.Code, rec.Body)
	}
	doc, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestContentIsData puts markup into every field of real articles in a
// real index and fetches every page and format that shows them: the
// markup must come back as the literal text, never as elements.
func TestContentIsData(t *testing.T) {
	arts := hostileArticles()
	evil, second := arts[0], arts[1]
	h := indexHandler(t, arts)
	actorFilter := "actor=" + url.QueryEscape(attrBreak) + "&topic=" + url.QueryEscape(scriptTag) + "&not_actor=" + url.QueryEscape(imgTag+"x")

	pages := []struct {
		name   string
		target string
		check  func(t *testing.T, doc *goquery.Document)
	}{
		{"search with highlights", "/search?q=cocoa+alert", func(t *testing.T, doc *goquery.Document) {
			if n := doc.Find("ol.hits mark").Length(); n == 0 {
				t.Fatal("no highlighted words: the highlights were not exercised")
			}
			titles := texts(doc.Find("ol.hits .hit-title"))
			if !contains(titles, evil.Title) || !contains(titles, second.Title) {
				t.Errorf("hit titles = %q, want the titles as written", titles)
			}
			snippets := flat(doc.Find("ol.hits"))
			for _, want := range []string{scriptTag, imgTag, attrBreak, entities} {
				if !strings.Contains(snippets, want) {
					t.Errorf("results do not show %q as text", want)
				}
			}
		}},
		{"facets", "/search", func(t *testing.T, doc *goquery.Document) {
			facets := flat(doc.Find("aside, section[class^=facet]"))
			for _, want := range []string{attrBreak, imgTag, entities, scriptTag} {
				if !strings.Contains(facets, want) {
					t.Errorf("facets do not show %q as text", want)
				}
			}
		}},
		{"source facet", "/search", func(t *testing.T, doc *goquery.Document) {
			if got := doc.Find(".facet-value[data-facet=source]").FilterFunction(func(_ int, s *goquery.Selection) bool {
				return s.AttrOr("data-value", "") == attrBreak
			}); flat(got.Find(".label")) != attrBreak {
				t.Errorf("source facet value reads %q, want %q", flat(got.Find(".label")), attrBreak)
			}
			if got := texts(doc.Find("ol.hits a.source")); !contains(got, attrBreak) {
				t.Errorf("hits' sources read %q, want one reading %q", got, attrBreak)
			}
		}},
		{"source chips", "/search?q=cocoa&source=" + url.QueryEscape(attrBreak) + "&not_source=" + url.QueryEscape(imgTag), func(t *testing.T, doc *goquery.Document) {
			chips := texts(doc.Find("ul.chips li.chip"))
			for _, want := range []string{"source: " + attrBreak, "not source: " + imgTag} {
				if !containsPart(chips, want) {
					t.Errorf("chips = %q, want one reading %q", chips, want)
				}
			}
			if got := texts(doc.Find("ol.hits .hit-title")); len(got) != 1 || got[0] != evil.Title {
				t.Errorf("hits = %q, want the article from the source %q alone", got, attrBreak)
			}
			ex := doc.Find(".facet-value.excluded[data-facet=source]")
			if got := flat(ex.Find(".label")); got != "excluded: "+imgTag {
				t.Errorf("excluded source reads %q, want %q", got, "excluded: "+imgTag)
			}
		}},
		{"chips", "/search?q=cocoa&" + actorFilter, func(t *testing.T, doc *goquery.Document) {
			chips := texts(doc.Find("ul.chips li.chip"))
			for _, want := range []string{"actor: " + attrBreak, "topic: " + scriptTag, "not: " + imgTag + "x"} {
				if !containsPart(chips, want) {
					t.Errorf("chips = %q, want one reading %q", chips, want)
				}
			}
			if n := doc.Find("ol.hits > li.hit").Length(); n != 2 {
				t.Errorf("%d hits with the markup filters, want 2", n)
			}
		}},
		{"article", "/articles/evil", func(t *testing.T, doc *goquery.Document) {
			if got := flat(doc.Find("h1")); got != evil.Title {
				t.Errorf("h1 = %q, want %q", got, evil.Title)
			}
			body := flat(doc.Find("article .body"))
			for _, want := range []string{scriptTag, imgTag, attrBreak, entities} {
				if !strings.Contains(body, want) {
					t.Errorf("body does not show %q as text", want)
				}
			}
			page := flat(doc.Selection)
			for _, want := range []string{evil.Source, evil.Dateline, imgTag} {
				if !strings.Contains(page, want) {
					t.Errorf("page does not show %q as text", want)
				}
			}
			if n := doc.Find("p.original a").Length(); n != 0 {
				t.Errorf("a javascript: URL is linked as the original story")
			}
		}},
		{"article with highlights", "/articles/evil?q=alert+cocoa", func(t *testing.T, doc *goquery.Document) {
			if n := doc.Find("article .body mark").Length(); n == 0 {
				t.Fatal("no highlighted words: the highlights were not exercised")
			}
			body := flat(doc.Find("article .body"))
			for _, want := range []string{scriptTag, imgTag, attrBreak, entities} {
				if !strings.Contains(body, want) {
					t.Errorf("highlighted body does not show %q as text", want)
				}
			}
		}},
		{"article with markup in id and URL", "/articles/" + url.PathEscape(second.ID) + "?q=cocoa", func(t *testing.T, doc *goquery.Document) {
			if got := flat(doc.Find("h1")); got != second.Title {
				t.Errorf("h1 = %q, want %q", got, second.Title)
			}
			if href, _ := doc.Find("p.original a").Attr("href"); href != second.URL {
				t.Errorf("original link = %q, want %q", href, second.URL)
			}
		}},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			doc := fetchDoc(t, h, p.target)
			checkInert(t, doc)
			p.check(t, doc)
		})
	}

	t.Run("atom", func(t *testing.T) {
		rec := serve(h, "/search.atom?q=cocoa")
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		var feed struct {
			Entries []struct {
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Summary string `xml:"summary"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(rec.Body.Bytes(), &feed); err != nil {
			t.Fatalf("the feed is not XML: %v", err)
		}
		got := map[string]string{}
		for _, e := range feed.Entries {
			got[e.Title] = e.Summary
		}
		for _, a := range arts {
			summary, ok := got[a.Title]
			if !ok {
				t.Errorf("no entry titled %q; entries %+v", a.Title, feed.Entries)
				continue
			}
			if !strings.HasPrefix(summary, strings.SplitN(a.Body, "\n", 2)[0]) {
				t.Errorf("summary = %q, want the body's first paragraph as written", summary)
			}
		}
	})
	t.Run("csv", func(t *testing.T) {
		rec := serve(h, "/export.csv?q=cocoa&sort=newest")
		rows, err := csv.NewReader(rec.Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 {
			t.Fatalf("%d rows, want a header and 2", len(rows))
		}
		want := []string{evil.ID, evil.Title, "2024-03-05T10:00:00Z", evil.Source, evil.URL,
			`[{"name":"\"' ><svg onload=alert(1)>","kind":"person"},{"name":"<img src=x onerror=alert(1)>","kind":"organization"},{"name":"&lt;b&gt; &amp; co","kind":"place"}]`,
			`["<script>alert(1)</script>"]`, "Cocoa alert " + scriptTag + " in the first paragraph."}
		// The last column, the import time, is the time of the test.
		if got := rows[2][:len(rows[2])-1]; !reflect.DeepEqual(got, want) {
			t.Errorf("row:\n got %q\nwant %q", got, want)
		}
	})
	t.Run("jsonl", func(t *testing.T) {
		rec := serve(h, "/export.jsonl?q=cocoa&sort=oldest")
		dec := json.NewDecoder(rec.Body)
		for _, want := range arts {
			var got index.Article
			if err := dec.Decode(&got); err != nil {
				t.Fatal(err)
			}
			checkArticle(t, got, want)
		}
	})
	t.Run("api source facet", func(t *testing.T) {
		rec := serve(h, "/api/search?source="+url.QueryEscape(attrBreak))
		var got web.SearchResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		want := []web.FacetValue{{Value: attrBreak, Count: 1, Selected: true}, {Value: "Wire", Count: 1}}
		if !reflect.DeepEqual(got.Facets.Source, want) || !reflect.DeepEqual(got.Query.Source, []string{attrBreak}) || got.Total != 1 {
			t.Errorf("total %d, sources %+v, echo %q; want 1, %+v, the source as written", got.Total, got.Facets.Source, got.Query.Source, want)
		}
	})
	t.Run("api search", func(t *testing.T) {
		rec := serve(h, "/api/search?q=cocoa+alert&sort=oldest")
		var got web.SearchResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Hits) != 2 {
			t.Fatalf("%d hits, want 2", len(got.Hits))
		}
		h0 := got.Hits[0]
		if h0.Title != evil.Title || h0.Source != evil.Source || h0.URL != evil.URL || h0.Topics[0] != scriptTag || h0.Actors[0].Name != attrBreak {
			t.Errorf("hit = %+v, want the article's fields as written", h0)
		}
		// Highlights are HTML: the markup in them must be escaped text,
		// so that parsing a fragment gives back the article's words.
		if len(h0.Highlights.Title) == 0 || len(h0.Highlights.Body) == 0 {
			t.Fatalf("highlights = %+v, want title and body fragments", h0.Highlights)
		}
		if got := fragmentText(t, h0.Highlights.Title[0]); got != evil.Title {
			t.Errorf("title highlight reads %q, want %q", got, evil.Title)
		}
		for _, frag := range append(h0.Highlights.Title, h0.Highlights.Body...) {
			checkFragment(t, frag)
		}
	})
	t.Run("api article", func(t *testing.T) {
		for _, want := range arts {
			rec := serve(h, "/api/articles/"+url.PathEscape(want.ID))
			var got index.Article
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("%s: %v", rec.Body, err)
			}
			checkArticle(t, got, want)
		}
	})
	t.Run("api suggest", func(t *testing.T) {
		rec := serve(h, "/api/suggest?q="+url.QueryEscape("svg onl"))
		var got web.SuggestResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range got.Suggestions {
			names = append(names, s.Text)
		}
		if !contains(names, attrBreak) {
			t.Errorf("suggestions = %q, want %q", names, attrBreak)
		}
	})
}

// checkArticle compares the fields a reader sees, which must round-trip
// exactly.
func checkArticle(t *testing.T, got, want index.Article) {
	t.Helper()
	if got.ID != want.ID || got.Title != want.Title || got.Body != want.Body || got.Source != want.Source ||
		got.URL != want.URL || got.Dateline != want.Dateline || !slices.Equal(got.Authors, want.Authors) ||
		!slices.Equal(got.Actors, want.Actors) || !slices.Equal(got.Topics, want.Topics) {
		t.Errorf("article:\n got %+v\nwant %+v", got, want)
	}
}

// fragmentText parses a highlight fragment as HTML and returns its text.
func fragmentText(t *testing.T, frag string) string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(frag))
	if err != nil {
		t.Fatal(err)
	}
	return doc.Find("body").Text()
}

// checkFragment fails unless a highlight fragment holds only text and
// <mark> elements.
func checkFragment(t *testing.T, frag string) {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(frag))
	if err != nil {
		t.Fatal(err)
	}
	doc.Find("head *, body *").Each(func(_ int, s *goquery.Selection) {
		if name := goquery.NodeName(s); name != "mark" {
			t.Errorf("fragment %q holds a <%s> element", frag, name)
		}
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func containsPart(list []string, s string) bool {
	for _, v := range list {
		if strings.Contains(v, s) {
			return true
		}
	}
	return false
}

func texts(sel *goquery.Selection) []string {
	var out []string
	sel.Each(func(_ int, s *goquery.Selection) { out = append(out, flat(s)) })
	return out
}
