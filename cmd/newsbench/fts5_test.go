//go:build sqlite_fts5

package main

import "testing"

func TestFTS5ImportAndSearch(t *testing.T) { testPeer(t, "fts5") }
