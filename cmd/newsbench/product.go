package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The archive itself is measured as users run it: the newsarchive binary,
// built once from the repository, importing the JSON Lines file and
// serving the index over HTTP in processes of its own.

// productPeers are the peers that are the archive's own binary, by name,
// with whether the import runs the extractor.
var productPeers = map[string]bool{
	"newsarchive":           true,
	"newsarchive-noextract": false,
}

// findRepoRoot returns the archive's repository root: the nearest folder
// above the working directory whose go.mod declares the archive's module,
// or else the one this source file was compiled from, two levels up, so a
// newsbench binary built here also works from another folder.
func findRepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if isArchiveRoot(filepath.Join(dir, "go.mod")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		root := filepath.Dir(filepath.Dir(filepath.Dir(file)))
		if isArchiveRoot(filepath.Join(root, "go.mod")) {
			return root, nil
		}
	}
	return "", errors.New("no repository root above the working directory")
}

// buildProduct compiles ./cmd/newsarchive of the repository at root into
// dir and returns the binary's path.
func buildProduct(ctx context.Context, root, dir string, stderr io.Writer) (string, error) {
	bin := filepath.Join(dir, "newsarchive")
	start := time.Now()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/newsarchive")
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/newsarchive in %s: %w\n%s", root, err, out.String())
	}
	fmt.Fprintf(stderr, "built %s in %v\n", bin, time.Since(start).Round(time.Millisecond))
	return bin, nil
}

// productFlags reports which of the flags --extract and --shards the
// binary's import knows, from its usage text, so a binary from before
// they were added can still be measured where they are not needed.
func productFlags(ctx context.Context, bin string) (extract, shards bool) {
	cmd := exec.CommandContext(ctx, bin, "import", "-h")
	out, _ := cmd.CombinedOutput() // -h exits non-zero
	return bytes.Contains(out, []byte("-extract")), bytes.Contains(out, []byte("-shards"))
}

// importedRe finds the article count in the summary the import prints.
var importedRe = regexp.MustCompile(`imported (\d+) articles`)

// importProduct runs `newsarchive import` into a fresh data folder and
// returns the wall time and the process's peak resident memory in bytes.
func importProduct(ctx context.Context, bin, dataDir, input string, want int, extract bool, shards int) (secs float64, rss, anon int64, err error) {
	if err := os.RemoveAll(dataDir); err != nil {
		return 0, 0, 0, err
	}
	args := []string{"import", "--data", dataDir, "--quiet"}
	if !extract {
		args = append(args, "--extract=false")
	}
	if shards > 0 {
		args = append(args, "--shards", strconv.Itoa(shards))
	}
	args = append(args, input)
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err = cmd.Start(); err != nil {
		return 0, 0, 0, err
	}
	sampler := sampleAnon(cmd.Process.Pid)
	err = cmd.Wait()
	secs = time.Since(start).Seconds()
	anon = sampler.Stop()
	if err != nil {
		return 0, 0, 0, fmt.Errorf("newsarchive %s: %w\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	m := importedRe.FindStringSubmatch(stdout.String())
	if m == nil {
		return 0, 0, 0, fmt.Errorf("newsarchive import printed no article count:\n%s", stdout.String())
	}
	if got, _ := strconv.Atoi(m[1]); got != want {
		return 0, 0, 0, fmt.Errorf("newsarchive import read %d articles, want %d:\n%s", got, want, stdout.String())
	}
	return secs, maxRSS(cmd.ProcessState), anon, nil
}

// maxRSS is a finished process's peak resident memory in bytes (Linux
// reports it in KB).
func maxRSS(ps *os.ProcessState) int64 {
	if ps == nil {
		return 0
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) * 1024
	}
	return 0
}

// firstLines copies the first n lines of in to a new file in dir, for a
// subprocess that reads the file itself when --articles asks for fewer
// than it holds.
func firstLines(in, dir string, n int) (string, error) {
	f, err := os.Open(in)
	if err != nil {
		return "", err
	}
	defer f.Close()
	outPath := filepath.Join(dir, fmt.Sprintf("first-%d.jsonl", n))
	out, err := os.Create(outPath)
	if err != nil {
		return "", err
	}
	r := bufio.NewReaderSize(f, 1<<20)
	w := bufio.NewWriterSize(out, 1<<20)
	for i := 0; i < n; {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			if line[len(line)-1] != '\n' {
				line = append(line, '\n')
			}
			if _, werr := w.Write(line); werr != nil {
				out.Close()
				return "", werr
			}
			i++
		}
		if err == io.EOF {
			break
		} else if err != nil {
			out.Close()
			return "", err
		}
	}
	if err := w.Flush(); err != nil {
		out.Close()
		return "", err
	}
	return outPath, out.Close()
}

// httpResult holds the figures of the HTTP measurement.
type httpResult struct {
	index       string        // the peer whose index the server searched
	mix         string        // "shapes" or "zipf" (see mix.go)
	kinds       []kindLatency // each kind of request's figures, by name
	firstAnswer time.Duration // process start to the first 200 of /api/search
	clients     int
	duration    time.Duration
	requests    int
	errors      int
	p50, p99    time.Duration
	rss         int64 // the server's peak resident memory
	anon        int64 // its peak anonymous resident memory (see anonSampler)
}

// kindLatency is the figures of one kind of request in the HTTP load.
type kindLatency struct {
	name     string
	requests int
	p50, p99 time.Duration
}

// requestSource gives client c of the HTTP load its requests, each with
// its kind, against the server at base.
type requestSource func(base string, c int) func() (kind, target string)

// shapeRequests cycles through the shapes, each client starting at its
// own.
func shapeRequests(shapes []shape) requestSource {
	return func(base string, c int) func() (string, string) {
		i := c
		return func() (string, string) {
			s := shapes[i%len(shapes)]
			i++
			return s.Name, searchURL(base, s)
		}
	}
}

// zipfRequests draws the realistic mix of mix.go, seeded.
func zipfRequests(m *zipfMix, seed uint64) requestSource {
	return func(base string, c int) func() (string, string) {
		return m.client(base, seed, c).next
	}
}

// freePort asks the kernel for a free port on the loopback interface.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// searchURL is the /api/search address of a shape.
func searchURL(base string, s shape) string {
	v := url.Values{}
	if s.Text != "" {
		v.Set("q", s.Text)
	}
	if s.Actor != "" {
		v.Set("actor", s.Actor)
	}
	if !s.From.IsZero() {
		v.Set("from", s.From.Format(time.DateOnly))
	}
	if !s.To.IsZero() {
		v.Set("to", s.To.Format(time.DateOnly))
	}
	if s.Page > 1 {
		v.Set("page", strconv.Itoa(s.Page))
	}
	v.Set("size", strconv.Itoa(pageSize))
	return base + "/api/search?" + v.Encode()
}

// measureHTTP starts `newsarchive serve` on dataDir, times how long it
// takes to answer a first search, loads it with clients concurrent
// clients for duration, cycling through the shapes, then stops it and
// reads its peak memory.
func measureHTTP(ctx context.Context, bin, dataDir string, shapes []shape, mix string, requests requestSource, clients int, duration time.Duration, shards int, stderr io.Writer) (httpResult, error) {
	r := httpResult{mix: mix, clients: clients, duration: duration}
	port, err := freePort()
	if err != nil {
		return r, err
	}
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	args := []string{"serve", "--data", dataDir, "--addr", "127.0.0.1:" + strconv.Itoa(port),
		"--rate-limit", "0", "--log-level", "warn"}
	if shards > 0 {
		args = append(args, "--shards", strconv.Itoa(shards))
	}
	cmd := exec.Command(bin, args...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: clients * 2},
	}
	first := searchURL(base, shapes[0])

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return r, err
	}
	sampler := sampleAnon(cmd.Process.Pid)
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			var ee *exec.ExitError
			if err != nil && !errors.As(err, &ee) {
				return err
			}
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-done
			return errors.New("newsarchive serve did not stop within 30 s of SIGTERM")
		}
		r.rss = maxRSS(cmd.ProcessState)
		r.anon = sampler.Stop()
		return nil
	}
	defer stop()

	for {
		if ctx.Err() != nil {
			return r, ctx.Err()
		}
		if cmd.ProcessState != nil || time.Since(start) > 2*time.Minute {
			return r, fmt.Errorf("newsarchive serve gave no answer:\n%s", logs.String())
		}
		resp, err := client.Get(first)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				r.firstAnswer = time.Since(start)
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Fprintf(stderr, "http: first answer %v after start; %d clients for %v\n", r.firstAnswer.Round(time.Millisecond), clients, duration)

	var (
		mu     sync.Mutex
		lats   []time.Duration
		byKind = map[string][]time.Duration{}
		errs   int
		wg     sync.WaitGroup
	)
	deadline := time.Now().Add(duration)
	loadStart := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			kinds := map[string][]time.Duration{}
			bad := 0
			next := requests(base, c)
			for time.Now().Before(deadline) && ctx.Err() == nil {
				kind, target := next()
				t := time.Now()
				resp, err := client.Get(target)
				if err != nil {
					bad++
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					bad++
					continue
				}
				d := time.Since(t)
				mine = append(mine, d)
				kinds[kind] = append(kinds[kind], d)
			}
			mu.Lock()
			lats = append(lats, mine...)
			for k, ds := range kinds {
				byKind[k] = append(byKind[k], ds...)
			}
			errs += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(loadStart)
	r.requests = len(lats) + errs
	r.errors = errs
	r.duration = elapsed
	if len(lats) > 0 {
		r.p50 = percentile(lats, 50)
		r.p99 = percentile(lats, 99)
	}
	for k, ds := range byKind {
		r.kinds = append(r.kinds, kindLatency{name: k, requests: len(ds), p50: percentile(ds, 50), p99: percentile(ds, 99)})
	}
	slices.SortFunc(r.kinds, func(a, b kindLatency) int { return strings.Compare(a.name, b.name) })
	if err := stop(); err != nil {
		return r, err
	}
	if ctx.Err() != nil {
		return r, ctx.Err()
	}
	fmt.Fprintf(stderr, "http: %d requests, %d errors, %.0f requests/s\n", r.requests, r.errors, float64(r.requests)/elapsed.Seconds())
	return r, nil
}
