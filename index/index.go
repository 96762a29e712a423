package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"
	bolterrors "go.etcd.io/bbolt/errors"
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
	fieldTopic        = "topic"        // keyword: IPTC slugs
	fieldSource       = "source"       // keyword: as written, for filters and facets
	fieldSourceText   = "source_text"  // text: for source:word queries
	fieldPublished    = "published"    // datetime: ranges and sorting
	fieldYear         = "year"         // keyword "2024": the date facet
	fieldMonth        = "month"        // keyword "2024-03": the date facet within a year
	fieldDay          = "day"          // keyword "2024-03-15": the histogram of a short span
	fieldMeta         = "meta"         // stored only: the rest of the article as JSON
)

// indexDirName is the folder under the data directory that holds the Bleve
// index, so the data directory can hold other state beside it.
const indexDirName = "articles.bleve"

// Index is the archive's full-text index. It is safe for concurrent use.
type Index struct {
	bleve   bleve.Index
	path    string
	created bool
	aliases aliasTable
}

// Open opens the index in dataDir, creating the folder and an empty index
// when there is none yet.
func Open(dataDir string) (*Index, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	path := filepath.Join(dataDir, indexDirName)
	b, err := bleve.OpenUsing(path, runtimeConfig())
	if err == nil {
		ix := &Index{bleve: b, path: path}
		if err := ix.loadAliases(); err != nil {
			b.Close()
			return nil, fmt.Errorf("read person names: %w", err)
		}
		return ix, nil
	}
	if !errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		return nil, openError(path, err)
	}
	b, err = bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, runtimeConfig())
	if err != nil {
		return nil, openError(path, err)
	}
	return &Index{bleve: b, path: path, created: true}, nil
}

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

// Close flushes and closes the index.
func (ix *Index) Close() error { return ix.bleve.Close() }

// Count returns the number of articles in the index.
func (ix *Index) Count() (uint64, error) { return ix.bleve.DocCount() }

func newMapping() *mapping.IndexMappingImpl {
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
	doc.AddFieldMappingsAt(fieldActorText, text(standard.Name, false))
	doc.AddFieldMappingsAt(fieldSourceText, text(standard.Name, false))
	for _, name := range []string{fieldActor, fieldPerson, fieldOrganization, fieldPlace, fieldTopic, fieldSource, fieldYear, fieldMonth, fieldDay} {
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
	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

func toDocument(a Article) (map[string]any, error) {
	// Title and body are stored as fields of their own, for
	// highlighting; the rest of the article goes in one stored field.
	m := a
	m.ID, m.Title, m.Body = "", "", ""
	meta, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	doc := map[string]any{
		fieldTitle: a.Title,
		fieldBody:  a.Body,
		fieldMeta:  string(meta),
	}
	var all, text, people, orgs, places []string
	for _, act := range a.Actors {
		all = append(all, act.Name)
		text = append(text, act.Name)
		switch act.Kind {
		case Person:
			people = append(people, act.Name)
		case Organization:
			orgs = append(orgs, act.Name)
		case Place:
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
	setList(fieldTopic, a.Topics)
	if a.Source != "" {
		doc[fieldSource] = a.Source
		doc[fieldSourceText] = a.Source
	}
	if !a.Published.IsZero() {
		t := a.Published.UTC()
		doc[fieldPublished] = t.Format(time.RFC3339)
		doc[fieldYear] = t.Format("2006")
		doc[fieldMonth] = t.Format("2006-01")
		doc[fieldDay] = t.Format("2006-01-02")
	}
	return doc, nil
}

// PutStats says what a Put did.
type PutStats struct {
	Added   int // articles the index did not hold before
	Updated int // articles that replaced one with the same id
}

// Put adds or replaces articles, keyed by ID, in one batch. Articles
// without an ID are rejected: ids are what make re-imports idempotent.
func (ix *Index) Put(ctx context.Context, articles []Article) (PutStats, error) {
	if err := ctx.Err(); err != nil {
		return PutStats{}, err
	}
	before, err := ix.bleve.DocCount()
	if err != nil {
		return PutStats{}, err
	}
	batch := ix.bleve.NewBatch()
	for _, a := range articles {
		if strings.TrimSpace(a.ID) == "" {
			return PutStats{}, fmt.Errorf("article %q has no id", a.Title)
		}
		doc, err := toDocument(a)
		if err != nil {
			return PutStats{}, fmt.Errorf("article %s: %w", a.ID, err)
		}
		if err := batch.Index(a.ID, doc); err != nil {
			return PutStats{}, fmt.Errorf("article %s: %w", a.ID, err)
		}
	}
	if err := ix.bleve.Batch(batch); err != nil {
		return PutStats{}, fmt.Errorf("index batch: %w", err)
	}
	for _, a := range articles {
		for _, act := range a.Actors {
			if act.Kind == Person {
				ix.aliases.add(act.Name, 1)
			}
		}
	}
	after, err := ix.bleve.DocCount()
	if err != nil {
		return PutStats{}, err
	}
	// Counting before and after is exact as long as one writer puts at a
	// time, and avoids a lookup per article.
	added := int(after - before)
	return PutStats{Added: added, Updated: len(articles) - added}, nil
}

// Delete removes the article with the given id; deleting an id the index
// does not hold returns ErrNotFound.
func (ix *Index) Delete(ctx context.Context, id string) error {
	if _, err := ix.Get(ctx, id); err != nil {
		return err
	}
	return ix.bleve.Delete(id)
}

// Get returns the article with the given id, or ErrNotFound.
func (ix *Index) Get(ctx context.Context, id string) (Article, error) {
	if err := ctx.Err(); err != nil {
		return Article{}, err
	}
	doc, err := ix.bleve.Document(id)
	if err != nil {
		return Article{}, fmt.Errorf("load article %s: %w", id, err)
	}
	if doc == nil {
		return Article{}, ErrNotFound
	}
	a := Article{ID: id}
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
	if err := a.setMeta(meta); err != nil {
		return Article{}, fmt.Errorf("article %s: %w", id, err)
	}
	return a, nil
}

func (a *Article) setMeta(raw []byte) error {
	if len(raw) == 0 {
		return nil
	}
	var m Article
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("stored metadata: %w", err)
	}
	m.ID, m.Title, m.Body = a.ID, a.Title, a.Body
	*a = m
	return nil
}

// hitArticle rebuilds a whole article from the stored fields of a hit
// (title, body and meta, which the request must ask for).
func hitArticle(h *search.DocumentMatch) (Article, error) {
	a := Article{ID: h.ID}
	a.Title, _ = h.Fields[fieldTitle].(string)
	a.Body, _ = h.Fields[fieldBody].(string)
	meta, _ := h.Fields[fieldMeta].(string)
	if err := a.setMeta([]byte(meta)); err != nil {
		return Article{}, fmt.Errorf("article %s: %w", h.ID, err)
	}
	return a, nil
}

// Each calls fn for every article in the index, in id order, for export.
func (ix *Index) Each(ctx context.Context, fn func(Article) error) error {
	const page = 500
	after := []string{""}
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), page, 0, false)
		req.SortBy([]string{"_id"})
		if after[0] != "" {
			req.SearchAfter = after
		}
		req.Fields = []string{fieldTitle, fieldBody, fieldMeta}
		res, err := ix.bleve.SearchInContext(ctx, req)
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
