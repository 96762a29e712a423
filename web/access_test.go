package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/web"
)

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
