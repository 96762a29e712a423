package web

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/extract"
)

// apiDocument is the part of the OpenAPI document these tests read.
type apiDocument struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Parameters map[string]struct {
			Name   string `json:"name"`
			Schema struct {
				Enum  []string `json:"enum"`
				Items struct {
					// Examples, not an enum: the API also takes a
					// topic articles carry as their source wrote it.
					Examples []string `json:"examples"`
				} `json:"items"`
			} `json:"schema"`
		} `json:"parameters"`
	} `json:"components"`
}

func readAPIDocument(t *testing.T, ts *testServer) apiDocument {
	t.Helper()
	rec := ts.get(t, "/api/openapi.json")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: status %d", rec.Code)
	}
	var doc apiDocument
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestOpenAPICoversRoutes checks that the OpenAPI document describes
// every route the server answers, and no other: a route added to
// routes() without its description fails here.
func TestOpenAPICoversRoutes(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{})
	doc := readAPIDocument(t, ts)
	param := regexp.MustCompile(`:([a-z]+)`)
	served := map[string]bool{}
	for _, r := range ts.srv.echo.Routes() {
		if r.Method == http.MethodHead || strings.HasPrefix(r.Method, "echo_") {
			continue // every GET answers HEAD, as the document says once
		}
		path := param.ReplaceAllString(r.Path, "{$1}")
		path = strings.Replace(path, "/assets/*", "/assets/{file}", 1)
		served[strings.ToLower(r.Method)+" "+path] = true
	}
	described := map[string]bool{}
	for path, item := range doc.Paths {
		for method := range item {
			if method != "parameters" {
				described[method+" "+path] = true
			}
		}
	}
	for route := range served {
		if !described[route] {
			t.Errorf("%s is served but not in the OpenAPI document", route)
		}
	}
	for route := range described {
		if !served[route] {
			t.Errorf("%s is in the OpenAPI document but not served", route)
		}
	}
}

// TestOpenAPIParameters checks the document's search parameters against
// what the server takes: each is a search parameter, and the topics and
// kinds it lists are the archive's.
func TestOpenAPIParameters(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{})
	doc := readAPIDocument(t, ts)
	var search []string
	for key, p := range doc.Components.Parameters {
		if key == "id" {
			continue
		}
		search = append(search, p.Name)
		if !isSearchKey(p.Name) {
			t.Errorf("the document's parameter %s is no search parameter", p.Name)
		}
	}
	if len(search) == 0 {
		t.Fatal("the document has no search parameters")
	}
	for _, tc := range []struct {
		param string
		got   []string
		want  []string
	}{
		{"topic", doc.Components.Parameters["topic"].Schema.Items.Examples, extract.TopicSlugs()},
		{"not_topic", doc.Components.Parameters["not_topic"].Schema.Items.Examples, extract.TopicSlugs()},
		{"kind", doc.Components.Parameters["kind"].Schema.Enum, []string{string(index.Person), string(index.Organization), string(index.Place)}},
		{"sort", doc.Components.Parameters["sort"].Schema.Enum, []string{string(index.SortRelevance), string(index.SortNewest), string(index.SortOldest)}},
	} {
		t.Run(tc.param, func(t *testing.T) {
			if !slices.Equal(tc.got, tc.want) {
				t.Errorf("the document's %s values are %q, want %q", tc.param, tc.got, tc.want)
			}
		})
	}
}

// TestHelpLinksOpenAPI checks that the help page links the OpenAPI
// document, and that the link answers it.
func TestHelpLinksOpenAPI(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{})
	doc := ts.page(t, "/help", http.StatusOK)
	link := doc.Find("section.help-api a")
	if got := link.AttrOr("href", ""); got != "/api/openapi.json" {
		t.Fatalf("the help page's API link = %q, want /api/openapi.json", got)
	}
	rec := ts.get(t, link.AttrOr("href", ""))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), "{") {
		t.Errorf("GET %s: %d %.40q, want the document", link.AttrOr("href", ""), rec.Code, rec.Body)
	}
}
