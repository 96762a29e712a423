package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestReadFileEdgeCases feeds ReadFile the damaged and odd files that turn
// up in real imports. Every case checks both halves of the contract: the
// good articles come through, and every bad record is reported at its
// file:line (or the file, for whole-file problems) as broken or as not an
// article.
func TestReadFileEdgeCases(t *testing.T) {
	long := "This paragraph is long enough to count as real prose in a news story."
	words := strings.Repeat("word ", 1<<20/5) // a 1 MB line of prose
	hugeLine := `{"title":"` + strings.Repeat("x", 20<<20) + `"}`
	story2 := strings.Replace(story1, `NEWID="1"`, `NEWID="7"`, 1)
	cutBody := story2[:strings.Index(story2, "Arrivals")]

	tests := []struct {
		name    string
		file    string
		content string
		// titles of the articles read, in order.
		titles []string
		// skips as "where kind", where is relative to the folder and kind
		// is "broken" or "not-article".
		skips []string
	}{
		{
			name:    "invalid UTF-8 in JSON Lines",
			file:    "bad.jsonl",
			content: "{\"title\":\"Caf\xe9 \xffnow\",\"body\":\"x\x80y\"}\n",
			titles:  []string{"Café ÿnow"},
		},
		{
			name:    "Latin-1 bytes in plain text",
			file:    "latin1.txt",
			content: "Transfer fee of \xa35m\n\nM\xfcller signed for \xa35m, a fee the club said was fair and final.\n",
			titles:  []string{"Transfer fee of £5m"},
		},
		{
			name:    "Latin-1 bytes in Reuters SGML",
			file:    "latin1.sgm",
			content: sgmlHead + strings.Replace(story1, "BAHIA &lt;COCOA&gt; REVIEW", "BAHIA COCOA R\xc9VIEW", 1),
			titles:  []string{"BAHIA COCOA RÉVIEW"},
		},
		{
			name:    "UTF-8 BOM before JSON Lines",
			file:    "bom.jsonl",
			content: "\uFEFF{\"title\":\"One\"}\n{\"title\":\"Two\"}\n",
			titles:  []string{"One", "Two"},
		},
		{
			name:    "UTF-8 BOM before Reuters SGML",
			file:    "bom.sgm",
			content: "\uFEFF" + sgmlHead + story1,
			titles:  []string{"BAHIA <COCOA> REVIEW"},
		},
		{
			name:    "UTF-8 BOM before a JSON array",
			file:    "bom.json",
			content: "\uFEFF[{\"title\":\"One\"}]",
			titles:  []string{"One"},
		},
		{
			name:    "CRLF line ends in JSON Lines, bad record counted by line",
			file:    "crlf.jsonl",
			content: "{\"title\":\"One\"}\r\n{\"title\":\r\n{\"title\":\"Three\"}\r\n",
			titles:  []string{"One", "Three"},
			skips:   []string{"crlf.jsonl:2 broken"},
		},
		{
			name:    "CRLF line ends in Reuters SGML, cut story counted by line",
			file:    "crlf.sgm",
			content: strings.ReplaceAll(sgmlHead+story1+cutBody, "\n", "\r\n"),
			titles:  []string{"BAHIA <COCOA> REVIEW"},
			skips:   []string{"crlf.sgm:" + lineAfter(sgmlHead+story1) + " broken"},
		},
		{
			name:    "CRLF line ends in plain text",
			file:    "crlf.txt",
			content: "Title\r\n\r\n" + long + "\r\n",
			titles:  []string{"Title"},
		},
		{name: "empty text file", file: "empty.txt", skips: []string{"empty.txt not-article"}},
		{name: "empty JSON Lines file", file: "empty.jsonl", skips: []string{"empty.jsonl not-article"}},
		{name: "empty SGML file", file: "empty.sgm", skips: []string{"empty.sgm not-article"}},
		{name: "empty JSON file", file: "empty.json", skips: []string{"empty.json not-article"}},
		{name: "only blank lines", file: "blank.jsonl", content: "\n\r\n  \n", skips: []string{"blank.jsonl not-article"}},
		{
			name:    "PNG named as text",
			file:    "photo.txt",
			content: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
			skips:   []string{"photo.txt not-article"},
		},
		{
			name:    "PNG named as JSON Lines",
			file:    "photo.jsonl",
			content: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
			skips:   []string{"photo.jsonl not-article"},
		},
		{
			name:    "NUL bytes",
			file:    "nul.txt",
			content: strings.Repeat("\x00", 1000),
			skips:   []string{"nul.txt not-article"},
		},
		{
			name:    "NUL bytes inside a JSON Lines record",
			file:    "nul.jsonl",
			content: "{\"title\":\"One\"}\n{\"title\":\"T\x00wo\"}\n{\"title\":\"Three\"}\n",
			titles:  []string{"One", "Three"},
			skips:   []string{"nul.jsonl:2 broken"},
		},
		{
			name:    "Reuters story cut mid-body at end of file",
			file:    "cut.sgm",
			content: sgmlHead + story1 + cutBody,
			titles:  []string{"BAHIA <COCOA> REVIEW"},
			skips:   []string{"cut.sgm:" + lineAfter(sgmlHead+story1) + " broken"},
		},
		{
			name:    "Reuters story without </REUTERS> before the next one",
			file:    "unclosed.sgm",
			content: sgmlHead + strings.Replace(story2, "</REUTERS>", "", 1) + story1,
			titles:  []string{"BAHIA <COCOA> REVIEW"},
			skips:   []string{"unclosed.sgm:2 broken"},
		},
		{
			name:    "Reuters story without </REUTERS> running past the size cap",
			file:    "runaway.sgm",
			content: sgmlHead + strings.Replace(story2, "</REUTERS>", "", 1) + strings.Repeat("Lines of a story that never ends.\n", (maxStorySize/34)+1) + "junk</REUTERS>\n" + story1,
			titles:  []string{"BAHIA <COCOA> REVIEW"},
			skips:   []string{"runaway.sgm:2 broken"},
		},
		{
			name:    "JSON Lines, last line cut mid-object",
			file:    "cut.jsonl",
			content: "{\"title\":\"One\"}\n{\"title\":\"Two\",\"bo",
			titles:  []string{"One"},
			skips:   []string{"cut.jsonl:2 broken"},
		},
		{
			name:    "JSON array cut mid-record",
			file:    "cut.json",
			content: "[\n{\"title\":\"One\"},\n{\"title\":\"Two\",\"bo",
			titles:  []string{"One"},
			skips:   []string{"cut.json:3 broken"},
		},
		{
			name:    "JSON array, bad record counted by line",
			file:    "array.json",
			content: "[\n  {\"title\":\"One\"},\n\n  {\"title\": 5},\n  {\"title\":\"Three\"}\n]\n",
			titles:  []string{"One", "Three"},
			skips:   []string{"array.json:4 broken"},
		},
		{
			name:    "20 MB JSON line past the line cap",
			file:    "huge.jsonl",
			content: "{\"title\":\"One\"}\n" + hugeLine + "\n{\"title\":\"Three\"}\n",
			titles:  []string{"One", "Three"},
			skips:   []string{"huge.jsonl:2 broken"},
		},
		{
			name:    "20 MB record in a JSON array",
			file:    "huge.json",
			content: "[\n{\"title\":\"One\"},\n" + hugeLine + ",\n{\"title\":\"Three\"}\n]",
			titles:  []string{"One"},
			skips:   []string{"huge.json:3 broken"},
		},
		{
			name:    "20 MB JSON line past the line cap, last in the file",
			file:    "hugelast.jsonl",
			content: "{\"title\":\"One\"}\n" + hugeLine,
			titles:  []string{"One"},
			skips:   []string{"hugelast.jsonl:2 broken"},
		},
		{
			name:    "1 MB JSON line under the cap",
			file:    "big.jsonl",
			content: "{\"title\":\"One\",\"body\":\"" + words + "\"}\n{\"title\":\"Two\"}\n",
			titles:  []string{"One", "Two"},
		},
		{
			name:    "1 MB plain-text paragraph",
			file:    "bigpara.txt",
			content: "A long story\n\n" + words + "\n",
			titles:  []string{"A long story"},
		},
		{
			name:    "1 MB plain-text first line is no title",
			file:    "bigtitle.txt",
			content: words + "\n\n" + long + "\n",
			skips:   []string{"bigtitle.txt not-article"},
		},
		{
			name:    "1 MB line of junk in Reuters SGML between stories",
			file:    "junk.sgm",
			content: sgmlHead + story1 + strings.Repeat("z", 1<<20) + "\n" + story2,
			titles:  []string{"BAHIA <COCOA> REVIEW", "BAHIA <COCOA> REVIEW"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			var titles, skips []string
			err := ReadFile(context.Background(), path, func(it Item) error {
				if it.Err == nil {
					titles = append(titles, it.Article.Title)
					return nil
				}
				kind := "broken"
				if errors.Is(it.Err, ErrSkipped) {
					kind = "not-article"
				}
				rel, _ := filepath.Rel(dir, it.Where)
				skips = append(skips, rel+" "+kind)
				t.Logf("skip %s: %v", rel, it.Err)
				return nil
			})
			if err != nil {
				t.Fatalf("ReadFile() = %v, want nil: a bad file is reported, not returned", err)
			}
			if !slices.Equal(titles, tt.titles) {
				t.Errorf("titles = %.80q, want %.80q", titles, tt.titles)
			}
			if !slices.Equal(skips, tt.skips) {
				t.Errorf("skips = %q, want %q", skips, tt.skips)
			}
		})
	}
}

// lineAfter is the number, as text, of the line that starts after s.
func lineAfter(s string) string {
	return strconv.Itoa(strings.Count(s, "\n") + 1)
}
