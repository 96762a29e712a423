package importer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/extract"
)

// maxTopics is how many topics an article carries at most, its source's
// first.
const maxTopics = 3

// enrich adds what the extractor finds to what the article's source
// supplied: the source's actors and topics stay first and as they are, and
// an extracted actor or topic the source already named is not added twice.
// Enriching an article again (after a model change) redoes the extracted
// part only. Single-word person names are completed with the full name the
// archive knows them by, so that "Netanyahu" and "Benjamin Netanyahu" are
// one actor across articles.
func enrich(ex *extract.Extractor, names NameResolver, a *index.Article) {
	if a.Supplied == nil {
		a.Supplied = &index.Tags{Actors: slices.Clone(a.Actors), Topics: slices.Clone(a.Topics)}
	}
	res := ex.Extract(ExtractText(*a))

	a.Acronyms = a.Acronyms[:0:0]
	for _, d := range res.Acronyms {
		a.Acronyms = append(a.Acronyms, index.Acronym{Short: d.Short, Long: d.Long})
	}
	a.Found = a.Found[:0:0]
	for _, act := range res.Actors {
		k := index.Kind(act.Kind)
		if k.Valid() && !ownOutlet(act.Name, a.Source) {
			// Exxon is ExxonMobil only in texts from 1999-11-30 on.
			a.Found = append(a.Found, index.Actor{Name: ex.Successor(act.Name, a.Published), Kind: k})
		}
	}
	a.Actors = resolveActors(names, *a)

	// A source that tags topics (Reuters) tags them all; the extractor
	// adds its main topic to them, not its runners-up, which on a short
	// wire story are more guess than evidence.
	topics := slices.Clone(a.Supplied.Topics)
	extracted := res.Topics
	if len(topics) > 0 && len(extracted) > 1 {
		extracted = extracted[:1]
	}
	for _, t := range extracted {
		if len(topics) >= maxTopics {
			break
		}
		if !slices.Contains(topics, t) {
			topics = append(topics, t)
		}
	}
	a.Topics = topics
}

// resolveActors makes an enriched article's actors from its evidence:
// the source's actors first, with their kinds, then those extraction
// found, each written as the archive writes it, and each actor once.
func resolveActors(names NameResolver, a index.Article) []index.Actor {
	// A source that tags people by surname (Reuters: "Lawson") names the
	// person the text calls "Nigel Lawson".
	inText := map[string]string{}
	for _, act := range a.Found {
		if s := index.Surname(act.Name); s != "" && act.Kind == index.Person {
			if _, ok := inText[s]; !ok {
				inText[s] = act.Name
			}
		}
	}
	actors := make([]index.Actor, 0, len(a.Supplied.Actors)+len(a.Found))
	seen := map[string]bool{}
	add := func(act index.Actor) {
		key := index.NameKey(act.Name)
		if act.Name == "" || seen[key] {
			return
		}
		seen[key] = true
		actors = append(actors, act)
	}
	for _, act := range a.Supplied.Actors {
		// The source's kinds stand; its names are written as the archive
		// writes them.
		if act.Kind == index.Person {
			if full, ok := inText[strings.ToLower(act.Name)]; ok {
				act.Name = full
			}
		}
		act.Name, _ = names.Resolve(act.Name, act.Kind)
		add(act)
	}
	for _, act := range a.Found {
		name, kind := names.Resolve(act.Name, act.Kind)
		add(index.Actor{Name: name, Kind: kind})
	}
	return actors
}

// ownOutlet reports whether an actor is the outlet that published the
// story: "told Reuters" or "a Reuter survey" in Reuters copy, "BBC News"
// in the BBC's, is the outlet crediting itself, which the source facet
// already shows, not news about it.
func ownOutlet(name, source string) bool {
	src, key := index.NameKey(source), index.NameKey(name)
	if src == "" {
		return false
	}
	// Reuters signs "Reuter".
	return key == src || key+"s" == src || key == src+"s" || key == src+" news"
}

// ExtractText is the text the extractor reads for an article: the title,
// then the body with heading markers removed so that headings read as the
// short lines they were. A title in capitals only (the wire style of
// Reuters) or in Title Case (HuffPost's and most web sites') is left out
// when there is a body: capitals there are style, not evidence of names,
// so the tagger reads such lines poorly ("NY COCOA", "Japan Earthquake
// Kills" as actors), and the body names the same actors in ordinary case.
func ExtractText(a index.Article) string {
	blocks := a.Blocks()
	var b strings.Builder
	if len(blocks) == 0 || hasLower(a.Title) && !titleCase(a.Title) {
		b.WriteString(a.Title)
	}
	for _, blk := range blocks {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(blk.Text)
	}
	return b.String()
}

// titleCase reports whether a title capitalizes its words as Title Case
// does: at least three words of four letters or more, nearly all of them
// capitalized. A sentence-case headline ("Biden asks for an inquiry into
// oil companies") has lower-case words of that length.
func titleCase(title string) bool {
	long, upper := 0, 0
	for w := range strings.FieldsSeq(title) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) || utf8.RuneCountInString(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })) < 4 {
			continue
		}
		long++
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return long >= 3 && upper*10 >= long*9
}

func hasLower(s string) bool {
	return strings.IndexFunc(s, unicode.IsLower) >= 0
}
