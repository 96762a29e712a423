package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
)

// blockingSearcher searches until its context ends, then reports how it
// ended; it gives up by itself after a few seconds so that a missing
// deadline fails a test instead of hanging it.
type blockingSearcher struct {
	*fakeSearcher
	started chan struct{}
	ended   chan error
}

func newBlockingSearcher() *blockingSearcher {
	return &blockingSearcher{fakeSearcher: &fakeSearcher{articles: map[string]index.Article{}}, started: make(chan struct{}, 10), ended: make(chan error, 10)}
}

const blockLimit = 5 * time.Second

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

func (b *blockingSearcher) wait(ctx context.Context) error {
	b.started <- struct{}{}
	select {
	case <-ctx.Done():
		b.ended <- ctx.Err()
		return ctx.Err()
	case <-time.After(blockLimit):
		b.ended <- nil
		return nil
	}
}

func (b *blockingSearcher) Search(ctx context.Context, _ index.Query) (index.Results, error) {
	return index.Results{}, b.wait(ctx)
}

func (b *blockingSearcher) Stream(ctx context.Context, _ index.Query, _ int, _ func(index.Article) error) error {
	return b.wait(ctx)
}

// TestSearchDeadline checks that a search running past the server's
// search timeout is stopped and answered 503, on the page, the API and
// the other forms of a search.
func TestSearchDeadline(t *testing.T) {
	tests := []struct {
		target   string
		wantJSON bool
	}{
		{"/search?q=x", false},
		{"/api/search?q=x", true},
		{"/search.atom?q=x", false},
		{"/export.csv?q=x", false},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			b := newBlockingSearcher()
			srv := New(b, discardLogger(), WithSearchTimeout(20*time.Millisecond))
			rec := httptest.NewRecorder()
			start := time.Now()
			srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.target, nil))
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("answered after %v, want about the 20 ms deadline", took)
			}
			if got := <-b.ended; !errors.Is(got, context.DeadlineExceeded) {
				t.Errorf("search ended with %v, want context.DeadlineExceeded", got)
			}
			if rec.Code != http.StatusServiceUnavailable {
				t.Fatalf("status = %d, want 503", rec.Code)
			}
			if tc.wantJSON {
				var got ErrorResponse
				if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Error.Code != "timeout" {
					t.Errorf("body = %s, want the timeout error", rec.Body)
				}
				return
			}
			if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				doc, err := goquery.NewDocumentFromReader(rec.Body)
				if err != nil {
					t.Fatal(err)
				}
				if got := doc.Find(".error .message").Text(); !strings.Contains(got, "took too long") {
					t.Errorf("message = %q, want it to say the search took too long", got)
				}
			}
		})
	}
}

// TestSearchTimeoutOff checks that WithSearchTimeout(0) leaves searches
// unbounded, so the deadline seen above is the option's doing.
func TestSearchTimeoutOff(t *testing.T) {
	fake := &fakeSearcher{results: sampleResults()}
	var deadline bool
	srv := New(ctxSpy{fake, &deadline}, discardLogger(), WithSearchTimeout(0))
	srv.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/search?q=x", nil))
	if deadline {
		t.Error("the search had a deadline with the timeout off")
	}
	srv = New(ctxSpy{fake, &deadline}, discardLogger())
	srv.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/search?q=x", nil))
	if !deadline {
		t.Error("the search had no deadline by default")
	}
}

// ctxSpy records whether its searches' contexts had a deadline.
type ctxSpy struct {
	*fakeSearcher
	deadline *bool
}

func (s ctxSpy) Search(ctx context.Context, q index.Query) (index.Results, error) {
	_, *s.deadline = ctx.Deadline()
	return s.fakeSearcher.Search(ctx, q)
}

// TestClientGoneCancelsSearch checks that a search stops when its client
// disconnects, long before any deadline.
func TestClientGoneCancelsSearch(t *testing.T) {
	for _, target := range []string{"/search?q=x", "/api/search?q=x", "/export.jsonl?q=x"} {
		t.Run(target, func(t *testing.T) {
			b := newBlockingSearcher()
			ts := httptest.NewServer(New(b, discardLogger()).Handler())
			defer ts.Close()
			ctx, cancel := context.WithCancel(context.Background())
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+target, nil)
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				resp, err := http.DefaultClient.Do(req)
				if err == nil {
					resp.Body.Close()
				}
				done <- err
			}()
			select {
			case <-b.started:
			case <-time.After(2 * time.Second):
				t.Fatal("the search never started")
			}
			cancel()
			<-done
			select {
			case got := <-b.ended:
				if !errors.Is(got, context.Canceled) {
					t.Errorf("search ended with %v, want context.Canceled", got)
				}
			case <-time.After(2 * time.Second):
				t.Error("the search went on after the client left")
			}
		})
	}
}

// TestSecurityHeadersOnEveryResponse checks the headers on every kind of
// response: pages, JSON, feeds, exports, assets, errors and the
// operational endpoints.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	fake := &fakeSearcher{
		results:  sampleResults(),
		articles: map[string]index.Article{"a1": sampleArticle()},
		stream:   []index.Article{sampleArticle()},
		suggest:  []index.Suggestion{{Type: "actor", Text: "Joe Biden", Kind: index.Person, Count: 3}},
		count:    1,
	}
	ts := newTestServer(t, fake)
	style := ts.srv.assets.URL("style.css")
	tests := []struct {
		method, target string
		status         int
	}{
		{"GET", "/", 200},
		{"GET", "/search?q=oil", 200},
		{"GET", "/articles/a1?q=oil", 200},
		{"GET", "/help", 200},
		{"GET", "/search.atom?q=oil", 200},
		{"GET", "/opensearch.xml", 200},
		{"GET", "/export.csv", 200},
		{"GET", "/export.jsonl", 200},
		{"GET", "/api/search?q=oil", 200},
		{"GET", "/api/articles/a1", 200},
		{"GET", "/api/suggest?q=jo", 200},
		{"GET", "/api/suggest/opensearch?q=jo", 200},
		{"GET", style, 200},
		{"GET", "/healthz", 200},
		{"GET", "/readyz", 200},
		{"GET", "/metrics", 200},
		{"GET", "/search?page=x", 400},
		{"GET", "/api/search?page=x", 400},
		{"GET", "/export.csv?page=x", 400},
		{"GET", "/nowhere", 404},
		{"GET", "/api/articles/missing", 404},
		{"POST", "/search", 405},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			rec := ts.do(t, tc.method, tc.target)
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d", rec.Code, tc.status)
			}
			checkSecurityHeaders(t, rec.Header())
			if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				checkCSPCompatible(t, rec.Body.String())
			}
		})
	}
	t.Run("panic", func(t *testing.T) {
		ts := newTestServer(t, &fakeSearcher{panicMsg: "boom"})
		rec := ts.get(t, "/api/search?q=x")
		if rec.Code != http.StatusInternalServerError {
			t.Fatalf("status = %d, want 500", rec.Code)
		}
		checkSecurityHeaders(t, rec.Header())
	})
}

func checkSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	for k, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	csp := map[string]string{}
	for _, d := range strings.Split(h.Get("Content-Security-Policy"), ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		csp[name] = value
	}
	for name, want := range map[string]string{
		"default-src":     "'self'",
		"script-src":      "'self'",
		"style-src":       "'self'",
		"frame-ancestors": "'none'",
		"img-src":         "'self'",
		"object-src":      "'none'",
		"base-uri":        "'none'",
		"form-action":     "'self'",
	} {
		if got := csp[name]; got != want {
			t.Errorf("Content-Security-Policy %s = %q, want %q (policy %q)", name, got, want, h.Get("Content-Security-Policy"))
		}
	}
}

// checkCSPCompatible fails when a page holds what the policy would block
// and so break: inline script, event handler attributes, inline styles.
func checkCSPCompatible(t *testing.T, page string) {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if n := doc.Find("script:not([src])").Length(); n != 0 {
		t.Errorf("%d inline scripts", n)
	}
	if n := doc.Find("[style]").Length(); n != 0 {
		t.Errorf("%d elements with inline styles", n)
	}
	if n := doc.Find(`[src^="data:"], [src^="http:"], [src^="https:"], link[href^="http:"], link[href^="https:"]`).Length(); n != 0 {
		t.Errorf("%d resources from elsewhere than the archive", n)
	}
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s %s> is an inline event handler", goquery.NodeName(s), a.Key)
			}
		}
	})
}

func TestHealthAndReadiness(t *testing.T) {
	tests := []struct {
		target   string
		countErr error
		status   int
		body     string
	}{
		{"/healthz", nil, 200, "ok\n"},
		{"/healthz", errors.New("index closed"), 200, "ok\n"},
		{"/readyz", nil, 200, "ok\n"},
		{"/readyz", errors.New("index closed"), 503, "not ready: the index does not answer\n"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %v", tc.target, tc.countErr), func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{count: 3, countErr: tc.countErr})
			rec := ts.get(t, tc.target)
			if rec.Code != tc.status || rec.Body.String() != tc.body {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body, tc.status, tc.body)
			}
			if strings.Contains(rec.Body.String(), "closed") {
				t.Error("the index's error is shown")
			}
		})
	}
	for _, target := range []string{"/healthz", "/readyz"} {
		t.Run("HEAD "+target, func(t *testing.T) {
			ts := newTestServer(t, &fakeSearcher{count: 3})
			if rec := ts.do(t, http.MethodHead, target); rec.Code != http.StatusOK {
				t.Errorf("HEAD %s = %d, want 200", target, rec.Code)
			}
		})
	}
}

// sample is one line of the Prometheus text format.
type sample struct {
	name   string
	labels map[string]string
	value  float64
}

var sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$`)
var labelPair = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)

// parseMetrics reads the text format strictly: every line a comment or a
// sample, and every sample of a metric with a TYPE line.
func parseMetrics(t *testing.T, text string) []sample {
	t.Helper()
	typed := map[string]string{}
	var out []sample
	for line := range strings.SplitSeq(strings.TrimSuffix(text, "\n"), "\n") {
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name, typ, _ := strings.Cut(rest, " ")
			typed[name] = typ
			continue
		}
		if strings.HasPrefix(line, "# HELP ") {
			continue
		}
		m := sampleLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("not a sample: %q", line)
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		s := sample{name: m[1], labels: map[string]string{}, value: v}
		for _, p := range labelPair.FindAllStringSubmatch(m[2], -1) {
			s.labels[p[1]] = p[2]
		}
		base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s.name, "_bucket"), "_sum"), "_count")
		if typed[s.name] == "" && typed[base] != "histogram" {
			t.Errorf("%s has no TYPE line", s.name)
		}
		out = append(out, s)
	}
	return out
}

// value returns the value of the sample name with exactly labels, and
// whether there is one.
func value(samples []sample, name string, labels map[string]string) (float64, bool) {
	for _, s := range samples {
		if s.name != name || len(s.labels) != len(labels) {
			continue
		}
		match := true
		for k, v := range labels {
			match = match && s.labels[k] == v
		}
		if match {
			return s.value, true
		}
	}
	return 0, false
}

func TestMetrics(t *testing.T) {
	fake := &fakeSearcher{results: sampleResults(), articles: map[string]index.Article{"a1": sampleArticle()}, count: 42}
	ts := newTestServer(t, fake)
	for _, target := range []string{"/articles/a1", "/articles/a2", "/articles/a1", "/nowhere/secret-path", "/api/search?q=oil", "/api/search?page=x"} {
		ts.get(t, target)
	}
	ts.do(t, "BREW", "/search")
	m := ts.srv.Metrics()
	m.ImportStarted()
	m.ImportAdded(5)
	m.ImportAdded(2)

	rec := ts.get(t, "/metrics")
	if ct := rec.Header().Get("Content-Type"); ct != "text/plain; version=0.0.4; charset=utf-8" {
		t.Errorf("Content-Type = %q, want the Prometheus text format", ct)
	}
	samples := parseMetrics(t, rec.Body.String())
	requests := "newsarchive_http_requests_total"
	tests := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{requests, map[string]string{"route": "/articles/:id", "method": "GET", "status": "200"}, 2},
		{requests, map[string]string{"route": "/articles/:id", "method": "GET", "status": "404"}, 1},
		{requests, map[string]string{"route": "unmatched", "method": "GET", "status": "404"}, 1},
		{requests, map[string]string{"route": "/api/search", "method": "GET", "status": "200"}, 1},
		{requests, map[string]string{"route": "/api/search", "method": "GET", "status": "400"}, 1},
		{requests, map[string]string{"route": "/search", "method": "other", "status": "405"}, 1},
		{"newsarchive_http_request_duration_seconds_count", map[string]string{"route": "/articles/:id"}, 3},
		{"newsarchive_http_request_duration_seconds_bucket", map[string]string{"route": "/articles/:id", "le": "+Inf"}, 3},
		{"newsarchive_index_articles", map[string]string{}, 42},
		{"newsarchive_import_articles_total", map[string]string{}, 7},
		{"newsarchive_import_in_progress", map[string]string{}, 1},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.name, tc.labels), func(t *testing.T) {
			got, ok := value(samples, tc.name, tc.labels)
			if !ok || got != tc.want {
				t.Errorf("got %v (present %v), want %v", got, ok, tc.want)
			}
		})
	}
	t.Run("routes are patterns", func(t *testing.T) {
		for _, s := range samples {
			if r, ok := s.labels["route"]; ok && (strings.Contains(r, "a1") || strings.Contains(r, "a2") || strings.Contains(r, "secret")) {
				t.Errorf("%s has the raw path %q as its route", s.name, r)
			}
		}
	})
	t.Run("buckets are cumulative", func(t *testing.T) {
		last := -1.0
		for _, s := range samples {
			if s.name == "newsarchive_http_request_duration_seconds_bucket" && s.labels["route"] == "/articles/:id" {
				if s.value < last {
					t.Errorf("bucket le=%s = %v, below the one before (%v)", s.labels["le"], s.value, last)
				}
				last = s.value
			}
		}
		if last != 3 {
			t.Errorf("last bucket = %v, want 3", last)
		}
	})

	m.ImportDone()
	samples = parseMetrics(t, ts.get(t, "/metrics").Body.String())
	if got, _ := value(samples, "newsarchive_import_in_progress", map[string]string{}); got != 0 {
		t.Errorf("imports in progress after ImportDone = %v, want 0", got)
	}
	fake.countErr = errors.New("closed")
	samples = parseMetrics(t, ts.get(t, "/metrics").Body.String())
	if _, ok := value(samples, "newsarchive_index_articles", map[string]string{}); ok {
		t.Error("article gauge given while the index cannot count")
	}
}

// TestMetricsCountAbortedExports checks that an export cut short, which
// aborts the connection instead of returning, is still counted.
func TestMetricsCountAbortedExports(t *testing.T) {
	arts := make([]index.Article, 3)
	for i := range arts {
		arts[i] = sampleArticle()
	}
	srv := New(&fakeSearcher{stream: arts, streamErr: errors.New("disk"), streamErrAfter: 1}, discardLogger())
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/export.csv")
	if err == nil {
		resp.Body.Close()
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	samples := parseMetrics(t, rec.Body.String())
	if got, _ := value(samples, "newsarchive_http_requests_total", map[string]string{"route": "/export.csv", "method": "GET", "status": "200"}); got != 1 {
		t.Errorf("aborted exports counted = %v, want 1:\n%s", got, rec.Body)
	}
}
