package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/importer"
	"github.com/newsarchive/newsarchive/index/ingest"
)

// Pools are the real pieces that articles are recombined from. They are
// the generator's only large state, built once and then only read, so
// memory does not grow with the number of articles written.
type Pools struct {
	stories    []story // Reuters and BBC bodies, their prose only
	bbcStories []int   // the indexes in stories of BBC's
	titles     [3][]string
	headings   []string      // short titles, used as section headings
	datelines  []string      // Reuters dateline cities, upper case
	authors    []string      // HuffPost bylines
	actors     []index.Actor // by how often the corpora tag them, most tagged first
	// bbcActors is how many actors the extractor finds in each BBC
	// story, the yardstick for the generated articles' count.
	bbcActors []int
}

// The title pools, by the corpus they come from.
const (
	titleReuters = iota
	titleBBC
	titleHuffPost
)

// corpusFiles are the corpora the pools are built from, relative to the
// corpora folder.
var corpusFiles = []struct {
	path  string
	title int
	// extract says to find the actors in the text with the archive's
	// extractor, for corpora that tag none themselves; it brings the
	// names of 2004 to 2022 next to those of Reuters in 1987.
	extract bool
}{
	{"reuters21578", titleReuters, false},
	{"bbc", titleBBC, true},
	{"huffpost_v3_first10k", titleHuffPost, true},
}

// LoadPools reads the Reuters, BBC and HuffPost corpora under dir with the
// archive's own readers and keeps their stories' prose. Actors are
// the Reuters PEOPLE, ORGS and PLACES tags and the names the archive's
// extractor finds in the BBC and HuffPost texts, ranked by how often. The files
// are read in sorted order and nothing is taken from a map's iteration
// order, so the pools, and so the articles, are the same on every run.
func LoadPools(ctx context.Context, dir string) (*Pools, error) {
	p := &Pools{}
	var texts []string // to find actors in
	var bbc []int      // the indexes in texts of the BBC stories
	actorCount := map[index.Actor]int{}
	seenTitle := map[string]bool{}
	seenDateline := map[string]bool{}
	seenAuthor := map[string]bool{}
	for _, c := range corpusFiles {
		root := filepath.Join(dir, c.path)
		if _, err := os.Stat(root); err != nil {
			return nil, fmt.Errorf("corpus %s: %w", c.path, err)
		}
		files, _ := ingest.Files([]string{root}) // the errors are the READMEs and code lists left out
		if len(files) == 0 {
			return nil, fmt.Errorf("corpus %s: no article files under %s", c.path, root)
		}
		for _, f := range files {
			err := ingest.ReadFile(ctx, f.Path, func(it ingest.Item) error {
				if it.Err != nil {
					return nil // a skipped record costs the pools nothing
				}
				a := it.Article
				if t := a.Title; t != "" && !seenTitle[t] && utf8.ValidString(t) {
					seenTitle[t] = true
					p.titles[c.title] = append(p.titles[c.title], t)
					if c.title != titleReuters {
						if n := len(strings.Fields(t)); n >= 2 && n <= 7 {
							p.headings = append(p.headings, t)
						}
					}
				}
				for _, ac := range a.Actors {
					if ac.Kind.Valid() && ac.Name != "" {
						actorCount[ac]++
					}
				}
				if c.extract {
					if c.title == titleBBC {
						bbc = append(bbc, len(texts))
					}
					// What the archive's import reads of the article.
					texts = append(texts, importer.ExtractText(a))
				}
				if d, _, _ := strings.Cut(a.Dateline, ","); isDateline(d) && !seenDateline[d] {
					seenDateline[d] = true
					p.datelines = append(p.datelines, d)
				}
				for _, au := range a.Authors {
					if !seenAuthor[au] && len(au) < 60 {
						seenAuthor[au] = true
						p.authors = append(p.authors, au)
					}
				}
				if c.title != titleHuffPost { // a HuffPost record is a headline and a line
					p.addStory(a.Body, c.title == titleBBC)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	ex, err := extract.New()
	if err != nil {
		return nil, err
	}
	all := extractAll(ctx, ex, len(texts), func(i int) string { return texts[i] })
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, found := range all {
		for _, ac := range found {
			actorCount[ac]++
		}
	}
	for _, i := range bbc {
		p.bbcActors = append(p.bbcActors, len(all[i]))
	}
	for ac, n := range actorCount {
		// A name found once is as often a tagging slip ("Trump" the
		// organization) as a real actor.
		if n >= minActorCount {
			p.actors = append(p.actors, ac)
		}
	}
	slices.SortFunc(p.actors, func(a, b index.Actor) int {
		if d := actorCount[b] - actorCount[a]; d != 0 {
			return d
		}
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(string(a.Kind), string(b.Kind))
	})
	switch {
	case len(p.stories) < 100 || len(p.bbcStories) == 0:
		return nil, fmt.Errorf("only %d stories (%d of BBC) found under %s", len(p.stories), len(p.bbcStories), dir)
	case len(p.actors) < 50:
		return nil, fmt.Errorf("only %d actors found under %s", len(p.actors), dir)
	case len(p.titles[titleReuters]) == 0 || len(p.titles[titleBBC]) == 0 || len(p.titles[titleHuffPost]) == 0:
		return nil, fmt.Errorf("a title pool is empty under %s", dir)
	case len(p.headings) == 0 || len(p.datelines) == 0 || len(p.authors) == 0:
		return nil, fmt.Errorf("no headings, datelines or authors found under %s", dir)
	}
	return p, nil
}

// story is a real story's body as paragraphs of prose sentences, in their
// order.
type story struct {
	paragraphs []string
}

// addStory keeps a body as a story: its paragraphs in order, each with its
// prose sentences only, leaving out the tables and figures wire stories
// are full of, which read as junk outside their story. A story of fewer
// than two prose sentences is left out.
func (p *Pools) addStory(body string, bbc bool) {
	var st story
	sentences := 0
	for para := range strings.SplitSeq(body, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" || strings.HasPrefix(para, index.HeadingPrefix) {
			continue
		}
		ss := splitSentences(para)
		kept := ss[:0]
		for _, s := range ss {
			if isProse(s) {
				kept = append(kept, s)
			}
		}
		if len(kept) == 0 {
			continue
		}
		sentences += len(kept)
		if len(kept) == len(ss) {
			st.paragraphs = append(st.paragraphs, para) // shares the body's memory
		} else {
			st.paragraphs = append(st.paragraphs, strings.Join(kept, " "))
		}
	}
	if sentences < 2 {
		return
	}
	if bbc {
		p.bbcStories = append(p.bbcStories, len(p.stories))
	}
	p.stories = append(p.stories, st)
}

// minActorCount is how often a name must be tagged or found in the
// corpora to become an actor.
const minActorCount = 2

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "St": true, "Sen": true, "Rep": true, "Gov": true,
	"Gen": true, "Col": true, "Lt": true, "Sgt": true, "Prof": true, "Rev": true, "No": true, "Co": true,
	"Corp": true, "Inc": true, "Ltd": true, "Bros": true, "Jr": true, "Sr": true, "vs": true, "etc": true,
	"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Jun": true, "Jul": true, "Aug": true,
	"Sep": true, "Sept": true, "Oct": true, "Nov": true, "Dec": true, "approx": true, "pct": true,
}

// splitSentences splits a paragraph at a period, question or exclamation
// mark (and any closing quote) followed by a space and a capital, digit or
// quote, unless the word before the period is an abbreviation or an
// initial. The sentences are substrings of p, so they share its memory.
func splitSentences(p string) []string {
	var out []string
	start := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '.' && c != '?' && c != '!' {
			continue
		}
		end := i + 1
		for end < len(p) && (p[end] == '"' || p[end] == '\'' || p[end] == ')') {
			end++
		}
		if end+1 >= len(p) || p[end] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(p[end+1:])
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && next != '"' && next != '\'' && next != '\u201c' {
			continue
		}
		if c == '.' {
			w := p[start:i]
			if j := strings.LastIndexByte(w, ' '); j >= 0 {
				w = w[j+1:]
			}
			w = strings.TrimLeft(w, "(\"'")
			if abbreviations[w] || strings.Contains(w, ".") || (len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z') {
				continue
			}
		}
		out = append(out, strings.TrimSpace(p[start:end]))
		start = end + 1
		i = end
	}
	if rest := strings.TrimSpace(p[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// isProse reports whether s reads as a sentence of running text: it starts
// with a capital, digit or quote, ends with terminal punctuation, has
// between 5 and 70 words, and is mostly lower-case letters rather than
// figures or a shouted headline.
func isProse(s string) bool {
	// Angle brackets hold Reuters ticker codes ("<NCRO.L>"), out of place
	// in another outlet's story.
	if len(s) < 20 || len(s) > 600 || strings.ContainsAny(s, "<>") || !utf8.ValidString(s) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) && first != '"' && first != '\u201c' {
		return false
	}
	last := s[len(s)-1]
	if last == '"' || last == '\'' || last == ')' {
		last = s[len(strings.TrimRight(s, "\"')"))-1]
	}
	if last != '.' && last != '?' && last != '!' {
		return false
	}
	words := 1 + strings.Count(s, " ")
	if words < 5 || words > 70 {
		return false
	}
	var lower, letters, other int
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			lower++
			letters++
		case unicode.IsLetter(r):
			letters++
		case r != ' ':
			other++
		}
	}
	return letters*4 >= (letters+other)*3 && lower*10 >= letters*7
}

// isDateline reports whether d looks like a Reuters dateline city
// ("NEW YORK"), not a date or junk.
func isDateline(d string) bool {
	if len(d) < 3 || len(d) > 24 {
		return false
	}
	for _, r := range d {
		if !(r >= 'A' && r <= 'Z') && r != ' ' && r != '.' && r != '-' {
			return false
		}
	}
	return true
}

// findCorpora locates ../shared/corpora beside the repository root, the
// folder whose go.mod declares the archive's module, walking up from the
// working directory so the command runs from the root or from its own
// folder alike.
func findCorpora() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if isArchiveRoot(filepath.Join(dir, "go.mod")) {
			c := filepath.Join(filepath.Dir(dir), "shared", "corpora")
			if fi, err := os.Stat(c); err != nil || !fi.IsDir() {
				return "", fmt.Errorf("no corpora at %s", c)
			}
			return c, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no repository root above the working directory")
		}
		dir = parent
	}
}

// isArchiveRoot reports whether the go.mod at path declares the archive's
// main module, not this nested one.
func isArchiveRoot(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "module github.com/newsarchive/newsarchive" {
			return true
		}
	}
	return false
}
