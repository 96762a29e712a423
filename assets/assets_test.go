package assets

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
)

func TestFromFS(t *testing.T) {
	set, err := FromFS(fstest.MapFS{
		"style.css": {Data: []byte("body{}")},
		"app.js":    {Data: []byte("1")},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, wantURL string
	}{
		// The first 8 hex digits of the SHA-256 of the content.
		{"style.css", "/assets/style.7c98040a.css"},
		{"app.js", "/assets/app.6b86b273.js"},
		{"missing.css", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := set.URL(tc.name); got != tc.wantURL {
				t.Errorf("URL(%q) = %q, want %q", tc.name, got, tc.wantURL)
			}
		})
	}
}

func TestHandler(t *testing.T) {
	set, err := New()
	if err != nil {
		t.Fatal(err)
	}
	css := set.URL("style.css")
	if css == "" {
		t.Fatal("no style.css embedded")
	}
	tests := []struct {
		path        string
		wantStatus  int
		wantCache   string
		wantType    string
		ifNoneMatch bool
	}{
		{css, http.StatusOK, "public, max-age=31536000, immutable", "text/css; charset=utf-8", false},
		{css, http.StatusNotModified, "public, max-age=31536000, immutable", "text/css; charset=utf-8", true},
		{"/assets/style.css", http.StatusOK, "no-cache", "text/css; charset=utf-8", false},
		{"/assets/style.00000000.css", http.StatusNotFound, "", "", false},
		{"/elsewhere/style.css", http.StatusNotFound, "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tc.path, nil)
			if tc.ifNoneMatch {
				f, _, _ := set.Lookup("style.css")
				req.Header.Set("If-None-Match", f.ETag)
			}
			rec := httptest.NewRecorder()
			set.Handler().ServeHTTP(rec, req)
			if rec.Code != tc.wantStatus {
				t.Fatalf("status = %d, want %d", rec.Code, tc.wantStatus)
			}
			if tc.wantStatus == http.StatusNotFound {
				return
			}
			if got := rec.Header().Get("Cache-Control"); got != tc.wantCache {
				t.Errorf("Cache-Control = %q, want %q", got, tc.wantCache)
			}
			if got := rec.Header().Get("Content-Type"); got != tc.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tc.wantType)
			}
		})
	}
}
