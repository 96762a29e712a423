package web_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/web"
)

// TestErrorForms checks that each route answers errors in a form its
// clients read: a page on the pages, JSON where programs read the answer
// (the API, the feed, the exports), and JSON anywhere for a client that
// asks for it.
func TestErrorForms(t *testing.T) {
	h := indexHandler(t, plainArticles)
	const (
		html    = "text/html"
		jsonErr = "application/json"
	)
	tests := []struct {
		method, target, accept string
		status                 int
		form                   string // the Content-Type's media type
		code, param            string // for JSON: what the error says
	}{
		{"GET", "/search?q=(oil", "", 400, html, "", ""},
		{"GET", "/search?q=(oil", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", 400, html, "", ""},
		{"GET", "/search?q=(oil", "application/json", 400, jsonErr, "bad_query", "q"},
		{"GET", "/search?q=(oil", "text/html;q=0.5, application/json", 400, jsonErr, "bad_query", "q"},
		{"GET", "/search?q=(oil", "application/json;q=0.5, text/html", 400, html, "", ""},
		{"GET", "/search?q=(oil", "application/problem+json", 400, jsonErr, "bad_query", "q"},
		{"GET", "/search?from=someday", "application/json", 400, jsonErr, "bad_query", "from"},
		{"GET", "/search.atom?q=(oil", "", 400, jsonErr, "bad_query", "q"},
		{"GET", "/search.atom?q=(oil", "application/atom+xml", 400, jsonErr, "bad_query", "q"},
		{"GET", "/search.atom?q=(oil", "text/html", 400, jsonErr, "bad_query", "q"},
		{"GET", "/search.atom?sort=best", "", 400, jsonErr, "bad_query", "sort"},
		{"GET", "/export.csv?q=(", "", 400, jsonErr, "bad_query", "q"},
		{"GET", "/export.csv?q=(", "text/csv", 400, jsonErr, "bad_query", "q"},
		{"GET", "/export.jsonl?q=(", "", 400, jsonErr, "bad_query", "q"},
		{"GET", "/export.jsonl?page=x", "", 400, jsonErr, "bad_query", "page"},
		{"GET", "/api/search?q=(", "text/html", 400, jsonErr, "bad_query", "q"},
		{"GET", "/articles/missing", "", 404, html, "", ""},
		{"GET", "/articles/missing", "application/json", 404, jsonErr, "not_found", ""},
		{"GET", "/nowhere", "", 404, html, "", ""},
		{"GET", "/nowhere", "application/json", 404, jsonErr, "not_found", ""},
		{"GET", "/api/nowhere", "", 404, jsonErr, "not_found", ""},
		{"POST", "/search", "", 405, html, "", ""},
		{"POST", "/search", "application/json", 405, jsonErr, "method_not_allowed", ""},
		{"POST", "/search.atom", "", 405, jsonErr, "method_not_allowed", ""},
		{"POST", "/export.csv", "", 405, jsonErr, "method_not_allowed", ""},
		{"POST", "/opensearch.xml", "", 405, jsonErr, "method_not_allowed", ""},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.target+" Accept: "+tc.accept, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, nil)
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d; body: %.300s", rec.Code, tc.status, rec.Body)
			}
			ct := rec.Header().Get("Content-Type")
			if !strings.HasPrefix(ct, tc.form) {
				t.Fatalf("Content-Type = %q, want %s; body: %.300s", ct, tc.form, rec.Body)
			}
			if cd := rec.Header().Get("Content-Disposition"); cd != "" {
				t.Errorf("Content-Disposition = %q on an error", cd)
			}
			if tc.form != jsonErr {
				return
			}
			var got web.ErrorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("decoding %.300s: %v", rec.Body, err)
			}
			if got.Error.Code != tc.code || got.Error.Param != tc.param || got.Error.Message == "" {
				t.Errorf("error = %+v, want code %q, param %q and a message", got.Error, tc.code, tc.param)
			}
		})
	}
	t.Run("a page that could be JSON says it varies by Accept", func(t *testing.T) {
		rec := serve(h, "/search?q=(oil")
		if got := rec.Header().Values("Vary"); !strings.Contains(strings.Join(got, ","), "Accept") {
			t.Errorf("Vary = %q, want Accept in it", got)
		}
	})
}
