// Command newsbench holds the archive-scale benchmark tools. It is a module
// of its own so that the engines it compares the archive with never become
// dependencies of the product.
//
// Subcommands:
//
//	gen   write a deterministic corpus of synthetic articles as JSON Lines
//	run   import such a corpus into the archive and each peer engine, time
//	      searches on them and load the archive's server; print the figures
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/newsarchive/newsarchive/index/extract"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "newsbench:", err)
		}
		os.Exit(2)
	}
}

const usage = `usage: newsbench gen [--articles N] [--seed S] [--corpora DIR] [--out FILE] [--actor-sample N]
       newsbench run --input FILE [--articles N] [--peers newsarchive,newsarchive-noextract,bleve,fts5,sphinx]
                     [--extract] [--query-index INDEX] [--skip queries,http] [--dir DIR] [--import-repeat R] [--queries N] [--repeat R]
                     [--http-duration D] [--http-clients C] [--shards N] [--newsarchive BIN]`

// run dispatches a subcommand; it is main without the process around it,
// so tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return errors.New("no subcommand")
	}
	switch args[0] {
	case "gen":
		return runGen(ctx, args[1:], stdout, stderr)
	case "run":
		return runBench(ctx, args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, usage)
		return nil
	default:
		fmt.Fprintln(stderr, usage)
		return fmt.Errorf("unknown subcommand %q", args[0])
	}
}

// runGen parses the gen flags, loads the corpora and streams the articles.
func runGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("articles", 1000, "number of articles to write")
	seed := fs.Uint64("seed", 1, "seed; the same seed writes the same bytes")
	corpora := fs.String("corpora", "", "the shared corpora folder (default: ../shared/corpora beside the repository)")
	out := fs.String("out", "-", "output file, - for standard output")
	sample := fs.Int("actor-sample", 1000, "extract the actors of the first N articles and print their median and p99 beside BBC's (0: skip)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("gen: unexpected argument %q", fs.Arg(0))
	}
	if *n < 0 {
		return fmt.Errorf("gen: --articles must be at least 0, got %d", *n)
	}
	if *sample < 0 {
		return fmt.Errorf("gen: --actor-sample must be at least 0, got %d", *sample)
	}
	dir := *corpora
	if dir == "" {
		var err error
		if dir, err = findCorpora(); err != nil {
			return fmt.Errorf("gen: %w; name the folder with --corpora", err)
		}
	}

	start := time.Now()
	p, err := LoadPools(ctx, dir)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	loaded := time.Now()
	fmt.Fprintf(stderr, "pools: %d stories (%d of BBC), %d titles, %d actors, in %v\n",
		len(p.stories), len(p.bbcStories), len(p.titles[titleReuters])+len(p.titles[titleBBC])+len(p.titles[titleHuffPost]), len(p.actors), loaded.Sub(start).Round(time.Millisecond))

	var w io.Writer = stdout
	var f *os.File
	if *out != "-" {
		if f, err = os.Create(*out); err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	g := NewGenerator(p, *seed)
	written, err := g.WriteJSONL(ctx, bw, *n)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil && f != nil {
		err = f.Close()
	}
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	took := time.Since(loaded)
	fmt.Fprintf(stderr, "wrote %d articles (%d MB) in %v: %.0f articles/s\n",
		*n, written>>20, took.Round(time.Millisecond), float64(*n)/took.Seconds())
	if k := min(*n, *sample); k > 0 {
		gen, bbc, err := compareActors(ctx, g, k)
		if err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		fmt.Fprintf(stderr, "extracted actors per article: generated %v; BBC %v\n", gen, bbc)
	}
	return nil
}

// compareActors extracts the actors of the generator's first n articles
// and returns how many it finds per article, beside the same for the BBC
// stories.
func compareActors(ctx context.Context, g *Generator, n int) (gen, bbc actorSpread, err error) {
	ex, err := extract.New()
	if err != nil {
		return gen, bbc, err
	}
	counts := countActors(ctx, ex, articlesOf(g, n))
	if err := ctx.Err(); err != nil {
		return gen, bbc, err
	}
	return spreadOf(counts), spreadOf(g.p.bbcActors), nil
}
