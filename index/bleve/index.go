// Package bleve is the archive's search engine, on Bleve: the index
// mapping, opening and closing the shards, adding, getting and deleting
// articles, and every search (hits, facets, the histogram, match spans,
// related articles, suggestions and streams). It is the only package that
// imports Bleve; what it takes and gives are the model's types (package
// index).
package bleve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/shingle"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/newsarchive/newsarchive/index"
)

// Field names in the Bleve index. Text fields are analyzed for search;
// keyword fields hold exact values for filters and facets.
const (
	fieldTitle        = "title"        // text, English analyzer, stored for highlights
	fieldBody         = "body"         // text, English analyzer, stored for highlights
	fieldActor        = "actor"        // keyword: every actor name
	fieldActorText    = "actor_text"   // text: actor names for actor:word queries
	fieldPerson       = "person"       // keyword: person names, for the facet's kinds
	fieldOrganization = "organization" // keyword
	fieldPlace        = "place"        // keyword
	fieldEvidence     = "evidence_"    // prefix of keyword fields: an article's supplied and found names by kind, for resolution
	fieldAcronyms     = "acronyms"     // keyword: "EC\x1fEuropean Community", the short forms the article defines
	fieldTopic        = "topic"        // keyword: IPTC slugs
	fieldSource       = "source"       // keyword: as written, for filters and facets
	fieldSourceText   = "source_text"  // text: for source:word queries
	fieldPublished    = "published"    // datetime: ranges and sorting
	fieldYear         = "year"         // keyword "2024": the date facet
	fieldMonth        = "month"        // keyword "2024-03": the date facet within a year
	fieldDay          = "day"          // keyword "2024-03-15": the histogram of a short span
	fieldMeta         = "meta"         // stored only: the rest of the article as JSON
	fieldTitlePairs   = "title_pairs"  // text: pairs of adjacent title words, for phrases
	fieldBodyPairs    = "body_pairs"   // text: pairs of adjacent body words
)

// pairsAnalyzer makes the terms of the pair fields: the English analyzer's
// stems, each joined to the next ("interest rate"), with "_" where a stop
// word stood, as Elasticsearch's index_phrases does. A two-word phrase is
// then one term to look up rather than two lists of positions to compare,
// which is Bleve's slowest kind of search.
const pairsAnalyzer = "en_pairs"

// Folders under the data directory. A sharded index lives in shardsDirName,
// one Bleve index per shard beside a layout file recording how many there
// are; legacyDirName is the single Bleve index of archives made before
// sharding, which opens as one shard.
const (
	shardsDirName = "articles"
	legacyDirName = "articles.bleve"
	layoutName    = "layout.json"
)

// maxShards bounds the shard count: beyond it each shard is too small to
// pay for its share of every search.
const maxShards = 64

// Option configures Open.
type Option func(*options)

type options struct {
	shards        int
	cacheSize     int
	pairs         bool
	suggestTitles int
	existing      bool
}

// ErrNoArchive is what Open returns, with WithExisting, for a data
// directory that holds no index.
var ErrNoArchive = errors.New("no archive there")

// Exists reports whether dataDir holds an index.
func Exists(dataDir string) bool {
	return exists(filepath.Join(dataDir, legacyDirName)) || exists(filepath.Join(dataDir, shardsDirName, layoutName))
}

// WithExisting makes Open refuse a data directory that holds no index,
// with an error wrapping ErrNoArchive, rather than make a new one there:
// for commands that read an archive, which a mistyped directory would
// otherwise answer with an empty one.
func WithExisting() Option { return func(o *options) { o.existing = true } }

// DefaultCacheSize is how many searches' counts an index keeps by default:
// an entry is a few kilobytes.
const DefaultCacheSize = 1024

// WithPhrasePairs makes a new index also hold every pair of adjacent words
// of title and body, so that phrases are term lookups rather than position
// checks (see pairsAnalyzer). On 100,000 generated articles it made phrases
// several times faster and imports about 2.7 times slower, with a bigger
// index; an existing index keeps what it was made with.
func WithPhrasePairs(on bool) Option { return func(o *options) { o.pairs = on } }

// WithCacheSize sets how many recent searches' counts (total, facets,
// histogram) the index keeps to answer the same search again without a
// pass over its matches; 0 keeps none. Every write empties it.
func WithCacheSize(n int) Option { return func(o *options) { o.cacheSize = n } }

// WithShards sets how many shards a new index is split into; 0 (the
// default) means one per CPU. An existing index keeps the count it was
// made with, which its layout file records, and asking it for another
// count is an error rather than a silent re-partition.
func WithShards(n int) Option { return func(o *options) { o.shards = n } }

// layout is what the layout file records. Hash names the function that
// puts a document in a shard, so that a change to it cannot go unnoticed.
type layout struct {
	Shards int    `json:"shards"`
	Hash   string `json:"hash"`
}

const hashName = "fnv1a32-mod"

// Index is the archive's full-text index: N Bleve shards searched together.
// Documents go to a shard by a hash of their id, so an update or a delete
// finds the document it replaces. It is safe for concurrent use.
type Index struct {
	shards  []bleve.Index
	bleve   bleve.Index // what searches run against: an alias over the shards, or the one shard
	path    string
	created bool
	aliases aliasTable // surnames of the people the archive names
	names   nameTable  // how the archive writes each actor, and its kind
	// resolved is what every name of the evidence resolved to when Stale
	// last looked (or the index opened), to tell what changed since.
	resolvedMu sync.Mutex
	resolved   map[index.Actor]index.Actor
	// dir makes the inverse of resolved when first asked: the actors
	// articles show, with their aliases. Imports never ask, and so never
	// pay for it.
	dir atomic.Pointer[lazyDirectory]
	// dataDir holds the person's corrections (index.CorrectionsFile),
	// which every resolution applies, and appliedName, the corrections
	// the articles were last resolved with.
	dataDir     string
	corrections atomic.Pointer[index.Corrections]
	counts      *countCache
	pairs       analysis.Analyzer // of the pair fields; nil when the index has none
	// text compiles query text to word positions, for highlighting; rank
	// to the same matches with word pairs for phrases, for ranking.
	text, rank queryCompiler
	// gen counts the writes, which end the cached counts' validity.
	gen atomic.Uint64
	// dateEdges caches the first and last days articles are dated.
	dateEdges atomic.Pointer[dateEdges]
	// sug answers the search box's suggestions from memory (suggest.go).
	sug suggester
	// writeMu is held by Put while it writes its batches to the shards,
	// and by Backup while it takes a view of each shard, so that the
	// view holds every shard's part of a write or none. Put holds sug.mu
	// for longer, but a suggestion load holds that too, for seconds.
	writeMu sync.Mutex
}

// Open opens the index in dataDir, creating the folder and an empty index
// when there is none yet.
func Open(dataDir string, opts ...Option) (*Index, error) {
	o := options{cacheSize: DefaultCacheSize, suggestTitles: DefaultSuggestTitles}
	for _, opt := range opts {
		opt(&o)
	}
	if o.shards < 0 || o.shards > maxShards {
		return nil, fmt.Errorf("the shard count must be from 1 to %d (or 0 for one per CPU), not %d", maxShards, o.shards)
	}
	if o.existing && !Exists(dataDir) {
		return nil, fmt.Errorf("data directory %s: %w; give --data (or NEWSARCHIVE_DATA) the directory that holds one, or import articles into this one first", dataDir, ErrNoArchive)
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	if legacy := filepath.Join(dataDir, legacyDirName); exists(legacy) {
		if o.shards > 1 {
			return nil, fmt.Errorf("open index %s: it is a single index, made before sharding; to split it in %d shards, export it and import the export into a new data directory", legacy, o.shards)
		}
		b, err := bleve.OpenUsing(legacy, runtimeConfig())
		if err != nil {
			return nil, openError(legacy, err)
		}
		return newIndex(dataDir, legacy, []bleve.Index{b}, false, o)
	}

	dir := filepath.Join(dataDir, shardsDirName)
	l, err := readLayout(dir)
	switch {
	case err == nil:
		if o.shards != 0 && o.shards != l.Shards {
			return nil, fmt.Errorf("open index %s: it has %d shards, not %d; leave the shard count unset to open it, or export it and import the export into a new data directory to change it", dir, l.Shards, o.shards)
		}
		shards, err := openShards(dir, l.Shards, func(p string) (bleve.Index, error) { return bleve.OpenUsing(p, runtimeConfig()) })
		if err != nil {
			return nil, err
		}
		return newIndex(dataDir, dir, shards, false, o)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	case exists(dir):
		return nil, fmt.Errorf("open index %s: the folder has no %s; it is not an index, or its creation was interrupted: move it away and start again", dir, layoutName)
	}

	n := o.shards
	if n == 0 {
		n = min(runtime.NumCPU(), maxShards)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	m, err := newMapping(o.pairs)
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	shards, err := openShards(dir, n, func(p string) (bleve.Index, error) {
		return bleve.NewUsing(p, m, scorch.Name, scorch.Name, runtimeConfig())
	})
	if err != nil {
		return nil, err
	}
	// The layout is written last: a folder without it was never a whole index.
	if err := writeLayout(dir, layout{Shards: n, Hash: hashName}); err != nil {
		for _, s := range shards {
			s.Close()
		}
		return nil, fmt.Errorf("create index: %w", err)
	}
	return newIndex(dataDir, dir, shards, true, o)
}

func newIndex(dataDir, path string, shards []bleve.Index, created bool, o options) (*Index, error) {
	ix := &Index{shards: shards, bleve: shards[0], path: path, created: created, counts: newCountCache(o.cacheSize), dataDir: dataDir}
	ix.sug.maxTitles = o.suggestTitles
	ix.sug.idle = sync.NewCond(&ix.sug.mu)
	// Indexes made before the pair fields search phrases by positions only.
	if m := shards[0].Mapping(); m.FieldMappingForPath(fieldBodyPairs).Analyzer == pairsAnalyzer {
		ix.pairs = m.AnalyzerNamed(pairsAnalyzer)
	}
	var err error
	if ix.text, err = newQueryCompiler(nil); err != nil {
		return nil, err
	}
	if ix.rank, err = newQueryCompiler(ix.pairs); err != nil {
		return nil, err
	}
	if len(shards) > 1 {
		alias := bleve.NewIndexAlias(shards...)
		alias.SetIndexMapping(shards[0].Mapping())
		ix.bleve = alias
	}
	// What the index holds was resolved with all of it and the
	// corrections last applied: the baseline. The corrections of the file
	// as it is now apply from here on, and Stale tells the articles they
	// change.
	applied, _, err := readCorrections(filepath.Join(dataDir, appliedName))
	if err != nil {
		applied = index.KnownCorrections() // bookkeeping only: the person's corrections apply anew
	}
	current, _, err := readCorrections(filepath.Join(dataDir, index.CorrectionsFile))
	if err != nil {
		ix.Close()
		return nil, err
	}
	if !created {
		if err := ix.loadNames(context.Background()); err != nil {
			ix.Close()
			return nil, fmt.Errorf("read actor names: %w", err)
		}
	}
	ix.resolved = ix.resolutions(applied)
	ix.corrections.Store(current)
	ix.dir.Store(ix.lazyDirectory(ix.resolved))
	return ix, nil
}

// openShards opens (or creates) shards 0 to n-1 in dir, all or none.
func openShards(dir string, n int, open func(path string) (bleve.Index, error)) ([]bleve.Index, error) {
	shards := make([]bleve.Index, n)
	for i := range shards {
		p := filepath.Join(dir, fmt.Sprintf("shard-%02d.bleve", i))
		b, err := open(p)
		if err != nil {
			for _, s := range shards[:i] {
				s.Close()
			}
			return nil, openError(p, err)
		}
		b.SetName(fmt.Sprintf("shard-%02d", i))
		shards[i] = b
	}
	return shards, nil
}

func readLayout(dir string) (layout, error) {
	var l layout
	raw, err := os.ReadFile(filepath.Join(dir, layoutName))
	if err != nil {
		return l, err
	}
	if err := json.Unmarshal(raw, &l); err != nil {
		return l, fmt.Errorf("%s: %w", layoutName, err)
	}
	if l.Shards < 1 || l.Shards > maxShards || l.Hash != hashName {
		return l, fmt.Errorf("%s: unknown layout %d shards by %q; this newsarchive reads %s with 1 to %d shards", layoutName, l.Shards, l.Hash, hashName, maxShards)
	}
	return l, nil
}

func writeLayout(dir string, l layout) error {
	raw, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, layoutName+".tmp")
	if err := os.WriteFile(tmp, append(raw, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, layoutName))
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// shardOf returns the shard that holds, or will hold, the document id.
func (ix *Index) shardOf(id string) int {
	if len(ix.shards) == 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(len(ix.shards)))
}

// Shards returns how many shards the index has.
func (ix *Index) Shards() int { return len(ix.shards) }

// ErrLocked is returned by Open when another process has the index open.
var ErrLocked = errors.New("the index is in use by another newsarchive process; stop it first (for example the server, before an import)")

// lockWait is how long Open waits for another process to let go of the
// index before it gives up, rather than hanging for ever.
const lockWait = "2s"

func runtimeConfig() map[string]any {
	return map[string]any{"bolt_timeout": lockWait}
}

func openError(path string, err error) error {
	if errors.Is(err, bolterrors.ErrTimeout) || strings.Contains(err.Error(), "timeout") {
		return fmt.Errorf("open index %s: %w", path, ErrLocked)
	}
	return fmt.Errorf("open index %s: %w", path, err)
}

// Created reports whether Open made a new, empty index, so the caller
// knows to load the bundled seeds once and only once.
func (ix *Index) Created() bool { return ix.created }

// Path is the folder that holds the index on disk.
func (ix *Index) Path() string { return ix.path }

// Close flushes and closes every shard.
func (ix *Index) Close() error {
	ix.sug.close()
	var errs []error
	if len(ix.shards) > 1 {
		errs = append(errs, ix.bleve.Close()) // the alias, so searches fail
	}
	for _, s := range ix.shards {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}

// Count returns the number of articles in the index. It asks each shard
// rather than the alias, which leaves out a shard that fails to answer.
func (ix *Index) Count() (uint64, error) {
	var n uint64
	for _, s := range ix.shards {
		c, err := s.DocCount()
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

func newMapping(withPairs bool) (*mapping.IndexMappingImpl, error) {
	text := func(analyzer string, store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeTermVectors = store // highlights need term locations
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldTitle, text(en.AnalyzerName, true))
	doc.AddFieldMappingsAt(fieldBody, text(en.AnalyzerName, true))
	if withPairs {
		doc.AddFieldMappingsAt(fieldTitlePairs, text(pairsAnalyzer, false))
		doc.AddFieldMappingsAt(fieldBodyPairs, text(pairsAnalyzer, false))
	}
	doc.AddFieldMappingsAt(fieldActorText, text(standard.Name, false))
	doc.AddFieldMappingsAt(fieldSourceText, text(standard.Name, false))
	for _, name := range []string{fieldActor, fieldPerson, fieldOrganization, fieldPlace, fieldTopic, fieldSource, fieldYear, fieldMonth, fieldDay,
		fieldEvidence + fieldPerson, fieldEvidence + fieldOrganization, fieldEvidence + fieldPlace, fieldAcronyms} {
		doc.AddFieldMappingsAt(name, kw())
	}
	date := bleve.NewDateTimeFieldMapping()
	date.IncludeInAll = false
	date.Store = false
	date.DocValues = true
	doc.AddFieldMappingsAt(fieldPublished, date)
	meta := bleve.NewTextFieldMapping()
	meta.Index = false
	meta.Store = true
	meta.IncludeInAll = false
	meta.IncludeTermVectors = false
	meta.DocValues = false
	doc.AddFieldMappingsAt(fieldMeta, meta)

	m := bleve.NewIndexMapping()
	if err := m.AddCustomTokenFilter("pairs_shingle", map[string]any{
		"type": shingle.Name, "min": 2.0, "max": 2.0, "output_original": false, "separator": " ", "filler": "_",
	}); err != nil {
		return nil, err
	}
	if err := m.AddCustomAnalyzer(pairsAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, en.StopName, porter.Name, "pairs_shingle"},
	}); err != nil {
		return nil, err
	}
	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName
	// BM25 rather than Bleve's default TF-IDF: it saturates term
	// frequency and normalises for length, which suits articles from a
	// paragraph to a long read, and it costs nothing more per query.
	m.ScoringModel = bleveindex.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m, nil
}

func toDocument(a index.Article) (map[string]any, error) {
	// Title and body are stored as fields of their own, for
	// highlighting; the rest of the article goes in one stored field.
	m := a
	m.ID, m.Title, m.Body = "", "", ""
	meta, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	doc := map[string]any{
		fieldTitle:      a.Title,
		fieldBody:       a.Body,
		fieldTitlePairs: a.Title,
		fieldBodyPairs:  a.Body,
		fieldMeta:       string(meta),
	}
	var all, text, people, orgs, places []string
	for _, act := range a.Actors {
		all = append(all, act.Name)
		text = append(text, act.Name)
		switch act.Kind {
		case index.Person:
			people = append(people, act.Name)
		case index.Organization:
			orgs = append(orgs, act.Name)
		case index.Place:
			places = append(places, act.Name)
		}
	}
	setList := func(field string, v []string) {
		if len(v) > 0 {
			doc[field] = v
		}
	}
	setList(fieldActor, all)
	setList(fieldActorText, text)
	setList(fieldPerson, people)
	setList(fieldOrganization, orgs)
	setList(fieldPlace, places)
	for _, act := range evidence(a) {
		f := fieldEvidence + kindField(act.Kind)
		list, _ := doc[f].([]string)
		doc[f] = append(list, act.Name)
	}
	for _, d := range a.Acronyms {
		list, _ := doc[fieldAcronyms].([]string)
		doc[fieldAcronyms] = append(list, d.Short+acronymSep+d.Long)
	}
	setList(fieldTopic, a.Topics)
	if a.Source != "" {
		doc[fieldSource] = a.Source
		doc[fieldSourceText] = a.Source
	}
	if !a.Published.IsZero() && datable(a.Published) {
		t := a.Published.UTC()
		doc[fieldPublished] = t.Format(time.RFC3339)
		doc[fieldYear] = t.Format("2006")
		doc[fieldMonth] = t.Format("2006-01")
		doc[fieldDay] = t.Format("2006-01-02")
	}
	return doc, nil
}

// Put adds or replaces articles, keyed by ID, in one batch per shard, the
// shards written at once. Articles without an ID are rejected: ids are what
// make re-imports idempotent. Each article keeps the Imported time the
// index holds for it; a new one keeps the time it comes with, or gets the
// time of the Put.
func (ix *Index) Put(ctx context.Context, articles []index.Article) (index.PutStats, error) {
	if err := ctx.Err(); err != nil {
		return index.PutStats{}, err
	}
	before, err := ix.Count()
	if err != nil {
		return index.PutStats{}, err
	}
	ids := make([]string, len(articles))
	for i, a := range articles {
		if strings.TrimSpace(a.ID) == "" {
			return index.PutStats{}, fmt.Errorf("article %q has no id", a.Title)
		}
		ids[i] = a.ID
	}
	// The suggestions' tables, when loaded, take the batch in place of
	// the articles it replaces, and no other write or load comes between
	// reading those and writing the batch.
	ix.sug.mu.Lock()
	defer ix.sug.mu.Unlock()
	held, err := ix.held(ctx, ids)
	if err != nil {
		return index.PutStats{}, err
	}
	now := time.Now().UTC()
	batches := make([]*bleve.Batch, len(ix.shards))
	for _, a := range articles {
		if old, ok := held[a.ID]; ok {
			// Zero when the index held the article before it recorded
			// the time: unknown, and an update does not make it known.
			a.Imported = old.Imported
		} else if a.Imported.IsZero() {
			a.Imported = now
		}
		doc, err := toDocument(a)
		if err != nil {
			return index.PutStats{}, fmt.Errorf("article %s: %w", a.ID, err)
		}
		i := ix.shardOf(a.ID)
		if batches[i] == nil {
			batches[i] = ix.shards[i].NewBatch()
		}
		if err := batches[i].Index(a.ID, doc); err != nil {
			return index.PutStats{}, fmt.Errorf("article %s: %w", a.ID, err)
		}
	}
	var prev map[string]index.Article
	if ix.sug.live {
		prev = held
	}
	errs := make([]error, len(ix.shards))
	var wg sync.WaitGroup
	// A Backup's view is taken between two writes, never between the
	// shards of one.
	ix.writeMu.Lock()
	for i, b := range batches {
		if b == nil {
			continue
		}
		wg.Go(func() {
			if err := ix.shards[i].Batch(b); err != nil {
				errs[i] = fmt.Errorf("index batch in shard %d: %w", i, err)
			}
		})
	}
	wg.Wait()
	ix.writeMu.Unlock()
	ix.gen.Add(1) // even after a failed batch: some shards may have written
	if err := errors.Join(errs...); err != nil {
		ix.sug.drop()
		return index.PutStats{}, err
	}
	ix.sug.put(ix, prev, articles)
	for _, a := range articles {
		for _, act := range evidence(a) {
			ix.names.add(act.Name, act.Kind, 1)
			if act.Kind == index.Person {
				ix.aliases.add(act.Name, 1)
			}
		}
		for _, d := range a.Acronyms {
			ix.names.define(d.Short, d.Long, 1)
		}
	}
	after, err := ix.Count()
	if err != nil {
		return index.PutStats{}, err
	}
	// Counting before and after is exact as long as one writer puts at a
	// time, and avoids a lookup per article.
	added := int(after - before)
	return index.PutStats{Added: added, Updated: len(articles) - added}, nil
}

// Generation returns a number that changes with every write, for those
// who cache what they made of the index: it starts at zero with each Open.
func (ix *Index) Generation() uint64 { return ix.gen.Load() }

// held returns the stored versions of those of ids the index holds, with
// title and metadata (actors, topics, dates, the Imported time) but not
// the body: what a Put keeps of them, and what it takes out of the
// suggestions' tables.
func (ix *Index) held(ctx context.Context, ids []string) (map[string]index.Article, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	// Each shard is asked for its own ids: a write goes to the shards,
	// not through the searching alias.
	byShard := make([][]string, len(ix.shards))
	for _, id := range ids {
		i := ix.shardOf(id)
		byShard[i] = append(byShard[i], id)
	}
	out := map[string]index.Article{}
	for i, ids := range byShard {
		if len(ids) == 0 {
			continue
		}
		req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
		req.Fields = []string{fieldTitle, fieldMeta}
		res, err := ix.shards[i].SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("look up the articles held: %w", err)
		}
		for _, h := range res.Hits {
			a, err := hitArticle(h)
			if err != nil {
				return nil, err
			}
			out[h.ID] = a
		}
	}
	return out, nil
}

// Delete removes the article with the given id; deleting an id the index
// does not hold returns ErrNotFound.
func (ix *Index) Delete(ctx context.Context, id string) error {
	ix.sug.mu.Lock()
	defer ix.sug.mu.Unlock()
	old, err := ix.Get(ctx, id)
	if err != nil {
		return err
	}
	defer ix.gen.Add(1)
	if err := ix.shards[ix.shardOf(id)].Delete(id); err != nil {
		ix.sug.drop()
		return err
	}
	ix.sug.remove(ix, old)
	return nil
}

// Get returns the article with the given id, or ErrNotFound.
func (ix *Index) Get(ctx context.Context, id string) (index.Article, error) {
	if err := ctx.Err(); err != nil {
		return index.Article{}, err
	}
	doc, err := ix.shards[ix.shardOf(id)].Document(id)
	if err != nil {
		return index.Article{}, fmt.Errorf("load article %s: %w", id, err)
	}
	if doc == nil {
		return index.Article{}, index.ErrNotFound
	}
	return docArticle(id, doc)
}

// docArticle rebuilds a whole article from its stored document.
func docArticle(id string, doc bleveindex.Document) (index.Article, error) {
	a := index.Article{ID: id}
	var meta []byte
	doc.VisitFields(func(f bleveindex.Field) {
		switch f.Name() {
		case fieldTitle:
			a.Title = string(f.Value())
		case fieldBody:
			a.Body = string(f.Value())
		case fieldMeta:
			meta = f.Value()
		}
	})
	if err := setMeta(&a, meta); err != nil {
		return index.Article{}, fmt.Errorf("article %s: %w", id, err)
	}
	return a, nil
}

func setMeta(a *index.Article, raw []byte) error {
	if len(raw) == 0 {
		return nil
	}
	var m index.Article
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("stored metadata: %w", err)
	}
	m.ID, m.Title, m.Body = a.ID, a.Title, a.Body
	*a = m
	return nil
}

// hitArticle rebuilds a whole article from the stored fields of a hit
// (title, body and meta, which the request must ask for).
func hitArticle(h *search.DocumentMatch) (index.Article, error) {
	a := index.Article{ID: h.ID}
	a.Title, _ = h.Fields[fieldTitle].(string)
	a.Body, _ = h.Fields[fieldBody].(string)
	meta, _ := h.Fields[fieldMeta].(string)
	if err := setMeta(&a, []byte(meta)); err != nil {
		return index.Article{}, fmt.Errorf("article %s: %w", h.ID, err)
	}
	return a, nil
}

// Each calls fn for every article in the index, in id order, for export.
func (ix *Index) Each(ctx context.Context, fn func(index.Article) error) error {
	const page = 500
	after := []string{""}
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), page, 0, false)
		req.SortBy([]string{"_id"})
		if after[0] != "" {
			req.SearchAfter = after
		}
		req.Fields = []string{fieldTitle, fieldBody, fieldMeta}
		res, err := ix.search(ctx, req)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			a, err := hitArticle(h)
			if err != nil {
				return err
			}
			if err := fn(a); err != nil {
				return err
			}
		}
		if len(res.Hits) < page {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// search runs req on every shard. Bleve's alias answers with what the
// shards that worked found, and puts the errors of the others in the
// status; a partial answer would be wrong without saying so, so a failed
// shard fails the search.
func (ix *Index) search(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	if res.Status != nil && len(res.Status.Errors) > 0 {
		names := slices.Sorted(maps.Keys(res.Status.Errors))
		return nil, res.Status.Errors[names[0]]
	}
	return res, nil
}
