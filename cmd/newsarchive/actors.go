package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/index/importer"
	"github.com/newsarchive/newsarchive/internal/numfmt"
)

// maxAuditTop is how many values of one kind the actors command lists at
// most: as many as the actor facet lists when narrowed to one kind.
const maxAuditTop = 100

// cmdActors prints the actors an archive names most, by kind, for a
// person to judge: the audit of what the actor facets show readers.
//
// With a verb first (merge, rename, kind, never, split), it records a
// person's correction instead; see cmdCorrect.
func cmdActors(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && slices.Contains(index.CorrectionVerbs, args[0]) {
		return cmdCorrect(ctx, args[0], args[1:], getenv, stdout, stderr)
	}
	var cfg Config
	fs := newCommand("actors", `usage: newsarchive actors [--data DIR] [--kind KIND] [--top N] [--q QUERY] [--jsonl]
       newsarchive actors VERB [--data DIR] NAME...

The first form lists the actors the archive names most, by kind, with
the other names its texts write them by. The second records a correction
in DIR/corrections.txt and applies it to the archive at once (or, while
a server holds the archive, when it next starts or imports):

  merge NAME ALIAS...   write each alias as NAME
  rename OLD NEW        write OLD as NEW
  kind NAME KIND        NAME is a person, organization or place
  never NAME...         these names are never actors
  split NAME...         keep each name as written, its own actor`, stdout, stderr)
	fs.dataFlag(&cfg, getenv)
	jsonl := fs.Bool("jsonl", false, "write each actor as a line of JSON (name, kind, aliases, articles) instead of the table")
	top := fs.Int("top", maxAuditTop, fmt.Sprintf("values listed per kind, 1 to %d", maxAuditTop))
	kind := fs.String("kind", "", "person, organization or place; empty lists all three")
	q := fs.String("q", "", "list the actors of the articles this query finds (the query language of the search box)")
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.misuse()
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
	ix, err := cfg.openArchive()
	if err != nil {
		return err
	}
	defer ix.Close()
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	for i, k := range kinds {
		res, err := ix.Search(ctx, index.Query{Text: *q, ActorKind: k, Size: 1})
		if err != nil {
			return err
		}
		if !*jsonl {
			if i > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "%s: top %d, by the number of articles naming them (%s searched)\n", k, *top, numfmt.Uint(res.Total))
		}
		n := 0
		for _, v := range res.Facets.Actor {
			if v.Kind != k || n == *top {
				continue
			}
			n++
			aliases := ix.Aliases(v.Value)
			if *jsonl {
				if err := enc.Encode(actorLine{Name: v.Value, Kind: k, Aliases: append([]string{}, aliases...), Articles: v.Count}); err != nil {
					return err
				}
				continue
			}
			also := ""
			if len(aliases) > 0 {
				also = "  (also " + strings.Join(aliases, ", ") + ")"
			}
			fmt.Fprintf(w, "%4d %8s  %s%s\n", n, numfmt.Int(int64(v.Count)), v.Value, also)
		}
	}
	return w.Flush()
}

// actorLine is one actor of the actors command's JSON Lines.
type actorLine struct {
	Name     string     `json:"name"`
	Kind     index.Kind `json:"kind"`
	Aliases  []string   `json:"aliases"`
	Articles int        `json:"articles"`
}

// correctionsHeader starts a new corrections file, so that a person who
// opens it knows what it is and how to write it.
const correctionsHeader = `# Corrections to the archive's actors, one per line; they apply to every
# import and reindex. Names match in any case. Written by
# 'newsarchive actors VERB ...' or by hand:
#   merge NAME | ALIAS | ...    write each alias as NAME
#   rename OLD | NEW            write OLD as NEW
#   kind NAME | KIND            NAME is a person, organization or place
#   never NAME | ...            these names are never actors
#   split NAME | ...            keep each name as written, its own actor
`

// correctionHelp says what each correction verb does, for its usage.
var correctionHelp = map[string]string{
	"merge":  "Writes each alias as NAME, in every article, now and in later imports.",
	"rename": "Writes OLD as NEW (give the two names), in every article, now and in later imports.",
	"kind":   "Makes NAME a person, organization or place (give the name, then the kind).",
	"never":  "Makes these names never actors.",
	"split":  "Keeps each name as written, its own actor, though the archive would merge it.",
}

// cmdCorrect records one correction of the archive's actors in the data
// directory's corrections file and rewrites the articles it changes.
func cmdCorrect(ctx context.Context, verb string, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newCommand("actors "+verb, "usage: newsarchive actors "+verb+" [--data DIR] NAME...\n\n"+correctionHelp[verb], stdout, stderr)
	fs.dataFlag(&cfg, getenv)
	if err := fs.parse(args); err != nil {
		return err
	}
	line, err := index.CorrectionLine(verb, fs.Args()...)
	if err != nil {
		return fmt.Errorf("actors %s: %w", verb, err)
	}
	if !bleve.Exists(cfg.DataDir) {
		return fmt.Errorf("actors %s: data directory %s: %w; give --data the directory that holds one", verb, cfg.DataDir, bleve.ErrNoArchive)
	}
	if cfg.envErr != nil {
		return cfg.envErr
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(cfg.DataDir, index.CorrectionsFile)
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if len(old) == 0 {
		old = []byte(correctionsHeader)
	}
	if len(old) > 0 && old[len(old)-1] != '\n' {
		old = append(old, '\n')
	}
	if err := os.WriteFile(path, append(old, line+"\n"...), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %s\n", path, line)
	ix, err := cfg.openIndex()
	if err != nil {
		return fmt.Errorf("the correction is saved and applies when the archive next opens for serving or importing, but not now: %w", err)
	}
	defer ix.Close()
	n, err := importer.New(ix, nil).Reresolve(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rewrote the actors of %s articles\n", numfmt.Int(int64(n)))
	return nil
}
