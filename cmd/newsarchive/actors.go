package main

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/internal/numfmt"
)

// maxAuditTop is how many values of one kind the actors command lists at
// most: as many as the actor facet lists when narrowed to one kind.
const maxAuditTop = 100

// cmdActors prints the actors an archive names most, by kind, for a
// person to judge: the audit of what the actor facets show readers.
func cmdActors(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlagSet("actors", &cfg, getenv, stderr)
	top := fs.Int("top", maxAuditTop, fmt.Sprintf("values listed per kind, 1 to %d", maxAuditTop))
	kind := fs.String("kind", "", "person, organization or place; empty lists all three")
	q := fs.String("q", "", "list the actors of the articles this query finds (the query language of the search box)")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	if *top < 1 || *top > maxAuditTop {
		return fmt.Errorf("--top %d: want 1 to %d", *top, maxAuditTop)
	}
	kinds := []index.Kind{index.Person, index.Organization, index.Place}
	if *kind != "" {
		k := index.Kind(*kind)
		if !k.Valid() {
			return fmt.Errorf("--kind %q: want person, organization or place", *kind)
		}
		kinds = []index.Kind{k}
	}
	ix, err := cfg.openIndex()
	if err != nil {
		return err
	}
	defer ix.Close()
	w := bufio.NewWriter(stdout)
	for i, k := range kinds {
		res, err := ix.Search(ctx, index.Query{Text: *q, ActorKind: k, Size: 1})
		if err != nil {
			return err
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s: top %d, by the number of articles naming them (%s searched)\n", k, *top, numfmt.Uint(res.Total))
		n := 0
		for _, v := range res.Facets.Actor {
			if v.Kind != k || n == *top {
				continue
			}
			n++
			fmt.Fprintf(w, "%4d %8s  %s\n", n, numfmt.Int(int64(v.Count)), v.Value)
		}
	}
	return w.Flush()
}
