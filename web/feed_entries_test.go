package web_test

import (
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

// atomDoc is what a feed reader takes from an Atom feed.
type atomDoc struct {
	Title   string `xml:"title"`
	Updated string `xml:"updated"`
	Entries []struct {
		ID        string   `xml:"id"`
		Title     string   `xml:"title"`
		Updated   string   `xml:"updated"`
		Published string   `xml:"published"`
		Authors   []string `xml:"author>name"`
		Comment   string   `xml:",comment"`
	} `xml:"entry"`
}

func parseAtom(t *testing.T, body string) atomDoc {
	t.Helper()
	var d atomDoc
	if err := xml.Unmarshal([]byte(body), &d); err != nil {
		t.Fatalf("parsing the feed: %v\n%s", err, body)
	}
	return d
}

// TestFeedEntriesOnRealIndex checks the dates and authors of entries in
// the feed of a real index: an undated article is dated by its import,
// and says so, and every author of an article is an author of its entry.
func TestFeedEntriesOnRealIndex(t *testing.T) {
	dated := time.Date(1987, 2, 26, 15, 1, 1, 0, time.UTC)
	arts := []index.Article{
		{ID: "dated", Title: "Cocoa review", Body: "Cocoa rose.", Published: dated, Authors: []string{"Ann Lee", "Bo Chen"}},
		{ID: "undated", Title: "Cocoa note", Body: "Cocoa fell."},
	}
	before := time.Now().Truncate(time.Second)
	h := indexHandler(t, arts)
	after := time.Now()
	rec := serve(h, "/search.atom?q=cocoa")
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	feed := parseAtom(t, rec.Body.String())
	if len(feed.Entries) != 2 {
		t.Fatalf("%d entries, want 2:\n%s", len(feed.Entries), rec.Body)
	}
	byTitle := map[string]int{}
	for i, e := range feed.Entries {
		byTitle[e.Title] = i
	}
	d, u := feed.Entries[byTitle["Cocoa review"]], feed.Entries[byTitle["Cocoa note"]]

	t.Run("undated is dated by its import", func(t *testing.T) {
		got, err := time.Parse(time.RFC3339, u.Updated)
		if err != nil {
			t.Fatalf("updated %q: %v", u.Updated, err)
		}
		if got.Before(before) || got.After(after) {
			t.Errorf("updated = %s, want the import time, between %s and %s", u.Updated, before.Format(time.RFC3339), after.Format(time.RFC3339))
		}
		if u.Published != "" {
			t.Errorf("published = %q, want none for an undated article", u.Published)
		}
		if !strings.Contains(u.Comment, "imported") {
			t.Errorf("comment = %q, want one saying the date is the import's", u.Comment)
		}
		if feed.Updated != u.Updated {
			t.Errorf("feed updated = %q, want the newest entry's %q", feed.Updated, u.Updated)
		}
	})
	t.Run("dated keeps its date", func(t *testing.T) {
		if want := dated.Format(time.RFC3339); d.Updated != want || d.Published != want {
			t.Errorf("updated, published = %q, %q; want %q", d.Updated, d.Published, want)
		}
		if d.Comment != "" {
			t.Errorf("comment = %q, want none", d.Comment)
		}
	})
	t.Run("authors", func(t *testing.T) {
		if want := []string{"Ann Lee", "Bo Chen"}; !slices.Equal(d.Authors, want) {
			t.Errorf("authors = %q, want %q", d.Authors, want)
		}
		if len(u.Authors) != 0 {
			t.Errorf("authors of an article without any = %q, want none (the feed's applies)", u.Authors)
		}
	})
}

// TestFeedTitleNamesFilters checks that a feed's title says what it
// follows: the query and every filter that narrows the results.
func TestFeedTitleNamesFilters(t *testing.T) {
	h := indexHandler(t, plainArticles)
	tests := []struct {
		query string
		want  string
	}{
		{"", "News archive"},
		{"q=cocoa", "News archive: cocoa"},
		{"actor=Ronald+Reagan&topic=economy", "News archive: actor Ronald Reagan, topic economy"},
		{"actor=Ronald+Reagan&actor=George+Bush", "News archive: actor Ronald Reagan or George Bush"},
		{"q=oil&topic=economy&topic=politics", "News archive: oil, topic economy or politics"},
		{"not_actor=Brazil&not_topic=sport&not_topic=crime", "News archive: not actor Brazil, not topic sport, not topic crime"},
		{"date=1987-03", "News archive: date 1987-03"},
		{"from=1987-01-01&to=1987-03-31&topic=economy", "News archive: topic economy, from 1987-01-01, to 1987-03-31"},
		{"kind=person&sort=oldest&page=2", "News archive"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			rec := serve(h, "/search.atom?"+tt.query)
			if rec.Code != 200 {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if got := parseAtom(t, rec.Body.String()).Title; got != tt.want {
				t.Errorf("title = %q, want %q", got, tt.want)
			}
		})
	}
}
