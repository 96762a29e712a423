package views

import (
	"bytes"
	"context"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"
)

func render(t *testing.T, c templ.Component) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatalf("rendering: %v", err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestLayout(t *testing.T) {
	doc := render(t, Help(HelpPage{Page: Page{Title: "Help", StyleURL: "/assets/style.12345678.css", Search: SearchForm{Q: "oil"}}}))
	tests := []struct {
		selector, attr, want string
	}{
		{"html", "lang", "en"},
		{`meta[name=viewport]`, "content", "width=device-width, initial-scale=1"},
		{`link[rel=stylesheet]`, "href", "/assets/style.12345678.css"},
		{`header form.search`, "action", "/search"},
		{`header form.search`, "method", "get"},
		{`header form.search input[name=q]`, "value", "oil"},
		{`header nav a[href="/help"]`, "href", "/help"},
	}
	for _, tc := range tests {
		t.Run(tc.selector, func(t *testing.T) {
			sel := doc.Find(tc.selector)
			if sel.Length() != 1 {
				t.Fatalf("found %d matches, want 1", sel.Length())
			}
			if got := sel.AttrOr(tc.attr, ""); got != tc.want {
				t.Errorf("%s = %q, want %q", tc.attr, got, tc.want)
			}
		})
	}
	if got := doc.Find("title").Text(); got != "Help · News archive" {
		t.Errorf("title = %q", got)
	}
	if n := doc.Find("link[rel=icon]").Length(); n != 0 {
		t.Errorf("found %d icon links without an IconURL, want 0", n)
	}
}

func TestErrorCaret(t *testing.T) {
	tests := []struct {
		name      string
		page      ErrorPage
		wantQuery string
		wantCaret string
	}{
		{"caret", ErrorPage{Query: "a (b", Carets: []int{2}}, "a (b", "  ^"},
		{"caret at start", ErrorPage{Query: ")", Carets: []int{0}}, ")", "^"},
		{"two carets", ErrorPage{Query: "(oil AND", Carets: []int{0, 5}}, "(oil AND", "^    ^"},
		{"two problems at one place", ErrorPage{Query: "a (b", Carets: []int{2, 2}}, "a (b", "  ^"},
		{"no position", ErrorPage{Query: "a (b"}, "", ""},
		{"no query", ErrorPage{Carets: []int{3}}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.page.Status, tc.page.Heading, tc.page.Message = 400, "Bad", "msg"
			doc := render(t, Error(tc.page))
			if got := doc.Find(".query-error .query-text").Text(); got != tc.wantQuery {
				t.Errorf("query = %q, want %q", got, tc.wantQuery)
			}
			if got := doc.Find(".query-error .caret").Text(); got != tc.wantCaret {
				t.Errorf("caret = %q, want %q", got, tc.wantCaret)
			}
			if got := doc.Find(".error .status").Text(); got != "400" {
				t.Errorf("status = %q, want 400", got)
			}
		})
	}
}

func TestMarkedHTML(t *testing.T) {
	tests := []struct {
		name string
		in   Marked
		want string
	}{
		{"plain", Marked{{Text: "Oil rose."}}, "Oil rose."},
		{"marked runs", Marked{{Text: "Oil", Mark: true}, {Text: " rose, "}, {Text: "gas", Mark: true}}, "<mark>Oil</mark> rose, <mark>gas</mark>"},
		{"hostile text escaped", Marked{{Text: `<script>alert("x")</script> & `}, {Text: "<b>", Mark: true}}, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; <mark>&lt;b&gt;</mark>"},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MarkedHTML(tt.in); got != tt.want {
				t.Errorf("MarkedHTML = %q, want %q", got, tt.want)
			}
		})
	}
}
