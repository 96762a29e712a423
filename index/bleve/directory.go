package bleve

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/querylang"
)

// directory is the archive's actors as readers know them: each actor its
// articles show, with the other ways its articles' texts write it, found
// by any of them in any case. It is the inverse of what names resolve
// to, made whenever resolution is (Open, Stale), and read without locks:
// a new one replaces the old.
type directory struct {
	actors []dirActor
	// byKey finds the actors a name key (index.NameKey) is the name or
	// an alias of.
	byKey map[string][]int32
	// words holds every word of every name and alias, sorted, for
	// finding actors by the starts of their words.
	words []dirWord
}

// lazyDirectory makes a directory from one resolution when first asked.
type lazyDirectory struct {
	once sync.Once
	make func() *directory
	dir  *directory
}

// lazyDirectory returns the directory of resolved, made on first use with
// the name table as it is then.
func (ix *Index) lazyDirectory(resolved map[index.Actor]index.Actor) *lazyDirectory {
	return &lazyDirectory{make: func() *directory {
		return newDirectory(resolved, ix.names.evidenceArticles, ix.names.definitions())
	}}
}

// directory returns the directory of the latest resolution.
func (ix *Index) directory() *directory {
	l := ix.dir.Load()
	if l == nil {
		return nil
	}
	l.once.Do(func() { l.dir = l.make() })
	return l.dir
}

type dirActor struct {
	name    string
	kind    index.Kind
	aliases []string // most written first
	// weight is how many articles' evidence names the actor in any of
	// its forms (an article naming two forms counts twice): enough to
	// rank candidates before their exact counts are asked for.
	weight int
}

type dirWord struct {
	word  string
	actor int32
}

// newDirectory inverts resolved (a name as found → the actor articles
// show), weighing each form by the articles whose evidence holds it.
//
// The long forms of the short forms texts define are aliases too, though
// no article's actors show them as written (the extractor writes an
// article's EC and European Community as one of the two): defined
// gives them, by short form.
func newDirectory(resolved map[index.Actor]index.Actor, articles func(index.Actor) int, defined map[string]string) *directory {
	d := &directory{byKey: map[string][]int32{}}
	at := map[index.Actor]int32{}
	forms := map[int32]map[string]int{}
	for _, from := range slices.SortedFunc(maps.Keys(resolved), compareActors) {
		to := resolved[from]
		if to.Name == "" {
			continue // never an actor
		}
		i, ok := at[to]
		if !ok {
			i = int32(len(d.actors))
			at[to] = i
			d.actors = append(d.actors, dirActor{name: to.Name, kind: to.Kind})
			forms[i] = map[string]int{}
		}
		n := articles(from)
		d.actors[i].weight += n
		if from.Name != to.Name {
			forms[i][from.Name] += n
		}
	}
	byName := map[string]int32{}
	for to, i := range at {
		if _, ok := byName[index.NameKey(to.Name)]; !ok || to.Name < d.actors[byName[index.NameKey(to.Name)]].name {
			byName[index.NameKey(to.Name)] = i
		}
	}
	for _, short := range slices.Sorted(maps.Keys(defined)) {
		long := defined[short]
		for _, pair := range [][2]string{{short, long}, {long, short}} {
			if i, ok := byName[index.NameKey(pair[0])]; ok && index.NameKey(pair[1]) != index.NameKey(d.actors[i].name) {
				if _, seen := forms[i][pair[1]]; !seen {
					forms[i][pair[1]] = 0
				}
			}
		}
	}
	for i := range d.actors {
		a := &d.actors[i]
		for form := range forms[int32(i)] {
			a.aliases = append(a.aliases, form)
		}
		f := forms[int32(i)]
		// Forms that are other words come before the same word in
		// another case, the most written first.
		key := index.NameKey(a.name)
		slices.SortFunc(a.aliases, func(x, y string) int {
			if cx, cy := index.NameKey(x) == key, index.NameKey(y) == key; cx != cy {
				if cx {
					return 1
				}
				return -1
			}
			if lx, ly := hasLower(x), hasLower(y); lx != ly && f[x] == f[y] {
				if lx {
					return -1
				}
				return 1
			}
			return cmp.Or(cmp.Compare(f[y], f[x]), strings.Compare(x, y))
		})
		seen := map[string]bool{}
		for _, name := range append([]string{a.name}, a.aliases...) {
			k := index.NameKey(name)
			if !seen[k] {
				seen[k] = true
				d.byKey[k] = append(d.byKey[k], int32(i))
			}
			for _, w := range nameWords(name) {
				d.words = append(d.words, dirWord{w, int32(i)})
			}
		}
	}
	// An actor whose own name has the key comes first, then the most
	// written.
	for k, ids := range d.byKey {
		slices.SortFunc(ids, func(x, y int32) int {
			ax, ay := d.actors[x], d.actors[y]
			if ox, oy := index.NameKey(ax.name) == k, index.NameKey(ay.name) == k; ox != oy {
				if ox {
					return -1
				}
				return 1
			}
			return cmp.Or(cmp.Compare(ay.weight, ax.weight), cmp.Compare(x, y))
		})
	}
	slices.SortFunc(d.words, func(x, y dirWord) int {
		return cmp.Or(strings.Compare(x.word, y.word), cmp.Compare(x.actor, y.actor))
	})
	d.words = slices.Compact(d.words)
	return d
}

func compareActors(a, b index.Actor) int {
	return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(string(a.Kind), string(b.Kind)))
}

// nameWords splits a name into lower-case words, as typed.
func nameWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// lookup returns the actor name is written for: the actor of that name
// (in any case, with or without a legal form) or else the one it is most
// often an alias of.
func (d *directory) lookup(name string) (dirActor, bool) {
	if d == nil {
		return dirActor{}, false
	}
	ids := d.byKey[index.NameKey(name)]
	if len(ids) == 0 {
		return dirActor{}, false
	}
	return d.actors[ids[0]], true
}

// matching returns the actors with a name or alias whose words start with
// the typed words in order, the most written first.
func (d *directory) matching(words []string, limit int) []dirActor {
	if d == nil || len(words) == 0 {
		return nil
	}
	// The candidates are the actors with a word starting as the first
	// typed word does; the rest is checked on each.
	first := words[0]
	lo := sort.Search(len(d.words), func(i int) bool { return d.words[i].word >= first })
	seen := map[int32]bool{}
	var out []dirActor
	for i := lo; i < len(d.words) && strings.HasPrefix(d.words[i].word, first); i++ {
		id := d.words[i].actor
		if seen[id] {
			continue
		}
		seen[id] = true
		a := d.actors[id]
		if startsWords(a.name, words) || slices.ContainsFunc(a.aliases, func(s string) bool { return startsWords(s, words) }) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(x, y dirActor) int {
		return cmp.Or(cmp.Compare(y.weight, x.weight), strings.Compare(x.name, y.name))
	})
	return out[:min(len(out), limit)]
}

// articlesNaming counts the articles that show an actor.
func (ix *Index) articlesNaming(ctx context.Context, name string, kind index.Kind) (int, error) {
	t := query.NewTermQuery(name)
	t.SetField(cmp.Or(kindField(kind), fieldActor))
	req := bleve.NewSearchRequestOptions(t, 0, 0, false)
	req.Score = bleve.ScoreNone
	res, err := ix.search(ctx, req)
	if err != nil {
		return 0, searchError(err)
	}
	return int(res.Total), nil
}

// info makes the reader's view of an actor, counted.
func (ix *Index) info(ctx context.Context, a dirActor) (index.ActorInfo, error) {
	n, err := ix.articlesNaming(ctx, a.name, a.kind)
	if err != nil {
		return index.ActorInfo{}, err
	}
	return index.ActorInfo{Name: a.name, Kind: a.kind, Aliases: slices.Clone(a.aliases), Articles: n}, nil
}

// Actor returns the actor articles show for name, written in any case, in
// any of the ways the archive's texts write it (EC, REAGAN, Amoco Corp),
// with its kind, aliases and the number of articles naming it;
// index.ErrNotFound when the archive knows no such actor.
func (ix *Index) Actor(ctx context.Context, name string) (index.ActorInfo, error) {
	a, ok := ix.directory().lookup(name)
	if !ok {
		return index.ActorInfo{}, index.ErrNotFound
	}
	info, err := ix.info(ctx, a)
	if err == nil && info.Articles == 0 {
		// Named in evidence that resolves elsewhere now, by no article.
		err = index.ErrNotFound
	}
	return info, err
}

// akaShown is how many other names Aliases gives at most.
const akaShown = 3

// Aliases returns the other names the archive's texts write an actor
// by, as articles show it (EC for European Community), the most written
// first, each once whatever its case or legal form. Forms that tell a
// reader nothing are left out: the name in another case or legal form,
// and a word of the name alone (Reagan of Ronald Reagan).
func (ix *Index) Aliases(name string) []string {
	a, ok := ix.directory().lookup(name)
	if !ok || a.name != name {
		return nil
	}
	var out []string
	seen := map[string]bool{index.NameKey(name): true}
	words := nameWords(name)
	for _, al := range a.aliases {
		key := index.NameKey(al)
		if seen[key] || len(out) == akaShown {
			continue
		}
		seen[key] = true
		if w := nameWords(al); len(w) == 1 && len(words) > 1 && slices.Contains(words, w[0]) {
			continue
		}
		out = append(out, al)
	}
	return out
}

// CanonicalActor returns the name articles show for an actor written as
// name, in any case or alias, for filters: name itself when the archive
// knows no other.
func (ix *Index) CanonicalActor(name string) string {
	if a, ok := ix.directory().lookup(name); ok {
		return a.name
	}
	return name
}

// Actors returns up to n actors whose name or alias has words starting
// with the words of q, in any case (all actors for an empty q), the most
// written about first, with kinds, aliases and counts.
func (ix *Index) Actors(ctx context.Context, q string, n int) ([]index.ActorInfo, error) {
	if n <= 0 {
		return nil, nil
	}
	d := ix.directory()
	var cands []dirActor
	if words := nameWords(q); len(words) > 0 {
		// The most written candidates, a few more than asked for, since
		// evidence counts only approximate the articles.
		cands = d.matching(words, 2*n+10)
	} else {
		res, err := ix.facetsOnly(ctx, query.NewMatchAllQuery(), func(req *bleve.SearchRequest) {
			for _, k := range kindOrder {
				req.AddFacet(kindField(k), ix.facetRequest(kindField(k), n))
			}
		})
		if err != nil {
			return nil, err
		}
		var out []index.ActorInfo
		for _, k := range kindOrder {
			for name, c := range facetCounts(res, kindField(k)) {
				info := index.ActorInfo{Name: name, Kind: k, Articles: c}
				if a, ok := d.lookup(name); ok && a.name == name {
					info.Aliases = slices.Clone(a.aliases)
				}
				out = append(out, info)
			}
		}
		sortInfos(out)
		return out[:min(len(out), n)], nil
	}
	out := make([]index.ActorInfo, 0, len(cands))
	for _, a := range cands {
		info, err := ix.info(ctx, a)
		if err != nil {
			return nil, err
		}
		if info.Articles > 0 {
			out = append(out, info)
		}
	}
	sortInfos(out)
	return out[:min(len(out), n)], nil
}

func sortInfos(s []index.ActorInfo) {
	slices.SortFunc(s, func(a, b index.ActorInfo) int {
		return cmp.Or(cmp.Compare(b.Articles, a.Articles), strings.Compare(a.Name, b.Name), strings.Compare(string(a.Kind), string(b.Kind)))
	})
}

// expandActors makes each actor:name of a query also find the actor the
// archive writes that name as (actor:EC finds European Community), since
// articles show only that name.
func (ix *Index) expandActors(n querylang.Node) querylang.Node {
	d := ix.directory()
	if d == nil {
		return n
	}
	var walk func(querylang.Node) querylang.Node
	alt := func(orig querylang.Node, text string, boost float64, offset int) querylang.Node {
		a, ok := d.lookup(text)
		if !ok || index.NameKey(a.name) == index.NameKey(text) {
			return orig
		}
		return &querylang.Or{Clauses: []querylang.Node{orig, &querylang.Phrase{Field: querylang.FieldActor, Text: a.name, Boost: boost, Offset: offset}}}
	}
	walk = func(n querylang.Node) querylang.Node {
		switch n := n.(type) {
		case *querylang.And:
			for i, c := range n.Clauses {
				n.Clauses[i] = walk(c)
			}
		case *querylang.Or:
			for i, c := range n.Clauses {
				n.Clauses[i] = walk(c)
			}
		case *querylang.Not:
			n.X = walk(n.X)
		case *querylang.Word:
			if n.Field == querylang.FieldActor && !n.Fuzzy && !n.Prefix && !n.Wildcard {
				return alt(n, n.Text, n.Boost, n.Offset)
			}
		case *querylang.Phrase:
			if n.Field == querylang.FieldActor && n.Proximity == 0 {
				return alt(n, n.Text, n.Boost, n.Offset)
			}
		}
		return n
	}
	return walk(n)
}
