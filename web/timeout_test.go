package web

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
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
		{"/search.atom?q=x", true},
		{"/export.csv?q=x", true},
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
