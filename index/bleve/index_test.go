package bleve

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixture is a small archive with known answers: three stories over two
// years with overlapping actors and topics.
func fixture() []index.Article {
	return []index.Article{
		{
			ID: "cocoa", Title: "Bahia cocoa review", Source: "Reuters",
			Body:      "Showers continued throughout the week in the Bahia cocoa zone.\n\n## Outlook\n\nArrivals of cocoa are expected to rise, traders in Brazil said.",
			Published: time.Date(1987, 2, 26, 15, 1, 1, 0, time.UTC),
			Actors:    []index.Actor{{Name: "Brazil", Kind: index.Place}, {Name: "Comissaria Smith", Kind: index.Organization}},
			Topics:    []string{"economy"},
		},
		{
			ID: "oil", Title: "Oil prices climb as OPEC meets", Source: "Reuters",
			Body:      "Oil prices rose on Monday as OPEC ministers met in Vienna. Saudi Arabia backed the cuts.",
			Published: time.Date(1987, 6, 1, 9, 0, 0, 0, time.UTC),
			Actors:    []index.Actor{{Name: "OPEC", Kind: index.Organization}, {Name: "Saudi Arabia", Kind: index.Place}, {Name: "Brazil", Kind: index.Place}},
			Topics:    []string{"economy", "politics"},
		},
		{
			ID: "talks", Title: "Biden and Netanyahu <script>alert(1)</script> talk", Source: "Example News",
			Body:      "President Joe Biden spoke with Benjamin Netanyahu about Iran & Israel.\n\nThe oil market watched.",
			Published: time.Date(2024, 10, 9, 12, 0, 0, 0, time.UTC),
			Actors:    []index.Actor{{Name: "Joe Biden", Kind: index.Person}, {Name: "Benjamin Netanyahu", Kind: index.Person}, {Name: "Israel", Kind: index.Place}},
			Topics:    []string{"politics", "conflict"},
			Authors:   []string{"A. Writer"},
			URL:       "https://example.com/talks",
		},
	}
}

func openFixture(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	st, err := ix.Put(context.Background(), fixture())
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	if st.Added != 3 || st.Updated != 0 {
		t.Fatalf("Put stats = %+v, want 3 added", st)
	}
	return ix
}

func ids(r index.Results) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestPutGetRoundTrip(t *testing.T) {
	ix := openFixture(t)
	for _, want := range fixture() {
		t.Run(want.ID, func(t *testing.T) {
			got, err := ix.Get(context.Background(), want.ID)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if got.Title != want.Title || got.Body != want.Body || !got.Published.Equal(want.Published) ||
				got.Source != want.Source || got.URL != want.URL || !slices.Equal(got.Topics, want.Topics) ||
				!slices.Equal(got.Actors, want.Actors) || !slices.Equal(got.Authors, want.Authors) {
				t.Errorf("Get = %+v\nwant %+v", got, want)
			}
		})
	}
	if _, err := ix.Get(context.Background(), "nope"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Get(unknown) error = %v, want ErrNotFound", err)
	}
}

func TestPutUpdatesInPlace(t *testing.T) {
	ix := openFixture(t)
	a := fixture()[0]
	a.Title = "Bahia cocoa review (corrected)"
	st, err := ix.Put(context.Background(), []index.Article{a})
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 0 || st.Updated != 1 {
		t.Errorf("stats = %+v, want 1 updated", st)
	}
	n, _ := ix.Count()
	if n != 3 {
		t.Errorf("Count = %d, want 3", n)
	}
	got, _ := ix.Get(context.Background(), "cocoa")
	if got.Title != a.Title {
		t.Errorf("title = %q, want %q", got.Title, a.Title)
	}
}

func TestReopenKeepsArticles(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !ix.Created() {
		t.Error("first Open: Created = false, want true")
	}
	if _, err := ix.Put(context.Background(), fixture()); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Created() {
		t.Error("second Open: Created = true, want false")
	}
	if n, _ := ix.Count(); n != 3 {
		t.Errorf("Count after reopen = %d, want 3", n)
	}
}

func TestSearch(t *testing.T) {
	ix := openFixture(t)
	tests := []struct {
		name string
		q    index.Query
		want []string
	}{
		{"word", index.Query{Text: "cocoa"}, []string{"cocoa"}},
		{"stemmed", index.Query{Text: "prices"}, []string{"oil"}},
		{"two words both required", index.Query{Text: "oil opec"}, []string{"oil"}},
		{"or", index.Query{Text: "cocoa OR netanyahu", Sort: index.SortOldest}, []string{"cocoa", "talks"}},
		{"not", index.Query{Text: "oil NOT opec"}, []string{"talks"}},
		{"empty lists newest first", index.Query{}, []string{"talks", "oil", "cocoa"}},
		{"oldest", index.Query{Sort: index.SortOldest}, []string{"cocoa", "oil", "talks"}},
		{"actor filter", index.Query{Actors: []string{"Brazil"}, Sort: index.SortOldest}, []string{"cocoa", "oil"}},
		{"values of one facet are ORed", index.Query{Actors: []string{"Israel", "OPEC"}, Sort: index.SortOldest}, []string{"oil", "talks"}},
		{"facets are ANDed", index.Query{Actors: []string{"Brazil"}, Topics: []string{"politics"}}, []string{"oil"}},
		{"excluded actor", index.Query{NotActors: []string{"OPEC"}, Sort: index.SortOldest}, []string{"cocoa", "talks"}},
		{"excluded topic with text", index.Query{Text: "oil", NotTopics: []string{"conflict"}}, []string{"oil"}},
		{"exclusion alone on an actor facet", index.Query{Actors: []string{"Brazil"}, NotActors: []string{"OPEC"}}, []string{"cocoa"}},
		{"topic filter", index.Query{Topics: []string{"politics"}, Sort: index.SortOldest}, []string{"oil", "talks"}},
		{"date range inclusive", index.Query{From: day("1987-02-26"), To: day("1987-06-01"), Sort: index.SortOldest}, []string{"cocoa", "oil"}},
		{"date range open end", index.Query{From: day("1990-01-01")}, []string{"talks"}},
		{"text and filters", index.Query{Text: "oil", Topics: []string{"politics"}, From: day("2024-01-01")}, []string{"talks"}},
		{"page 2", index.Query{Sort: index.SortOldest, Page: 2, Size: 2}, []string{"talks"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if got := ids(res); !slices.Equal(got, tt.want) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSearchFacets(t *testing.T) {
	ix := openFixture(t)
	res, err := ix.Search(context.Background(), index.Query{Actors: []string{"Brazil"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 {
		t.Fatalf("Total = %d, want 2", res.Total)
	}
	find := func(vals []index.FacetValue, v string) (index.FacetValue, bool) {
		i := slices.IndexFunc(vals, func(f index.FacetValue) bool { return f.Value == v })
		if i < 0 {
			return index.FacetValue{}, false
		}
		return vals[i], true
	}
	brazil, ok := find(res.Facets.Actor, "Brazil")
	if !ok || brazil.Count != 2 || brazil.Kind != index.Place || !brazil.Selected {
		t.Errorf("actor Brazil = %+v (found %v), want count 2, place, selected", brazil, ok)
	}
	if opec, _ := find(res.Facets.Actor, "OPEC"); opec.Count != 1 || opec.Kind != index.Organization {
		t.Errorf("actor OPEC = %+v, want count 1, organization", opec)
	}
	// The actor facet is counted without its own selection: Joe Biden's
	// count is what choosing him as well would add.
	if biden, _ := find(res.Facets.Actor, "Joe Biden"); biden.Count != 1 || biden.Selected {
		t.Errorf("actor Joe Biden = %+v, want count 1, not selected", biden)
	}
	// Other facets are counted within the selection.
	if _, ok := find(res.Facets.Topic, "conflict"); ok {
		t.Error("topic conflict listed although no Brazil story has it")
	}
	if econ, _ := find(res.Facets.Topic, "economy"); econ.Count != 2 {
		t.Errorf("topic economy = %+v, want count 2", econ)
	}
	if got := res.Facets.Date; len(got) != 1 || got[0].Value != "1987" || got[0].Count != 2 {
		t.Errorf("date facet = %+v, want [1987: 2]", got)
	}

	// Within one year the date facet lists months.
	res, err = ix.Search(context.Background(), index.Query{From: day("1987-01-01"), To: day("1987-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	var months []string
	for _, d := range res.Facets.Date {
		months = append(months, d.Value)
	}
	if !slices.Equal(months, []string{"1987-02", "1987-06"}) {
		t.Errorf("months = %v, want [1987-02 1987-06]", months)
	}
}

func TestSearchHighlights(t *testing.T) {
	ix := openFixture(t)
	res, err := ix.Search(context.Background(), index.Query{Text: "netanyahu", Highlight: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %v, want 1", ids(res))
	}
	h := res.Hits[0]
	title := strings.Join(htmls(h.Highlights["title"]), " ")
	if !strings.Contains(title, "<mark>Netanyahu</mark>") {
		t.Errorf("title highlight = %q, want a marked Netanyahu", title)
	}
	if strings.Contains(title, "<script>") || !strings.Contains(title, "&lt;script&gt;") {
		t.Errorf("title highlight = %q, want the script tag escaped", title)
	}
	body := strings.Join(htmls(h.Highlights["body"]), " ")
	if !strings.Contains(body, "<mark>Netanyahu</mark>") || !strings.Contains(body, "&amp;") {
		t.Errorf("body highlight = %q, want a mark and an escaped ampersand", body)
	}
	if h.Body == "" || len(h.Body) > leadLength+len("…") {
		t.Errorf("hit body lead = %q, want a short lead", h.Body)
	}
}

func TestHighlightArticle(t *testing.T) {
	ix := openFixture(t)
	blocks, err := ix.Highlight(context.Background(), "cocoa", "cocoa")
	if err != nil {
		t.Fatal(err)
	}
	want := []htmlBlock{
		{HTML: "Showers continued throughout the week in the Bahia <mark>cocoa</mark> zone."},
		{Heading: true, HTML: "Outlook"},
		{HTML: "Arrivals of <mark>cocoa</mark> are expected to rise, traders in Brazil said."},
	}
	if !slices.Equal(htmlBlocks(blocks), want) {
		t.Errorf("blocks = %+v\nwant %+v", blocks, want)
	}
	blocks, err = ix.Highlight(context.Background(), "talks", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 2 || !strings.Contains(htmlBlocks(blocks)[0].HTML, "Iran &amp; Israel") || strings.Contains(htmlBlocks(blocks)[0].HTML, "<mark>") {
		t.Errorf("unhighlighted blocks = %+v", blocks)
	}
	if _, err := ix.Highlight(context.Background(), "missing", "x"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Highlight(missing) = %v, want ErrNotFound", err)
	}
}

func TestSearchRejectsBadQueries(t *testing.T) {
	ix := openFixture(t)
	tests := []struct {
		name  string
		q     index.Query
		param string
	}{
		{"page zero is defaulted but negative is not", index.Query{Page: -1}, "page"},
		{"size too big", index.Query{Size: index.MaxPageSize + 1}, "size"},
		{"deep paging", index.Query{Page: index.MaxResultWindow, Size: 10}, "page"},
		{"unknown sort", index.Query{Sort: "random"}, "sort"},
		{"to before from", index.Query{From: day("2020-01-02"), To: day("2020-01-01")}, "to"},
		{"too long", index.Query{Text: strings.Repeat("a ", index.MaxQueryLength)}, "q"},
		{"unbalanced quote", index.Query{Text: `"oil prices`}, "q"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Search(context.Background(), tt.q)
			var qe *index.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("error = %v, want a *QueryError", err)
			}
			if qe.Param != tt.param {
				t.Errorf("Param = %q, want %q", qe.Param, tt.param)
			}
		})
	}
}

func TestDeleteAndEach(t *testing.T) {
	ix := openFixture(t)
	ctx := context.Background()
	if err := ix.Delete(ctx, "oil"); err != nil {
		t.Fatal(err)
	}
	if err := ix.Delete(ctx, "oil"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("second Delete = %v, want ErrNotFound", err)
	}
	var got []string
	if err := ix.Each(ctx, func(a index.Article) error { got = append(got, a.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"cocoa", "talks"}) {
		t.Errorf("Each ids = %v, want [cocoa talks]", got)
	}
}

func TestTidyFragment(t *testing.T) {
	tests := []struct{ in, want string }{
		{"…ut the week in the Bahia <mark>cocoa</mark> zone, improving prospects, Comissaria Smi…", "…the week in the Bahia <mark>cocoa</mark> zone, improving prospects, Comissaria …"},
		{"…<mark>cocoa</mark> zone and more…", "…<mark>cocoa</mark> zone and …"},
		{"…&amp;Co said <mark>x</mark> and then some words fo…", "…&amp;Co said <mark>x</mark> and then some words …"},
		{"Whole text with <mark>x</mark>.", "Whole text with <mark>x</mark>."},
		{"Intro.\n\n## Heading\n\nText <mark>x</mark>", "Intro. Heading Text <mark>x</mark>"},
		{"…ds <mark>x</mark> ends in a mark <mark>y</mark>…", "…<mark>x</mark> ends in a mark <mark>y</mark>…"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := tidyFragment(tt.in); got != tt.want {
				t.Errorf("tidyFragment(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSearchActorKindFacet(t *testing.T) {
	ix := openFixture(t)
	tests := []struct {
		kind index.Kind
		want []string
	}{
		{index.Person, []string{"Benjamin Netanyahu", "Joe Biden"}},
		{index.Organization, []string{"Comissaria Smith", "OPEC"}},
		{index.Place, []string{"Brazil", "Israel", "Saudi Arabia"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			res, err := ix.Search(context.Background(), index.Query{ActorKind: tt.kind})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Facets.Actor {
				if f.Kind != tt.kind {
					t.Errorf("value %q of kind %q in the %s facet", f.Value, f.Kind, tt.kind)
				}
				got = append(got, f.Value)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("actor facet = %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := ix.Search(context.Background(), index.Query{ActorKind: "animal"}); err == nil {
		t.Error("unknown kind: no error")
	}
}

func TestSearchExcludedFacetValues(t *testing.T) {
	ix := openFixture(t)
	res, err := ix.Search(context.Background(), index.Query{NotActors: []string{"OPEC"}, NotTopics: []string{"sport"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		facet []index.FacetValue
		value string
	}{{res.Facets.Actor, "OPEC"}, {res.Facets.Topic, "sport"}} {
		i := slices.IndexFunc(tt.facet, func(f index.FacetValue) bool { return f.Value == tt.value })
		if i < 0 || !tt.facet[i].Excluded || tt.facet[i].Count != 0 {
			t.Errorf("%s in facet %+v: want listed, excluded, count 0", tt.value, tt.facet)
		}
	}
}

func TestHistogram(t *testing.T) {
	ix := openFixture(t)
	ctx := context.Background()
	tests := []struct {
		name     string
		q        index.Query
		interval string
		first    string
		last     string
		buckets  int
		counts   map[string]int
		chosen   bool
	}{
		{"years over the archive", index.Query{}, index.IntervalYear, "1987", "2024", 38, map[string]int{"1987": 2, "2000": 0, "2024": 1}, false},
		{"months within a year", index.Query{Text: "cocoa OR opec"}, index.IntervalMonth, "1987-02", "1987-06", 5, map[string]int{"1987-02": 1, "1987-03": 0, "1987-06": 1}, false},
		{"days within a month", index.Query{Text: "netanyahu"}, index.IntervalDay, "2024-10-09", "2024-10-09", 1, map[string]int{"2024-10-09": 1}, false},
		{"every day of a chosen month", index.Query{From: day("1987-02-01"), To: day("1987-02-28")}, index.IntervalDay, "1987-02-01", "1987-02-28", 28, map[string]int{"1987-02-01": 0, "1987-02-26": 1, "1987-02-28": 0}, true},
		{"every month of a chosen year", index.Query{From: day("1987-01-01"), To: day("1987-12-31")}, index.IntervalMonth, "1987-01", "1987-12", 12, map[string]int{"1987-01": 0, "1987-02": 1, "1987-06": 1, "1987-12": 0}, true},
		{"every day of a chosen range", index.Query{From: day("1987-02-15"), To: day("1987-03-10")}, index.IntervalDay, "1987-02-15", "1987-03-10", 24, map[string]int{"1987-02-26": 1, "1987-03-10": 0}, true},
		{"a chosen span of years follows the articles", index.Query{From: day("1980-01-01"), To: day("2030-12-31")}, index.IntervalYear, "1987", "2024", 38, map[string]int{"1987": 2}, false},
		{"an open range follows the articles", index.Query{From: day("2024-01-01")}, index.IntervalDay, "2024-10-09", "2024-10-09", 1, map[string]int{"2024-10-09": 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			h := res.Histogram
			if h.Interval != tt.interval || len(h.Buckets) != tt.buckets {
				t.Fatalf("histogram %s with %d buckets, want %s with %d", h.Interval, len(h.Buckets), tt.interval, tt.buckets)
			}
			if h.Buckets[0].Period != tt.first || h.Buckets[len(h.Buckets)-1].Period != tt.last {
				t.Errorf("periods %s..%s, want %s..%s", h.Buckets[0].Period, h.Buckets[len(h.Buckets)-1].Period, tt.first, tt.last)
			}
			for _, b := range h.Buckets {
				if want, ok := tt.counts[b.Period]; ok && b.Count != want {
					t.Errorf("bucket %s = %d, want %d", b.Period, b.Count, want)
				}
			}
			if h.Chosen != tt.chosen {
				t.Errorf("Chosen = %v, want %v", h.Chosen, tt.chosen)
			}
		})
	}
	res, err := ix.Search(ctx, index.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if b := res.Histogram.Buckets[0]; !b.From.Equal(day("1987-01-01")) || !b.To.Equal(day("1987-12-31")) {
		t.Errorf("first bucket %s..%s, want 1987-01-01..1987-12-31", b.From, b.To)
	}
	if _, err := ix.Put(ctx, []index.Article{{ID: "undated", Title: "No date", Body: "Text."}}); err != nil {
		t.Fatal(err)
	}
	res, _ = ix.Search(ctx, index.Query{})
	if res.Histogram.Undated != 1 {
		t.Errorf("Undated = %d, want 1", res.Histogram.Undated)
	}
}

func TestHitParagraph(t *testing.T) {
	ix := openFixture(t)
	tests := []struct {
		q       string
		para    int
		section string
	}{
		{"arrivals", 2, "Outlook"},
		{"showers", 0, ""},
		{"bahia", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			res, err := ix.Search(context.Background(), index.Query{Text: tt.q, Highlight: true})
			if err != nil || len(res.Hits) != 1 {
				t.Fatalf("Search: %v, %d hits", err, len(res.Hits))
			}
			if h := res.Hits[0]; h.Para != tt.para || h.Section != tt.section {
				t.Errorf("Para, Section = %d, %q; want %d, %q", h.Para, h.Section, tt.para, tt.section)
			}
		})
	}
}

func TestTopActorsAreCountedWithinTheResults(t *testing.T) {
	ix := openFixture(t)
	res, err := ix.Search(context.Background(), index.Query{Actors: []string{"Brazil"}, ActorKind: index.Organization})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, f := range res.TopActors {
		got[f.Value] = f.Count
	}
	want := map[string]int{"Brazil": 2, "OPEC": 1, "Saudi Arabia": 1, "Comissaria Smith": 1}
	if len(got) != len(want) {
		t.Errorf("top actors = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("top actor %s = %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
}

func TestCountMissingSelected(t *testing.T) {
	ix := openFixture(t)
	text, err := compileText("")
	if err != nil {
		t.Fatal(err)
	}
	q := index.Query{Actors: []string{"Joe Biden"}, Topics: []string{"politics"}}
	vals := []index.FacetValue{{Value: "Joe Biden", Selected: true}, {Value: "OPEC", Kind: index.Organization, Count: 1}}
	if err := ix.countMissingSelected(context.Background(), q, text, vals); err != nil {
		t.Fatal(err)
	}
	if vals[0].Kind != index.Person || vals[0].Count != 1 {
		t.Errorf("Joe Biden = %+v, want a person counted 1", vals[0])
	}
}

// TestSearchBoundsTermExpansion checks that a prefix or fuzzy word that
// would expand to more terms than MaxQueryTerms is refused as a bad query
// instead of being run, by every method that runs query text.
func TestSearchBoundsTermExpansion(t *testing.T) {
	ix := openFixture(t)
	ctx := context.Background()
	var body strings.Builder
	for i := range index.MaxQueryTerms + 10 {
		fmt.Fprintf(&body, "zq%05d ", i)
	}
	if _, err := ix.Put(ctx, []index.Article{{ID: "vocabulary", Title: "Many words", Body: body.String()}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		run  func(text string) error
	}{
		{"Search", func(text string) error { _, err := ix.Search(ctx, index.Query{Text: text}); return err }},
		{"Highlight", func(text string) error { _, err := ix.Highlight(ctx, "vocabulary", text); return err }},
		{"Stream", func(text string) error {
			return ix.Stream(ctx, index.Query{Text: text}, 10, func(index.Article) error { return nil })
		}},
	}
	for _, tt := range tests {
		for _, text := range []string{"zq*", "zq00*", "zq00001~2"} {
			t.Run(tt.name+" "+text, func(t *testing.T) {
				err := tt.run(text)
				var qe *index.QueryError
				if text != "zq*" {
					// A thousand terms, or a few dozen within two edits:
					// well within the limit.
					if err != nil {
						t.Fatalf("error = %v, want none", err)
					}
					return
				}
				if !errors.As(err, &qe) || qe.Param != "q" || !strings.Contains(qe.Msg, "more than 10000 different words") {
					t.Fatalf("error = %v, want a *index.QueryError about too many words", err)
				}
			})
		}
	}
}

// TestSearchDatesBeyondTheIndex checks bounds Bleve cannot compare, its
// dates being nanoseconds since 1970: a bound every article meets is no
// bound, one none can meet finds nothing, and neither is an error.
func TestSearchDatesBeyondTheIndex(t *testing.T) {
	ix := openFixture(t)
	all := []string{"cocoa", "oil", "talks"}
	tests := []struct {
		name     string
		from, to string
		want     []string
	}{
		{"to in the year 9999", "", "9999-12-31", all},
		{"to on the last day Bleve can compare", "", "2262-04-11", all},
		{"to the day before", "", "2262-04-10", all},
		{"from before 1677-09-22", "1677-09-21", "", all},
		{"from before Bleve's first comparable day", "1677-11-30", "", all},
		{"from in year 1", "0001-01-01", "", all},
		{"from year 1 to 9999", "0001-01-01", "9999-12-31", all},
		{"from year 1 to a real day", "0001-01-01", "1987-02-26", []string{"cocoa"}},
		{"from a real day to 9999", "1987-06-01", "9999-12-31", []string{"oil", "talks"}},
		{"year 1", "0001-01-01", "0001-12-31", nil},
		{"to before any article can be dated", "", "1600-01-01", nil},
		{"to in 1677", "", "1677-11-30", nil},
		{"from after any article can be dated", "2262-04-12", "", nil},
		{"december 9999", "9999-12-01", "9999-12-31", nil},
	}
	for _, tt := range tests {
		for _, s := range []index.Sort{index.SortNewest, index.SortOldest, index.SortRelevance} {
			t.Run(tt.name+"/"+string(s), func(t *testing.T) {
				q := index.Query{Sort: s}
				if tt.from != "" {
					q.From = day(tt.from)
				}
				if tt.to != "" {
					q.To = day(tt.to)
				}
				res, err := ix.Search(context.Background(), q)
				if err != nil {
					t.Fatalf("Search from %q to %q: %v", tt.from, tt.to, err)
				}
				got := ids(res)
				slices.Sort(got)
				if !slices.Equal(got, tt.want) {
					t.Errorf("ids = %v, want %v", got, tt.want)
				}
				var streamed []string
				err = ix.Stream(context.Background(), q, 10, func(a index.Article) error {
					streamed = append(streamed, a.ID)
					return nil
				})
				if err != nil {
					t.Fatalf("Stream from %q to %q: %v", tt.from, tt.to, err)
				}
				slices.Sort(streamed)
				if !slices.Equal(streamed, tt.want) {
					t.Errorf("streamed ids = %v, want %v", streamed, tt.want)
				}
			})
		}
	}
}

// TestSearchArticlesDatedAtTheEdges checks articles dated near and beyond
// the span Bleve compares: one just within it is found by open ranges,
// and ones beyond it count as undated rather than failing the date sorts.
func TestSearchArticlesDatedAtTheEdges(t *testing.T) {
	ix := openFixture(t)
	edge := []index.Article{
		{ID: "late", Title: "Late", Body: "x", Published: time.Date(2262, 3, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "future", Title: "Future", Body: "x", Published: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "past", Title: "Past", Body: "x", Published: time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	if _, err := ix.Put(context.Background(), edge); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		q    index.Query
		want []string
	}{
		{"from a real day", index.Query{From: day("2000-01-01"), Sort: index.SortOldest}, []string{"talks", "late"}},
		{"to 9999", index.Query{From: day("2024-01-01"), To: day("9999-12-31"), Sort: index.SortOldest}, []string{"talks", "late"}},
		{"newest first, one", index.Query{Sort: index.SortNewest, Size: 1}, []string{"late"}},
		{"newest first, two", index.Query{Sort: index.SortNewest, Size: 2}, []string{"late", "talks"}},
		{"newest first, all", index.Query{Sort: index.SortNewest}, []string{"late", "talks", "oil", "cocoa", "future", "past"}},
		{"oldest first, one", index.Query{Sort: index.SortOldest, Size: 1}, []string{"cocoa"}},
		{"oldest first, three", index.Query{Sort: index.SortOldest, Size: 3}, []string{"cocoa", "oil", "talks"}},
		{"oldest first, all", index.Query{Sort: index.SortOldest}, []string{"cocoa", "oil", "talks", "late", "future", "past"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if got := ids(res); !slices.Equal(got, tt.want) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("undatable articles keep their dates", func(t *testing.T) {
		a, err := ix.Get(context.Background(), "future")
		if err != nil {
			t.Fatal(err)
		}
		if !a.Published.Equal(edge[1].Published) {
			t.Errorf("Published = %v, want %v", a.Published, edge[1].Published)
		}
		res, err := ix.Search(context.Background(), index.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Histogram.Undated != 2 {
			t.Errorf("histogram undated = %d, want 2 (the articles dated 1500 and 2300)", res.Histogram.Undated)
		}
	})
}
