package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/newsarchive/newsarchive/index"
)

// maxStorySize caps one <REUTERS> element; the largest real one is about
// 20 KB, so a larger one means a missing end tag.
const maxStorySize = 4 << 20

// Layouts of <DATE>, after junk and extra spaces are gone.
const (
	reutersDate = "2-Jan-2006 15:04:05"
	reutersDay  = "2-Jan-2006"
)

// readReuters reads Reuters-21578 SGML story by story, so memory stays
// bounded by the largest story rather than the file.
func readReuters(ctx context.Context, name string, r *bufio.Reader, emit func(Item) error) error {
	var story bytes.Buffer
	start, n := 0, 0
	for {
		line, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			// A line longer than the buffer: keep reading it.
			err = nil
		} else if len(line) > 0 || err == nil {
			n++
		}
		if err != nil && err != io.EOF {
			return emit(Item{Err: err, Where: fmt.Sprintf("%s:%d", name, n)})
		}
		if start > 0 && bytes.Contains(line, []byte("<REUTERS ")) {
			if e := emit(Item{Err: errors.New("story not closed: no </REUTERS> before the next story"), Where: fmt.Sprintf("%s:%d", name, start)}); e != nil {
				return e
			}
			start = 0
		}
		if start == 0 && bytes.Contains(line, []byte("<REUTERS")) {
			start = n
			story.Reset()
		}
		if start > 0 {
			story.Write(line)
			if story.Len() > maxStorySize {
				if e := emit(Item{Err: fmt.Errorf("story larger than %d MiB; missing </REUTERS>?", maxStorySize>>20), Where: fmt.Sprintf("%s:%d", name, start)}); e != nil {
					return e
				}
				start = 0
			}
		}
		if start > 0 && bytes.Contains(line, []byte("</REUTERS>")) {
			if e := ctx.Err(); e != nil {
				return e
			}
			a, perr := ParseReuters(Clean(story.Bytes()))
			if e := emit(Item{Article: a, Err: perr, Where: fmt.Sprintf("%s:%d", name, start)}); e != nil {
				return e
			}
			start = 0
		}
		if err == io.EOF {
			if start > 0 {
				return emit(Item{Err: errors.New("file ends inside a story: no </REUTERS>"), Where: fmt.Sprintf("%s:%d", name, start)})
			}
			return nil
		}
	}
}

// ParseReuters reads one <REUTERS>…</REUTERS> element of Reuters-21578.
// Stories of TYPE="BRIEF" keep their title and get an empty body; stories
// of TYPE="UNPROC", which lack title and body markup, take the first line
// of their text as the title.
func ParseReuters(s string) (index.Article, error) {
	i := strings.Index(s, "<REUTERS")
	if i < 0 {
		return index.Article{}, errors.New("no <REUTERS> start tag")
	}
	open, _, ok := strings.Cut(s[i:], ">")
	if !ok {
		return index.Article{}, errors.New("no <REUTERS> start tag")
	}
	newid := attr(open, "NEWID")
	if newid == "" {
		return index.Article{}, errors.New("<REUTERS> without NEWID")
	}
	a := index.Article{ID: "reuters-" + newid, Source: "Reuters", Language: "en"}
	where := "story " + newid
	if d, ok := element(s, "DATE"); ok {
		a.Published, _ = parseReutersDate(d)
	}
	a.Topics = reutersTopics(codes(s, "TOPICS"))
	for _, c := range codes(s, "PLACES") {
		a.Actors = append(a.Actors, index.Actor{Name: placeName(c), Kind: index.Place})
	}
	for _, c := range codes(s, "PEOPLE") {
		a.Actors = append(a.Actors, index.Actor{Name: titleCase(c), Kind: index.Person})
	}
	for _, c := range codes(s, "ORGS") {
		a.Actors = append(a.Actors, index.Actor{Name: orgName(c), Kind: index.Organization})
	}

	text, ok := element(s, "TEXT")
	if !ok {
		return index.Article{}, fmt.Errorf("%s: no <TEXT>", where)
	}
	if t, ok := element(text, "TITLE"); ok {
		a.Title = strings.Join(strings.Fields(decodeSGML(t)), " ")
		if d, ok := element(text, "DATELINE"); ok {
			d = strings.TrimSpace(decodeSGML(d))
			a.Dateline = strings.TrimSpace(strings.TrimSuffix(d, "-"))
		}
		if b, ok := element(text, "BODY"); ok {
			a.Body = reutersBody(decodeSGML(b))
		}
	} else {
		// UNPROC: unmarked text, title on its first line.
		t := strings.TrimLeft(decodeSGML(text), " \t\n")
		first, rest, _ := strings.Cut(t, "\n")
		a.Title = strings.Join(strings.Fields(first), " ")
		a.Body = reutersBody(rest)
	}
	if a.Title == "" {
		// One story in the collection (NEWID 12793) is empty.
		return index.Article{}, fmt.Errorf("%w: story %s has no text", ErrSkipped, newid)
	}
	return a, nil
}

// parseReutersDate reads dates like "26-FEB-1987 15:01:01.79", which in the
// collection come with a space before one-digit days, double spaces,
// one-digit fractions, trailing control codes ("…01.79&#5;&#5;&#5;F") or
// comments, and once an impossible hour. When the time cannot be read the
// day alone is kept; a story is never dropped for its date.
func parseReutersDate(d string) (time.Time, bool) {
	if i := strings.IndexAny(d, "&#"); i >= 0 {
		d = d[:i]
	}
	f := strings.Fields(d)
	if len(f) == 0 {
		return time.Time{}, false
	}
	// The layout has no fraction: Parse accepts any fraction after seconds.
	if len(f) >= 2 {
		if t, err := time.Parse(reutersDate, f[0]+" "+f[1]); err == nil {
			return t, true
		}
	}
	t, err := time.Parse(reutersDay, f[0])
	return t, err == nil
}

// reutersBody turns a story body into paragraphs. The wire text is hard
// wrapped, and a paragraph starts with an indented line; the closing
// "Reuter" signature is dropped.
func reutersBody(b string) string {
	lines := strings.Split(b, "\n")
	for len(lines) > 0 {
		t := strings.ToLower(strings.TrimSpace(lines[len(lines)-1]))
		if t == "" || strings.TrimRight(t, ".") == "reuter" {
			lines = lines[:len(lines)-1]
			continue
		}
		// The signature also ends the last line of text in some
		// stories ("... 31.5 billion in 1986. REUTER").
		last := lines[len(lines)-1]
		trimmed := strings.TrimRight(last, " .")
		if i := strings.LastIndexByte(trimmed, ' '); i > 0 && strings.EqualFold(trimmed[i+1:], "reuter") {
			lines[len(lines)-1] = strings.TrimRight(last[:i], " ")
		}
		break
	}
	indented := func(l string) bool { return l[0] == ' ' || l[0] == '\t' }
	return strings.Join(paragraphs(lines, indented), "\n\n")
}

// element returns the content of the first <name …>…</name> in s.
func element(s, name string) (string, bool) {
	i := strings.Index(s, "<"+name)
	for i >= 0 {
		rest := s[i+1+len(name):]
		if rest != "" && (rest[0] == '>' || rest[0] == ' ') {
			break
		}
		j := strings.Index(rest, "<"+name)
		if j < 0 {
			return "", false
		}
		i += 1 + len(name) + j
	}
	if i < 0 {
		return "", false
	}
	_, content, ok := strings.Cut(s[i:], ">")
	if !ok {
		return "", false
	}
	content, _, ok = strings.Cut(content, "</"+name+">")
	return content, ok
}

// codes returns the <D> values of a category element such as <PLACES>.
func codes(s, name string) []string {
	c, ok := element(s, name)
	if !ok {
		return nil
	}
	var out []string
	for {
		d, ok := element(c, "D")
		if !ok {
			return out
		}
		if d = strings.TrimSpace(d); d != "" {
			out = append(out, d)
		}
		_, c, _ = strings.Cut(c, "</D>")
	}
}

// attr returns the value of name="value" in a start tag.
func attr(tag, name string) string {
	_, v, ok := strings.Cut(tag, " "+name+"=\"")
	if !ok {
		return ""
	}
	v, _, _ = strings.Cut(v, "\"")
	return v
}

// decodeSGML replaces the entities Reuters-21578 uses (&lt; &gt; &amp;
// and numeric ones) and drops the control characters the numeric ones
// stand for, keeping newlines and tabs.
func decodeSGML(s string) string {
	if !strings.ContainsAny(s, "&\x00\x01\x02\x03\x04\x05\x7f") {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for len(s) > 0 {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			writeText(&sb, s)
			break
		}
		writeText(&sb, s[:i])
		s = s[i:]
		end := strings.IndexByte(s, ';')
		if end < 0 || end > 10 {
			sb.WriteByte('&')
			s = s[1:]
			continue
		}
		ent := s[1:end]
		switch {
		case ent == "lt":
			sb.WriteByte('<')
		case ent == "gt":
			sb.WriteByte('>')
		case ent == "amp":
			sb.WriteByte('&')
		case ent == "quot":
			sb.WriteByte('"')
		case strings.HasPrefix(ent, "#"):
			n, err := strconv.Atoi(ent[1:])
			if err != nil || n < 0 || n > unicode.MaxRune {
				sb.WriteString(s[:end+1])
				break
			}
			writeText(&sb, string(rune(n)))
		default:
			sb.WriteString(s[:end+1])
		}
		s = s[end+1:]
	}
	return sb.String()
}

// writeText writes s without control characters other than newline and tab.
func writeText(sb *strings.Builder, s string) {
	for _, r := range s {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			sb.WriteRune(r)
		}
	}
}
