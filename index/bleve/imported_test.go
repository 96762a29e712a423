package bleve

import (
	"context"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

// TestImportedTime checks that the index records when it first holds an
// article, keeps that time through updates, keeps the time an article
// comes with (an import of an export), and leaves unknown the time of an
// article it held before it recorded any.
func TestImportedTime(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(t.TempDir(), WithShards(2))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	imported := func(t *testing.T, id string) time.Time {
		t.Helper()
		a, err := ix.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var streamed time.Time
		if err := ix.Stream(ctx, index.Query{}, 100, func(s index.Article) error {
			if s.ID == id {
				streamed = s.Imported
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !streamed.Equal(a.Imported) {
			t.Errorf("%s: Stream says imported %v, Get %v", id, streamed, a.Imported)
		}
		return a.Imported
	}

	before := time.Now()
	if _, err := ix.Put(ctx, []index.Article{{ID: "new", Title: "Undated story", Body: "Text."}}); err != nil {
		t.Fatal(err)
	}
	after := time.Now()
	first := imported(t, "new")
	if first.Before(before) || first.After(after) {
		t.Fatalf("imported = %v, want the time of the Put, between %v and %v", first, before, after)
	}

	t.Run("kept on update", func(t *testing.T) {
		time.Sleep(10 * time.Millisecond)
		if _, err := ix.Put(ctx, []index.Article{{ID: "new", Title: "Undated story, corrected", Body: "Text."}}); err != nil {
			t.Fatal(err)
		}
		if got := imported(t, "new"); !got.Equal(first) {
			t.Errorf("imported after an update = %v, want the first %v", got, first)
		}
	})
	t.Run("kept over an update that brings another", func(t *testing.T) {
		if _, err := ix.Put(ctx, []index.Article{{ID: "new", Title: "Undated story", Imported: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)}}); err != nil {
			t.Fatal(err)
		}
		if got := imported(t, "new"); !got.Equal(first) {
			t.Errorf("imported = %v, want the index's own %v", got, first)
		}
	})
	t.Run("an article's own is kept when new", func(t *testing.T) {
		want := time.Date(2020, 5, 6, 7, 8, 9, 123456789, time.UTC)
		if _, err := ix.Put(ctx, []index.Article{{ID: "exported", Title: "From an export", Imported: want}}); err != nil {
			t.Fatal(err)
		}
		if got := imported(t, "exported"); !got.Equal(want) {
			t.Errorf("imported = %v, want %v as the article came", got, want)
		}
	})
	t.Run("unknown for an article held without one", func(t *testing.T) {
		// As an index written before import times were recorded holds it.
		doc, err := toDocument(index.Article{ID: "legacy", Title: "Old story"})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.shards[ix.shardOf("legacy")].Index("legacy", doc); err != nil {
			t.Fatal(err)
		}
		if got := imported(t, "legacy"); !got.IsZero() {
			t.Fatalf("imported = %v, want none", got)
		}
		if _, err := ix.Put(ctx, []index.Article{{ID: "legacy", Title: "Old story, reindexed"}}); err != nil {
			t.Fatal(err)
		}
		if got := imported(t, "legacy"); !got.IsZero() {
			t.Errorf("imported after an update = %v, want still none: the index does not know when it came", got)
		}
	})
}
