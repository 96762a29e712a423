package bleve

import (
	"html"
	"strings"

	"github.com/newsarchive/newsarchive/index"
)

// tidyFragment tidies a fragment written as HTML, with its matches in
// <mark>, so that tests can state fragments as a reader sees them.
func tidyFragment(f string) string { return markedHTML(tidy(parseMarked(f))) }

// parseMarked reads HTML-escaped text with <mark>ed spans.
func parseMarked(f string) index.Marked {
	var m index.Marked
	for {
		before, rest, ok := strings.Cut(f, "<mark>")
		m.Text += html.UnescapeString(before)
		if !ok {
			return m
		}
		in, after, _ := strings.Cut(rest, "</mark>")
		start := len(m.Text)
		m.Text += html.UnescapeString(in)
		m.Marks = append(m.Marks, index.Span{Start: start, End: len(m.Text)})
		f = after
	}
}

// markedHTML writes marked text as escaped HTML with its spans in <mark>.
func markedHTML(m index.Marked) string {
	var b strings.Builder
	pos := 0
	for _, s := range m.Marks {
		b.WriteString(html.EscapeString(m.Text[pos:s.Start]))
		b.WriteString("<mark>" + html.EscapeString(m.Text[s.Start:s.End]) + "</mark>")
		pos = s.End
	}
	b.WriteString(html.EscapeString(m.Text[pos:]))
	return b.String()
}

// htmls writes fragments as markedHTML does.
func htmls(ms []index.Marked) []string {
	var out []string
	for _, m := range ms {
		out = append(out, markedHTML(m))
	}
	return out
}

// htmlBlock is a body block as a reader sees it.
type htmlBlock struct {
	Heading bool
	HTML    string
}

func htmlBlocks(bs []index.MarkedBlock) []htmlBlock {
	var out []htmlBlock
	for _, b := range bs {
		out = append(out, htmlBlock{Heading: b.Heading, HTML: markedHTML(b.Marked)})
	}
	return out
}
