package apidoc_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/importer"
	"github.com/newsarchive/newsarchive/web"
)

const testKey = "s3cret-write-key"

// loadExtractor reads the extraction models once for all the tests here.
var loadExtractor = sync.OnceValues(extract.New)

// writeServer serves an empty real index on disk through the real router,
// with the write API on and the given options after it.
func writeServer(t *testing.T, opts ...web.Option) (*httptest.Server, *bleve.Index) {
	t.Helper()
	ex, err := loadExtractor()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	opts = append([]web.Option{web.WithWriter(importer.New(ix, ex), testKey)}, opts...)
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
