package bleve

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

func TestRelated(t *testing.T) {
	ix := openFixture(t)
	got, err := ix.Related(context.Background(), "cocoa", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].ID != "oil" {
		t.Fatalf("related to cocoa = %v, want the oil story (shares Brazil and economy) first", relatedIDs(got))
	}
	if !slices.Equal(got[0].SharedActors, []string{"Brazil"}) || !slices.Equal(got[0].SharedTopics, []string{"economy"}) {
		t.Errorf("reason = %v / %v, want [Brazil] / [economy]", got[0].SharedActors, got[0].SharedTopics)
	}
	for _, r := range got {
		if r.ID == "cocoa" {
			t.Error("an article is related to itself")
		}
	}
	if _, err := ix.Related(context.Background(), "missing", 5); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Related(missing) = %v, want ErrNotFound", err)
	}
}

func relatedIDs(rs []index.Related) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func TestCoActors(t *testing.T) {
	ix := openFixture(t)
	got, err := ix.CoActors(context.Background(), "Brazil", 10)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range got {
		names = append(names, f.Value)
		if f.Value == "Brazil" {
			t.Error("Brazil listed among its own co-actors")
		}
	}
	slices.Sort(names)
	want := []string{"Comissaria Smith", "OPEC", "Saudi Arabia"}
	if !slices.Equal(names, want) {
		t.Errorf("co-actors of Brazil = %v, want %v", names, want)
	}
}
