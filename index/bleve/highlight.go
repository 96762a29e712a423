package bleve

import (
	"container/heap"
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	simplefragmenter "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simplehighlighter "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsarchive/newsarchive/index"
)

// fragmentSize is how many characters a highlighted fragment holds before
// tidying, as Bleve's highlighters cut them.
const fragmentSize = 200

// ellipsis stands where a fragment cuts the text.
const ellipsis = "…"

// bestFragment picks the fragment of text that holds the most different
// matched terms, as Bleve's simple highlighter does (its fragmenter,
// scorer and queue), and returns it as text with the matches' spans
// rather than as HTML, so that the views do all escaping. With no match
// in text it is the start of text.
func bestFragment(text string, tlm search.TermLocationMap) index.Marked {
	if text == "" {
		return index.Marked{}
	}
	orig := []byte(text)
	ordered := highlight.OrderTermLocations(tlm)
	scorer := simplehighlighter.NewFragmentScorer(tlm)
	queue := make(simplehighlighter.FragmentQueue, 0)
	heap.Init(&queue)
	for _, f := range simplefragmenter.NewFragmenter(fragmentSize).Fragment(orig, ordered) {
		scorer.Score(f)
		heap.Push(&queue, f)
	}
	if len(queue) == 0 {
		return index.Marked{}
	}
	best := heap.Pop(&queue).(*highlight.Fragment)

	ordered.MergeOverlapping()
	var m index.Marked
	var b strings.Builder
	if best.Start != 0 {
		b.WriteString(ellipsis)
	}
	off := b.Len() - best.Start // from an offset in text to one in the fragment
	curr := best.Start
	for _, tl := range ordered {
		if tl == nil || tl.Start < curr {
			continue
		}
		if tl.End > best.End {
			break
		}
		m.Marks = append(m.Marks, index.Span{Start: tl.Start + off, End: tl.End + off})
		curr = tl.End
	}
	b.WriteString(text[best.Start:best.End])
	if best.End != len(text) {
		b.WriteString(ellipsis)
	}
	m.Text = b.String()
	return m
}

// maxPiece is the longest piece of a word that tidy drops where the
// fragmenter cut.
const maxPiece = 25

// tidy drops the heading markers, folds white space, and drops the pieces
// of words that the fragmenter leaves at a cut, which it makes at a
// character count. A cut piece is dropped only when it holds no match and
// nothing a reader would miss (a quote, an ampersand, a bracket), and the
// marks move with the text.
func tidy(m index.Marked) index.Marked {
	// Each byte carries the number of the mark it belongs to, from 1, so
	// that the marks can be found again after the text has changed.
	text := []byte(m.Text)
	owner := make([]int, len(text))
	for i, sp := range m.Marks {
		for j := sp.Start; j < sp.End && j < len(owner); j++ {
			owner[j] = i + 1
		}
	}
	var t tidier
	for i := 0; i < len(text); {
		if strings.HasPrefix(string(text[i:min(i+len(index.HeadingPrefix), len(text))]), index.HeadingPrefix) {
			i += len(index.HeadingPrefix)
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if unicode.IsSpace(r) {
			t.space = true
		} else {
			t.add(text[i:i+size], owner[i])
		}
		i += size
	}

	if rest, ok := t.cutPrefix(ellipsis); ok {
		if i := rest.index(' '); i >= 0 && i < maxPiece && !rest.holds(0, i, `<>&'"`) {
			t = tidier{text: append([]byte(ellipsis), rest.text[i+1:]...), owner: append(make([]int, len(ellipsis)), rest.owner[i+1:]...)}
		}
	}
	if rest, ok := t.cutSuffix(ellipsis); ok {
		if i := rest.lastIndex(' '); i >= 0 && len(rest.text)-i < maxPiece && !rest.holds(i, len(rest.text), `<>&'";`) {
			rest.text, rest.owner = rest.text[:i], rest.owner[:i]
			for n := len(rest.text); n > 0 && rest.owner[n-1] == 0 && strings.IndexByte(" ,;:", rest.text[n-1]) >= 0; n-- {
				rest.text, rest.owner = rest.text[:n-1], rest.owner[:n-1]
			}
			t = rest
			t.add([]byte(" "+ellipsis), 0)
		}
	}
	return t.marked()
}

// tidier builds tidied text byte by byte, with each byte's mark.
type tidier struct {
	text  []byte
	owner []int
	space bool // a run of white space waits to be written as one space
}

// add appends b, which belongs to mark owner (0 for none), after one
// space if white space came before it. The space belongs to a mark only
// when the bytes on both sides do, so that a mark over two words stays one.
func (t *tidier) add(b []byte, owner int) {
	if t.space && len(t.text) > 0 {
		o := 0
		if t.owner[len(t.owner)-1] == owner {
			o = owner
		}
		t.text = append(t.text, ' ')
		t.owner = append(t.owner, o)
	}
	t.space = false
	for range b {
		t.owner = append(t.owner, owner)
	}
	t.text = append(t.text, b...)
}

func (t tidier) cutPrefix(p string) (tidier, bool) {
	if !strings.HasPrefix(string(t.text), p) {
		return t, false
	}
	return tidier{text: t.text[len(p):], owner: t.owner[len(p):]}, true
}

func (t tidier) cutSuffix(s string) (tidier, bool) {
	if !strings.HasSuffix(string(t.text), s) {
		return t, false
	}
	n := len(t.text) - len(s)
	return tidier{text: t.text[:n:n], owner: t.owner[:n:n]}, true
}

func (t tidier) index(b byte) int     { return strings.IndexByte(string(t.text), b) }
func (t tidier) lastIndex(b byte) int { return strings.LastIndexByte(string(t.text), b) }

// holds reports whether bytes from to to hold a mark or any of chars.
func (t tidier) holds(from, to int, chars string) bool {
	for i := from; i < to; i++ {
		if t.owner[i] != 0 || strings.IndexByte(chars, t.text[i]) >= 0 {
			return true
		}
	}
	return false
}

// marked turns the bytes' marks back into spans.
func (t tidier) marked() index.Marked {
	m := index.Marked{Text: string(t.text)}
	for i := 0; i < len(t.owner); {
		o := t.owner[i]
		j := i + 1
		for j < len(t.owner) && t.owner[j] == o {
			j++
		}
		if o != 0 {
			m.Marks = append(m.Marks, index.Span{Start: i, End: j})
		}
		i = j
	}
	return m
}

// Highlight returns the body of article id as blocks with the spans that
// the query text matches. Text that does not parse gives a
// *index.QueryError; an article the query does not match comes back
// without marks.
func (ix *Index) Highlight(ctx context.Context, id, text string) ([]index.MarkedBlock, error) {
	a, err := ix.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	var spans []index.Span
	ctx = limitTerms(ctx)
	if strings.TrimSpace(text) != "" {
		p, err := ix.plan(index.Query{Text: text})
		if err != nil {
			return nil, err
		}
		req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery([]string{id}), p.text}), 1, 0, false)
		req.IncludeLocations = true
		res, err := ix.search(ctx, req)
		if err != nil {
			return nil, searchError(err)
		}
		if len(res.Hits) == 1 {
			for _, byTerm := range res.Hits[0].Locations[fieldBody] {
				for _, l := range byTerm {
					spans = append(spans, index.Span{Start: int(l.Start), End: int(l.End)})
				}
			}
		}
	}
	return index.MarkBlocks(a.Body, spans), nil
}
