package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
)

func TestAPISearchShape(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{results: sampleResults()})
	rec := ts.get(t, "/api/search?q=oil&actor=Joe+Biden&date=2024")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200; body:\n%s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}

	t.Run("keys", func(t *testing.T) {
		var raw map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		checkKeys(t, "top", raw, "query", "total", "took_ms", "page", "size", "total_pages", "next", "hits", "facets", "histogram")
		checkKeys(t, "query", raw["query"], "q", "actor", "topic", "source", "not_actor", "not_topic", "not_source", "from", "to", "date", "kind", "sort", "page", "size", "cursor")
		hit := raw["hits"].([]any)[0]
		checkKeys(t, "hit", hit, "id", "title", "published", "source", "url", "actors", "topics", "highlights", "score")
		checkKeys(t, "actor", hit.(map[string]any)["actors"].([]any)[0], "name", "kind")
		checkKeys(t, "highlights", hit.(map[string]any)["highlights"], "title", "body")
		facets := raw["facets"].(map[string]any)
		checkKeys(t, "facets", facets, "actor", "topic", "source", "date")
		checkKeys(t, "actor facet", facets["actor"].([]any)[0], "value", "count", "kind", "selected", "excluded")
		checkKeys(t, "topic facet", facets["topic"].([]any)[0], "value", "count", "selected", "excluded")
		checkKeys(t, "source facet", facets["source"].([]any)[0], "value", "count", "selected", "excluded")
		checkKeys(t, "date facet", facets["date"].([]any)[0], "value", "count", "selected", "excluded")
		// A hit without actors or highlights still has lists, not null.
		second := raw["hits"].([]any)[1].(map[string]any)
		for _, k := range []string{"actors", "topics"} {
			if _, ok := second[k].([]any); !ok {
				t.Errorf("second hit %s = %v, want a list", k, second[k])
			}
		}
	})

	t.Run("values", func(t *testing.T) {
		var got SearchResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		wantQuery := QueryEcho{Q: "oil", Actor: []string{"Joe Biden"}, Topic: []string{}, Source: []string{}, NotActor: []string{}, NotTopic: []string{}, NotSource: []string{}, From: "2024-01-01", To: "2024-12-31", Date: "2024", Sort: "relevance", Page: 1, Size: 20}
		if !reflect.DeepEqual(got.Query, wantQuery) {
			t.Errorf("query:\n got %+v\nwant %+v", got.Query, wantQuery)
		}
		if got.Total != 45 || got.TookMS != 4.2 || got.Page != 1 || got.Size != 20 {
			t.Errorf("total, took_ms, page, size = %d, %v, %d, %d; want 45, 4.2, 1, 20", got.Total, got.TookMS, got.Page, got.Size)
		}
		wantHit := Hit{
			ArticleSummary: ArticleSummary{ID: "a1", Title: "Oil prices rise", Published: "2024-03-05T10:00:00Z", Source: "Reuters", URL: "",
				Actors: []Actor{{Name: "OPEC", Kind: "organization"}}, Topics: []string{"economy"}},
			Highlights: Highlights{Title: []string{"<mark>Oil</mark> prices rise"}, Body: []string{"… the price of <mark>oil</mark> &amp; gas …"}},
			Score:      1.5,
		}
		if !reflect.DeepEqual(got.Hits[0], wantHit) {
			t.Errorf("hit:\n got %+v\nwant %+v", got.Hits[0], wantHit)
		}
		wantActor := ActorFacetValue{Value: "Joe Biden", Count: 12, Kind: "person", Selected: true}
		if got.Facets.Actor[0] != wantActor {
			t.Errorf("actor facet = %+v, want %+v", got.Facets.Actor[0], wantActor)
		}
		if want := []FacetValue{{Value: "Reuters", Count: 30}, {Value: "BBC News", Count: 15}}; !reflect.DeepEqual(got.Facets.Source, want) {
			t.Errorf("source facet = %+v, want %+v", got.Facets.Source, want)
		}
		if want := (FacetValue{Value: "2024", Count: 41}); got.Facets.Date[1] != want {
			t.Errorf("date facet = %+v, want %+v", got.Facets.Date[1], want)
		}
	})
}

// checkKeys fails unless v is an object with exactly the keys want.
func checkKeys(t *testing.T, what string, v any, want ...string) {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Errorf("%s = %T, want an object", what, v)
		return
	}
	var got []string
	for k := range m {
		got = append(got, k)
	}
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s keys = %v, want %v", what, got, want)
	}
}

func TestAPIArticle(t *testing.T) {
	tests := []struct{ id, path string }{
		{"a1", "/api/articles/a1"},
		{"a/1", "/api/articles/a%2F1"},
		{"a 1", "/api/articles/a%201"},
		{"a%1", "/api/articles/a%251"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			art := index.Article{ID: tc.id, Title: "T", Body: "B", Published: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), Topics: []string{"economy"}}
			ts := newTestServer(t, &fakeSearcher{articles: map[string]index.Article{tc.id: art}})
			rec := ts.get(t, tc.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", rec.Code)
			}
			var got Article
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			want := Article{
				ArticleSummary: ArticleSummary{ID: tc.id, Title: "T", Published: "2024-03-05T00:00:00Z", Actors: []Actor{}, Topics: []string{"economy"}},
				Body:           "B", Authors: []string{}, Found: []Actor{}, Acronyms: []Acronym{},
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("article:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	tests := []struct {
		method, target string
		status         int
		code           string // JSON error code; "" for an HTML page
	}{
		{"GET", "/nowhere", 404, ""},
		{"GET", "/search/", 404, ""},
		{"GET", "/articles/missing", 404, ""},
		{"GET", "/assets/nothing.css", 404, ""},
		{"GET", "/api/nowhere", 404, "not_found"},
		{"GET", "/api/articles/missing", 404, "not_found"},
		{"POST", "/search", 405, ""},
		{"POST", "/api/search", 405, "method_not_allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{})
			rec := ts.do(t, tc.method, tc.target)
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d", rec.Code, tc.status)
			}
			if tc.code != "" {
				var got ErrorResponse
				if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
					t.Fatalf("decoding %s: %v", rec.Body, err)
				}
				if got.Error.Code != tc.code || got.Error.Message == "" {
					t.Errorf("error = %+v, want code %q and a message", got.Error, tc.code)
				}
				return
			}
			doc, err := goquery.NewDocumentFromReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			if got := doc.Find(".error .status").Text(); got != strconv.Itoa(tc.status) {
				t.Errorf("shown status = %q, want %d", got, tc.status)
			}
			if doc.Find(".error h1").Text() == "" || doc.Find(".error .message").Text() == "" {
				t.Error("error page without heading or message")
			}
		})
	}
}

func TestErrors(t *testing.T) {
	secret := errors.New("disk on fire at /var/lib/secret")
	tests := []struct {
		name       string
		fake       *fakeSearcher
		target     string
		wantStatus int
		wantCode   string
		wantMsg    string
		wantCaret  string // HTML only: the caret line, "" for none
		wantLogErr bool
	}{
		{
			name:       "query error with position",
			fake:       &fakeSearcher{searchErr: &index.QueryError{Param: "q", Pos: 6, Msg: "this ( is never closed"}},
			target:     "?q=%C3%A9lan+(war",
			wantStatus: 400, wantCode: "bad_query", wantMsg: "this ( is never closed", wantCaret: "     ^",
		},
		{
			name:       "query error without position",
			fake:       &fakeSearcher{searchErr: &index.QueryError{Param: "q", Pos: -1, Msg: "the query has no words"}},
			target:     "?q=%22%22",
			wantStatus: 400, wantCode: "bad_query", wantMsg: "the query has no words",
		},
		{
			name:       "internal error",
			fake:       &fakeSearcher{searchErr: secret},
			target:     "?q=x",
			wantStatus: 500, wantCode: "internal", wantMsg: "The archive could not answer this request. Please try again in a moment.",
			wantLogErr: true,
		},
		{
			name:       "timeout",
			fake:       &fakeSearcher{searchErr: fmt.Errorf("searching: %w", context.DeadlineExceeded)},
			target:     "?q=x",
			wantStatus: 503, wantCode: "timeout", wantMsg: "The search took too long. Try more specific words or add a filter.",
			wantLogErr: true,
		},
		{
			name:       "client gone",
			fake:       &fakeSearcher{searchErr: context.Canceled},
			target:     "?q=x",
			wantStatus: 499, wantCode: "canceled", wantMsg: "The request was canceled.",
		},
		{
			name:       "panic",
			fake:       &fakeSearcher{panicMsg: "boom"},
			target:     "?q=x",
			wantStatus: 500, wantCode: "internal", wantMsg: "The archive could not answer this request. Please try again in a moment.",
			wantLogErr: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name+" html", func(t *testing.T) {
			ts := newTestServer(t, tc.fake)
			doc := ts.page(t, "/search"+tc.target, tc.wantStatus)
			if got := strings.TrimSpace(doc.Find(".error .message").Text()); got != tc.wantMsg {
				t.Errorf("message = %q, want %q", got, tc.wantMsg)
			}
			caret := doc.Find(".query-error .caret")
			if got := caret.Text(); got != tc.wantCaret {
				t.Errorf("caret line = %q, want %q", got, tc.wantCaret)
			}
			if tc.wantCaret != "" {
				if got := doc.Find(".query-error .query-text").Text(); got != "élan (war" {
					t.Errorf("query shown = %q, want %q", got, "élan (war")
				}
			}
			if strings.Contains(doc.Text(), "secret") {
				t.Error("internal error text shown to the reader")
			}
			checkLog(t, ts, tc.wantLogErr)
		})
		t.Run(tc.name+" json", func(t *testing.T) {
			ts := newTestServer(t, tc.fake)
			rec := ts.get(t, "/api/search"+tc.target)
			if rec.Code != tc.wantStatus {
				t.Fatalf("status = %d, want %d", rec.Code, tc.wantStatus)
			}
			var got ErrorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("decoding %s: %v", rec.Body, err)
			}
			if got.Error.Code != tc.wantCode || got.Error.Message != tc.wantMsg {
				t.Errorf("error = %+v, want code %q message %q", got.Error, tc.wantCode, tc.wantMsg)
			}
			checkLog(t, ts, tc.wantLogErr)
		})
	}
}

// checkLog checks that the request was logged exactly once, with the error
// when one was expected.
func checkLog(t *testing.T, ts *testServer, wantErr bool) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(ts.logs.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("got %d log lines, want 1:\n%s", len(lines), ts.logs)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"method", "path", "status", "duration"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("log line lacks %q: %s", k, lines[0])
		}
	}
	_, hasErr := rec["err"]
	if hasErr != wantErr {
		t.Errorf("log line has err = %v, want %v: %s", hasErr, wantErr, lines[0])
	}
	if wantErr && rec["level"] != "ERROR" {
		t.Errorf("log level = %v, want ERROR", rec["level"])
	}
}

func TestSecurityHeaders(t *testing.T) {
	want := map[string]string{
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "strict-origin-when-cross-origin",
		"Content-Security-Policy": "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	}
	for _, target := range []string{"/", "/help", "/api/search", "/nowhere", "/search?page=x"} {
		t.Run(target, func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{})
			rec := ts.get(t, target)
			for k, v := range want {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
		})
	}
}
