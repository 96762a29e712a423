package apidoc_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/content"
	valerrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/schema_validation"

	"github.com/newsarchive/newsarchive/web"
)

// openAPIValidator reads the document the server serves and returns a
// validator for it, failing the test when the document itself is not
// valid OpenAPI 3.1. Strict mode reports parameters and properties the
// document does not declare even where the schema would let them by.
func openAPIValidator(t *testing.T, srv *httptest.Server) (validator.Validator, libopenapi.Document) {
	t.Helper()
	resp, err := http.Get(srv.URL + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	spec, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /api/openapi.json: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		t.Fatalf("reading the OpenAPI document: %v", err)
	}
	if v := doc.GetVersion(); v != "3.1.0" {
		t.Errorf("OpenAPI version %s, want 3.1.0", v)
	}
	v, errs := validator.NewValidator(doc, config.WithStrictMode(),
		// Every answer carries them (securityHeaders), and the document
		// says so once rather than on every response.
		config.WithStrictIgnoredHeadersExtra("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options", "X-Frame-Options"),
		// OpenAPI 3.1 has no schema for the lines of a JSON Lines body;
		// the document calls it text, and so does the validator.
		config.WithBodyDecoder("application/x-ndjson", content.TextDecoder()),
		// Only the document itself has these; ValidateDocument checks
		// them against OpenAPI's own schema.
		config.WithStrictIgnorePaths("$.body.info**", "$.body.paths**", "$.body.components**"))
	if len(errs) > 0 {
		t.Fatalf("building the validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		t.Fatalf("the OpenAPI document is not valid:\n%s", describe(verrs))
	}
	return v, doc
}

func describe(errs []*valerrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "- %s: %s", e.Message, e.Reason)
		for _, f := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\n    %s at %s", f.Reason, f.FieldPath)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestOpenAPIDocument checks that the served document is valid OpenAPI
// 3.1.
func TestOpenAPIDocument(t *testing.T) {
	srv, _ := writeServer(t)
	openAPIValidator(t, srv)
}

// TestOpenAPIExportLines checks that each line of a JSON Lines export is
// an Article as the document describes it, which OpenAPI 3.1 cannot say
// of the body as a whole.
func TestOpenAPIExportLines(t *testing.T) {
	srv, _ := writeServer(t)
	_, doc := openAPIValidator(t, srv)
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatal(err)
	}
	article := model.Model.Components.Schemas.GetOrZero("Article")
	if article == nil {
		t.Fatal("the document has no Article schema")
	}
	body := `[{"id": "e1", "title": "Cocoa", "body": "Ghana's cocoa crop rose.", "published": "1987-03-02T10:00:00Z", "url": "https://example.org/e1", "authors": ["A. Writer"], "topics": ["economy"]},
		{"id": "e2", "title": "Undated", "body": "No date, no source."}]`
	if status, _, b := send(t, "POST", srv.URL+"/api/articles", "application/json", "Bearer "+testKey, body); status != http.StatusOK {
		t.Fatalf("adding the articles: %d %s", status, b)
	}
	_, _, export := send(t, "GET", srv.URL+"/export.jsonl", "", "", "")
	lines := strings.Split(strings.TrimSpace(export), "\n")
	if len(lines) != 2 {
		t.Fatalf("the export has %d lines, want the 2 articles:\n%s", len(lines), export)
	}
	sv := schema_validation.NewSchemaValidator()
	for i, line := range lines {
		if ok, errs := sv.ValidateSchemaString(article.Schema(), line); !ok {
			t.Errorf("line %d is no Article:\n%s\n%s", i+1, describe(errs), line)
		}
	}
}

// TestOpenAPIResponses sends requests of every kind the server answers,
// successes and errors, to a real index on disk through the real router,
// and checks each answer against the OpenAPI document, and each request
// too: the document must take a request the server takes, and refuse one
// it can tell is wrong.
func TestOpenAPIResponses(t *testing.T) {
	const key = "Bearer " + testKey
	articles := `[
		{"id": "c1", "title": "Ghana cocoa crop rises", "body": "Ghana's cocoa crop rose, the Cocoa Board said in Accra.", "published": "1987-03-02T10:00:00Z", "source": "Reuters", "url": "https://example.org/c1", "actors": [{"name": "Ghana", "kind": "place"}], "topics": ["economy"]},
		{"id": "c2", "title": "Cocoa prices fall in London", "body": "Cocoa futures fell in London on heavy selling."},
		{"id": "c3", "title": "Undated note", "body": "A note without a date."}]`
	srv, _ := writeServer(t)
	open, _ := writeServer(t, web.WithWriter(nil, ""))
	keyed, _ := writeServer(t, web.WithReadKey("r"))
	limited, _ := writeServer(t, web.WithRateLimit(0.001, 1))
	v, _ := openAPIValidator(t, srv)
	// The one request the limit allows at once, so that the next waits.
	if resp, err := http.Get(limited.URL + "/api/actors"); err == nil {
		resp.Body.Close()
	}

	if status, _, body := send(t, "POST", srv.URL+"/api/articles", "application/json", key, articles); status != http.StatusOK {
		t.Fatalf("adding the articles: %d %s", status, body)
	}
	etag := func() string {
		resp, err := http.Get(srv.URL + "/api/articles/c1")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("ETag")
	}()

	cursor := func() string {
		var page web.SearchResponse
		resp, err := http.Get(srv.URL + "/api/search?q=cocoa&size=1")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(&page); err != nil || page.NextCursor == "" {
			t.Fatalf("no next_cursor on the first page of cocoa (%v)", err)
		}
		return page.NextCursor
	}()

	type req struct {
		method, path string
		header       map[string]string
		body         string
	}
	get := func(path string) req { return req{method: "GET", path: path} }
	tests := []struct {
		name       string
		srv        *httptest.Server
		req        req
		wantStatus int
		// docRefuses: the document tells the request is wrong by itself;
		// false where only the server can (two values that conflict).
		docRefuses bool
	}{
		{"search", srv, get("/api/search?q=cocoa"), 200, false},
		{"search, every parameter", srv, get("/api/search?q=cocoa&actor=Ghana&actor=Accra&not_actor=London&topic=economy&not_topic=sport&from=1987-01-01&to=1987-12-31&kind=place&sort=oldest&page=1&size=5"), 200, false},
		{"search by date", srv, get("/api/search?date=1987-03&sort=newest"), 200, false},
		{"search, a middle page", srv, get("/api/search?q=cocoa&size=1&page=2"), 200, false},
		{"search after a cursor", srv, get("/api/search?q=cocoa&size=1&cursor=" + url.QueryEscape(cursor)), 200, false},
		{"search, page and cursor", srv, get("/api/search?q=cocoa&page=2&cursor=" + url.QueryEscape(cursor)), 400, false},
		{"search by source", srv, get("/api/search?source=Reuters&not_source=AP"), 200, false},
		{"search, nothing found", srv, get("/api/search?q=zebra"), 200, false},
		{"search, everything", srv, get("/api/search"), 200, false},
		{"search, a query that does not parse", srv, get("/api/search?q=%22unclosed"), 400, false},
		{"search, an unknown parameter", srv, get("/api/search?actors=Ghana"), 400, true},
		// The document cannot tell a topic no article carries: the API
		// also takes one a source gave its articles.
		{"search, an unknown topic", srv, get("/api/search?topic=war"), 400, false},
		{"search, a bad page", srv, get("/api/search?page=0"), 400, true},
		{"search, a bad date", srv, get("/api/search?from=1987-13-01"), 400, false},
		{"search, date and from", srv, get("/api/search?date=1987&from=1987-01-01"), 400, false},
		{"search, no key", keyed, get("/api/search?q=cocoa"), 401, false},
		{"search, too often", limited, get("/api/search?q=cocoa"), 429, false},
		{"article", srv, get("/api/articles/c1"), 200, false},
		{"article with few fields", srv, get("/api/articles/c3"), 200, false},
		{"article unchanged", srv, req{method: "GET", path: "/api/articles/c1", header: map[string]string{"If-None-Match": etag}}, 304, false},
		{"article unknown", srv, get("/api/articles/nope"), 404, false},
		{"article, a parameter", srv, get("/api/articles/c1?q=cocoa"), 400, true},
		{"suggest", srv, get("/api/suggest?q=coc"), 200, false},
		{"suggest an actor", srv, get("/api/suggest?q=gha"), 200, false},
		{"suggest without q", srv, get("/api/suggest"), 400, true},
		{"suggest, q too long", srv, get("/api/suggest?q=" + strings.Repeat("a", 101)), 400, true},
		{"browser suggestions", srv, get("/api/suggest/opensearch?q=coc"), 200, false},
		{"browser suggestions, nothing typed", srv, get("/api/suggest/opensearch?q="), 200, false},
		{"actors", srv, get("/api/actors"), 200, false},
		{"actors by name", srv, get("/api/actors?q=gh&limit=5"), 200, false},
		{"actors, a bad limit", srv, get("/api/actors?limit=0"), 400, true},
		{"actor", srv, get("/api/actors/GHANA"), 200, false},
		{"actor unknown", srv, get("/api/actors/Atlantis"), 404, false},
		{"the document", srv, get("/api/openapi.json"), 200, false},
		{"backup", srv, req{method: "GET", path: "/api/backup", header: map[string]string{"Authorization": key}}, 200, false},
		{"backup, a parameter", srv, req{method: "GET", path: "/api/backup?since=1987", header: map[string]string{"Authorization": key}}, 400, true},
		{"backup without a key", srv, get("/api/backup"), 401, true},
		{"backup on a server that takes no key", open, req{method: "GET", path: "/api/backup", header: map[string]string{"Authorization": key}}, 403, false},

		{"write one", srv, req{method: "POST", path: "/api/articles", header: map[string]string{"Authorization": key, "Content-Type": "application/json"},
			body: `{"title": "Cocoa talks resume", "body": "Producers and consumers met again."}`}, 200, false},
		{"write JSON Lines", srv, req{method: "POST", path: "/api/articles", header: map[string]string{"Authorization": key, "Content-Type": "application/x-ndjson"},
			body: "{\"title\": \"Cocoa stocks\", \"body\": \"Stocks rose.\"}\nnot json\n"}, 200, false},
		{"write nothing that goes in", srv, req{method: "POST", path: "/api/articles", header: map[string]string{"Authorization": key, "Content-Type": "application/json"},
			body: `[{"body": "no title"}]`}, 422, false},
		{"write something not JSON", srv, req{method: "POST", path: "/api/articles", header: map[string]string{"Authorization": key, "Content-Type": "application/json"},
			body: `{"title": `}, 400, true},
		{"write as text", srv, req{method: "POST", path: "/api/articles", header: map[string]string{"Authorization": key, "Content-Type": "text/plain"},
			body: `hello`}, 415, true},
		{"write without a key", srv, req{method: "POST", path: "/api/articles", header: map[string]string{"Content-Type": "application/json"},
			body: `{"title": "t", "body": "b"}`}, 401, true},
		{"write with a wrong key", srv, req{method: "POST", path: "/api/articles", header: map[string]string{"Authorization": "Bearer nope", "Content-Type": "application/json"},
			body: `{"title": "t", "body": "b"}`}, 401, false},
		{"write to a server that takes none", open, req{method: "POST", path: "/api/articles", header: map[string]string{"Authorization": key, "Content-Type": "application/json"},
			body: `{"title": "t", "body": "b"}`}, 403, false},
		{"delete", srv, req{method: "DELETE", path: "/api/articles/c2", header: map[string]string{"Authorization": key}}, 204, false},
		{"delete again", srv, req{method: "DELETE", path: "/api/articles/c2", header: map[string]string{"Authorization": key}}, 404, false},
		{"delete without a key", srv, req{method: "DELETE", path: "/api/articles/c1"}, 401, true},
		{"delete on a server that takes none", open, req{method: "DELETE", path: "/api/articles/c1", header: map[string]string{"Authorization": key}}, 403, false},

		{"feed", srv, get("/search.atom?q=cocoa"), 200, false},
		{"feed, a bad parameter", srv, get("/search.atom?sort=best"), 400, true},
		{"feed, no key", keyed, get("/search.atom"), 401, false},
		{"OpenSearch description", srv, get("/opensearch.xml"), 200, false},
		{"CSV", srv, get("/export.csv?q=cocoa"), 200, false},
		{"JSON Lines", srv, get("/export.jsonl?topic=economy"), 200, false},
		{"export, a bad parameter", srv, get("/export.jsonl?size=1000"), 400, true},
		{"liveness", srv, get("/healthz"), 200, false},
		{"liveness needs no key", keyed, get("/healthz"), 200, false},
		{"readiness", srv, get("/readyz"), 200, false},
		{"metrics", srv, get("/metrics"), 200, false},

		{"front page", srv, get("/"), 200, false},
		{"search page", srv, get("/search?q=cocoa&topic=economy"), 200, false},
		{"search page, a query that does not parse", srv, get("/search?q=%22unclosed"), 400, false},
		{"search page in JSON", srv, req{method: "GET", path: "/search?q=%22unclosed", header: map[string]string{"Accept": "application/json"}}, 400, false},
		{"article page", srv, get("/articles/c1?q=cocoa"), 200, false},
		{"article page unknown", srv, get("/articles/nope"), 404, false},
		{"help", srv, get("/help"), 200, false},
		{"robots.txt", srv, get("/robots.txt"), 200, false},
		{"page, no key", keyed, get("/help"), 401, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			newReq := func() *http.Request {
				r, err := http.NewRequest(tc.req.method, tc.srv.URL+tc.req.path, strings.NewReader(tc.req.body))
				if err != nil {
					t.Fatal(err)
				}
				for k, val := range tc.req.header {
					r.Header.Set(k, val)
				}
				return r
			}
			resp, err := http.DefaultClient.Do(newReq())
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.wantStatus {
				t.Fatalf("status = %d, want %d; body:\n%.500s", resp.StatusCode, tc.wantStatus, body)
			}
			resp.Body = io.NopCloser(bytes.NewReader(body))
			if ok, errs := v.ValidateHttpResponse(newReq(), resp); !ok {
				t.Errorf("the answer does not match the document:\n%s\nbody: %.500s", describe(errs), body)
			}
			ok, errs := v.ValidateHttpRequest(newReq())
			switch {
			case tc.docRefuses && ok:
				t.Errorf("the document takes a request the server refuses with %d", resp.StatusCode)
			case !tc.docRefuses && !ok:
				t.Errorf("the document refuses the request:\n%s", describe(errs))
			}
		})
	}
}
