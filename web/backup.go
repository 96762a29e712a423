package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/newsarchive/newsarchive/index"
)

// backupPath is the route of the whole archive's backup.
const backupPath = "/api/backup"

// ArticleCountHeader is the header a backup announces its number of
// articles in, before the first: a client that counts fewer lines knows
// its copy was cut short.
const ArticleCountHeader = "X-Article-Count"

// backupStall is how long a backup waits for a client that stops reading
// before it gives up; each flush grants that much again, so a backup may
// run for as long as it keeps moving, past the server's write timeout.
const backupStall = time.Minute

// errHeadDone stops a HEAD backup once its headers are out.
var errHeadDone = errors.New("headers sent")

// apiBackup answers GET /api/backup: every article of the archive, with
// no cap, in the archive's own schema, one a line, as the import command
// reads them back, in id order. The articles are those of one view of
// the index taken as the request starts: writes made while it streams
// are not in it, and none is given twice or left out. It needs the write
// API's key, since it hands out the whole archive at once. The count of
// the view goes out first, in X-Article-Count; a stream that fails
// halfway is aborted, so that the client sees a broken transfer and a
// short count rather than a complete-looking file.
func (s *Server) apiBackup(c echo.Context) error {
	if err := s.checkKey(c, "Backups", s.access.apiKey.set); err != nil {
		return err
	}
	if len(c.QueryParams()) > 0 {
		return echo.NewHTTPError(http.StatusBadRequest, "The backup takes no parameters: it is always the whole archive. To export the articles of a search, use /export.jsonl with the search's parameters.")
	}
	req := c.Request()
	resp := c.Response()
	rc := http.NewResponseController(resp)
	// Without a write deadline of its own, the server's would cut every
	// backup that takes longer than a page may.
	_ = rc.SetWriteDeadline(time.Now().Add(backupStall))
	start := time.Now()
	enc := json.NewEncoder(resp)
	enc.SetEscapeHTML(false)
	begun := false
	var total uint64
	n := uint64(0)
	err := s.searcher.Backup(req.Context(), func(count uint64) error {
		total, begun = count, true
		h := resp.Header()
		h.Set(echo.HeaderContentType, "application/x-ndjson; charset=utf-8")
		h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="newsarchive-backup-%s.jsonl"`, start.UTC().Format("20060102-150405")))
		h.Set("Cache-Control", "no-store")
		h.Set(ArticleCountHeader, strconv.FormatUint(count, 10))
		resp.WriteHeader(http.StatusOK)
		if req.Method == http.MethodHead {
			return errHeadDone
		}
		return nil
	}, func(a index.Article) error {
		if err := enc.Encode(a); err != nil {
			return err
		}
		if n++; n%exportFlushEvery == 0 {
			_ = rc.SetWriteDeadline(time.Now().Add(backupStall))
			resp.Flush()
		}
		return nil
	})
	if errors.Is(err, errHeadDone) {
		return nil
	}
	if err == nil && n != total {
		err = fmt.Errorf("the view counted %d articles and gave %d", total, n)
	}
	if err != nil {
		if !begun {
			return err
		}
		s.logger.WarnContext(req.Context(), "backup cut short", "articles", n, "of", total, "err", err)
		panic(http.ErrAbortHandler)
	}
	s.logger.InfoContext(req.Context(), "backup sent", "articles", n, "took", time.Since(start).Round(time.Millisecond))
	return nil
}
