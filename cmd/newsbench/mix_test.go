package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
	"github.com/newsarchive/newsarchive/web"
)

// mixArticles are articles whose words and actors have known counts:
// "pipeline" in all of them, "tariffs" in half, each later word in
// fewer.
func mixArticles() []index.Article {
	var out []index.Article
	extra := []string{"tariffs", "harvest", "glacier", "senator", "orchard", "freighter"}
	actors := []string{"Reserve Bank", "Angela Merkel", "Kenya"}
	for i := range 24 {
		body := "pipeline"
		for j, w := range extra {
			if i%(j+2) == 0 {
				body += " " + w
			}
		}
		a := index.Article{ID: "m" + string(rune('a'+i)), Title: "Story", Body: body}
		for j, name := range actors {
			if i%(j+1) == 0 {
				a.Actors = append(a.Actors, index.Actor{Name: name, Kind: index.Organization})
			}
		}
		a.Published = handArticles()[0].Published.AddDate(i/12, 0, 0)
		out = append(out, a)
	}
	return out
}

// TestZipfMixCounts checks what the realistic load draws from: the long
// words and the actors, most frequent first, and the years.
func TestZipfMixCounts(t *testing.T) {
	m := newZipfMix(mixArticles())
	if got := strings.Join(m.words[:4], " "); got != "pipeline story tariffs harvest" {
		t.Errorf("words = %q, want pipeline and story (in every article, ties alphabetical), then tariffs and harvest", got)
	}
	if got := strings.Join(m.actors, ", "); got != "Reserve Bank, Angela Merkel, Kenya" {
		t.Errorf("actors = %q, want the most named first", got)
	}
	if len(m.years) != 2 || m.years[0] != 2024 || m.years[1] != 2025 {
		t.Errorf("years = %v, want [2024 2025]", m.years)
	}
}

// TestZipfMixDraws checks the requests: the same seed and client ask the
// same, each kind comes about as often as its weight, and a popular word
// comes more often than a less popular one.
func TestZipfMixDraws(t *testing.T) {
	m := newZipfMix(mixArticles())
	const n = 20000
	draw := func(seed uint64, client int) ([]string, map[string]int, map[string]int) {
		c := m.client("http://x", seed, client)
		var targets []string
		kinds, qs := map[string]int{}, map[string]int{}
		for range n {
			k, target := c.next()
			kinds[k]++
			targets = append(targets, target)
			u, err := url.Parse(target)
			if err != nil {
				t.Fatalf("%s: %v", target, err)
			}
			if k == "word" {
				qs[u.Query().Get("q")]++
			}
		}
		return targets, kinds, qs
	}
	a, kinds, qs := draw(1, 0)
	b, _, _ := draw(1, 0)
	other, _, _ := draw(1, 1)
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Error("the same seed and client drew different requests")
	}
	if strings.Join(a, "\n") == strings.Join(other, "\n") {
		t.Error("two clients drew the same requests")
	}
	total := 0
	for _, k := range mixKinds {
		total += k.weight
	}
	for _, k := range mixKinds {
		want := float64(n) * float64(k.weight) / float64(total)
		if got := float64(kinds[k.name]); got < want*0.9 || got > want*1.1 {
			t.Errorf("%s: %v requests, want about %.0f", k.name, got, want)
		}
	}
	if qs["pipeline"] <= qs["harvest"] || qs["harvest"] == 0 {
		t.Errorf("word draws: pipeline %d, harvest %d; want the more frequent word drawn more often, and both drawn", qs["pipeline"], qs["harvest"])
	}
}

// TestZipfMixAnswered sends every kind of the realistic load's requests
// to the archive's real server on a real index: none may be refused.
func TestZipfMixAnswered(t *testing.T) {
	ix, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	arts := mixArticles()
	if _, err := ix.Put(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(ix, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler())
	defer srv.Close()
	m := newZipfMix(arts)
	c := m.client(srv.URL, 1, 0)
	seen := map[string]bool{}
	for range 300 {
		kind, target := c.next()
		seen[kind] = true
		resp, err := http.Get(target)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: status %d: %s", kind, target, resp.StatusCode, body)
		}
	}
	for _, k := range mixKinds {
		if !seen[k.name] {
			t.Errorf("no %s request among 300", k.name)
		}
	}
}
