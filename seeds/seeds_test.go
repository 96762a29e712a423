package seeds_test

import (
	"bufio"
	"bytes"
	"context"
	"io/fs"
	"path"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/importer"
	"github.com/newsarchive/newsarchive/seeds"
)

// records counts the articles in the bundle the way a person would: one
// per plain-text file, one per line of a JSON Lines file.
func records(t *testing.T) (stories, lines int) {
	t.Helper()
	err := fs.WalkDir(seeds.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch path.Ext(p) {
		case ".txt":
			stories++
		case ".jsonl":
			b, err := fs.ReadFile(seeds.FS, p)
			if err != nil {
				return err
			}
			sc := bufio.NewScanner(bytes.NewReader(b))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				if len(bytes.TrimSpace(sc.Bytes())) > 0 {
					lines++
				}
			}
			return sc.Err()
		default:
			t.Errorf("%s: the bundle holds a file the importer was not meant to read", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return stories, lines
}

// TestSampleImportsWhole imports the bundle as a new archive's first start
// does, through the importer with extraction, and checks that every
// record went in and that the archive it makes has dates, sources and
// actors of every kind to explore.
func TestSampleImportsWhole(t *testing.T) {
	stories, lines := records(t)
	if stories != 1 || lines < 250 {
		t.Fatalf("bundle: %d plain-text stories and %d JSON Lines records, want 1 and a few hundred", stories, lines)
	}
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now()
	sum, err := importer.New(ix, ex).ImportFS(ctx, seeds.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("imported %d articles in %v", sum.Added, time.Since(start).Round(time.Millisecond))
	if want := stories + lines; sum.Read != want || sum.Added != want || sum.Duplicates != 0 || len(sum.Skipped) != 0 {
		t.Fatalf("summary: %d read, %d added, %d duplicates, skipped %v; want all %d read and added, none skipped",
			sum.Read, sum.Added, sum.Duplicates, sum.Skipped, want)
	}

	sources := map[string]int{}
	var undated int
	for page := 1; ; page++ {
		res, err := ix.Search(ctx, index.Query{Page: page, Size: index.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			sources[h.Source]++
			switch {
			case h.Published.IsZero():
				undated++
			case h.Published.Year() < 2019 || h.Published.Year() > 2020:
				t.Errorf("%q: published %v, want 2019 or 2020", h.Title, h.Published)
			}
			if h.Source == "Wikinews" && h.URL == "" {
				t.Errorf("%q: no address to credit it by", h.Title)
			}
		}
		if len(res.Hits) < index.MaxPageSize {
			break
		}
	}
	// The plain-text story has neither date nor source.
	if undated != stories || sources["Wikinews"] != lines || sources[""] != stories {
		t.Errorf("sources %v, %d undated; want %d from Wikinews, dated, and %d undated without a source", sources, undated, lines, stories)
	}

	res, err := ix.Search(ctx, index.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(res.Histogram.Buckets); res.Histogram.Interval != "month" || got < 20 {
		t.Errorf("chart: %d %s bars, want the months of two years", got, res.Histogram.Interval)
	}
	if len(res.Facets.Date) != 2 {
		t.Errorf("date facet %v, want 2019 and 2020", res.Facets.Date)
	}
	if len(res.Facets.Topic) < 5 {
		t.Errorf("topic facet %v, want at least 5 topics", res.Facets.Topic)
	}
	for _, kind := range []index.Kind{index.Person, index.Organization, index.Place} {
		r, err := ix.Search(ctx, index.Query{ActorKind: kind})
		if err != nil {
			t.Fatal(err)
		}
		var shared int
		for _, v := range r.Facets.Actor {
			if v.Count >= 3 {
				shared++
			}
		}
		if shared < 5 {
			t.Errorf("%s facet: %d values in three articles or more (%v), want at least 5 to drill into", kind, shared, r.Facets.Actor)
		}
	}
}
