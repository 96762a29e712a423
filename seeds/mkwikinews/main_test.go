package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestArticle(t *testing.T) {
	tests := []struct {
		name                   string
		url, date, title, text string
		wantOK                 bool
		wantBody, wantURL      string
	}{
		{
			name:   "date line, no-break spaces and blank runs go",
			url:    "https://en.wikinews.org//wiki/Escape_room_fire",
			date:   "2019-01-05",
			title:  " Escape room fire kills five ",
			text:   "Saturday, January 5, 2019\u00a0\n\nA fire yesterday killed five.  \n\n\nPresident Andrzej Duda said so.\n\n\n",
			wantOK: true, wantBody: "A fire yesterday killed five.\n\nPresident Andrzej Duda said so.",
			wantURL: "https://en.wikinews.org/wiki/Escape_room_fire",
		},
		{
			name:   "a story without a date line keeps its first paragraph",
			url:    "https://en.wikinews.org//wiki/Wrestler_dies",
			date:   "2020-12-28",
			title:  "US professional wrestler Jon Huber dies aged 41",
			text:   "US professional wrestler Jon Huber died on Saturday.\n\n\nHe was 41.",
			wantOK: true, wantBody: "US professional wrestler Jon Huber died on Saturday.\n\nHe was 41.",
			wantURL: "https://en.wikinews.org/wiki/Wrestler_dies",
		},
		{
			name:   "a date line inside the story stays",
			url:    "https://en.wikinews.org/wiki/X",
			date:   "2019-03-01",
			title:  "X",
			text:   "First.\n\nFriday, March 1, 2019\n\nLast.",
			wantOK: true, wantBody: "First.\n\nFriday, March 1, 2019\n\nLast.",
			wantURL: "https://en.wikinews.org/wiki/X",
		},
		{
			name:  "test page",
			url:   "https://en.wikinews.org//wiki/TEST_PAGE:Self-publish_today",
			date:  "2021-03-05",
			title: "TEST PAGE:Self-publish today",
			text:  "This is a test page!",
		},
		{
			name:  "draft awaiting review",
			url:   "https://en.wikinews.org//wiki/Draft",
			date:  "2020-10-18",
			title: "Draft",
			text:  "This article requires pre-publication review by an uninvolved reviewer.\n\nText.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, ok, err := article(tt.url, tt.date, tt.title, tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tt.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tt.wantOK)
			}
			if !ok {
				return
			}
			if rec.Body != tt.wantBody {
				t.Errorf("body = %q, want %q", rec.Body, tt.wantBody)
			}
			if rec.URL != tt.wantURL {
				t.Errorf("url = %q, want %q", rec.URL, tt.wantURL)
			}
			if rec.Title != strings.TrimSpace(tt.title) {
				t.Errorf("title = %q, want %q", rec.Title, strings.TrimSpace(tt.title))
			}
			if want, _ := time.Parse(time.DateOnly, tt.date); !rec.Published.Equal(want) {
				t.Errorf("published = %v, want %v", rec.Published, want)
			}
			if rec.Source != "Wikinews" || rec.Language != "en" {
				t.Errorf("source, language = %q, %q; want Wikinews, en", rec.Source, rec.Language)
			}
		})
	}
}

func TestArticleRefuses(t *testing.T) {
	tests := []struct {
		name, date, title, text, want string
	}{
		{"bad date", "5 January 2019", "T", "Text.", "want YYYY-MM-DD"},
		{"no text", "2019-01-05", "T", "Saturday, January 5, 2019\n\n", "no title or no text"},
		{"no title", "2019-01-05", " ", "Text.", "no title or no text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := article("https://en.wikinews.org/wiki/T", tt.date, tt.title, tt.text)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	csv := "url,date,title,text\n" +
		`"https://en.wikinews.org//wiki/A,_b",2019-01-04,"A, b","Friday, January 4, 2019` + "\u00a0\n\n\nSaid \"\"yes\"\".\n\"\n" +
		"https://en.wikinews.org//wiki/TEST_PAGE:T,2021-03-15,TEST PAGE:T,\"Monday, March 15, 2021\n\"\n"
	path := filepath.Join(dir, "wikinews_2019.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if n, err := run(&out, []string{path}, len(`Said "yes".`)-1); err != nil || n != 0 || out.Len() != 0 {
		t.Fatalf("with a limit under the story's length: %d articles, %q, %v; want none", n, out.String(), err)
	}
	n, err := run(&out, []string{path}, len(`Said "yes".`))
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("wrote %d articles, want 1 (the test page left out)", n)
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("output %q: %v", out.String(), err)
	}
	want := map[string]any{
		"title": "A, b", "body": `Said "yes".`, "published": "2019-01-04T00:00:00Z",
		"source": "Wikinews", "url": "https://en.wikinews.org/wiki/A,_b", "language": "en",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if _, err := run(&out, []string{filepath.Join(dir, "missing.csv")}, 100); err == nil {
		t.Error("a missing file: no error")
	}
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("link,when\nx,y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := run(&out, []string{bad}, 100); err == nil || !strings.Contains(err.Error(), `no "url" column`) {
		t.Errorf("a file without the columns: err = %v, want one naming the url column", err)
	}
}
