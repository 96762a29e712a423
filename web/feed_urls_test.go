package web_test

import (
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/web"
)

// hostileHeaders are what a client sends to make the server name another
// host in what a cache keeps.
var hostileHeaders = map[string]string{
	"Host":               "evil.example",
	"X-Forwarded-Host":   "evil.example",
	"X-Forwarded-Proto":  "https",
	"X-Forwarded-Scheme": "https",
	"X-Forwarded-Port":   "4443",
	"X-Forwarded-Prefix": "/evil",
	"X-Original-Host":    "evil.example",
	"Forwarded":          "host=evil.example;proto=https",
	"X-Forwarded-Ssl":    "on",
	"X-Url-Scheme":       "https",
}

// feedURLServer serves a real index of plainArticles over real HTTP, so
// that requests have a connection whose address the server can see.
func feedURLServer(t *testing.T, opts ...web.Option) *httptest.Server {
	t.Helper()
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Put(t.Context(), plainArticles); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(ix, slog.New(slog.NewTextHandler(io.Discard, nil)), opts...).Handler())
	t.Cleanup(srv.Close)
	return srv
}

// fetchWith GETs url with the headers and returns the body.
func fetchWith(t *testing.T, url string, headers map[string]string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", url, resp.StatusCode, body)
	}
	return string(body)
}

// feedURLs are the URLs of an Atom feed: ids and link targets.
type feedURLs struct {
	ID    string `xml:"id"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID    string `xml:"id"`
		Links []struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func parseFeedURLs(t *testing.T, body string) feedURLs {
	t.Helper()
	var f feedURLs
	if err := xml.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("parsing the feed: %v\n%s", err, body)
	}
	if len(f.Entries) == 0 {
		t.Fatalf("the feed has no entries:\n%s", body)
	}
	return f
}

// TestFeedURLsIgnoreRequestHeaders checks that neither the Host header
// nor any forwarding header changes a byte of the feed or the OpenSearch
// description: a cache in front would keep and serve what one client
// made the server say.
func TestFeedURLsIgnoreRequestHeaders(t *testing.T) {
	srv := feedURLServer(t)
	for _, path := range []string{"/search.atom?q=cocoa", "/search.atom?topic=economy", "/opensearch.xml"} {
		t.Run(path, func(t *testing.T) {
			plain := fetchWith(t, srv.URL+path, nil)
			hostile := fetchWith(t, srv.URL+path, hostileHeaders)
			if hostile != plain {
				t.Errorf("the headers changed the answer:\n got %s\nwant %s", hostile, plain)
			}
			for _, bad := range []string{"evil", "4443", "https:"} {
				if strings.Contains(hostile, bad) {
					t.Errorf("the answer holds %q:\n%s", bad, hostile)
				}
			}
		})
	}
	t.Run("without a base URL", func(t *testing.T) {
		f := parseFeedURLs(t, fetchWith(t, srv.URL+"/search.atom?q=cocoa", hostileHeaders))
		// Ids must be absolute: they name the address the connection
		// came in on; links may be relative, and are.
		if !strings.HasPrefix(f.ID, srv.URL+"/search.atom?") {
			t.Errorf("feed id = %q, want it under the server's own address %s", f.ID, srv.URL)
		}
		for _, l := range f.Links {
			if !strings.HasPrefix(l.Href, "/") {
				t.Errorf("feed link %s = %q, want a path", l.Rel, l.Href)
			}
		}
		for _, e := range f.Entries {
			if e.ID != srv.URL+"/articles/p1" && e.ID != srv.URL+"/articles/p2" {
				t.Errorf("entry id = %q, want %s/articles/ID", e.ID, srv.URL)
			}
			if len(e.Links) != 1 || !strings.HasPrefix(e.Links[0].Href, "/articles/") {
				t.Errorf("entry links = %+v, want one path /articles/ID", e.Links)
			}
		}
		d := fetchWith(t, srv.URL+"/opensearch.xml", hostileHeaders)
		if n := strings.Count(d, `template="`+srv.URL+"/"); n != 3 {
			t.Errorf("%d templates under %s, want 3:\n%s", n, srv.URL, d)
		}
	})
}

// TestFeedURLsUseBaseURL checks that a configured base URL is the one
// address feeds and the OpenSearch description name, whatever the
// request's headers say.
func TestFeedURLsUseBaseURL(t *testing.T) {
	base, err := web.ParseBaseURL("https://news.example.org")
	if err != nil {
		t.Fatal(err)
	}
	srv := feedURLServer(t, web.WithBaseURL(base))
	for _, headers := range []map[string]string{nil, hostileHeaders} {
		f := parseFeedURLs(t, fetchWith(t, srv.URL+"/search.atom?q=cocoa", headers))
		urls := []string{f.ID}
		for _, l := range f.Links {
			urls = append(urls, l.Href)
		}
		for _, e := range f.Entries {
			urls = append(urls, e.ID)
			for _, l := range e.Links {
				urls = append(urls, l.Href)
			}
		}
		for _, u := range urls {
			if !strings.HasPrefix(u, "https://news.example.org/") {
				t.Errorf("feed URL %q, want it under https://news.example.org/", u)
			}
		}
		d := fetchWith(t, srv.URL+"/opensearch.xml", headers)
		if n := strings.Count(d, `template="https://news.example.org/`); n != 3 {
			t.Errorf("%d templates under the base URL, want 3:\n%s", n, d)
		}
		if strings.Contains(d, "evil") || strings.Contains(d, "127.0.0.1") {
			t.Errorf("the description names another host:\n%s", d)
		}
	}
}

func TestParseBaseURL(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{in: "https://news.example.org", want: "https://news.example.org"},
		{in: "https://news.example.org/", want: "https://news.example.org"},
		{in: " HTTP://News.Example.org:8443/ ", want: "http://News.Example.org:8443"},
		{in: "http://[::1]:8080", want: "http://[::1]:8080"},
		{in: "", wantErr: "absolute http or https"},
		{in: "news.example.org", wantErr: "absolute http or https"},
		{in: "/news", wantErr: "absolute http or https"},
		{in: "ftp://news.example.org", wantErr: "absolute http or https"},
		{in: "javascript:alert(1)", wantErr: "absolute http or https"},
		{in: "https://", wantErr: "no host"},
		{in: "https://:8080", wantErr: "no host"},
		{in: "https://user:secret@news.example.org", wantErr: "https://user:xxxxx@news.example.org\": a user or password"},
		{in: "https://news.example.org/?a=b", wantErr: "query"},
		{in: "https://news.example.org/?", wantErr: "query"},
		{in: "https://news.example.org/#top", wantErr: "fragment"},
		{in: "https://news.example.org#", wantErr: "fragment"},
		{in: "https://news.example.org/archive", wantErr: "path"},
		{in: "https://news example.org", wantErr: "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := web.ParseBaseURL(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseBaseURL(%q) = %v, %v; want an error mentioning %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseBaseURL(%q): %v", tt.in, err)
			}
			if got.String() != tt.want {
				t.Errorf("ParseBaseURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
