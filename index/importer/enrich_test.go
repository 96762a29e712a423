package importer

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/extract"
)

func newExtractor(t *testing.T) *extract.Extractor {
	t.Helper()
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

// openTalks opens an index holding one story that names Benjamin
// Netanyahu.
func openTalks(t *testing.T) *bleve.Index {
	t.Helper()
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Put(context.Background(), []index.Article{talks}); err != nil {
		t.Fatal(err)
	}
	return ix
}

var talks = index.Article{
	ID: "talks", Title: "Biden and Netanyahu talk", Source: "Example News",
	Body:      "President Joe Biden spoke with Benjamin Netanyahu about Iran & Israel.\n\nThe oil market watched.",
	Published: time.Date(2024, 10, 9, 12, 0, 0, 0, time.UTC),
	Actors:    []index.Actor{{Name: "Joe Biden", Kind: index.Person}, {Name: "Benjamin Netanyahu", Kind: index.Person}, {Name: "Israel", Kind: index.Place}},
	Topics:    []string{"politics", "conflict"},
}

func actorNames(as []index.Actor) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func TestEnrichKeepsSuppliedTagsFirst(t *testing.T) {
	ix := openTalks(t)
	ex := newExtractor(t)
	a := index.Article{
		ID:     "r1",
		Title:  "Japan and United States discuss trade",
		Body:   "Prime Minister Yasuhiro Nakasone met President Ronald Reagan in Washington on trade with the United States.",
		Actors: []index.Actor{{Name: "United States", Kind: index.Place}, {Name: "Japan", Kind: index.Place}},
		Topics: []string{"economy"},
	}
	enrich(ex, ix, &a)
	names := actorNames(a.Actors)
	if !slices.Equal(names[:2], []string{"United States", "Japan"}) {
		t.Errorf("actors = %v, want the supplied two first", names)
	}
	for _, want := range []string{"Yasuhiro Nakasone", "Ronald Reagan"} {
		if !slices.Contains(names, want) {
			t.Errorf("actors = %v, want %s added by extraction", names, want)
		}
	}
	counts := map[string]int{}
	for _, n := range names {
		counts[n]++
		if counts[n] > 1 {
			t.Errorf("actor %q listed twice in %v", n, names)
		}
	}
	if a.Topics[0] != "economy" || len(a.Topics) > maxTopics {
		t.Errorf("topics = %v, want economy first and at most %d", a.Topics, maxTopics)
	}
	if a.Supplied == nil || !slices.Equal(actorNames(a.Supplied.Actors), []string{"United States", "Japan"}) || !slices.Equal(a.Supplied.Topics, []string{"economy"}) {
		t.Errorf("Supplied = %+v, want the source's tags", a.Supplied)
	}

	lawson := index.Article{ID: "r2", Title: "Lawson on rates", Body: "Chancellor of the Exchequer Nigel Lawson said rates would hold.",
		Actors: []index.Actor{{Name: "Lawson", Kind: index.Person}}}
	enrich(ex, ix, &lawson)
	if got := actorNames(lawson.Actors); !slices.Equal(got[:1], []string{"Nigel Lawson"}) || slices.Contains(got, "Lawson") {
		t.Errorf("actors = %v, want the supplied surname as the full name the text gives, once", got)
	}

	// Enriching again (a reindex) gives the same result, not a longer one.
	again := a
	enrich(ex, ix, &again)
	if !slices.Equal(again.Actors, a.Actors) || !slices.Equal(again.Topics, a.Topics) {
		t.Errorf("second Enrich changed the tags:\n got %v %v\nwant %v %v", again.Actors, again.Topics, a.Actors, a.Topics)
	}
}

func TestAliasesCompleteSurnamesAcrossTheArchive(t *testing.T) {
	ix := openTalks(t) // holds "Benjamin Netanyahu" once
	ex := newExtractor(t)
	ctx := context.Background()
	lone := index.Article{ID: "n", Title: "Netanyahu speaks", Body: "Netanyahu said the talks would go on."}

	first := lone
	enrich(ex, ix, &first)
	if slices.Contains(actorNames(first.Actors), "Benjamin Netanyahu") {
		t.Errorf("completed from a single article (%v); want at least two", actorNames(first.Actors))
	}

	more := index.Article{ID: "m", Title: "Talks", Body: "Benjamin Netanyahu met envoys.", Actors: []index.Actor{{Name: "Benjamin Netanyahu", Kind: index.Person}}}
	if _, err := ix.Put(ctx, []index.Article{more}); err != nil {
		t.Fatal(err)
	}
	second := lone
	enrich(ex, ix, &second)
	if !slices.Contains(actorNames(second.Actors), "Benjamin Netanyahu") || slices.Contains(actorNames(second.Actors), "Netanyahu") {
		t.Errorf("actors = %v, want Netanyahu completed to Benjamin Netanyahu", actorNames(second.Actors))
	}

	// The table survives a reopen: it is rebuilt from the index.
	dir := t.TempDir()
	ix2, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix2.Put(ctx, []index.Article{talks, more}); err != nil {
		t.Fatal(err)
	}
	ix2.Close()
	ix2, err = bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if got := ix2.FullName("Netanyahu"); got != "Benjamin Netanyahu" {
		t.Errorf("after reopen fullName(Netanyahu) = %q, want Benjamin Netanyahu", got)
	}
}

func TestExtractText(t *testing.T) {
	tests := []struct {
		name string
		a    index.Article
		want string
	}{
		{"title and paragraphs", index.Article{Title: "Talks resume", Body: "First.\n\n## Outlook\n\nSecond."}, "Talks resume\n\nFirst.\n\nOutlook\n\nSecond."},
		{"capitals-only title left out", index.Article{Title: "NY COCOA FUTURES CLOSE", Body: "Cocoa futures in New York closed higher."}, "Cocoa futures in New York closed higher."},
		{"capitals-only title kept without a body", index.Article{Title: "NY COCOA FUTURES CLOSE"}, "NY COCOA FUTURES CLOSE"},
		{"Title Case title left out", index.Article{Title: "Japan Earthquake Kills Dozens Along The Coast", Body: "An earthquake in Japan killed dozens."}, "An earthquake in Japan killed dozens."},
		{"Title Case title kept without a body", index.Article{Title: "Japan Earthquake Kills Dozens"}, "Japan Earthquake Kills Dozens"},
		{"sentence-case headline kept", index.Article{Title: "Biden asks for an inquiry into oil companies", Body: "The president spoke."}, "Biden asks for an inquiry into oil companies\n\nThe president spoke."},
		{"short title kept", index.Article{Title: "Bush Wins", Body: "He won."}, "Bush Wins\n\nHe won."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExtractText(tt.a); got != tt.want {
				t.Errorf("ExtractText = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNoAliasAcrossTime checks that a name stands for its successor only
// in texts from the successor's first day on.
func TestNoAliasAcrossTime(t *testing.T) {
	ix := openTalks(t)
	ex := newExtractor(t)
	tests := []struct {
		name      string
		published time.Time
		want      string
	}{
		{"1987", time.Date(1987, 3, 2, 0, 0, 0, 0, time.UTC), "Exxon"},
		{"the day before", time.Date(1999, 11, 29, 0, 0, 0, 0, time.UTC), "Exxon"},
		{"the first day", time.Date(1999, 11, 30, 0, 0, 0, 0, time.UTC), "ExxonMobil"},
		{"2005", time.Date(2005, 6, 1, 0, 0, 0, 0, time.UTC), "ExxonMobil"},
		{"undated", time.Time{}, "Exxon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := index.Article{ID: tt.name, Title: "Oil find", Body: "Exxon said on Monday it found oil in Texas.", Published: tt.published}
			enrich(ex, ix, &a)
			names := actorNames(a.Actors)
			if !slices.Contains(names, tt.want) {
				t.Errorf("actors = %v, want %s", names, tt.want)
			}
		})
	}
}
