package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/importer"
	"github.com/newsarchive/newsarchive/web"
)

// getBackup asks srv for its backup with auth and returns the answer's
// status, headers and body.
func getBackup(t *testing.T, method, u, auth string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the backup: %v", err)
	}
	return resp.StatusCode, resp.Header, string(body)
}

// readLines decodes a JSON Lines body.
func readLines(t *testing.T, body io.Reader) []index.Article {
	t.Helper()
	var out []index.Article
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		var a index.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("line %d: %v", len(out)+1, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBackupAuth(t *testing.T) {
	open := func(t *testing.T) *httptest.Server {
		ix, err := bleve.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		srv := httptest.NewServer(web.New(ix, slog.New(slog.NewTextHandler(io.Discard, nil)), web.WithReadKey("reader")).Handler())
		t.Cleanup(srv.Close)
		return srv
	}
	withKeys := func(opts ...web.Option) func(t *testing.T) *httptest.Server {
		return func(t *testing.T) *httptest.Server {
			srv, ix := writeServer(t, opts...)
			if _, err := ix.Put(t.Context(), plainArticles); err != nil {
				t.Fatal(err)
			}
			return srv
		}
	}
	keyed, readKeyed := withKeys(), withKeys(web.WithReadKey("reader"))
	tests := []struct {
		name       string
		server     func(*testing.T) *httptest.Server
		path, auth string
		wantStatus int
		wantInBody string
	}{
		{"no write key: refused", open, "/api/backup", "Bearer reader", http.StatusForbidden, "Backups are disabled"},
		{"no header", keyed, "/api/backup", "", http.StatusUnauthorized, "Bearer"},
		{"the read key is not enough", readKeyed, "/api/backup", "Bearer reader", http.StatusUnauthorized, "not valid"},
		{"wrong key", keyed, "/api/backup", "Bearer " + testKey + "x", http.StatusUnauthorized, "not valid"},
		{"a search's parameters", keyed, "/api/backup?q=oil", "Bearer " + testKey, http.StatusBadRequest, "/export.jsonl"},
		{"write key", keyed, "/api/backup", "Bearer " + testKey, http.StatusOK, `"id":"p1"`},
		{"write key where reads need a key", readKeyed, "/api/backup", "Bearer " + testKey, http.StatusOK, `"id":"p2"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := tt.server(t)
			status, h, body := getBackup(t, http.MethodGet, srv.URL+tt.path, tt.auth)
			if status != tt.wantStatus || !strings.Contains(body, tt.wantInBody) {
				t.Errorf("status %d, body %.300s; want %d with %q", status, body, tt.wantStatus, tt.wantInBody)
			}
			if status == http.StatusUnauthorized && h.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if status >= 400 {
				var e web.ErrorResponse
				if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Message == "" {
					t.Errorf("error body %s is not the API's error JSON (%v)", body, err)
				}
			}
		})
	}
}

// manyArticles returns n small articles with ids in a known order.
func manyArticles(n int) []index.Article {
	arts := make([]index.Article, n)
	for i := range arts {
		arts[i] = index.Article{
			ID: fmt.Sprintf("a%06d", i), Title: fmt.Sprintf("Story %d", i), Body: "A short text.",
			Published: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour),
			Actors:    []index.Actor{{Name: "Someone", Kind: index.Person}}, Topics: []string{"economy"},
		}
	}
	return arts
}

// TestBackupStreamsEveryArticle backs up more articles than an export may
// hold, through the real router over HTTP, gzipped as a client asking for
// it gets them: every article comes once, in id order, as many as the
// header said.
func TestBackupStreamsEveryArticle(t *testing.T) {
	n := index.MaxResultWindow + 250
	if testing.Short() {
		n = 600
	}
	srv, ix := writeServer(t)
	arts := manyArticles(n)
	for i := 0; i < n; i += 2500 {
		if _, err := ix.Put(t.Context(), arts[i:min(i+2500, n)]); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/api/backup", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if got := resp.Header.Get(web.ArticleCountHeader); got != strconv.Itoa(n) {
		t.Errorf("%s = %q, want %d", web.ArticleCountHeader, got, n)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Errorf("Content-Type = %q, want JSON Lines", ct)
	}
	if !resp.Uncompressed {
		t.Error("the backup was not gzipped for a client that accepts gzip")
	}
	got := readLines(t, resp.Body)
	if len(got) != n {
		t.Fatalf("%d articles, want %d", len(got), n)
	}
	for i, a := range got {
		want := arts[i]
		want.Imported = a.Imported
		if a.Imported.IsZero() || !reflect.DeepEqual(a, want) {
			t.Fatalf("article %d = %+v, want %+v with its import time", i, a, want)
		}
	}

	status, h, body := getBackup(t, http.MethodHead, srv.URL+"/api/backup", "Bearer "+testKey)
	if status != http.StatusOK || h.Get(web.ArticleCountHeader) != strconv.Itoa(n) || body != "" {
		t.Errorf("HEAD: status %d, %s %q, body %d bytes; want 200, %d, none", status, web.ArticleCountHeader, h.Get(web.ArticleCountHeader), len(body), n)
	}
}

// midStream is the real index, with fn called once Backup has given
// after articles: writes made there happen while the backup streams.
type midStream struct {
	*bleve.Index
	after int
	fn    func()
}

func (m *midStream) Backup(ctx context.Context, begin func(uint64) error, fn func(index.Article) error) error {
	n := 0
	return m.Index.Backup(ctx, begin, func(a index.Article) error {
		if n++; n == m.after {
			m.fn()
		}
		return fn(a)
	})
}

// TestBackupWhileWriting imports, updates and deletes articles through
// the write API while a backup streams: the backup is the archive as it
// was when it started, each article once.
func TestBackupWhileWriting(t *testing.T) {
	ix, err := bleve.Open(t.TempDir(), bleve.WithShards(3))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	arts := manyArticles(1000)
	if _, err := ix.Put(t.Context(), arts); err != nil {
		t.Fatal(err)
	}
	var before []index.Article
	if err := ix.Each(t.Context(), func(a index.Article) error { before = append(before, a); return nil }); err != nil {
		t.Fatal(err)
	}
	m := &midStream{Index: ix, after: 500}
	srv := httptest.NewServer(web.New(m, slog.New(slog.NewTextHandler(io.Discard, nil)), web.WithWriter(importer.New(ix, sharedExtractor(t)), testKey)).Handler())
	t.Cleanup(srv.Close)
	auth := "Bearer " + testKey
	wrote := false
	m.fn = func() {
		wrote = true
		post := `{"id":"a000000-new","title":"Added before the first","body":"New."}
{"id":"zzz-new","title":"Added after the last","body":"New."}
{"id":"a000900","title":"Story 900 rewritten","body":"Changed."}
`
		if status, _, body := send(t, http.MethodPost, srv.URL+"/api/articles", "application/x-ndjson", auth, post); status != http.StatusOK {
			t.Errorf("import during the backup: status %d: %s", status, body)
		}
		for _, id := range []string{"a000100", "a000950"} { // given already, and still to come
			if status, _, body := send(t, http.MethodDelete, srv.URL+"/api/articles/"+id, "", auth, ""); status != http.StatusNoContent {
				t.Errorf("delete %s during the backup: status %d: %s", id, status, body)
			}
		}
	}
	status, h, body := getBackup(t, http.MethodGet, srv.URL+"/api/backup", auth)
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	if !wrote {
		t.Fatal("the writes were not made during the backup")
	}
	got := readLines(t, strings.NewReader(body))
	if h.Get(web.ArticleCountHeader) != strconv.Itoa(len(before)) {
		t.Errorf("%s = %s, want %d", web.ArticleCountHeader, h.Get(web.ArticleCountHeader), len(before))
	}
	if !reflect.DeepEqual(got, before) {
		seen := map[string]int{}
		for _, a := range got {
			seen[a.ID]++
		}
		t.Errorf("the backup holds %d articles (%d ids), want the %d held when it started; a000000-new %d, zzz-new %d, a000950 %d times",
			len(got), len(seen), len(before), seen["a000000-new"], seen["zzz-new"], seen["a000950"])
	}
	if _, err := ix.Get(t.Context(), "zzz-new"); err != nil {
		t.Errorf("the import during the backup did not go in: %v", err)
	}
}

// TestBackupOutlastsTheWriteTimeout serves a backup that takes longer
// than the server's write timeout, which bounds pages: it arrives whole.
func TestBackupOutlastsTheWriteTimeout(t *testing.T) {
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Put(t.Context(), manyArticles(300)); err != nil {
		t.Fatal(err)
	}
	const timeout = 300 * time.Millisecond
	m := &midStream{Index: ix, after: 150, fn: func() { time.Sleep(3 * timeout) }}
	srv := httptest.NewUnstartedServer(web.New(m, slog.New(slog.NewTextHandler(io.Discard, nil)), web.WithWriter(importer.New(ix, nil), testKey)).Handler())
	srv.Config.WriteTimeout = timeout
	srv.Start()
	t.Cleanup(srv.Close)
	status, h, body := getBackup(t, http.MethodGet, srv.URL+"/api/backup", "Bearer "+testKey)
	if got := len(readLines(t, strings.NewReader(body))); status != http.StatusOK || got != 300 || h.Get(web.ArticleCountHeader) != "300" {
		t.Errorf("status %d, %d articles of %s; want 200 and all 300", status, got, h.Get(web.ArticleCountHeader))
	}
}
