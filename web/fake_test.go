package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/internal/marktest"
)

// fakeSearcher answers with canned values and records the queries it got.
type fakeSearcher struct {
	mu      sync.Mutex
	queries []index.Query
	hlText  []string

	results   index.Results
	searchErr error
	articles  map[string]index.Article
	blocks    []index.MarkedBlock
	hlErr     error
	panicMsg  string

	related    []index.Related
	relatedErr error
	coActors   map[string][]index.FacetValue
	suggest    []index.Suggestion
	suggestErr error
	prefixes   []string
	// stream is what Stream yields; streamN, when set, yields that many
	// generated articles instead. streamErr is returned after streaming
	// streamErrAfter articles.
	stream         []index.Article
	streamN        int
	streamErr      error
	streamErrAfter int
	streamLimit    int
	streamed       int

	count    uint64
	countErr error

	actors []index.ActorInfo
	gen    uint64
}

func (f *fakeSearcher) Count() (uint64, error) { return f.count, f.countErr }

func (f *fakeSearcher) Generation() uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gen
}

func (f *fakeSearcher) Search(_ context.Context, q index.Query) (index.Results, error) {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	if f.panicMsg != "" {
		panic(f.panicMsg)
	}
	if f.searchErr != nil {
		return index.Results{}, f.searchErr
	}
	return f.results, nil
}

func (f *fakeSearcher) Get(_ context.Context, id string) (index.Article, error) {
	a, ok := f.articles[id]
	if !ok {
		return index.Article{}, index.ErrNotFound
	}
	return a, nil
}

func (f *fakeSearcher) Highlight(_ context.Context, id, text string) ([]index.MarkedBlock, error) {
	f.mu.Lock()
	f.hlText = append(f.hlText, text)
	f.mu.Unlock()
	if _, ok := f.articles[id]; !ok {
		return nil, index.ErrNotFound
	}
	return f.blocks, f.hlErr
}

// lastQuery returns the last query searched, and whether there was one.
func (f *fakeSearcher) lastQuery() (index.Query, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queries) == 0 {
		return index.Query{}, false
	}
	return f.queries[len(f.queries)-1], true
}

// allQueries returns every query Search was given, in order.
func (f *fakeSearcher) allQueries() []index.Query {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.queries)
}

// testServer is a Server over fake, logging into a buffer.
type testServer struct {
	srv  *Server
	fake *fakeSearcher
	logs *bytes.Buffer
}

func newTestServer(t *testing.T, fake *fakeSearcher, opts ...Option) *testServer {
	t.Helper()
	if fake.articles == nil {
		fake.articles = map[string]index.Article{}
	}
	logs := &bytes.Buffer{}
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	return &testServer{srv: New(fake, logger, opts...), fake: fake, logs: logs}
}

func (ts *testServer) do(t *testing.T, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	ts.srv.Handler().ServeHTTP(rec, req)
	return rec
}

func (ts *testServer) get(t *testing.T, target string) *httptest.ResponseRecorder {
	t.Helper()
	return ts.do(t, http.MethodGet, target)
}

// page fetches target, checks the status and parses the HTML.
func (ts *testServer) page(t *testing.T, target string, wantStatus int) *goquery.Document {
	t.Helper()
	rec := ts.get(t, target)
	if rec.Code != wantStatus {
		t.Fatalf("GET %s: status = %d, want %d; body:\n%s", target, rec.Code, wantStatus, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("GET %s: Content-Type = %q, want text/html", target, ct)
	}
	doc, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		t.Fatalf("GET %s: parsing HTML: %v", target, err)
	}
	return doc
}

func attrs(sel *goquery.Selection, name string) []string {
	var out []string
	sel.Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr(name)
		out = append(out, v)
	})
	return out
}

// blockTexts is texts of article body blocks, without their permalinks.
func blockTexts(sel *goquery.Selection) []string {
	return texts(sel.Clone().Find(".permalink").Remove().End())
}

func texts(sel *goquery.Selection) []string {
	var out []string
	sel.Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.Join(strings.Fields(s.Text()), " "))
	})
	return out
}

func (f *fakeSearcher) Related(_ context.Context, id string, n int) ([]index.Related, error) {
	if f.relatedErr != nil {
		return nil, f.relatedErr
	}
	return f.related[:min(n, len(f.related))], nil
}

func (f *fakeSearcher) CoActors(_ context.Context, actor string, n int) ([]index.FacetValue, error) {
	vals := f.coActors[actor]
	return vals[:min(n, len(vals))], nil
}

func (f *fakeSearcher) Suggest(_ context.Context, prefix string, n int) ([]index.Suggestion, error) {
	f.mu.Lock()
	f.prefixes = append(f.prefixes, prefix)
	f.mu.Unlock()
	if f.suggestErr != nil {
		return nil, f.suggestErr
	}
	return f.suggest[:min(n, len(f.suggest))], nil
}

func (f *fakeSearcher) Actor(_ context.Context, name string) (index.ActorInfo, error) {
	for _, a := range f.actors {
		if strings.EqualFold(a.Name, name) || slices.ContainsFunc(a.Aliases, func(s string) bool { return strings.EqualFold(s, name) }) {
			return a, nil
		}
	}
	return index.ActorInfo{}, index.ErrNotFound
}

func (f *fakeSearcher) Actors(_ context.Context, q string, n int) ([]index.ActorInfo, error) {
	var out []index.ActorInfo
	for _, a := range f.actors {
		if strings.HasPrefix(strings.ToLower(a.Name), strings.ToLower(q)) && len(out) < n {
			out = append(out, a)
		}
	}
	return out, nil
}

func (f *fakeSearcher) Aliases(name string) []string {
	for _, a := range f.actors {
		if a.Name == name {
			return a.Aliases
		}
	}
	return nil
}

func (f *fakeSearcher) CanonicalActor(name string) string {
	if a, err := f.Actor(context.Background(), name); err == nil {
		return a.Name
	}
	return name
}

func (f *fakeSearcher) Stream(_ context.Context, q index.Query, limit int, fn func(index.Article) error) error {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.streamLimit = limit
	f.mu.Unlock()
	all := f.stream
	if f.streamN > 0 {
		all = make([]index.Article, f.streamN)
		for i := range all {
			all[i] = index.Article{ID: fmt.Sprintf("gen-%d", i), Title: fmt.Sprintf("Story %d", i), Body: "Text."}
		}
	}
	for i, a := range all {
		if f.streamErr != nil && i == f.streamErrAfter {
			return f.streamErr
		}
		if i == limit {
			break
		}
		if err := fn(a); err != nil {
			return err
		}
		f.mu.Lock()
		f.streamed++
		f.mu.Unlock()
	}
	if f.streamErr != nil && f.streamErrAfter >= len(all) {
		return f.streamErr
	}
	return nil
}

// marks reads a highlight written as a reader sees it into the index's
// form: plain text with spans.
func marks(h string) index.Marked { return marktest.Parse(h) }

// press submits the search form of doc with button, as a browser does,
// and returns the query of the address the server sends it on to.
func (ts *testServer) press(t *testing.T, doc *goquery.Document, button *goquery.Selection) url.Values {
	t.Helper()
	if button.Length() != 1 {
		t.Fatalf("found %d buttons, want 1", button.Length())
	}
	if got := button.AttrOr("form", ""); got != "search-form" {
		t.Fatalf("button submits form %q, want search-form", got)
	}
	form := doc.Find("form#search-form")
	v := url.Values{}
	form.Find("input[name]").Each(func(_ int, s *goquery.Selection) {
		v.Add(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	v.Add(button.AttrOr("name", ""), button.AttrOr("value", ""))
	rec := ts.get(t, form.AttrOr("action", "")+"?"+v.Encode())
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("pressing %q: status %d, want %d", button.AttrOr("value", ""), rec.Code, http.StatusSeeOther)
	}
	return query(t, rec.Header().Get("Location"))
}

// Backup gives the fake's articles in id order.
func (f *fakeSearcher) Backup(ctx context.Context, begin func(uint64) error, fn func(index.Article) error) error {
	f.mu.Lock()
	all := make([]index.Article, 0, len(f.articles))
	for _, id := range slices.Sorted(maps.Keys(f.articles)) {
		all = append(all, f.articles[id])
	}
	f.mu.Unlock()
	if err := begin(uint64(len(all))); err != nil {
		return err
	}
	for _, a := range all {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}
