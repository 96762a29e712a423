//go:build !sqlite_fts5

package main

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

// TestFTS5Stub checks that a build without the tag still knows the fts5
// peer and says how to get it, rather than calling the name unknown.
func TestFTS5Stub(t *testing.T) {
	in := writeJSONL(t, handArticles())
	err := run(context.Background(), []string{"run", "--input", in, "--peers", "fts5"}, &bytes.Buffer{}, &bytes.Buffer{})
	if !errors.Is(err, errNoFTS5) {
		t.Errorf("error = %v, want %v", err, errNoFTS5)
	}
}
