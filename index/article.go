// Package index is the archive's model: articles, actors and topics,
// searches and their results, and the errors a search can give. It holds
// plain types only; the engine that stores and searches them (package
// index/bleve) and the pipeline that fills it (index/importer) build on
// it, so that everything which only handles articles stays free of the
// engine.
package index

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Kind is the kind of an actor.
type Kind string

// The kinds of actor the archive knows.
const (
	Person       Kind = "person"
	Organization Kind = "organization"
	Place        Kind = "place"
)

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool {
	return k == Person || k == Organization || k == Place
}

// Actor is a person, organization or place an article is about.
type Actor struct {
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
}

// Article is one news story, in the project's JSON schema.
//
// Body holds paragraphs separated by blank lines; a paragraph that starts
// with "## " is a section heading (the Markdown convention, so exported
// files stay readable).
type Article struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Published time.Time `json:"published,omitzero"`
	Source    string    `json:"source,omitempty"`
	URL       string    `json:"url,omitempty"`
	Dateline  string    `json:"dateline,omitempty"`
	Authors   []string  `json:"authors,omitempty"`
	Actors    []Actor   `json:"actors,omitempty"`
	Topics    []string  `json:"topics,omitempty"`
	Language  string    `json:"language,omitempty"`
	// Imported is when the archive first held the article. The index sets
	// it on the first write and keeps it on every update; an article that
	// comes with one (an import of an export) keeps its own. Zero for
	// articles written before the archive recorded it.
	Imported time.Time `json:"imported,omitzero"`
	// Supplied keeps the actors and topics the source itself gave, apart
	// from what extraction added to Actors and Topics, so that a new
	// extractor can redo its part and leave the source's alone. Nil means
	// the article was never enriched: Actors and Topics are all supplied.
	Supplied *Tags `json:"supplied,omitempty"`
	// Found are the actors extraction found, as it wrote and typed them,
	// before the archive resolved them to the names and kinds it knows
	// them by: with the supplied ones, the evidence resolution weighs, so
	// that no article's resolved name becomes a vote of its own.
	Found []Actor `json:"found,omitempty"`
	// Acronyms are the short forms the text defines for names ("the
	// European Community (EC)"): evidence that the archive's other uses
	// of a short form name the same actor.
	Acronyms []Acronym `json:"acronyms,omitempty"`
}

// Acronym is a short form a text defines for a name.
type Acronym struct {
	Short string `json:"short"`
	Long  string `json:"long"`
}

// Tags are the actors and topics of an article.
type Tags struct {
	Actors []Actor  `json:"actors"`
	Topics []string `json:"topics"`
}

// HeadingPrefix marks a paragraph of Body as a section heading.
const HeadingPrefix = "## "

// Block is one paragraph or heading of an article body.
type Block struct {
	Heading bool
	Text    string
}

// Blocks splits the body into paragraphs and headings, in order.
func (a Article) Blocks() []Block {
	spans := blockSpans(a.Body)
	out := make([]Block, len(spans))
	for i, sp := range spans {
		out[i] = Block{Heading: sp.heading, Text: a.Body[sp.start:sp.end]}
	}
	return out
}

// BlockAt returns the number of the body block holding byte offset pos,
// as Blocks counts them, and the heading it stands under; -1 when pos
// comes before the first block.
func (a Article) BlockAt(pos int) (para int, section string) {
	para = -1
	for i, sp := range blockSpans(a.Body) {
		if sp.start > pos {
			break
		}
		if sp.heading {
			section = a.Body[sp.start:sp.end]
		}
		para = i
	}
	return para, section
}

// span is a block of a body by byte offsets, heading marker and
// surrounding space excluded, so that offsets found by the index apply.
type span struct {
	start, end int
	heading    bool
}

func blockSpans(body string) []span {
	var out []span
	for off := 0; off < len(body); {
		n := strings.Index(body[off:], "\n\n")
		end := len(body)
		if n >= 0 {
			end = off + n
		}
		s, e := off, end
		for s < e && isSpace(body[s]) {
			s++
		}
		for e > s && isSpace(body[e-1]) {
			e--
		}
		if s < e {
			sp := span{start: s, end: e}
			if strings.HasPrefix(body[s:e], HeadingPrefix) {
				sp.heading = true
				sp.start += len(HeadingPrefix)
				for sp.start < e && isSpace(body[sp.start]) {
					sp.start++
				}
			}
			if sp.start < sp.end {
				out = append(out, sp)
			}
		}
		if n < 0 {
			break
		}
		off = end + 2
	}
	return out
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

// ContentID derives a stable id from an article's text, for sources that
// carry neither an id nor a URL: the same story imported twice gets the
// same id and so is updated, not duplicated.
func ContentID(title, body string) string {
	h := sha256.New()
	h.Write([]byte(strings.TrimSpace(title)))
	h.Write([]byte{0})
	h.Write([]byte(strings.Join(strings.Fields(body), " ")))
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// URLID derives a stable id from an article's URL.
func URLID(url string) string {
	h := sha256.Sum256([]byte(strings.TrimSpace(url)))
	return "u" + hex.EncodeToString(h[:])[:15]
}
