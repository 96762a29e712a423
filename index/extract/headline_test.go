package extract

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/internal/corpus"
)

// newsCategoryStory is a News Category record as the archive reads it:
// the headline, a blank line, the short description.
type newsCategoryStory struct {
	Headline    string `json:"headline"`
	Description string `json:"short_description"`
}

func readNewsCategory(t *testing.T) []newsCategoryStory {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus.Dir(t, "huffpost_v3_first10k"), "News_Category_Dataset_v3.first10000.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []newsCategoryStory
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<24)
	for sc.Scan() {
		var s newsCategoryStory
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		s.Headline, s.Description = strings.TrimSpace(s.Headline), strings.TrimSpace(s.Description)
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// commonWords are the words a corpus's sentence-case text writes in lower
// case at least 5 times and capitalized, away from a sentence start, at
// most a twentieth as often: "kills", "years", "how", but not "house" or
// "court", which "White House" and "Supreme Court" capitalize.
func commonWords(texts []string) map[string]bool {
	lower, capped := map[string]int{}, map[string]int{}
	for _, text := range texts {
		start := true
		for w := range strings.FieldsSeq(text) {
			core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
			if core != "" {
				r, _ := utf8.DecodeRuneInString(core)
				switch {
				case unicode.IsLower(r):
					lower[core]++
				case !start:
					capped[strings.ToLower(core)]++
				}
			}
			start = strings.ContainsAny(w[len(w)-1:], ".!?:\"“”")
		}
	}
	out := map[string]bool{}
	for w, n := range lower {
		if n >= 5 && capped[w]*20 <= n {
			out[w] = true
		}
	}
	return out
}

// innerWords may stand inside a name without making it a fragment: "Bank
// of America", "Lord of the Rings".
var innerWords = map[string]bool{"of": true, "the": true, "and": true, "for": true, "de": true, "in": true, "on": true, "at": true, "a": true, "to": true}

// particles stand anywhere in a name: "The Washington Post", "de Blasio".
var particles = map[string]bool{"the": true, "de": true, "la": true, "van": true, "von": true, "al": true, "el": true, "bin": true, "da": true, "du": true, "le": true}

// headlineFragment returns the first common word of an actor's headline
// mention, other than the little words inside it, or "" when it has none.
// In a line of capitals (caps) a word of up to 4 letters or with a dot is
// taken for an acronym ("US", "U.S.", "GM") and never counts.
func headlineFragment(surface string, common map[string]bool, caps bool) string {
	words := strings.FieldsFunc(surface, func(r rune) bool { return r == ' ' || r == '-' })
	for i, w := range words {
		if caps && (len(w) <= 4 || strings.Contains(w, ".")) {
			continue
		}
		w = strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if i > 0 && i < len(words)-1 && innerWords[w] || particles[w] {
			continue
		}
		if common[w] {
			return w
		}
	}
	return ""
}

// fragmentRate runs the extractor over every story (headline, blank
// line, description; the description may be empty) and counts the stories
// with an actor mention in the headline that holds a common word.
func fragmentRate(t *testing.T, e *Extractor, stories []newsCategoryStory, common map[string]bool, caps bool) float64 {
	t.Helper()
	bad, mentions, fragments := 0, 0, 0
	byWord := map[string]int{}
	examples := map[string]string{}
	for _, s := range stories {
		text := s.Headline
		if s.Description != "" {
			text += "\n\n" + s.Description
		}
		found := false
		for _, a := range e.Actors(text) {
			for _, m := range a.Mentions {
				if m.End > len(s.Headline) {
					continue
				}
				mentions++
				if w := headlineFragment(text[m.Start:m.End], common, caps); w != "" {
					found = true
					fragments++
					byWord[w]++
					if _, ok := examples[w]; !ok {
						examples[w] = text[m.Start:m.End] + " (" + a.Kind + ") in " + s.Headline
					}
				}
			}
		}
		if found {
			bad++
		}
	}
	rate := float64(bad) / float64(len(stories))
	t.Logf("%d of %d stories (%.2f%%) have a headline fragment as an actor", bad, len(stories), 100*rate)
	t.Logf("headline actor mentions %d, of them fragments %d, others %d", mentions, fragments, mentions-fragments)
	words := make([]string, 0, len(byWord))
	for w := range byWord {
		words = append(words, w)
	}
	slices.SortFunc(words, func(a, b string) int { return cmp.Or(cmp.Compare(byWord[b], byWord[a]), cmp.Compare(a, b)) })
	for _, w := range words[:min(len(words), 25)] {
		t.Logf("%5d %-12s e.g. %s", byWord[w], w, examples[w])
	}
	return rate
}

// reutersTitles returns the titles of Reuters-21578, in capitals, and the
// text of its bodies, in running case.
func reutersTitles(t *testing.T) (titles, bodies []string) {
	t.Helper()
	dir := corpus.Dir(t, "reuters21578")
	title := regexp.MustCompile(`(?s)<TITLE>(.*?)</TITLE>`)
	body := regexp.MustCompile(`(?s)<BODY>(.*?)</BODY>`)
	for i := range 22 {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("reut2-%03d.sgm", i)))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range title.FindAllSubmatch(b, -1) {
			titles = append(titles, strings.TrimSpace(html.UnescapeString(string(m[1]))))
		}
		for _, m := range body.FindAllSubmatch(b, -1) {
			bodies = append(bodies, html.UnescapeString(string(m[1])))
		}
	}
	return titles, bodies
}

// TestHeadlineFragments measures how often the actors of a Title Case
// headline are pieces of the headline rather than names ("Years For
// Defrauding Stormy Daniels", "Japan Earthquake Kills", "How"): the
// share of stories with an actor mention in the headline holding a word
// that News Category's own descriptions write in lower case
// (commonWords). Stories are News Category records (headline, blank
// line, short description) and, headlines alone, the fwd_news_headlines
// set; and, in capitals, the titles of Reuters-21578, whose common words
// come from its bodies and where words of up to 4 letters or with a dot
// are acronyms. Run with -v for the rates and the most frequent fragments:
//
//	go test ./index/extract -run TestHeadlineFragments -v
func TestHeadlineFragments(t *testing.T) {
	stories := readNewsCategory(t)
	var descs []string
	for _, s := range stories {
		descs = append(descs, s.Description)
	}
	common := commonWords(descs)
	e := newExtractor(t)
	t.Run("News Category", func(t *testing.T) {
		if rate, want := fragmentRate(t, e, stories, common, false), 0.025; rate > want {
			t.Errorf("headline fragment rate = %.4f, want <= %.3f", rate, want)
		}
	})
	t.Run("headlines alone", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(corpus.Dir(t, "fwd_news_headlines"), "headlines.2022-07-11.json"))
		if err != nil {
			t.Fatal(err)
		}
		var items []struct{ Title string }
		if err := json.Unmarshal(b, &items); err != nil {
			t.Fatal(err)
		}
		var heads []newsCategoryStory
		for _, it := range items {
			heads = append(heads, newsCategoryStory{Headline: strings.TrimSpace(it.Title)})
		}
		if rate, want := fragmentRate(t, e, heads, common, false), 0.08; rate > want {
			t.Errorf("headline fragment rate = %.4f, want <= %.3f", rate, want)
		}
	})
	t.Run("titles in capitals", func(t *testing.T) {
		titles, bodies := reutersTitles(t)
		var heads []newsCategoryStory
		for _, h := range titles {
			heads = append(heads, newsCategoryStory{Headline: h})
		}
		if rate, want := fragmentRate(t, e, heads, commonWords(bodies), true), 0.025; rate > want {
			t.Errorf("headline fragment rate = %.4f, want <= %.3f", rate, want)
		}
	})
}

func TestTitleCaseHeadlines(t *testing.T) {
	e := newExtractor(t)
	tests := []struct {
		name, text string
		want       []string // name/kind=surface,surface
	}{
		{"verbs and nouns of a headline", "Michael Avenatti Gets 4 Years For Defrauding Stormy Daniels\n\nThe lawyer stole from Stormy Daniels, a court heard.",
			[]string{"Stormy Daniels/person=Stormy Daniels,Stormy Daniels", "Michael Avenatti/person=Michael Avenatti"}},
		{"everyday words after a place", "Japan Earthquake Kills 5 In Tokyo Suburb",
			[]string{"Japan/place=Japan", "Tokyo/place=Tokyo"}},
		{"question word", "How Taylor Swift Shot A Secret Video During A Pandemic",
			[]string{"Taylor Swift/person=Taylor Swift"}},
		{"a listed surname alone", "Sanders Endorses Biden", []string{"Bernie Sanders/person=Sanders", "Joe Biden/person=Biden"}},
		{"a given name before a name", "Will Smith Apologizes To Chris Rock", []string{"Will Smith/person=Will Smith", "Chris Rock/person=Chris Rock"}},
		{"a lexicon name keeps its capitals", "Joe Biden Says White House Will Host Summit",
			[]string{"Joe Biden/person=Joe Biden", "White House/organization=White House"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, a := range e.Actors(tt.text) {
				var ss []string
				for _, m := range a.Mentions {
					ss = append(ss, tt.text[m.Start:m.End])
				}
				got = append(got, a.Name+"/"+a.Kind+"="+strings.Join(ss, ","))
			}
			if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
				t.Errorf("Actors(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTruecase(t *testing.T) {
	e := newExtractor(t)
	tests := []struct{ name, text, want string }{
		{"headline", "Japan Earthquake Kills 5 In Tokyo Suburb", "Japan earthquake kills 5 in Tokyo suburb"},
		{"the story's text names a word", "Stormy Daniels Wins Case\n\nA court sided with Stormy Daniels.",
			"Stormy Daniels wins case\n\nA court sided with Stormy Daniels."},
		{"lexicon name and given name", "Will Smith Says White House Called", "Will Smith says White House called"},
		{"an institution's name", "University Of Texas Study Finds Bias", "University of Texas study finds bias"},
		{"an institution's name with of", "La. Department of Wildlife and Fisheries Warns Hunters", "La. Department of Wildlife and Fisheries warns hunters"},
		{"a headline before a bar", "Billionaire Buys Newspaper For $1 Billion | He said the paper would stay local.",
			"Billionaire buys newspaper for $1 billion | He said the paper would stay local."},
		{"curly contraction", "Judge Won’t Block Georgia Ban", "Judge won’t block Georgia ban"},
		{"a name alone", "Louisiana Alligator Advisory Council", "Louisiana Alligator Advisory Council"},
		{"a results row", "2. Michael Green ( Jamaica ) 10.09", "2. Michael Green ( Jamaica ) 10.09"},
		{"sentence case", "Texas grid operator warns of rolling blackouts on Monday", "Texas grid operator warns of rolling blackouts on Monday"},
		{"capitals", "SOCCER - JAPAN BEAT SYRIA", "SOCCER - JAPAN BEAT SYRIA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := e.truecase(tt.text); got != tt.want {
				t.Errorf("truecase(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}
