package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/newsarchive/newsarchive/assets"
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

// Defaults of the write API and of the limits on /api/.
const (
	// DefaultMaxBody is the largest request body the write API reads:
	// some ten thousand wire stories, far more than one batch needs.
	DefaultMaxBody = 32 << 20
	// DefaultRateLimit is the number of /api/ requests a second one
	// client address may make on average; DefaultRateBurst how many it
	// may make at once. A reader typing in the search box makes a few a
	// second; an import client sends one batch at a time.
	DefaultRateLimit = 20
	DefaultRateBurst = 40
)

// writeTimeout replaces the server's write deadline for a POST: enriching
// a full body takes longer than any page, and the client is waiting for
// the acknowledgement, not reading a page.
const writeTimeout = 10 * time.Minute

// access holds what decides who may do what: the keys, the write
// endpoint's dependencies and the limits.
type access struct {
	writer  Writer
	apiKey  secret // empty: writes are refused
	readKey secret // empty: reads are open
	maxBody int64
	rate    float64 // per second per client address; 0: no limit
	burst   int
}

func defaultAccess() access {
	return access{maxBody: DefaultMaxBody, burst: 1}
}

// secret is a key kept as its SHA-256 digest, so that comparing a
// presented key takes the same time whatever its length and content.
type secret struct {
	set    bool
	digest [sha256.Size]byte
}

func newSecret(key string) secret {
	if key == "" {
		return secret{}
	}
	return secret{set: true, digest: sha256.Sum256([]byte(key))}
}

// matches reports whether key is the secret, in constant time.
func (s secret) matches(key string) bool {
	if !s.set {
		return false
	}
	d := sha256.Sum256([]byte(key))
	return subtle.ConstantTimeCompare(d[:], s.digest[:]) == 1
}

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

// WithReadKey makes every page and API read need key: API clients send
// it as "Authorization: Bearer KEY", browsers as the password of HTTP
// Basic authentication (any user name), which they ask for themselves.
// Keys in URLs are not accepted: they end up in logs and histories. The
// write key is accepted for reads too. Assets and the health probes stay
// open. An empty key leaves reads open.
func WithReadKey(key string) Option {
	return func(s *Server) { s.access.readKey = newSecret(key) }
}

// WithRateLimit limits each client address to perSecond requests a
// second on /api/, with bursts of burst; perSecond <= 0 turns limiting
// off, as it is without this option (the command sets DefaultRateLimit). The address is the connection's: behind a reverse proxy every
// client shares the proxy's, so limit there instead.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(s *Server) {
		s.access.rate = max(perSecond, 0)
		s.access.burst = max(burst, 1)
	}
}

// WithMaxBody sets the largest request body the write API reads (413
// beyond it).
func WithMaxBody(n int64) Option {
	return func(s *Server) { s.access.maxBody = n }
}

func isAPI(path string) bool { return path == "/api" || strings.HasPrefix(path, "/api/") }

// openPaths need no read key: assets hold no archive data, and probes
// must answer whoever runs them.
func openPath(path string) bool {
	return strings.HasPrefix(path, assets.Prefix) || path == "/healthz" || path == "/readyz"
}

// limitAndGuard is the middleware that rate-limits /api/ and, when a read
// key is set, refuses requests without it. Limiting comes first, so that
// guessing keys is limited too.
func (s *Server) limitAndGuard() echo.MiddlewareFunc {
	guard := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := s.checkRead(c); err != nil {
				return err
			}
			return next(c)
		}
	}
	if s.access.rate <= 0 {
		return guard
	}
	retryAfter := strconv.Itoa(int(math.Ceil(1 / s.access.rate)))
	limit := middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper: func(c echo.Context) bool { return !isAPI(c.Request().URL.Path) },
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate:      rate.Limit(s.access.rate),
			Burst:     s.access.burst,
			ExpiresIn: 3 * time.Minute, // idle clients' buckets are dropped
		}),
		// The connection's address, not X-Forwarded-For: a header the
		// client writes would let it pick its own bucket.
		IdentifierExtractor: func(c echo.Context) (string, error) {
			addr := c.Request().RemoteAddr
			if host, _, err := net.SplitHostPort(addr); err == nil {
				return host, nil
			}
			return addr, nil
		},
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set(echo.HeaderRetryAfter, retryAfter)
			return echo.NewHTTPError(http.StatusTooManyRequests, "Too many requests from this address; wait as long as Retry-After says and try again.")
		},
	})
	return func(next echo.HandlerFunc) echo.HandlerFunc { return limit(guard(next)) }
}

// checkRead lets a request through when no read key is set or it carries
// the read key or the write key.
func (s *Server) checkRead(c echo.Context) error {
	a := &s.access
	req := c.Request()
	if !a.readKey.set || openPath(req.URL.Path) {
		return nil
	}
	if key, ok := bearer(req); ok && (a.readKey.matches(key) || a.apiKey.matches(key)) {
		return nil
	}
	if isAPI(req.URL.Path) {
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="newsarchive"`)
		return echo.NewHTTPError(http.StatusUnauthorized, `This archive needs a key to read: send "Authorization: Bearer KEY".`)
	}
	if _, pass, ok := req.BasicAuth(); ok && (a.readKey.matches(pass) || a.apiKey.matches(pass)) {
		return nil
	}
	c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Basic realm="newsarchive", charset="UTF-8"`)
	return echo.NewHTTPError(http.StatusUnauthorized, "This archive needs a key to read: enter it as the password (any user name).")
}

// checkWrite lets a write through only with the configured API key.
func (s *Server) checkWrite(c echo.Context) error {
	a := &s.access
	if a.writer == nil || !a.apiKey.set {
		return echo.NewHTTPError(http.StatusForbidden, `Writes are disabled on this server. To enable them, start it with NEWSARCHIVE_API_KEY set (or --api-key) and send the key as "Authorization: Bearer KEY".`)
	}
	key, ok := bearer(c.Request())
	if !ok {
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="newsarchive"`)
		return echo.NewHTTPError(http.StatusUnauthorized, `Writes need the API key: send "Authorization: Bearer KEY".`)
	}
	if !a.apiKey.matches(key) {
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="newsarchive", error="invalid_token"`)
		return echo.NewHTTPError(http.StatusUnauthorized, "The API key is not valid.")
	}
	return nil
}

// bearer returns the token of an "Authorization: Bearer TOKEN" header.
func bearer(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get(echo.HeaderAuthorization), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
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
