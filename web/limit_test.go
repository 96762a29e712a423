package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/index"
)

// gateSearcher's searches block until open is closed or their context
// ends; its suggestions answer at once, from memory as the index's do.
type gateSearcher struct {
	*fakeSearcher
	started chan struct{}
	open    chan struct{}
}

func newGateSearcher() *gateSearcher {
	return &gateSearcher{
		fakeSearcher: &fakeSearcher{results: sampleResults(), suggest: []index.Suggestion{{Type: "actor", Text: "Ronald Reagan", Kind: index.Person, Count: 3}}},
		started:      make(chan struct{}, 16),
		open:         make(chan struct{}),
	}
}

func (g *gateSearcher) block(ctx context.Context) error {
	g.started <- struct{}{}
	select {
	case <-g.open:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g *gateSearcher) Search(ctx context.Context, q index.Query) (index.Results, error) {
	if err := g.block(ctx); err != nil {
		return index.Results{}, err
	}
	return g.fakeSearcher.Search(ctx, q)
}

// serveGet serves one GET of target.
func serveGet(h http.Handler, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

// serveAsync serves target in the background; the channel gets the
// answer.
func serveAsync(h http.Handler, target string) <-chan *httptest.ResponseRecorder {
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		done <- rec
	}()
	return done
}

func waitStarted(t *testing.T, g *gateSearcher) {
	t.Helper()
	select {
	case <-g.started:
	case <-time.After(5 * time.Second):
		t.Fatal("the search never started")
	}
}

// TestSearchLimit checks that with every search slot busy, a search is
// refused at once with 503 and Retry-After, in JSON on the API and as the
// error page elsewhere, long before the search timeout; that the routes
// that do not search, suggestions among them, still answer; and that the
// search holding the slot completes.
func TestSearchLimit(t *testing.T) {
	g := newGateSearcher()
	srv := New(g, discardLogger(), WithSearchLimit(1, 20*time.Millisecond))
	h := srv.Handler()
	first := serveAsync(h, "/api/search?q=cocoa")
	waitStarted(t, g)

	for _, target := range []string{"/api/search?q=gas", "/api/search?q=oil", "/search?q=oil", "/search?q=gas"} {
		start := time.Now()
		rec := serveGet(h, target)
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("%s: refused after %v, want about the 20 ms queue wait", target, took)
		}
		if rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("%s: status %d, want 503", target, rec.Code)
		}
		if got := rec.Header().Get("Retry-After"); got != "1" {
			t.Errorf("%s: Retry-After = %q, want 1", target, got)
		}
		if strings.HasPrefix(target, "/api/") {
			var got ErrorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Error.Code != "overloaded" {
				t.Errorf("%s: body = %s, want the overloaded error", target, rec.Body)
			}
			continue
		}
		doc, err := goquery.NewDocumentFromReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		if got := doc.Find(".error .message").Text(); !strings.Contains(got, "Too many searches") {
			t.Errorf("%s: message = %q, want it to say the archive is busy", target, got)
		}
	}

	// Suggestions answer from memory, so a reader typing is not kept
	// waiting behind searches.
	for _, target := range []string{"/healthz", "/readyz", "/help", "/opensearch.xml", srv.assets.URL("style.css"), "/api/suggest?q=Re", "/api/suggest/opensearch?q=Re"} {
		if rec := serveGet(h, target); rec.Code != http.StatusOK {
			t.Errorf("%s with the searches busy: status %d, want 200", target, rec.Code)
		}
	}
	metrics := serveGet(h, "/metrics").Body.String()
	for _, want := range []string{"newsarchive_searches_in_flight 1\n", "newsarchive_searches_refused_total 4\n"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q:\n%s", want, metrics)
		}
	}

	close(g.open)
	if rec := <-first; rec.Code != http.StatusOK {
		t.Errorf("the search holding the slot: status %d, want 200: %s", rec.Code, rec.Body)
	}
	if rec := serveGet(h, "/api/search?q=gas"); rec.Code != http.StatusOK {
		t.Errorf("after the slot came free: status %d, want 200", rec.Code)
	}
}

// TestSearchLimitQueue checks that a search finding the slots busy waits
// for one to come free within the queue wait, rather than being refused.
func TestSearchLimitQueue(t *testing.T) {
	g := newGateSearcher()
	h := New(g, discardLogger(), WithSearchLimit(1, 5*time.Second)).Handler()
	first := serveAsync(h, "/api/search?q=oil")
	waitStarted(t, g)
	second := serveAsync(h, "/api/search?q=gas")
	select {
	case rec := <-second:
		t.Fatalf("the second search was answered %d while the first held the only slot", rec.Code)
	case <-time.After(50 * time.Millisecond):
	}
	close(g.open)
	for _, done := range []<-chan *httptest.ResponseRecorder{first, second} {
		if rec := <-done; rec.Code != http.StatusOK {
			t.Errorf("status %d, want 200: %s", rec.Code, rec.Body)
		}
	}
}

// TestSearchLimitOff checks that WithSearchLimit(0, …) lets any number
// of searches run at once, and that there is a bound by default.
func TestSearchLimitOff(t *testing.T) {
	g := newGateSearcher()
	h := New(g, discardLogger(), WithSearchLimit(0, 0)).Handler()
	var all []<-chan *httptest.ResponseRecorder
	for range 3 {
		all = append(all, serveAsync(h, "/api/search?q=oil"))
		waitStarted(t, g)
	}
	close(g.open)
	for _, done := range all {
		if rec := <-done; rec.Code != http.StatusOK {
			t.Errorf("status %d, want 200", rec.Code)
		}
	}
	if srv := New(g, discardLogger()); srv.slots == nil || cap(srv.slots.busy) < DefaultSearchesPerCPU {
		t.Error("no bound on searches by default")
	}
}

// BenchmarkSearchLimit measures what the bound on searches costs a
// request when a slot is free ("free", against "off": no bound), with
// clients in parallel, and how soon a request is answered when every
// slot is busy ("refused", with a queue wait of 1 ms: its ns/op is about
// that wait, where without the bound the request would wait for the
// search timeout). Run with:
//
//	go test ./web -run '^$' -bench SearchLimit -count 5
func BenchmarkSearchLimit(b *testing.B) {
	for _, c := range []struct {
		name string
		opt  Option
	}{{"off", WithSearchLimit(0, 0)}, {"free", WithSearchLimit(64, DefaultSearchQueueWait)}} {
		b.Run(c.name, func(b *testing.B) {
			h := New(&fakeSearcher{results: sampleResults()}, discardLogger(), c.opt).Handler()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if rec := serveGet(h, "/api/search?q=oil"); rec.Code != http.StatusOK {
						b.Errorf("status %d", rec.Code)
					}
				}
			})
		})
	}
	b.Run("refused", func(b *testing.B) {
		g := newGateSearcher()
		h := New(g, discardLogger(), WithSearchLimit(1, time.Millisecond)).Handler()
		first := serveAsync(h, "/api/search?q=oil")
		<-g.started
		for b.Loop() {
			if rec := serveGet(h, "/api/search?q=gas"); rec.Code != http.StatusServiceUnavailable {
				b.Fatalf("status %d, want 503", rec.Code)
			}
		}
		close(g.open)
		<-first
	})
}
