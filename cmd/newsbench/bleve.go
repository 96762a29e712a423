package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/newsarchive/newsarchive/index"
)

// bleveBatch is how many articles go in one Bleve batch: large enough
// that the per-batch segment and merge work is spread thin, small enough
// that a batch of long articles stays a few tens of MB.
const bleveBatch = 1000

func init() { register("bleve", openBleve) }

// bleveStore is plain Bleve with the archive's text fields and nothing
// else: no extraction, no person aliases, no date facet keywords. It is
// the floor the product's own import is measured against.
type bleveStore struct {
	ix bleve.Index
}

// rawMapping mirrors the text and filter fields of the product's mapping
// (index.newMapping): title and body with the English analyzer, stored
// with term vectors as the product keeps them for highlights, actor and
// topic keywords with doc values for facets, and the published datetime.
func rawMapping() *mapping.IndexMappingImpl {
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = true
		f.IncludeTermVectors = true
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
	doc.AddFieldMappingsAt("title", text())
	doc.AddFieldMappingsAt("body", text())
	doc.AddFieldMappingsAt("actor", kw())
	doc.AddFieldMappingsAt("topic", kw())
	date := bleve.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = true
	doc.AddFieldMappingsAt("published", date)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

func openBleve(dir string) (Store, error) {
	ix, err := bleve.New(dir, rawMapping())
	if err != nil {
		return nil, err
	}
	return &bleveStore{ix: ix}, nil
}

// bleveDoc is the document Bleve indexes for an article.
type bleveDoc struct {
	Title     string   `json:"title"`
	Body      string   `json:"body"`
	Actor     []string `json:"actor,omitempty"`
	Topic     []string `json:"topic,omitempty"`
	Published string   `json:"published,omitempty"`
}

func (s *bleveStore) Import(ctx context.Context, articles []index.Article) error {
	for start := 0; start < len(articles); start += bleveBatch {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := s.ix.NewBatch()
		for _, a := range articles[start:min(start+bleveBatch, len(articles))] {
			d := bleveDoc{Title: a.Title, Body: a.Body, Topic: a.Topics}
			for _, act := range a.Actors {
				d.Actor = append(d.Actor, act.Name)
			}
			if !a.Published.IsZero() {
				d.Published = a.Published.UTC().Format(time.RFC3339)
			}
			if err := b.Index(a.ID, d); err != nil {
				return fmt.Errorf("article %s: %w", a.ID, err)
			}
		}
		if err := s.ix.Batch(b); err != nil {
			return fmt.Errorf("bleve batch: %w", err)
		}
	}
	return nil
}

func (s *bleveStore) Search(word string) ([]string, error) {
	title := bleve.NewMatchQuery(word)
	title.SetField("title")
	body := bleve.NewMatchQuery(word)
	body.SetField("body")
	n, err := s.ix.DocCount()
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(title, body), int(n)+1, 0, false)
	res, err := s.ix.Search(req)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids, nil
}

func (s *bleveStore) Close() error { return s.ix.Close() }
