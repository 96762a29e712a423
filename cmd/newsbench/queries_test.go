package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
)

func TestChooseTerms(t *testing.T) {
	arts := articles(t, 200)
	a, b := chooseTerms(arts), chooseTerms(arts)
	if a != b {
		t.Fatalf("chooseTerms differs between two calls:\n%+v\n%+v", a, b)
	}
	if a.Common == "" || a.Rare == "" || a.Actor == "" || a.Phrase[0] == "" || a.Not == "" {
		t.Fatalf("a term is missing: %+v", a)
	}
	if a.CommonDF < a.Sampled/4 {
		t.Errorf("common term %q is in %d of %d articles, want a quarter or more", a.Common, a.CommonDF, a.Sampled)
	}
	if a.RareDF < 1 || a.RareDF > 5 {
		t.Errorf("rare term %q is in %d articles, want 1 to 5 of 200", a.Rare, a.RareDF)
	}
	if got := a.To.Year() - a.From.Year() + 1; got != 5 {
		t.Errorf("the date range spans %d years, want 5", got)
	}
	shapes := a.shapes()
	if len(shapes) != 8 {
		t.Fatalf("%d shapes, want 8", len(shapes))
	}
	for _, s := range shapes {
		if s.Text == "" && s.Kind != kindAll {
			t.Errorf("shape %q has no text", s.Name)
		}
	}
}

// checkShapes runs every shape once on q and checks that the answers are
// what the corpus of n articles should give.
func checkShapes(t *testing.T, q querier, arts []index.Article) {
	t.Helper()
	shapes := chooseTerms(arts).shapes()
	for _, s := range shapes {
		r, err := q.Query(context.Background(), s)
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
			continue
		}
		wantHits := min(pageSize, max(0, int(r.Total)-(s.Page-1)*pageSize))
		if r.Hits != wantHits {
			t.Errorf("%s: %d hits of %d, want %d", s.Name, r.Hits, r.Total, wantHits)
		}
		if r.Total > 0 && (r.ActorVals == 0 || r.TopicVals == 0 || r.DateVals == 0) {
			t.Errorf("%s: facets %d actors, %d topics, %d dates; want some of each", s.Name, r.ActorVals, r.TopicVals, r.DateVals)
		}
		switch s.Name {
		case "common term":
			if r.Total == 0 || r.Marked != r.Hits {
				t.Errorf("%s: total %d, %d of %d hits marked; want some, all marked", s.Name, r.Total, r.Marked, r.Hits)
			}
			if !strings.Contains(r.FirstMark, "<mark>") {
				t.Errorf("%s: first highlight %q has no <mark>", s.Name, r.FirstMark)
			}
			rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(r.FirstMark)
			if strings.ContainsAny(rest, "<>") {
				t.Errorf("%s: highlight %q holds unescaped < or >", s.Name, r.FirstMark)
			}
		case "rare term", "phrase", "two-word AND", "OR and NOT":
			if r.Total == 0 || r.Marked == 0 {
				t.Errorf("%s: total %d, %d hits marked; want some", s.Name, r.Total, r.Marked)
			}
		case "empty query, newest":
			if r.Total != uint64(len(arts)) {
				t.Errorf("%s: total %d, want every article, %d", s.Name, r.Total, len(arts))
			}
			if newest := newestTitle(arts); r.FirstTitle != newest {
				t.Errorf("%s: first %q, want the newest, %q", s.Name, r.FirstTitle, newest)
			}
		}
	}
}

func newestTitle(arts []index.Article) string {
	var best index.Article
	for _, a := range arts {
		if a.Published.After(best.Published) {
			best = a
		}
	}
	return best.Title
}

func TestBleveShapes(t *testing.T) {
	arts := articles(t, 200)
	dir := filepath.Join(t.TempDir(), "bleve")
	s, err := openers["bleve"](dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Import(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	q, err := queryOpeners["bleve"](dir)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	checkShapes(t, q, arts)
}

func TestArchiveShapes(t *testing.T) {
	arts := articles(t, 200)
	dir := t.TempDir()
	ix, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Put(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	q, err := queryOpeners["newsarchive"](dir)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	checkShapes(t, q, arts)
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 100; i >= 1; i-- {
		d = append(d, time.Duration(i))
	}
	for _, tt := range []struct {
		p    float64
		want time.Duration
	}{{50, 50}, {95, 95}, {99, 99}, {100, 100}, {0, 1}} {
		if got := percentile(d, tt.p); got != tt.want {
			t.Errorf("percentile(1..100, %v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

// TestRunAllPeers runs the whole benchmark on a small corpus: it builds
// the archive's binary, imports with and without extraction, times the
// shapes and loads the server.
func TestRunAllPeers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds newsarchive and starts its server")
	}
	arts := articles(t, 200)
	in := writeJSONL(t, arts)
	peers := "newsarchive,newsarchive-noextract,bleve"
	engines := 3 // the archive, counting afresh and cached, and bleve
	if _, ok := queryOpeners["fts5"]; ok {
		peers += ",fts5"
		engines++
	}
	var stdout, stderr bytes.Buffer
	args := []string{"run", "--input", in, "--articles", "150", "--peers", peers, "--repeat", "1", "--queries", "5", "--http-duration", "1s"}
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatalf("run error = %v; stderr:\n%s", err, stderr.String())
	}
	out := stdout.String()
	for _, p := range strings.Split(peers, ",") {
		if !strings.Contains(out, "| "+p+" | 150 |") {
			t.Errorf("no import row for %s with 150 articles:\n%s", p, out)
		}
	}
	for _, want := range []string{"### Query latency", "| common term |", "| common term, page 50 |", "### HTTP", "| errors | 0 of "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "| common term |") {
			if got := strings.Count(l, " / "); got != 2*engines+engines-1 {
				t.Errorf("common term row %q: want %d engines' percentiles and totals", l, engines)
			}
		}
	}
}
