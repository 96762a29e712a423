package bleve

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

func TestSuggest(t *testing.T) {
	ix := openFixture(t)
	tests := []struct {
		prefix string
		want   []string // type:text, in order
	}{
		{"netan", []string{"actor:Benjamin Netanyahu", "title:Biden and Netanyahu <script>alert(1)</script> talk"}},
		{"Sau", []string{"actor:Saudi Arabia"}},
		{"joe bi", []string{"actor:Joe Biden"}},
		{"bahia coc", []string{"title:Bahia cocoa review"}},
		{"  ", nil},
		{"zzz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			got, err := ix.Suggest(context.Background(), tt.prefix, 5)
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, g := range got {
				s = append(s, g.Type+":"+g.Text)
			}
			if !slices.Equal(s, tt.want) {
				t.Errorf("Suggest(%q) = %q, want %q", tt.prefix, s, tt.want)
			}
		})
	}
}

// suggestTexts runs Suggest and returns its answers as type:text (count).
func suggestTexts(t *testing.T, ix *Index, prefix string, n int) []string {
	t.Helper()
	got, err := ix.Suggest(context.Background(), prefix, n)
	if err != nil {
		t.Fatalf("Suggest(%q): %v", prefix, err)
	}
	var s []string
	for _, g := range got {
		if g.Type == "actor" {
			s = append(s, fmt.Sprintf("actor:%s (%s, %d)", g.Text, g.Kind, g.Count))
		} else {
			s = append(s, fmt.Sprintf("title:%s [%s]", g.Text, g.ID))
		}
	}
	return s
}

// TestSuggestFromMemory checks that suggestions, once loaded, need no
// search, and that writes keep them current: the index's searches are
// closed, and Put and Delete, which write the shards directly, go on.
func TestSuggestFromMemory(t *testing.T) {
	ix, err := Open(t.TempDir(), WithShards(2))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	if _, err := ix.Put(ctx, fixture()); err != nil {
		t.Fatal(err)
	}
	check := func(prefix string, want ...string) {
		t.Helper()
		ix.sug.settle()
		if got := suggestTexts(t, ix, prefix, 5); !slices.Equal(got, want) {
			t.Errorf("Suggest(%q) =\n%q\nwant\n%q", prefix, got, want)
		}
	}
	biden := "title:Biden and Netanyahu <script>alert(1)</script> talk [talks]"
	check("netan", "actor:Benjamin Netanyahu (person, 1)", biden)

	if err := ix.bleve.Close(); err != nil { // every search fails from here on
		t.Fatal(err)
	}
	if _, err := ix.Search(ctx, index.Query{Text: "oil"}); err == nil {
		t.Fatal("a search ran on the closed index")
	}
	check("netan", "actor:Benjamin Netanyahu (person, 1)", biden)

	visit := index.Article{ID: "visit", Title: "Netanyahu visits Washington", Body: "Text.", Published: day("2025-01-05"),
		Actors: []index.Actor{{Name: "Benjamin Netanyahu", Kind: index.Person}, {Name: "Washington", Kind: index.Place}}}
	if _, err := ix.Put(ctx, []index.Article{visit}); err != nil {
		t.Fatal(err)
	}
	check("netan", "actor:Benjamin Netanyahu (person, 2)", "title:Netanyahu visits Washington [visit]", biden)
	check("wash", "actor:Washington (place, 1)", "title:Netanyahu visits Washington [visit]")

	// An update takes the article's old actors and title away.
	talks := fixture()[2]
	talks.Title = "Biden and Gallant talk"
	talks.Actors = []index.Actor{{Name: "Joe Biden", Kind: index.Person}, {Name: "Yoav Gallant", Kind: index.Person}}
	if _, err := ix.Put(ctx, []index.Article{talks}); err != nil {
		t.Fatal(err)
	}
	check("netan", "actor:Benjamin Netanyahu (person, 1)", "title:Netanyahu visits Washington [visit]")
	check("gal", "actor:Yoav Gallant (person, 1)", "title:Biden and Gallant talk [talks]")
	check("isr")

	if err := ix.Delete(ctx, "visit"); err != nil {
		t.Fatal(err)
	}
	check("netan")
	check("wash")
	check("b", "actor:Brazil (place, 2)", "actor:Joe Biden (person, 1)", "title:Biden and Gallant talk [talks]", "title:Bahia cocoa review [cocoa]")
}

// checkSuggestKeptCurrent writes random articles to ix, with tables loaded, then
// checks that the tables kept current answer every prefix as tables read
// anew from the index do. Dates stay put when keepDates (an article
// moved out of the newest titles takes the title after it with it).
func checkSuggestKeptCurrent(t *testing.T, ix *Index, keepDates, deletes bool) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(7, uint64(len(t.Name()))))
	vocab := []string{"oil", "opec", "oats", "rates", "reagan", "review", "record", "rally", "bank", "baker", "budget", "brazil"}
	pool := []index.Actor{
		{Name: "Ronald Reagan", Kind: index.Person}, {Name: "REAGAN", Kind: index.Person}, {Name: "James Baker", Kind: index.Person},
		{Name: "Brazil", Kind: index.Place}, {Name: "Brazil", Kind: index.Organization}, {Name: "OPEC", Kind: index.Organization},
		{Name: "Bank of Japan", Kind: index.Organization}, {Name: "Rabat", Kind: index.Place}, {Name: "Robert Rubin", Kind: index.Person},
	}
	dates := map[string]time.Time{}
	article := func(id string) index.Article {
		var title []string
		for range 1 + r.IntN(4) {
			w := vocab[r.IntN(len(vocab))]
			if r.IntN(3) == 0 {
				w = strings.ToUpper(w)
			}
			title = append(title, w)
		}
		d, ok := dates[id]
		if !ok || !keepDates {
			d = time.Date(1980+r.IntN(40), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), 0, 0, 0, time.UTC)
			if r.IntN(10) == 0 {
				d = time.Time{} // undated
			}
			dates[id] = d
		}
		a := index.Article{ID: id, Title: strings.Join(title, " "), Body: "Text.", Published: d}
		for range r.IntN(4) {
			if act := pool[r.IntN(len(pool))]; !slices.Contains(a.Actors, act) {
				a.Actors = append(a.Actors, act)
			}
		}
		return a
	}
	var batch []index.Article
	for i := range 60 {
		batch = append(batch, article(fmt.Sprintf("a%02d", i)))
	}
	if _, err := ix.Put(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if err := ix.LoadSuggestions(ctx); err != nil {
		t.Fatal(err)
	}
	for range 30 {
		switch op := r.IntN(4); {
		case op == 0 && deletes:
			if err := ix.Delete(ctx, fmt.Sprintf("a%02d", r.IntN(80))); err != nil && !errors.Is(err, index.ErrNotFound) {
				t.Fatal(err)
			}
		default:
			batch = batch[:0]
			for range 1 + r.IntN(6) {
				batch = append(batch, article(fmt.Sprintf("a%02d", r.IntN(80))))
			}
			if _, err := ix.Put(ctx, batch); err != nil {
				t.Fatal(err)
			}
		}
	}
	var prefixes []string
	for _, w := range vocab {
		for n := 1; n <= 3; n++ {
			prefixes = append(prefixes, w[:n])
		}
	}
	prefixes = append(prefixes, "ronald r", "bank of", "oil re", "re oil", "james", "zz")
	kept := map[string][]string{}
	ix.sug.settle()
	for _, p := range prefixes {
		kept[p] = suggestTexts(t, ix, p, 50)
	}
	ix.sug.mu.Lock()
	ix.sug.drop()
	ix.sug.mu.Unlock()
	for _, p := range prefixes {
		if fresh := suggestTexts(t, ix, p, 50); !slices.Equal(kept[p], fresh) {
			t.Errorf("Suggest(%q) kept current =\n%q\nread anew =\n%q", p, kept[p], fresh)
		}
	}
}

func TestSuggestKeptCurrent(t *testing.T) {
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprint(shards, " shards"), func(t *testing.T) {
			ix, err := Open(t.TempDir(), WithShards(shards))
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			checkSuggestKeptCurrent(t, ix, false, true)
		})
	}
}

// TestSuggestNewestTitles checks that the titles suggested are the
// newest articles', as many as WithSuggestTitles says, however they were
// written.
func TestSuggestNewestTitles(t *testing.T) {
	ix, err := Open(t.TempDir(), WithSuggestTitles(20))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	checkSuggestKeptCurrent(t, ix, true, false)
	tables, err := ix.suggestTables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(tables.titles.docs); n != 20 {
		t.Errorf("%d titles held, want 20", n)
	}

	none, err := Open(t.TempDir(), WithSuggestTitles(0))
	if err != nil {
		t.Fatal(err)
	}
	defer none.Close()
	if _, err := none.Put(context.Background(), fixture()); err != nil {
		t.Fatal(err)
	}
	if got := suggestTexts(t, none, "bahia", 5); len(got) != 0 {
		t.Errorf("no titles: Suggest(bahia) = %q", got)
	}
}
