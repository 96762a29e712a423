package web

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/newsarchive/newsarchive/index"
)

// exportLimit caps one export. It keeps a download to a size a
// spreadsheet opens and a request to a time a proxy waits for; the whole
// archive is exported with the command line's export.
const exportLimit = 10000

// exportFlushEvery is how many articles go out between flushes, so a
// long export reaches the client as it is made.
const exportFlushEvery = 100

// csvHeader names the columns of a CSV export.
var csvHeader = []string{"id", "title", "published", "source", "url", "actors", "topics", "lead", "imported"}

// exportCSV answers GET /export.csv: the search's articles, one a row.
func (s *Server) exportCSV(c echo.Context) error {
	var cw *csv.Writer
	return s.export(c, "text/csv; charset=utf-8", "csv", func(w io.Writer) error {
		cw = csv.NewWriter(w)
		return cw.Write(csvHeader)
	}, func(a index.Article) error {
		rec, err := csvRecord(a)
		if err != nil {
			return err
		}
		return cw.Write(rec)
	}, func() error {
		cw.Flush()
		return cw.Error()
	})
}

// exportJSONL answers GET /export.jsonl: the search's articles as the
// API writes them (Article), one a line, as the import command reads them.
func (s *Server) exportJSONL(c echo.Context) error {
	var enc *json.Encoder
	return s.export(c, "application/x-ndjson; charset=utf-8", "jsonl", func(w io.Writer) error {
		enc = json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return nil
	}, func(a index.Article) error {
		return enc.Encode(article(a))
	}, func() error { return nil })
}

// export streams the search's articles, at most exportLimit, through
// start (once, before the first), write (for each) and flush (after
// some, and at the end). Nothing is sent before the first article or the
// end, so an error up to then gets the usual error page. An error after
// that can only cut the download short: the connection is aborted, so
// the client sees a broken transfer rather than a complete-looking file.
func (s *Server) export(c echo.Context, contentType, ext string, start func(io.Writer) error, write func(index.Article) error, flush func() error) error {
	p, err := s.parseSearch(queryValues(c))
	if err != nil {
		return err
	}
	q := p.query
	q.Page, q.Highlight = 1, false
	resp := c.Response()
	begun := false
	begin := func() error {
		if begun {
			return nil
		}
		begun = true
		h := resp.Header()
		h.Set(echo.HeaderContentType, contentType)
		h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="newsarchive-%s.%s"`, time.Now().UTC().Format("20060102-150405"), ext))
		h.Set("Cache-Control", "no-store")
		resp.WriteHeader(http.StatusOK)
		return start(resp)
	}
	n := 0
	err = s.searcher.Stream(c.Request().Context(), q, exportLimit, func(a index.Article) error {
		if err := begin(); err != nil {
			return err
		}
		if err := write(a); err != nil {
			return err
		}
		if n++; n%exportFlushEvery == 0 {
			if err := flush(); err != nil {
				return err
			}
			resp.Flush()
		}
		return nil
	})
	if err == nil {
		err = begin()
	}
	if err == nil {
		err = flush()
	}
	if err != nil && begun {
		s.logger.ErrorContext(c.Request().Context(), "export cut short", "path", c.Request().URL.Path, "articles", n, "err", err)
		panic(http.ErrAbortHandler)
	}
	return err
}

// csvRecord is one article as a CSV row. The values are those of the
// JSON Lines export, written so that they can be read back exactly:
// times as the API writes them (apiTime), actors and
// topics as the JSON arrays JSON Lines has (names may hold any
// separator), and text cells through csvCell.
func csvRecord(a index.Article) ([]string, error) {
	actors, err := jsonCell(a.Actors)
	if err != nil {
		return nil, err
	}
	topics, err := jsonCell(a.Topics)
	if err != nil {
		return nil, err
	}
	return []string{csvCell(a.ID), csvCell(a.Title), apiTime(a.Published), csvCell(a.Source), csvCell(a.URL), actors, topics, csvCell(exportLead(a)), apiTime(a.Imported)}, nil
}

// jsonCell is a list as a JSON array, [] for none, so that a reader needs
// no other rule than JSON's to split it.
func jsonCell[T any](list []T) (string, error) {
	if list == nil {
		list = []T{}
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(list); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// csvCell is text as a CSV cell. Control characters other than tab and
// line feed go: a NUL ends the field in some readers, and none is text a
// reader wants; CRLF and CR become LF, the one line break every CSV
// reader keeps inside a field. A cell a spreadsheet would take for a
// formula (one starting with =, +, -, @, a tab or a line break) gets a
// leading ', as OWASP advises, and so does one that starts with '
// itself, so that removing one leading ' always gives the text back.
func csvCell(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\t' || r == '\n':
			return r
		case r < 0x20:
			return -1
		}
		return r
	}, s)
	if s != "" && strings.IndexByte("=+-@'\t\n", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// exportLead is the article's first paragraph: what a spreadsheet row
// has room for.
func exportLead(a index.Article) string {
	for _, b := range a.Blocks() {
		if !b.Heading {
			return b.Text
		}
	}
	return ""
}
