package index

import (
	"context"
	"slices"
	"testing"

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

func actorNames(as []Actor) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func TestEnrichKeepsSuppliedTagsFirst(t *testing.T) {
	ix := openFixture(t)
	ex := newExtractor(t)
	a := Article{
		ID:     "r1",
		Title:  "Japan and United States discuss trade",
		Body:   "Prime Minister Yasuhiro Nakasone met President Ronald Reagan in Washington on trade with the United States.",
		Actors: []Actor{{"United States", Place}, {"Japan", Place}},
		Topics: []string{"economy"},
	}
	ix.Enrich(ex, &a)
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

	lawson := Article{ID: "r2", Title: "Lawson on rates", Body: "Chancellor of the Exchequer Nigel Lawson said rates would hold.",
		Actors: []Actor{{"Lawson", Person}}}
	ix.Enrich(ex, &lawson)
	if got := actorNames(lawson.Actors); !slices.Equal(got[:1], []string{"Nigel Lawson"}) || slices.Contains(got, "Lawson") {
		t.Errorf("actors = %v, want the supplied surname as the full name the text gives, once", got)
	}

	// Enriching again (a reindex) gives the same result, not a longer one.
	again := a
	ix.Enrich(ex, &again)
	if !slices.Equal(again.Actors, a.Actors) || !slices.Equal(again.Topics, a.Topics) {
		t.Errorf("second Enrich changed the tags:\n got %v %v\nwant %v %v", again.Actors, again.Topics, a.Actors, a.Topics)
	}
}

func TestAliasesCompleteSurnamesAcrossTheArchive(t *testing.T) {
	ix := openFixture(t) // holds "Benjamin Netanyahu" once
	ex := newExtractor(t)
	ctx := context.Background()
	lone := Article{ID: "n", Title: "Netanyahu speaks", Body: "Netanyahu said the talks would go on."}

	first := lone
	ix.Enrich(ex, &first)
	if slices.Contains(actorNames(first.Actors), "Benjamin Netanyahu") {
		t.Errorf("completed from a single article (%v); want at least %d", actorNames(first.Actors), aliasMinCount)
	}

	more := Article{ID: "m", Title: "Talks", Body: "Benjamin Netanyahu met envoys.", Actors: []Actor{{"Benjamin Netanyahu", Person}}}
	if _, err := ix.Put(ctx, []Article{more}); err != nil {
		t.Fatal(err)
	}
	second := lone
	ix.Enrich(ex, &second)
	if !slices.Contains(actorNames(second.Actors), "Benjamin Netanyahu") || slices.Contains(actorNames(second.Actors), "Netanyahu") {
		t.Errorf("actors = %v, want Netanyahu completed to Benjamin Netanyahu", actorNames(second.Actors))
	}

	// The table survives a reopen: it is rebuilt from the index.
	dir := t.TempDir()
	ix2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix2.Put(ctx, []Article{fixture()[2], more}); err != nil {
		t.Fatal(err)
	}
	ix2.Close()
	ix2, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if got := ix2.aliases.fullName("Netanyahu"); got != "Benjamin Netanyahu" {
		t.Errorf("after reopen fullName(Netanyahu) = %q, want Benjamin Netanyahu", got)
	}
}

func TestAliasFullName(t *testing.T) {
	var tb aliasTable
	tb.add("George W. Bush", 5)
	tb.add("George H.W. Bush", 4)
	tb.add("Ronald Reagan", 9)
	tb.add("Nancy Reagan", 1)
	tb.add("Martin Luther King Jr.", 3)
	tests := []struct{ in, want string }{
		{"Bush", "Bush"},                   // shared surname: ambiguous
		{"Reagan", "Ronald Reagan"},        // 9 of 10
		{"reagan", "Ronald Reagan"},        // case does not matter
		{"King", "Martin Luther King Jr."}, // suffixes are not surnames
		{"Ronald Reagan", "Ronald Reagan"},
		{"Smith", "Smith"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := tb.fullName(tt.in); got != tt.want {
				t.Errorf("fullName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestExtractText(t *testing.T) {
	tests := []struct {
		name string
		a    Article
		want string
	}{
		{"title and paragraphs", Article{Title: "Talks resume", Body: "First.\n\n## Outlook\n\nSecond."}, "Talks resume\n\nFirst.\n\nOutlook\n\nSecond."},
		{"capitals-only title left out", Article{Title: "NY COCOA FUTURES CLOSE", Body: "Cocoa futures in New York closed higher."}, "Cocoa futures in New York closed higher."},
		{"capitals-only title kept without a body", Article{Title: "NY COCOA FUTURES CLOSE"}, "NY COCOA FUTURES CLOSE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExtractText(tt.a); got != tt.want {
				t.Errorf("ExtractText = %q, want %q", got, tt.want)
			}
		})
	}
}
