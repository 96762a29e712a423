// Command mkwikinews turns the Wikinews extracts of
// github.com/vanatteveldt/wikinews (CSV files with the columns url, date,
// title and text) into the archive's JSON Lines import format, the file
// the bundled sample is made of. seeds/SOURCES.md says where the extracts
// come from and how the file was rebuilt.
//
// It changes no article's words. It drops what the scrape carried along
// that is not the story: the page's own date line ("Friday, January 4,
// 2019") before the first paragraph, which the record's published date
// holds, trailing spaces, and the runs of blank lines between paragraphs.
// It fixes the double slash in the scraped addresses and leaves out the
// site's test pages and the drafts still awaiting review when the
// extracts were scraped, which Wikinews had not published. It also leaves
// out the stories longer than -max characters: a few long interviews
// would otherwise hold half the text, and so half of a new archive's
// first start.
//
// Usage:
//
//	go run ./seeds/mkwikinews [-max N] FILE.csv... > seeds/wikinews.jsonl
package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

func main() {
	limit := flag.Int("max", 10000, "leave out stories whose text is longer than this many characters")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: mkwikinews [-max N] FILE.csv... > wikinews.jsonl")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	n, err := run(os.Stdout, flag.Args(), *limit)
	if err != nil {
		slog.Error("mkwikinews", "err", err)
		os.Exit(1)
	}
	slog.Info("wrote articles", "count", n)
}

// record is one article in the archive's JSON Lines schema, with the
// fields the extracts can fill.
type record struct {
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Published time.Time `json:"published"`
	Source    string    `json:"source"`
	URL       string    `json:"url"`
	Language  string    `json:"language"`
}

// run converts every CSV file named in paths, in order, and writes one
// JSON object a line to w for each story of at most limit characters. It
// returns how many articles it wrote.
func run(w io.Writer, paths []string, limit int) (int, error) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var n int
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return n, err
		}
		recs, err := convert(f)
		f.Close()
		if err != nil {
			return n, fmt.Errorf("%s: %w", p, err)
		}
		for _, r := range recs {
			if utf8.RuneCountInString(r.Body) > limit {
				continue
			}
			if err := enc.Encode(r); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// convert reads one extract and returns its articles.
func convert(r io.Reader) ([]record, error) {
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errors.New("empty file")
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, name := range []string{"url", "date", "title", "text"} {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("no %q column in the header %q", name, rows[0])
		}
	}
	var out []record
	for i, row := range rows[1:] {
		rec, ok, err := article(row[col["url"]], row[col["date"]], row[col["title"]], row[col["text"]])
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i+2, err)
		}
		if ok {
			out = append(out, rec)
		}
	}
	return out, nil
}

// testPage marks the pages Wikinews keeps to try its publishing tools.
const testPage = "TEST PAGE:"

// draft is the notice above a story not yet reviewed for publication.
const draft = "This article requires pre-publication review"

// article builds the record for one row; ok is false for a row that is
// not a news story.
func article(url, date, title, text string) (rec record, ok bool, err error) {
	title = strings.TrimSpace(title)
	if strings.HasPrefix(title, testPage) || strings.HasPrefix(strings.TrimSpace(text), draft) {
		return record{}, false, nil
	}
	published, err := time.Parse(time.DateOnly, strings.TrimSpace(date))
	if err != nil {
		return record{}, false, fmt.Errorf("date %q: want YYYY-MM-DD", date)
	}
	body := paragraphs(text)
	if title == "" || body == "" {
		return record{}, false, fmt.Errorf("%s: no title or no text", url)
	}
	return record{
		Title:     title,
		Body:      body,
		Published: published,
		Source:    "Wikinews",
		URL:       strings.Replace(url, "wikinews.org//wiki/", "wikinews.org/wiki/", 1),
		Language:  "en",
	}, true, nil
}

// dateLine is the date Wikinews prints above a story.
var dateLine = regexp.MustCompile(`^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}$`)

// paragraphs returns text with its paragraphs separated by one blank
// line, without trailing spaces and without a leading date line.
func paragraphs(text string) string {
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for line := range strings.SplitSeq(text, "\n") {
		// The scrape ends lines with no-break spaces as well as spaces.
		line = strings.TrimRight(line, " \t\r\u00a0")
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if len(paras) == 0 && len(cur) == 0 && dateLine.MatchString(strings.TrimSpace(line)) {
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return strings.Join(paras, "\n\n")
}
