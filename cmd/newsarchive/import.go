package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/importer"
	"github.com/newsarchive/newsarchive/internal/numfmt"
)

// exitSkipped is the status of an import that went through but left out
// broken records, so scripts can tell a clean import from a lossy one.
const exitSkipped = 3

// exitNothing is the status of an import that found no article at all in
// what it was given: a wrong path or a file of another kind, which a
// script should not take for success.
const exitNothing = 4

func cmdImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newCommand("import", `usage: newsarchive import [flags] PATH...

Adds the articles of files and folders to the archive in --data, making
it when the directory holds none: plain text, JSON Lines, Reuters-21578
SGML, the BBC and HuffPost data sets. Actors and topics the source does
not supply are extracted. A file that is not articles is reported and
skipped; the rest goes in.`, stdout, stderr)
	fs.dataFlag(&cfg, getenv)
	fs.newIndexFlags(&cfg, getenv)
	source := fs.String("source", "", "publisher name for articles whose format does not carry one (plain text)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	batch := fs.Int("batch", importer.DefaultBatchSize, "articles written to the index at once")
	extractOn := fs.Bool("extract", true, "find actors and topics with the models; false keeps only those the source supplied (a later reindex adds the rest)")
	var prof profiles
	prof.flags(fs.FlagSet)
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 || *batch < 1 {
		return fs.misuse()
	}
	if err := prof.start(); err != nil {
		return err
	}
	defer prof.stop(stderr)
	im, closeIndex, err := openImporter(cfg, *extractOn, false)
	if err != nil {
		return err
	}
	defer closeIndex()
	im.Source = *source
	im.BatchSize = *batch
	total := importer.TotalBytes(fs.Args())
	// The bar's own prediction is left out: the description says the
	// time left, beside the rate in articles. The bar is throttled here
	// rather than by itself, which would drop the second of the two
	// renders, description and bytes, that each update makes.
	if bar := progressBar(stderr, *quiet, total, "importing", progressbar.OptionShowBytes(true), progressbar.OptionSetPredictTime(false), progressbar.OptionThrottle(0)); bar != nil {
		var shown time.Time
		im.Progress = func(done int64, s importer.Summary) {
			if time.Since(shown) < 100*time.Millisecond && done < total {
				return
			}
			shown = time.Now()
			bar.Describe(importDescription(s, done, total))
			_ = bar.Set64(done)
		}
		defer bar.Finish()
	}

	sum, err := im.ImportPaths(ctx, fs.Args())
	printSummary(stdout, sum)
	if err != nil {
		return err
	}
	if sum.Read == 0 {
		fmt.Fprintln(stderr, "newsarchive import: nothing imported: no article was found in", strings.Join(fs.Args(), ", "))
		return exitError{exitNothing}
	}
	if sum.Broken() > 0 {
		return exitError{exitSkipped}
	}
	return nil
}

func cmdReindex(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newCommand("reindex", `usage: newsarchive reindex [flags]

Extracts the actors and topics of every article of the archive in --data
again, as after a new version changed the extractor. What a source
supplied is kept.`, stdout, stderr)
	fs.dataFlag(&cfg, getenv)
	quiet := fs.Bool("quiet", false, "no progress bar")
	var prof profiles
	prof.flags(fs.FlagSet)
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.misuse()
	}
	if err := prof.start(); err != nil {
		return err
	}
	defer prof.stop(stderr)
	im, closeIndex, err := openImporter(cfg, true, true)
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

// openImporter opens the index in dataDir, with the extractor when
// extracting (its models take a while to load, so they are not loaded
// otherwise), for the commands that write articles; closeIndex must be
// called when done. An existing archive is refused when there is none.
func openImporter(cfg Config, extracting, existing bool) (im *importer.Importer, closeIndex func(), err error) {
	open := cfg.openIndex
	if existing {
		open = cfg.openArchive
	}
	ix, err := open()
	if err != nil {
		return nil, nil, err
	}
	var ex *extract.Extractor
	if extracting {
		if ex, err = extract.New(); err != nil {
			ix.Close()
			return nil, nil, err
		}
	}
	return importer.New(ix, ex), func() { ix.Close() }, nil
}

// importDescription is the progress bar's description: the articles in so
// far, their rate, and the time left, predicted from the bytes read.
func importDescription(s importer.Summary, done, total int64) string {
	d := "importing: " + numfmt.Int(int64(s.Read)) + " articles"
	secs := s.Elapsed.Seconds()
	if secs <= 0 {
		return d
	}
	d += ", " + numfmt.Int(int64(float64(s.Read)/secs)) + "/s"
	if done > 0 && total > done {
		left := time.Duration(float64(s.Elapsed) * float64(total-done) / float64(done))
		d += ", " + left.Round(time.Second).String() + " left"
	}
	return d
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
	dups := ""
	if s.Duplicates > 0 {
		dups = fmt.Sprintf(", %d duplicates (an id given again in this import: one article)", s.Duplicates)
	}
	fmt.Fprintf(w, "imported %d articles from %d files in %.1fs (%.0f articles/s): %d new, %d updated%s, %d skipped\n",
		s.Read, s.Files, s.Elapsed.Seconds(), rate, s.Added, s.Updated, dups, len(s.Skipped))
	if s.Resolved > 0 {
		fmt.Fprintf(w, "resolved the actors of %d articles already in the archive again, with the names and kinds it has learnt\n", s.Resolved)
	}
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
