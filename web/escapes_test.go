package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/web"
)

// TestBadlyEncodedAddresses sends query strings that cannot be decoded.
// Go's url.ParseQuery, under Echo's QueryParam, drops such a pair without
// a word, so q=%zz would list the whole archive; each must instead answer
// 400 naming the parameter, with a message a person can act on.
func TestBadlyEncodedAddresses(t *testing.T) {
	h := indexHandler(t, plainArticles)
	tests := []struct {
		name  string
		query string // raw, as sent
		param string
		msg   []string // parts of the message
	}{
		{"bad escape in q", "q=%zz", "q", []string{`"%zz"`, "%25"}},
		{"bad escape after good words", "q=oil%20%2", "q", []string{`"%2"`, "%25"}},
		{"bad escape in a filter", "q=oil&topic=econ%omy", "topic", []string{`"%om"`, "%25"}},
		{"bad escape in a date", "from=1987%2G01-01", "from", []string{`"%2G"`}},
		{"bad escape in an unknown parameter", "q=oil&utm_source=%", "utm_source", []string{`"%"`}},
		{"bad escape in a name", "q=oil&to%zz=1", "to%zz", []string{`"%zz"`}},
		{"semicolon", "q=oil;gas", "q", []string{`";"`, "%3B", "&"}},
	}
	paths := []string{"/search", "/api/search", "/search.atom", "/export.csv", "/export.jsonl", "/api/suggest", "/api/actors", "/articles/p1", "/api/articles/p1"}
	for _, tc := range tests {
		for _, path := range paths {
			t.Run(tc.name+" "+path, func(t *testing.T) {
				rec := serve(h, path+"?"+tc.query)
				if rec.Code != http.StatusBadRequest {
					t.Fatalf("status = %d, want 400; body: %.300s", rec.Code, rec.Body)
				}
				var msg string
				if ct := rec.Header().Get("Content-Type"); strings.HasPrefix(ct, "text/html") {
					doc, err := goquery.NewDocumentFromReader(rec.Body)
					if err != nil {
						t.Fatal(err)
					}
					msg = doc.Find(".error .message").Text()
				} else {
					var got web.ErrorResponse
					if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
						t.Fatalf("Content-Type %q, decoding %.300s: %v", ct, rec.Body, err)
					}
					if got.Error.Code != "bad_query" || got.Error.Param != tc.param {
						t.Errorf("error = %+v, want code bad_query naming %q", got.Error, tc.param)
					}
					msg = got.Error.Message
				}
				for _, want := range append([]string{tc.param}, tc.msg...) {
					if !strings.Contains(msg, want) {
						t.Errorf("message = %q, want it to say %s", msg, want)
					}
				}
			})
		}
	}
	// Escapes that decode are as they were: a % written %25 is a %.
	for _, target := range []string{"/api/search?q=100%25", "/api/search?q=oil%20prices&topic=econ%6Fmy", "/articles/p1?q=%C3%A9"} {
		t.Run(target, func(t *testing.T) {
			if rec := serve(h, target); rec.Code != http.StatusOK {
				t.Errorf("status = %d, want 200; body: %.300s", rec.Code, rec.Body)
			}
		})
	}
}
