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
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

// runBench parses the run flags, reads the articles once, imports them
// into each peer, times the query shapes on the indexes and loads the
// archive's server over HTTP, then prints the figures as Markdown.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	input := fs.String("input", "", "JSON Lines of articles, as gen writes them")
	n := fs.Int("articles", 0, "import the first N articles (0: all of the input)")
	peerList := fs.String("peers", strings.Join(defaultPeers, ","), "comma-separated peers to measure")
	skipList := fs.String("skip", "", "comma-separated parts to leave out: import (search the indexes a run left in --dir), queries, http")
	extractOn := fs.Bool("extract", false, "give bleve, fts5 and sphinx the actors the archive's extractor finds as well as the file's, and search the archive's index made with extraction")
	queryIndex := fs.String("query-index", "", "the archive's index the query and HTTP parts search (default: newsarchive with --extract, newsarchive-noextract without, the one holding the same actors as the peers)")
	dir := fs.String("dir", "", "folder for the indexes, emptied first (default: a temporary folder, removed after)")
	repeat := fs.Int("repeat", 3, "runs of the whole query measurement; the table shows the medians")
	importRepeat := fs.Int("import-repeat", 1, "imports per peer; the table shows the median time")
	queries := fs.Int("queries", 300, "timed searches per shape and engine in each repeat")
	httpDuration := fs.Duration("http-duration", 20*time.Second, "how long the HTTP load runs")
	httpClients := fs.Int("http-clients", 8, "concurrent HTTP clients")
	httpMix := fs.String("http-mix", "shapes", "what the HTTP clients ask: shapes (the query shapes, cycled) or zipf (words and actors of the corpus drawn by popularity, drill-downs, later pages, the front page and suggestions; see mix.go)")
	shards := fs.Int("shards", 0, "pass --shards N to newsarchive import and serve (0: their default)")
	binFlag := fs.String("newsarchive", "", "a newsarchive binary to measure (default: build ./cmd/newsarchive of the repository)")
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
	case *importRepeat < 1:
		return fmt.Errorf("run: --import-repeat must be at least 1, got %d", *importRepeat)
	case *queries < 1:
		return fmt.Errorf("run: --queries must be at least 1, got %d", *queries)
	case *httpClients < 1:
		return fmt.Errorf("run: --http-clients must be at least 1, got %d", *httpClients)
	case *httpMix != "shapes" && *httpMix != "zipf":
		return fmt.Errorf("run: --http-mix must be shapes or zipf, got %q", *httpMix)
	case *shards < 0:
		return fmt.Errorf("run: --shards must be at least 0, got %d", *shards)
	}
	switch want := queryIndexFor(*extractOn); *queryIndex {
	case "":
		*queryIndex = want
	case want:
	case "newsarchive", "newsarchive-noextract":
		return fmt.Errorf("run: --query-index %s with --extract=%v: the archive's index would hold other actors than the peers'; leave --query-index out or make it %s", *queryIndex, *extractOn, want)
	default:
		return fmt.Errorf("run: --query-index: unknown index %q (known: newsarchive, newsarchive-noextract)", *queryIndex)
	}
	peers, err := parsePeers(*peerList)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	skip := map[string]bool{}
	for _, p := range strings.Split(*skipList, ",") {
		switch p = strings.TrimSpace(p); p {
		case "":
		case "import", "queries", "http":
			skip[p] = true
		default:
			return fmt.Errorf("run: --skip: unknown part %q (known: import, queries, http)", p)
		}
	}

	load := loadAvg()
	start := time.Now()
	articles, err := readArticles(*input, *n)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	fmt.Fprintf(stderr, "read %d articles in %v\n", len(articles), time.Since(start).Round(time.Millisecond))
	var extractTook time.Duration
	if *extractOn {
		// Before the terms are chosen, so that the filtered shape's actor
		// is the most frequent of those the indexes hold.
		start := time.Now()
		if err := addExtracted(ctx, articles); err != nil {
			return fmt.Errorf("run: extracting actors: %w", err)
		}
		extractTook = time.Since(start)
		fmt.Fprintf(stderr, "extracted the actors of %d articles in %v\n", len(articles), extractTook.Round(time.Millisecond))
	}
	t := chooseTerms(articles)
	shapes := t.shapes()
	requests := shapeRequests(shapes)
	if *httpMix == "zipf" {
		mix := newZipfMix(articles)
		// The seed is fixed, so that two runs on one corpus ask the same.
		requests = zipfRequests(&mix, 1)
	}
	fmt.Fprintf(stderr, "terms: %s\n", t.describe())

	root := *dir
	if root == "" {
		if root, err = os.MkdirTemp("", "newsbench-"); err != nil {
			return fmt.Errorf("run: %w", err)
		}
		defer os.RemoveAll(root)
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("run: %w", err)
	}
	rep := report{
		args: args, articles: len(articles), terms: t, shapes: shapes,
		queries: *queries, repeat: *repeat, importRepeat: *importRepeat,
		loadStart: load, extract: *extractOn, extractTook: extractTook,
	}
	if fi, err := os.Stat(*input); err == nil && *n == 0 {
		rep.inputBytes = fi.Size()
	}

	// The archive's binary, when a peer or the HTTP part needs it.
	var bin, subInput string
	needBin := !skip["http"]
	for _, p := range peers {
		if _, ok := productPeers[p]; ok {
			needBin = true
		}
	}
	if needBin {
		bin = *binFlag
		if bin == "" {
			repo, err := findRepoRoot()
			if err != nil {
				return fmt.Errorf("run: %w; name a binary with --newsarchive", err)
			}
			tmp, err := os.MkdirTemp("", "newsbench-bin-")
			if err != nil {
				return fmt.Errorf("run: %w", err)
			}
			defer os.RemoveAll(tmp)
			if bin, err = buildProduct(ctx, repo, tmp, stderr); err != nil {
				return fmt.Errorf("run: %w", err)
			}
		}
		hasExtract, hasShards := productFlags(ctx, bin)
		if *shards > 0 && !hasShards {
			return fmt.Errorf("run: --shards %d: this newsarchive import has no --shards flag", *shards)
		}
		if !hasExtract && slices.Contains(peers, "newsarchive-noextract") {
			fmt.Fprintln(stderr, "newsarchive-noextract: this newsarchive import has no --extract flag; left out")
			peers = slices.DeleteFunc(peers, func(p string) bool { return p == "newsarchive-noextract" })
			rep.notes = append(rep.notes, "newsarchive-noextract was left out: the binary's import has no `--extract` flag.")
		}
		subInput = *input
		if *n > 0 {
			if subInput, err = firstLines(*input, root, *n); err != nil {
				return fmt.Errorf("run: %w", err)
			}
			defer os.Remove(subInput)
		}
		if fi, err := os.Stat(subInput); err == nil {
			rep.inputBytes = fi.Size()
		}
	}

	// A peer whose engine is not installed is left out with a note, so
	// that the default peers run on any machine.
	if slices.Contains(peers, "sphinx") {
		if _, _, err := sphinxBinaries(); err != nil {
			fmt.Fprintf(stderr, "%v; left out\n", err)
			peers = slices.DeleteFunc(peers, func(p string) bool { return p == "sphinx" })
			rep.notes = append(rep.notes, "sphinx was left out: `indexer` and `searchd` are not on PATH (Debian: `apt-get install sphinxsearch`).")
		}
	}

	dirs := map[string]string{}
	for _, p := range peers {
		pdir := filepath.Join(root, p)
		if skip["import"] {
			if _, err := os.Stat(pdir); err != nil {
				return fmt.Errorf("run: --skip import: %w", err)
			}
			dirs[p] = pdir
			continue
		}
		var r result
		if extract, ok := productPeers[p]; ok {
			r, err = measureProduct(ctx, bin, p, pdir, subInput, len(articles), extract, *shards, *importRepeat, stderr)
		} else {
			r, err = measure(ctx, p, pdir, articles, *importRepeat, stderr)
		}
		if err != nil {
			return fmt.Errorf("run: %s: %w", p, err)
		}
		rep.imports = append(rep.imports, r)
		dirs[p] = pdir
	}
	// The articles are not needed any more; the searches and the server
	// should not be measured with them in memory.
	articles = nil
	runtime.GC()

	// The archive's column and its server search --query-index, or the
	// other of the archive's indexes when that one was not made.
	product := ""
	for _, p := range []string{*queryIndex, "newsarchive-noextract", "newsarchive"} {
		if _, ok := dirs[p]; ok && product == "" {
			product = p
		}
	}
	rep.queryIndex = product
	if product != "" && product != *queryIndex {
		rep.notes = append(rep.notes, fmt.Sprintf("The %s index was not made, so the archive's columns search %s, whose actors are not the peers'.", *queryIndex, product))
	}
	if !skip["queries"] {
		var engines []string
		for _, e := range []string{product, "bleve", "fts5", "sphinx"} {
			if _, ok := dirs[e]; ok && e != "" {
				engines = append(engines, e)
			}
		}
		if product != "" {
			engines = append(engines, product+cachedSuffix)
		}
		if len(engines) > 0 {
			if rep.latency, err = measureQueries(ctx, engines, dirs, shapes, *queries, *repeat, stderr); err != nil {
				return fmt.Errorf("run: queries: %w", err)
			}
		}
	}
	if !skip["http"] && product != "" {
		h, err := measureHTTP(ctx, bin, dirs[product], shapes, *httpMix, requests, *httpClients, *httpDuration, *shards, stderr)
		if err != nil {
			return fmt.Errorf("run: http: %w", err)
		}
		h.index = product
		rep.http = &h
	}
	rep.loadEnd = loadAvg()
	return rep.print(stdout)
}

// queryIndexFor is the archive's index that holds the same actors as the
// peers' with extraction on or off.
func queryIndexFor(extract bool) string {
	if extract {
		return "newsarchive"
	}
	return "newsarchive-noextract"
}

// defaultPeers are the peers a run measures unless told otherwise.
var defaultPeers = []string{"newsarchive", "newsarchive-noextract", "bleve", "fts5", "sphinx"}

// measureProduct imports the input with the archive's binary repeat
// times into a fresh data folder.
func measureProduct(ctx context.Context, bin, peer, dir, input string, n int, extract bool, shards, repeat int, stderr io.Writer) (result, error) {
	r := result{peer: peer, articles: n}
	var secs []float64
	for i := range repeat {
		took, rss, anon, err := importProduct(ctx, bin, dir, input, n, extract, shards)
		if err != nil {
			return r, err
		}
		secs = append(secs, took)
		r.rss = max(r.rss, rss)
		r.anon = max(r.anon, anon)
		fmt.Fprintf(stderr, "%s: run %d of %d: %.2f s, %.0f articles/s, peak RSS %d MB\n", peer, i+1, repeat, took, float64(n)/took, rss>>20)
	}
	r.seconds = median(secs)
	size, err := dirSize(dir)
	if err != nil {
		return r, err
	}
	r.size = size
	return r, nil
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
	rss      int64   // peak resident bytes of the import process; 0 when in process
	anon     int64   // its peak anonymous resident bytes (see anonSampler)
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
		if p, ok := s.(processPeer); ok {
			rss, anon := p.peakRSS()
			r.rss, r.anon = max(r.rss, rss), max(r.anon, anon)
		}
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

// processPeer is a store whose import runs in a process of its own, such
// as Sphinx's indexer, and so has a peak memory of its own to report.
type processPeer interface {
	peakRSS() (rss, anon int64)
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
