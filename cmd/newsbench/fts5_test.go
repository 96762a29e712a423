//go:build sqlite_fts5

package main

import (
	"context"
	"testing"
)

func TestFTS5ImportAndSearch(t *testing.T) { testPeer(t, "fts5") }

// TestFTS5Generated checks that the Porter stemmer finds the same
// articles as the count by hand that the Bleve test uses.
func TestFTS5Generated(t *testing.T) { testGenerated(t, "fts5") }

func TestFTS5Shapes(t *testing.T) {
	arts := articles(t, 200)
	dir := t.TempDir()
	s, err := openers["fts5"](dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Import(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	q, err := queryOpeners["fts5"](dir)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	checkShapes(t, q, arts)
}

func TestMarkHTML(t *testing.T) {
	got := markHTML("AT&T <b>" + markOpen + "shares" + markClose + " rose")
	want := "AT&amp;T &lt;b&gt;<mark>shares</mark> rose"
	if got != want {
		t.Errorf("markHTML = %q, want %q", got, want)
	}
}
