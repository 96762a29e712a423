package web

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// metricsPage answers GET /metrics in the Prometheus text format.
func (s *Server) metricsPage(c echo.Context) error {
	var b strings.Builder
	s.metrics.write(&b)
	if s.slots != nil {
		writeHeader(&b, "newsarchive_searches_in_flight", "gauge", "Searching requests being served now.")
		fmt.Fprintf(&b, "newsarchive_searches_in_flight %d\n", s.slots.inFlight())
		writeHeader(&b, "newsarchive_searches_refused_total", "counter", "Searching requests answered 503 because every search slot stayed busy.")
		fmt.Fprintf(&b, "newsarchive_searches_refused_total %d\n", s.slots.refused.Load())
	}
	n, err := s.searcher.Count()
	if err != nil {
		// Leaving the gauge out makes the scrape show the index as
		// unknown rather than empty.
		s.logger.WarnContext(c.Request().Context(), "metrics: counting articles", "err", err)
	} else {
		writeHeader(&b, "newsarchive_index_articles", "gauge", "Articles in the index.")
		fmt.Fprintf(&b, "newsarchive_index_articles %d\n", n)
	}
	return c.Blob(http.StatusOK, "text/plain; version=0.0.4; charset=utf-8", []byte(b.String()))
}

// Metrics counts what the server does, for GET /metrics. It is written by
// hand rather than with prometheus/client_golang: the text format of a
// few counters and one histogram is short, and the library would bring
// half a dozen modules into a binary that needs none of them otherwise.
// Its methods are safe for concurrent use.
//
// The write API reports imports through ImportStarted, ImportAdded and
// ImportDone (see their comments); everything else is counted by the
// server itself.
type Metrics struct {
	mu        sync.Mutex
	requests  map[requestKey]uint64
	durations map[string]*histogram // by route
	routes    map[string]bool       // the patterns the server answers; set once, before serving

	imported  atomic.Uint64
	importing atomic.Int64
}

type requestKey struct {
	route, method string
	status        int
}

// durationBuckets are the upper bounds, in seconds, of the request
// duration histogram: Prometheus's defaults, which span a cached page to
// a search at its deadline.
var durationBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; one more for +Inf
	sum    float64
	count  uint64
}

func newMetrics() *Metrics {
	return &Metrics{requests: map[requestKey]uint64{}, durations: map[string]*histogram{}}
}

// Metrics returns the server's metrics, for the parts of the program that
// count what the server cannot see itself.
func (s *Server) Metrics() *Metrics { return s.metrics }

// ImportStarted marks an import (a POST of articles, say) as running, for
// newsarchive_import_in_progress. Every call must be matched by one call
// to ImportDone, best deferred right after it.
func (m *Metrics) ImportStarted() { m.importing.Add(1) }

// ImportAdded counts n articles written to the index by an import, for
// newsarchive_import_articles_total.
func (m *Metrics) ImportAdded(n int) {
	if n > 0 {
		m.imported.Add(uint64(n))
	}
}

// ImportDone marks an import started with ImportStarted as finished,
// whether it succeeded or not.
func (m *Metrics) ImportDone() { m.importing.Add(-1) }

// observe counts one answered request. route is the route's pattern
// ("/articles/:id"), never the path asked for, so that the number of
// series stays fixed whatever clients request.
func (m *Metrics) observe(route, method string, status int, d time.Duration) {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
	default:
		method = "other" // so made-up methods do not make series either
	}
	secs := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{route, method, status}]++
	h := m.durations[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(durationBuckets)+1)}
		m.durations[route] = h
	}
	i, _ := slices.BinarySearch(durationBuckets, secs) // le: a value on a bound counts in that bucket
	h.counts[i]++
	h.sum += secs
	h.count++
}

// write writes the request and import metrics in the text format, in a
// fixed order so that scrapes compare line by line.
func (m *Metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	writeHeader(w, "newsarchive_http_requests_total", "counter", "HTTP requests answered, by route pattern, method and status.")
	keys := slices.SortedFunc(maps.Keys(m.requests), func(a, b requestKey) int {
		if c := strings.Compare(a.route, b.route); c != 0 {
			return c
		}
		if c := strings.Compare(a.method, b.method); c != 0 {
			return c
		}
		return a.status - b.status
	})
	for _, k := range keys {
		fmt.Fprintf(w, "newsarchive_http_requests_total{route=%s,method=%s,status=\"%d\"} %d\n", label(k.route), label(k.method), k.status, m.requests[k])
	}
	writeHeader(w, "newsarchive_http_request_duration_seconds", "histogram", "Time to answer an HTTP request, by route pattern.")
	for _, route := range slices.Sorted(maps.Keys(m.durations)) {
		h := m.durations[route]
		var cum uint64
		for i, le := range durationBuckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "newsarchive_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", label(route), strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(w, "newsarchive_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", label(route), h.count)
		fmt.Fprintf(w, "newsarchive_http_request_duration_seconds_sum{route=%s} %s\n", label(route), strconv.FormatFloat(h.sum, 'g', -1, 64))
		fmt.Fprintf(w, "newsarchive_http_request_duration_seconds_count{route=%s} %d\n", label(route), h.count)
	}
	writeHeader(w, "newsarchive_import_articles_total", "counter", "Articles written to the index by imports through the server.")
	fmt.Fprintf(w, "newsarchive_import_articles_total %d\n", m.imported.Load())
	writeHeader(w, "newsarchive_import_in_progress", "gauge", "Imports running now.")
	fmt.Fprintf(w, "newsarchive_import_in_progress %d\n", m.importing.Load())
}

func writeHeader(w io.Writer, name, typ, help string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
}

// label quotes a label value as the text format wants it.
var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func label(v string) string { return `"` + labelEscaper.Replace(v) + `"` }

// routeLabel is the pattern of the route that answered c, or
// "unmatched": for a path no route answers, Echo reports whatever part of
// its tree came closest, which says nothing about the request.
func (m *Metrics) routeLabel(c echo.Context) string {
	if p := c.Path(); m.routes[p] {
		return p
	}
	return "unmatched"
}

// setRoutes tells m the route patterns the server answers.
func (m *Metrics) setRoutes(routes []*echo.Route) {
	m.routes = map[string]bool{}
	for _, r := range routes {
		m.routes[r.Path] = true
	}
}
