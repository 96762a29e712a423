package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/internal/corpus"
)

// resolveStories name the same people in several ways: a lone surname
// before the full name is known, capitals, and a surname in a headline.
var resolveStories = []index.Article{
	{ID: "1", Title: "Talks on trade", Body: "Reagan said the talks in Tokyo would go on."},
	{ID: "2", Title: "Summit", Body: "President Ronald Reagan spoke in Washington on Monday."},
	{ID: "3", Title: "Trade accord", Body: "Ronald Reagan met Yasuhiro Nakasone in Tokyo."},
	{ID: "4", Title: "REAGAN PRAISES ACCORD", Body: "REAGAN PRAISED THE ACCORD.\n\nReagan and Nakasone agreed on trade."},
	{ID: "5", Title: "Markets", Body: "Amoco Corp said profits rose. Amoco will pay more."},
	{ID: "6", Title: "Oil", Body: "Amoco said it found oil in Texas."},
}

// importStories imports articles one at a time, in the order given, as
// separate writes (the write API's way), and returns every article's
// actors by id.
func importStories(t *testing.T, arts []index.Article) map[string][]index.Actor {
	t.Helper()
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	im := New(ix, newExtractor(t))
	for _, a := range arts {
		if _, err := im.Import(context.Background(), []index.Article{a}); err != nil {
			t.Fatal(err)
		}
	}
	out := map[string][]index.Actor{}
	err = ix.Each(context.Background(), func(a index.Article) error {
		acts := slices.Clone(a.Actors)
		slices.SortFunc(acts, func(x, y index.Actor) int { return compareActors(x, y) })
		out[a.ID] = acts
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func compareActors(x, y index.Actor) int {
	if x.Name != y.Name {
		if x.Name < y.Name {
			return -1
		}
		return 1
	}
	if x.Kind < y.Kind {
		return -1
	}
	if x.Kind > y.Kind {
		return 1
	}
	return 0
}

// TestResolutionIsOrderIndependent imports the same stories forwards and
// backwards: every article must end with the same actors, the archive's
// names for them, whatever came before it.
func TestResolutionIsOrderIndependent(t *testing.T) {
	forward := importStories(t, resolveStories)
	rev := slices.Clone(resolveStories)
	slices.Reverse(rev)
	backward := importStories(t, rev)
	for _, a := range resolveStories {
		if fmt.Sprint(forward[a.ID]) != fmt.Sprint(backward[a.ID]) {
			t.Errorf("article %s: forwards %v, backwards %v", a.ID, forward[a.ID], backward[a.ID])
		}
	}
	for id, want := range map[string]index.Actor{
		"1": {Name: "Ronald Reagan", Kind: index.Person},
		"4": {Name: "Ronald Reagan", Kind: index.Person},
		"6": {Name: "Amoco", Kind: index.Organization},
	} {
		if !slices.Contains(forward[id], want) {
			t.Errorf("article %s: actors %v, want %v among them", id, forward[id], want)
		}
	}
	for id, acts := range forward {
		for _, a := range acts {
			if a.Name == "Reagan" || a.Name == "REAGAN" || a.Name == "Amoco Corp" {
				t.Errorf("article %s keeps the split name %v", id, a)
			}
		}
	}
}

// TestResolutionReverseOrderOnBBC rebuilds a slice of the BBC set in
// reverse order and counts the articles whose actors differ.
func TestResolutionReverseOrderOnBBC(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a few hundred BBC stories twice")
	}
	dir := corpus.Dir(t, "bbc")
	build := func(reverse bool) map[string]string {
		ix, err := bleve.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		im := New(ix, newExtractor(t))
		im.BatchSize = 50
		var paths []string
		for i := 1; i <= 200; i++ {
			paths = append(paths, fmt.Sprintf("%s/politics/%03d.txt", dir, i))
		}
		if reverse {
			slices.Reverse(paths)
		}
		for _, p := range paths {
			if _, err := im.ImportPaths(context.Background(), []string{p}); err != nil {
				t.Fatal(err)
			}
		}
		out := map[string]string{}
		_ = ix.Each(context.Background(), func(a index.Article) error {
			acts := slices.Clone(a.Actors)
			slices.SortFunc(acts, compareActors)
			out[a.ID] = fmt.Sprint(acts)
			return nil
		})
		return out
	}
	fwd, rev := build(false), build(true)
	differ := 0
	for id, acts := range fwd {
		if rev[id] != acts {
			differ++
			if differ <= 3 {
				t.Logf("%s:\n  forwards %s\n  backwards %s", id, acts, rev[id])
			}
		}
	}
	t.Logf("%d of %d articles differ", differ, len(fwd))
	if differ > len(fwd)/1000 {
		t.Errorf("%d of %d articles have other actors when imported in reverse order; want at most 0.1%%", differ, len(fwd))
	}
}

// TestCorrectionUndone checks that an actor a correction dropped comes
// back to its articles when the correction goes: they no longer show it,
// and are found by their evidence.
func TestCorrectionUndone(t *testing.T) {
	dir := t.TempDir()
	ix, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	im := New(ix, newExtractor(t))
	ctx := context.Background()
	stories := []index.Article{
		{ID: "1", Title: "Oil find", Body: "Amoco said on Monday it found oil in Texas."},
		{ID: "2", Title: "Profits", Body: "Amoco Corp said on Tuesday that profits rose."},
	}
	if _, err := im.Import(ctx, stories); err != nil {
		t.Fatal(err)
	}
	named := func() int {
		n := 0
		err := ix.Each(ctx, func(a index.Article) error {
			if slices.ContainsFunc(a.Actors, func(x index.Actor) bool { return x.Name == "Amoco" || x.Name == "Amoco Corp" }) {
				n++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := named(); got != 2 {
		t.Fatalf("before: %d articles name Amoco, want 2", got)
	}
	corrections := filepath.Join(dir, index.CorrectionsFile)
	for _, tt := range []struct {
		file string
		want int
	}{{"never Amoco\n", 0}, {"# none\n", 2}} {
		if err := os.WriteFile(corrections, []byte(tt.file), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := im.Reresolve(ctx); err != nil {
			t.Fatal(err)
		}
		if got := named(); got != tt.want {
			t.Errorf("with %q: %d articles name Amoco, want %d", tt.file, got, tt.want)
		}
	}
}
