package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/importer"
	"github.com/newsarchive/newsarchive/web"
)

const testKey = "s3cret-write-key"

var (
	extractorOnce sync.Once
	extractor     *extract.Extractor
	extractorErr  error
)

// sharedExtractor loads the models once for all the tests here; they
// take a moment to read.
func sharedExtractor(t *testing.T) *extract.Extractor {
	t.Helper()
	extractorOnce.Do(func() { extractor, extractorErr = extract.New() })
	if extractorErr != nil {
		t.Fatal(extractorErr)
	}
	return extractor
}

// writeServer serves an empty real index on disk through the real router,
// with the given options; the writer comes first so a test's options can
// override it.
func writeServer(t *testing.T, opts ...web.Option) (*httptest.Server, *bleve.Index) {
	t.Helper()
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	w := importer.New(ix, sharedExtractor(t))
	opts = append([]web.Option{web.WithWriter(w, testKey)}, opts...)
	srv := httptest.NewServer(web.New(ix, slog.New(slog.NewTextHandler(io.Discard, nil)), opts...).Handler())
	t.Cleanup(srv.Close)
	return srv, ix
}

// send makes one request and returns the status, headers and body.
func send(t *testing.T, method, u, contentType, auth, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

func decodeWrite(t *testing.T, body string) web.WriteResponse {
	t.Helper()
	var r web.WriteResponse
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
	return r
}

const cocoaJSON = `{"id":"t-1","title":"Cocoa crop rises","body":"Cocoa farmers in Bahia expect a larger crop.","source":"Wire"}`

func TestWriteAuth(t *testing.T) {
	open := func(t *testing.T) *httptest.Server {
		// A server built the way existing callers build it: no options.
		ix, err := bleve.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		srv := httptest.NewServer(web.New(ix, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
		t.Cleanup(srv.Close)
		return srv
	}
	noKey := func(t *testing.T) *httptest.Server {
		// A writer but an empty key: still closed.
		srv, _ := writeServer(t, web.WithWriter(nil, ""))
		return srv
	}
	keyed := func(t *testing.T) *httptest.Server {
		srv, _ := writeServer(t)
		return srv
	}
	tests := []struct {
		name       string
		server     func(*testing.T) *httptest.Server
		method     string
		path       string
		auth       string
		wantStatus int
		wantInBody string
	}{
		{"no options: post refused", open, http.MethodPost, "/api/articles", "Bearer " + testKey, http.StatusForbidden, "NEWSARCHIVE_API_KEY"},
		{"no options: delete refused", open, http.MethodDelete, "/api/articles/t-1", "Bearer " + testKey, http.StatusForbidden, "NEWSARCHIVE_API_KEY"},
		{"empty key: post refused", noKey, http.MethodPost, "/api/articles", "Bearer ", http.StatusForbidden, "NEWSARCHIVE_API_KEY"},
		{"no header", keyed, http.MethodPost, "/api/articles", "", http.StatusUnauthorized, "Bearer"},
		{"wrong key", keyed, http.MethodPost, "/api/articles", "Bearer not-the-key", http.StatusUnauthorized, "not valid"},
		{"key as a prefix", keyed, http.MethodPost, "/api/articles", "Bearer " + testKey[:5], http.StatusUnauthorized, "not valid"},
		{"key with more", keyed, http.MethodPost, "/api/articles", "Bearer " + testKey + "x", http.StatusUnauthorized, "not valid"},
		{"basic auth is not bearer", keyed, http.MethodPost, "/api/articles", "Basic " + testKey, http.StatusUnauthorized, "Bearer"},
		{"wrong key: delete", keyed, http.MethodDelete, "/api/articles/t-1", "Bearer nope", http.StatusUnauthorized, "not valid"},
		{"right key", keyed, http.MethodPost, "/api/articles", "Bearer " + testKey, http.StatusOK, `"added":1`},
		{"scheme in lower case", keyed, http.MethodPost, "/api/articles", "bearer " + testKey, http.StatusOK, `"added":1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := tt.server(t)
			status, h, body := send(t, tt.method, srv.URL+tt.path, "application/json", tt.auth, cocoaJSON)
			if status != tt.wantStatus || !strings.Contains(body, tt.wantInBody) {
				t.Errorf("status %d, body %s; want %d with %q", status, body, tt.wantStatus, tt.wantInBody)
			}
			if status == http.StatusUnauthorized && h.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if status >= 400 && !strings.Contains(body, `"error"`) {
				t.Errorf("error body %s is not the API's error JSON", body)
			}
		})
	}
}

func TestWriteBodies(t *testing.T) {
	srv, _ := writeServer(t, web.WithMaxBody(4096))
	auth := "Bearer " + testKey
	big := `{"title":"Big","body":"` + strings.Repeat("word ", 1000) + `"}`
	tests := []struct {
		name        string
		contentType string
		body        string
		wantStatus  int
		wantAdded   int
		wantIDs     []string
		wantSkipped []int // lines
	}{
		{"one article", "application/json", cocoaJSON, http.StatusOK, 1, []string{"t-1"}, nil},
		{"one article, pretty-printed", "application/json; charset=utf-8", "{\n  \"id\": \"t-2\",\n  \"title\": \"Gold <b>rises</b>\",\n  \"body\": \"Gold rose.\"\n}", http.StatusOK, 1, []string{"t-2"}, nil},
		{"array with a bad element", "application/json",
			`[{"id":"a-1","title":"One","body":"First."}, {"body":"no title"}, 5, {"id":"a-2","title":"Two","body":"Second."}]`,
			http.StatusOK, 2, []string{"a-1", "a-2"}, []int{2, 3}},
		{"json lines with bad lines", "application/x-ndjson",
			"{\"id\":\"n-1\",\"title\":\"One\",\"body\":\"First.\"}\n\nnot json\n{\"id\":\"n-2\",\"title\":\"Two\",\"body\":\"Second.\"}\n{\"title\":3}\n",
			http.StatusOK, 2, []string{"n-1", "n-2"}, []int{3, 5}},
		{"story quoting SGML", "application/x-ndjson",
			`{"id":"n-3","title":"Markup","body":"The file starts <REUTERS TOPICS=\"YES\"> and goes on."}`,
			http.StatusOK, 1, []string{"n-3"}, nil},
		{"every record bad", "application/x-ndjson", "{\"body\":\"no title\"}\n[1]\n", http.StatusUnprocessableEntity, 0, []string{}, []int{1, 2}},
		{"not JSON", "application/json", "title: cocoa", http.StatusBadRequest, 0, nil, nil},
		{"not JSON lines", "application/x-ndjson", "title: cocoa\nbody: none\n", http.StatusBadRequest, 0, nil, nil},
		{"empty array", "application/json", "[]", http.StatusBadRequest, 0, nil, nil},
		{"empty body", "application/x-ndjson", "\n\n", http.StatusBadRequest, 0, nil, nil},
		{"a number", "application/json", "42", http.StatusBadRequest, 0, nil, nil},
		{"wrong media type", "text/plain", cocoaJSON, http.StatusUnsupportedMediaType, 0, nil, nil},
		{"over the size limit", "application/json", big, http.StatusRequestEntityTooLarge, 0, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := send(t, http.MethodPost, srv.URL+"/api/articles", tt.contentType, auth, tt.body)
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d; body %s", status, tt.wantStatus, body)
			}
			if status != http.StatusOK && status != http.StatusUnprocessableEntity {
				return
			}
			r := decodeWrite(t, body)
			var lines []int
			for _, sk := range r.Skipped {
				lines = append(lines, sk.Line)
				if sk.Error == "" {
					t.Errorf("skipped line %d has no reason", sk.Line)
				}
			}
			if r.Added+r.Updated != tt.wantAdded || !slices.Equal(r.IDs, tt.wantIDs) || !slices.Equal(lines, tt.wantSkipped) {
				t.Errorf("got added %d + updated %d, ids %v, skipped lines %v; want %d, %v, %v (%s)",
					r.Added, r.Updated, r.IDs, lines, tt.wantAdded, tt.wantIDs, tt.wantSkipped, body)
			}
		})
	}
	t.Run("size limit without Content-Length", func(t *testing.T) {
		// A chunked body is cut off as it is read, not trusted by its header.
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/api/articles", io.MultiReader(strings.NewReader(big)))
		if err != nil {
			t.Fatal(err)
		}
		req.ContentLength = -1
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", auth)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", resp.StatusCode)
		}
	})
}

func TestWriteThenSearchAndDelete(t *testing.T) {
	srv, _ := writeServer(t)
	auth := "Bearer " + testKey
	post := func(t *testing.T, ct, body string) web.WriteResponse {
		t.Helper()
		status, _, b := send(t, http.MethodPost, srv.URL+"/api/articles", ct, auth, body)
		if status != http.StatusOK {
			t.Fatalf("POST: status %d: %s", status, b)
		}
		return decodeWrite(t, b)
	}
	lines := strings.Join([]string{
		`{"title":"Zanzibar talks resume","body":"Joe Biden met Benjamin Netanyahu in Jerusalem to discuss Zanzibar."}`,
		`{"title":"Quokka census","body":"Rangers counted quokkas on Rottnest Island.","url":"https://example.org/quokka"}`,
	}, "\n")
	first := post(t, "application/x-ndjson", lines)
	wantIDs := []string{
		index.ContentID("Zanzibar talks resume", "Joe Biden met Benjamin Netanyahu in Jerusalem to discuss Zanzibar."),
		index.URLID("https://example.org/quokka"),
	}
	if first.Added != 2 || first.Updated != 0 || !slices.Equal(first.IDs, wantIDs) {
		t.Fatalf("first post: %+v, want 2 added with ids %v (the import's id rules)", first, wantIDs)
	}
	again := post(t, "application/x-ndjson", lines)
	if again.Added != 0 || again.Updated != 2 {
		t.Errorf("same articles again: added %d, updated %d; want 0 and 2", again.Added, again.Updated)
	}

	t.Run("metrics count the posted articles", func(t *testing.T) {
		_, _, b := send(t, http.MethodGet, srv.URL+"/metrics", "", "", "")
		for _, want := range []string{"newsarchive_import_articles_total 4\n", "newsarchive_import_in_progress 0\n"} {
			if !strings.Contains(b, want) {
				t.Errorf("/metrics lacks %q", want)
			}
		}
	})
	t.Run("search finds a posted article", func(t *testing.T) {
		var r web.SearchResponse
		status, _, b := send(t, http.MethodGet, srv.URL+"/api/search?q=zanzibar", "", "", "")
		if err := json.Unmarshal([]byte(b), &r); err != nil || status != http.StatusOK {
			t.Fatalf("search: status %d, %v: %s", status, err, b)
		}
		if r.Total != 1 || r.Hits[0].ID != wantIDs[0] {
			t.Fatalf("q=zanzibar: total %d, hits %+v; want the posted article", r.Total, r.Hits)
		}
		var names []string
		for _, a := range r.Hits[0].Actors {
			names = append(names, a.Name)
		}
		if !slices.Contains(names, "Benjamin Netanyahu") {
			t.Errorf("actors %v: want the extractor's Benjamin Netanyahu (posted articles are enriched)", names)
		}
	})
	tests := []struct {
		name       string
		id         string
		wantStatus int
	}{
		{"delete a posted article", wantIDs[1], http.StatusNoContent},
		{"delete it again", wantIDs[1], http.StatusNotFound},
		{"delete an unknown id", "no-such-id", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := send(t, http.MethodDelete, srv.URL+"/api/articles/"+url.PathEscape(tt.id), "", auth, "")
			if status != tt.wantStatus {
				t.Errorf("DELETE: status %d, want %d: %s", status, tt.wantStatus, body)
			}
			if status, _, _ := send(t, http.MethodGet, srv.URL+"/api/articles/"+url.PathEscape(tt.id), "", "", ""); status != http.StatusNotFound {
				t.Errorf("GET after DELETE: status %d, want 404", status)
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	srv, _ := writeServer(t, web.WithRateLimit(0.5, 2))
	get := func(path string) (int, http.Header) {
		req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Forwarded-For", "203.0.113."+strconv.Itoa(len(path)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header
	}
	tests := []struct {
		name       string
		path       string
		wantStatus int
	}{
		{"first of the burst", "/api/search?q=a", http.StatusOK},
		{"second of the burst", "/api/suggest?q=ab", http.StatusOK},
		{"over the limit", "/api/search?q=b", http.StatusTooManyRequests},
		{"writes count too", "/api/articles/x", http.StatusTooManyRequests},
		{"a forged X-Forwarded-For is no way out", "/api/search?q=c", http.StatusTooManyRequests},
		{"pages are not limited", "/help", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h := get(tt.path)
			if status != tt.wantStatus {
				t.Fatalf("GET %s: status %d, want %d", tt.path, status, tt.wantStatus)
			}
			if status == http.StatusTooManyRequests && h.Get("Retry-After") != "2" {
				t.Errorf("Retry-After = %q, want \"2\" (one request every 2 s)", h.Get("Retry-After"))
			}
		})
	}
}

func TestReadKey(t *testing.T) {
	const readKey = "reader-key"
	srv, ix := writeServer(t, web.WithReadKey(readKey))
	if _, err := ix.Put(context.Background(), []index.Article{{ID: "r-1", Title: "Cocoa", Body: "Cocoa."}}); err != nil {
		t.Fatal(err)
	}
	basic := func(pass string) string {
		req, _ := http.NewRequest(http.MethodGet, "/", nil)
		req.SetBasicAuth("anyone", pass)
		return req.Header.Get("Authorization")
	}
	tests := []struct {
		name       string
		path       string
		auth       string
		wantStatus int
		wantChall  string // WWW-Authenticate scheme on a 401
	}{
		{"api without key", "/api/search?q=cocoa", "", http.StatusUnauthorized, "Bearer"},
		{"api with read key", "/api/search?q=cocoa", "Bearer " + readKey, http.StatusOK, ""},
		{"api with write key", "/api/articles/r-1", "Bearer " + testKey, http.StatusOK, ""},
		{"api with wrong key", "/api/search?q=cocoa", "Bearer nope", http.StatusUnauthorized, "Bearer"},
		{"api key in the URL is not accepted", "/api/search?q=cocoa&key=" + readKey, "", http.StatusUnauthorized, "Bearer"},
		{"api with basic auth is not accepted", "/api/search?q=cocoa", basic(readKey), http.StatusUnauthorized, "Bearer"},
		{"page without key", "/search?q=cocoa", "", http.StatusUnauthorized, "Basic"},
		{"page with basic auth", "/search?q=cocoa", basic(readKey), http.StatusOK, ""},
		{"page with wrong password", "/articles/r-1", basic("nope"), http.StatusUnauthorized, "Basic"},
		{"page with bearer", "/articles/r-1", "Bearer " + readKey, http.StatusOK, ""},
		{"export without key", "/export.jsonl?q=cocoa", "", http.StatusUnauthorized, "Basic"},
		{"health probe stays open", "/healthz", "", http.StatusNotFound, ""}, // routed by another part; never 401
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, body := send(t, http.MethodGet, srv.URL+tt.path, "", tt.auth, "")
			if tt.path == "/healthz" {
				if status == http.StatusUnauthorized {
					t.Errorf("/healthz: 401; probes must not need the key")
				}
				return
			}
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %.200s", status, tt.wantStatus, body)
			}
			if tt.wantChall != "" && !strings.HasPrefix(h.Get("WWW-Authenticate"), tt.wantChall) {
				t.Errorf("WWW-Authenticate = %q, want %s", h.Get("WWW-Authenticate"), tt.wantChall)
			}
			if status == http.StatusOK && strings.Contains(body, "needs a key") {
				t.Error("200 with the key prompt")
			}
		})
	}
}

// closingWriter is an index that has stopped taking writes, as during
// shutdown.
type closingWriter struct{}

func (closingWriter) Import(context.Context, []index.Article) (index.PutStats, error) {
	return index.PutStats{}, web.ErrClosing
}
func (closingWriter) Delete(context.Context, string) error { return web.ErrClosing }

func TestWriteWhileClosing(t *testing.T) {
	srv, _ := writeServer(t, web.WithWriter(closingWriter{}, testKey))
	tests := []struct {
		name, method, path, body string
	}{
		{"post", http.MethodPost, "/api/articles", cocoaJSON},
		{"delete", http.MethodDelete, "/api/articles/t-1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, body := send(t, tt.method, srv.URL+tt.path, "application/json", "Bearer "+testKey, tt.body)
			if status != http.StatusServiceUnavailable || h.Get("Retry-After") == "" || !strings.Contains(body, "shutting down") {
				t.Errorf("status %d, Retry-After %q, body %s; want 503 saying the archive is shutting down", status, h.Get("Retry-After"), body)
			}
		})
	}
}
