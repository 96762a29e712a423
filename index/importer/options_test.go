package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/extract"
)

// newPlainImporter is newImporter with extraction off.
func newPlainImporter(t *testing.T) (*Importer, *bleve.Index) {
	t.Helper()
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return New(ix, nil), ix
}

// TestImportWithoutExtraction imports with no extractor: articles keep
// only what their source supplied, and a later Reindex with one adds the
// extracted tags after the source's.
func TestImportWithoutExtraction(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "story.txt", "Oil prices climb in Vienna\n\nOil prices rose on Monday as OPEC ministers met in Vienna to discuss output cuts.\n")
	write(t, dir, "tagged.jsonl", `{"id":"a3","title":"Cocoa harvest","body":"Farmers in Ghana and the Ivory Coast expect a record cocoa harvest, the Cocoa Board said in Accra.","actors":[{"name":"Ghana","kind":"place"}],"topics":["economy"]}`+"\n")
	im, ix := newPlainImporter(t)
	if im.Extracts() {
		t.Fatal("Extracts() = true for an importer without an extractor")
	}
	sum, err := im.ImportPaths(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 2 {
		t.Fatalf("added %d, want 2", sum.Added)
	}
	var story index.Article
	err = ix.Each(context.Background(), func(a index.Article) error {
		if a.ID != "a3" {
			story = a
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(story.Actors) != 0 || len(story.Topics) != 0 || story.Supplied != nil {
		t.Errorf("plain-text story: actors %v, topics %v, supplied %v; want none: nothing was extracted", story.Actors, story.Topics, story.Supplied)
	}
	a3, err := ix.Get(context.Background(), "a3")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a3.Actors, []index.Actor{{Name: "Ghana", Kind: index.Place}}) || !slices.Equal(a3.Topics, []string{"economy"}) || a3.Supplied != nil {
		t.Errorf("a3: actors %v, topics %v, supplied %v; want the source's tags alone, unenriched", a3.Actors, a3.Topics, a3.Supplied)
	}

	if _, err := im.Reindex(context.Background()); !errors.Is(err, ErrNoExtractor) {
		t.Errorf("Reindex without an extractor = %v, want ErrNoExtractor", err)
	}
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(ix, ex).Reindex(context.Background()); err != nil {
		t.Fatal(err)
	}
	a3, err = ix.Get(context.Background(), "a3")
	if err != nil {
		t.Fatal(err)
	}
	if len(a3.Actors) < 2 || a3.Actors[0] != (index.Actor{Name: "Ghana", Kind: index.Place}) || a3.Topics[0] != "economy" {
		t.Errorf("a3 after reindex: actors %v, topics %v; want the source's first, then extracted ones", a3.Actors, a3.Topics)
	}
	if a3.Supplied == nil || !slices.Equal(a3.Supplied.Topics, []string{"economy"}) {
		t.Errorf("a3 after reindex: supplied %+v, want the source's tags", a3.Supplied)
	}
}

// TestProgressWithinAFile imports one large JSON Lines file: the bytes
// done must advance batch by batch, not jump from 0 to the size at the
// end, and the summary passed along must carry the time so far.
func TestProgressWithinAFile(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	const n = 5000
	for i := range n {
		fmt.Fprintf(&b, `{"id":"p%d","title":"Council meeting number %d","body":"The town council met for the %d time this year to discuss the budget and the roads."}`+"\n", i, i, i)
	}
	write(t, dir, "big.jsonl", b.String())
	write(t, dir, "small.txt", "A title\n\nA body long enough to be an article about something or other.\n")
	size := int64(b.Len())
	fi, err := os.Stat(filepath.Join(dir, "small.txt"))
	if err != nil {
		t.Fatal(err)
	}
	total := size + fi.Size()
	if got := TotalBytes([]string{dir}); got != total {
		t.Fatalf("TotalBytes = %d, want %d", got, total)
	}

	im, _ := newPlainImporter(t)
	im.BatchSize = 100
	var dones []int64
	var last Summary
	im.Progress = func(done int64, s Summary) {
		dones = append(dones, done)
		last = s
		if s.Elapsed <= 0 {
			t.Errorf("progress at %d articles: Elapsed %v, want the time so far", s.Read, s.Elapsed)
		}
	}
	if _, err := im.ImportPaths(context.Background(), []string{dir}); err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(dones) {
		t.Errorf("bytes done went back: %v", dones)
	}
	within := 0
	for _, d := range dones {
		if d > 0 && d < size {
			within++
		}
	}
	if within < 5 {
		t.Errorf("%d of %d progress calls fell inside big.jsonl (%d bytes), want many: %v", within, len(dones), size, dones)
	}
	if dones[len(dones)-1] != total || last.Read != n+1 {
		t.Errorf("last progress: %d bytes, %d articles; want %d and %d", dones[len(dones)-1], last.Read, total, n+1)
	}
}
