package bleve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

// directoryIndex holds articles whose evidence writes actors in several
// ways, each written with the actors resolution gives them, as the
// importer writes them.
func directoryIndex(t *testing.T, dataDir string) *Index {
	t.Helper()
	ix, err := Open(dataDir, WithShards(2))
	if err != nil {
		t.Fatal(err)
	}
	p := func(name string) index.Actor { return index.Actor{Name: name, Kind: index.Person} }
	o := func(name string) index.Actor { return index.Actor{Name: name, Kind: index.Organization} }
	var arts []index.Article
	add := func(n int, acronym *index.Acronym, found ...index.Actor) {
		for range n {
			a := evidenceArticle(fmt.Sprint(len(arts)), found...)
			if acronym != nil {
				a.Acronyms = []index.Acronym{*acronym}
			}
			arts = append(arts, a)
		}
	}
	add(3, nil, p("Ronald Reagan"))
	add(2, nil, p("REAGAN"))
	add(2, nil, p("Reagan"))
	add(3, &index.Acronym{Short: "EC", Long: "European Community"}, o("European Community"))
	add(2, nil, o("EC"))
	add(2, nil, o("Amoco"))
	ctx := context.Background()
	if _, err := ix.Put(ctx, arts); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ix.Stale(ctx); err != nil {
		t.Fatal(err)
	}
	// Written again with what they resolve to, as the importer does.
	for i, a := range arts {
		arts[i].Actors = nil
		for _, f := range a.Found {
			name, kind := ix.Resolve(f.Name, f.Kind)
			if name != "" {
				arts[i].Actors = append(arts[i].Actors, index.Actor{Name: name, Kind: kind})
			}
		}
	}
	if _, err := ix.Put(ctx, arts); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ix.Stale(ctx); err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestActorDirectory(t *testing.T) {
	ix := directoryIndex(t, t.TempDir())
	defer ix.Close()
	ctx := context.Background()
	tests := []struct {
		in          string
		wantName    string
		wantKind    index.Kind
		wantAliases []string
		wantCount   int
	}{
		{"reagan", "Ronald Reagan", index.Person, []string{"Reagan", "REAGAN"}, 7},
		{"REAGAN", "Ronald Reagan", index.Person, []string{"Reagan", "REAGAN"}, 7},
		{"ronald reagan", "Ronald Reagan", index.Person, []string{"Reagan", "REAGAN"}, 7},
		{"ec", "European Community", index.Organization, []string{"EC"}, 5},
		{"European Community", "European Community", index.Organization, []string{"EC"}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ix.Actor(ctx, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != tt.wantName || got.Kind != tt.wantKind || got.Articles != tt.wantCount || !slices.Equal(got.Aliases, tt.wantAliases) {
				t.Errorf("Actor(%q) = %+v, want %s (%s) %v in %d articles", tt.in, got, tt.wantName, tt.wantKind, tt.wantAliases, tt.wantCount)
			}
			if got := ix.CanonicalActor(tt.in); got != tt.wantName {
				t.Errorf("CanonicalActor(%q) = %q, want %q", tt.in, got, tt.wantName)
			}
		})
	}
	if _, err := ix.Actor(ctx, "Nobody Atall"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Actor(unknown) error = %v, want ErrNotFound", err)
	}

	t.Run("list", func(t *testing.T) {
		for _, tt := range []struct {
			q    string
			want []string
		}{
			{"rea", []string{"Ronald Reagan"}},
			{"REAG", []string{"Ronald Reagan"}},
			{"ec", []string{"European Community"}},
			{"", []string{"Ronald Reagan", "European Community", "Amoco"}},
		} {
			got, err := ix.Actors(ctx, tt.q, 10)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, a := range got {
				names = append(names, a.Name)
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("Actors(%q) = %v, want %v", tt.q, names, tt.want)
			}
		}
	})

	t.Run("suggested once", func(t *testing.T) {
		for _, prefix := range []string{"reag", "ec"} {
			got, err := ix.Suggest(ctx, prefix, 5)
			if err != nil {
				t.Fatal(err)
			}
			var actors []string
			for _, s := range got {
				if s.Type == "actor" {
					actors = append(actors, s.Text)
				}
			}
			if len(actors) != 1 {
				t.Errorf("Suggest(%q) actors = %v, want one", prefix, actors)
			}
		}
	})

	t.Run("actor: in queries finds aliases", func(t *testing.T) {
		for _, q := range []string{"actor:EC", `actor:"REAGAN"`, "actor:Reagan", `actor:"ronald reagan"`, `actor:"european community"`} {
			res, err := ix.Search(ctx, index.Query{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total == 0 {
				t.Errorf("Search(%s) found nothing", q)
			}
		}
	})
}

func TestCorrections(t *testing.T) {
	dir := t.TempDir()
	ix := directoryIndex(t, dir)
	ctx := context.Background()
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, index.CorrectionsFile), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("never Amoco\nsplit EC\nrename Ronald Reagan | President Reagan\nkind European Community | place\n")
	stale, _, err := ix.Stale(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Amoco", "European Community", "Ronald Reagan"}; !slices.Equal(stale, want) {
		t.Errorf("stale = %v, want %v", stale, want)
	}
	for _, tt := range []struct {
		in, kind, wantName, wantKind string
	}{
		{"Amoco", "organization", "", "organization"},
		{"EC", "organization", "EC", "organization"},
		{"REAGAN", "person", "President Reagan", "person"},
		{"European Community", "organization", "European Community", "place"},
	} {
		name, kind := ix.Resolve(tt.in, index.Kind(tt.kind))
		if name != tt.wantName || string(kind) != tt.wantKind {
			t.Errorf("Resolve(%s) = %q %s, want %q %s", tt.in, name, kind, tt.wantName, tt.wantKind)
		}
	}

	// Opened again, the index takes the applied corrections as what its
	// articles were resolved with: nothing is stale until the file
	// changes again.
	ix.Close()
	ix2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if stale, _, err := ix2.Stale(ctx); err != nil || len(stale) != 0 {
		t.Errorf("reopened: stale = %v, %v; want none", stale, err)
	}
	write("merge Ronald Reagan | Reagan\n")
	ix2.Close()
	ix3, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix3.Close()
	stale, _, err = ix3.Stale(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Amoco", "EC", "European Community", "President Reagan"}; !slices.Equal(stale, want) { // Amoco, dropped until now, by its evidence
		t.Errorf("after an edit while closed: stale = %v, want %v", stale, want)
	}

	write("frobnicate Reagan\n")
	if _, _, err := ix3.Stale(ctx); err == nil {
		t.Error("Stale with a bad corrections file: no error")
	}
}
