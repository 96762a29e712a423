package bleve

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/newsarchive/newsarchive/index"
)

// TestOpenLegacyIndex checks that an archive made before sharding, one
// Bleve index in articles.bleve, opens as one shard with its articles, and
// refuses to be opened as several.
func TestOpenLegacyIndex(t *testing.T) {
	dir := t.TempDir()
	m, err := newMapping(false)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bleve.NewUsing(filepath.Join(dir, legacyDirName), m, scorch.Name, scorch.Name, runtimeConfig())
	if err != nil {
		t.Fatal(err)
	}
	old := &Index{shards: []bleve.Index{b}, bleve: b, counts: newCountCache(0)}
	if _, err := old.Put(context.Background(), fixture()); err != nil {
		t.Fatal(err)
	}
	old.Close()

	if _, err := Open(dir, WithShards(2)); err == nil || !strings.Contains(err.Error(), "made before sharding") {
		t.Fatalf("Open with 2 shards = %v, want an error about the single index", err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Shards() != 1 || ix.Created() {
		t.Fatalf("%d shards, created %v; want 1, false", ix.Shards(), ix.Created())
	}
	res, err := ix.Search(context.Background(), index.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Total, uint64(len(fixture())); got != want {
		t.Fatalf("Total = %d, want %d", got, want)
	}
	if _, err := ix.Get(context.Background(), fixture()[0].ID); err != nil {
		t.Fatalf("Get: %v", err)
	}
}
