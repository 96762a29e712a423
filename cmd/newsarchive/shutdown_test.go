package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/web"
)

// slowPost is a POST whose body the test writes part by part, so that the
// request is in flight for as long as the test wants.
type slowPost struct {
	body   *io.PipeWriter
	result chan postResult
}

type postResult struct {
	resp   web.WriteResponse
	status int
	err    error
}

// startSlowPost sends the headers and the first part of a JSON Lines
// body, and returns once the client has handed that part to the
// connection and the server has had a moment to start on the request.
func startSlowPost(t *testing.T, base string, first []byte) *slowPost {
	t.Helper()
	pr, pw := io.Pipe()
	p := &slowPost{body: pw, result: make(chan postResult, 1)}
	go func() {
		r, status, err := postArticles(context.Background(), &http.Client{Timeout: time.Minute}, base, pr)
		p.result <- postResult{r, status, err}
	}()
	if _, err := pw.Write(first); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	return p
}

// articlesJSONL is n small articles as JSON Lines, split in two halves.
func articlesJSONL(t *testing.T, prefix string, n int) (first, rest []byte, ids []string) {
	t.Helper()
	var arts []index.Article
	for i := range n {
		a := index.Article{ID: prefix + string(rune('a'+i)), Title: "Harbour strike enters week " + string(rune('A'+i)),
			Body: "Dock workers in Rotterdam kept the port closed as talks with shippers stalled."}
		arts = append(arts, a)
		ids = append(ids, a.ID)
	}
	b := ndjsonBatches(t, arts, n)[0]
	cut := bytes.IndexByte(b, '\n') + 1
	return b[:cut], b[cut:], ids
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestGracefulShutdown checks the first and second interrupt on the real
// binary: the first lets a request in flight finish and closes the index
// after it, the second ends the process without waiting for the drain.
func TestGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the server several times; skipped with -short")
	}
	bin := buildBinary(t)

	t.Run("first interrupt drains an upload, then closes the index", func(t *testing.T) {
		data := t.TempDir()
		s, log := startServerWith(t, bin, data, nil)
		first, rest, ids := articlesJSONL(t, "drain-", 6)
		post := startSlowPost(t, s.base, first)

		if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		// New connections are refused while the upload goes on.
		addr := strings.TrimPrefix(s.base, "http://")
		deadline := time.Now().Add(5 * time.Second)
		for {
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if err != nil {
				break
			}
			c.Close()
			if time.Now().After(deadline) {
				t.Fatal("the server still accepts connections 5s after SIGINT")
			}
			time.Sleep(20 * time.Millisecond)
		}
		select {
		case err := <-s.done:
			t.Fatalf("the server exited (%v) with an upload in flight", err)
		default:
		}

		if _, err := post.body.Write(rest); err != nil {
			t.Fatalf("finishing the body after SIGINT: %v", err)
		}
		post.body.Close()
		r := <-post.result
		if r.err != nil || r.status != http.StatusOK || r.resp.Added != len(ids) {
			t.Fatalf("upload in flight at SIGINT: status %d, %+v, err %v; want 200 with %d added", r.status, r.resp, r.err, len(ids))
		}
		select {
		case err := <-s.done:
			if code := exitCode(err); code != 0 {
				t.Fatalf("exit status %d after the drain, want 0\n%s", code, log)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("the server did not exit within 15s of SIGINT")
		}
		if !log.has("index closed") {
			t.Errorf("no \"index closed\" in the log:\n%s", log)
		}

		// The acknowledged upload is in the index the next start opens.
		s, _ = startServerWith(t, bin, data, nil)
		if missing := missingArticles(t, s.base, ids); len(missing) > 0 {
			t.Errorf("after restart, %v are missing", missing)
		}
	})

	t.Run("second interrupt exits at once", func(t *testing.T) {
		s, log := startServerWith(t, bin, t.TempDir(), nil)
		first, _, _ := articlesJSONL(t, "stuck-", 2)
		post := startSlowPost(t, s.base, first) // its body never ends
		defer post.body.Close()

		if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		select {
		case err := <-s.done:
			t.Fatalf("exited (%v) on the first SIGINT with a request in flight; want it to drain", err)
		default:
		}
		sent := time.Now()
		if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-s.done:
			if code := exitCode(err); code != exitInterrupted {
				t.Errorf("exit status %d after a second SIGINT, want %d\n%s", code, exitInterrupted, log)
			}
			t.Logf("exited %v after the second SIGINT", time.Since(sent).Round(time.Millisecond))
		case <-time.After(3 * time.Second):
			t.Fatalf("still running 3s after the second SIGINT (the drain lasts up to %v)", shutdownGrace)
		}
	})
}
