// Command mkwhitehouse turns White House statements and readouts, as kept
// in the Markdown files of github.com/brian14708/wh-briefings (one file a
// release, YAML front matter with title, date and source_url, then the
// page converted by pandoc), into the archive's JSON Lines import format.
// seeds/SOURCES.md says where the files come from and how the sample's
// file was rebuilt.
//
// It reads the folders statements-releases/YYYY-MM of a checkout for the
// months from -from to -to and keeps only the short news of the kind a
// press office writes itself: releases whose title begins "Statement" or
// "Readout" (so no joint statements with other governments, fact sheets,
// letters, nominations or transcripts of remarks), whose text is plain
// paragraphs (no lists, tables or headings, which plain text would
// garble, and no second document set under a heading of its own) and at
// most -max characters long. Of those it takes -per-month spread evenly
// over each month, so the sample covers the whole period rather than its
// first busy weeks.
//
// It changes no words. It undoes what Markdown added to the page: the
// line wrapping inside paragraphs, emphasis, link targets, inline HTML
// tags such as <sup>, backslash escapes and character references. It
// makes runs of spaces and no-break spaces one space and drops the "###"
// that closes a release.
//
// Usage:
//
//	go run ./seeds/mkwhitehouse [-from 2021-01] [-to 2021-12] [-per-month N] [-max N] CHECKOUT > seeds/whitehouse.jsonl
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"go.yaml.in/yaml/v3"
)

func main() {
	var o options
	flag.StringVar(&o.from, "from", "2021-01", "first month to read, YYYY-MM")
	flag.StringVar(&o.to, "to", "2021-12", "last month to read, YYYY-MM")
	flag.IntVar(&o.perMonth, "per-month", 11, "releases to take from each month")
	flag.IntVar(&o.max, "max", 8000, "leave out releases whose text is longer than this many characters")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: mkwhitehouse [-from YYYY-MM] [-to YYYY-MM] [-per-month N] [-max N] CHECKOUT > whitehouse.jsonl")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	n, err := run(os.Stdout, flag.Arg(0), o)
	if err != nil {
		slog.Error("mkwhitehouse", "err", err)
		os.Exit(1)
	}
	slog.Info("wrote articles", "count", n)
}

// options choose which releases go into the sample.
type options struct {
	from, to string // the first and last month read, YYYY-MM
	perMonth int    // how many releases each month gives at most
	max      int    // the longest text kept, in characters
}

// record is one article in the archive's JSON Lines schema, with the
// fields a release can fill.
type record struct {
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Published time.Time `json:"published"`
	Source    string    `json:"source"`
	URL       string    `json:"url"`
	Language  string    `json:"language"`
}

// publisher is the source every record names: the releases are the White
// House's own, whoever in it spoke.
const publisher = "The White House"

// folder is where the checkout keeps statements and readouts.
const folder = "statements-releases"

// run converts the months of the checkout at dir that o names, in order,
// and writes one JSON object a line to w for each release it keeps. It
// returns how many it wrote.
func run(w io.Writer, dir string, o options) (int, error) {
	first, err := time.Parse("2006-01", o.from)
	if err != nil {
		return 0, fmt.Errorf("-from %q: want YYYY-MM", o.from)
	}
	last, err := time.Parse("2006-01", o.to)
	if err != nil {
		return 0, fmt.Errorf("-to %q: want YYYY-MM", o.to)
	}
	if last.Before(first) {
		return 0, fmt.Errorf("-to %s is before -from %s", o.to, o.from)
	}
	if o.perMonth < 1 || o.max < 1 {
		return 0, errors.New("-per-month and -max must be at least 1")
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var n int
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		recs, err := month(filepath.Join(dir, folder, m.Format("2006-01")), o.max)
		if err != nil {
			return n, err
		}
		for _, r := range spread(recs, o.perMonth) {
			if err := enc.Encode(r); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// month returns the releases of one month's folder that may go into the
// sample, in the order of their file names, which begin with the date.
func month(dir string, limit int) ([]record, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: no releases; is this a checkout of the right repository?", dir)
	}
	slices.Sort(paths)
	var out []record
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		rec, ok, err := release(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if ok && utf8.RuneCountInString(rec.Body) <= limit {
			out = append(out, rec)
		}
	}
	return out, nil
}

// spread returns at most k of recs, evenly spaced through them.
func spread(recs []record, k int) []record {
	if len(recs) <= k {
		return recs
	}
	out := make([]record, 0, k)
	for i := range k {
		out = append(out, recs[(2*i+1)*len(recs)/(2*k)])
	}
	return out
}

// front is the part of a file's front matter the record needs.
type front struct {
	Title     string `yaml:"title"`
	Date      string `yaml:"date"`
	SourceURL string `yaml:"source_url"`
}

// kinds are the beginnings of the titles of the releases kept.
var kinds = []string{"Statement ", "Readout "}

// release builds the record for one file; ok is false for a release that
// is not of a kind the sample keeps or whose text is not plain paragraphs.
func release(file []byte) (rec record, ok bool, err error) {
	meta, body, err := split(file)
	if err != nil {
		return record{}, false, err
	}
	var f front
	if err := yaml.Unmarshal(meta, &f); err != nil {
		return record{}, false, fmt.Errorf("front matter: %w", err)
	}
	published, err := time.Parse(time.DateOnly, f.Date)
	if err != nil {
		return record{}, false, fmt.Errorf("date %q: want YYYY-MM-DD", f.Date)
	}
	title := spaces(f.Title)
	if title == "" || f.SourceURL == "" {
		return record{}, false, errors.New("no title or no source_url")
	}
	if !slices.ContainsFunc(kinds, func(k string) bool { return strings.HasPrefix(title, k) }) {
		return record{}, false, nil
	}
	text, ok := plain(body)
	if !ok || text == "" {
		return record{}, false, nil
	}
	return record{
		Title:     title,
		Body:      text,
		Published: published,
		Source:    publisher,
		URL:       f.SourceURL,
		Language:  "en",
	}, true, nil
}

// split parts a file into its YAML front matter and its Markdown.
func split(file []byte) (meta, body []byte, err error) {
	rest, ok := bytes.CutPrefix(file, []byte("---\n"))
	if !ok {
		return nil, nil, errors.New("no front matter: the file does not begin with ---")
	}
	meta, body, ok = bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return nil, nil, errors.New("front matter not closed by ---")
	}
	return meta, body, nil
}

// isEndMark reports whether a paragraph is the "###" (or "# # #") that
// closes a release.
func isEndMark(p string) bool {
	return strings.Trim(p, "# ") == "" && strings.Contains(p, "#")
}

// plain returns the Markdown src as plain text, its paragraphs separated
// by one blank line. ok is false if src holds anything but paragraphs,
// a paragraph that is wholly emphasised, which on these pages is the
// heading of a second document set inside the release, or an emphasis
// mark that Markdown could not read, which plain text would show as a
// stray asterisk.
func plain(src []byte) (string, bool) {
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	var paras []string
	for b := doc.FirstChild(); b != nil; b = b.NextSibling() {
		if b.Kind() != ast.KindParagraph {
			return "", false
		}
		if b.ChildCount() == 1 && b.FirstChild().Kind() == ast.KindEmphasis {
			return "", false
		}
		var sb strings.Builder
		if !inline(&sb, b, src) {
			return "", false
		}
		p := spaces(sb.String())
		if p == "" || isEndMark(p) {
			continue
		}
		paras = append(paras, p)
	}
	return strings.Join(paras, "\n\n"), true
}

// inline writes the text of n's inline children to sb: the words of
// links and emphasis without their marks, no HTML tags, and a line break
// as a space, since pandoc wrapped the paragraphs of the page. It returns
// false if a text holds an emphasis mark that was not read as one.
func inline(sb *strings.Builder, n ast.Node, src []byte) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Value(src)
			if !c.IsRaw() {
				if strayMark(v) {
					return false
				}
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			sb.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				sb.WriteByte(' ')
			}
		case *ast.String:
			sb.Write(c.Value)
		case *ast.AutoLink:
			sb.Write(c.Label(src))
		case *ast.RawHTML:
			// A tag such as <sup> or <u>: its words are the siblings
			// between the opening and closing tags.
		default:
			if !inline(sb, c, src) {
				return false
			}
		}
	}
	return true
}

// strayMark reports whether the Markdown text v holds an asterisk that is
// not escaped: pandoc writes "*Building Back Better *and" for emphasis
// that ends in a space, which Markdown does not read as emphasis.
func strayMark(v []byte) bool {
	for i, c := range v {
		if c == '*' && (i == 0 || v[i-1] != '\\') {
			return true
		}
	}
	return false
}

// spaces trims s, makes each run of spaces, no-break spaces and line
// breaks in it one space and drops the invisible joiners the pages put
// in words such as "COVID-19", which would split them for search.
func spaces(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u2060', '\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad':
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\u00a0' || r == '\n' || r == '\t' || r == '\r'
	}), " ")
}
