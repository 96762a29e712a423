package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/ingest"
	"github.com/newsarchive/newsarchive/web"
)

// Helpers for the tests of the write API, crashes, load and shutdown on
// the real binary.

const opsKey = "ops-test-key"

// startServerWith is startServer with environment variables and extra
// flags, keeping the log. The API key is set unless env sets one.
func startServerWith(t *testing.T, bin, data string, env []string, args ...string) (*server, *serverLog) {
	t.Helper()
	return startServe(t, bin, data, append([]string{"NEWSARCHIVE_API_KEY=" + opsKey}, env...), args...)
}

// waitGone waits for a server that was killed to be gone.
func (s *server) waitGone(t *testing.T) {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		t.Fatal("server still running 10s after SIGKILL")
	}
}

// total is the number of articles the server holds, from an empty search.
func (s *server) total(t *testing.T) int {
	t.Helper()
	var r apiResults
	if code := s.getJSON(t, "/api/search?size=1", &r); code != http.StatusOK {
		t.Fatalf("count: status %d", code)
	}
	return r.Total
}

// readArticles reads the given files of a corpus with the import's own
// readers, leaving out what the import would skip.
func readArticles(t testing.TB, dir string, names []string) []index.Article {
	t.Helper()
	var out []index.Article
	for _, name := range names {
		err := ingest.ReadFile(context.Background(), filepath.Join(dir, name), func(it ingest.Item) error {
			if it.Err == nil {
				out = append(out, it.Article)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// reutersFiles names the Reuters files from..to, inclusive.
func reutersFiles(from, to int) []string {
	var names []string
	for i := from; i <= to; i++ {
		names = append(names, fmt.Sprintf("reut2-%03d.sgm", i))
	}
	return names
}

// ndjsonBatches encodes articles as JSON Lines bodies of size articles.
func ndjsonBatches(t testing.TB, arts []index.Article, size int) [][]byte {
	t.Helper()
	var out [][]byte
	for start := 0; start < len(arts); start += size {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		for _, a := range arts[start:min(start+size, len(arts))] {
			if err := enc.Encode(a); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, b.Bytes())
	}
	return out
}

// postArticles sends one JSON Lines body to the write API.
func postArticles(ctx context.Context, client *http.Client, base string, body io.Reader) (web.WriteResponse, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/articles", body)
	if err != nil {
		return web.WriteResponse{}, 0, err
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set("Authorization", "Bearer "+opsKey)
	resp, err := client.Do(req)
	if err != nil {
		return web.WriteResponse{}, 0, err
	}
	defer resp.Body.Close()
	var r web.WriteResponse
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			return r, resp.StatusCode, fmt.Errorf("decode answer: %w", err)
		}
	}
	return r, resp.StatusCode, nil
}

// missingArticles asks for every id on 8 connections and returns those
// that are not 200.
func missingArticles(t *testing.T, base string, ids []string) []string {
	t.Helper()
	var (
		mu      sync.Mutex
		missing []string
		wg      sync.WaitGroup
	)
	work := make(chan string)
	for range 8 {
		wg.Go(func() {
			for id := range work {
				resp, err := http.Get(base + "/api/articles/" + id)
				ok := err == nil && resp.StatusCode == http.StatusOK
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if !ok {
					mu.Lock()
					missing = append(missing, id)
					mu.Unlock()
				}
			}
		})
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
	return missing
}
