package bleve

import (
	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/internal/marktest"
)

// tidyFragment tidies a fragment written as HTML, with its matches in
// <mark>, so that tests can state fragments as a reader sees them.
func tidyFragment(f string) string { return marktest.HTML(tidy(marktest.Parse(f))) }

// htmls writes fragments as marktest.HTML does.
func htmls(ms []index.Marked) []string {
	var out []string
	for _, m := range ms {
		out = append(out, marktest.HTML(m))
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
		out = append(out, htmlBlock{Heading: b.Heading, HTML: marktest.HTML(b.Marked)})
	}
	return out
}
