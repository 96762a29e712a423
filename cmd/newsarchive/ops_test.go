package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
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

// serverLog keeps a server's log lines for checks after the fact.
type serverLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *serverLog) add(line string) {
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
}

// has reports whether a line contains s.
func (l *serverLog) has(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.ContainsFunc(l.lines, func(line string) bool { return strings.Contains(line, s) })
}

func (l *serverLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// startServerWith is startServer with environment variables and extra
// flags, keeping the log. The API key is set unless env sets one.
func startServerWith(t *testing.T, bin, data string, env []string, args ...string) (*server, *serverLog) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--data", data, "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "NEWSARCHIVE_API_KEY="+opsKey)
	cmd.Env = append(cmd.Env, env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, done: make(chan error, 1)}
	log := &serverLog{}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			log.add(line)
			if testing.Verbose() && !strings.Contains(line, "msg=request") {
				fmt.Fprintln(os.Stderr, "serve:", line)
			}
			if m := listenRE.FindStringSubmatch(line); m != nil {
				addr <- m[1]
			}
		}
		s.done <- cmd.Wait()
	}()
	select {
	case a := <-addr:
		s.base = "http://" + a
	case err := <-s.done:
		t.Fatalf("serve exited before listening: %v\n%s", err, log)
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatal("serve did not start listening within 2 minutes")
	}
	t.Cleanup(func() { s.stop(t) })
	return s, log
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
