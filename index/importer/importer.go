// Package importer runs the import pipeline: it reads files with package
// ingest, fills in actors and topics with the extractor on a pool of
// workers, and writes batches to the index.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/ingest"
)

// DefaultBatchSize is how many articles go to the index at once unless
// Importer.BatchSize says otherwise; see BenchmarkImportReuters for the
// measurements behind it.
const DefaultBatchSize = 1000

// Index is what the importer needs of the search engine; the engine's
// *bleve.Index has it.
type Index interface {
	// Put adds or replaces articles by id, once they are on disk.
	Put(ctx context.Context, articles []index.Article) (index.PutStats, error)
	// Delete removes one article; index.ErrNotFound for an unknown id.
	Delete(ctx context.Context, id string) error
	// Each calls fn for every article, for a reindex.
	Each(ctx context.Context, fn func(index.Article) error) error
	// Count returns how many articles the index holds.
	Count() (uint64, error)
	// Path names the index in messages.
	Path() string
	// Stream calls fn with at most limit whole articles matching q.
	Stream(ctx context.Context, q index.Query, limit int, fn func(index.Article) error) error
	// Get returns one article; index.ErrNotFound for an unknown id.
	Get(ctx context.Context, id string) (index.Article, error)
	// Stale returns the names, as articles show them, of the actors the
	// archive resolves otherwise since it was last asked, and what every
	// name of the archive's evidence resolves to now.
	Stale(ctx context.Context) ([]string, map[index.Actor]index.Actor, error)
	NameResolver
}

// NameResolver resolves the names extraction finds to the names the
// archive already knows actors by.
type NameResolver interface {
	// Resolve returns the name and kind the archive knows an actor by:
	// its best-written form, its most frequent kind, the full name of a
	// lone surname.
	Resolve(name string, kind index.Kind) (string, index.Kind)
}

// ErrNoExtractor is returned by Reindex on an importer made without an
// extractor: there is nothing to redo.
var ErrNoExtractor = errors.New("importer: reindex needs an extractor")

// Importer is the one way articles go into an index: files, embedded
// seeds, a reindex and the write API's articles all pass through the same
// pipeline, enriched on the same workers and written in the same batches.
// It is safe for concurrent use.
type Importer struct {
	ix Index
	ex *extract.Extractor // nil: extraction is off

	// writeMu lets one batch or delete reach the index at a time, which
	// keeps Put's counts of added and updated articles exact when several
	// imports run at once.
	writeMu sync.Mutex
	// slots bounds extraction across all imports running at once to the
	// number of CPUs, so that parallel uploads do not starve searches more
	// than one does.
	slots chan struct{}

	// Source names the publisher of articles whose format does not say
	// (plain text); empty leaves it unset.
	Source string
	// BatchSize is how many articles go to the index at once.
	BatchSize int
	// Workers is how many articles are extracted at once.
	Workers int
	// Progress, when set, is called after each batch with the bytes read
	// so far (which advance within a file, not only after it) and the
	// running summary, whose Elapsed is the time since the import began.
	Progress func(bytesDone int64, s Summary)
}

// New returns an Importer writing to ix and extracting with ex. A nil ex
// turns extraction off: articles keep only the actors and topics their
// source supplied, and are left unenriched (Article.Supplied nil), so a
// later Reindex with an extractor adds its part to the source's.
func New(ix Index, ex *extract.Extractor) *Importer {
	n := runtime.GOMAXPROCS(0)
	return &Importer{ix: ix, ex: ex, BatchSize: DefaultBatchSize, Workers: n, slots: make(chan struct{}, n)}
}

// Extracts reports whether the importer runs the extractor.
func (im *Importer) Extracts() bool { return im.ex != nil }

// Index is the index the importer writes to.
func (im *Importer) Index() Index { return im.ix }

// Skip is a file or record that did not go in, and why.
type Skip struct {
	Where  string
	Reason string
	// NotArticle is set for inputs that are not articles at all (a README
	// beside the data), as opposed to broken articles.
	NotArticle bool
}

// Summary says what an import did.
type Summary struct {
	Files   int
	Read    int // articles read
	Added   int // new to the index
	Updated int // replaced an article the archive held before this import
	// Duplicates are articles whose id came earlier in this same import
	// (a data set that holds a story twice): written again, not new and
	// not an update of what the archive held.
	Duplicates int
	Skipped    []Skip
	// Resolved counts the articles already in the index whose actors
	// were rewritten after the import, because what it added taught the
	// archive a better name or kind for them.
	Resolved int
	Elapsed  time.Duration
}

// Broken counts the skipped records that were articles but could not be read.
func (s Summary) Broken() int {
	n := 0
	for _, sk := range s.Skipped {
		if !sk.NotArticle {
			n++
		}
	}
	return n
}

// source is one input: a name for messages and a way to read it. read
// passes the bytes it reads through count, so that progress advances
// within a large file; size is what the source adds to the bytes done
// once it is read, whatever count saw.
type source struct {
	name string
	size int64
	read func(ctx context.Context, count func(io.Reader) io.Reader, emit func(ingest.Item) error) error
}

// countingReader adds the bytes read through it to n.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// ImportPaths imports every article in the given files and folders.
func (im *Importer) ImportPaths(ctx context.Context, paths []string) (Summary, error) {
	files, errs := ingest.Files(paths)
	var pre []Skip
	for _, err := range errs {
		sk := Skip{Reason: err.Error(), NotArticle: errors.Is(err, ingest.ErrSkipped)}
		// Name the file as records are named, rather than inside the reason.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			sk.Where, sk.Reason = pe.Path, pe.Err.Error()
		}
		pre = append(pre, sk)
	}
	srcs := make([]source, len(files))
	for i, f := range files {
		srcs[i] = source{name: f.Path, size: f.Size, read: func(ctx context.Context, count func(io.Reader) io.Reader, emit func(ingest.Item) error) error {
			// As ingest.ReadFile, with the bytes counted.
			fh, err := os.Open(f.Path)
			if err != nil {
				return emit(ingest.Item{Err: err, Where: f.Path})
			}
			defer fh.Close()
			return ingest.Read(ctx, f.Path, count(fh), emit)
		}}
	}
	return im.run(ctx, srcs, pre)
}

// TotalBytes returns the size of everything ImportPaths would read, for a
// progress bar.
func TotalBytes(paths []string) int64 {
	files, _ := ingest.Files(paths)
	var n int64
	for _, f := range files {
		n += f.Size
	}
	return n
}

// ImportFS imports every file below dir in fsys (use "." for all), or the
// one file dir names, such as the embedded seeds.
func (im *Importer) ImportFS(ctx context.Context, fsys fs.FS, dir string) (Summary, error) {
	if dir == "" {
		dir = "."
	}
	var srcs []source
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Base(p)[0] == '.' {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		srcs = append(srcs, source{name: p, size: info.Size(), read: func(ctx context.Context, count func(io.Reader) io.Reader, emit func(ingest.Item) error) error {
			f, err := fsys.Open(p)
			if err != nil {
				return emit(ingest.Item{Err: err, Where: p})
			}
			defer f.Close()
			return ingest.Read(ctx, p, count(f), emit)
		}})
		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	return im.run(ctx, srcs, nil)
}

// Import writes articles already decoded, such as those posted to the
// write API, through the pipeline, and returns once they are on disk.
func (im *Importer) Import(ctx context.Context, articles []index.Article) (index.PutStats, error) {
	src := source{name: "request", read: func(ctx context.Context, _ func(io.Reader) io.Reader, emit func(ingest.Item) error) error {
		for _, a := range articles {
			if err := emit(ingest.Item{Article: a}); err != nil {
				return err
			}
		}
		return nil
	}}
	sum, err := im.run(ctx, []source{src}, nil)
	return index.PutStats{Added: sum.Added, Updated: sum.Updated}, err
}

// Delete removes the article with the given id, in turn with the
// batches being written; index.ErrNotFound for an id the index does not
// hold.
func (im *Importer) Delete(ctx context.Context, id string) error {
	im.writeMu.Lock()
	defer im.writeMu.Unlock()
	return im.ix.Delete(ctx, id)
}

// Reindex runs every article in the index through the extractor again,
// after a model change, without reading the original files: what the
// source supplied stays, what was extracted is redone.
func (im *Importer) Reindex(ctx context.Context) (Summary, error) {
	if im.ex == nil {
		return Summary{}, ErrNoExtractor
	}
	n, err := im.ix.Count()
	if err != nil {
		return Summary{}, err
	}
	src := source{name: im.ix.Path(), size: int64(n), read: func(ctx context.Context, _ func(io.Reader) io.Reader, emit func(ingest.Item) error) error {
		return im.ix.Each(ctx, func(a index.Article) error { return emit(ingest.Item{Article: a}) })
	}}
	sum, err := im.run(ctx, []source{src}, nil)
	sum.Files = 0
	return sum, err
}

// run reads the sources one after another on one goroutine, extracts on
// Workers goroutines, and indexes batches on the calling goroutine; the
// channels between the stages are small, so memory stays flat however
// large the input.
func (im *Importer) run(ctx context.Context, srcs []source, pre []Skip) (Summary, error) {
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		mu      sync.Mutex
		sum     = Summary{Skipped: pre, Files: len(srcs)}
		done    atomic.Int64 // bytes read
		readErr error
	)
	count := func(r io.Reader) io.Reader { return countingReader{r: r, n: &done} }
	items := make(chan index.Article, 256)
	ready := make(chan index.Article, 256)

	go func() {
		defer close(items)
		for _, src := range srcs {
			base := done.Load()
			err := src.read(ctx, count, func(it ingest.Item) error {
				if it.Err != nil {
					mu.Lock()
					sum.Skipped = append(sum.Skipped, Skip{Where: it.Where, Reason: reason(it.Err), NotArticle: errors.Is(it.Err, ingest.ErrSkipped)})
					mu.Unlock()
					return nil
				}
				a := it.Article
				if a.Source == "" {
					a.Source = im.Source
				}
				select {
				case items <- a:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			if err != nil {
				mu.Lock()
				readErr = fmt.Errorf("%s: %w", src.name, err)
				mu.Unlock()
				return
			}
			// A file read in part (a skipped one, whose head told its
			// format) still counts whole.
			done.Store(base + src.size)
		}
	}()

	workers := max(im.Workers, 1)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range items {
				if im.ex != nil {
					select {
					case im.slots <- struct{}{}:
					case <-ctx.Done():
						return
					}
					enrich(im.ex, im.ix, &a)
					<-im.slots
				}
				select {
				case ready <- a:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(ready) }()

	batchSize := max(im.BatchSize, 1)
	batch := make([]index.Article, 0, batchSize)
	var written []resolvedArticle // the enriched articles, to resolve again at the end
	seen := map[string]struct{}{} // the ids this import has written
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		dups := 0
		for _, a := range batch {
			if _, ok := seen[a.ID]; ok {
				dups++
			}
			seen[a.ID] = struct{}{}
		}
		im.writeMu.Lock()
		st, err := im.ix.Put(ctx, batch)
		im.writeMu.Unlock()
		if err != nil {
			return err
		}
		if im.ex != nil {
			for _, a := range batch {
				written = append(written, resolvedArticle{id: a.ID, supplied: a.Supplied.Actors, found: a.Found, actors: a.Actors})
			}
		}
		mu.Lock()
		sum.Read += len(batch)
		sum.Added += st.Added
		// Put counts a repeat of this import's own article as an update.
		sum.Updated += st.Updated - dups
		sum.Duplicates += dups
		snapshot := sum
		mu.Unlock()
		snapshot.Elapsed = time.Since(start)
		batch = batch[:0]
		if im.Progress != nil {
			im.Progress(done.Load(), snapshot)
		}
		return nil
	}
	for a := range ready {
		batch = append(batch, a)
		if len(batch) == batchSize {
			if err := flush(); err != nil {
				cancel()
				return sum, err
			}
		}
	}
	if err := flush(); err != nil {
		return sum, err
	}
	mu.Lock()
	defer mu.Unlock()
	if readErr == nil {
		readErr = ctx.Err()
	}
	if readErr == nil && im.ex != nil {
		n, err := im.reresolve(ctx, written)
		sum.Resolved = n
		readErr = err
	}
	sum.Elapsed = time.Since(start)
	if im.Progress != nil {
		im.Progress(done.Load(), sum)
	}
	return sum, readErr
}

func reason(err error) string {
	return err.Error()
}

// Reresolve resolves again the actors of the articles whose resolution
// changed since the index last looked: after a person's corrections
// (index.Corrections) changed, say. It returns how many articles it
// rewrote.
func (im *Importer) Reresolve(ctx context.Context) (int, error) {
	return im.reresolve(ctx, nil)
}

// reresolve resolves again the actors of the articles that may have been
// resolved with less than the archive knows now, so that an article's
// actors do not depend on what was imported before it: the articles this
// import wrote, whose names were resolved while it went on, and those
// naming an actor whose resolution its writes changed. Each is resolved
// from its evidence (what its source supplied and extraction found) and
// written again if that changes its actors. It returns how many it
// rewrote.
func (im *Importer) reresolve(ctx context.Context, written []resolvedArticle) (int, error) {
	stale, now, err := im.ix.Stale(ctx)
	if err != nil {
		return 0, err
	}
	resolved := fixedResolution(now)
	done := 0
	var batch []index.Article
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		im.writeMu.Lock()
		_, err := im.ix.Put(ctx, batch)
		im.writeMu.Unlock()
		done += len(batch)
		batch = batch[:0]
		return err
	}
	seen := map[string]bool{}
	// Writing while a search pages through its results would move
	// articles between its pages; during one, batches wait for its end.
	searching := false
	check := func(a index.Article) error {
		if seen[a.ID] || a.Supplied == nil {
			return nil
		}
		seen[a.ID] = true
		actors := resolveActors(resolved, a)
		if slices.Equal(actors, a.Actors) {
			return nil
		}
		a.Actors = actors
		batch = append(batch, a)
		if searching || len(batch) < max(im.BatchSize, 1) {
			return nil
		}
		return flush()
	}
	for _, w := range written {
		// Most articles resolve as they did; only those that do not are
		// read back from the index.
		if slices.Equal(resolveActors(resolved, index.Article{Supplied: &index.Tags{Actors: w.supplied}, Found: w.found}), w.actors) {
			continue
		}
		a, err := im.ix.Get(ctx, w.id)
		if errors.Is(err, index.ErrNotFound) {
			continue // deleted since
		}
		if err != nil {
			return done, err
		}
		if err := check(a); err != nil {
			return done, err
		}
	}
	for len(stale) > 0 {
		chunk := stale[:min(resolveNames, len(stale))]
		stale = stale[len(chunk):]
		// Relevance order without query text needs no counting, which a
		// date order would.
		// A stale name is one articles show, or one they dropped and
		// only their evidence holds.
		full := false
		for _, q := range []index.Query{{Actors: chunk, Sort: index.SortRelevance}, {Found: chunk, Sort: index.SortRelevance}} {
			found := 0
			searching = true
			err := im.ix.Stream(ctx, q, index.MaxResultWindow, func(a index.Article) error {
				found++
				return check(a)
			})
			searching = false
			if err == nil {
				err = flush()
			}
			if err != nil {
				return done, err
			}
			full = full || found == index.MaxResultWindow
		}
		if full {
			// More articles name these than one search returns: look at
			// every article instead.
			if err := im.ix.Each(ctx, check); err != nil {
				return done, err
			}
			break
		}
	}
	return done, flush()
}

// resolvedArticle is what reresolve needs to know of an article an import
// wrote: its evidence and the actors it was written with.
type resolvedArticle struct {
	id                      string
	supplied, found, actors []index.Actor
}

// fixedResolution resolves names as the archive did at one moment; a
// name it does not hold stays as it is.
type fixedResolution map[index.Actor]index.Actor

// Resolve implements NameResolver.
func (r fixedResolution) Resolve(name string, kind index.Kind) (string, index.Kind) {
	if to, ok := r[index.Actor{Name: name, Kind: kind}]; ok {
		return to.Name, to.Kind
	}
	return name, kind
}

// resolveNames is how many stale names reresolve searches for at once.
const resolveNames = 200
