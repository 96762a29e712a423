package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/newsarchive/newsarchive/index"
)

// pageLinks are the addresses of the pages around one page of a search:
// path and query, "" where there is no such page.
type pageLinks struct {
	first, prev, next, last string
}

// totalPages is how many pages of size hits total hits fill.
func totalPages(total uint64, size int) int {
	if size < 1 {
		return 0
	}
	return int((total + uint64(size) - 1) / uint64(size))
}

// searchLinks makes the links around the page a request for path with
// the query rawQuery answered: page number page (0 for a page after a
// cursor) of size hits out of total, and nextCursor, the results' Next.
// Each link is the request itself with only page or cursor changed.
//
// Page numbers reach MaxResultWindow hits: beyond it, next follows the
// cursor, and there is no last link. Before a page past the end prev is
// the last page, where the results end, and a page after a cursor has
// no prev, as a cursor only goes on.
func searchLinks(path, rawQuery string, page, size int, total uint64, nextCursor string) pageLinks {
	base := otherParams(rawQuery)
	at := func(k, v string) string {
		return path + "?" + strings.Join(append(base, k+"="+url.QueryEscape(v)), "&")
	}
	atPage := func(n int) string { return at("page", strconv.Itoa(n)) }
	pages := totalPages(total, size)
	lastPage := max(pages, 1)
	maxPage := index.MaxResultWindow / size
	l := pageLinks{first: atPage(1)}
	if lastPage <= maxPage {
		l.last = atPage(lastPage)
	}
	if page > 1 {
		l.prev = atPage(min(page-1, lastPage))
	}
	switch {
	case page > 0 && page < pages && page+1 <= maxPage:
		l.next = atPage(page + 1)
	case nextCursor != "" && (page == 0 || page < pages):
		l.next = at("cursor", nextCursor)
	}
	return l
}

// otherParams are the pairs of rawQuery but page and cursor, in their
// order, each escaped anew so that a link holds no character a Link
// header or an address cannot. The query decoded whole when the request
// came in (decodeQuery).
func otherParams(rawQuery string) []string {
	var out []string
	for pair := range strings.SplitSeq(rawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, _ = url.QueryUnescape(k)
		v, _ = url.QueryUnescape(v)
		if k == "page" || k == "cursor" {
			continue
		}
		out = append(out, url.QueryEscape(k)+"="+url.QueryEscape(v))
	}
	return out
}

// header is the links as an RFC 8288 Link header, relative references
// resolved against the request's address; "" when there are none.
func (l pageLinks) header() string {
	var parts []string
	for _, r := range []struct{ rel, href string }{{"first", l.first}, {"prev", l.prev}, {"next", l.next}, {"last", l.last}} {
		if r.href != "" {
			parts = append(parts, "<"+r.href+`>; rel="`+r.rel+`"`)
		}
	}
	return strings.Join(parts, ", ")
}
