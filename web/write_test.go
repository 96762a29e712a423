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
