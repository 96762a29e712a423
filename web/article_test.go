package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
)

func sampleArticle() index.Article {
	return index.Article{
		ID:        "a/1",
		Title:     "Oil prices rise",
		Body:      "Oil rose today.\n\n## Markets\n\nTraders & analysts were surprised.",
		Published: time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC),
		Source:    "Reuters",
		URL:       "https://example.com/oil",
		Dateline:  "LONDON",
		Authors:   []string{"Ann Lee", "Bo Chen"},
		Actors:    []index.Actor{{Name: "OPEC", Kind: index.Organization}},
		Topics:    []string{"economy"},
	}
}

func TestArticlePage(t *testing.T) {
	highlighted := []index.MarkedBlock{
		{Marked: marks("<mark>Oil</mark> rose today.")},
		{Heading: true, Marked: marks("Markets")},
		{Marked: marks("Traders &amp; analysts were surprised.")},
	}
	tests := []struct {
		name      string
		target    string
		hlErr     error
		wantHL    []string // texts passed to Highlight
		wantMarks []string
		wantBack  url.Values // nil for the plain "all articles" link
	}{
		{
			name:   "plain",
			target: "/articles/a%2F1",
		},
		{
			name:      "from a search",
			target:    "/articles/a%2F1?q=oil&actor=OPEC&page=2&utm=x",
			wantHL:    []string{"oil"},
			wantMarks: []string{"Oil"},
			wantBack:  url.Values{"q": {"oil"}, "actor": {"OPEC"}, "page": {"2"}},
		},
		{
			name:     "query the index cannot parse",
			target:   "/articles/a%2F1?q=%28oil",
			hlErr:    &index.QueryError{Param: "q", Pos: 0, Msg: "unclosed ("},
			wantHL:   []string{"(oil"},
			wantBack: url.Values{"q": {"(oil"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := &fakeSearcher{articles: map[string]index.Article{"a/1": sampleArticle()}, blocks: highlighted, hlErr: tc.hlErr}
			ts := newTestServer(t, fake)
			doc := ts.page(t, tc.target, http.StatusOK)
			a := doc.Find("article.article")

			if got := a.Find("h1").Text(); got != "Oil prices rise" {
				t.Errorf("title = %q", got)
			}
			if got := a.Find(".meta time").AttrOr("datetime", ""); got != "2024-03-05" {
				t.Errorf("datetime = %q", got)
			}
			if got := a.Find(".dateline").Text(); got != "LONDON" {
				t.Errorf("dateline = %q", got)
			}
			if got := a.Find(".source").Text(); got != "Reuters" {
				t.Errorf("source = %q", got)
			}
			if got := a.Find(".original a").AttrOr("href", ""); got != "https://example.com/oil" {
				t.Errorf("original link = %q", got)
			}
			if got := a.Find(".authors").Text(); got != "By Ann Lee, Bo Chen" {
				t.Errorf("authors = %q", got)
			}
			if got := blockTexts(a.Find(".body > h2")); !reflect.DeepEqual(got, []string{"Markets"}) {
				t.Errorf("headings = %v", got)
			}
			if got := blockTexts(a.Find(".body > p")); !reflect.DeepEqual(got, []string{"Oil rose today.", "Traders & analysts were surprised."}) {
				t.Errorf("paragraphs = %v", got)
			}
			if got := texts(a.Find(".body mark")); !reflect.DeepEqual(got, tc.wantMarks) {
				t.Errorf("marks = %v, want %v", got, tc.wantMarks)
			}
			if !reflect.DeepEqual(fake.hlText, tc.wantHL) {
				t.Errorf("Highlight texts = %q, want %q", fake.hlText, tc.wantHL)
			}
			if got := attrs(a.Find(".article-tags a.tag.actor"), "href"); !reflect.DeepEqual(got, []string{"/search?actor=OPEC"}) {
				t.Errorf("actor links = %v", got)
			}
			if got := attrs(a.Find(".article-tags a.tag.topic"), "href"); !reflect.DeepEqual(got, []string{"/search?topic=economy"}) {
				t.Errorf("topic links = %v", got)
			}
			back := a.Find("a.back-link").AttrOr("href", "")
			if tc.wantBack == nil {
				if back != "/search" {
					t.Errorf("back link = %q, want /search", back)
				}
				return
			}
			if !strings.HasPrefix(back, "/search?") {
				t.Fatalf("back link = %q, want /search?...", back)
			}
			if got := query(t, back); !reflect.DeepEqual(got, tc.wantBack) {
				t.Errorf("back link query = %v, want %v", got, tc.wantBack)
			}
		})
	}
}

func TestHelpPage(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{})
	doc := ts.page(t, "/help", http.StatusOK)
	examples := doc.Find("a.example")
	var queries []string
	examples.Each(func(_ int, s *goquery.Selection) {
		q := s.Text()
		queries = append(queries, q)
		if got := s.AttrOr("href", ""); got != "/search?q="+url.QueryEscape(q) {
			t.Errorf("example %q links to %q", q, got)
		}
	})
	for _, want := range []string{`"interest rates"`, " OR ", " NOT ", "(", "+", "-", "title:", "body:", "actor:", "topic:", "source:", "~", "*", "date:[", "date:2024", "date:>="} {
		found := false
		for _, q := range queries {
			found = found || strings.Contains(q, want)
		}
		if !found {
			t.Errorf("no example uses %q", want)
		}
	}
	// Every example must itself be a valid set of search parameters.
	for _, href := range attrs(examples, "href") {
		if rec := ts.get(t, href); rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d", href, rec.Code)
		}
	}
}

func TestAssets(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{})
	doc := ts.page(t, "/help", http.StatusOK)
	css := doc.Find(`link[rel=stylesheet]`).AttrOr("href", "")
	icon := doc.Find(`link[rel=icon]`).AttrOr("href", "")
	tests := []struct {
		target    string
		wantType  string
		wantCache string
	}{
		{css, "text/css", "public, max-age=31536000, immutable"},
		{icon, "image/svg+xml", "public, max-age=31536000, immutable"},
		{"/assets/style.css", "text/css", "no-cache"},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			if !strings.HasPrefix(tc.target, "/assets/") {
				t.Fatalf("asset URL %q not under /assets/", tc.target)
			}
			rec := ts.get(t, tc.target)
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", rec.Code)
			}
			if got := rec.Header().Get("Content-Type"); !strings.HasPrefix(got, tc.wantType) {
				t.Errorf("Content-Type = %q, want %s", got, tc.wantType)
			}
			if got := rec.Header().Get("Cache-Control"); got != tc.wantCache {
				t.Errorf("Cache-Control = %q, want %q", got, tc.wantCache)
			}
			if rec.Body.Len() == 0 {
				t.Error("empty body")
			}
			req := httptest.NewRequest(http.MethodGet, tc.target, nil)
			req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
			again := httptest.NewRecorder()
			ts.srv.Handler().ServeHTTP(again, req)
			if again.Code != http.StatusNotModified {
				t.Errorf("revalidation status = %d, want 304", again.Code)
			}
		})
	}
}
