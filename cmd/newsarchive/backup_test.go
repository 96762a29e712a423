package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/importer"
	"github.com/newsarchive/newsarchive/web"
)

const backupKey = "backup-test-key"

// roundTripStories are articles with every field the schema has: source
// actors and topics beside extracted ones, authors, a dateline, a URL, a
// time with nanoseconds and a zone, a heading, text a JSON encoder could
// mangle, and one without a date.
const roundTripStories = `{"id":"rt-1","title":"European Community ministers meet in Brussels","body":"Ministers of the European Community (EC) met in Brussels on Monday.\n\n## Farm prices\n\nThe EC agreed on farm prices, said Jacques Delors <of the Commission> & others.","published":"1987-02-26T15:01:01.123456789+01:00","source":"Reuters","url":"https://example.com/rt-1?a=1&b=2","dateline":"BRUSSELS, Feb 26","authors":["A. Writer","B. Writer"],"actors":[{"name":"Belgium","kind":"place"}],"topics":["politics"],"language":"en"}
{"id":"rt-2","title":"Oil prices climb as OPEC meets","body":"Oil prices rose as OPEC ministers met in Vienna. Saudi Arabia backed the cuts, said Hisham Nazer.","published":"1987-06-01T09:00:00Z","source":"Reuters"}
{"id":"rt-3","title":"Undated note \u00e9t\u00e9 \u2014 \u201cquoted\u201d","body":"A note without a date, about Ronald Reagan and the White House."}
`

// TestBackupRestoresWhole backs up a running server's archive with the
// backup command, restores it with import into a new data directory,
// and checks that the new archive holds the same articles, every field
// the same: ids, dates, import times, actors, topics, what the source
// supplied and what extraction found.
func TestBackupRestoresWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("imports twice with the extractor's models")
	}
	ctx := context.Background()
	env := func(k string) string {
		if k == "NEWSARCHIVE_API_KEY" {
			return backupKey
		}
		return ""
	}
	dir := t.TempDir()
	input := filepath.Join(dir, "stories.jsonl")
	if err := os.WriteFile(input, []byte(roundTripStories), 0o644); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "src")
	if err := run(ctx, []string{"import", "--data", src, "--shards", "3", "--quiet", input}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("import: %v", err)
	}
	ix, err := bleve.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(ix, slog.New(slog.NewTextHandler(io.Discard, nil)), web.WithWriter(importer.New(ix, ex), backupKey)).Handler())
	defer srv.Close()

	backup := filepath.Join(dir, "archive.jsonl.gz")
	var stderr strings.Builder
	if err := run(ctx, []string{"backup", "--from", srv.URL, "--out", backup}, env, nil, io.Discard, &stderr); err != nil {
		t.Fatalf("backup: %v; %s", err, stderr.String())
	}
	if want := "backed up 3 articles"; !strings.Contains(stderr.String(), want) {
		t.Errorf("backup said %q, want %q", stderr.String(), want)
	}
	dst := filepath.Join(dir, "restored")
	if err := run(ctx, []string{"import", "--data", dst, "--quiet", backup}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("restore: %v", err)
	}
	restored, err := bleve.Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	all := func(ix *bleve.Index) []index.Article {
		var out []index.Article
		if err := ix.Each(ctx, func(a index.Article) error { out = append(out, a); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	want, got := all(ix), all(restored)
	if len(want) != 3 {
		t.Fatalf("the source archive holds %d articles, want 3", len(want))
	}
	if want[0].Supplied == nil || len(want[0].Found) == 0 || len(want[0].Acronyms) == 0 || want[0].Imported.IsZero() {
		t.Fatalf("the source article is not enriched as an import makes it: %+v", want[0])
	}
	if len(got) != len(want) {
		t.Fatalf("restored %d articles, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("restored article %s =\n%+v\nwant\n%+v", want[i].ID, got[i], want[i])
		}
	}
}

// TestBackupRefusesCutCopies checks that a backup the server refuses, cut
// short or answered with something else is an error that leaves no file
// and the previous backup as it was.
func TestBackupRefusesCutCopies(t *testing.T) {
	handler := func(count string, lines int, abort bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if count != "" {
				w.Header().Set(web.ArticleCountHeader, count)
			}
			for range lines {
				io.WriteString(w, `{"id":"x","title":"X"}`+"\n")
			}
			if abort {
				w.(http.Flusher).Flush()
				panic(http.ErrAbortHandler)
			}
		}
	}
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	real := web.New(ix, slog.New(slog.NewTextHandler(io.Discard, nil)), web.WithWriter(importer.New(ix, nil), backupKey)).Handler()
	tests := []struct {
		name    string
		handler http.Handler
		key     string
		want    string
	}{
		{"wrong key", real, "not-the-key", "The API key is not valid"},
		{"aborted", handler("5", 2, true), backupKey, "cut short after 2 of 5"},
		{"ended early", handler("5", 2, false), backupKey, "cut short: 2 of the 5"},
		{"no count", handler("", 2, false), backupKey, "X-Article-Count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			dir := t.TempDir()
			out := filepath.Join(dir, "archive.jsonl")
			if err := os.WriteFile(out, []byte("the previous backup\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			err := run(context.Background(), []string{"backup", "--from", srv.URL, "--api-key", tt.key, "--out", out}, func(string) string { return "" }, nil, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("backup = %v, want an error with %q", err, tt.want)
			}
			if got, _ := os.ReadFile(out); string(got) != "the previous backup\n" {
				t.Errorf("the previous backup became %q", got)
			}
			if files, _ := os.ReadDir(dir); len(files) != 1 {
				t.Errorf("the folder holds %d files, want the previous backup alone", len(files))
			}
		})
	}
}

func TestBackupUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  string
		want string
	}{
		{"no key", []string{"backup", "--from", "http://localhost:1"}, "", "NEWSARCHIVE_API_KEY"},
		{"address without a scheme", []string{"backup", "--from", "localhost:8080"}, backupKey, "want the server's address"},
		{"an argument", []string{"backup", "archive.jsonl"}, backupKey, "usage: newsarchive backup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr strings.Builder
			env := func(k string) string {
				if k == "NEWSARCHIVE_API_KEY" {
					return tt.env
				}
				return ""
			}
			err := run(context.Background(), tt.args, env, nil, io.Discard, &stderr)
			if got := status(err); got != 2 || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("status %d, stderr %q; want 2 with %q", got, stderr.String(), tt.want)
			}
		})
	}
	t.Run("help keeps the key to itself", func(t *testing.T) {
		var stdout strings.Builder
		env := func(k string) string {
			if k == "NEWSARCHIVE_API_KEY" {
				return backupKey
			}
			return ""
		}
		if err := run(context.Background(), []string{"backup", "-h"}, env, nil, &stdout, io.Discard); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stdout.String(), backupKey) {
			t.Errorf("help prints the key from the environment:\n%s", stdout.String())
		}
	})
}

// TestExportOfARunningArchive checks that export, refused while the
// server holds the index, points to backup.
func TestExportOfARunningArchive(t *testing.T) {
	dir := t.TempDir()
	ix, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	err = run(context.Background(), []string{"export", "--data", dir}, func(string) string { return "" }, nil, io.Discard, io.Discard)
	if !errors.Is(err, bleve.ErrLocked) || !strings.Contains(err.Error(), "newsarchive backup") {
		t.Errorf("export = %v, want the lock's error pointing to backup", err)
	}
}
