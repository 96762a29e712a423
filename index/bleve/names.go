package bleve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsarchive/newsarchive/index"
)

// nameTable is what the archive knows of the ways its actors are written:
// for each name key (index.NameKey), the written forms with the number of
// articles naming each, and the articles naming the key as each kind. It
// picks one form and one kind for every key, from all the archive holds,
// so that REAGAN and Reagan, or Amoco Corp and Amoco, are one actor, and
// "Trump" is the person everywhere though a headline got him tagged as a
// place. It is rebuilt from the index's actor fields when the index opens
// and kept current by Put.
type nameTable struct {
	mu   sync.RWMutex
	keys map[string]*nameForms
	// acronyms holds, by the key of a short form, the names texts define
	// it for, with the number of articles defining it so; shorts the
	// same by the key of the name.
	acronyms map[string]map[string]int
	shorts   map[string]map[string]int
}

// acronymSep joins a short form and its name in the acronyms field.
const acronymSep = "\x1f"

// define counts n articles defining short as the short form of long.
func (t *nameTable) define(short, long string, n int) {
	key := index.NameKey(short)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.acronyms == nil {
		t.acronyms = map[string]map[string]int{}
	}
	if t.acronyms[key] == nil {
		t.acronyms[key] = map[string]int{}
	}
	t.acronyms[key][long] += n
	if t.shorts == nil {
		t.shorts = map[string]map[string]int{}
	}
	lk := index.NameKey(long)
	if t.shorts[lk] == nil {
		t.shorts[lk] = map[string]int{}
	}
	t.shorts[lk][short] += n
}

// expand returns the name a short form stands for across the archive:
// the one most articles define it as, when nameMinCount do.
func (t *nameTable) expand(short string) (string, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	best, bestN := "", 0
	for long, n := range t.acronyms[index.NameKey(short)] {
		if n > bestN || n == bestN && long < best {
			best, bestN = long, n
		}
	}
	return best, bestN >= nameMinCount
}

// definitions returns every short form texts define with the name it
// stands for across the archive (see expand), by the short form as most
// written.
func (t *nameTable) definitions() map[string]string {
	t.mu.RLock()
	var shorts []string
	for _, m := range t.shorts {
		for short := range m {
			shorts = append(shorts, short)
		}
	}
	t.mu.RUnlock()
	out := map[string]string{}
	for _, short := range shorts {
		if long, ok := t.expand(short); ok {
			out[short] = long
		}
	}
	return out
}

// nameForms are the ways one key is written, and its kinds.
type nameForms struct {
	forms map[string]int     // written form → articles
	kinds map[index.Kind]int // kind → articles
	// written holds the kinds each form has been written with.
	written map[string][]index.Kind
	// legal holds the forms with a legal form (index.HasLegalForm), and
	// legalN the articles writing them, which are organizations'.
	legal  map[string]bool
	legalN int
}

// kindOrder breaks ties between kinds the way readers expect: a name
// written as often as a person as a place is a person.
var kindOrder = []index.Kind{index.Person, index.Organization, index.Place}

func (t *nameTable) add(name string, kind index.Kind, n int) {
	if name == "" || !kind.Valid() {
		return
	}
	key := index.NameKey(name)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.keys == nil {
		t.keys = map[string]*nameForms{}
	}
	f := t.keys[key]
	if f == nil {
		f = &nameForms{forms: map[string]int{}, kinds: map[index.Kind]int{}, written: map[string][]index.Kind{}}
		t.keys[key] = f
	}
	f.forms[name] += n
	f.kinds[kind] += n
	if index.HasLegalForm(name) {
		if f.legal == nil {
			f.legal = map[string]bool{}
		}
		f.legal[name] = true
		f.legalN += n
	}
	if !slices.Contains(f.written[name], kind) {
		f.written[name] = append(f.written[name], kind)
	}
}

// resolve returns the form and kind the archive writes name by: the form
// most articles use among those with the same key, preferring one in mixed
// case to one in capitals; and the kind most of its articles give it.
// Both need nameMinCount articles behind them, so that one article does
// not rename another.
func (t *nameTable) resolve(name string, kind index.Kind) (string, index.Kind) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	f := t.keys[index.NameKey(name)]
	if f == nil {
		return name, kind
	}
	// A name with a legal form (Smith Inc) is a firm's, whatever the
	// kind of the same name without one (Smith, a person): its kind
	// stands, and the firm's forms are not the person's.
	legal := index.HasLegalForm(name)
	kinds := f.kinds
	if legal {
		kind = index.Organization
	} else if f.legalN > 0 {
		kinds = maps.Clone(f.kinds)
		kinds[index.Organization] -= f.legalN
	}
	if !legal {
		// The most articles' kind, whatever this mention's, so that a
		// tie (as many articles call Ontario a person as a place) still
		// gives the name one kind: kindOrder's first.
		if major, n := majorOf(kinds, kind, 0); n >= nameMinCount {
			kind = major
		}
	}
	best, bestN := name, f.forms[name]
	for form, n := range f.forms {
		// A form of another kind is another actor's (the firm Smith Inc
		// is not the person Smith), and a person is no firm.
		if !slices.Contains(f.written[form], kind) || kind != index.Organization && f.legal[form] {
			continue
		}
		if betterForm(form, n, best, bestN) {
			best, bestN = form, n
		}
	}
	if bestN >= nameMinCount {
		name = best
	}
	return name, kind
}

// shortFor returns the short form most articles define for long, when
// expand takes that short form back to long.
func (t *nameTable) shortFor(long string) (string, bool) {
	t.mu.RLock()
	key := index.NameKey(long)
	best, bestN := "", 0
	for short, n := range t.shorts[key] {
		if n > bestN || n == bestN && short < best {
			best, bestN = short, n
		}
	}
	t.mu.RUnlock()
	if best == "" {
		return "", false
	}
	if back, ok := t.expand(best); !ok || index.NameKey(back) != key {
		return "", false
	}
	return best, true
}

// total returns how many articles name name's key, of any kind.
func (t *nameTable) total(name string) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	n := 0
	if f := t.keys[index.NameKey(name)]; f != nil {
		for _, c := range f.kinds {
			n += c
		}
	}
	return n
}

// majorKind returns the kind most articles give name's key, or kind.
func (t *nameTable) majorKind(name string, kind index.Kind) index.Kind {
	t.mu.RLock()
	defer t.mu.RUnlock()
	f := t.keys[index.NameKey(name)]
	if f == nil {
		return kind
	}
	best, _ := f.major(kind, 0)
	return best
}

// major returns the kind more articles give the key than the n that give
// it kind, in kindOrder's order where they tie, with its count; kind and
// n when none does.
func (f *nameForms) major(kind index.Kind, n int) (index.Kind, int) {
	return majorOf(f.kinds, kind, n)
}

// majorOf is major over counts of kinds.
func majorOf(kinds map[index.Kind]int, kind index.Kind, n int) (index.Kind, int) {
	for _, k := range kindOrder {
		if c := kinds[k]; c > n {
			kind, n = k, c
		}
	}
	return kind, n
}

// nameMinCount is how many articles a form or kind needs before it is
// the archive's choice for others.
const nameMinCount = 2

// surnameShare bounds how many times more articles may write a lone word
// than write the one full name it would complete to.
const surnameShare = 8

// surnameOdds is how many times more articles must write a known
// person's surname as a place or an organization for it to stay one.
const surnameOdds = 3

// betterForm reports whether form, written in n articles, is a better way
// to write a name than best, written in bestN: mixed case before
// capitals only, then more articles, then the shorter, then the first in
// order, so that the choice never depends on map order.
func betterForm(form string, n int, best string, bestN int) bool {
	if fl, bl := hasLower(form), hasLower(best); fl != bl {
		return fl
	}
	if n != bestN {
		return n > bestN
	}
	if len(form) != len(best) {
		return len(form) < len(best)
	}
	return form < best
}

func hasLower(s string) bool { return strings.ToUpper(s) != s }

// evidenceArticles returns how many articles' evidence writes a name as
// it is written, of any kind.
func (t *nameTable) evidenceArticles(a index.Actor) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if f := t.keys[index.NameKey(a.Name)]; f != nil {
		return f.forms[a.Name]
	}
	return 0
}

// articles returns how many articles name the key of name as kind.
func (t *nameTable) articles(name string, kind index.Kind) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if f := t.keys[index.NameKey(name)]; f != nil {
		return f.kinds[kind]
	}
	return 0
}

// all returns every form the table holds with each kind it is written
// as, sorted, for re-resolving the articles that use them.
func (t *nameTable) all() []index.Actor {
	t.mu.RLock()
	defer t.mu.RUnlock()
	var out []index.Actor
	for _, f := range t.keys {
		for form, kinds := range f.written {
			for _, k := range kinds {
				out = append(out, index.Actor{Name: form, Kind: k})
			}
		}
	}
	slices.SortFunc(out, compareActors)
	return out
}

// Resolve returns the name and kind the archive knows an actor by, from
// everything it holds: the best-written form of the name (REAGAN →
// Reagan, Amoco Corp → Amoco when most articles write Amoco), the kind
// most articles give it, and for a single word, the full name of the one
// person the archive knows by that surname, when that person is named in
// more articles than the word is as its own kind (a headline's "Trump"
// tagged as a place is Donald Trump; Paris stays the place).
//
// A person's corrections (index.Corrections, from the data directory)
// apply over all of this; an empty name means the actor is to be dropped.
func (ix *Index) Resolve(name string, kind index.Kind) (string, index.Kind) {
	return ix.corrections.Load().Apply(name, kind, ix.resolveAuto)
}

// resolveAuto resolves a name from the archive's evidence alone.
func (ix *Index) resolveAuto(name string, kind index.Kind) (string, index.Kind) {
	// A short form the archive's texts define ("EC" for European
	// Community) and the name it stands for are one actor, written as
	// whichever more articles use (European Community, but OPEC), with
	// the name's kind.
	if long, ok := ix.names.expand(name); ok {
		name, kind = long, ix.names.majorKind(long, kind)
	}
	if short, ok := ix.names.shortFor(name); ok && ix.names.total(short) > ix.names.total(name) {
		name = short
	}
	name, kind = ix.names.resolve(name, kind)
	if strings.ContainsAny(strings.TrimSpace(name), " \t") {
		return name, kind
	}
	// A lone word is a person's when it is the surname of the one person
	// the archive knows by it, unless it is written as its own kind in
	// many times more articles (Washington the city, not Denzel); or,
	// without such a person, when its mentions as a person outnumber
	// those as its kind. Headlines, whose capitals mislead the tagger,
	// type a surname as a place or an organization often enough that the
	// surname's person needs the benefit of the doubt ("Putin" alone).
	full := ix.aliases.fullName(name)
	if full != name && surnameShare*ix.names.total(full) < ix.names.total(name) {
		// A lone word written far more often than the one full name
		// with it is someone known by the one word (Drake, the singer,
		// not the film's Vera Drake) or something else: not that person.
		full = name
	}
	person := ix.names.articles(name, index.Person)
	own := ix.names.articles(name, kind)
	switch {
	case kind == index.Person:
	case full != name && own < surnameOdds*(person+ix.names.articles(full, index.Person)):
		kind = index.Person
	case full == name && person > own:
		kind = index.Person
	}
	if kind == index.Person && full == name && ix.aliases.shared(name) {
		// A surname or a given name alone that several people the
		// archive knows bear (Johnson: Boris, Manuel, Ron; David) names
		// no one a reader can tell; as a facet value it would lump them
		// together.
		return "", kind
	}
	if kind == index.Person {
		name = full
	}
	return name, kind
}

// Stale returns the names, as articles now show them, of the actors whose
// resolution changed since the last call (since Open, the first time), and
// for a name that was dropped until now, the name as their evidence
// writes it (see Query.Found):
// the articles naming them were resolved with what the archive knew then,
// and should be resolved again. It also returns what every name of the
// evidence resolves to now, to resolve them with: the table itself moves
// as the articles are written again, since Put counts an updated
// article's evidence again without taking away what it replaced. It
// counts the names anew from the index first, for the same reason.
//
// It reads the person's corrections anew too, so that an edit of the file
// applies with the next import, and records them as applied.
func (ix *Index) Stale(ctx context.Context) ([]string, map[index.Actor]index.Actor, error) {
	corrections, raw, err := readCorrections(filepath.Join(ix.dataDir, index.CorrectionsFile))
	if err != nil {
		return nil, nil, err
	}
	if err := ix.loadNames(ctx); err != nil {
		return nil, nil, err
	}
	ix.resolvedMu.Lock()
	defer ix.resolvedMu.Unlock()
	ix.corrections.Store(corrections)
	now := ix.resolutions(corrections)
	stale := map[string]bool{}
	for from, to := range now {
		was, ok := ix.resolved[from]
		switch {
		case !ok || was == to:
		case was.Name != "":
			stale[was.Name] = true
		default:
			// A name dropped until now shows in no article's actors;
			// its articles are found by their evidence (Query.Found).
			stale[from.Name] = true
		}
	}
	ix.resolved = now
	ix.dir.Store(ix.lazyDirectory(now))
	ix.sug.mu.Lock()
	ix.sug.resolved(ix) // the actors' table, with the new directory
	ix.sug.mu.Unlock()
	if err := writeApplied(filepath.Join(ix.dataDir, appliedName), raw); err != nil {
		return nil, nil, err
	}
	return slices.Sorted(maps.Keys(stale)), now, nil
}

// resolutions resolves every name the archive's evidence holds, with
// corrections c.
func (ix *Index) resolutions(c *index.Corrections) map[index.Actor]index.Actor {
	out := map[index.Actor]index.Actor{}
	for _, a := range ix.names.all() {
		name, kind := c.Apply(a.Name, a.Kind, ix.resolveAuto)
		out[a] = index.Actor{Name: name, Kind: kind}
	}
	return out
}

// CorrectionsPending reports whether the corrections file differs from
// the corrections the articles were last resolved with: a person edited
// it since, and Stale (through the importer's Reresolve) applies it.
func (ix *Index) CorrectionsPending() bool {
	now, err1 := os.ReadFile(filepath.Join(ix.dataDir, index.CorrectionsFile))
	applied, err2 := os.ReadFile(filepath.Join(ix.dataDir, appliedName))
	if err1 != nil && err2 != nil {
		return false // neither exists
	}
	return !bytes.Equal(now, applied)
}

// appliedName is the file in the data directory holding the corrections
// the articles were last resolved with, to tell at Open what an edit of
// the corrections file since changes.
const appliedName = ".corrections.applied"

// readCorrections reads a corrections file after the known ones; a
// missing file adds none.
func readCorrections(path string) (*index.Corrections, []byte, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return index.KnownCorrections(), nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read actor corrections: %w", err)
	}
	c := index.KnownCorrections()
	if err := c.Read(bytes.NewReader(raw)); err != nil {
		return nil, nil, fmt.Errorf("actor corrections %s: %w", path, err)
	}
	return c, raw, nil
}

// writeApplied records the corrections applied, replacing the file whole.
func writeApplied(path string, raw []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, raw) {
		return nil
	}
	if len(raw) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o644); err != nil {
		return fmt.Errorf("record applied corrections: %w", err)
	}
	return os.Rename(tmp, path)
}

// evidence is what an article tells of its actors' names and kinds:
// what its source supplied and what extraction found, not what the
// archive resolved them to, so that resolution never counts its own
// choices. An article enriched before extraction kept what it found, or
// never enriched, has only its actors to tell.
func evidence(a index.Article) []index.Actor {
	src := a.Actors
	if a.Supplied != nil && a.Found != nil {
		src = append(slices.Clone(a.Supplied.Actors), a.Found...)
	}
	var out []index.Actor
	for _, act := range src {
		if act.Name != "" && act.Kind.Valid() && !slices.Contains(out, act) {
			out = append(out, act)
		}
	}
	return out
}

// loadNames counts the name and surname tables anew from the evidence
// fields of the index (its actor fields, in an index made before it had
// them), and puts them in place of the index's. The counts come from a
// facet over every article, which counts each article once: the counts of
// Bleve's term dictionaries fall far short of the articles holding a
// term once segments have been written and merged.
func (ix *Index) loadNames(ctx context.Context) error {
	prefix := fieldEvidence
	if m := ix.shards[0].Mapping(); m.FieldMappingForPath(fieldEvidence+fieldPerson).Analyzer == "" {
		prefix = ""
	}
	// One pass over the articles counts every field.
	fields := []string{prefix + fieldPerson, prefix + fieldOrganization, prefix + fieldPlace, fieldAcronyms}
	sizes := make([]int, len(fields))
	for i, f := range fields {
		n, err := ix.termsOf(f)
		if err != nil {
			return err
		}
		sizes[i] = n
	}
	res, err := ix.facetsOnly(ctx, query.NewMatchAllQuery(), func(req *bleve.SearchRequest) {
		for i, f := range fields {
			if sizes[i] > 0 {
				req.AddFacet(f, bleve.NewFacetRequest(f, sizes[i]))
			}
		}
	})
	if err != nil {
		return err
	}
	var names nameTable
	var aliases aliasTable
	for i, k := range kindOrder {
		for term, n := range facetCounts(res, fields[i]) {
			names.add(term, k, n)
			if k == index.Person {
				aliases.add(term, n)
			}
		}
	}
	for term, n := range facetCounts(res, fieldAcronyms) {
		if short, long, ok := strings.Cut(term, acronymSep); ok {
			names.define(short, long, n)
		}
	}
	ix.names.mu.Lock()
	ix.names.keys, ix.names.acronyms, ix.names.shorts = names.keys, names.acronyms, names.shorts
	ix.names.mu.Unlock()
	ix.aliases.mu.Lock()
	ix.aliases.full, ix.aliases.given = aliases.full, aliases.given
	ix.aliases.mu.Unlock()
	return nil
}

// termsOf returns how many different terms a field holds, counted over
// the shards (a term in two counts twice): enough facet values to list
// them all.
func (ix *Index) termsOf(field string) (int, error) {
	terms := 0
	for _, shard := range ix.shards {
		n, err := termCount(shard, field)
		if err != nil {
			return 0, err
		}
		terms += n
	}
	return terms, nil
}

// termCount returns how many different terms a field of one shard holds.
func termCount(shard bleve.Index, field string) (int, error) {
	dict, err := shard.FieldDict(field)
	if err != nil {
		return 0, err
	}
	defer dict.Close()
	n := 0
	for {
		e, err := dict.Next()
		if err != nil {
			return 0, err
		}
		if e == nil {
			return n, nil
		}
		n++
	}
}
