package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/corpus"
)

// TestCrashSafety posts the Reuters stories through the write API and
// kills the server with SIGKILL in the middle of the upload, three times:
// after each restart the index opens and every article whose batch was
// acknowledged is there. Then the whole set is posted again, and the
// archive holds each story once. The test posts the first 1,000 stories
// in batches of 25, more than three cycles of up to 8 batches reach;
// NEWSARCHIVE_LOAD=1 posts all 21,577 in batches of 200.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test posts the Reuters set; skipped with -short")
	}
	const cycles = 3
	dir := corpus.Dir(t, "reuters21578")
	bin := buildBinary(t)
	data := t.TempDir()

	// Every story is extracted when posted, so the number of stories,
	// not of batches, sets the test's time.
	files, batchSize := reutersFiles(0, 0), 25
	if os.Getenv("NEWSARCHIVE_LOAD") == "1" {
		files, batchSize = reutersFiles(0, 21), 200
	}
	arts := readArticles(t, dir, files)
	distinct := map[string]bool{}
	for _, a := range arts {
		distinct[a.ID] = true
	}
	batches := ndjsonBatches(t, arts, batchSize)
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("%d stories (%d distinct ids) in %d batches; random seed %d", len(arts), len(distinct), len(batches), seed)

	// Rate limiting is off: the checks below ask for thousands of
	// articles at once from one address.
	start := func() *server {
		s, _ := startServerWith(t, bin, data, nil, "--rate-limit", "0")
		return s
	}
	s := start()
	seeds := s.total(t)

	acked := map[string]bool{}
	next := 0 // first batch not yet acknowledged
	for cycle := 1; cycle <= cycles; cycle++ {
		after := 3 + rng.IntN(6)                                 // acknowledged batches before the kill
		delay := time.Duration(rng.IntN(250)) * time.Millisecond // into the next batch
		ackedBatches, ids := postUntilKilled(t, s, batches[next:], after, delay)
		for _, id := range ids {
			acked[id] = true
		}
		next += ackedBatches
		t.Logf("cycle %d: killed %v after %d acknowledged batches (%d articles acknowledged in all)", cycle, delay, ackedBatches, len(acked))

		s = start()
		if got := s.total(t); got < seeds+len(acked) {
			t.Errorf("cycle %d: after restart the index holds %d articles, want at least %d seeds + %d acknowledged", cycle, got, seeds, len(acked))
		}
		ids = ids[:0]
		for id := range acked {
			ids = append(ids, id)
		}
		if missing := missingArticles(t, s.base, ids); len(missing) > 0 {
			t.Fatalf("cycle %d: %d of %d acknowledged articles lost, e.g. %v", cycle, len(missing), len(ids), missing[:min(5, len(missing))])
		}
		t.Logf("cycle %d survived: %d acknowledged articles verified", cycle, len(ids))
	}

	// The whole import again, on the recovered index: updates, never
	// duplicates.
	client := &http.Client{Timeout: 2 * time.Minute}
	var added, updated int
	begin := time.Now()
	for i, b := range batches {
		r, status, err := postArticles(context.Background(), client, s.base, bytes.NewReader(b))
		if err != nil || status != http.StatusOK {
			t.Fatalf("re-import batch %d: status %d, %v", i, status, err)
		}
		added += r.Added
		updated += r.Updated
	}
	got := s.total(t)
	t.Logf("re-import: %d added, %d updated in %v; archive holds %d = %d seeds + %d stories",
		added, updated, time.Since(begin).Round(time.Millisecond), got, seeds, got-seeds)
	if got != seeds+len(distinct) {
		t.Errorf("after re-import: %d articles, want %d seeds + %d distinct stories", got, seeds, len(distinct))
	}
	if updated < len(acked) {
		t.Errorf("re-import updated %d, want at least the %d acknowledged before", updated, len(acked))
	}
}

// postUntilKilled posts batches one after another and kills the server
// delay after the after-th acknowledgement, while the next batch is on
// its way. It returns how many batches were acknowledged and their ids.
func postUntilKilled(t *testing.T, s *server, batches [][]byte, after int, delay time.Duration) (int, []string) {
	t.Helper()
	type ack struct{ ids []string }
	acks := make(chan ack)
	go func() {
		defer close(acks)
		client := &http.Client{Timeout: time.Minute}
		for _, b := range batches {
			r, status, err := postArticles(context.Background(), client, s.base, bytes.NewReader(b))
			if err != nil {
				return // the server is gone
			}
			if status != http.StatusOK {
				t.Errorf("batch: status %d", status)
				return
			}
			acks <- ack{r.IDs}
		}
	}()
	var (
		n      int
		ids    []string
		killed = make(chan struct{})
	)
	for a := range acks {
		n++
		ids = append(ids, a.ids...)
		if n == after {
			go func() {
				time.Sleep(delay)
				s.cmd.Process.Kill()
				close(killed)
			}()
		}
	}
	if n < after {
		t.Fatalf("the upload ended after %d batches, before the kill", n)
	}
	<-killed
	s.waitGone(t)
	return n, ids
}
