package web_test

import (
	"log/slog"
	"net/http"
	"testing"

	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/web"
)

// TestReadinessOnRealIndex checks that /readyz follows the index: ready
// while it is open, not once it is closed, while /healthz stays up.
func TestReadinessOnRealIndex(t *testing.T) {
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	h := web.New(ix, slog.New(slog.DiscardHandler)).Handler()
	if rec := serve(h, "/readyz"); rec.Code != http.StatusOK {
		t.Errorf("open index: /readyz = %d, want 200", rec.Code)
	}
	ix.Close()
	if rec := serve(h, "/readyz"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("closed index: /readyz = %d, want 503", rec.Code)
	}
	if rec := serve(h, "/healthz"); rec.Code != http.StatusOK {
		t.Errorf("closed index: /healthz = %d, want 200", rec.Code)
	}
}
