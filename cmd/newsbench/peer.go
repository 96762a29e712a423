package main

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/newsarchive/newsarchive/index"
)

// A Store is one engine's index of articles, open in a folder of its own.
type Store interface {
	// Import adds articles; the store chooses its own batching, and all
	// of them are durable on disk when it returns.
	Import(ctx context.Context, articles []index.Article) error
	// Search returns the ids of the articles whose title or body match
	// one word, after the engine's own stemming, in ascending order. It
	// lets tests check that an import really indexed the text.
	Search(word string) ([]string, error)
	// Close flushes and closes the store.
	Close() error
}

// openers makes a new, empty store in a folder, by peer name. Peers that
// need a build tag register themselves from a file with that tag, and a
// stub without it registers an opener that says how to build them, so
// the default build still knows every name.
var openers = map[string]func(dir string) (Store, error){}

// register adds a peer; it is called from init functions only.
func register(name string, open func(dir string) (Store, error)) {
	if _, dup := openers[name]; dup {
		panic("newsbench: peer " + name + " registered twice")
	}
	openers[name] = open
}

// peerNames returns the known peers in a stable order, for messages.
func peerNames() []string {
	names := make([]string, 0, len(openers)+len(productPeers))
	for n := range openers {
		names = append(names, n)
	}
	for n := range productPeers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// parsePeers splits a comma-separated list and checks every name.
func parsePeers(list string) ([]string, error) {
	var out []string
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		_, store := openers[n]
		if _, product := productPeers[n]; !store && !product {
			return nil, fmt.Errorf("unknown peer %q (known: %s)", n, strings.Join(peerNames(), ", "))
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no peers named")
	}
	return out, nil
}

// dirSize is the bytes of the regular files under dir: what the index
// takes on disk, leaving out the file system's block rounding.
func dirSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			total += info.Size()
		}
		return nil
	})
	return total, err
}
