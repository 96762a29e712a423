package topicmodel

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Doc is one labelled article: the text exactly as topic-eval sends it,
// the slugs its label accepts (training spreads the target evenly over
// them), and where it came from, so a held-out fold can be written back in
// its own layout.
type Doc struct {
	Source string // "bbc", "huffpost" or "reuters"
	Label  string // the corpus's own category
	Gold   []string
	Text   string
	Raw    []byte // the file, or the JSON line
	Name   string // BBC file name, Reuters NEWID
}

// BBCLabels maps BBC folders to slugs, as /work/shared/tools/topic-eval does.
func BBCLabels() map[string][]string {
	return map[string][]string{
		"business":      {"economy"},
		"entertainment": {"arts"},
		"politics":      {"politics"},
		"sport":         {"sport"},
		"tech":          {"science"},
	}
}

// NewsCategoryLabels maps News Category (HuffPost) sections to slugs, as
// topic-eval does. U.S. NEWS, WORLD NEWS and IMPACT map to nothing: they
// say where a story happened or why it was run, not what it is about, so
// they are neither trained on nor scored.
func NewsCategoryLabels() map[string][]string {
	return map[string][]string{
		"POLITICS": {"politics"}, "ENTERTAINMENT": {"arts"}, "COMEDY": {"arts"},
		"SPORTS": {"sport"}, "CRIME": {"crime"}, "STYLE & BEAUTY": {"lifestyle"},
		"MEDIA": {"arts"}, "WEIRD NEWS": {"human-interest"}, "HOME & LIVING": {"lifestyle"},
		"ENVIRONMENT": {"environment"}, "GREEN": {"environment"}, "WELLNESS": {"health"},
		"HEALTHY LIVING": {"health"}, "FOOD & DRINK": {"lifestyle"}, "TASTE": {"lifestyle"},
		"BUSINESS": {"economy"}, "MONEY": {"economy"}, "CULTURE & ARTS": {"arts"},
		"ARTS & CULTURE": {"arts"}, "ARTS": {"arts"}, "TECH": {"science"},
		"SCIENCE": {"science"}, "RELIGION": {"religion"}, "TRAVEL": {"lifestyle"},
		"EDUCATION": {"education"}, "COLLEGE": {"education"}, "PARENTING": {"society"},
		"PARENTS": {"society"}, "WOMEN": {"society"}, "QUEER VOICES": {"society"},
		"BLACK VOICES": {"society"}, "LATINO VOICES": {"society"},
		"WEDDINGS": {"lifestyle"}, "DIVORCE": {"society"},
	}
}

// ReadBBC reads a folder laid out CATEGORY/NNN.txt, in name order.
func ReadBBC(dir string) ([]Doc, error) {
	var docs []Doc
	labels := BBCLabels()
	cats := make([]string, 0, len(labels))
	for c := range labels {
		cats = append(cats, c)
	}
	slices.Sort(cats)
	for _, cat := range cats {
		paths, err := filepath.Glob(filepath.Join(dir, cat, "*.txt"))
		if err != nil {
			return nil, err
		}
		slices.Sort(paths)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			docs = append(docs, Doc{Source: "bbc", Label: cat, Gold: labels[cat],
				Text: strings.ToValidUTF8(string(b), "\uFFFD"), Raw: b, Name: filepath.Base(p)})
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: no BBC articles", dir)
	}
	return docs, nil
}

// ReadNewsCategory reads a News Category JSON Lines file, keeping the
// records whose section maps to a slug.
func ReadNewsCategory(path string) ([]Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var docs []Doc
	labels := NewsCategoryLabels()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		var rec struct {
			Headline, Category string
			ShortDescription   string `json:"short_description"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		gold := labels[rec.Category]
		if gold == nil {
			continue
		}
		text := strings.TrimSpace(rec.Headline) + "\n\n" + strings.TrimSpace(rec.ShortDescription)
		docs = append(docs, Doc{Source: "huffpost", Label: rec.Category, Gold: gold, Text: text, Raw: slices.Clone(line)})
	}
	return docs, sc.Err()
}

// Folds assigns each text a fold in [0, k), the same for the same texts
// and seed: a seeded shuffle of the distinct texts dealt round-robin, so
// folds of distinct texts differ in size by at most one. Copies of a text
// share its fold; the BBC set holds 100 stories twice, and a copy on each
// side of a split would score the model on what it trained on.
func Folds(texts []string, k int, seed uint64) []int {
	group := make([]int, len(texts))
	first := map[string]int{}
	for i, t := range texts {
		key := strings.ToLower(strings.Join(strings.Fields(t), " "))
		g, ok := first[key]
		if !ok {
			g = len(first)
			first[key] = g
		}
		group[i] = g
	}
	perm := rand.New(rand.NewPCG(seed, 1)).Perm(len(first))
	groupFold := make([]int, len(first))
	for i, g := range perm {
		groupFold[g] = i % k
	}
	fold := make([]int, len(texts))
	for i, g := range group {
		fold[i] = groupFold[g]
	}
	return fold
}

// Leads returns, for each BBC article, a short copy of it: the title and
// the first paragraph, the shape of a headline with a standfirst. Trained
// on alongside the full articles, they teach the model to read short texts
// with what the long ones know about topics News Category has few of
// (sport, science, economy).
func Leads(docs []Doc) []Doc {
	var out []Doc
	for _, d := range docs {
		if d.Source != "bbc" {
			continue
		}
		title, rest, _ := strings.Cut(strings.TrimSpace(d.Text), "\n")
		rest = strings.TrimSpace(rest)
		para, _, _ := strings.Cut(rest, "\n\n")
		l := d
		l.Text = strings.TrimSpace(title) + "\n\n" + strings.TrimSpace(para)
		l.Raw = nil
		out = append(out, l)
	}
	return out
}

// ReutersLabels maps Reuters-21578 TOPICS codes to slugs. Every code names
// a kind of economic or market news (earnings, acquisitions, currencies,
// commodities, economic indicators), so every labelled story is economy.
// JOBS is the unemployment indicator, which IPTC files under labour
// (employment, unemployment) as well; no other code speaks of work, wages
// or unions.
func ReutersLabels(codes []string) []string {
	if len(codes) == 0 {
		return nil
	}
	if slices.Contains(codes, "jobs") {
		return []string{"economy", "labour"}
	}
	return []string{"economy"}
}

// ReadReuters reads the Reuters-21578 SGML files in dir, keeping the
// stories of Lewis's training split (LEWISSPLIT="TRAIN") that carry
// TOPICS codes. The test split is never read: it is the benchmark's
// held-out half. Stories without TITLE/BODY markup (TYPE="UNPROC") are
// skipped. The text is the title, a blank line and the body, without the
// dateline (a place and a date say nothing of the subject) and without
// the "Reuter" sign-off.
func ReadReuters(dir string) ([]Doc, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "reut2-*.sgm"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var docs []Doc
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		// The files are ASCII but for one stray byte; Latin-1 keeps it a
		// letter rather than an invalid sequence.
		s := latin1(b)
		for {
			start := strings.Index(s, "<REUTERS ")
			if start < 0 {
				break
			}
			end := strings.Index(s[start:], "</REUTERS>")
			if end < 0 {
				return nil, fmt.Errorf("%s: unterminated story", p)
			}
			story := s[start : start+end]
			s = s[start+end:]
			head, _, _ := strings.Cut(story, ">")
			if !strings.Contains(head, `LEWISSPLIT="TRAIN"`) || !strings.Contains(head, `TOPICS="YES"`) {
				continue
			}
			codes := sgmlList(between(story, "<TOPICS>", "</TOPICS>"))
			gold := ReutersLabels(codes)
			if gold == nil {
				continue
			}
			title := strings.Join(strings.Fields(unescapeSGML(between(story, "<TITLE>", "</TITLE>"))), " ")
			body := unescapeSGML(between(story, "<BODY>", "</BODY>"))
			if title == "" && body == "" {
				continue
			}
			body = strings.TrimSpace(body)
			body = strings.TrimSpace(strings.TrimSuffix(body, "Reuter"))
			text := title
			if body != "" {
				text += "\n\n" + body
			}
			id := between(head+">", `NEWID="`, `"`)
			docs = append(docs, Doc{Source: "reuters", Label: strings.Join(codes, ","), Gold: gold,
				Text: text, Name: id})
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: no Reuters stories", dir)
	}
	return docs, nil
}

func latin1(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// between returns the text after the first open and before the next close,
// or "" if either is missing.
func between(s, open, close string) string {
	_, rest, ok := strings.Cut(s, open)
	if !ok {
		return ""
	}
	in, _, ok := strings.Cut(rest, close)
	if !ok {
		return ""
	}
	return in
}

// sgmlList returns the <D>…</D> items of a Reuters list field.
func sgmlList(s string) []string {
	var out []string
	for {
		d := between(s, "<D>", "</D>")
		if d == "" {
			return out
		}
		out = append(out, d)
		_, s, _ = strings.Cut(s, "</D>")
	}
}

// unescapeSGML replaces the entities Reuters-21578 uses: &lt; &gt; &amp;
// and numeric control characters, which become spaces.
func unescapeSGML(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var sb strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			sb.WriteString(s)
			return sb.String()
		}
		sb.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexByte(s, ';')
		if j < 0 || j > 8 {
			sb.WriteByte('&')
			s = s[1:]
			continue
		}
		switch ent := s[1:j]; {
		case ent == "lt":
			sb.WriteByte('<')
		case ent == "gt":
			sb.WriteByte('>')
		case ent == "amp":
			sb.WriteByte('&')
		case strings.HasPrefix(ent, "#"):
			sb.WriteByte(' ')
		default:
			sb.WriteString(s[:j+1])
		}
		s = s[j+1:]
	}
}
