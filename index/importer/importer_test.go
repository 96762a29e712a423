package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/internal/corpus"
	"github.com/newsarchive/newsarchive/seeds"
)

func newImporter(t *testing.T) (*Importer, *bleve.Index) {
	t.Helper()
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	return New(ix, ex), ix
}

func TestImportSeedsExtractsActorsAndTopics(t *testing.T) {
	im, ix := newImporter(t)
	sum, err := im.ImportFS(context.Background(), seeds.FS, seeds.Story)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 1 || len(sum.Skipped) != 0 {
		t.Fatalf("summary = %+v, want 1 added, none skipped", sum)
	}
	res, err := ix.Search(context.Background(), index.Query{})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("Search: %v, %d hits", err, len(res.Hits))
	}
	a, err := ix.Get(context.Background(), res.Hits[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]index.Kind{}
	for _, act := range a.Actors {
		got[act.Name] = act.Kind
	}
	want := map[string]index.Kind{
		"Joe Biden": index.Person, "Lloyd Austin": index.Person, "Yoav Gallant": index.Person, "Antony Blinken": index.Person,
		"Israel": index.Place, "Iran": index.Place, "Hamas": index.Organization, "Hezbollah": index.Organization,
	}
	for name, kind := range want {
		if got[name] != kind {
			t.Errorf("actor %q: kind %q, want %q (actors: %v)", name, got[name], kind, a.Actors)
		}
	}
	if got["Benjamin Netanyahu"] != index.Person && got["Netanyahu"] != index.Person {
		t.Errorf("no Netanyahu among %v", a.Actors)
	}
	// Conflict is not among them: no labelled corpus teaches the topic
	// classifier that slug, so it is never given.
	if !slices.Equal(a.Topics, []string{"politics"}) {
		t.Errorf("topics = %v, want [politics]", a.Topics)
	}
	var headings int
	for _, b := range a.Blocks() {
		if b.Heading {
			headings++
		}
	}
	if headings != 4 {
		t.Errorf("headings = %d, want 4", headings)
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImportReportsBadInputAndKeepsTheRest(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "story.txt", "Oil prices climb in Vienna\n\nOil prices rose on Monday as OPEC ministers met in Vienna to discuss output cuts.\n")
	write(t, dir, "many.jsonl", `{"id":"a1","title":"First","body":"The first story is about the harvest in Brazil and the cocoa crop."}
{"id":"a2","title":"Broken
{"id":"a3","title":"Third","body":"The third story.","actors":[{"name":"Ghana","kind":"place"}],"topics":["economy"]}
`)
	write(t, dir, "blob.bin", "\x00\x01\x02\x03binary")
	write(t, dir, "README", "This folder holds test data.\n")
	im, ix := newImporter(t)
	im.Source = "Wire"
	sum, err := im.ImportPaths(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 3 || sum.Added != 3 {
		t.Errorf("read %d, added %d; want 3 and 3", sum.Read, sum.Added)
	}
	var where []string
	for _, sk := range sum.Skipped {
		where = append(where, sk.Where+" "+sk.Reason)
	}
	joined := strings.Join(where, "\n")
	if !strings.Contains(joined, "many.jsonl:2") {
		t.Errorf("skipped = %q, want the broken line many.jsonl:2", joined)
	}
	if sum.Broken() < 1 {
		t.Errorf("Broken() = %d, want at least the broken JSON line", sum.Broken())
	}
	a3, err := ix.Get(context.Background(), "a3")
	if err != nil {
		t.Fatal(err)
	}
	if a3.Topics[0] != "economy" || len(a3.Topics) > 2 || a3.Actors[0] != (index.Actor{Name: "Ghana", Kind: index.Place}) {
		t.Errorf("a3 = %+v: source tags must be kept first", a3)
	}
	res, err := ix.Search(context.Background(), index.Query{Text: "vienna"})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].Source != "Wire" {
		t.Errorf("vienna: %v, %+v; want the text story with source Wire", err, res.Hits)
	}

	again, err := im.ImportPaths(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if again.Added != 0 || again.Updated != 3 || again.Duplicates != 0 {
		t.Errorf("re-import: added %d, updated %d, duplicates %d; want 0, 3 and 0", again.Added, again.Updated, again.Duplicates)
	}
	if n, _ := ix.Count(); n != 3 {
		t.Errorf("Count = %d after re-import, want 3", n)
	}
}

func TestImportCancelled(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "story.txt", "A title\n\nA body long enough to be an article about something or other.\n")
	im, _ := newImporter(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := im.ImportPaths(ctx, []string{dir}); err == nil {
		t.Error("ImportPaths with a cancelled context: no error")
	}
}

// TestImportCountsDuplicates checks that an id given twice in one import,
// in one batch or in two, is a duplicate, and one given again by a later
// import an update.
func TestImportCountsDuplicates(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.jsonl", `{"id":"d1","title":"First","body":"The first story."}
{"id":"d2","title":"Second","body":"The second story."}
{"id":"d1","title":"First again","body":"The first story, corrected."}
`)
	write(t, dir, "b.jsonl", `{"id":"d2","title":"Second again","body":"The second story, corrected."}
`)
	for _, batch := range []int{1, 1000} {
		t.Run(fmt.Sprintf("batches of %d", batch), func(t *testing.T) {
			im, ix := newImporter(t)
			im.BatchSize = batch
			sum, err := im.ImportPaths(context.Background(), []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Read != 4 || sum.Added != 2 || sum.Duplicates != 2 || sum.Updated != 0 {
				t.Errorf("read %d, added %d, duplicates %d, updated %d; want 4, 2, 2, 0", sum.Read, sum.Added, sum.Duplicates, sum.Updated)
			}
			// Articles are extracted in parallel: which copy is written
			// last is not fixed, only that there is one article.
			if n, err := ix.Count(); err != nil || n != 2 {
				t.Errorf("Count = %d, %v; want 2", n, err)
			}
		})
	}
}

func TestImportBBC(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the whole BBC corpus; skipped with -short")
	}
	dir := corpus.Dir(t, "bbc")
	im, ix := newImporter(t)
	sum, err := im.ImportPaths(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	// The corpus holds 100 stories twice, with the same title and text; the content
	// id makes the second copy a duplicate of the first, one article.
	if sum.Read != 2225 || sum.Added != 2125 || sum.Duplicates != 100 || sum.Updated != 0 || sum.Broken() != 0 {
		t.Errorf("summary: read %d, added %d, duplicates %d, updated %d, broken %d; want 2225, 2125, 100, 0, 0",
			sum.Read, sum.Added, sum.Duplicates, sum.Updated, sum.Broken())
	}
	var untagged int
	err = ix.Each(context.Background(), func(a index.Article) error {
		if len(a.Topics) == 0 {
			untagged++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if untagged > 20 {
		t.Errorf("%d BBC articles have no topic, want nearly all tagged", untagged)
	}
}

func TestReindexRedoesExtractionOnly(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.jsonl", `{"id":"s1","title":"Reagan meets Nakasone","body":"President Ronald Reagan met Prime Minister Yasuhiro Nakasone in Tokyo to talk about trade.","actors":[{"name":"Japan","kind":"place"}],"topics":["economy"]}
`)
	im, ix := newImporter(t)
	if _, err := im.ImportPaths(context.Background(), []string{dir}); err != nil {
		t.Fatal(err)
	}
	before, err := ix.Get(context.Background(), "s1")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := im.Reindex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 1 || sum.Updated != 1 || sum.Added != 0 {
		t.Errorf("reindex summary = %+v, want 1 read and updated", sum)
	}
	after, err := ix.Get(context.Background(), "s1")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(after.Actors, before.Actors) || !slices.Equal(after.Topics, before.Topics) {
		t.Errorf("reindex with the same model changed tags:\n got %v %v\nwant %v %v", after.Actors, after.Topics, before.Actors, before.Topics)
	}
	if after.Actors[0] != (index.Actor{Name: "Japan", Kind: index.Place}) || after.Supplied == nil || len(after.Supplied.Actors) != 1 {
		t.Errorf("after reindex actors %v, supplied %+v; want Japan first and kept as supplied", after.Actors, after.Supplied)
	}
	if len(after.Actors) < 3 {
		t.Errorf("actors = %v, want Reagan and Nakasone extracted besides Japan", after.Actors)
	}
}
