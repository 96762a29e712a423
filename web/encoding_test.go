package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

// TestOneArticleEncoding fetches each article as a search hit, from
// /api/articles/{id} and from the JSON Lines export of a real index, and
// checks that the fields they share are written byte for byte alike,
// that every field is present, that lists are [] and never null, and
// that times are RFC 3339 in UTC to the second.
func TestOneArticleEncoding(t *testing.T) {
	arts := []index.Article{
		{ID: "full", Title: "Cocoa review", Body: "Showers continued.\n\nMore cocoa.",
			Published: time.Date(1987, 2, 26, 15, 1, 1, 790000000, time.FixedZone("EST", -5*3600)),
			Source:    "Reuters", URL: "https://example.com/full", Dateline: "SALVADOR, Feb 26", Authors: []string{"A. Writer"},
			Actors: []index.Actor{{Name: "Brazil", Kind: index.Place}}, Topics: []string{"economy"}, Language: "en",
			Supplied: &index.Tags{Actors: []index.Actor{{Name: "Brazil", Kind: index.Place}}}},
		{ID: "bare", Title: "Cocoa brief", Body: "Cocoa."},
	}
	h := indexHandler(t, arts)

	objects := func(t *testing.T, body []byte) []map[string]json.RawMessage {
		t.Helper()
		var out []map[string]json.RawMessage
		dec := json.NewDecoder(bytes.NewReader(body))
		for dec.More() {
			var m map[string]json.RawMessage
			if err := dec.Decode(&m); err != nil {
				t.Fatal(err)
			}
			out = append(out, m)
		}
		return out
	}
	get := func(t *testing.T, target string) []byte {
		t.Helper()
		rec := serve(h, target)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d: %s", target, rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	var search struct {
		Hits []map[string]json.RawMessage `json:"hits"`
	}
	if err := json.Unmarshal(get(t, "/api/search?q=cocoa"), &search); err != nil {
		t.Fatal(err)
	}
	exported := map[string]map[string]json.RawMessage{}
	for _, m := range objects(t, get(t, "/export.jsonl?q=cocoa")) {
		exported[strings.Trim(string(m["id"]), `"`)] = m
	}
	hits := map[string]map[string]json.RawMessage{}
	for _, m := range search.Hits {
		hits[strings.Trim(string(m["id"]), `"`)] = m
	}
	articleFields := []string{"id", "title", "body", "published", "source", "url", "dateline", "authors", "actors", "topics", "language", "imported", "supplied", "found", "acronyms"}
	hitFields := []string{"id", "title", "published", "source", "url", "actors", "topics"}
	lists := []string{"authors", "actors", "topics", "found", "acronyms"}

	for _, a := range arts {
		t.Run(a.ID, func(t *testing.T) {
			api := objects(t, get(t, "/api/articles/"+a.ID))[0]
			exp, hit := exported[a.ID], hits[a.ID]
			if exp == nil || hit == nil {
				t.Fatalf("export %v, hit %v: want the article in both", exp != nil, hit != nil)
			}
			for _, f := range articleFields {
				if _, ok := api[f]; !ok {
					t.Errorf("/api/articles has no %s", f)
				}
				if got, want := string(exp[f]), string(api[f]); got != want {
					t.Errorf("%s: export %s, /api/articles %s", f, got, want)
				}
			}
			for _, f := range hitFields {
				if got, want := string(hit[f]), string(api[f]); got != want {
					t.Errorf("%s: hit %s, /api/articles %s", f, got, want)
				}
			}
			for _, f := range lists {
				if !strings.HasPrefix(string(api[f]), "[") {
					t.Errorf("%s = %s, want a list", f, api[f])
				}
			}
			if s := string(api["supplied"]); a.Supplied != nil && !strings.Contains(s, `"topics":[]`) {
				t.Errorf("supplied = %s, want its topics as []", s)
			}
			for _, f := range []string{"published", "imported"} {
				var s string
				if err := json.Unmarshal(api[f], &s); err != nil {
					t.Fatalf("%s = %s: %v", f, api[f], err)
				}
				if s == "" {
					continue
				}
				if tm, err := time.Parse(time.RFC3339, s); err != nil || tm.Format(time.RFC3339) != s || !strings.HasSuffix(s, "Z") || tm.Nanosecond() != 0 {
					t.Errorf("%s = %q, want RFC 3339 in UTC to the whole second", f, s)
				}
			}
		})
	}
	if got, want := string(hits["full"]["published"]), `"1987-02-26T20:01:01Z"`; got != want {
		t.Errorf("published = %s, want %s", got, want)
	}
	if got := string(hits["bare"]["published"]); got != `""` {
		t.Errorf("published of an undated article = %s, want \"\"", got)
	}
}
