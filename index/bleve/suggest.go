package bleve

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsarchive/newsarchive/index"
)

// Suggestions are answered from memory, never by a search: a reader types
// into the search box faster than a prefix search over a large archive
// answers (tens to hundreds of milliseconds at 100,000 articles), and a
// box that searches on every key press turns a few readers into a load
// the server cannot carry.
//
// The tables are read from the index when the first suggestion is asked
// for (or LoadSuggestions): one facet over every article for the actors'
// counts and one sorted search for the newest titles, about 2 s at
// 100,000 articles. Put, Delete and Stale then keep them current, so that
// imports, which never ask, never pay for them. They hold:
//
//   - every actor articles show, with the number of articles showing it,
//     its aliases (from the directory) and the sorted words of all its
//     names: a typed prefix is a binary search and a walk over the words
//     it starts, in a bitmap of the actors in rank order. A write changes
//     counts; the table is made again by a goroutine of its own (about
//     50 ms for 16,000 actors), and shows the change when it is done;
//   - the titles of the newest maxTitles articles (DefaultSuggestTitles),
//     in a sorted list of their words, each with the positions of the
//     titles holding it, newest first: a typed prefix is a binary search,
//     and the titles its words hold come out newest first from a bitmap
//     of positions. A write merges its titles in (15 to 25 ms at 100,000
//     titles). Older titles are not suggested, which bounds the memory
//     whatever the archive's size (about 20 MB at 100,000 titles, and
//     about 11 MB for 16,000 actors); a search still finds every article.
//
// Readers take the tables through an atomic pointer and never wait on a
// write; a write makes new tables and swaps them in.

// DefaultSuggestTitles is how many titles, the newest articles', the
// suggestions offer by default.
const DefaultSuggestTitles = 100_000

// WithSuggestTitles sets how many titles, the newest articles', the search
// box's suggestions are taken from; each costs about 200 bytes of memory
// once the suggestions are loaded. 0 suggests no titles.
func WithSuggestTitles(n int) Option { return func(o *options) { o.suggestTitles = max(n, 0) } }

// Suggest completes prefix, as typed into a search box, with up to n
// actor names (most written about first, each actor once whatever name
// matched) and up to n article titles (newest first). Matching is by word
// starts and ignores case: "reag" finds Ronald Reagan; an actor's words
// must come in the order typed, a title's in any order.
func (ix *Index) Suggest(ctx context.Context, prefix string, n int) ([]index.Suggestion, error) {
	words := nameWords(prefix)
	if len(words) == 0 || n <= 0 {
		return nil, nil
	}
	t, err := ix.suggestTables(ctx)
	if err != nil {
		return nil, err
	}
	return append(t.actors.suggest(words, n), t.titles.suggest(words, n)...), nil
}

// LoadSuggestions reads the suggestion tables from the index unless they
// are loaded already, so that the first reader to type does not wait for
// them (a second or two at 100,000 articles).
func (ix *Index) LoadSuggestions(ctx context.Context) error {
	_, err := ix.suggestTables(ctx)
	return err
}

// suggester keeps the suggestion tables.
type suggester struct {
	maxTitles int
	tables    atomic.Pointer[suggestTables] // nil until loaded

	// mu is held by the load and by every write (Put, Delete, Stale), so
	// that a write is in the tables if and only if the index had it
	// when they were read, and writes reach the tables in order.
	mu     sync.Mutex
	live   bool // loaded: writes keep the tables current
	closed bool
	loads  uint64              // loads so far: a table made for an earlier one is not used
	counts map[index.Actor]int // articles showing each actor
	held   map[string]int64    // the ids whose titles are held → their publication time
	names  *actorNames         // what the names counted stand for; the builder's
	// The actors' table is made again after writes by one goroutine at a
	// time, away from the writes (about 50 ms at 100,000 articles), from
	// the counts of version changed; built is the version it has made.
	changed, built uint64
	building       bool
	idle           *sync.Cond // on mu: building ended

	loadMu  sync.Mutex
	loading chan struct{} // closed when the load under way ends
	loadErr error
}

type suggestTables struct {
	actors *actorTable
	titles *titleIndex
}

var errClosed = errors.New("the index is closed")

// suggestTables returns the tables, loading them first if need be; a
// reader that gives up waiting leaves the load running for the next one.
func (ix *Index) suggestTables(ctx context.Context) (*suggestTables, error) {
	s := &ix.sug
	if t := s.tables.Load(); t != nil {
		return t, nil
	}
	s.loadMu.Lock()
	done := s.loading
	if done == nil {
		ch := make(chan struct{})
		s.loading, done = ch, ch
		go func() {
			err := s.load(ix)
			s.loadMu.Lock()
			s.loading, s.loadErr = nil, err
			s.loadMu.Unlock()
			close(ch)
		}()
	}
	s.loadMu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if t := s.tables.Load(); t != nil {
		return t, nil
	}
	s.loadMu.Lock()
	defer s.loadMu.Unlock()
	if s.loadErr == nil {
		return nil, errors.New("suggestions: the tables were dropped as they loaded; ask again")
	}
	return nil, s.loadErr
}

// load reads the actors' counts and the newest titles from the index.
func (s *suggester) load(ix *Index) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	if s.live {
		return nil
	}
	ctx := context.Background()
	counts, err := ix.shownActors(ctx)
	if err != nil {
		return err
	}
	docs, err := ix.newestTitles(ctx, s.maxTitles)
	if err != nil {
		return err
	}
	s.counts, s.held = counts, make(map[string]int64, len(docs))
	for _, d := range docs {
		s.held[d.id] = d.published
	}
	s.live = true
	s.loads++
	s.built = s.changed
	// A builder still at work on the tables dropped keeps its own names.
	s.names = (*actorNames)(nil).namesFor(ix.directory())
	s.tables.Store(&suggestTables{actors: newActorTable(counts, s.names), titles: newTitleIndex(docs)})
	return nil
}

// drop forgets the tables after a write that may have failed halfway:
// the next suggestion reads them again. Called with mu held.
func (s *suggester) drop() {
	s.live, s.counts, s.held = false, nil, nil
	s.tables.Store(nil)
}

// close waits for a load or a build under way and refuses later ones.
func (s *suggester) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.drop()
	for s.building {
		s.idle.Wait()
	}
}

// put takes written articles into the tables, in place of their previous
// versions prev. Called with mu held.
func (s *suggester) put(ix *Index, prev map[string]index.Article, articles []index.Article) {
	if !s.live {
		return
	}
	last := map[string]index.Article{} // a batch writes the last of an id
	for _, a := range articles {
		last[a.ID] = a
	}
	var ups []titleDoc
	for id, a := range last {
		old, had := prev[id]
		if !had || !slices.Equal(old.Actors, a.Actors) {
			if had {
				s.count(old, -1)
			}
			s.count(a, 1)
			s.actorsChanged(ix)
		}
		if !had || old.Title != a.Title || !old.Published.Equal(a.Published) {
			ups = append(ups, titleDoc{id: id, title: a.Title, published: publishedKey(a.Published)})
		}
	}
	s.updateTitles(ups, nil)
}

// remove takes a deleted article out of the tables. Called with mu held.
func (s *suggester) remove(ix *Index, old index.Article) {
	if !s.live {
		return
	}
	s.count(old, -1)
	s.actorsChanged(ix)
	s.updateTitles(nil, []string{old.ID})
}

// resolved makes the actors' table again after resolution changed the
// directory. Called with mu held.
func (s *suggester) resolved(ix *Index) {
	if s.live {
		s.actorsChanged(ix)
	}
}

// updateTitles swaps in the titles with ups put and dels taken out.
// Called with mu held.
func (s *suggester) updateTitles(ups []titleDoc, dels []string) {
	if len(ups) == 0 && len(dels) == 0 {
		return
	}
	next := *s.tables.Load()
	next.titles = next.titles.update(ups, dels, s.held, s.maxTitles)
	s.tables.Store(&next)
}

// actorsChanged has the actors' table made again, by a goroutine of its
// own: the suggestions show the table before the change until it is
// done, a few tens of milliseconds later. Changes made meanwhile are
// taken together. Called with mu held.
func (s *suggester) actorsChanged(ix *Index) {
	s.changed++
	if s.building {
		return
	}
	s.building = true
	go s.build(ix)
}

// build makes the actors' table until it is as the counts are now.
func (s *suggester) build(ix *Index) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.live && !s.closed && s.built != s.changed {
		version, load := s.changed, s.loads
		counts, names := maps.Clone(s.counts), s.names
		s.mu.Unlock()
		names = names.namesFor(ix.directory())
		t := newActorTable(counts, names)
		s.mu.Lock()
		if s.live && s.loads == load {
			next := *s.tables.Load()
			next.actors = t
			s.tables.Store(&next)
			s.built, s.names = version, names
		}
	}
	s.building = false
	s.idle.Broadcast()
}

// settle waits until the actors' table is as the counts are.
func (s *suggester) settle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.building {
		s.idle.Wait()
	}
}

// count adds sign to the counts of the actors a shows.
func (s *suggester) count(a index.Article, sign int) {
	for i, act := range a.Actors {
		if act.Name == "" || !act.Kind.Valid() || slices.Contains(a.Actors[:i], act) {
			continue // the facets count an article once per actor
		}
		if s.counts[act] += sign; s.counts[act] <= 0 {
			delete(s.counts, act)
		}
	}
}

// shownActors counts the articles showing each actor, as the kinds'
// facets count them.
func (ix *Index) shownActors(ctx context.Context) (map[index.Actor]int, error) {
	sizes := make([]int, len(kindOrder))
	for i, k := range kindOrder {
		n, err := ix.termsOf(kindField(k))
		if err != nil {
			return nil, err
		}
		sizes[i] = n
	}
	res, err := ix.facetsOnly(ctx, query.NewMatchAllQuery(), func(req *bleve.SearchRequest) {
		for i, k := range kindOrder {
			if sizes[i] > 0 {
				req.AddFacet(kindField(k), bleve.NewFacetRequest(kindField(k), sizes[i]))
			}
		}
	})
	if err != nil {
		return nil, err
	}
	counts := map[index.Actor]int{}
	for _, k := range kindOrder {
		for name, n := range facetCounts(res, kindField(k)) {
			counts[index.Actor{Name: name, Kind: k}] = n
		}
	}
	return counts, nil
}

// newestTitles returns the titles of the newest limit articles, newest
// first. Each shard loads the titles of its newest limit, of which the
// newest limit over all are kept: with more shards than one and more
// articles than limit, up to shards × limit titles are read, once.
func (ix *Index) newestTitles(ctx context.Context, limit int) ([]titleDoc, error) {
	if limit <= 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), limit, 0, false)
	req.Score = bleve.ScoreNone
	req.SortBy([]string{"-" + fieldPublished, "_id"})
	req.Fields = []string{fieldTitle}
	res, err := ix.search(ctx, req)
	if err != nil {
		return nil, searchError(err)
	}
	docs := make([]titleDoc, len(res.Hits))
	for i, h := range res.Hits {
		docs[i] = titleDoc{id: h.ID, published: math.MinInt64}
		docs[i].title, _ = h.Fields[fieldTitle].(string)
		if len(h.Sort) > 0 {
			if ok, shift := numeric.ValidPrefixCodedTerm(h.Sort[0]); ok && shift == 0 {
				if ns, err := numeric.PrefixCoded(h.Sort[0]).Int64(); err == nil {
					docs[i].published = ns
				}
			}
		}
	}
	// The index sorts the undated last, as titleOrder does; the sort is
	// for ties, which the index breaks by id as bytes, as titleOrder does.
	slices.SortFunc(docs, titleOrder)
	return docs, nil
}

// publishedKey is a publication time as the titles are ordered by: Unix
// nanoseconds of the whole second, as the index holds dates; the undated
// are the oldest.
func publishedKey(t time.Time) int64 {
	if t.IsZero() {
		return math.MinInt64
	}
	return t.Truncate(time.Second).UnixNano()
}

// actorTable finds the actors whose names start with typed words.
type actorTable struct {
	entries []actorEntry // the most written about first: a suggestion's rank
	words   []rankWord   // every word of every name of the entries, sorted
}

type actorEntry struct {
	name  string
	kind  index.Kind
	count int
	key   string     // index.NameKey(name): one suggestion per key
	forms [][]string // the words of each of its names
}

type rankWord struct {
	word string
	rank int32
}

// actorNames remembers, for one directory, what each name articles show
// stands for and the words of every name, so that the actors' table is
// made again after a write without working them out anew.
type actorNames struct {
	dir   *directory
	folds map[string]dirActor // a name articles show → its actor, when the directory knows one
	words map[string][]string // a name → nameWords
	keys  map[string]string   // a name → index.NameKey
}

// namesFor returns c when it was made for d, or a new one.
func (c *actorNames) namesFor(d *directory) *actorNames {
	if c != nil && c.dir == d {
		return c
	}
	return &actorNames{dir: d, folds: map[string]dirActor{}, words: map[string][]string{}, keys: map[string]string{}}
}

func (c *actorNames) fold(name string) (dirActor, bool) {
	a, ok := c.folds[name]
	if !ok {
		a, _ = c.dir.lookup(name)
		c.folds[name] = a
	}
	return a, a.name != ""
}

func (c *actorNames) wordsOf(name string) []string {
	w, ok := c.words[name]
	if !ok {
		w = nameWords(name)
		c.words[name] = w
	}
	return w
}

func (c *actorNames) keyOf(name string) string {
	k, ok := c.keys[name]
	if !ok {
		k = index.NameKey(name)
		c.keys[name] = k
	}
	return k
}

// newActorTable makes the table of the actors articles show, counted by
// counts. An actor is suggested once, as its articles show it, however
// many of its names match: a name articles show that the directory knows
// as another actor's alias or in another case counts for that actor,
// which is also found by its aliases (EC for European Community), and the
// larger count stands (the articles of two names overlap).
func newActorTable(counts map[index.Actor]int, names *actorNames) *actorTable {
	at := make(map[index.Actor]int32, len(counts))
	var found []actorEntry
	var forms [][]string // of each entry, the names it is written by
	for shown, n := range counts {
		act, aliases := shown, []string(nil)
		if a, ok := names.fold(shown.Name); ok {
			act, aliases = index.Actor{Name: a.name, Kind: a.kind}, a.aliases
		}
		i, ok := at[act]
		if !ok {
			i = int32(len(found))
			at[act] = i
			found = append(found, actorEntry{name: act.Name, kind: act.Kind})
			forms = append(forms, append([]string{act.Name}, aliases...))
		}
		found[i].count = max(found[i].count, n)
		if !slices.Contains(forms[i], shown.Name) {
			forms[i] = append(forms[i], shown.Name)
		}
	}
	order := make([]int32, len(found))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		a, b := &found[x], &found[y]
		return cmp.Or(cmp.Compare(b.count, a.count), strings.Compare(a.name, b.name), strings.Compare(string(a.kind), string(b.kind)))
	})
	t := &actorTable{entries: make([]actorEntry, len(found))}
	for r, i := range order {
		e := found[i]
		e.key = names.keyOf(e.name)
		for _, f := range forms[i] {
			w := names.wordsOf(f)
			if len(w) == 0 || slices.ContainsFunc(e.forms, func(o []string) bool { return slices.Equal(o, w) }) {
				continue
			}
			e.forms = append(e.forms, w)
			for _, word := range w {
				t.words = append(t.words, rankWord{word, int32(r)})
			}
		}
		t.entries[r] = e
	}
	slices.SortFunc(t.words, func(a, b rankWord) int {
		return cmp.Or(strings.Compare(a.word, b.word), cmp.Compare(a.rank, b.rank))
	})
	t.words = slices.Compact(t.words)
	return t
}

// suggest returns up to n actors with a name whose words start with the
// typed words in order, the most written about first, one per name key
// (a name written as two kinds is offered once, as its larger kind).
func (t *actorTable) suggest(typed []string, n int) []index.Suggestion {
	first := typed[0]
	lo := sort.Search(len(t.words), func(i int) bool { return t.words[i].word >= first })
	found := make([]uint64, (len(t.entries)+63)/64)
	hit := false
	for _, w := range t.words[lo:] {
		if !strings.HasPrefix(w.word, first) {
			break
		}
		if len(typed) > 1 && !slices.ContainsFunc(t.entries[w.rank].forms, func(f []string) bool { return startsWordsOf(f, typed) }) {
			continue
		}
		found[w.rank>>6] |= 1 << (w.rank & 63)
		hit = true
	}
	if !hit {
		return nil
	}
	var out []index.Suggestion
	var keys []string
	for r := range setBits(found) {
		e := &t.entries[r]
		if slices.Contains(keys, e.key) {
			continue
		}
		keys = append(keys, e.key)
		out = append(out, index.Suggestion{Type: "actor", Text: e.name, Kind: e.kind, Count: e.count})
		if len(out) == n {
			break
		}
	}
	return out
}

// setBits yields the positions of the set bits of a bitmap, in order.
func setBits(b []uint64) func(yield func(int) bool) {
	return func(yield func(int) bool) {
		for i, w := range b {
			for w != 0 {
				if !yield(i<<6 | bits.TrailingZeros64(w)) {
					return
				}
				w &= w - 1
			}
		}
	}
}

// startsWords reports whether name has words starting with each typed
// word, in order.
func startsWords(name string, words []string) bool {
	return startsWordsOf(nameWords(name), words)
}

// startsWordsOf is startsWords over a name's words.
func startsWordsOf(name, typed []string) bool {
	i := 0
	for _, w := range name {
		if i < len(typed) && strings.HasPrefix(w, typed[i]) {
			i++
		}
	}
	return i == len(typed)
}

// titleIndex finds the titles with words starting as typed. It is
// immutable: update returns a new one.
type titleIndex struct {
	docs  []titleDoc // newest first (titleOrder)
	words []string   // every word of the titles, lower case, sorted, once
	start []int32    // the postings of words[i] are posts[start[i]:start[i+1]]
	posts []int32    // positions in docs, ascending within a word: newest first
}

type titleDoc struct {
	id, title string
	published int64 // publishedKey
}

// titleOrder puts the newest first, then by id.
func titleOrder(a, b titleDoc) int {
	return cmp.Or(cmp.Compare(b.published, a.published), strings.Compare(a.id, b.id))
}

// titleWords returns the distinct words of a title, as nameWords splits
// them.
func titleWords(title string) []string {
	w := nameWords(title)
	slices.Sort(w)
	return slices.Compact(w)
}

// newTitleIndex indexes docs, which are in titleOrder.
func newTitleIndex(docs []titleDoc) *titleIndex {
	posts := map[string][]int32{}
	for i, d := range docs {
		for _, w := range titleWords(d.title) {
			posts[w] = append(posts[w], int32(i))
		}
	}
	t := &titleIndex{docs: docs, words: slices.Sorted(maps.Keys(posts)), start: make([]int32, 0, len(posts)+1)}
	for _, w := range t.words {
		t.start = append(t.start, int32(len(t.posts)))
		t.posts = append(t.posts, posts[w]...)
	}
	t.start = append(t.start, int32(len(t.posts)))
	return t
}

// find returns the position of the title of id, published at published.
func (t *titleIndex) find(id string, published int64) (int, bool) {
	return slices.BinarySearchFunc(t.docs, titleDoc{id: id, published: published}, titleOrder)
}

// update returns the index with the titles ups put, in place of those of
// the same ids, and the titles of the ids dels taken out, keeping the
// newest limit. held, the ids t holds with their publication times, is
// brought up to date. The work is a merge, linear in the titles held.
func (t *titleIndex) update(ups []titleDoc, dels []string, held map[string]int64, limit int) *titleIndex {
	gone := make([]bool, len(t.docs))
	for _, id := range slices.Concat(dels, idsOf(ups)) {
		if p, ok := held[id]; ok {
			if i, ok := t.find(id, p); ok {
				gone[i] = true
			}
			delete(held, id)
		}
	}
	ups = slices.Clone(ups)
	slices.SortFunc(ups, titleOrder)
	// The merged titles, and where each old and new one went (-1: gone).
	docs := make([]titleDoc, 0, min(len(t.docs)+len(ups), limit))
	oldAt := make([]int32, len(t.docs))
	upAt := make([]int32, len(ups))
	i, j := 0, 0
	for i < len(t.docs) || j < len(ups) {
		if i < len(t.docs) && gone[i] {
			oldAt[i] = -1
			i++
			continue
		}
		takeOld := j == len(ups) || i < len(t.docs) && titleOrder(t.docs[i], ups[j]) < 0
		at := int32(-1)
		if len(docs) < limit {
			at = int32(len(docs))
		}
		if takeOld {
			if at >= 0 {
				docs = append(docs, t.docs[i])
			} else {
				delete(held, t.docs[i].id)
			}
			oldAt[i] = at
			i++
		} else {
			if at >= 0 {
				docs = append(docs, ups[j])
				held[ups[j].id] = ups[j].published
			}
			upAt[j] = at
			j++
		}
	}
	// The new titles' words, sorted, with their positions.
	var fresh []rankWord
	for j, d := range ups {
		if upAt[j] >= 0 {
			for _, w := range titleWords(d.title) {
				fresh = append(fresh, rankWord{w, upAt[j]})
			}
		}
	}
	slices.SortFunc(fresh, func(a, b rankWord) int {
		return cmp.Or(strings.Compare(a.word, b.word), cmp.Compare(a.rank, b.rank))
	})
	out := &titleIndex{docs: docs, words: make([]string, 0, len(t.words)), start: make([]int32, 0, len(t.words)+1), posts: make([]int32, 0, len(t.posts)+len(fresh))}
	w, f := 0, 0
	for w < len(t.words) || f < len(fresh) {
		var word string
		switch {
		case f == len(fresh) || w < len(t.words) && t.words[w] < fresh[f].word:
			word = t.words[w]
		default:
			word = fresh[f].word
		}
		begin := len(out.posts)
		var old []int32
		if w < len(t.words) && t.words[w] == word {
			old = t.posts[t.start[w]:t.start[w+1]]
			w++
		}
		// Old and new positions, each ascending, merged.
		k := 0
		for f < len(fresh) && fresh[f].word == word {
			p := fresh[f].rank
			for ; k < len(old) && (oldAt[old[k]] < 0 || oldAt[old[k]] < p); k++ {
				if oldAt[old[k]] >= 0 {
					out.posts = append(out.posts, oldAt[old[k]])
				}
			}
			out.posts = append(out.posts, p)
			f++
		}
		for ; k < len(old); k++ {
			if oldAt[old[k]] >= 0 {
				out.posts = append(out.posts, oldAt[old[k]])
			}
		}
		if len(out.posts) > begin {
			out.words = append(out.words, word)
			out.start = append(out.start, int32(begin))
		}
	}
	out.start = append(out.start, int32(len(out.posts)))
	return out
}

func idsOf(docs []titleDoc) []string {
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.id
	}
	return ids
}

// suggest returns up to n titles with, for each typed word, a word it
// starts, newest first.
func (t *titleIndex) suggest(typed []string, n int) []index.Suggestion {
	if t == nil || len(t.docs) == 0 {
		return nil
	}
	var match []uint64
	for _, w := range typed {
		lo := sort.SearchStrings(t.words, w)
		hi := lo + sort.Search(len(t.words)-lo, func(i int) bool { return !strings.HasPrefix(t.words[lo+i], w) })
		if lo == hi {
			return nil
		}
		found := make([]uint64, (len(t.docs)+63)/64)
		for _, p := range t.posts[t.start[lo]:t.start[hi]] {
			found[p>>6] |= 1 << (p & 63)
		}
		if match == nil {
			match = found
			continue
		}
		for i := range match {
			match[i] &= found[i]
		}
	}
	var out []index.Suggestion
	for p := range setBits(match) {
		d := t.docs[p]
		out = append(out, index.Suggestion{Type: "title", Text: d.title, ID: d.id})
		if len(out) == n {
			break
		}
	}
	return out
}
