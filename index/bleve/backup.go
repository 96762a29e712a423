package bleve

import (
	"container/heap"
	"context"
	"fmt"

	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsarchive/newsarchive/index"
)

// Backup calls begin once with the number of articles in one
// point-in-time view of the whole archive, then fn with each of those
// articles, whole, in id order, as Each gives them; it stops at the first
// error either returns, or when ctx ends.
//
// The view is taken between two writes: a Put, whose batches go to the
// shards at once, is in it for every shard or for none. Writes made after
// it was taken are not seen, however long fn takes: an article added then
// is absent, one deleted then is still given, one updated then is given
// as it was. Only the next id of each shard is held in memory, not the
// articles or the list of ids; the view keeps the index files it reads
// on disk until Backup returns, even if merges replace them meanwhile.
func (ix *Index) Backup(ctx context.Context, begin func(n uint64) error, fn func(index.Article) error) error {
	readers, err := ix.snapshot()
	if err != nil {
		return err
	}
	defer func() {
		for _, r := range readers {
			r.Close()
		}
	}()
	var n uint64
	for i, r := range readers {
		c, err := r.DocCount()
		if err != nil {
			return fmt.Errorf("count the articles of shard %d: %w", i, err)
		}
		n += c
	}
	if err := begin(n); err != nil {
		return err
	}
	ids, err := newIDMerge(readers)
	if err != nil {
		return err
	}
	defer ids.close()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		id, shard, ok, err := ids.next()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		doc, err := readers[shard].Document(id)
		if err != nil {
			return fmt.Errorf("load article %s: %w", id, err)
		}
		if doc == nil {
			// The id's dictionary still lists a document deleted in
			// this view, until a merge drops it.
			continue
		}
		a, err := docArticle(id, doc)
		if err != nil {
			return err
		}
		if err := fn(a); err != nil {
			return err
		}
	}
}

// snapshot returns a reader of each shard, all taken between two writes:
// Put holds writeMu while its batches go to the shards. The lock is held
// only while the readers are taken, which is quick; what they read stays
// as it was until they are closed.
func (ix *Index) snapshot() ([]bleveindex.IndexReader, error) {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	readers := make([]bleveindex.IndexReader, 0, len(ix.shards))
	fail := func(err error) ([]bleveindex.IndexReader, error) {
		for _, r := range readers {
			r.Close()
		}
		return nil, fmt.Errorf("take a view of shard %d: %w", len(readers), err)
	}
	for _, s := range ix.shards {
		adv, err := s.Advanced()
		if err != nil {
			return fail(err)
		}
		r, err := adv.Reader()
		if err != nil {
			return fail(err)
		}
		readers = append(readers, r)
	}
	return readers, nil
}

// idMerge gives the ids of several shards' views in one ascending order,
// reading each shard's dictionary of ids (sorted, as Bleve keeps its term
// dictionaries) one id at a time.
type idMerge struct {
	dicts []bleveindex.FieldDict
	heap  idHeap
}

type idHead struct {
	id    string
	shard int
}

type idHeap []idHead

func (h idHeap) Len() int           { return len(h) }
func (h idHeap) Less(i, j int) bool { return h[i].id < h[j].id }
func (h idHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *idHeap) Push(x any)        { *h = append(*h, x.(idHead)) }
func (h *idHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func newIDMerge(readers []bleveindex.IndexReader) (*idMerge, error) {
	m := &idMerge{}
	for i, r := range readers {
		d, err := r.FieldDict("_id")
		if err != nil {
			m.close()
			return nil, fmt.Errorf("read the ids of shard %d: %w", i, err)
		}
		m.dicts = append(m.dicts, d)
		if err := m.advance(i); err != nil {
			m.close()
			return nil, err
		}
	}
	return m, nil
}

// advance pushes the next id of shard i, if it has one.
func (m *idMerge) advance(i int) error {
	e, err := m.dicts[i].Next()
	if err != nil {
		return fmt.Errorf("read the ids of shard %d: %w", i, err)
	}
	if e != nil {
		heap.Push(&m.heap, idHead{id: e.Term, shard: i})
	}
	return nil
}

// next returns the smallest id not yet given and its shard; ok is false
// when every shard's ids are given.
func (m *idMerge) next() (id string, shard int, ok bool, err error) {
	if m.heap.Len() == 0 {
		return "", 0, false, nil
	}
	h := heap.Pop(&m.heap).(idHead)
	if err := m.advance(h.shard); err != nil {
		return "", 0, false, err
	}
	return h.id, h.shard, true, nil
}

// close lets go of the dictionaries; they only read, so closing one
// cannot fail in a way that matters to what was given.
func (m *idMerge) close() {
	for _, d := range m.dicts {
		d.Close()
	}
}
