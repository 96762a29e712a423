package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
)

// TestImportWithoutExtraction imports with --extract=false and profiles
// the run: the article keeps no actors or topics, since its source gave
// none, and both profiles are written.
func TestImportWithoutExtraction(t *testing.T) {
	dir, data, profs := t.TempDir(), filepath.Join(t.TempDir(), "data"), t.TempDir()
	story := "Oil prices climb in Vienna\n\nOil prices rose on Monday as OPEC ministers met in Vienna to discuss output cuts.\n"
	if err := os.WriteFile(filepath.Join(dir, "story.txt"), []byte(story), 0o644); err != nil {
		t.Fatal(err)
	}
	cpu, mem := filepath.Join(profs, "cpu.out"), filepath.Join(profs, "mem.out")
	var stdout, stderr bytes.Buffer
	args := []string{"import", "--quiet", "--extract=false", "--cpuprofile", cpu, "--memprofile", mem, "--data", data, dir}
	if err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("import: %v\n%s%s", err, &stdout, &stderr)
	}
	if !strings.Contains(stdout.String(), "imported 1 articles") {
		t.Errorf("stdout = %q, want one article imported", &stdout)
	}
	for _, p := range []string{cpu, mem} {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("profile %s: %v, want a non-empty file", p, err)
		}
	}
	ix, err := bleve.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	n := 0
	err = ix.Each(context.Background(), func(a index.Article) error {
		n++
		if len(a.Actors) != 0 || len(a.Topics) != 0 {
			t.Errorf("article %q: actors %v, topics %v; want none with --extract=false", a.Title, a.Actors, a.Topics)
		}
		return nil
	})
	if err != nil || n != 1 {
		t.Errorf("Each: %v, %d articles; want 1", err, n)
	}
}

var pprofRE = regexp.MustCompile(`msg="pprof serving" addr=(\S+)`)

// TestPprof checks that serve exposes no profiles by default, neither on
// the app's address nor elsewhere, and that --pprof (or NEWSARCHIVE_PPROF)
// serves them on a listener of their own.
func TestPprof(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the server; skipped with -short")
	}
	bin := buildBinary(t)
	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	off, offLog := startServe(t, bin, t.TempDir(), nil)
	if offLog.has("pprof") {
		t.Errorf("pprof is mentioned without --pprof:\n%s", offLog)
	}
	if code, _ := get(off.base + "/debug/pprof/"); code != http.StatusNotFound {
		t.Errorf("GET /debug/pprof/ on the app: %d, want 404", code)
	}
	off.stop(t)

	for _, tc := range []struct {
		name string
		env  []string
		args []string
	}{
		{"flag", nil, []string{"--pprof", "127.0.0.1:0"}},
		{"env", []string{"NEWSARCHIVE_PPROF=127.0.0.1:0"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, log := startServe(t, bin, t.TempDir(), tc.env, tc.args...)
			m := pprofRE.FindStringSubmatch(log.String())
			if m == nil {
				t.Fatalf("no pprof address in the log:\n%s", log)
			}
			code, body := get("http://" + m[1] + "/debug/pprof/")
			if code != http.StatusOK || !strings.Contains(body, "goroutine") {
				t.Errorf("GET /debug/pprof/ on the pprof listener: %d, want 200 and the profile list:\n%.300s", code, body)
			}
			if code, _ := get("http://" + m[1] + "/debug/pprof/heap?debug=1"); code != http.StatusOK {
				t.Errorf("GET /debug/pprof/heap: %d, want 200", code)
			}
			if code, _ := get(srv.base + "/debug/pprof/"); code != http.StatusNotFound {
				t.Errorf("GET /debug/pprof/ on the app with --pprof: %d, want 404: profiles stay on their own listener", code)
			}
			if code, _ := get("http://" + m[1] + "/"); code != http.StatusNotFound {
				t.Errorf("GET / on the pprof listener: %d, want 404: the app stays on its own", code)
			}
		})
	}
}
