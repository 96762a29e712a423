package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

// runBench parses the run flags, reads the articles once and imports them
// into each peer, --repeat times, printing a table of the medians.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "", "JSON Lines of articles, as gen writes them")
	n := fs.Int("articles", 0, "import the first N articles (0: all of the input)")
	peerList := fs.String("peers", "bleve,fts5", "comma-separated peers to measure")
	dir := fs.String("dir", "", "folder for the indexes, emptied first (default: a temporary folder, removed after)")
	repeat := fs.Int("repeat", 1, "imports per peer; the table shows the median")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("run: unexpected argument %q", fs.Arg(0))
	case *input == "":
		return errors.New("run: --input is required (write one with newsbench gen)")
	case *n < 0:
		return fmt.Errorf("run: --articles must be at least 0, got %d", *n)
	case *repeat < 1:
		return fmt.Errorf("run: --repeat must be at least 1, got %d", *repeat)
	}
	peers, err := parsePeers(*peerList)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}

	start := time.Now()
	articles, err := readArticles(*input, *n)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	fmt.Fprintf(stderr, "read %d articles in %v\n", len(articles), time.Since(start).Round(time.Millisecond))

	root := *dir
	if root == "" {
		if root, err = os.MkdirTemp("", "newsbench-"); err != nil {
			return fmt.Errorf("run: %w", err)
		}
		defer os.RemoveAll(root)
	}

	var results []result
	for _, p := range peers {
		r, err := measure(ctx, p, filepath.Join(root, p), articles, *repeat, stderr)
		if err != nil {
			return fmt.Errorf("run: %s: %w", p, err)
		}
		results = append(results, r)
	}
	return printResults(stdout, results)
}

// readArticles decodes up to n articles (all when n is 0) from a JSON
// Lines file. They are all held in memory so that the import is timed
// without the reading and decoding, which are the same for every peer.
func readArticles(path string, n int) ([]index.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	var out []index.Article
	for n == 0 || len(out) < n {
		var a index.Article
		if err := dec.Decode(&a); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("%s: article %d: %w", path, len(out)+1, err)
		}
		if a.ID == "" {
			return nil, fmt.Errorf("%s: article %d has no id", path, len(out)+1)
		}
		out = append(out, a)
	}
	if n > 0 && len(out) < n {
		return nil, fmt.Errorf("%s holds %d articles, fewer than --articles %d", path, len(out), n)
	}
	return out, nil
}

// result is one peer's line of the table.
type result struct {
	peer     string
	articles int
	seconds  float64 // median over the repeats
	size     int64   // bytes on disk after the last import
}

// measure imports the articles into a fresh store in dir repeat times.
// A run's time covers opening the empty store, the import and the close,
// since a peer may defer work (merges, a checkpoint) to its close.
func measure(ctx context.Context, peer, dir string, articles []index.Article, repeat int, stderr io.Writer) (result, error) {
	r := result{peer: peer, articles: len(articles)}
	var secs []float64
	for i := range repeat {
		if err := os.RemoveAll(dir); err != nil {
			return r, err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return r, err
		}
		start := time.Now()
		s, err := openers[peer](dir)
		if err != nil {
			return r, err
		}
		err = s.Import(ctx, articles)
		if cerr := s.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return r, err
		}
		took := time.Since(start).Seconds()
		secs = append(secs, took)
		fmt.Fprintf(stderr, "%s: run %d of %d: %.2f s, %.0f articles/s\n", peer, i+1, repeat, took, float64(len(articles))/took)
	}
	r.seconds = median(secs)
	size, err := dirSize(dir)
	if err != nil {
		return r, err
	}
	r.size = size
	return r, nil
}

// median returns the middle value, or the mean of the middle two.
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func printResults(w io.Writer, results []result) error {
	// Numbers are right-aligned so their digits line up; the peer name
	// is padded by hand, as tabwriter aligns every column one way.
	width := len("peer")
	for _, r := range results {
		width = max(width, len(r.peer))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-*s\tarticles\tseconds\tarticles/s\tsize MB\t\n", width, "peer")
	for _, r := range results {
		rate := 0.0
		if r.seconds > 0 {
			rate = float64(r.articles) / r.seconds
		}
		fmt.Fprintf(tw, "%-*s\t%d\t%.2f\t%.0f\t%.1f\t\n", width, r.peer, r.articles, r.seconds, rate, float64(r.size)/(1<<20))
	}
	return tw.Flush()
}
