//go:build sqlite_fts5

package main

import "testing"

func TestFTS5ImportAndSearch(t *testing.T) { testPeer(t, "fts5") }

// TestFTS5Generated checks that the Porter stemmer finds the same
// articles as the count by hand that the Bleve test uses.
func TestFTS5Generated(t *testing.T) { testGenerated(t, "fts5") }
