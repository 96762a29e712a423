package bleve

import (
	"context"
	"fmt"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

// evidenceArticle is an enriched article whose extraction found actors.
func evidenceArticle(id string, found ...index.Actor) index.Article {
	return index.Article{ID: id, Title: "Story " + id, Body: "Text.", Supplied: &index.Tags{}, Found: found, Actors: found}
}

func TestResolve(t *testing.T) {
	ix, err := Open(t.TempDir(), WithShards(2))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	p := func(name string) index.Actor { return index.Actor{Name: name, Kind: index.Person} }
	o := func(name string) index.Actor { return index.Actor{Name: name, Kind: index.Organization} }
	l := func(name string) index.Actor { return index.Actor{Name: name, Kind: index.Place} }
	var arts []index.Article
	add := func(n int, found ...index.Actor) {
		for range n {
			arts = append(arts, evidenceArticle(fmt.Sprint(len(arts)), found...))
		}
	}
	add(3, p("Donald Trump"), l("Paris"))
	add(2, l("Trump"))  // a headline's Trump tagged as a place
	add(1, p("REAGAN")) // capitals
	add(2, p("Reagan"), p("Ronald Reagan"))
	add(3, o("Amoco"))
	add(1, o("Amoco Corp"))
	add(2, p("Denver")) // a tagger's slip
	add(3, l("Denver"))
	add(1, p("Paris Hilton"))
	add(2, p("George W. Bush"), p("George H.W. Bush"))
	add(5, o("European Community"))
	for i := range 2 { // texts that define EC
		arts[len(arts)-1-i].Acronyms = []index.Acronym{{Short: "EC", Long: "European Community"}}
	}
	add(4, o("EC"))
	add(2, o("Organization of Petroleum Exporting Countries"))
	for i := range 2 {
		arts[len(arts)-1-i].Acronyms = []index.Acronym{{Short: "OPEC", Long: "Organization of Petroleum Exporting Countries"}}
	}
	add(6, o("OPEC"))
	add(3, p("Kent")) // as often a person as a place: one kind all the same
	add(3, l("Kent"))
	add(2, p("Vera Drake"))
	add(20, p("Drake")) // the singer, known by the one word
	add(3, p("Smith"))
	add(2, o("Smith Inc"))
	add(1, o("ICO"))
	arts[len(arts)-1].Acronyms = []index.Acronym{{Short: "ICO", Long: "International Coffee Organization"}}
	if _, err := ix.Put(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ix.Stale(context.Background()); err != nil { // counts the table anew
		t.Fatal(err)
	}
	tests := []struct {
		in, want index.Actor
	}{
		{l("Trump"), p("Donald Trump")},
		{o("Trump"), p("Donald Trump")},
		{p("REAGAN"), p("Ronald Reagan")},
		{p("Reagan"), p("Ronald Reagan")},
		{o("Amoco Corp"), o("Amoco")},
		{o("AMOCO"), o("Amoco")},
		{p("Denver"), l("Denver")},
		{l("Paris"), l("Paris")},
		{p("Bush"), p("")},   // two Bushes: names no one in particular
		{p("George"), p("")}, // their given name likewise
		{o("Unknown Corp"), o("Unknown Corp")},
		{o("EC"), o("European Community")},
		{l("EC"), o("European Community")},
		{o("ICO"), o("ICO")},                                            // defined by one article only
		{o("Organization of Petroleum Exporting Countries"), o("OPEC")}, // the short form is the more used
		{o("OPEC"), o("OPEC")},
		{p("Drake"), p("Drake")},
		{p("Kent"), p("Kent")},
		{l("Kent"), p("Kent")},
		{p("Smith"), p("Smith")},         // a surname, not the firm Smith Inc
		{o("Smith Inc"), o("Smith Inc")}, // a firm, not the person Smith
		{p("Smith Inc"), o("Smith Inc")},
	}
	for _, tt := range tests {
		t.Run(tt.in.Name+"/"+string(tt.in.Kind), func(t *testing.T) {
			name, kind := ix.Resolve(tt.in.Name, tt.in.Kind)
			if got := (index.Actor{Name: name, Kind: kind}); got != tt.want {
				t.Errorf("Resolve(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}

	// More articles with Denver the person: the place's articles show a
	// name that now resolves otherwise.
	var more []index.Article
	for i := range 5 {
		more = append(more, evidenceArticle(fmt.Sprint("d", i), p("Denver")))
	}
	if _, err := ix.Put(context.Background(), more); err != nil {
		t.Fatal(err)
	}
	stale, now, err := ix.Stale(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(stale) != "[Denver]" {
		t.Errorf("Stale() = %v, want [Denver]", stale)
	}
	if name, kind := ix.Resolve("Denver", index.Place); kind != index.Person || name != "Denver" {
		t.Errorf("Resolve(Denver, place) = %s, %s after more articles name the person", name, kind)
	}
	if got := now[l("Denver")]; got != p("Denver") {
		t.Errorf("Stale()'s resolution of Denver the place = %v, want the person", got)
	}
	if stale, _, _ := ix.Stale(context.Background()); len(stale) != 0 {
		t.Errorf("Stale() again = %v, want nothing new", stale)
	}
}

func TestEvidence(t *testing.T) {
	tests := []struct {
		name string
		a    index.Article
		want []index.Actor
	}{
		{"never enriched: its actors", index.Article{Actors: []index.Actor{{Name: "OPEC", Kind: index.Organization}}},
			[]index.Actor{{Name: "OPEC", Kind: index.Organization}}},
		{"enriched: supplied and found, not resolved", index.Article{
			Actors:   []index.Actor{{Name: "Nigel Lawson", Kind: index.Person}, {Name: "Donald Trump", Kind: index.Person}},
			Supplied: &index.Tags{Actors: []index.Actor{{Name: "Lawson", Kind: index.Person}}},
			Found:    []index.Actor{{Name: "Trump", Kind: index.Place}, {Name: "Lawson", Kind: index.Person}},
		}, []index.Actor{{Name: "Lawson", Kind: index.Person}, {Name: "Trump", Kind: index.Place}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := evidence(tt.a)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("evidence = %v, want %v", got, tt.want)
			}
		})
	}
}
