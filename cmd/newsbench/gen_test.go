package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

// corporaDir returns ../shared/corpora beside the repository root. Like
// the main module's internal/corpus.Dir, which this module cannot import,
// it skips when the corpora are missing and fails under CI=true, where a
// skip would hide that the real-data tests never ran.
func corporaDir(t testing.TB) string {
	t.Helper()
	dir, err := findCorpora()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return dir
}

// loadOnce keeps the pools between tests: building them reads 36 MB of
// corpora, and they are never written after.
var loadOnce = sync.OnceValues(func() (*Pools, error) {
	dir, err := findCorpora()
	if err != nil {
		return nil, err
	}
	return LoadPools(context.Background(), dir)
})

func testPools(t *testing.T) *Pools {
	t.Helper()
	corporaDir(t)
	p, err := loadOnce()
	if err != nil {
		t.Fatalf("LoadPools: %v", err)
	}
	return p
}

// generate writes n articles of seed through the command itself, pools
// loaded afresh, so that determinism covers reading the corpora too.
func generate(t *testing.T, n, seed string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "a.jsonl")
	var stderr bytes.Buffer
	args := []string{"gen", "--articles", n, "--seed", seed, "--corpora", corporaDir(t), "--out", out}
	if err := run(context.Background(), args, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatalf("run(%q) error = %v; stderr:\n%s", args, err, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDeterminism(t *testing.T) {
	first := generate(t, "200", "1")
	if got := bytes.Count(first, []byte("\n")); got != 200 {
		t.Fatalf("lines = %d, want 200", got)
	}
	tests := []struct {
		name, seed string
		wantSame   bool
	}{
		{"same seed, same bytes", "1", true},
		{"other seed, other bytes", "2", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := generate(t, "200", tt.seed)
			if same := bytes.Equal(got, first); same != tt.wantSame {
				t.Errorf("output equal to seed 1's = %v, want %v", same, tt.wantSame)
			}
		})
	}
}

// articles generates n articles of seed 1 in memory and decodes them back,
// refusing fields that are not in the article schema.
func articles(t *testing.T, n int) []index.Article {
	t.Helper()
	var buf bytes.Buffer
	if _, err := NewGenerator(testPools(t), 1).WriteJSONL(context.Background(), &buf, n); err != nil {
		t.Fatal(err)
	}
	var out []index.Article
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		var a index.Article
		if err := dec.Decode(&a); err != nil {
			t.Fatalf("line %d: %v", len(out)+1, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) != n {
		t.Fatalf("decoded %d articles, want %d", len(out), n)
	}
	return out
}

func TestSchema(t *testing.T) {
	valid := map[string]bool{}
	for _, tw := range topicWeights {
		valid[tw.slug] = true
	}
	ids := map[string]bool{}
	for i, a := range articles(t, 1000) {
		t.Run(a.ID, func(t *testing.T) {
			if want := "gen-1-" + strconv.Itoa(i); a.ID != want {
				t.Errorf("id = %q, want %q", a.ID, want)
			}
			if ids[a.ID] {
				t.Errorf("id %q repeated", a.ID)
			}
			ids[a.ID] = true
			if a.Title == "" || a.Body == "" {
				t.Errorf("title %q, body of %d bytes: want both", a.Title, len(a.Body))
			}
			if n := len(a.Actors); n < 1 || n > 8 {
				t.Errorf("%d actors, want 1 to 8", n)
			}
			for j, ac := range a.Actors {
				if !ac.Kind.Valid() || ac.Name == "" {
					t.Errorf("actor %+v: want a name and a valid kind", ac)
				}
				if slices.Contains(a.Actors[:j], ac) {
					t.Errorf("actor %+v repeated", ac)
				}
			}
			if n := len(a.Topics); n < 1 || n > 3 {
				t.Errorf("%d topics, want 1 to 3", n)
			}
			for j, tp := range a.Topics {
				if !valid[tp] || slices.Contains(a.Topics[:j], tp) {
					t.Errorf("topics %q: %q unknown or repeated", a.Topics, tp)
				}
			}
			if a.Published.Before(spanStart) || !a.Published.Before(spanEnd) {
				t.Errorf("published %v, want in [%v, %v)", a.Published, spanStart, spanEnd)
			}
			if !strings.HasPrefix(a.URL, "https://example.com/") || a.Source == "" {
				t.Errorf("url %q, source %q", a.URL, a.Source)
			}
			for _, b := range a.Blocks() {
				if strings.TrimSpace(b.Text) == "" {
					t.Errorf("empty block in body")
				}
			}
		})
	}
}

func TestSizes(t *testing.T) {
	as := articles(t, 1000)
	words := make([]int, len(as))
	headed := 0
	for i, a := range as {
		words[i] = len(strings.Fields(a.Body))
		if strings.Contains(a.Body, "\n\n"+index.HeadingPrefix) {
			headed++
		}
	}
	slices.Sort(words)
	median, p5, p95 := words[len(words)/2], words[len(words)/20], words[len(words)*19/20]
	t.Logf("words: 5%% %d, median %d, 95%% %d; %d articles with headings", p5, median, p95, headed)
	tests := []struct {
		name     string
		got      int
		min, max int
	}{
		// As long as the real stories they are made of: BBC's have
		// 157 words at the 5th percentile, 326 at the median and 724
		// at the 95th; Reuters' are shorter.
		{"median words", median, 150, 800},
		{"5th percentile words", p5, 30, 200},
		{"95th percentile words", p95, 400, 2500},
		{"articles with section headings", headed, 20, 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got < tt.min || tt.got > tt.max {
				t.Errorf("%s = %d, want %d to %d", tt.name, tt.got, tt.min, tt.max)
			}
		})
	}
}

func TestZipfSkew(t *testing.T) {
	counts := map[index.Actor]int{}
	for _, a := range articles(t, 1000) {
		for _, ac := range a.Actors {
			counts[ac]++
		}
	}
	var freq []int
	for _, c := range counts {
		freq = append(freq, c)
	}
	slices.Sort(freq)
	slices.Reverse(freq)
	if len(freq) < 50 {
		t.Fatalf("%d distinct actors in 1,000 articles, want at least 50", len(freq))
	}
	// With s = 1.1 rank 1 is drawn 50^1.1 ≈ 74 times as often as rank 50;
	// distinctness within an article flattens that a little.
	t.Logf("%d distinct actors; the most common %d times, the 50th %d", len(freq), freq[0], freq[49])
	if got := float64(freq[0]) / float64(freq[49]); got < 20 {
		t.Errorf("most common actor / 50th = %d / %d = %.1f, want at least 20", freq[0], freq[49], got)
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Prices rose. Traders said so.", []string{"Prices rose.", "Traders said so."}},
		{"Mr. Smith met the U.S. envoy. He left.", []string{"Mr. Smith met the U.S. envoy.", "He left."}},
		{`"It is over," he said. "We won!" She cried.`, []string{`"It is over," he said.`, `"We won!"`, "She cried."}},
		{"Output was 1.5 mln tonnes. In 1986 it fell.", []string{"Output was 1.5 mln tonnes.", "In 1986 it fell."}},
		{"John F. Kennedy spoke. then nothing", []string{"John F. Kennedy spoke. then nothing"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := splitSentences(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("splitSentences(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsProse(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"The central bank raised its key rate by half a point on Tuesday.", true},
		{"Shr 1.20 dlrs vs 1.10 dlrs Net 12.3 mln vs 11.1 mln.", false},
		{"OPEC SEES OIL PRICES RISING THIS YEAR, MINISTER SAYS.", false},
		{"Too short.", false},
		{"Norcros Plc <NCRO.L> said it would buy the company for cash.", false},
		{"the sentence starts in lower case and so is a fragment.", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := isProse(tt.in); got != tt.want {
				t.Errorf("isProse(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestTitleCaseAndSlug(t *testing.T) {
	tests := []struct {
		in, title, slug string
	}{
		{"OPEC SEES OIL PRICE RISE", "OPEC Sees Oil Price Rise", "opec-sees-oil-price-rise"},
		{"U.S. TO CUT TARIFFS ON JAPANESE CHIPS", "U.S. to Cut Tariffs on Japanese Chips", "u-s-to-cut-tariffs-on"},
		{"THE BANK OF ENGLAND", "The Bank of England", "the-bank-of-england"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := titleCase(tt.in); got != tt.title {
				t.Errorf("titleCase(%q) = %q, want %q", tt.in, got, tt.title)
			}
			if got := slug(tt.in, 6); got != tt.slug {
				t.Errorf("slug(%q, 6) = %q, want %q", tt.in, got, tt.slug)
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"no subcommand", nil},
		{"unknown subcommand", []string{"index"}},
		{"unknown flag", []string{"gen", "--nope"}},
		{"negative count", []string{"gen", "--articles", "-1"}},
		{"stray argument", []string{"gen", "extra"}},
		{"missing corpora", []string{"gen", "--corpora", "/nonexistent/corpora"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if err := run(context.Background(), tt.args, &out, &errOut); err == nil {
				t.Errorf("run(%q) = nil error, want one", tt.args)
			}
			if out.Len() != 0 {
				t.Errorf("run(%q) wrote %q to stdout, want nothing", tt.args, out.String())
			}
		})
	}
}

// BenchmarkWriteJSONL measures generation alone, the corpora loaded
// beforehand: go test -run '^$' -bench WriteJSONL.
func BenchmarkWriteJSONL(b *testing.B) {
	corporaDir(b)
	p, err := loadOnce()
	if err != nil {
		b.Fatal(err)
	}
	g := NewGenerator(p, 1)
	var written int64
	for b.Loop() {
		n, err := g.WriteJSONL(context.Background(), io.Discard, 1000)
		if err != nil {
			b.Fatal(err)
		}
		written += n
	}
	b.ReportMetric(float64(b.N)*1000/b.Elapsed().Seconds(), "articles/s")
	b.SetBytes(written / int64(b.N))
}
