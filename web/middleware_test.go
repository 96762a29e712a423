package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
)

// TestSecurityHeadersOnEveryResponse checks the headers on every kind of
// response: pages, JSON, feeds, exports, assets, errors and the
// operational endpoints.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	fake := &fakeSearcher{
		results:  sampleResults(),
		articles: map[string]index.Article{"a1": sampleArticle()},
		stream:   []index.Article{sampleArticle()},
		suggest:  []index.Suggestion{{Type: "actor", Text: "Joe Biden", Kind: index.Person, Count: 3}},
		count:    1,
	}
	ts := newTestServer(t, fake)
	style := ts.srv.assets.URL("style.css")
	tests := []struct {
		method, target string
		status         int
	}{
		{"GET", "/", 200},
		{"GET", "/search?q=oil", 200},
		{"GET", "/articles/a1?q=oil", 200},
		{"GET", "/help", 200},
		{"GET", "/search.atom?q=oil", 200},
		{"GET", "/opensearch.xml", 200},
		{"GET", "/export.csv", 200},
		{"GET", "/export.jsonl", 200},
		{"GET", "/api/search?q=oil", 200},
		{"GET", "/api/articles/a1", 200},
		{"GET", "/api/suggest?q=jo", 200},
		{"GET", "/api/suggest/opensearch?q=jo", 200},
		{"GET", style, 200},
		{"GET", "/healthz", 200},
		{"GET", "/readyz", 200},
		{"GET", "/metrics", 200},
		{"GET", "/search?page=x", 400},
		{"GET", "/api/search?page=x", 400},
		{"GET", "/export.csv?page=x", 400},
		{"GET", "/nowhere", 404},
		{"GET", "/api/articles/missing", 404},
		{"POST", "/search", 405},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			rec := ts.do(t, tc.method, tc.target)
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d", rec.Code, tc.status)
			}
			checkSecurityHeaders(t, rec.Header())
			if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				checkCSPCompatible(t, rec.Body.String())
			}
		})
	}
	t.Run("panic", func(t *testing.T) {
		ts := newTestServer(t, &fakeSearcher{panicMsg: "boom"})
		rec := ts.get(t, "/api/search?q=x")
		if rec.Code != http.StatusInternalServerError {
			t.Fatalf("status = %d, want 500", rec.Code)
		}
		checkSecurityHeaders(t, rec.Header())
	})
}

func checkSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	for k, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	csp := map[string]string{}
	for _, d := range strings.Split(h.Get("Content-Security-Policy"), ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		csp[name] = value
	}
	for name, want := range map[string]string{
		"default-src":     "'self'",
		"script-src":      "'self'",
		"style-src":       "'self'",
		"frame-ancestors": "'none'",
		"img-src":         "'self'",
		"object-src":      "'none'",
		"base-uri":        "'none'",
		"form-action":     "'self'",
	} {
		if got := csp[name]; got != want {
			t.Errorf("Content-Security-Policy %s = %q, want %q (policy %q)", name, got, want, h.Get("Content-Security-Policy"))
		}
	}
}

// checkCSPCompatible fails when a page holds what the policy would block
// and so break: inline script, event handler attributes, inline styles.
func checkCSPCompatible(t *testing.T, page string) {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if n := doc.Find("script:not([src])").Length(); n != 0 {
		t.Errorf("%d inline scripts", n)
	}
	if n := doc.Find("[style]").Length(); n != 0 {
		t.Errorf("%d elements with inline styles", n)
	}
	if n := doc.Find(`[src^="data:"], [src^="http:"], [src^="https:"], link[href^="http:"], link[href^="https:"]`).Length(); n != 0 {
		t.Errorf("%d resources from elsewhere than the archive", n)
	}
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s %s> is an inline event handler", goquery.NodeName(s), a.Key)
			}
		}
	})
}
