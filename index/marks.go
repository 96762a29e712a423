package index

import (
	"cmp"
	"slices"
)

// Span is the bytes of a text from Start up to End.
type Span struct {
	Start, End int
}

// Marked is text with the spans of it that a search matched, for a view
// to mark; the text is plain, never HTML.
type Marked struct {
	Text string
	// Marks are in order and do not overlap.
	Marks []Span
}

// MarkedBlock is one paragraph or heading of an article body, with the
// spans a search matched in it.
type MarkedBlock struct {
	Heading bool
	Marked
}

// MarkBlocks splits body into blocks as Article.Blocks does and places
// the matched spans of body (byte offsets into it) in the blocks that
// hold them. A span that crosses a block's edge, is empty, or overlaps
// one placed before is left out.
func MarkBlocks(body string, matches []Span) []MarkedBlock {
	matches = slices.Clone(matches)
	slices.SortFunc(matches, func(a, b Span) int { return cmp.Compare(a.Start, b.Start) })
	var out []MarkedBlock
	for _, sp := range blockSpans(body) {
		b := MarkedBlock{Heading: sp.heading, Marked: Marked{Text: body[sp.start:sp.end]}}
		pos := sp.start
		for _, m := range matches {
			if m.Start < pos || m.End > sp.end || m.Start >= m.End {
				continue
			}
			b.Marks = append(b.Marks, Span{Start: m.Start - sp.start, End: m.End - sp.start})
			pos = m.End
		}
		out = append(out, b)
	}
	return out
}
