package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/ingest"
)

// Writer is what the write API needs: the archive's import pipeline
// (*importer.Importer has it), so that posted articles get their actors,
// topics and batches exactly as imported ones do.
type Writer interface {
	// Import enriches and adds or replaces articles by id, and returns
	// once they are on disk, so that an acknowledged article survives a
	// crash.
	Import(ctx context.Context, articles []index.Article) (index.PutStats, error)
	// Delete removes one article; index.ErrNotFound for an unknown id.
	Delete(ctx context.Context, id string) error
}

// ErrClosing is what a Writer returns once the server is shutting down
// and the index takes no more writes; the client gets 503 and may send
// the same articles again later.
var ErrClosing = errors.New("the archive is shutting down")

// writeTimeout replaces the server's write deadline for a POST: enriching
// a full body takes longer than any page, and the client is waiting for
// the acknowledgement, not reading a page.
const writeTimeout = 10 * time.Minute

// WithWriter turns on POST /api/articles and DELETE /api/articles/:id
// for clients that send apiKey as "Authorization: Bearer KEY". With an
// empty key (or without this option) writes are refused with 403: the
// write API is never open.
func WithWriter(w Writer, apiKey string) Option {
	return func(s *Server) {
		s.access.writer = w
		s.access.apiKey = newSecret(apiKey)
	}
}

// WriteResponse is the answer of POST /api/articles, sent once every
// article in it is in the index and on disk.
type WriteResponse struct {
	Added   int             `json:"added"`   // new to the index
	Updated int             `json:"updated"` // replaced an article with the same id
	Skipped []SkippedRecord `json:"skipped"`
	IDs     []string        `json:"ids"` // of the articles that went in, in body order
}

// SkippedRecord is a record that did not go in, and why. Line is the
// line of a JSON Lines body, or the 1-based position in a JSON array.
type SkippedRecord struct {
	Line  int    `json:"line"`
	Error string `json:"error"`
}

// record is one article's JSON as it came in, with where it was.
type record struct {
	line int
	raw  []byte
}

// The media types of a JSON Lines body; there is no registered one.
var jsonLinesTypes = map[string]bool{
	"application/x-ndjson":     true,
	"application/jsonl":        true,
	"application/jsonlines":    true,
	"application/x-jsonlines":  true,
	"application/x-json-lines": true,
}

// apiPostArticles adds or updates the articles of the body: one article
// or an array of them as application/json, or one a line as
// application/x-ndjson. Each article is enriched and given an id as an
// import would; bad records are skipped and reported, and the answer
// comes once the rest are on disk.
func (s *Server) apiPostArticles(c echo.Context) error {
	if err := s.checkWrite(c); err != nil {
		return err
	}
	req := c.Request()
	mediaType, _, _ := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	lines := jsonLinesTypes[mediaType]
	if !lines && mediaType != echo.MIMEApplicationJSON {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "Send articles as application/json (one article or an array of them) or application/x-ndjson (one article a line).")
	}
	tooLarge := echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("The body is larger than %d MiB; send the articles in several requests.", s.access.maxBody>>20))
	if req.ContentLength > s.access.maxBody {
		return tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, s.access.maxBody))
	if err != nil {
		if mbe := new(http.MaxBytesError); errors.As(err, &mbe) {
			return tooLarge
		}
		return echo.NewHTTPError(http.StatusBadRequest, "The body could not be read.").SetInternal(err)
	}
	var recs []record
	if lines {
		recs, err = splitLines(body)
	} else {
		recs, err = splitJSON(body)
	}
	if err != nil {
		return err
	}
	_ = http.NewResponseController(c.Response()).SetWriteDeadline(time.Now().Add(writeTimeout))

	m := s.Metrics()
	m.ImportStarted()
	defer m.ImportDone()
	arts, skipped := decodeRecords(recs)
	resp := WriteResponse{Skipped: skipped, IDs: make([]string, 0, len(arts))}
	if len(arts) > 0 {
		st, err := s.access.writer.Import(req.Context(), arts)
		if err != nil {
			return writeFailed(c, err)
		}
		m.ImportAdded(len(arts))
		resp.Added, resp.Updated = st.Added, st.Updated
		for _, a := range arts {
			resp.IDs = append(resp.IDs, a.ID)
		}
	}
	status := http.StatusOK
	if len(arts) == 0 {
		// Nothing went in: a client that checks only the status must
		// not take the upload for a success.
		status = http.StatusUnprocessableEntity
	}
	return c.JSON(status, resp)
}

// apiDeleteArticle removes one article: 204, or 404 for an unknown id.
func (s *Server) apiDeleteArticle(c echo.Context) error {
	if err := s.checkWrite(c); err != nil {
		return err
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.access.writer.Delete(c.Request().Context(), id); err != nil {
		return writeFailed(c, err)
	}
	return c.NoContent(http.StatusNoContent)
}

// writeFailed answers a write the index refused. ErrClosing becomes a 503
// the client can act on (the error handler keeps 5xx text to itself);
// anything else goes to the error handler.
func writeFailed(c echo.Context, err error) error {
	if !errors.Is(err, ErrClosing) {
		return err
	}
	c.Response().Header().Set(echo.HeaderRetryAfter, "10")
	return c.JSON(http.StatusServiceUnavailable, ErrorResponse{Error: ErrorBody{
		Code:    "unavailable",
		Message: "The archive is shutting down; send the same request again once it is back.",
	}})
}

// splitJSON splits an application/json body: one article object, or an
// array of them.
func splitJSON(body []byte) ([]record, error) {
	body = bytes.TrimSpace(bytes.TrimPrefix(body, utf8BOM))
	var probe json.RawMessage
	if err := json.Unmarshal(body, &probe); err != nil {
		return nil, badBody("The body is not JSON: %v.", err)
	}
	switch body[0] {
	case '{':
		return []record{{line: 1, raw: body}}, nil
	case '[':
		var raws []json.RawMessage
		if err := json.Unmarshal(body, &raws); err != nil {
			return nil, badBody("The body is not a JSON array: %v.", err)
		}
		if len(raws) == 0 {
			return nil, badBody("The array holds no articles.")
		}
		recs := make([]record, len(raws))
		for i, raw := range raws {
			recs[i] = record{line: i + 1, raw: raw}
		}
		return recs, nil
	default:
		return nil, badBody("The body must be an article (a JSON object) or an array of them.")
	}
}

var utf8BOM = []byte("\xef\xbb\xbf")

// badBody is the 400 for a body that cannot be read as articles at all.
func badBody(format string, args ...any) error {
	return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf(format, args...))
}

// splitLines splits a JSON Lines body into its non-blank lines. A body
// none of whose lines is JSON is refused as a whole: it is not JSON Lines
// at all, and listing every line as skipped would hide that.
func splitLines(body []byte) ([]record, error) {
	body = bytes.TrimPrefix(body, utf8BOM)
	var recs []record
	anyJSON := false
	for n := 1; len(body) > 0; n++ {
		line, rest, _ := bytes.Cut(body, []byte("\n"))
		body = rest
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		recs = append(recs, record{line: n, raw: line})
		if !anyJSON && json.Valid(line) {
			anyJSON = true
		}
	}
	switch {
	case len(recs) == 0:
		return nil, badBody("The body holds no articles.")
	case !anyJSON:
		return nil, badBody("The body is not JSON Lines: no line of it is JSON.")
	}
	return recs, nil
}

// decodeRecords turns records into articles with the import's own JSON
// decoder, so that ids, cleaning and the accepted shapes are the same as
// for `newsarchive import`; a record that is not an article is skipped
// and reported with its line.
func decodeRecords(recs []record) ([]index.Article, []SkippedRecord) {
	arts := make([]index.Article, 0, len(recs))
	skipped := []SkippedRecord{}
	for _, r := range recs {
		if len(r.raw) == 0 || r.raw[0] != '{' {
			skipped = append(skipped, SkippedRecord{Line: r.line, Error: "not an article: want a JSON object"})
			continue
		}
		a, err := ingest.DecodeJSON(r.raw)
		if err != nil {
			skipped = append(skipped, SkippedRecord{Line: r.line, Error: err.Error()})
			continue
		}
		arts = append(arts, a)
	}
	return arts, skipped
}
