package bleve

import (
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Settle waits until no shard of ix has changed its segments for a
// while. Bleve's BM25 estimates a field's average length from its
// segments' term dictionaries, so a merge in the background shifts scores
// between two searches, and relevance pages asked across it may overlap:
// a test of what pages hold asks them of a settled index.
func Settle(t testing.TB, ix *Index) {
	t.Helper()
	epochs := func() []any {
		var out []any
		for _, sh := range ix.shards {
			adv, err := sh.Advanced()
			if err != nil {
				t.Fatal(err)
			}
			s, ok := adv.(*scorch.Scorch)
			if !ok {
				t.Fatalf("shard index is %T, not scorch", adv)
			}
			out = append(out, s.StatsMap()["CurRootEpoch"])
		}
		return out
	}
	deadline := time.Now().Add(time.Minute)
	last, since := epochs(), time.Now()
	for time.Since(since) < 500*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatal("the shards' segments still change after a minute")
		}
		time.Sleep(50 * time.Millisecond)
		if now := epochs(); !equalAll(now, last) {
			last, since = now, time.Now()
		}
	}
}

func equalAll(a, b []any) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}
