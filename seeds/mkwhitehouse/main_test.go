package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// page builds a file the way the checkout keeps one: YAML front matter as
// PyYAML writes it, a line holding one space, then pandoc's Markdown.
func page(title, date, body string) string {
	return "---\ntags: statements-releases\ndate: '" + date + "'\n" +
		"source_url: https://bidenwhitehouse.archives.gov/briefing-room/statements-releases/x/\n" +
		"title: " + title + "\n---\n \n" + body
}

func TestRelease(t *testing.T) {
	tests := []struct {
		name             string
		title, body      string
		wantOK           bool
		wantTitle, wants string
	}{
		{
			name:   "wrapped lines join, the end mark goes",
			title:  "Readout of President Joseph R. Biden, Jr. Call with Prime Minister Boris Johnson",
			body:   "President Biden spoke today with Prime\nMinister Boris Johnson.\n\nThey agreed to meet.\n\n\\###\n",
			wantOK: true, wantTitle: "Readout of President Joseph R. Biden, Jr. Call with Prime Minister Boris Johnson",
			wants: "President Biden spoke today with Prime Minister Boris Johnson.\n\nThey agreed to meet.",
		},
		{
			name: "YAML escapes in a folded title: no-break spaces and curly quotes",
			title: `"Statement of President Joe\_Biden on the Passing of Henry Louis \u201CHank\u201D\` + "\n" +
				`  \_Aaron"`,
			body:   "He was an American hero.\n\n\\# \\# \\#\n",
			wantOK: true, wantTitle: "Statement of President Joe Biden on the Passing of Henry Louis “Hank” Aaron",
			wants: "He was an American hero.",
		},
		{
			name:   "marks, links, tags, escapes, references and joiners go; words stay",
			title:  "Statement by President Joe Biden on COVID-\u2060\u206019",
			body:   "The *Roe v. Wade* ruling, the 21<sup>st</sup> century, [HealthCare.gov](http://healthcare.gov/),\n<https://www.cdc.gov>, 5\\.5 percent, AT&amp;T &#8212; and COVID-\u206019.\u00a0 Two  spaces.\n",
			wantOK: true, wantTitle: "Statement by President Joe Biden on COVID-19",
			wants: "The Roe v. Wade ruling, the 21st century, HealthCare.gov, https://www.cdc.gov, 5.5 percent, AT&T — and COVID-19. Two spaces.",
		},
		{
			name:  "a joint statement is another government's text too",
			title: "Joint Statement of the United States and Japan",
			body:  "Text.\n",
		},
		{
			name:  "a fact sheet is not a statement",
			title: "'FACT SHEET: President Biden Signs an Order'",
			body:  "Text.\n",
		},
		{
			name:  "a list would lose its shape as plain text",
			title: "Statement by President Joe Biden on the Council",
			body:  "The members are:\n\n-   Secretary of State\n-   Secretary of Defense\n",
		},
		{
			name:  "a second document under a heading of its own",
			title: "Statement by White House Press Secretary Jen Psaki",
			body:  "Our statement.\n\n**Letter from Neera Tanden to President Biden**\n\nHer letter.\n",
		},
		{
			name:  "emphasis pandoc wrote with a space inside is left as an asterisk",
			title: "Statement by NSC Spokesperson Emily Horne",
			body:  "The President’s commitment to *Building Back Better *and more.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, ok, err := release([]byte(page(tt.title, "2021-01-22", tt.body)))
			if err != nil {
				t.Fatal(err)
			}
			if ok != tt.wantOK {
				t.Fatalf("ok = %v, want %v (body %q)", ok, tt.wantOK, rec.Body)
			}
			if !ok {
				return
			}
			if rec.Title != tt.wantTitle {
				t.Errorf("title = %q, want %q", rec.Title, tt.wantTitle)
			}
			if rec.Body != tt.wants {
				t.Errorf("body = %q, want %q", rec.Body, tt.wants)
			}
			if want := time.Date(2021, 1, 22, 0, 0, 0, 0, time.UTC); !rec.Published.Equal(want) {
				t.Errorf("published = %v, want %v", rec.Published, want)
			}
			if rec.Source != "The White House" || rec.Language != "en" || !strings.HasPrefix(rec.URL, "https://bidenwhitehouse.archives.gov/") {
				t.Errorf("source, language, url = %q, %q, %q; want The White House, en and the release's address", rec.Source, rec.Language, rec.URL)
			}
		})
	}
}

func TestReleaseRefuses(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"no front matter", "Statement.\n", "no front matter"},
		{"front matter not closed", "---\ntitle: Statement by X\n", "not closed"},
		{"bad YAML", "---\ntitle: [Statement\n---\nText.\n", "front matter"},
		{"bad date", page("Statement by X", "January 22, 2021", "Text.\n"), "want YYYY-MM-DD"},
		{"no title", page("''", "2021-01-22", "Text.\n"), "no title or no source_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := release([]byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

func TestSpread(t *testing.T) {
	recs := make([]record, 10)
	for i := range recs {
		recs[i].Title = fmt.Sprint(i)
	}
	tests := []struct {
		k    int
		want string
	}{
		{1, "5"},
		{3, "1 5 8"},
		{5, "1 3 5 7 9"},
		{10, "0 1 2 3 4 5 6 7 8 9"},
		{12, "0 1 2 3 4 5 6 7 8 9"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.k), func(t *testing.T) {
			var got []string
			for _, r := range spread(recs, tt.k) {
				got = append(got, r.Title)
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("spread(10 records, %d) = %s, want %s", tt.k, g, tt.want)
			}
		})
	}
}

// checkout lays out a folder like the repository's, with the files given
// by month.
func checkout(t *testing.T, months map[string]map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for m, files := range months {
		d := filepath.Join(dir, "statements-releases", m)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, body := range files {
			if err := os.WriteFile(filepath.Join(d, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

func TestRun(t *testing.T) {
	dir := checkout(t, map[string]map[string]string{
		"2021-01": {
			"2021-01-22-a.md": page("Statement by A", "2021-01-22", "A said so.\n"),
			"2021-01-23-b.md": page("Readout of B", "2021-01-23", "B called.\n"),
			"2021-01-24-c.md": page("'FACT SHEET: C'", "2021-01-24", "C.\n"),
			"2021-01-25-d.md": page("Statement by D", "2021-01-25", strings.Repeat("Long. ", 20)),
			"2021-01-26-e.md": page("Statement by E", "2021-01-26", "E said so.\n"),
		},
		"2021-02": {
			"2021-02-01-f.md": page("Statement by F", "2021-02-01", "F said so.\n"),
		},
		"2021-03": {
			"2021-03-01-g.md": page("Statement by G", "2021-03-01", "G said so.\n"),
		},
	})
	var out bytes.Buffer
	n, err := run(&out, dir, options{from: "2021-01", to: "2021-02", perMonth: 2, max: 50})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		titles = append(titles, r.Title)
	}
	// January keeps A, B and E (C is a fact sheet, D too long) and gives
	// two of them spread out; March is past -to.
	if got, want := strings.Join(titles, ", "), "Statement by A, Statement by E, Statement by F"; got != want || n != 3 {
		t.Errorf("wrote %d: %s; want 3: %s", n, got, want)
	}
}

func TestRunRefuses(t *testing.T) {
	dir := checkout(t, map[string]map[string]string{
		"2021-01": {"2021-01-22-a.md": page("Statement by A", "2021-01-22", "A.\n")},
		"2021-02": {"2021-02-01-b.md": "no front matter\n"},
	})
	tests := []struct {
		name string
		o    options
		want string
	}{
		{"bad month", options{from: "2021-1", to: "2021-01", perMonth: 1, max: 10}, "want YYYY-MM"},
		{"months backwards", options{from: "2021-02", to: "2021-01", perMonth: 1, max: 10}, "is before"},
		{"none to take", options{from: "2021-01", to: "2021-01", perMonth: 0, max: 10}, "at least 1"},
		{"a month missing", options{from: "2021-03", to: "2021-03", perMonth: 1, max: 10}, "no releases"},
		{"a bad file names itself", options{from: "2021-02", to: "2021-02", perMonth: 1, max: 10}, "2021-02-01-b.md: no front matter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := run(&bytes.Buffer{}, dir, tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
}
