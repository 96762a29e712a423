package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeBaseURL starts the real server with --base-url (or
// NEWSARCHIVE_BASE_URL) and checks that the feed and the OpenSearch
// description name that address, whatever Host the request sends.
func TestServeBaseURL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the server; skipped with -short")
	}
	bin := buildBinary(t)
	get := func(t *testing.T, url string) string {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, url, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = "evil.example"
		req.Header.Set("X-Forwarded-Host", "evil.example")
		req.Header.Set("X-Forwarded-Proto", "http")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", url, resp.StatusCode, b)
		}
		return string(b)
	}
	for _, tc := range []struct {
		name string
		env  []string
		args []string
	}{
		{"flag", nil, []string{"--base-url", "https://news.example.org/"}},
		{"env", []string{"NEWSARCHIVE_BASE_URL=https://news.example.org"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, log := startServe(t, bin, t.TempDir(), tc.env, tc.args...)
			if !log.has("base_url=https://news.example.org") {
				t.Errorf("the serving line does not name the base URL:\n%s", log)
			}
			d := get(t, srv.base+"/opensearch.xml")
			if n := strings.Count(d, `template="https://news.example.org/`); n != 3 {
				t.Errorf("%d templates under the base URL, want 3:\n%s", n, d)
			}
			feed := get(t, srv.base+"/search.atom?q=iran")
			if !strings.Contains(feed, "<id>https://news.example.org/articles/") || strings.Contains(feed, "evil") || strings.Contains(feed, srv.base) {
				t.Errorf("the feed does not name the base URL alone:\n%s", feed)
			}
		})
	}
}

// TestServeBadBaseURL checks that a base URL the feeds could not use stops
// serve before it opens the index, saying why.
func TestServeBadBaseURL(t *testing.T) {
	for _, bad := range []string{"news.example.org", "ftp://news.example.org", "https://news.example.org/?x=1", "https://news.example.org/#top"} {
		t.Run(bad, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			var stderr strings.Builder
			err := run(context.Background(), []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--base-url", bad}, func(string) string { return "" }, nil, io.Discard, &stderr)
			if err == nil || !strings.Contains(err.Error(), "--base-url") || !strings.Contains(err.Error(), bad) {
				t.Fatalf("error = %v, want one naming --base-url and %q", err, bad)
			}
			if _, err := os.Stat(data); err == nil {
				t.Error("the data directory was made: the index was opened before the flags were checked")
			}
		})
	}
}
