package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

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
