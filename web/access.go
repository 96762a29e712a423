package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/newsarchive/newsarchive/assets"
)

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

// isAPI reports whether path is the JSON API's, which is rate-limited,
// answers errors in JSON and asks for a missing key as a bearer token.
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
	return s.checkKey(c, "Writes", s.access.writer != nil && s.access.apiKey.set)
}

// checkKey lets what (in the plural, for messages: "Writes") through
// only when enabled and with the configured API key, which is never
// empty when enabled.
func (s *Server) checkKey(c echo.Context, what string, enabled bool) error {
	a := &s.access
	if !enabled {
		return echo.NewHTTPError(http.StatusForbidden, what+` are disabled on this server. To enable them, start it with NEWSARCHIVE_API_KEY set (or --api-key) and send the key as "Authorization: Bearer KEY".`)
	}
	key, ok := bearer(c.Request())
	if !ok {
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="newsarchive"`)
		return echo.NewHTTPError(http.StatusUnauthorized, what+` need the API key: send "Authorization: Bearer KEY".`)
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
