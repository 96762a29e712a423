package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsarchive/newsarchive/index"
)

// handArticles are a few articles whose words are chosen for the search
// checks: "election" is in a title, a body in the plural and nowhere in
// the third, so a peer must stem and search both fields to find two.
func handArticles() []index.Article {
	day := time.Date(2024, 3, 15, 9, 0, 0, 0, time.UTC)
	return []index.Article{
		{
			ID: "a1", Title: "Election called for June", Body: "The prime minister named the date.\n\nParties began campaigning.",
			Published: day, Source: "Reuters",
			Actors: []index.Actor{{Name: "United Kingdom", Kind: index.Place}}, Topics: []string{"politics"},
		},
		{
			ID: "a2", Title: "Markets steady", Body: "Investors shrugged off the elections in three states.",
			Published: day.AddDate(0, 1, 0), Source: "Bloomberg",
			Actors: []index.Actor{{Name: "Federal Reserve", Kind: index.Organization}}, Topics: []string{"economy", "politics"},
		},
		{
			ID: "a3", Title: "Cup final goes to extra time", Body: "A late goal settled it.",
			Published: day.AddDate(0, 2, 0), Source: "BBC News",
			Actors: []index.Actor{{Name: "Harry Kane", Kind: index.Person}}, Topics: []string{"sport"},
		},
	}
}

// testPeer imports the hand-written articles into a fresh store of peer
// and checks a few one-word searches.
func testPeer(t *testing.T, peer string) {
	t.Helper()
	s, err := openers[peer](t.TempDir())
	if err != nil {
		t.Fatalf("open %s: %v", peer, err)
	}
	defer s.Close()
	if err := s.Import(context.Background(), handArticles()); err != nil {
		t.Fatalf("Import: %v", err)
	}
	tests := []struct {
		word string
		want []string
	}{
		{"election", []string{"a1", "a2"}}, // title and a stemmed plural in a body
		{"goal", []string{"a3"}},
		{"investors", []string{"a2"}},
		{"referendum", nil},
	}
	for _, tt := range tests {
		got, err := s.Search(tt.word)
		if err != nil {
			t.Errorf("Search(%q) error = %v", tt.word, err)
			continue
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Search(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestBleveImportAndSearch(t *testing.T) { testPeer(t, "bleve") }

func TestBleveGenerated(t *testing.T) { testGenerated(t, "bleve") }

// testGenerated imports articles from gen into peer and checks that a
// search finds exactly the articles that hold the word, counted by hand.
func testGenerated(t *testing.T, peer string) {
	t.Helper()
	arts := articles(t, 200)
	s, err := openers[peer](t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Import(context.Background(), arts); err != nil {
		t.Fatalf("Import: %v", err)
	}
	// The English stemmer makes "minist" of each of these; no other
	// word of news prose stems to it, so a plain word match on them is
	// what the index should find.
	var want []string
	for _, a := range arts {
		if hasWord(a.Title+" "+a.Body, "minister", "ministers", "ministered", "ministering") {
			want = append(want, a.ID)
		}
	}
	slices.Sort(want)
	if len(want) == 0 {
		t.Fatal("no generated article holds \"minister\"; pick another word")
	}
	got, err := s.Search("minister")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Search(minister) found %d articles, want %d", len(got), len(want))
	}
}

// hasWord reports whether text holds one of words as a whole word, in
// any case.
func hasWord(text string, words ...string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if slices.Contains(words, w) {
			return true
		}
	}
	return false
}

// writeJSONL writes articles as gen would, for the command's tests.
func writeJSONL(t *testing.T, arts []index.Article) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, a := range arts {
		if err := enc.Encode(a); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "a.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRunCommand(t *testing.T) {
	in := writeJSONL(t, handArticles())
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"run", "--input", in, "--peers", "bleve", "--dir", dir, "--import-repeat", "3", "--skip", "queries,http"}
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatalf("run(%q) error = %v; stderr:\n%s", args, err, stderr.String())
	}
	out := stdout.String()
	var rows []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "| bleve |") {
			rows = append(rows, l)
		}
	}
	if len(rows) != 1 {
		t.Fatalf("table has %d bleve rows, want one:\n%s", len(rows), out)
	}
	if f := strings.Split(rows[0], "|"); len(f) != 9 || strings.TrimSpace(f[2]) != "3" || strings.TrimSpace(f[6]) != "in process" || strings.TrimSpace(f[7]) != "in process" {
		t.Errorf("row = %q, want bleve with 3 articles, seven columns, memory in process", rows[0])
	}
	for _, want := range []string{"## Performance", "### Import", "- machine: ", "`newsbench run --input "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "### Query latency") || strings.Contains(out, "### HTTP") {
		t.Errorf("skipped parts are in the output:\n%s", out)
	}
	if got := strings.Count(stderr.String(), "bleve: run "); got != 3 {
		t.Errorf("%d runs logged, want 3:\n%s", got, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "bleve")); err != nil {
		t.Errorf("the index is not under --dir: %v", err)
	}
}

// TestRunExtract runs the command with extraction off and on: with it,
// the in-process peer's index holds an actor the file does not name but
// the text does, and the report says which way it ran.
func TestRunExtract(t *testing.T) {
	arts := append(handArticles(), index.Article{
		ID: "a4", Title: "Leaders meet in Paris", Body: "French President Jacques Chirac met the German chancellor in Paris on Monday.",
		Published: time.Date(2004, 5, 3, 9, 0, 0, 0, time.UTC), Source: "Reuters",
		Actors: []index.Actor{{Name: "France", Kind: index.Place}}, Topics: []string{"politics"},
	})
	in := writeJSONL(t, arts)
	tests := []struct {
		name       string
		flags      []string
		wantLine   string
		wantChirac uint64
	}{
		{"off", nil, "- extraction: off;", 0},
		{"on", []string{"--extract"}, "- extraction: on;", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var stdout, stderr bytes.Buffer
			args := append([]string{"run", "--input", in, "--peers", "bleve", "--dir", dir, "--skip", "queries,http"}, tt.flags...)
			if err := run(context.Background(), args, &stdout, &stderr); err != nil {
				t.Fatalf("run(%q) error = %v; stderr:\n%s", args, err, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.wantLine) {
				t.Errorf("report lacks %q:\n%s", tt.wantLine, stdout.String())
			}
			ix, err := bleve.Open(filepath.Join(dir, "bleve"))
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			q := bleve.NewTermQuery("Jacques Chirac")
			q.SetField("actor")
			res, err := ix.Search(bleve.NewSearchRequest(q))
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != tt.wantChirac {
				t.Errorf("articles with actor Jacques Chirac = %d, want %d", res.Total, tt.wantChirac)
			}
		})
	}
}

func TestRunBenchErrors(t *testing.T) {
	in := writeJSONL(t, handArticles())
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no input", []string{"run"}, "--input is required"},
		{"unknown peer", []string{"run", "--input", in, "--peers", "lucene"}, `unknown peer "lucene"`},
		{"too few articles", []string{"run", "--input", in, "--articles", "5", "--peers", "bleve"}, "fewer than --articles 5"},
		{"bad repeat", []string{"run", "--input", in, "--repeat", "0"}, "--repeat must be at least 1"},
		{"bad import repeat", []string{"run", "--input", in, "--import-repeat", "0"}, "--import-repeat must be at least 1"},
		{"bad queries", []string{"run", "--input", in, "--queries", "0"}, "--queries must be at least 1"},
		{"bad skip", []string{"run", "--input", in, "--skip", "imports"}, `unknown part "imports"`},
		{"bad mix", []string{"run", "--input", in, "--http-mix", "random"}, "--http-mix must be shapes or zipf"},
		{"extract, index without", []string{"run", "--input", in, "--extract", "--query-index", "newsarchive-noextract"}, "leave --query-index out or make it newsarchive"},
		{"no extract, index with", []string{"run", "--input", in, "--query-index", "newsarchive"}, "leave --query-index out or make it newsarchive-noextract"},
		{"unknown index", []string{"run", "--input", in, "--query-index", "bleve"}, `unknown index "bleve"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, &bytes.Buffer{}, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
