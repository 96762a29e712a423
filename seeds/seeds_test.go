package seeds_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
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
// per plain-text file, one per line of a JSON Lines file, and the lines
// of each source the JSON Lines records name.
func records(t *testing.T) (stories, lines int, bySource map[string]int) {
	t.Helper()
	bySource = map[string]int{}
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
				if len(bytes.TrimSpace(sc.Bytes())) == 0 {
					continue
				}
				var rec struct{ Source string }
				if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
					return fmt.Errorf("%s line %d: %w", p, lines+1, err)
				}
				lines++
				bySource[rec.Source]++
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
	return stories, lines, bySource
}

// TestSampleImportsWhole imports the bundle as a new archive's first start
// does, through the importer with extraction, and checks that every
// record went in under its source and that the archive it makes has
// dates, several sources and actors of every kind to explore.
func TestSampleImportsWhole(t *testing.T) {
	stories, lines, bySource := records(t)
	if stories != 1 || lines < 250 {
		t.Fatalf("bundle: %d plain-text stories and %d JSON Lines records, want 1 and a few hundred", stories, lines)
	}
	var named int
	for s, n := range bySource {
		if s == "" {
			t.Errorf("%d JSON Lines records name no source", n)
		}
		if n >= 100 {
			named++
		}
	}
	if named < 2 {
		t.Fatalf("bundle: sources %v, want at least two with a hundred articles or more, so the source facet has a choice", bySource)
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
			case h.Published.Year() < 2019 || h.Published.Year() > 2021:
				t.Errorf("%q: published %v, want 2019, 2020 or 2021", h.Title, h.Published)
			}
			if h.Source != "" && h.URL == "" {
				t.Errorf("%q: no address to credit it by", h.Title)
			}
		}
		if len(res.Hits) < index.MaxPageSize {
			break
		}
	}
	// The plain-text story has neither date nor source.
	want := maps.Clone(bySource)
	want[""] = stories
	if undated != stories || !maps.Equal(sources, want) {
		t.Errorf("sources %v, %d undated; want %v, and %d undated without a source", sources, undated, want, stories)
	}

	res, err := ix.Search(ctx, index.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(res.Histogram.Buckets); res.Histogram.Interval != "year" || got != 3 {
		t.Errorf("chart: %d %s bars, want the three years", got, res.Histogram.Interval)
	}
	// A year chosen from the chart shows its months, each source's year
	// holding articles in every one of them.
	for year := 2019; year <= 2021; year++ {
		r, err := ix.Search(ctx, index.Query{
			From: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC),
			To:   time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC),
		})
		if err != nil {
			t.Fatal(err)
		}
		var empty int
		for _, b := range r.Histogram.Buckets {
			if b.Count == 0 {
				empty++
			}
		}
		if got := len(r.Histogram.Buckets); r.Histogram.Interval != "month" || got != 12 || empty != 0 {
			t.Errorf("%d: %d %s bars, %d of them empty; want 12 months, none empty", year, got, r.Histogram.Interval, empty)
		}
	}
	if len(res.Facets.Date) != 3 {
		t.Errorf("date facet %v, want 2019, 2020 and 2021", res.Facets.Date)
	}
	if len(res.Facets.Source) < 2 {
		t.Errorf("source facet %v, want at least two sources", res.Facets.Source)
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
