package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
)

// httpFixture serves a fake archive of one article over real HTTP, with a
// client that leaves compression to the test.
func httpFixture(t *testing.T) (*httptest.Server, *fakeSearcher, *http.Client) {
	t.Helper()
	fake := &fakeSearcher{
		results: sampleResults(),
		articles: map[string]index.Article{"a1": {
			ID: "a1", Title: "Oil prices rise", Published: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
			Body: strings.Repeat("Oil prices rose on Tuesday as OPEC held output steady.   ", 20),
		}},
	}
	ts := newTestServer(t, fake)
	srv := httptest.NewServer(ts.srv.Handler())
	t.Cleanup(srv.Close)
	return srv, fake, &http.Client{Transport: &http.Transport{DisableCompression: true}}
}

func send(t *testing.T, client *http.Client, method, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

// TestHead checks that HEAD answers as GET does, without a body.
func TestHead(t *testing.T) {
	srv, _, client := httpFixture(t)
	for _, path := range []string{"/", "/search?q=oil", "/search.atom", "/opensearch.xml", "/articles/a1", "/api/search", "/api/articles/a1", "/help", "/robots.txt"} {
		t.Run(path, func(t *testing.T) {
			get, _ := send(t, client, http.MethodGet, srv.URL+path, nil)
			head, body := send(t, client, http.MethodHead, srv.URL+path, nil)
			if head.StatusCode != http.StatusOK {
				t.Fatalf("HEAD status %d, want 200", head.StatusCode)
			}
			if len(body) != 0 {
				t.Errorf("HEAD sent %d bytes of body", len(body))
			}
			if g, h := get.Header.Get("Content-Type"), head.Header.Get("Content-Type"); g != h {
				t.Errorf("HEAD Content-Type %q, GET %q", h, g)
			}
		})
	}
}

// TestCompression checks that text answers are gzipped for clients that
// ask, and the same once unpacked.
func TestCompression(t *testing.T) {
	srv, _, client := httpFixture(t)
	for _, path := range []string{"/search?q=oil", "/api/search?q=oil", "/search.atom", "/articles/a1"} {
		t.Run(path, func(t *testing.T) {
			plain, want := send(t, client, http.MethodGet, srv.URL+path, nil)
			if plain.Header.Get("Content-Encoding") != "" {
				t.Errorf("compressed for a client that did not ask: %q", plain.Header.Get("Content-Encoding"))
			}
			res, body := send(t, client, http.MethodGet, srv.URL+path, map[string]string{"Accept-Encoding": "gzip"})
			if len(want) < 1024 {
				// Too small to be worth it.
				if got := res.Header.Get("Content-Encoding"); got != "" {
					t.Errorf("%d bytes sent with Content-Encoding %q", len(want), got)
				}
				return
			}
			if got := res.Header.Get("Content-Encoding"); got != "gzip" {
				t.Fatalf("Content-Encoding = %q, want gzip", got)
			}
			zr, err := gzip.NewReader(strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			// A page names its time to answer; compare without it.
			if len(body) >= len(got) || len(got) < len(want)/2 || len(got) > len(want)*2 {
				t.Errorf("gzip %d bytes unpacking to %d, plain %d", len(body), len(got), len(want))
			}
			if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("Vary = %q, want Accept-Encoding in it", res.Header.Get("Vary"))
			}
		})
	}
}

// TestRobotsAndDescriptions checks robots.txt and the pages' meta
// descriptions.
func TestRobotsAndDescriptions(t *testing.T) {
	srv, _, client := httpFixture(t)
	res, body := send(t, client, http.MethodGet, srv.URL+"/robots.txt", nil)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("robots.txt: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, line := range []string{"User-agent: *", "Allow: /articles/", "Disallow: /search", "Disallow: /api/"} {
		if !strings.Contains(string(body), line+"\n") {
			t.Errorf("robots.txt lacks %q:\n%s", line, body)
		}
	}
	tests := []struct{ path, want string }{
		{"/search?q=oil", `Articles matching "oil": 45 found`},
		{"/", "The newest articles of the archive: 45 found"},
		{"/articles/a1", "Oil prices rose on Tuesday as OPEC held output steady. Oil prices"},
		{"/help", "How to search the news archive"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, body := send(t, client, http.MethodGet, srv.URL+tt.path, nil)
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			got := doc.Find(`head meta[name=description]`).AttrOr("content", "")
			if !strings.HasPrefix(got, tt.want) || len(got) > 200 {
				t.Errorf("description = %q, want it to begin %q and be short", got, tt.want)
			}
		})
	}
}

// TestConditionalGet checks that a feed or an article asked again with
// its entity tag costs no search until the archive changes.
func TestConditionalGet(t *testing.T) {
	srv, fake, client := httpFixture(t)
	for _, path := range []string{"/search.atom?q=oil", "/articles/a1", "/api/articles/a1"} {
		t.Run(path, func(t *testing.T) {
			first, _ := send(t, client, http.MethodGet, srv.URL+path, nil)
			tag := first.Header.Get("ETag")
			if first.StatusCode != http.StatusOK || !strings.HasPrefix(tag, `W/"`) {
				t.Fatalf("first answer %d with ETag %q", first.StatusCode, tag)
			}
			fake.mu.Lock()
			asked := len(fake.queries)
			fake.mu.Unlock()
			again, body := send(t, client, http.MethodGet, srv.URL+path, map[string]string{"If-None-Match": tag})
			if again.StatusCode != http.StatusNotModified || len(body) != 0 {
				t.Errorf("asked again with its tag: %d with %d bytes, want 304 and none", again.StatusCode, len(body))
			}
			fake.mu.Lock()
			if len(fake.queries) != asked {
				t.Errorf("a 304 ran %d searches", len(fake.queries)-asked)
			}
			fake.gen++
			fake.mu.Unlock()
			changed, _ := send(t, client, http.MethodGet, srv.URL+path, map[string]string{"If-None-Match": tag})
			if changed.StatusCode != http.StatusOK || changed.Header.Get("ETag") == tag {
				t.Errorf("after a write: %d with ETag %q, want 200 and a new tag", changed.StatusCode, changed.Header.Get("ETag"))
			}
			other, _ := send(t, client, http.MethodGet, srv.URL+path+"&x=1", map[string]string{"If-None-Match": changed.Header.Get("ETag")})
			if other.StatusCode == http.StatusNotModified {
				t.Error("another address matched the tag")
			}
		})
	}
	t.Run("an error has no tag", func(t *testing.T) {
		res, _ := send(t, client, http.MethodGet, srv.URL+"/articles/nope", nil)
		if res.StatusCode != http.StatusNotFound || res.Header.Get("ETag") != "" {
			t.Errorf("unknown article: %d with ETag %q, want 404 and none", res.StatusCode, res.Header.Get("ETag"))
		}
	})
}
