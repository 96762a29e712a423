package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

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
