package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/index"
)

// The span articles are dated in: 30 years, end exclusive.
var (
	spanStart = time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)
	spanEnd   = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
)

// zipfS is the exponent of the actors' Zipf distribution, about that of
// who is named in real news.
const zipfS = 1.1

// topicWeights skew topics the way a general news archive is skewed:
// mostly economy and politics, then sport and the arts. The order is
// fixed, so draws do not depend on map order.
var topicWeights = []struct {
	slug   string
	weight float64
}{
	{"economy", 22}, {"politics", 20}, {"sport", 12}, {"arts", 9},
	{"crime", 6}, {"conflict", 6}, {"health", 5}, {"science", 5},
	{"society", 3}, {"environment", 2.5}, {"disaster", 2}, {"lifestyle", 2},
	{"education", 1.5}, {"labour", 1.5}, {"human-interest", 1}, {"weather", 1}, {"religion", 0.5},
}

// sources are the outlets articles are credited to.
var sources = []string{
	"Reuters", "Associated Press", "BBC News", "Agence France-Presse", "HuffPost",
	"The Guardian", "Financial Times", "Al Jazeera", "Bloomberg", "The Times of India",
}

// Generator makes articles from Pools. Article n depends only on the seed
// and n, never on the articles before it, so output is byte for byte the
// same on every run and could be made in any order or in parallel.
type Generator struct {
	p        *Pools
	seed     uint64
	actorCDF []float64 // cumulative Zipf weights over p.actors
	topicCDF []float64
	slugs    []string // source names as URL path segments
}

// NewGenerator prepares a generator over p for seed.
func NewGenerator(p *Pools, seed uint64) *Generator {
	g := &Generator{p: p, seed: seed}
	g.actorCDF = cdf(len(p.actors), func(i int) float64 { return math.Pow(float64(i+1), -zipfS) })
	g.topicCDF = cdf(len(topicWeights), func(i int) float64 { return topicWeights[i].weight })
	for _, s := range sources {
		g.slugs = append(g.slugs, slug(s, 4))
	}
	return g
}

// cdf returns the normalized running sums of n weights.
func cdf(n int, weight func(int) float64) []float64 {
	out := make([]float64, n)
	sum := 0.0
	for i := range out {
		sum += weight(i)
		out[i] = sum
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

// draw picks an index from a CDF.
func draw(r *rand.Rand, c []float64) int {
	i, _ := slices.BinarySearch(c, r.Float64())
	return min(i, len(c)-1)
}

// Article makes article n (counting from 0).
func (g *Generator) Article(n int) index.Article {
	r := rand.New(rand.NewPCG(g.seed, uint64(n)))
	p := g.p
	a := index.Article{
		ID:       "gen-" + strconv.FormatUint(g.seed, 10) + "-" + strconv.Itoa(n),
		Title:    g.title(r),
		Language: "en",
	}
	a.Published = g.date(r)
	src := r.IntN(len(sources))
	a.Source = sources[src]
	a.URL = "https://example.com/" + g.slugs[src] + "/" + a.Published.Format("2006/01/02") + "/" + slug(a.Title, 8) + "-" + strconv.Itoa(n)
	if r.IntN(2) == 0 {
		a.Dateline = p.datelines[r.IntN(len(p.datelines))]
	}
	if k := r.IntN(4); k > 0 && k < 3 {
		for range k {
			if au := p.authors[r.IntN(len(p.authors))]; !slices.Contains(a.Authors, au) {
				a.Authors = append(a.Authors, au)
			}
		}
	}
	a.Body = g.body(r)
	a.Actors = g.actors(r)
	a.Topics = g.topics(r)
	return a
}

// title takes a real title: from Reuters (whose titles are in capitals,
// so most are title-cased as other outlets write them), BBC or HuffPost.
func (g *Generator) title(r *rand.Rand) string {
	switch x := r.IntN(100); {
	case x < 40:
		t := g.p.titles[titleReuters][r.IntN(len(g.p.titles[titleReuters]))]
		if r.IntN(10) < 7 {
			t = titleCase(t)
		}
		return t
	case x < 65:
		return g.p.titles[titleBBC][r.IntN(len(g.p.titles[titleBBC]))]
	default:
		return g.p.titles[titleHuffPost][r.IntN(len(g.p.titles[titleHuffPost]))]
	}
}

// date spreads articles over the span with a density that rises linearly
// to three times its start, as archives hold more recent news.
func (g *Generator) date(r *rand.Rand) time.Time {
	// Inverse of the CDF (x + x²)/2 of the density (1 + 2x)/2 on [0, 1).
	x := (math.Sqrt(1+8*r.Float64()) - 1) / 2
	secs := int64(x * spanEnd.Sub(spanStart).Seconds())
	return spanStart.Add(time.Duration(secs) * time.Second)
}

// How a body is put together from real stories. Real news names a
// handful of actors, the same ones throughout, so a body is one story
// whole, sometimes followed by a run of paragraphs from one or two others,
// as a roundup or a backgrounder adds them; drawing every sentence from
// another story would name many times the actors real articles do. The
// figures were tuned until the extractor finds as many actors per
// generated article as in BBC's stories (see TestActorSpread).
const (
	// bbcMain is the share of bodies whose main story is BBC's, not
	// Reuters': Reuters' are mostly short and name few actors.
	bbcMain = 0.65
	// extraRuns[k] is the weight of bodies with k runs after the main
	// story.
	extraRun0, extraRun1, extraRun2 = 5, 3, 2
	// maxRun is the most paragraphs of a run from another story.
	maxRun = 4
)

// body builds the paragraphs of one main story, in order, then of zero
// to two runs of consecutive paragraphs from other stories, with section
// headings in about a quarter of the articles of eight paragraphs or more.
func (g *Generator) body(r *rand.Rand) string {
	p := g.p
	var main int
	if r.Float64() < bbcMain {
		main = p.bbcStories[r.IntN(len(p.bbcStories))]
	} else {
		main = r.IntN(len(p.stories))
	}
	paras := p.stories[main].paragraphs
	runs := 0
	switch x := r.IntN(extraRun0 + extraRun1 + extraRun2); {
	case x >= extraRun0+extraRun1:
		runs = 2
	case x >= extraRun0:
		runs = 1
	}
	if runs > 0 {
		paras = slices.Clone(paras)
	}
	for range runs {
		other := p.stories[r.IntN(len(p.stories))].paragraphs
		k := 1 + r.IntN(min(len(other), maxRun))
		from := r.IntN(len(other) - k + 1)
		paras = append(paras, other[from:from+k]...)
	}

	n := len(paras)
	headings := n >= 8 && r.IntN(4) == 0
	var sb strings.Builder
	sb.Grow(n * 300)
	sinceHeading := 0
	for i, para := range paras {
		if i > 0 {
			sb.WriteString("\n\n")
		}
		if headings && i >= 2 && sinceHeading >= 3 && r.IntN(3) == 0 && i < n-1 {
			sb.WriteString(index.HeadingPrefix)
			sb.WriteString(p.headings[r.IntN(len(p.headings))])
			sb.WriteString("\n\n")
			sinceHeading = 0
		}
		sinceHeading++
		sb.WriteString(para)
	}
	return sb.String()
}

// actors draws 1 to 8 distinct actors by Zipf rank, 1 to 3 in three
// articles of four.
func (g *Generator) actors(r *rand.Rand) []index.Actor {
	k := 1 + min(7, int(math.Abs(r.NormFloat64()*2.5)))
	out := make([]index.Actor, 0, k)
	for tries := 0; len(out) < k && tries < 4*k; tries++ {
		a := g.p.actors[draw(r, g.actorCDF)]
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// topics draws 1 to 3 distinct topics: one in half the articles, two in a
// third, three in the rest.
func (g *Generator) topics(r *rand.Rand) []string {
	k := 1
	switch x := r.IntN(6); {
	case x >= 5:
		k = 3
	case x >= 3:
		k = 2
	}
	out := make([]string, 0, k)
	for len(out) < k {
		if t := topicWeights[draw(r, g.topicCDF)].slug; !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// articlesOf returns the generator's articles 0 to n-1.
func articlesOf(g *Generator, n int) []index.Article {
	out := make([]index.Article, n)
	for i := range out {
		out[i] = g.Article(i)
	}
	return out
}

// WriteJSONL writes articles 0 to n-1 to w, one JSON object a line, and
// returns the bytes written. Only one article is held at a time.
func (g *Generator) WriteJSONL(ctx context.Context, w io.Writer, n int) (int64, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // article text is text, not HTML to embed
	var total int64
	for i := range n {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return total, err
			}
		}
		buf.Reset()
		if err := enc.Encode(g.Article(i)); err != nil {
			return total, err
		}
		m, err := w.Write(buf.Bytes())
		total += int64(m)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// smallWords stay in lower case inside a title-cased title.
var smallWords = map[string]bool{
	"a": true, "an": true, "and": true, "as": true, "at": true, "by": true, "for": true, "from": true,
	"in": true, "of": true, "on": true, "or": true, "the": true, "to": true, "vs": true, "with": true,
}

// acronyms are words of Reuters headlines that stay in capitals though
// they have vowels.
var acronyms = map[string]bool{
	"OPEC": true, "GATT": true, "IMF": true, "EC": true, "UK": true, "USSR": true, "NYSE": true,
	"AMEX": true, "NASDAQ": true, "USDA": true, "CCC": true, "EEC": true, "OECD": true, "IBM": true,
	"UAE": true, "ASEAN": true, "NATO": true, "UN": true, "USA": true, "CIA": true, "EPA": true,
	"SEC": true, "FDA": true, "ICO": true, "API": true, "ECU": true, "AT&T": true, "GM": true,
}

// titleCase turns a Reuters headline in capitals ("OPEC SEES OIL PRICE
// RISE") into title case ("OPEC Sees Oil Price Rise"), leaving words that
// are likely acronyms (no vowel, or dotted like U.S.) in capitals.
func titleCase(t string) string {
	words := strings.Fields(t)
	for i, w := range words {
		lw := strings.ToLower(w)
		switch {
		case i > 0 && smallWords[lw]:
			words[i] = lw
		case acronyms[w] || strings.Contains(w, ".") || !strings.ContainsAny(lw, "aeiouy"):
			// An acronym: keep it.
		default:
			r, size := utf8.DecodeRuneInString(lw)
			words[i] = string(unicode.ToUpper(r)) + lw[size:]
		}
	}
	return strings.Join(words, " ")
}

// slug makes a URL path segment of up to maxWords words of s.
func slug(s string, maxWords int) string {
	var sb strings.Builder
	words := 0
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && sb.Len() > 0 {
				if words++; words >= maxWords {
					break
				}
				sb.WriteByte('-')
			}
			dash = false
			sb.WriteRune(r)
		} else {
			dash = true
		}
	}
	if sb.Len() == 0 {
		return "story"
	}
	return sb.String()
}
