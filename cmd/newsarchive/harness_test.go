package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsarchive/newsarchive/internal/corpus"
)

// fixtures is what the tests of this package share, each made once per
// test binary on first use: the built command and the archive of the
// shared corpora. Building the binary and importing 24,000 stories with
// extraction are the slowest steps here; done once, the package's tests
// stay well within go test's default 10 minutes on a busy 2-core machine.
// TestMain makes the folder and removes it at the end.
var fixtures struct {
	dir string

	binOnce sync.Once
	bin     string
	binErr  error

	corporaOnce sync.Once
	corpora     corporaArchive
	corporaErr  error
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "newsarchive-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fixtures.dir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildBinary returns the real command, compiled once for all the tests.
func buildBinary(t *testing.T) string {
	t.Helper()
	fixtures.binOnce.Do(func() {
		bin := filepath.Join(fixtures.dir, "newsarchive")
		cmd := exec.Command("go", "build", "-o", bin, ".")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			fixtures.binErr = fmt.Errorf("go build: %v\n%s", err, stderr.String())
			return
		}
		fixtures.bin = bin
	})
	if fixtures.binErr != nil {
		t.Fatal(fixtures.binErr)
	}
	return fixtures.bin
}

// corporaArchive is an archive of the Reuters-21578 and BBC corpora (the
// latter with --source BBC) and three later cocoa stories (for a chart
// with empty years between), imported by the real command, and what the
// corpora's imports printed.
type corporaArchive struct {
	data       string
	reutersOut string
	bbcOut     string
}

// sharedCorpora returns the archive of the shared corpora, imported once
// for the tests that read it. A test may start a server on it or import
// into it again, but must leave it holding the same articles.
func sharedCorpora(t *testing.T) corporaArchive {
	t.Helper()
	reuters := corpus.Dir(t, "reuters21578")
	bbc := corpus.Dir(t, "bbc")
	bin := buildBinary(t)
	fixtures.corporaOnce.Do(func() {
		start := time.Now()
		a := corporaArchive{data: filepath.Join(fixtures.dir, "corpora")}
		var err error
		if a.reutersOut, err = runBinary(bin, "import", "--data", a.data, reuters); err != nil {
			fixtures.corporaErr = err
			return
		}
		if a.bbcOut, err = runBinary(bin, "import", "--data", a.data, "--source", "BBC", bbc); err != nil {
			fixtures.corporaErr = err
			return
		}
		if _, err = runBinary(bin, "import", "--data", a.data, writeLaterCocoa(t)); err != nil {
			fixtures.corporaErr = err
			return
		}
		fixtures.corpora = a
		t.Logf("imported the shared corpora in %v", time.Since(start).Round(time.Millisecond))
	})
	if fixtures.corporaErr != nil {
		t.Fatal(fixtures.corporaErr)
	}
	return fixtures.corpora
}

// server is a running newsarchive serve process.
type server struct {
	base string
	cmd  *exec.Cmd
	done chan error
}

var listenRE = regexp.MustCompile(`msg=serving addr=(\S+)`)

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

// startServer runs `newsarchive serve` on a free port and waits until it
// says where it listens.
func startServer(t *testing.T, bin, data string) *server {
	t.Helper()
	s, _ := startServe(t, bin, data, nil)
	return s
}

// startServe runs `newsarchive serve` on a free port with extra environment
// variables and flags, keeps its log, and waits until it says where it
// listens.
func startServe(t *testing.T, bin, data string, env []string, args ...string) (*server, *serverLog) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--data", data, "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
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

// stop interrupts the server and waits for a clean exit, as an operator's
// Ctrl-C would.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if s.cmd.ProcessState != nil {
		return
	}
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("serve exited with %v after SIGINT, want a clean exit", err)
		}
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		t.Error("serve did not exit within 30s of SIGINT")
	}
}

// getJSON decodes the JSON answer to a GET of path into v and returns the
// status code.
func (s *server) getJSON(t *testing.T, path string, v any) int {
	t.Helper()
	resp, err := http.Get(s.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: decode: %v", path, err)
	}
	return resp.StatusCode
}

// getHTML parses the HTML answer to a GET of path.
func (s *server) getHTML(t *testing.T, path string) (*goquery.Document, int) {
	t.Helper()
	resp, err := http.Get(s.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc, resp.StatusCode
}

// runCmd runs the binary with args and fails the test when it exits non-zero.
func runCmd(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := runBinary(bin, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// runBinary runs the binary with args and returns its output, or an error
// with the output when it exits non-zero.
func runBinary(bin string, args ...string) (string, error) {
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("newsarchive %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// firstLine is the first line of a command's output, for short messages.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
