package web_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/web"
)

// TestDeadlineReachesBleve checks on a real index that the request's
// deadline is what Bleve searches under: with a deadline already passed,
// every search answers 503, which it could not if the index searched
// without the request's context.
func TestDeadlineReachesBleve(t *testing.T) {
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Put(t.Context(), plainArticles); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.DiscardHandler)
	for _, tc := range []struct {
		timeout time.Duration
		status  int
	}{{time.Nanosecond, http.StatusServiceUnavailable}, {time.Minute, http.StatusOK}} {
		h := web.New(ix, logger, web.WithSearchTimeout(tc.timeout)).Handler()
		for _, target := range []string{"/api/search?q=cocoa", "/api/search", "/search?q=oil", "/search.atom?q=oil"} {
			t.Run(tc.timeout.String()+target, func(t *testing.T) {
				rec := serve(h, target)
				if rec.Code != tc.status {
					t.Fatalf("status = %d, want %d; body: %.300s", rec.Code, tc.status, rec.Body)
				}
				var body web.ErrorResponse
				if tc.status != http.StatusOK && json.Unmarshal(rec.Body.Bytes(), &body) == nil && body.Error.Code != "timeout" {
					t.Errorf("error = %+v, want code timeout", body.Error)
				}
			})
		}
	}
}
