package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

// TestUnknownParams checks that every API route refuses parameters it
// does not take, naming each and suggesting the one meant, while pages,
// feeds and exports let them through.
func TestUnknownParams(t *testing.T) {
	const tail = ". The parameters each endpoint takes are in /api/openapi.json."
	tests := []struct {
		name      string
		method    string
		target    string
		wantParam string
		wantMsg   string // "" for no refusal
	}{
		{"a misspelt filter", "GET", "/api/search?actors=OPEC", "actors",
			`"actors" is not a parameter of this endpoint (did you mean actor?)` + tail},
		{"every unknown one, in order", "GET", "/api/search?topics=economy&utm_source=x&q=oil", "topics",
			`"topics" is not a parameter of this endpoint (did you mean topic?); "utm_source" is not a parameter of this endpoint` + tail},
		{"a missing underscore", "GET", "/api/search?notactor=OPEC", "notactor",
			`"notactor" is not a parameter of this endpoint (did you mean not_actor?)` + tail},
		{"a hyphen for the underscore", "GET", "/api/search?not-topic=sport", "not-topic",
			`"not-topic" is not a parameter of this endpoint (did you mean not_topic?)` + tail},
		{"capitals", "GET", "/api/search?Q=oil", "Q",
			`"Q" is not a parameter of this endpoint (did you mean q?)` + tail},
		{"brackets", "GET", "/api/search?actor[]=OPEC", "actor[]",
			`"actor[]" is not a parameter of this endpoint (did you mean actor?)` + tail},
		{"swapped letters", "GET", "/api/search?szie=5", "szie",
			`"szie" is not a parameter of this endpoint (did you mean size?)` + tail},
		{"a parameter without a name", "GET", "/api/search?=oil", "",
			`a parameter has no name (an "=" or "&" too many?)` + tail},
		{"a search parameter on the actor list", "GET", "/api/actors?q=reagan&size=5", "size",
			`"size" is not a parameter of this endpoint` + tail},
		{"the actor list's limit misspelt", "GET", "/api/actors?limits=5", "limits",
			`"limits" is not a parameter of this endpoint (did you mean limit?)` + tail},
		{"suggestions", "GET", "/api/suggest?q=ira&limit=3", "limit",
			`"limit" is not a parameter of this endpoint` + tail},
		{"browser suggestions", "GET", "/api/suggest/opensearch?q=ira&qq=1", "qq",
			`"qq" is not a parameter of this endpoint (did you mean q?)` + tail},
		{"an article", "GET", "/api/articles/a1?q=oil", "q",
			`"q" is not a parameter of this endpoint` + tail},
		{"an actor", "GET", "/api/actors/Iran?kind=place", "kind",
			`"kind" is not a parameter of this endpoint` + tail},
		{"the OpenAPI document", "GET", "/api/openapi.json?format=yaml", "format",
			`"format" is not a parameter of this endpoint` + tail},
		{"HEAD as GET", "HEAD", "/api/search?actors=OPEC", "actors", "(HEAD has no body)"},
		{"a write", "POST", "/api/articles?dry_run=1", "dry_run",
			`"dry_run" is not a parameter of this endpoint` + tail},
		{"a delete", "DELETE", "/api/articles/a1?force=1", "force",
			`"force" is not a parameter of this endpoint` + tail},

		{"known ones pass", "GET", "/api/search?q=oil&actor=OPEC&not_actor=Iran&topic=economy&not_topic=sport&from=1987-01-01&to=1987-12-31&kind=place&sort=newest&page=1&size=5", "", ""},
		{"the actor list's own", "GET", "/api/actors?q=ira&limit=5", "", ""},
		{"the search page is lenient", "GET", "/search?q=oil&utm_source=x&actors=OPEC", "", ""},
		{"the front page is lenient", "GET", "/?utm_campaign=x", "", ""},
		{"the article page is lenient", "GET", "/articles/a1?fbclid=x", "", ""},
		{"the feed is lenient", "GET", "/search.atom?q=oil&utm_source=feedly", "", ""},
		{"the export is lenient", "GET", "/export.csv?q=oil&utm_source=x", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{articles: map[string]index.Article{"a1": {ID: "a1", Title: "Oil"}}})
			rec := ts.do(t, tc.method, tc.target)
			if tc.wantMsg == "" {
				if rec.Code != http.StatusOK {
					t.Fatalf("status = %d, want 200; body:\n%s", rec.Code, rec.Body)
				}
				return
			}
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400; body:\n%s", rec.Code, rec.Body)
			}
			if tc.method == "HEAD" {
				return
			}
			var got ErrorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("decoding %s: %v", rec.Body, err)
			}
			want := ErrorBody{Code: "bad_query", Message: tc.wantMsg, Param: tc.wantParam}
			if got.Error.Code != want.Code || got.Error.Message != want.Message || got.Error.Param != want.Param {
				t.Errorf("error:\n got %+v\nwant %+v", got.Error, want)
			}
			// The searcher is asked only whether any article carries
			// the topic, never to run the refused search.
			for _, q := range ts.fake.allQueries() {
				if len(q.Topics) != 1 || q.Size != 1 || q.Text != "" {
					t.Errorf("the searcher ran %+v for a refused request", q)
				}
			}
		})
	}
}

// TestClosestKey checks the "did you mean" of an unknown parameter.
func TestClosestKey(t *testing.T) {
	tests := []struct{ key, want string }{
		{"actors", "actor"},
		{"ACTOR", "actor"},
		{"acter", "actor"},
		{"atcor", "actor"},
		{"not_topics", "not_topic"},
		{"sizes", "size"},
		{"page_size", ""},
		{"utm_source", ""},
		{"", ""},
		{strings.Repeat("a", 200), ""},
	}
	for _, tc := range tests {
		t.Run(tc.key, func(t *testing.T) {
			if got := closestKey(tc.key, isSearchKey); got != tc.want {
				t.Errorf("closestKey(%q) = %q, want %q", tc.key, got, tc.want)
			}
		})
	}
}

// TestUnknownTopics checks that the search API refuses a topic outside
// the archive's list, listing it, and that the pages let one through.
func TestUnknownTopics(t *testing.T) {
	const all = "arts, crime, disaster, economy, education, environment, health, human-interest, labour, lifestyle, politics, religion, science, society, sport, conflict, weather"
	tests := []struct {
		name      string
		query     string
		wantParam string
		wantMsg   string
	}{
		{"a topic", "topic=economy&topic=war", "topic", `"war" is not a topic; topic takes one of ` + all},
		{"an excluded topic", "not_topic=oil", "not_topic", `"oil" is not a topic; not_topic takes one of ` + all},
		{"capitals", "topic=Economy", "topic", `"Economy" is not a topic: topics are written in lower case (did you mean economy?)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{})
			rec := ts.get(t, "/api/search?"+tc.query)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400; body:\n%s", rec.Code, rec.Body)
			}
			var got ErrorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("decoding %s: %v", rec.Body, err)
			}
			want := ErrorBody{Code: "bad_query", Message: tc.wantMsg, Param: tc.wantParam}
			if got.Error.Code != want.Code || got.Error.Message != want.Message || got.Error.Param != want.Param {
				t.Errorf("error:\n got %+v\nwant %+v", got.Error, want)
			}
			// The searcher is asked only whether any article carries
			// the topic, never to run the refused search.
			for _, q := range ts.fake.allQueries() {
				if len(q.Topics) != 1 || q.Size != 1 || q.Text != "" {
					t.Errorf("the searcher ran %+v for a refused request", q)
				}
			}
		})
		t.Run(tc.name+" that articles carry", func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{results: index.Results{Total: 2}})
			if rec := ts.get(t, "/api/search?"+tc.query); rec.Code != http.StatusOK {
				t.Errorf("status = %d, want 200: a topic a source gave its articles can be followed from facets.topic; body:\n%s", rec.Code, rec.Body)
			}
		})
		t.Run(tc.name+" on the page", func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{})
			if rec := ts.get(t, "/search?"+tc.query); rec.Code != http.StatusOK {
				t.Errorf("status = %d, want 200", rec.Code)
			}
		})
	}
}
