// Package marktest writes and reads marked text (index.Marked) as a
// reader sees it, HTML-escaped with the matched runs in <mark>, so that
// tests and benchmarks can state and compare highlights in that form. The
// product's own HTML comes from the views.
package marktest

import (
	"html"
	"strings"

	"github.com/newsarchive/newsarchive/index"
)

// Parse reads HTML-escaped text with <mark>ed runs.
func Parse(h string) index.Marked {
	var m index.Marked
	for {
		before, rest, ok := strings.Cut(h, "<mark>")
		m.Text += html.UnescapeString(before)
		if !ok {
			return m
		}
		in, after, _ := strings.Cut(rest, "</mark>")
		start := len(m.Text)
		m.Text += html.UnescapeString(in)
		m.Marks = append(m.Marks, index.Span{Start: start, End: len(m.Text)})
		h = after
	}
}

// HTML writes marked text escaped, with its spans in <mark>.
func HTML(m index.Marked) string {
	var b strings.Builder
	pos := 0
	for _, sp := range m.Marks {
		b.WriteString(html.EscapeString(m.Text[pos:sp.Start]))
		b.WriteString("<mark>" + html.EscapeString(m.Text[sp.Start:sp.End]) + "</mark>")
		pos = sp.End
	}
	b.WriteString(html.EscapeString(m.Text[pos:]))
	return b.String()
}
