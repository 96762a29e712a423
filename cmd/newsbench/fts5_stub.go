//go:build !sqlite_fts5

package main

import "errors"

// errNoFTS5 is what the fts5 peer answers in a build without SQLite: the
// cgo driver and its FTS5 module are compiled only with the tag, so that
// a plain go vet or go test needs no C compiler.
var errNoFTS5 = errors.New("fts5: built without -tags sqlite_fts5 (go run -tags sqlite_fts5 . run --peers fts5)")

func init() {
	register("fts5", func(string) (Store, error) { return nil, errNoFTS5 })
}
