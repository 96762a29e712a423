package extract

import (
	"bufio"
	"embed"
	"slices"
	"strings"
)

//go:embed data/*.txt
var dataFS embed.FS

// kind is the internal actor kind; kindMisc marks a known string that is
// not an actor (an event, a nationality, a product).
type kind uint8

const (
	kindNone kind = iota
	kindPerson
	kindOrg
	kindPlace
	kindMisc
)

func (k kind) String() string {
	switch k {
	case kindPerson:
		return "person"
	case kindOrg:
		return "organization"
	case kindPlace:
		return "place"
	}
	return ""
}

// entry is what a surface form in the hand-written lexicons stands for.
type entry struct {
	name    string // canonical name
	kind    kind
	demonym bool // "Israeli": refers to a place but is not a place mention
}

// lexicon holds every table the extractor reads; it is built once in New.
type lexicon struct {
	gaz      map[string]entry // exact surface form
	gazUpper map[string]entry // upper-cased surface form, for all-caps lines
	titles   map[string]bool
	given    map[string]bool // given names: "Ray" starts a person's name
	// firms are organizations whatever the tagger says (firms.txt), by
	// surface form; firmTails holds the last word of each, to find a
	// torn name's start.
	firms     map[string]string
	firmTails map[string]bool
}

// lines yields the non-blank, non-comment lines of an embedded file.
func lines(name string) ([]string, error) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, err
	}
	var out []string
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, l)
	}
	return out, sc.Err()
}

func loadLexicon() (*lexicon, error) {
	lx := &lexicon{
		gaz:       map[string]entry{},
		gazUpper:  map[string]entry{},
		titles:    map[string]bool{},
		given:     map[string]bool{},
		firms:     map[string]string{},
		firmTails: map[string]bool{},
	}
	for _, file := range []struct {
		name string
		kind kind
	}{{"places.txt", kindPlace}, {"orgs.txt", kindOrg}} {
		ls, err := lines(file.name)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			parts := strings.Split(l, "|")
			canon := parts[0]
			for _, p := range parts {
				e := entry{name: canon, kind: file.kind}
				if strings.HasPrefix(p, "=") {
					p, e.demonym = p[1:], true
				}
				lx.add(p, e)
			}
		}
	}
	ts, err := lines("titles.txt")
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		lx.titles[t] = true
	}
	fs, err := lines("firms.txt")
	if err != nil {
		return nil, err
	}
	for _, l := range fs {
		parts := strings.Split(l, "|")
		for _, p := range parts {
			lx.firms[p] = parts[0]
			f := strings.Fields(p)
			lx.firmTails[f[len(f)-1]] = true
		}
	}
	gs, err := lines("firstnames.txt")
	if err != nil {
		return nil, err
	}
	for _, l := range gs {
		for _, g := range strings.Fields(l) {
			lx.given[g] = true
		}
	}
	return lx, nil
}

func (lx *lexicon) add(surface string, e entry) {
	if _, ok := lx.gaz[surface]; !ok {
		lx.gaz[surface] = e
	}
	// Short acronyms like "IS" or "AP" are ordinary words in all-caps text.
	if up := strings.ToUpper(surface); len(up) > 2 {
		if _, ok := lx.gazUpper[up]; !ok {
			lx.gazUpper[up] = e
		}
	}
}

// lookup finds a surface form; a name in capitals ("JAPAN") is looked up
// by its upper-case form too.
// listed reports whether a name is in the lexicon in any case.
func (lx *lexicon) listed(name string) bool {
	_, ok := lx.lookup(name)
	if !ok {
		_, ok = lx.lookup(strings.ToUpper(name))
	}
	return ok
}

func (lx *lexicon) lookup(surface string) (entry, bool) {
	if e, ok := lx.gaz[surface]; ok {
		return e, true
	}
	if len(surface) > 2 && !hasLowerByte(surface) {
		e, ok := lx.gazUpper[surface]
		return e, ok
	}
	return entry{}, false
}

// topicSlugs is the IPTC Media Topics top level, in a fixed order.
var topicSlugs = [...]string{
	"arts", "crime", "disaster", "economy", "education", "environment",
	"health", "human-interest", "labour", "lifestyle", "politics",
	"religion", "science", "society", "sport", "conflict", "weather",
}

// TopicSlugs returns the topics the archive gives articles, the IPTC
// Media Topics top level as slugs, in a fixed order; the caller may keep
// or change the slice.
func TopicSlugs() []string { return slices.Clone(topicSlugs[:]) }

func topicIndex(slug string) int {
	for i, s := range topicSlugs {
		if s == slug {
			return i
		}
	}
	return -1
}
