package web

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/ingest"
)

func TestArticleExtras(t *testing.T) {
	art := sampleArticle()
	art.Actors = []index.Actor{
		{Name: "Israel", Kind: index.Place},
		{Name: "Benjamin Netanyahu", Kind: index.Person},
		{Name: "OPEC", Kind: index.Organization},
	}
	fake := &fakeSearcher{
		articles: map[string]index.Article{"a/1": art},
		related: []index.Related{
			{Hit: index.Hit{Article: index.Article{ID: "r 1", Title: "Talks resume", Published: time.Date(2024, 3, 7, 0, 0, 0, 0, time.UTC)}}, SharedActors: []string{"Joe Biden", "Israel"}, SharedTopics: []string{"politics"}},
			{Hit: index.Hit{Article: index.Article{ID: "r2"}}, SharedTopics: []string{"economy", "politics"}},
		},
		coActors: map[string][]index.FacetValue{
			"Benjamin Netanyahu": {{Value: "Benjamin Netanyahu", Count: 40}, {Value: "Joe Biden", Count: 12, Kind: index.Person}, {Value: "Iran", Count: 9, Kind: index.Place}},
			"OPEC":               {{Value: "Saudi Arabia", Count: 3, Kind: index.Place}},
			"Israel":             {{Value: "Gaza", Count: 99, Kind: index.Place}},
		},
	}
	ts := newTestServer(t, fake)
	doc := ts.page(t, "/articles/a%2F1", http.StatusOK)

	t.Run("paragraph ids and permalinks", func(t *testing.T) {
		if got := attrs(doc.Find("article .body p[id^=p]"), "id"); !reflect.DeepEqual(got, []string{"p0", "p2"}) {
			t.Errorf("paragraph ids = %v, want [p0 p2] (the heading is block 1)", got)
		}
		if got := doc.Find("article .body h2").AttrOr("id", ""); got != "p1" {
			t.Errorf("heading id = %q, want p1", got)
		}
		if got := attrs(doc.Find("article .body p a.permalink"), "href"); !reflect.DeepEqual(got, []string{"#p0", "#p2"}) {
			t.Errorf("permalinks = %v", got)
		}
		if got := doc.Find("article .body p a.permalink").Last().AttrOr("aria-label", ""); got != "Link to paragraph 3" {
			t.Errorf("permalink label = %q", got)
		}
	})
	t.Run("related", func(t *testing.T) {
		items := doc.Find("section.related li")
		if got := attrs(items.Find("a"), "href"); !reflect.DeepEqual(got, []string{"/articles/r%201", "/articles/r2"}) {
			t.Errorf("related links = %v", got)
		}
		if got := texts(items.Find("a")); !reflect.DeepEqual(got, []string{"Talks resume", "(untitled)"}) {
			t.Errorf("related titles = %v", got)
		}
		if got := texts(items.Find(".reason")); !reflect.DeepEqual(got, []string{"shares Joe Biden, Israel · topic politics", "topics economy, politics"}) {
			t.Errorf("reasons = %v", got)
		}
	})
	t.Run("co-occurring actors", func(t *testing.T) {
		groups := doc.Find("section.co-actors .co-actor-group")
		if got := texts(groups.Find(".lead-in")); !reflect.DeepEqual(got, []string{"Also in articles with Benjamin Netanyahu:", "Also in articles with OPEC:"}) {
			t.Errorf("groups = %v (people first, then organizations)", got)
		}
		links := doc.Find("section.co-actors a")
		if got := texts(links); !reflect.DeepEqual(got, []string{"Joe Biden (12)", "Iran (9)", "Saudi Arabia (3)"}) {
			t.Errorf("co-actors = %v", got)
		}
		if got := query(t, links.First().AttrOr("href", "")).Get("q"); got != `actor:"Benjamin Netanyahu" actor:"Joe Biden"` {
			t.Errorf("co-actor search = %q", got)
		}
	})
}

func TestArticleExtrasFailSoftly(t *testing.T) {
	fake := &fakeSearcher{articles: map[string]index.Article{"a/1": sampleArticle()}, relatedErr: errors.New("index busy")}
	ts := newTestServer(t, fake)
	doc := ts.page(t, "/articles/a%2F1", http.StatusOK)
	if doc.Find("section.related").Length() != 0 {
		t.Error("related section shown without related articles")
	}
	if !strings.Contains(ts.logs.String(), "index busy") {
		t.Error("the failure was not logged")
	}
}

func TestSuggest(t *testing.T) {
	sug := []index.Suggestion{
		{Type: "actor", Text: "Ronald Reagan", Kind: index.Person, Count: 431},
		{Type: "title", Text: "Reagan visits Moscow", ID: "r/1"},
	}
	t.Run("json", func(t *testing.T) {
		ts := newTestServer(t, &fakeSearcher{suggest: sug})
		rec := ts.get(t, "/api/suggest?q=+Reag+")
		if rec.Code != http.StatusOK {
			t.Fatalf("status = %d", rec.Code)
		}
		var raw map[string][]map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		want := []map[string]any{
			{"type": "actor", "text": "Ronald Reagan", "kind": "person", "count": 431.0, "url": "/search?actor=Ronald+Reagan"},
			{"type": "title", "text": "Reagan visits Moscow", "url": "/articles/r%2F1"},
		}
		if !reflect.DeepEqual(raw["suggestions"], want) {
			t.Errorf("suggestions:\n got %v\nwant %v", raw["suggestions"], want)
		}
		if !reflect.DeepEqual(ts.fake.prefixes, []string{"Reag"}) {
			t.Errorf("prefixes = %q, want [Reag]", ts.fake.prefixes)
		}
	})
	t.Run("none is an empty list", func(t *testing.T) {
		ts := newTestServer(t, &fakeSearcher{})
		if got := strings.TrimSpace(ts.get(t, "/api/suggest?q=zz").Body.String()); got != `{"suggestions":[]}` {
			t.Errorf("body = %s", got)
		}
	})
	t.Run("opensearch", func(t *testing.T) {
		ts := newTestServer(t, &fakeSearcher{suggest: sug})
		rec := ts.get(t, "/api/suggest/opensearch?q=Reag")
		if ct := rec.Header().Get("Content-Type"); ct != "application/x-suggestions+json" {
			t.Errorf("Content-Type = %q", ct)
		}
		if got := rec.Body.String(); got != `["Reag",["Ronald Reagan","Reagan visits Moscow"]]` {
			t.Errorf("body = %s", got)
		}
	})
	t.Run("opensearch lists a text once", func(t *testing.T) {
		twice := []index.Suggestion{
			{Type: "actor", Text: "Reagan", Kind: index.Person, Count: 40},
			{Type: "title", Text: "REAGAN", ID: "r/2"},
			{Type: "title", Text: "Reagan visits Moscow", ID: "r/1"},
		}
		ts := newTestServer(t, &fakeSearcher{suggest: twice})
		if got := ts.get(t, "/api/suggest/opensearch?q=Reag").Body.String(); got != `["Reag",["Reagan","Reagan visits Moscow"]]` {
			t.Errorf("body = %s", got)
		}
	})
	// A browser asks from the first keystroke: what has no completions
	// gets none, as the protocol's empty list.
	for _, b := range []string{"", "q=", "q=+++", "q=" + strings.Repeat("é", 101)} {
		t.Run("opensearch without completions "+b[:min(len(b), 10)], func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{suggest: sug})
			rec := ts.get(t, "/api/suggest/opensearch?"+b)
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", rec.Code)
			}
			var got []any
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[1] == nil || len(got[1].([]any)) != 0 {
				t.Errorf("body = %s, want the prefix and an empty list", rec.Body.String())
			}
			if len(ts.fake.prefixes) != 0 {
				t.Error("searcher asked for a bad prefix")
			}
		})
	}
	bad := []string{"", "q=", "q=+++", "q=" + strings.Repeat("é", 101), "q=a&q=b"}
	for _, path := range []string{"/api/suggest", "/api/suggest/opensearch"} {
		for _, b := range bad {
			if path == "/api/suggest/opensearch" && b != "q=a&q=b" {
				continue
			}
			t.Run(path+" bad "+b[:min(len(b), 10)], func(t *testing.T) {
				ts := newTestServer(t, &fakeSearcher{suggest: sug})
				rec := ts.get(t, path+"?"+b)
				if rec.Code != http.StatusBadRequest {
					t.Fatalf("status = %d, want 400", rec.Code)
				}
				var got ErrorResponse
				if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
					t.Fatal(err)
				}
				if got.Error.Code != "bad_query" || got.Error.Param != "q" {
					t.Errorf("error = %+v", got.Error)
				}
				if len(ts.fake.prefixes) != 0 {
					t.Error("searcher asked for a bad prefix")
				}
			})
		}
	}
	t.Run("longest prefix", func(t *testing.T) {
		ts := newTestServer(t, &fakeSearcher{})
		if rec := ts.get(t, "/api/suggest?q="+strings.Repeat("é", 100)); rec.Code != http.StatusOK {
			t.Errorf("status = %d, want 200", rec.Code)
		}
	})
}

type testFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Summary string `xml:"summary"`
	} `xml:"entry"`
}

func TestAtomFeed(t *testing.T) {
	res := sampleResults()
	res.Hits[0].Body = "Oil rose <fast> & far."
	ts := newTestServer(t, &fakeSearcher{results: res}, WithBaseURL(testBaseURL(t)))
	rec := ts.get(t, "/search.atom?q=oil&topic=economy&sort=oldest&page=3")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d; body:\n%s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	q, _ := ts.fake.lastQuery()
	if q.Sort != index.SortNewest || q.Page != 1 || q.Size != feedEntries || q.Text != "oil" || !reflect.DeepEqual(q.Topics, []string{"economy"}) {
		t.Errorf("feed query = %+v, want the search's filters, newest first, first %d", q, feedEntries)
	}
	var feed testFeed
	if err := xml.Unmarshal(rec.Body.Bytes(), &feed); err != nil {
		t.Fatalf("parsing the feed: %v\n%s", err, rec.Body)
	}
	if feed.Title != "News archive: oil, topic economy" || feed.Updated != "2024-03-05T10:00:00Z" {
		t.Errorf("feed title, updated = %q, %q", feed.Title, feed.Updated)
	}
	if !strings.HasPrefix(feed.ID, "https://news.example.org/search.atom?") {
		t.Errorf("feed id = %q, want an absolute URL", feed.ID)
	}
	if len(feed.Entries) != 2 {
		t.Fatalf("%d entries, want 2", len(feed.Entries))
	}
	e := feed.Entries[0]
	if e.ID != "https://news.example.org/articles/a1" || e.Link.Href != e.ID || e.Title != "Oil prices rise" || e.Updated != "2024-03-05T10:00:00Z" {
		t.Errorf("entry = %+v", e)
	}
	if e.Summary != "Oil rose <fast> & far." {
		t.Errorf("summary = %q", e.Summary)
	}
	if strings.Contains(rec.Body.String(), "<fast>") {
		t.Error("lead not escaped in the XML")
	}
	if undated := feed.Entries[1]; undated.Updated != feed.Updated || undated.ID != "https://news.example.org/articles/a%202%2Fx" {
		t.Errorf("undated entry = %+v", undated)
	}

	t.Run("bad params", func(t *testing.T) {
		ts := newTestServer(t, &fakeSearcher{})
		if rec := ts.get(t, "/search.atom?page=0"); rec.Code != http.StatusBadRequest {
			t.Errorf("status = %d, want 400", rec.Code)
		}
	})
}

// TestAtomFeedWithoutTimes checks a feed whose articles carry no time at
// all, neither a date nor an import time (an archive written before it
// recorded them): the feed and its entries say when the server started,
// never 1970, and each entry says its time is the feed's.
func TestAtomFeedWithoutTimes(t *testing.T) {
	before := time.Now().Truncate(time.Second)
	ts := newTestServer(t, &fakeSearcher{results: index.Results{Total: 1, Hits: []index.Hit{{Article: index.Article{ID: "old", Title: "Old story"}}}}})
	after := time.Now()
	rec := ts.get(t, "/search.atom")
	var feed struct {
		Updated string `xml:"updated"`
		Entries []struct {
			Updated string `xml:"updated"`
			Comment string `xml:",comment"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &feed); err != nil {
		t.Fatalf("parsing the feed: %v\n%s", err, rec.Body)
	}
	got, err := time.Parse(time.RFC3339, feed.Updated)
	if err != nil || got.Before(before) || got.After(after) {
		t.Errorf("feed updated = %q, want the server's start, between %v and %v", feed.Updated, before, after)
	}
	if len(feed.Entries) != 1 || feed.Entries[0].Updated != feed.Updated || !strings.Contains(feed.Entries[0].Comment, "the feed's") {
		t.Errorf("entries = %+v, want one with the feed's time, saying so", feed.Entries)
	}
}

func TestOpenSearchDescription(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{}, WithBaseURL(testBaseURL(t)))
	rec := ts.get(t, "/opensearch.xml")
	if ct := rec.Header().Get("Content-Type"); ct != "application/opensearchdescription+xml; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	var d struct {
		XMLName   xml.Name `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
		ShortName string   `xml:"ShortName"`
		URLs      []struct {
			Type     string `xml:"type,attr"`
			Template string `xml:"template,attr"`
		} `xml:"Url"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &d); err != nil {
		t.Fatalf("parsing: %v\n%s", err, rec.Body)
	}
	if d.ShortName == "" {
		t.Error("no ShortName")
	}
	got := map[string]string{}
	for _, u := range d.URLs {
		got[u.Type] = u.Template
	}
	want := map[string]string{
		"text/html":                      "https://news.example.org/search?q={searchTerms}",
		"application/x-suggestions+json": "https://news.example.org/api/suggest/opensearch?q={searchTerms}",
		"application/atom+xml":           "https://news.example.org/search.atom?q={searchTerms}",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %v\nwant %v", got, want)
	}
}

// testBaseURL is the public address the feed tests configure.
func testBaseURL(t *testing.T) *url.URL {
	t.Helper()
	u, err := ParseBaseURL("https://news.example.org/")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func exportArticles() []index.Article {
	return []index.Article{
		{ID: "a1", Title: `Oil, "gas" and more`, Body: "## Lead in\n\nFirst paragraph.\n\nSecond.", Published: time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC),
			Source: "Reuters", URL: "https://example.com/a1", Actors: []index.Actor{{Name: "OPEC", Kind: index.Organization}, {Name: "Joe Biden", Kind: index.Person}}, Topics: []string{"economy", "politics"},
			Imported: time.Date(2024, 3, 6, 8, 0, 0, 250000000, time.UTC)},
		{ID: "a2", Title: "Plain", Body: "Only."},
	}
}

func TestExportCSV(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{stream: exportArticles()})
	rec := ts.get(t, "/export.csv?q=oil&actor=OPEC&sort=oldest")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d; body:\n%s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="newsarchive-`) || !strings.HasSuffix(cd, `.csv"`) {
		t.Errorf("Content-Disposition = %q", cd)
	}
	q, _ := ts.fake.lastQuery()
	if q.Text != "oil" || q.Sort != index.SortOldest || !reflect.DeepEqual(q.Actors, []string{"OPEC"}) || q.Highlight {
		t.Errorf("query = %+v", q)
	}
	if ts.fake.streamLimit != exportLimit {
		t.Errorf("limit = %d, want %d", ts.fake.streamLimit, exportLimit)
	}
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"id", "title", "published", "source", "url", "actors", "topics", "lead", "imported"},
		{"a1", `Oil, "gas" and more`, "2024-03-05T10:00:00Z", "Reuters", "https://example.com/a1", `[{"name":"OPEC","kind":"organization"},{"name":"Joe Biden","kind":"person"}]`, `["economy","politics"]`, "First paragraph.", "2024-03-06T08:00:00Z"},
		{"a2", "Plain", "", "", "", "[]", "[]", "Only.", ""},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows:\n got %q\nwant %q", rows, want)
	}
}

func TestExportJSONL(t *testing.T) {
	ts := newTestServer(t, &fakeSearcher{stream: exportArticles()})
	rec := ts.get(t, "/export.jsonl?topic=economy")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d", rec.Code)
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.HasSuffix(cd, `.jsonl"`) {
		t.Errorf("Content-Disposition = %q", cd)
	}
	// The import reads back every article, its times to the second.
	var got []index.Article
	sc := bufio.NewScanner(rec.Body)
	for sc.Scan() {
		a, err := ingest.DecodeJSON(sc.Bytes())
		if err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		got = append(got, withoutEmptyLists(a))
	}
	want := exportArticles()
	for i := range want {
		want[i].Published = want[i].Published.Truncate(time.Second)
		want[i].Imported = want[i].Imported.Truncate(time.Second)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("articles:\n got %+v\nwant %+v", got, want)
	}
}

// withoutEmptyLists is a with nil for its empty lists, which mean the
// same: the export writes [] for both.
func withoutEmptyLists(a index.Article) index.Article {
	if len(a.Authors) == 0 {
		a.Authors = nil
	}
	if len(a.Actors) == 0 {
		a.Actors = nil
	}
	if len(a.Topics) == 0 {
		a.Topics = nil
	}
	if len(a.Found) == 0 {
		a.Found = nil
	}
	if len(a.Acronyms) == 0 {
		a.Acronyms = nil
	}
	return a
}

func TestExportCap(t *testing.T) {
	for _, path := range []string{"/export.csv", "/export.jsonl"} {
		t.Run(path, func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{streamN: exportLimit + 500})
			rec := ts.get(t, path)
			if rec.Code != http.StatusOK {
				t.Fatalf("status = %d", rec.Code)
			}
			lines := strings.Count(rec.Body.String(), "\n")
			want := exportLimit
			if strings.HasSuffix(path, ".csv") {
				want++ // the header
			}
			if lines != want {
				t.Errorf("%d lines, want %d", lines, want)
			}
			if !rec.Flushed {
				t.Error("export was not flushed as it went")
			}
		})
	}
}

func TestExportEmptyAndErrors(t *testing.T) {
	t.Run("no results is a header", func(t *testing.T) {
		ts := newTestServer(t, &fakeSearcher{})
		rec := ts.get(t, "/export.csv?q=zzz")
		if rec.Code != http.StatusOK || rec.Body.String() != strings.Join(csvHeader, ",")+"\n" {
			t.Errorf("status %d, body %q", rec.Code, rec.Body)
		}
	})
	tests := []struct {
		name       string
		target     string
		fake       *fakeSearcher
		wantStatus int
	}{
		{"bad param", "/export.csv?sort=best", &fakeSearcher{}, http.StatusBadRequest},
		{"bad exclusion", "/export.jsonl?actor=A&not_actor=A", &fakeSearcher{}, http.StatusBadRequest},
		{"bad query", "/export.jsonl?q=(", &fakeSearcher{streamErr: &index.QueryError{Param: "q", Pos: 0, Msg: "unclosed ("}}, http.StatusBadRequest},
		{"index fails first", "/export.csv", &fakeSearcher{streamErr: errors.New("disk"), stream: exportArticles()}, http.StatusInternalServerError},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, tc.fake)
			rec := ts.get(t, tc.target)
			if rec.Code != tc.wantStatus {
				t.Fatalf("status = %d, want %d", rec.Code, tc.wantStatus)
			}
			// A program reads the export: the error is JSON, as the API's.
			var got ErrorResponse
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q, want application/json", ct)
			} else if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Error.Message == "" {
				t.Errorf("body = %.300s, want an ErrorResponse", rec.Body)
			}
			if cd := rec.Header().Get("Content-Disposition"); cd != "" {
				t.Errorf("Content-Disposition = %q on an error", cd)
			}
		})
	}
	t.Run("index fails midway aborts", func(t *testing.T) {
		ts := newTestServer(t, &fakeSearcher{stream: exportArticles(), streamErr: errors.New("disk"), streamErrAfter: 1})
		defer func() {
			if r := recover(); r != http.ErrAbortHandler {
				t.Errorf("recovered %v, want http.ErrAbortHandler", r)
			}
			if !strings.Contains(ts.logs.String(), "export cut short") {
				t.Errorf("not logged: %s", ts.logs)
			}
		}()
		ts.get(t, "/export.csv")
		t.Error("the export finished normally")
	})
}
