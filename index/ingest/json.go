package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

// maxLineSize caps one JSON Lines record. Real articles are far smaller; the
// cap keeps a file without newlines from being read whole into memory.
const maxLineSize = 16 << 20

// errLineTooLong reports a JSON Lines record over maxLineSize.
var errLineTooLong = fmt.Errorf("line longer than %d MiB", maxLineSize>>20)

// record is one JSON object of any shape the readers accept: the archive's
// own schema (index.Article), the HuffPost News Category dataset, and
// headline lists with a link and a Unix timestamp.
type record struct {
	index.Article
	// Authors is a list in the archive's schema and one comma-separated
	// string in the HuffPost dataset; this field shadows Article.Authors.
	Authors json.RawMessage `json:"authors"`
	// Published is an RFC 3339 time in the archive's schema and free text
	// ("July 11, 2022 12:18 AM", zone unknown) in headline lists, which
	// carry a Unix timestamp as well; this field shadows Article.Published.
	Published json.RawMessage `json:"published"`
	// Imported shadows Article.Imported, so that "" reads as no time, as
	// the archive's own exports write it.
	Imported         json.RawMessage `json:"imported"`
	Headline         string          `json:"headline"`
	ShortDescription string          `json:"short_description"`
	Link             string          `json:"link"`
	Date             string          `json:"date"`
	Domain           string          `json:"domain"`
	Timestamp        int64           `json:"timestamp"`
}

// DecodeJSON decodes one article from a JSON object in any of the shapes
// the JSON readers accept, cleaned and given an id as they do it, so that
// articles sent to the write API are read exactly as imported ones. The
// error says what is wrong in words for the person who sent it.
func DecodeJSON(b []byte) (index.Article, error) {
	return decodeRecord([]byte(Clean(b)))
}

// decodeRecord turns one cleaned JSON object into an article.
func decodeRecord(b []byte) (index.Article, error) {
	var r record
	if err := json.Unmarshal(b, &r); err != nil {
		return index.Article{}, jsonError(err)
	}
	a := r.Article
	authors, err := decodeAuthors(r.Authors)
	if err != nil {
		return index.Article{}, err
	}
	a.Authors = authors
	if p := r.Published; givenTime(p) && r.Timestamp == 0 {
		if err := json.Unmarshal(p, &a.Published); err != nil {
			return index.Article{}, fmt.Errorf("published: want an RFC 3339 time like \"2024-03-01T12:00:00Z\", got %s", p)
		}
	}
	if p := r.Imported; givenTime(p) {
		if err := json.Unmarshal(p, &a.Imported); err != nil {
			return index.Article{}, fmt.Errorf("imported: want an RFC 3339 time like \"2024-03-01T12:00:00Z\", got %s", p)
		}
	}
	switch {
	case a.Title == "" && a.Body == "" && (r.Headline != "" || r.ShortDescription != ""):
		// HuffPost: its category is deliberately not copied to Topics; its
		// 40-odd desk names are not the archive's topic vocabulary, and
		// topics are assigned by extraction.
		a.Title, a.Body = r.Headline, r.ShortDescription
		if a.URL == "" {
			a.URL = r.Link
		}
		if r.Date != "" && a.Published.IsZero() {
			t, err := time.Parse(time.DateOnly, r.Date)
			if err != nil {
				return index.Article{}, fmt.Errorf("date %q: want YYYY-MM-DD", r.Date)
			}
			a.Published = t
		}
		if a.Source == "" {
			a.Source = "HuffPost"
		}
		if a.Language == "" {
			a.Language = "en"
		}
	case r.Link != "" || r.Timestamp != 0:
		// A headline list: title, link, domain, Unix seconds.
		if a.URL == "" {
			a.URL = r.Link
		}
		if a.Published.IsZero() && r.Timestamp > 0 {
			a.Published = time.Unix(r.Timestamp, 0).UTC()
		}
		if a.Source == "" {
			a.Source = r.Domain
		}
	}
	a.Title = strings.Join(strings.Fields(a.Title), " ")
	a.Body = strings.TrimSpace(a.Body)
	if a.Title == "" {
		if a.Body == "" {
			return index.Article{}, errors.New("record has neither title nor body")
		}
		return index.Article{}, errors.New("record has a body but no title")
	}
	if a.ID == "" {
		if a.URL != "" {
			a.ID = index.URLID(a.URL)
		} else {
			a.ID = index.ContentID(a.Title, a.Body)
		}
	}
	return a, nil
}

// givenTime reports whether raw holds a time: absent, null and "" say
// there is none.
func givenTime(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && !bytes.Equal(raw, []byte("null")) && !bytes.Equal(raw, []byte(`""`))
}

// decodeAuthors accepts a list of names or one string of names joined by
// ", " and " and ".
func decodeAuthors(raw json.RawMessage) ([]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	if raw[0] == '[' {
		var list []string
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("authors: %w", jsonError(err))
		}
		return nonEmpty(list), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("authors: want a list or a string: %w", jsonError(err))
	}
	var out []string
	for _, part := range strings.Split(s, ", ") {
		out = append(out, strings.Split(part, " and ")...)
	}
	return nonEmpty(out), nil
}

func nonEmpty(list []string) []string {
	out := list[:0]
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// jsonError rewords encoding/json errors for people reading an import
// summary, who know the file but not Go's type names.
func jsonError(err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("invalid JSON at byte %d: %v", syn.Offset, syn)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Errorf("field %q: want %s, got JSON %s", typ.Field, typ.Type, typ.Value)
	}
	return err
}

// readJSONL reads one record per line; blank lines are skipped and a bad
// line is reported with its number while the lines after it are read.
func readJSONL(ctx context.Context, name string, r *bufio.Reader, emit func(Item) error) error {
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := readLine(r)
		if err != nil && err != io.EOF && !errors.Is(err, errLineTooLong) {
			return emit(Item{Err: err, Where: fmt.Sprintf("%s:%d", name, n)})
		}
		where := fmt.Sprintf("%s:%d", name, n)
		if errors.Is(err, errLineTooLong) {
			if e := emit(Item{Err: err, Where: where}); e != nil {
				return e
			}
			continue
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		if t := bytes.TrimSpace(line); len(t) > 0 {
			a, err := DecodeJSON(t)
			if e := emit(Item{Article: a, Err: err, Where: where}); e != nil {
				return e
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine returns the next line without its newline, or io.EOF with the
// last line when the input ends. A line over maxLineSize is consumed and
// reported as errLineTooLong.
func readLine(r *bufio.Reader) ([]byte, error) {
	var buf []byte
	tooLong := false
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > maxLineSize {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == nil:
			if tooLong {
				return nil, errLineTooLong
			}
			return bytes.TrimSuffix(buf, []byte("\n")), nil
		default:
			if tooLong {
				return nil, errLineTooLong
			}
			return buf, err
		}
	}
}

// readJSONArray reads one JSON array of records, such as a list of
// headlines. A record of the wrong shape is reported with the line it
// starts on and skipped; broken JSON syntax ends the file, since nothing
// after it can be trusted.
func readJSONArray(ctx context.Context, name string, r *bufio.Reader, emit func(Item) error) error {
	if head, _ := r.Peek(len(bom)); bytes.Equal(head, bom) {
		_, _ = r.Discard(len(bom))
	}
	lc := &lineCounter{r: r}
	dec := json.NewDecoder(lc)
	if _, err := dec.Token(); err != nil {
		return emit(Item{Err: jsonError(err), Where: name})
	}
	for dec.More() {
		if err := ctx.Err(); err != nil {
			return err
		}
		start := recordStart(dec)
		where := fmt.Sprintf("%s:%d", name, lc.line(start))
		lc.limit = start + maxLineSize + lineCounterSlack
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if errors.Is(err, errRecordTooLong) {
				// The decoder cannot skip the rest of a value, so the
				// records after it cannot be found.
				return emit(Item{Err: fmt.Errorf("%w; the rest of the file is not read", err), Where: where})
			}
			return emit(Item{Err: jsonError(err), Where: where})
		}
		a, err := DecodeJSON(raw)
		if e := emit(Item{Article: a, Err: err, Where: where}); e != nil {
			return e
		}
	}
	if _, err := dec.Token(); err != nil {
		return emit(Item{Err: fmt.Errorf("array not closed: %w", jsonError(err)), Where: fmt.Sprintf("%s:%d", name, lc.line(dec.InputOffset()))})
	}
	return nil
}

// recordStart returns the offset of the next value in dec's input: past
// the end of the last token and the separators after it that the decoder
// has already buffered.
func recordStart(dec *json.Decoder) int64 {
	off := dec.InputOffset()
	br, ok := dec.Buffered().(io.ByteReader)
	if !ok {
		return off
	}
	for {
		b, err := br.ReadByte()
		if err != nil || (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != ',') {
			return off
		}
		off++
	}
}

// lineCounter passes a stream through and remembers where its lines start,
// so that a decoder's byte offsets can be told as line numbers. It keeps
// only the newlines at or after the last offset asked about, which the
// decoder's read-ahead bounds, so memory does not grow with the file.
//
// It also caps a record, as readLine caps a JSON Lines record: reading
// past limit fails with errRecordTooLong, so that one endless value does
// not take the whole file into memory.
type lineCounter struct {
	r     io.Reader
	read  int64   // bytes passed through
	nl    []int64 // offsets of newlines not yet passed by line
	base  int     // newlines before nl[0]
	limit int64   // offset not to read past; 0 for none
}

// lineCounterSlack is how far past a record's cap the decoder's read-ahead
// may go before the record counts as too long.
const lineCounterSlack = 64 << 10

// errRecordTooLong reports a JSON array record over maxLineSize.
var errRecordTooLong = fmt.Errorf("record longer than %d MiB", maxLineSize>>20)

func (c *lineCounter) Read(p []byte) (int, error) {
	if c.limit > 0 {
		if c.read >= c.limit {
			return 0, errRecordTooLong
		}
		// One read can be as large as the decoder's buffer.
		if rest := c.limit - c.read; int64(len(p)) > rest {
			p = p[:rest]
		}
	}
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			c.nl = append(c.nl, c.read+int64(i))
		}
	}
	c.read += int64(n)
	return n, err
}

// line returns the 1-based line of byte offset off; offsets must not
// decrease from one call to the next.
func (c *lineCounter) line(off int64) int {
	i := 0
	for i < len(c.nl) && c.nl[i] < off {
		i++
	}
	c.base += i
	c.nl = append(c.nl[:0], c.nl[i:]...)
	return c.base + 1
}
