package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/web"
)

// TestCORS checks, over real HTTP and a real index, that the read API
// answers browsers' cross-origin requests and preflights for the origins
// configured, and that the write API and the pages never do.
func TestCORS(t *testing.T) {
	const page = "https://reader.example.org"
	article := `{"id": "c1", "title": "Cocoa crop", "body": "Showers helped the cocoa crop."}`
	type request struct {
		method, path, origin string
		preflight            string // Access-Control-Request-Method, for OPTIONS
		auth, body           string
	}
	tests := []struct {
		name       string
		origins    []string
		readKey    string
		req        request
		wantStatus int
		wantOrigin string // Access-Control-Allow-Origin; "" for none
	}{
		{"a search from any origin", []string{"*"}, "",
			request{method: "GET", path: "/api/search?q=cocoa", origin: page}, 200, "*"},
		{"its preflight", []string{"*"}, "",
			request{method: "OPTIONS", path: "/api/search?q=cocoa", origin: page, preflight: "GET"}, 204, "*"},
		{"HEAD of an article", []string{"*"}, "",
			request{method: "HEAD", path: "/api/articles/c1", origin: page}, 200, "*"},
		{"the actor list", []string{"*"}, "",
			request{method: "GET", path: "/api/actors", origin: page}, 200, "*"},
		{"the OpenAPI document", []string{"*"}, "",
			request{method: "GET", path: "/api/openapi.json", origin: page}, 200, "*"},
		{"an error of the read API", []string{"*"}, "",
			request{method: "GET", path: "/api/search?actors=x", origin: page}, 400, "*"},
		{"a preflight needs no read key", []string{"*"}, "r",
			request{method: "OPTIONS", path: "/api/search", origin: page, preflight: "GET"}, 204, "*"},
		{"a 401 is readable", []string{"*"}, "r",
			request{method: "GET", path: "/api/search", origin: page}, 401, "*"},
		{"with the read key", []string{"*"}, "r",
			request{method: "GET", path: "/api/search", origin: page, auth: "Bearer r"}, 200, "*"},

		{"no write", []string{"*"}, "",
			request{method: "POST", path: "/api/articles", origin: page, auth: "Bearer " + testKey, body: article}, 200, ""},
		{"no preflight of a write", []string{"*"}, "",
			request{method: "OPTIONS", path: "/api/articles", origin: page, preflight: "POST"}, 204, ""},
		{"no delete", []string{"*"}, "",
			request{method: "DELETE", path: "/api/articles/c1", origin: page, auth: "Bearer " + testKey}, 204, ""},
		{"no preflight of a delete where GET reads", []string{"*"}, "",
			request{method: "OPTIONS", path: "/api/articles/c1", origin: page, preflight: "DELETE"}, 204, ""},
		{"no backup, which needs the write key", []string{"*"}, "",
			request{method: "GET", path: "/api/backup", origin: page, auth: "Bearer " + testKey}, 200, ""},
		{"no preflight of a backup", []string{"*"}, "",
			request{method: "OPTIONS", path: "/api/backup", origin: page, preflight: "GET"}, 204, ""},
		{"no page", []string{"*"}, "",
			request{method: "GET", path: "/search?q=cocoa", origin: page}, 200, ""},
		{"no export", []string{"*"}, "",
			request{method: "GET", path: "/export.jsonl?q=cocoa", origin: page}, 200, ""},
		{"no feed", []string{"*"}, "",
			request{method: "GET", path: "/search.atom?q=cocoa", origin: page}, 200, ""},

		{"off", nil, "",
			request{method: "GET", path: "/api/search?q=cocoa", origin: page}, 200, ""},
		{"off, a preflight", nil, "",
			request{method: "OPTIONS", path: "/api/search", origin: page, preflight: "GET"}, 204, ""},
		{"a listed origin", []string{"https://other.example.org", page}, "",
			request{method: "GET", path: "/api/search?q=cocoa", origin: page}, 200, page},
		{"a listed origin's preflight", []string{page}, "",
			request{method: "OPTIONS", path: "/api/search", origin: page, preflight: "GET"}, 204, page},
		{"an origin not listed", []string{page}, "",
			request{method: "GET", path: "/api/search?q=cocoa", origin: "https://evil.example.org"}, 200, ""},
		{"an origin not listed, a preflight", []string{page}, "",
			request{method: "OPTIONS", path: "/api/search", origin: "https://evil.example.org", preflight: "GET"}, 204, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := writeServer(t, web.WithCORS(tc.origins), web.WithReadKey(tc.readKey))
			if tc.req.method != "POST" {
				status, _, body := send(t, "POST", srv.URL+"/api/articles", "application/json", "Bearer "+testKey, article)
				if status != http.StatusOK {
					t.Fatalf("adding the article: %d %s", status, body)
				}
			}
			req, err := http.NewRequest(tc.req.method, srv.URL+tc.req.path, strings.NewReader(tc.req.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Origin", tc.req.origin)
			if tc.req.preflight != "" {
				req.Header.Set("Access-Control-Request-Method", tc.req.preflight)
				req.Header.Set("Access-Control-Request-Headers", "authorization")
			}
			if tc.req.auth != "" {
				req.Header.Set("Authorization", tc.req.auth)
			}
			if tc.req.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tc.wantStatus)
			}
			h := resp.Header
			if got := h.Get("Access-Control-Allow-Origin"); got != tc.wantOrigin {
				t.Fatalf("Access-Control-Allow-Origin = %q, want %q", got, tc.wantOrigin)
			}
			if tc.wantOrigin == "" {
				for k := range h {
					if strings.HasPrefix(k, "Access-Control-") {
						t.Errorf("%s: %q, want no CORS headers", k, h.Get(k))
					}
				}
				return
			}
			if !strings.Contains(strings.Join(h.Values("Vary"), ","), "Origin") {
				t.Errorf("Vary = %q, want Origin in it: the answer depends on it", h.Values("Vary"))
			}
			if tc.req.preflight == "" {
				if got := h.Get("Access-Control-Expose-Headers"); !strings.Contains(got, "Retry-After") || !strings.Contains(got, "ETag") {
					t.Errorf("Access-Control-Expose-Headers = %q, want Retry-After and ETag among them", got)
				}
				return
			}
			for k, want := range map[string]string{
				"Access-Control-Allow-Methods": "GET,HEAD",
				"Access-Control-Allow-Headers": "Authorization,If-None-Match",
				"Access-Control-Max-Age":       "7200",
			} {
				if got := h.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

// TestParseCORSOrigins checks what --cors-origins accepts.
func TestParseCORSOrigins(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"*", []string{"*"}, ""},
		{"", nil, ""},
		{" , ", nil, ""},
		{"https://a.example.org, http://localhost:3000,https://a.example.org", []string{"https://a.example.org", "http://localhost:3000"}, ""},
		{"https://a.example.org/", nil, "no path"},
		{"https://a.example.org/app", nil, "no path"},
		{"a.example.org", nil, "want a scheme and a host"},
		{"https://user:pw@a.example.org", nil, "no user"},
		{"https://a.example.org?x=1", nil, "no query"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := web.ParseCORSOrigins(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || (got == nil) != (tc.want == nil) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
