package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/web"
)

func cmdBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newCommand("backup", `usage: newsarchive backup [flags]

Copies every article of a running archive, as the server holds them at
one moment, into JSON Lines, the format 'newsarchive import' reads back:
a backup that needs no stop. The server must have writes enabled, and
the key is its API key, best given in NEWSARCHIVE_API_KEY rather than on
the command line, which other users of the machine can see.

The copy is checked against the number of articles the server announced
first; a copy cut short is an error, and with --out leaves no file. A
name ending in .gz is written gzipped.`, stdout, stderr)
	from := fs.String("from", envOr(getenv, "NEWSARCHIVE_URL", "http://localhost:8080"), "address of the archive's server (env NEWSARCHIVE_URL)")
	// The key's default is not the environment's, which -h would print.
	key := fs.String("api-key", "", "the server's API key (env NEWSARCHIVE_API_KEY, preferred)")
	out := fs.String("out", "-", "file to write, - for standard output")
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.misuse()
	}
	u, err := backupURL(*from)
	if err != nil {
		fmt.Fprintf(stderr, "newsarchive backup: %v\n\n", err)
		return fs.misuse()
	}
	if *key == "" {
		*key = strings.TrimSpace(getenv("NEWSARCHIVE_API_KEY"))
	}
	if *key == "" {
		fmt.Fprintln(stderr, "newsarchive backup: the server's API key is needed: set NEWSARCHIVE_API_KEY (or --api-key)")
		return exitError{2}
	}
	start := time.Now()
	if *out == "-" {
		n, err := fetchBackup(ctx, u, *key, stdout)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "backed up %d articles from %s in %s\n", n, *from, time.Since(start).Round(time.Millisecond))
		return nil
	}
	n, err := backupToFile(ctx, u, *key, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "backed up %d articles from %s to %s in %s\n", n, *from, *out, time.Since(start).Round(time.Millisecond))
	return nil
}

// backupURL is the backup's address on the server at base, which may
// have a path of its own (an archive behind a proxy at /news/).
func backupURL(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("--from %q: want the server's address, such as http://localhost:8080", base)
	}
	return u.JoinPath("api", "backup").String(), nil
}

// backupToFile writes the backup next to path and moves it there once it
// is whole, so that path never holds a cut copy, nor loses the previous
// backup to a failed one.
func backupToFile(ctx context.Context, u, key, path string) (n uint64, err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	var w io.Writer = f
	var zw *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		zw = gzip.NewWriter(f)
		w = zw
	}
	if n, err = fetchBackup(ctx, u, key, w); err != nil {
		return 0, err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return 0, err
		}
	}
	if err := f.Sync(); err != nil {
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	// CreateTemp makes the file readable by its owner only; a backup
	// is as readable as any file the user makes.
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return 0, err
	}
	return n, os.Rename(f.Name(), path)
}

// fetchBackup copies the backup at u to w and returns its number of
// articles, once it has checked that it got as many lines as the server
// announced.
func fetchBackup(ctx context.Context, u, key string, w io.Writer) (uint64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("backup: the server answered %s: %s", resp.Status, serverMessage(resp.Body))
	}
	want, err := strconv.ParseUint(resp.Header.Get(web.ArticleCountHeader), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("backup: the answer does not say how many articles it holds (no %s header): is %s a newsarchive server?", web.ArticleCountHeader, u)
	}
	lc := &lineCounter{w: w}
	if _, err := io.Copy(lc, resp.Body); err != nil {
		return 0, fmt.Errorf("backup cut short after %d of %d articles: %w", lc.lines, want, err)
	}
	if lc.lines != want {
		return 0, fmt.Errorf("backup cut short: %d of the %d articles the server announced", lc.lines, want)
	}
	return want, nil
}

// serverMessage is the message of the API's error JSON, or the start of
// whatever else the body holds.
func serverMessage(body io.Reader) string {
	raw, _ := io.ReadAll(io.LimitReader(body, 4096))
	var e web.ErrorResponse
	if json.Unmarshal(raw, &e) == nil && e.Error.Message != "" {
		return e.Error.Message
	}
	return strings.TrimSpace(string(raw))
}

// lineCounter counts the lines written through it: a backup has one
// article a line.
type lineCounter struct {
	w     io.Writer
	lines uint64
}

func (c *lineCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.lines += uint64(bytes.Count(p[:n], []byte{'\n'}))
	return n, err
}
