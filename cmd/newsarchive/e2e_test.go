package main

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index/ingest"
	"github.com/newsarchive/newsarchive/internal/corpus"
	"github.com/newsarchive/newsarchive/seeds"
)

type apiFacet struct {
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Kind     string `json:"kind"`
	Selected bool   `json:"selected"`
}

type apiResults struct {
	Total int `json:"total"`
	Hits  []struct {
		ID     string `json:"id"`
		Title  string `json:"title"`
		Source string `json:"source"`
		Actors []struct {
			Name string `json:"name"`
			Kind string `json:"kind"`
		} `json:"actors"`
		Topics     []string            `json:"topics"`
		Highlights map[string][]string `json:"highlights"`
	} `json:"hits"`
	Facets struct {
		Actor []apiFacet `json:"actor"`
		Topic []apiFacet `json:"topic"`
		Date  []apiFacet `json:"date"`
	} `json:"facets"`
}

// TestFirstStart runs the real binary on an empty data folder: a first
// start indexes the seeds, a second start reuses the index.
func TestFirstStart(t *testing.T) {
	bin := buildBinary(t)
	data := t.TempDir()

	// First start: the seeds go in, the sample with its sources and dates.
	nseeds := seedCount(t)
	s := startServer(t, bin, data)
	var seed apiResults
	if code := s.getJSON(t, "/api/search", &seed); code != http.StatusOK || seed.Total != nseeds {
		t.Fatalf("first start: status %d, %d articles; want 200 and the %d bundled", code, seed.Total, nseeds)
	}
	var story apiResults
	s.getJSON(t, "/api/search?q=Magnitogorsk", &story)
	if story.Total != 1 || story.Hits[0].Source != "Wikinews" || len(story.Facets.Date) != 1 || story.Facets.Date[0].Value != "2019" {
		t.Errorf("q=Magnitogorsk: %d hits, date facet %+v; want the one Wikinews story of 2019", story.Total, story.Facets.Date)
	}
	s.stop(t)

	s = startServer(t, bin, data)
	var all apiResults
	s.getJSON(t, "/api/search", &all)
	if all.Total != nseeds {
		t.Fatalf("after restart: %d articles, want %d (the seeds must not be imported twice)", all.Total, nseeds)
	}
	s.stop(t)
}

// TestEndToEnd imports the shared corpora with the real binary and
// searches them through HTTP.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test imports the full corpora; skipped with -short")
	}
	reuters := corpus.Dir(t, "reuters21578")
	bin := buildBinary(t)
	archive := sharedCorpora(t)
	data := archive.data

	t.Logf("import bbc: %s", strings.TrimSpace(archive.bbcOut))
	if !strings.Contains(archive.bbcOut, "2225 articles") {
		t.Errorf("bbc import summary = %q, want 2225 articles", archive.bbcOut)
	}
	t.Logf("import reuters: %s", firstLine(archive.reutersOut))
	if !strings.Contains(archive.reutersOut, "21577 articles") {
		t.Errorf("reuters import summary = %q, want 21577 articles (one story in the set is empty)", firstLine(archive.reutersOut))
	}
	// A second import of the same files updates, never duplicates.
	out := runCmd(t, bin, "import", "--data", data, filepath.Join(reuters, "reut2-000.sgm"))
	if !strings.Contains(out, "0 new, 1000 updated") {
		t.Errorf("re-import summary = %q, want 0 new, 1000 updated", firstLine(out))
	}

	s := startServer(t, bin, data)
	t.Run("cocoa finds the Bahia cocoa review", func(t *testing.T) {
		var r apiResults
		s.getJSON(t, "/api/search?q=cocoa&size=50", &r)
		found := false
		for _, h := range r.Hits {
			if h.Title == "BAHIA COCOA REVIEW" {
				found = true
				if !strings.Contains(strings.Join(h.Highlights["body"], " "), "<mark>") {
					t.Errorf("highlights = %v, want a <mark>", h.Highlights)
				}
			}
		}
		if !found {
			t.Errorf("q=cocoa: BAHIA COCOA REVIEW not among the first %d of %d hits", len(r.Hits), r.Total)
		}
	})
	t.Run("drill-down narrows the total", func(t *testing.T) {
		var r0 apiResults
		s.getJSON(t, "/api/search?q=oil", &r0)
		if r0.Total == 0 || len(r0.Facets.Topic) == 0 || len(r0.Facets.Actor) == 0 {
			t.Fatalf("q=oil: total %d, topics %v, actors %d", r0.Total, r0.Facets.Topic, len(r0.Facets.Actor))
		}
		topic := r0.Facets.Topic[0]
		var r1 apiResults
		s.getJSON(t, "/api/search?q=oil&topic="+url.QueryEscape(topic.Value), &r1)
		if r1.Total != topic.Count {
			t.Errorf("topic %s: total %d, want the facet's count %d", topic.Value, r1.Total, topic.Count)
		}
		var actor apiFacet
		for _, a := range r1.Facets.Actor {
			if a.Count < r1.Total {
				actor = a
				break
			}
		}
		if actor.Value == "" {
			t.Fatalf("no actor narrows topic %s: %+v", topic.Value, r1.Facets.Actor)
		}
		var r2 apiResults
		s.getJSON(t, "/api/search?q=oil&topic="+url.QueryEscape(topic.Value)+"&actor="+url.QueryEscape(actor.Value), &r2)
		if !(r2.Total < r1.Total && r1.Total <= r0.Total) || r2.Total != actor.Count {
			t.Errorf("totals %d → %d → %d, want strictly narrowing to the actor count %d", r0.Total, r1.Total, r2.Total, actor.Count)
		}
	})
	t.Run("reuters dates are 1987", func(t *testing.T) {
		var r apiResults
		s.getJSON(t, "/api/search?q=source:reuters", &r)
		var years []string
		for _, d := range r.Facets.Date {
			years = append(years, d.Value)
		}
		if len(years) != 1 || years[0] != "1987" {
			t.Errorf("date facet of source:reuters = %v, want [1987]", years)
		}
		if r.Total < 21000 {
			t.Errorf("source:reuters total = %d, want the whole set", r.Total)
		}
	})
	t.Run("article page highlights the query", func(t *testing.T) {
		var r apiResults
		s.getJSON(t, "/api/search?q=%22bahia+cocoa%22", &r)
		if len(r.Hits) == 0 {
			t.Fatal("no hit for \"bahia cocoa\"")
		}
		doc, code := s.getHTML(t, "/articles/"+url.PathEscape(r.Hits[0].ID)+"?q=cocoa")
		if code != http.StatusOK {
			t.Fatalf("article page status %d", code)
		}
		if n := doc.Find("mark").Length(); n == 0 {
			t.Error("article page has no <mark>")
		}
	})
	t.Run("bad query is a 400 with a message", func(t *testing.T) {
		var r struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if code := s.getJSON(t, "/api/search?q=%22unclosed", &r); code != http.StatusBadRequest || r.Error.Message == "" {
			t.Errorf("status %d, error %+v; want 400 with a message", code, r.Error)
		}
	})
	t.Run("unknown article is a 404", func(t *testing.T) {
		var r map[string]any
		if code := s.getJSON(t, "/api/articles/no-such-id", &r); code != http.StatusNotFound {
			t.Errorf("status %d, want 404", code)
		}
	})
}

// seedCount is the number of articles bundled in seeds.FS, read with the
// import's own readers.
func seedCount(t *testing.T) int {
	t.Helper()
	var n int
	err := fs.WalkDir(seeds.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := seeds.FS.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		return ingest.Read(context.Background(), p, f, func(it ingest.Item) error {
			if it.Err != nil {
				return fmt.Errorf("%s: %v", it.Where, it.Err)
			}
			n++
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRunUsage checks the command line itself, without corpora.
func TestRunUsage(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no command", nil, 2, "Commands:"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"import without paths", []string{"import"}, 2, "usage: newsarchive import"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			err := run(context.Background(), tt.args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
			ee, ok := err.(exitError)
			if !ok || ee.code != tt.wantCode {
				t.Errorf("error = %v, want exit status %d", err, tt.wantCode)
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.wantErr)
			}
		})
	}
}
