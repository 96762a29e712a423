// Package ingest reads news articles from import files: plain text, JSON
// Lines (the archive's own export format and the HuffPost dataset shape),
// JSON arrays of headlines, and Reuters-21578 SGML.
//
// Every reader reports what it finds through one callback, an Item per
// article or per skipped record or file, so a caller can drive a progress
// bar and print a summary without caring which format a file was in. Bad
// records never stop a file: they come through as Items with Err set and
// reading goes on.
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsarchive/newsarchive/index"
)

// Item is one article read from a source, or the reason one could not be.
type Item struct {
	Article index.Article
	// Err is non-nil when this record or file was skipped; Article is then
	// empty. Errors wrap ErrSkipped when the input is not an article at all
	// (a README, a code list) rather than a broken one.
	Err error
	// Where locates the record: "path:line" for records of multi-article
	// files, "path" for single-article files and whole-file errors.
	Where string
}

// ErrSkipped marks files and records that were left out on purpose because
// they are not articles, as opposed to articles that could not be read.
var ErrSkipped = errors.New("skipped")

// Format is an import format.
type Format string

// The formats Detect recognizes.
const (
	FormatUnknown Format = ""
	FormatText    Format = "text"    // title line, then paragraphs
	FormatJSONL   Format = "jsonl"   // one JSON object per line
	FormatJSON    Format = "json"    // one JSON array of objects
	FormatReuters Format = "reuters" // Reuters-21578 SGML
)

// headSize is how much of a file Detect gets to look at.
const headSize = 4096

// maxTextSize caps a plain-text article; anything larger is a document or a
// data dump, not a news story, and would otherwise be read whole into memory.
const maxTextSize = 16 << 20

// Detect names the format of a file from its first bytes, falling back to
// its name's extension when the content does not decide.
func Detect(name string, head []byte) Format {
	head = bytes.TrimPrefix(head, bom)
	head = bytes.TrimLeft(head, " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("<!DOCTYPE lewis")), bytes.Contains(head, []byte("<REUTERS")):
		return FormatReuters
	case bytes.HasPrefix(head, []byte("{")):
		return FormatJSONL
	case bytes.HasPrefix(head, []byte("[")):
		return FormatJSON
	case bytes.IndexByte(head, 0) >= 0:
		return FormatUnknown // binary
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".sgm", ".sgml":
		return FormatReuters
	case ".jsonl", ".ndjson":
		return FormatJSONL
	case ".json":
		return FormatJSON
	case ".txt", ".text", "":
		return FormatText
	}
	if bytes.HasPrefix(head, []byte("<")) || !looksLikeText(head) {
		return FormatUnknown
	}
	return FormatText
}

// looksLikeText reports whether b is mostly printable text; b may end in
// the middle of a character.
func looksLikeText(b []byte) bool {
	if len(b) == 0 {
		return true
	}
	bad := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' {
			bad++
		}
	}
	return bad*20 < len(b)
}

// ReadFile reads the file at path in whichever format it holds and emits
// every article and every skipped record. An error returned by emit stops
// reading and is returned; so is a cancelled context. Problems with the
// file itself (unreadable, unknown format) are emitted as Items, not
// returned, so that one bad file does not end an import.
func ReadFile(ctx context.Context, path string, emit func(Item) error) error {
	f, err := os.Open(path)
	if err != nil {
		return emit(Item{Err: err, Where: path})
	}
	defer f.Close()
	return Read(ctx, path, f, emit)
}

// Read is ReadFile for a stream; name is used to detect the format and in
// Item.Where.
func Read(ctx context.Context, name string, r io.Reader, emit func(Item) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(headSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return emit(Item{Err: err, Where: name})
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(head, bom))) == 0 {
		return emit(Item{Err: fmt.Errorf("%w: empty file", ErrSkipped), Where: name})
	}
	if bytes.HasPrefix(head, gzipMagic) {
		// A gzipped file is read as what it holds; its records are
		// still reported by the name of the file on disk.
		zr, err := gzip.NewReader(br)
		if err != nil {
			return emit(Item{Err: fmt.Errorf("%w: gzip: %v", ErrSkipped, err), Where: name})
		}
		defer zr.Close()
		return Read(ctx, name, gzipBody{zr, name}, emit)
	}
	switch f := Detect(strings.TrimSuffix(name, ".gz"), head); f {
	case FormatReuters:
		return readReuters(ctx, name, br, emit)
	case FormatJSONL:
		return readJSONL(ctx, name, br, emit)
	case FormatJSON:
		return readJSONArray(ctx, name, br, emit)
	case FormatText:
		return readText(name, br, emit)
	default:
		return emit(Item{Err: fmt.Errorf("%w: not a known article format", ErrSkipped), Where: name})
	}
}

// gzipMagic starts every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// gzipBody reads a gzip stream and names a damaged one.
type gzipBody struct {
	r    io.Reader
	name string
}

func (g gzipBody) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%s: gzip: %w", g.name, err)
	}
	return n, err
}

// readText reads a whole plain-text file as one article.
func readText(name string, r io.Reader, emit func(Item) error) error {
	b, err := io.ReadAll(io.LimitReader(r, maxTextSize+1))
	if err != nil {
		return emit(Item{Err: err, Where: name})
	}
	if len(b) > maxTextSize {
		return emit(Item{Err: fmt.Errorf("%w: larger than %d MiB, too large for one article", ErrSkipped, maxTextSize>>20), Where: name})
	}
	a, err := ParseText(Clean(b))
	if err != nil {
		return emit(Item{Err: err, Where: name})
	}
	return emit(Item{Article: a, Where: name})
}
