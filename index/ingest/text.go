package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/index"
)

var bom = []byte("\uFEFF")

// win1252 maps the bytes 0x80–0x9F of Windows-1252 to runes; the other
// bytes above 0x7F are the same in Windows-1252 and Latin-1, whose code
// points equal the byte values. Zero marks the five unassigned bytes.
var win1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// Clean turns raw input into valid UTF-8 text with LF line ends: it strips
// a byte order mark, turns CRLF and lone CR into LF, and reads every byte
// that is not part of valid UTF-8 as Windows-1252. Old files mix encodings
// (a Latin-1 pound sign in an otherwise UTF-8 story), and guessing per
// byte keeps the story instead of dropping it or showing U+FFFD.
func Clean(b []byte) string {
	b = bytes.TrimPrefix(b, bom)
	if utf8.Valid(b) && bytes.IndexByte(b, '\r') < 0 {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for i := 0; i < len(b); {
		c := b[i]
		if c == '\r' {
			sb.WriteByte('\n')
			i++
			if i < len(b) && b[i] == '\n' {
				i++
			}
			continue
		}
		if c < utf8.RuneSelf {
			sb.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			r = rune(c)
			if c < 0xA0 {
				r = win1252[c-0x80]
				if r == 0 {
					r = utf8.RuneError
				}
			}
		}
		sb.WriteRune(r)
		i += size
	}
	return sb.String()
}

// Limits that tell a news story from other text files (READMEs, code lists,
// data): past them, a plain-text file is skipped, not imported as junk.
const (
	maxTitleLen     = 300  // bytes in the first line
	maxTextLines    = 2000 // non-empty lines
	minProseWords   = 8    // words in the longest paragraph
	maxHeadingWords = 10   // words in a section heading, exclusive
	minShapeLines   = 10   // body lines needed to judge layout by shares
)

// ParseText reads a plain-text article: the first non-empty line is the
// title, the rest the body. Paragraphs are separated by blank lines; a body
// without blank lines has one paragraph per line. Short capitalized lines
// without final punctuation that precede a longer paragraph become section
// headings. The id is derived from the text; date and source are left for
// the caller.
//
// Text that does not look like a news story (a list of codes, a README with
// indented layout, a data file) is rejected with an error wrapping
// ErrSkipped.
func ParseText(text string) (index.Article, error) {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	if err := checkProse(lines); err != nil {
		return index.Article{}, err
	}
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	title := strings.Join(strings.Fields(lines[i]), " ")
	paras := splitParagraphs(lines[i+1:])
	if len(paras) == 0 {
		return index.Article{}, fmt.Errorf("%w: a title line but no body", ErrSkipped)
	}
	longest := 0
	for _, p := range paras {
		longest = max(longest, wordCount(p))
	}
	if longest < minProseWords {
		return index.Article{}, fmt.Errorf("%w: no paragraph of %d or more words; not prose", ErrSkipped, minProseWords)
	}
	markHeadings(paras)
	body := strings.Join(paras, "\n\n")
	return index.Article{ID: index.ContentID(title, body), Title: title, Body: body}, nil
}

// checkProse rejects text whose shape is that of a document or data file.
func checkProse(lines []string) error {
	n, indented, spaceless := 0, 0, 0
	title := true
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if title {
			if len(t) > maxTitleLen {
				return fmt.Errorf("%w: first line is %d bytes, too long for a title", ErrSkipped, len(t))
			}
			title = false
			continue
		}
		n++
		if strings.HasPrefix(l, "  ") || strings.HasPrefix(l, "\t") {
			indented++
		}
		if !strings.ContainsAny(t, " \t") {
			spaceless++
		}
	}
	switch {
	case title:
		return fmt.Errorf("%w: empty file", ErrSkipped)
	case n > maxTextLines:
		return fmt.Errorf("%w: %d lines, too long for one article", ErrSkipped, n)
	case n < minShapeLines:
		// Too few lines for the shares below to mean anything; the
		// paragraph length check still applies.
	case indented*10 > n:
		return fmt.Errorf("%w: %d of %d lines indented; a formatted document, not an article", ErrSkipped, indented, n)
	case spaceless*3 > n:
		return fmt.Errorf("%w: %d of %d lines are single words; a list or data, not an article", ErrSkipped, spaceless, n)
	}
	return nil
}

// splitParagraphs groups body lines into paragraphs.
func splitParagraphs(lines []string) []string {
	// blank: a blank line stands between two non-empty lines.
	blank, seen, gap := false, false, false
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			gap = seen
			continue
		}
		if gap {
			blank = true
			break
		}
		seen = true
	}
	// With no blank lines anywhere, each line is a paragraph.
	return paragraphs(lines, func(string) bool { return !blank })
}

// paragraphs joins hard-wrapped lines into paragraphs, white space folded:
// a blank line ends a paragraph, and a line for which starts reports true
// begins a new one.
func paragraphs(lines []string, starts func(line string) bool) []string {
	var paras, cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for _, l := range lines {
		t := strings.Join(strings.Fields(l), " ")
		if t == "" {
			flush()
			continue
		}
		if starts(l) {
			flush()
		}
		cur = append(cur, t)
	}
	flush()
	return paras
}

// markHeadings prefixes the paragraphs that read as section headings.
func markHeadings(paras []string) {
	for i := 0; i+1 < len(paras); i++ {
		if isHeading(paras[i], paras[i+1]) {
			paras[i] = index.HeadingPrefix + paras[i]
		}
	}
}

// isHeading reports whether p, followed by next, is a section heading: a
// short capitalized line without final punctuation before a longer
// paragraph that starts a sentence. A line ending in a colon or a quote
// introduces what follows and so is text; a line ending in a word like
// "as" or followed by a lower-case paragraph is a sentence broken in two
// (common in scraped text) and so is text too.
func isHeading(p, next string) bool {
	if strings.HasPrefix(p, index.HeadingPrefix) || strings.HasPrefix(next, index.HeadingPrefix) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(p); !unicode.IsUpper(r) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(next); !unicode.IsUpper(r) && !unicode.IsDigit(r) && !strings.ContainsRune("\"'“‘", r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(p)
	if strings.ContainsRune(".!?:;,\"'”’)…-–—", last) {
		return false
	}
	words := strings.Fields(p)
	if joiners[strings.ToLower(words[len(words)-1])] {
		return false
	}
	n := len(words)
	return n < maxHeadingWords && wordCount(next) > n && len(next) > 2*len(p)
}

// joiners are words a heading does not end with but a broken sentence may.
var joiners = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "as": true,
	"of": true, "to": true, "in": true, "on": true, "at": true, "by": true, "for": true,
	"with": true, "from": true, "that": true, "which": true, "who": true, "is": true, "was": true,
}

func wordCount(s string) int {
	return len(strings.Fields(s))
}
