package bleve

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

// backupAll runs Backup and returns the count begin got and the articles.
func backupAll(t *testing.T, ix *Index, during func()) (uint64, []index.Article) {
	t.Helper()
	var n uint64
	var got []index.Article
	err := ix.Backup(t.Context(), func(c uint64) error {
		n = c
		if during != nil {
			during()
		}
		return nil
	}, func(a index.Article) error {
		got = append(got, a)
		return nil
	})
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	return n, got
}

func TestBackupGivesEveryArticleWhole(t *testing.T) {
	for _, shards := range []int{1, 4} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) {
			ix, err := Open(t.TempDir(), WithShards(shards))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ix.Close() })
			arts := fixture()
			for i := range 40 {
				arts = append(arts, index.Article{ID: fmt.Sprintf("extra-%02d", i), Title: fmt.Sprintf("Extra %d", i), Body: "Text."})
			}
			if _, err := ix.Put(t.Context(), arts); err != nil {
				t.Fatal(err)
			}
			n, got := backupAll(t, ix, nil)
			if n != uint64(len(arts)) || len(got) != len(arts) {
				t.Fatalf("count %d and %d articles, want %d of each", n, len(got), len(arts))
			}
			var each []index.Article
			if err := ix.Each(t.Context(), func(a index.Article) error { each = append(each, a); return nil }); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, each) {
				t.Errorf("Backup gave %v,\nwant what Each gives, %v", articleIDs(got), articleIDs(each))
			}
			for _, a := range got {
				if want, err := ix.Get(t.Context(), a.ID); err != nil || !reflect.DeepEqual(a, want) {
					t.Errorf("article %s = %+v, want %+v (%v)", a.ID, a, want, err)
				}
			}
		})
	}
}

func articleIDs(arts []index.Article) []string {
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = a.ID
	}
	return out
}

// TestBackupIsAView writes to the index once Backup has taken its view:
// none of it may show in what Backup gives.
func TestBackupIsAView(t *testing.T) {
	ix, err := Open(t.TempDir(), WithShards(3))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Put(t.Context(), fixture()); err != nil {
		t.Fatal(err)
	}
	_, before := backupAll(t, ix, nil)
	n, got := backupAll(t, ix, func() {
		ctx := context.Background()
		added := []index.Article{{ID: "added", Title: "Added later", Body: "New."}, {ID: "aaa", Title: "Sorts first", Body: "New."}}
		changed := fixture()[1]
		changed.Title = "Changed later"
		if _, err := ix.Put(ctx, append(added, changed)); err != nil {
			t.Error(err)
		}
		if err := ix.Delete(ctx, "talks"); err != nil {
			t.Error(err)
		}
	})
	if n != uint64(len(before)) {
		t.Errorf("count %d, want %d", n, len(before))
	}
	if !reflect.DeepEqual(got, before) {
		t.Errorf("Backup gave %v, want the view before the writes, %v", articleIDs(got), articleIDs(before))
	}
	_, after := backupAll(t, ix, nil)
	if want := []string{"aaa", "added", "cocoa", "oil"}; !slices.Equal(articleIDs(after), want) {
		t.Errorf("the next Backup gave %v, want %v", articleIDs(after), want)
	}
}

// TestBackupBetweenWrites takes views while batches that span every
// shard are written: each view holds a batch whole or not at all.
func TestBackupBetweenWrites(t *testing.T) {
	const shards, perBatch = 4, 12
	ix, err := Open(t.TempDir(), WithShards(shards))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ctx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	wg.Go(func() {
		for b := 0; ctx.Err() == nil; b++ {
			batch := make([]index.Article, perBatch)
			for i := range batch {
				batch[i] = index.Article{ID: fmt.Sprintf("b%04d-%02d", b, i), Title: "Batch", Body: "Text."}
			}
			if _, err := ix.Put(ctx, batch); err != nil && ctx.Err() == nil {
				t.Error(err)
				return
			}
		}
	})
	defer wg.Wait()
	defer stop()
	for view := range 20 {
		n, got := backupAll(t, ix, nil)
		if uint64(len(got)) != n {
			t.Errorf("view %d: count %d, %d articles", view, n, len(got))
		}
		batches := map[string]int{}
		for _, a := range got {
			batches[a.ID[:5]]++
		}
		for b, c := range batches {
			if c != perBatch {
				t.Errorf("view %d holds %d of the %d articles of batch %s", view, c, perBatch, b)
			}
		}
	}
}

func TestBackupStops(t *testing.T) {
	ix := openFixture(t)
	stop := errors.New("stop")
	for _, c := range []struct {
		name      string
		begin, fn error
	}{{"begin", stop, nil}, {"fn", nil, stop}} {
		t.Run(c.name, func(t *testing.T) {
			calls := 0
			err := ix.Backup(t.Context(), func(uint64) error { return c.begin }, func(index.Article) error { calls++; return c.fn })
			if !errors.Is(err, stop) {
				t.Errorf("Backup = %v, want the callback's error", err)
			}
			if want := map[bool]int{true: 0, false: 1}[c.begin != nil]; calls != want {
				t.Errorf("fn called %d times, want %d", calls, want)
			}
		})
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := ix.Backup(ctx, func(uint64) error { return nil }, func(index.Article) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Backup with a cancelled context = %v, want context.Canceled", err)
	}
}
