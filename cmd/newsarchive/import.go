package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/importer"
)

// exitSkipped is the status of an import that went through but left out
// broken records, so scripts can tell a clean import from a lossy one.
const exitSkipped = 3

func cmdImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlagSet("import", &cfg, getenv, stderr)
	source := fs.String("source", "", "publisher name for articles whose format does not carry one (plain text)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: newsarchive import [--data DIR] [--source NAME] PATH...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitError{2}
	}
	im, closeIndex, err := openImporter(cfg.DataDir)
	if err != nil {
		return err
	}
	defer closeIndex()
	im.Source = *source
	if bar := progressBar(stderr, *quiet, importer.TotalBytes(fs.Args()), "importing", progressbar.OptionShowBytes(true)); bar != nil {
		im.Progress = func(done int64, s importer.Summary) {
			bar.Describe(fmt.Sprintf("importing: %d articles", s.Read))
			_ = bar.Set64(done)
		}
		defer bar.Finish()
	}

	sum, err := im.ImportPaths(ctx, fs.Args())
	printSummary(stdout, sum)
	if err != nil {
		return err
	}
	if sum.Broken() > 0 {
		return exitError{exitSkipped}
	}
	return nil
}

func cmdReindex(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlagSet("reindex", &cfg, getenv, stderr)
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	im, closeIndex, err := openImporter(cfg.DataDir)
	if err != nil {
		return err
	}
	defer closeIndex()
	n, err := im.Index().Count()
	if err != nil {
		return err
	}
	if bar := progressBar(stderr, *quiet, int64(n), "re-extracting", progressbar.OptionShowIts(), progressbar.OptionSetItsString("articles")); bar != nil {
		im.Progress = func(_ int64, s importer.Summary) { _ = bar.Set(s.Read) }
		defer bar.Finish()
	}
	sum, err := im.Reindex(ctx)
	fmt.Fprintf(stdout, "re-extracted %d articles in %.1fs\n", sum.Read, sum.Elapsed.Seconds())
	return err
}

// openImporter opens the index in dataDir with the extractor, for the
// commands that write articles; closeIndex must be called when done.
func openImporter(dataDir string) (im *importer.Importer, closeIndex func(), err error) {
	ix, err := index.Open(dataDir)
	if err != nil {
		return nil, nil, err
	}
	ex, err := extract.New()
	if err != nil {
		ix.Close()
		return nil, nil, err
	}
	return importer.New(ix, ex), func() { ix.Close() }, nil
}

// progressBar returns a progress bar on stderr when it is a terminal and
// the user did not ask for quiet, else nil.
func progressBar(stderr io.Writer, quiet bool, total int64, desc string, opts ...progressbar.Option) *progressbar.ProgressBar {
	f, ok := stderr.(*os.File)
	if !ok || quiet || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	opts = append([]progressbar.Option{
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionClearOnFinish(),
	}, opts...)
	return progressbar.NewOptions64(total, opts...)
}

// printSummary tells the user what went in and, grouped by reason, what
// did not.
func printSummary(w io.Writer, s importer.Summary) {
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Read) / s.Elapsed.Seconds()
	}
	fmt.Fprintf(w, "imported %d articles from %d files in %.1fs (%.0f articles/s): %d new, %d updated, %d skipped\n",
		s.Read, s.Files, s.Elapsed.Seconds(), rate, s.Added, s.Updated, len(s.Skipped))
	if len(s.Skipped) == 0 {
		return
	}
	const shown = 20
	sorted := append([]importer.Skip(nil), s.Skipped...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Where < sorted[j].Where })
	fmt.Fprintln(w, "skipped:")
	for i, sk := range sorted {
		if i == shown {
			fmt.Fprintf(w, "  ... and %d more\n", len(sorted)-shown)
			break
		}
		if sk.Where == "" {
			fmt.Fprintf(w, "  %s\n", sk.Reason)
		} else {
			fmt.Fprintf(w, "  %s: %s\n", sk.Where, sk.Reason)
		}
	}
}

func cmdExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlagSet("export", &cfg, getenv, stderr)
	out := fs.String("out", "-", "file to write, - for standard output")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	ix, err := index.Open(cfg.DataDir)
	if err != nil {
		return err
	}
	defer ix.Close()
	var w io.Writer = stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := ix.Each(ctx, func(a index.Article) error { return enc.Encode(a) }); err != nil {
		return err
	}
	return bw.Flush()
}
