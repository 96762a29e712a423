package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/corpus"
)

// loadQueries is the fixed mix of searches the load clients cycle
// through: words, phrases, Boolean logic, prefixes, boosts, facets,
// dates, sorts and the empty search that lists everything.
var loadQueries = []string{
	"q=oil",
	"q=cocoa&size=10",
	"q=%22interest+rates%22",
	"q=bank+AND+rate&sort=newest",
	"q=trade+OR+tariff",
	"q=opec+-saudi",
	"q=econom*",
	"q=gold%5E2+silver",
	"",
	"topic=economy",
	"q=dollar&actor=United+States",
	"q=wheat&date=1987-03",
	"q=title:grain&sort=oldest&page=2",
	"q=recieve~",
}

// loadStats sums up one run of the load clients.
type loadStats struct {
	requests int
	errors   int // transport errors and statuses other than 200
	firstErr string
	elapsed  time.Duration
	p50, p99 time.Duration
	// during counts the searches answered while the import was running.
	during int64
	// byQuery holds each query's median, to tell which kinds of search
	// cost most.
	byQuery map[string]time.Duration
}

func (s loadStats) String() string {
	return fmt.Sprintf("%d searches in %v: %.0f/s, p50 %v, p99 %v, %d errors",
		s.requests, s.elapsed.Round(time.Millisecond), float64(s.requests)/s.elapsed.Seconds(),
		s.p50.Round(100*time.Microsecond), s.p99.Round(100*time.Microsecond), s.errors)
}

// runLoad runs clients concurrent search clients until ctx ends or each
// has made maxEach requests. importing, when set, says whether an import
// is running, to count the searches answered meanwhile.
func runLoad(ctx context.Context, base string, clients, maxEach int, importing *atomic.Bool) loadStats {
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: clients},
	}
	defer client.CloseIdleConnections()
	var (
		mu    sync.Mutex
		lat   []time.Duration
		perQ  = map[string][]time.Duration{}
		st    loadStats
		wg    sync.WaitGroup
		start = time.Now()
	)
	for c := range clients {
		wg.Go(func() {
			var mine []time.Duration
			myQ := map[string][]time.Duration{}
			errs, firstErr := 0, ""
			var during int64
			for i := 0; i < maxEach && ctx.Err() == nil; i++ {
				q := loadQueries[(c+i)%len(loadQueries)]
				t0 := time.Now()
				resp, err := client.Get(base + "/api/search?" + q)
				if err != nil {
					if ctx.Err() != nil {
						break
					}
					errs++
					firstErr = err.Error()
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(t0))
				myQ[q] = append(myQ[q], time.Since(t0))
				if resp.StatusCode != http.StatusOK {
					errs++
					firstErr = fmt.Sprintf("%s: status %d", q, resp.StatusCode)
				} else if importing != nil && importing.Load() {
					during++
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			for q, d := range myQ {
				perQ[q] = append(perQ[q], d...)
			}
			st.errors += errs
			if firstErr != "" {
				st.firstErr = firstErr
			}
			st.during += during
			mu.Unlock()
		})
	}
	wg.Wait()
	st.elapsed = time.Since(start)
	st.requests = len(lat)
	slices.Sort(lat)
	if len(lat) > 0 {
		st.p50 = lat[len(lat)*50/100]
		st.p99 = lat[min(len(lat)*99/100, len(lat)-1)]
	}
	st.byQuery = map[string]time.Duration{}
	for q, d := range perQ {
		slices.Sort(d)
		st.byQuery[q] = d[len(d)/2]
	}
	return st
}

// TestLoad measures searches on the real binary: 8 clients on loopback
// with a fixed mix of queries, first alone, then while the Reuters
// stories are posted through the write API. It fails on any error and
// when searches stop being answered during the import; the figures go to
// the log. The short version runs in CI; NEWSARCHIVE_LOAD=1 runs the
// long one over the whole Reuters set.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test; skipped with -short")
	}
	const clients = 8
	full := os.Getenv("NEWSARCHIVE_LOAD") == "1"
	// The short version posts 600 stories, enough for searches to run
	// beside several batches without making CI wait.
	phase, maxEach, postMax := 3*time.Second, 5000, 600
	preload, posted := reutersFiles(0, 1), reutersFiles(4, 4)
	if full {
		phase, maxEach, postMax = 15*time.Second, 100000, 1<<30
		preload, posted = reutersFiles(0, 10), reutersFiles(11, 21)
	}
	dir := corpus.Dir(t, "reuters21578")
	bin := buildBinary(t)
	data := t.TempDir()
	var paths []string
	for _, f := range preload {
		paths = append(paths, filepath.Join(dir, f))
	}
	runCmd(t, bin, append([]string{"import", "--quiet", "--data", data}, paths...)...)
	s, _ := startServerWith(t, bin, data, nil, "--rate-limit", "0")
	held := s.total(t)

	ctx, cancel := context.WithTimeout(context.Background(), phase)
	alone := runLoad(ctx, s.base, clients, maxEach, nil)
	cancel()
	t.Logf("%d articles, %d clients, searches alone: %v", held, clients, alone)
	t.Logf("median by query: %v", alone.byQuery)
	if alone.errors > 0 || alone.requests == 0 {
		t.Errorf("searches alone: %d of %d failed (%s)", alone.errors, alone.requests, alone.firstErr)
	}

	// The same load while the other files are posted in batches of 200;
	// the searches run for as long as the import does.
	toPost := readArticles(t, dir, posted)
	batches := ndjsonBatches(t, toPost[:min(postMax, len(toPost))], 200)
	var importing atomic.Bool
	importing.Store(true)
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	type importResult struct {
		articles int
		elapsed  time.Duration
		err      error
	}
	done := make(chan importResult, 1)
	go func() {
		defer cancel() // the import's end ends the load
		defer importing.Store(false)
		client := &http.Client{Timeout: 2 * time.Minute}
		start := time.Now()
		n := 0
		for i, b := range batches {
			r, status, err := postArticles(context.Background(), client, s.base, bytes.NewReader(b))
			if err == nil && status != http.StatusOK {
				err = fmt.Errorf("status %d", status)
			}
			if err != nil {
				done <- importResult{n, time.Since(start), fmt.Errorf("batch %d: %w", i, err)}
				return
			}
			n += len(r.IDs)
		}
		done <- importResult{n, time.Since(start), nil}
	}()
	during := runLoad(ctx, s.base, clients, maxEach, &importing)
	imp := <-done
	if imp.err != nil {
		t.Fatalf("import under load: %v", imp.err)
	}
	t.Logf("searches during the import of %d articles (%.0f articles/s over %v): %v; %d answered while it ran",
		imp.articles, float64(imp.articles)/imp.elapsed.Seconds(), imp.elapsed.Round(time.Millisecond), during, during.during)
	if during.errors > 0 {
		t.Errorf("searches during the import: %d of %d failed (%s)", during.errors, during.requests, during.firstErr)
	}
	if during.during == 0 {
		t.Error("no search was answered while the import ran")
	}
	if got, want := s.total(t), held+imp.articles; got != want {
		t.Errorf("after the import: %d articles, want %d", got, want)
	}
}
