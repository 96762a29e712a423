package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/internal/corpus"
)

// readAll reads every file under paths and returns the articles and the
// failed or skipped items.
func readAll(t testing.TB, paths ...string) (arts []Item, errs []Item) {
	t.Helper()
	files, ferrs := Files(paths)
	for _, err := range ferrs {
		if !errors.Is(err, ErrSkipped) {
			t.Errorf("Files(%v) error: %v", paths, err)
		}
	}
	for _, f := range files {
		err := ReadFile(context.Background(), f.Path, func(it Item) error {
			if it.Err != nil {
				errs = append(errs, it)
			} else {
				arts = append(arts, it)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("ReadFile(%s) = %v", f.Path, err)
		}
	}
	return arts, errs
}

func TestReutersCorpus(t *testing.T) {
	dir := corpus.Dir(t, "reuters21578")
	arts, errs := readAll(t, dir)

	var stories, withBody, empty int
	for _, it := range arts {
		if strings.HasPrefix(it.Article.ID, "reuters-") {
			stories++
			if it.Article.Body != "" {
				withBody++
			}
		}
	}
	var skippedFiles []string
	for _, it := range errs {
		switch {
		case !errors.Is(it.Err, ErrSkipped):
			t.Errorf("%s: %v", it.Where, it.Err)
		case strings.HasSuffix(it.Err.Error(), "has no text"):
			empty++
		default:
			skippedFiles = append(skippedFiles, filepath.Base(it.Where))
		}
	}
	// Story 12793 is empty: it is reported, not imported.
	if stories+empty != 21578 || empty != 1 {
		t.Errorf("stories read = %d, empty = %d; want 21577 and 1", stories, empty)
	}
	// 19,043 stories have a <BODY>; most of the 737 unprocessed ones carry
	// their text unmarked, and it becomes their body.
	if withBody < 19043 || withBody > 19043+737 {
		t.Errorf("stories with a body = %d, want 19043 to %d", withBody, 19043+737)
	}
	if len(arts) != stories {
		t.Errorf("articles = %d, want only the %d stories (non-story files must be skipped)", len(arts), stories)
	}
	// Every .txt file of the collection is documentation or a code list;
	// README.txt and lewis.dtd are left out by name and never read.
	wantSkipped := []string{
		"all-exchanges-strings.lc.txt", "all-orgs-strings.lc.txt", "all-people-strings.lc.txt",
		"all-places-strings.lc.txt", "all-topics-strings.lc.txt", "cat-descriptions_120396.txt",
		"feldman-cia-worldfactbook-data.txt",
	}
	if !slices.Equal(skippedFiles, wantSkipped) {
		t.Errorf("skipped files = %q, want %q", skippedFiles, wantSkipped)
	}
	t.Logf("%d stories, %d with a body", stories, withBody)

	first := arts[0].Article
	want := index.Article{
		ID:        "reuters-1",
		Title:     "BAHIA COCOA REVIEW",
		Published: time.Date(1987, 2, 26, 15, 1, 1, 790_000_000, time.UTC),
		Source:    "Reuters",
		Dateline:  "SALVADOR, Feb 26",
		Actors: []index.Actor{
			{Name: "El Salvador", Kind: index.Place},
			{Name: "United States", Kind: index.Place},
			{Name: "Uruguay", Kind: index.Place},
		},
		Topics: []string{"economy"},
	}
	if first.ID != want.ID || first.Title != want.Title || !first.Published.Equal(want.Published) ||
		first.Source != want.Source || first.Dateline != want.Dateline ||
		!slices.Equal(first.Actors, want.Actors) || !slices.Equal(first.Topics, want.Topics) {
		t.Errorf("first story = %+v\nwant %+v", withoutBody(first), want)
	}
	if !strings.HasPrefix(first.Body, "Showers continued throughout the week in the Bahia cocoa zone,") {
		t.Errorf("first body starts %q", first.Body[:min(80, len(first.Body))])
	}
	if n := len(first.Blocks()); n != 17 {
		t.Errorf("first story has %d paragraphs, want 17", n)
	}
	if strings.Contains(first.Body, "Reuter") {
		t.Errorf("first body keeps the Reuter signature: ...%q", first.Body[len(first.Body)-60:])
	}

	var undated, controls, signed int
	for _, it := range arts {
		a := it.Article
		if f := strings.Fields(strings.ToLower(a.Body)); len(f) > 0 && strings.TrimRight(f[len(f)-1], ".") == "reuter" {
			signed++
		}
		if a.Published.IsZero() {
			undated++
		}
		if strings.ContainsFunc(a.Title+a.Body, func(r rune) bool { return r < 0x20 && r != '\n' }) {
			controls++
		}
	}
	if undated != 0 {
		t.Errorf("stories without a date = %d, want 0", undated)
	}
	if controls != 0 {
		t.Errorf("stories with control characters = %d, want 0", controls)
	}
	if signed != 0 {
		t.Errorf("stories ending in the Reuter signature = %d, want 0", signed)
	}
}

func withoutBody(a index.Article) index.Article {
	a.Body = ""
	return a
}

func TestBBCCorpus(t *testing.T) {
	dir := corpus.Dir(t, "bbc")
	arts, errs := readAll(t, dir)
	if len(arts) != 2225 {
		t.Errorf("articles = %d, want 2225", len(arts))
	}
	for _, it := range errs {
		t.Errorf("%s: %v", it.Where, it.Err)
	}
	headings := 0
	for _, it := range arts {
		a := it.Article
		if a.Title == "" || a.Body == "" {
			t.Errorf("%s: title %q, body %d bytes; want both", it.Where, a.Title, len(a.Body))
		}
		for _, b := range a.Blocks() {
			if b.Heading {
				headings++
			}
		}
		if filepath.Base(filepath.Dir(it.Where)) == "sport" && filepath.Base(it.Where) == "199.txt" {
			if !strings.Contains(a.Body, "£15.8m") {
				t.Errorf("sport/199.txt body lacks £15.8m: the Latin-1 byte was not repaired")
			}
		}
	}
	t.Logf("%d headings in %d articles", headings, len(arts))
}

func TestSeed(t *testing.T) {
	root := filepath.Dir(corpus.Dir(t, "bbc")) // shared/corpora
	path := filepath.Join(filepath.Dir(root), "seeds", "000_232cedace41cd275.txt")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("seed article not found: %v", err)
	}
	arts, errs := readAll(t, path)
	if len(arts) != 1 || len(errs) != 0 {
		t.Fatalf("got %d articles and errors %v, want one article", len(arts), errs)
	}
	a := arts[0].Article
	var got []string
	paras := 0
	for _, b := range a.Blocks() {
		if b.Heading {
			got = append(got, b.Text)
		} else {
			paras++
		}
	}
	want := []string{"Strategic Military Coordination", "Alternative Response Measures", "Diplomatic Resolution Efforts", "Ongoing Regional Impact"}
	if !slices.Equal(got, want) {
		t.Errorf("headings = %q, want %q", got, want)
	}
	if paras != 14 {
		t.Errorf("paragraphs = %d, want 14", paras)
	}
	if !strings.HasPrefix(a.Title, "A complex diplomatic maneuver unfolds") {
		t.Errorf("title = %q", a.Title)
	}
	if a.ID != index.ContentID(a.Title, a.Body) {
		t.Errorf("ID = %q, want ContentID %q", a.ID, index.ContentID(a.Title, a.Body))
	}
}

func TestHuffPostCorpus(t *testing.T) {
	dir := corpus.Dir(t, "huffpost_v3_first10k")
	arts, errs := readAll(t, dir)
	if len(arts) != 10000 {
		t.Errorf("articles = %d, want 10000", len(arts))
	}
	for _, it := range errs {
		t.Errorf("%s: %v", it.Where, it.Err)
	}
	a := arts[0].Article
	if a.Title != "Over 4 Million Americans Roll Up Sleeves For Omicron-Targeted COVID Boosters" ||
		a.Source != "HuffPost" || !slices.Equal(a.Authors, []string{"Carla K. Johnson", "AP"}) ||
		!a.Published.Equal(time.Date(2022, 9, 23, 0, 0, 0, 0, time.UTC)) || a.ID != index.URLID(a.URL) || len(a.Topics) != 0 {
		t.Errorf("first record = %+v", a)
	}
	noAuthors := 0
	for _, it := range arts {
		if len(it.Article.Authors) == 0 {
			noAuthors++
		}
	}
	if noAuthors != 821 {
		t.Errorf("records without authors = %d, want 821", noAuthors)
	}
}

func TestHeadlinesCorpus(t *testing.T) {
	dir := corpus.Dir(t, "fwd_news_headlines")
	arts, errs := readAll(t, dir)
	if len(arts) != 10037 {
		t.Errorf("articles = %d, want 10037", len(arts))
	}
	for _, it := range errs {
		t.Errorf("%s: %v", it.Where, it.Err)
	}
	if len(arts) > 0 {
		a := arts[0].Article
		if !strings.HasPrefix(a.Title, "Leaked Uber Files") || a.Source != "techcrunch.com" || a.Published.Unix() != 1657513103 {
			t.Errorf("first record = %+v", a)
		}
	}
}

func BenchmarkReadReuters(b *testing.B) {
	dir := corpus.Dir(b, "reuters21578")
	files, _ := filepath.Glob(filepath.Join(dir, "reut2-*.sgm"))
	var size int64
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	b.SetBytes(size)
	n := 0
	for b.Loop() {
		n = 0
		for _, f := range files {
			err := ReadFile(context.Background(), f, func(it Item) error {
				if it.Err != nil && !errors.Is(it.Err, ErrSkipped) {
					return it.Err
				}
				n++
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	if n != 21578 {
		b.Fatalf("read %d stories, want 21578", n)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
