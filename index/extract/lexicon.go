package extract

import (
	"bufio"
	"embed"
	"fmt"
	"strconv"
	"strings"
)

//go:generate go run ./internal/gen -conll ../../../shared/corpora/conll2003/eng.train -out data

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

// entry is what a surface form in a gazetteer stands for.
type entry struct {
	name    string // canonical name
	kind    kind
	demonym bool // "Israeli": refers to a place but is not a place mention
	curated bool // from the hand-written lists, not derived from CoNLL
	tokens  int
	count   int // CoNLL majority count, to rank derived entries
}

// lexicon holds every table the extractor reads; it is built once in New.
type lexicon struct {
	gaz       map[string]entry // exact surface form
	gazUpper  map[string]entry // upper-cased surface form, for all-caps lines
	maxTokens int
	titles    map[string]bool
	maxTitle  int
	orgSuffix map[string]bool
	first     map[string]bool
	common    map[string]bool // lower-case everyday words
	topicWord map[string][]topicWeight
	topicStem map[string][]topicWeight
	stemHead  map[string]bool // first three bytes of every stem
	stemMax   int
}

type topicWeight struct {
	topic  uint8
	weight float32
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

func countTokens(s string) int { return len(strings.Fields(s)) }

func loadLexicon() (*lexicon, error) {
	lx := &lexicon{
		gaz:       map[string]entry{},
		gazUpper:  map[string]entry{},
		titles:    map[string]bool{},
		orgSuffix: map[string]bool{},
		first:     map[string]bool{},
		common:    map[string]bool{},
		topicWord: map[string][]topicWeight{},
		topicStem: map[string][]topicWeight{},
		stemHead:  map[string]bool{},
	}
	cw, err := lines("common_words.txt")
	if err != nil {
		return nil, err
	}
	for _, w := range cw {
		lx.common[w] = true
	}
	// Derived CoNLL entries go in first so curated lists override them.
	ents, err := lines("conll_entities.txt")
	if err != nil {
		return nil, err
	}
	for _, l := range ents {
		f := strings.Split(l, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("conll_entities.txt: bad line %q", l)
		}
		n, _ := strconv.Atoi(f[2])
		total, _ := strconv.Atoi(f[3])
		if 2*n < total+1 && total > 1 {
			continue // too ambiguous to trust
		}
		// A rare single-word entry that is also an everyday word ("The",
		// "Will") would turn ordinary capitalized words into actors.
		if n < 3 && !strings.Contains(f[0], " ") && lx.common[strings.ToLower(f[0])] {
			continue
		}
		k := map[string]kind{"PER": kindPerson, "ORG": kindOrg, "LOC": kindPlace, "MISC": kindMisc}[f[1]]
		lx.add(f[0], entry{name: f[0], kind: k, count: n})
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
				e := entry{name: canon, kind: file.kind, curated: true}
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
		lx.maxTitle = max(lx.maxTitle, countTokens(t))
	}
	sfx, err := lines("orgsuffix.txt")
	if err != nil {
		return nil, err
	}
	for _, s := range sfx {
		lx.orgSuffix[s] = true
	}
	for _, file := range []string{"firstnames.txt", "conll_firstnames.txt"} {
		ls, err := lines(file)
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			for _, w := range strings.Fields(l) {
				lx.first[w] = true
			}
		}
	}
	return lx, lx.loadTopics()
}

func (lx *lexicon) add(surface string, e entry) {
	e.tokens = countTokens(surface)
	lx.maxTokens = max(lx.maxTokens, e.tokens)
	if old, ok := lx.gaz[surface]; !ok || e.curated || (!old.curated && e.count > old.count) {
		lx.gaz[surface] = e
	}
	up := strings.ToUpper(surface)
	// Short acronyms like "IS" or "AP" are ordinary words in all-caps text.
	if e.curated && len(up) <= 2 {
		return
	}
	if old, ok := lx.gazUpper[up]; !ok || (e.curated && !old.curated) || (e.curated == old.curated && e.count > old.count) {
		lx.gazUpper[up] = e
	}
}

// topicSlugs is the IPTC Media Topics top level, in a fixed order.
var topicSlugs = [...]string{
	"arts", "crime", "disaster", "economy", "education", "environment",
	"health", "human-interest", "labour", "lifestyle", "politics",
	"religion", "science", "society", "sport", "conflict", "weather",
}

func topicIndex(slug string) int {
	for i, s := range topicSlugs {
		if s == slug {
			return i
		}
	}
	return -1
}

func (lx *lexicon) loadTopics() error {
	ls, err := lines("topics.txt")
	if err != nil {
		return err
	}
	for _, l := range ls {
		f := strings.Fields(l)
		if len(f) < 3 {
			return fmt.Errorf("topics.txt: bad line %q", l)
		}
		ti := topicIndex(f[0])
		if ti < 0 {
			return fmt.Errorf("topics.txt: unknown topic %q", f[0])
		}
		w, err := strconv.ParseFloat(f[1], 32)
		if err != nil {
			return fmt.Errorf("topics.txt: bad weight in %q", l)
		}
		tw := topicWeight{uint8(ti), float32(w)}
		for _, word := range f[2:] {
			if stem, ok := strings.CutSuffix(word, "*"); ok {
				if len(stem) < 3 {
					return fmt.Errorf("topics.txt: stem %q shorter than 3 bytes", stem)
				}
				lx.topicStem[stem] = append(lx.topicStem[stem], tw)
				lx.stemHead[stem[:3]] = true
				lx.stemMax = max(lx.stemMax, len(stem))
			} else {
				lx.topicWord[word] = append(lx.topicWord[word], tw)
			}
		}
	}
	return nil
}
