package web

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// DefaultSearchTimeout is how long a request may search before it is
// answered 503, unless WithSearchTimeout says otherwise.
const DefaultSearchTimeout = 10 * time.Second

// exportTimeoutFactor stretches the search deadline for exports, which
// read up to exportLimit articles and write them as they go: 60 s with the
// default timeout, the server's write timeout.
const exportTimeoutFactor = 6

// WithSearchTimeout bounds the time one request may spend searching; a
// search still running then stops and the request is answered 503. Zero
// or less turns the bound off. Exports get six times as long, as they
// read up to 10,000 articles.
func WithSearchTimeout(d time.Duration) Option {
	return func(s *Server) { s.searchTimeout = d }
}

// Defaults of the bound on the searches served at once.
const (
	// DefaultSearchesPerCPU is how many searching requests the server
	// serves at once for each CPU Go may use (GOMAXPROCS): a search keeps
	// a CPU busy, so more at once only makes each one slower.
	DefaultSearchesPerCPU = 4
	// DefaultSearchQueueWait is how long a searching request waits for a
	// free slot before it is refused.
	DefaultSearchQueueWait = 250 * time.Millisecond
	// searchQueuePerSlot bounds the requests waiting for a slot, per
	// slot; any more are refused without waiting.
	searchQueuePerSlot = 4
	// busyRetryAfter is the Retry-After of a refused search, in seconds.
	busyRetryAfter = "1"
)

// WithSearchLimit bounds the searching requests (pages, feeds, exports
// and the API's reads; not assets, probes, metrics or writes) the server
// serves at once to n. A request that finds all n busy waits up to wait
// for one (with at most four waiting per slot), and is then answered 503
// with Retry-After at once, rather than queueing until its search times
// out. n <= 0 turns the bound off. Without this option the bound is
// DefaultSearchesPerCPU × GOMAXPROCS with DefaultSearchQueueWait.
func WithSearchLimit(n int, wait time.Duration) Option {
	return func(s *Server) { s.slots = newSearchSlots(n, wait) }
}

func defaultSearchSlots() *searchSlots {
	return newSearchSlots(DefaultSearchesPerCPU*runtime.GOMAXPROCS(0), DefaultSearchQueueWait)
}

// errBusy refuses a search when every slot stayed busy.
var errBusy = errors.New("every search slot is busy")

// searchSlots is a semaphore of the searches served at once, with a
// short, bounded wait for a slot.
type searchSlots struct {
	busy     chan struct{} // a token per slot in use
	wait     time.Duration
	maxQueue int64
	queue    atomic.Int64 // requests waiting for a slot
	refused  atomic.Uint64
}

func newSearchSlots(n int, wait time.Duration) *searchSlots {
	if n <= 0 {
		return nil
	}
	return &searchSlots{busy: make(chan struct{}, n), wait: max(wait, 0), maxQueue: int64(searchQueuePerSlot * n)}
}

// acquire takes a slot, waiting for one up to the queue wait: errBusy
// when none came free, the context's error when the client went away.
func (q *searchSlots) acquire(ctx context.Context) error {
	select {
	case q.busy <- struct{}{}:
		return nil
	default:
	}
	if q.wait > 0 {
		if q.queue.Add(1) <= q.maxQueue {
			t := time.NewTimer(q.wait)
			select {
			case q.busy <- struct{}{}:
				t.Stop()
				q.queue.Add(-1)
				return nil
			case <-ctx.Done():
				t.Stop()
				q.queue.Add(-1)
				return ctx.Err()
			case <-t.C:
			}
		}
		q.queue.Add(-1)
	}
	q.refused.Add(1)
	return errBusy
}

func (q *searchSlots) release() { <-q.busy }

// inFlight is how many slots are in use.
func (q *searchSlots) inFlight() int { return len(q.busy) }

// searchDeadline bounds the searches of reading requests, in number and
// in time. A searching route (see routes) runs only with one of the
// server's search slots (WithSearchLimit), which it waits for briefly;
// a request that gets none is answered 503 with Retry-After, so that a
// saturated server refuses at once what it could only answer late.
//
// It then puts the search timeout on the request's context. The index
// passes that context to Bleve, which checks it as it collects hits, so a
// search stops at the deadline, and as soon as the client goes away
// (net/http cancels the request's context then). Writes are left alone:
// an import must not be cut off halfway by a bound meant for searches.
func (s *Server) searchDeadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			return next(c)
		}
		if s.slots != nil && s.searching[c.Path()] {
			if err := s.slots.acquire(req.Context()); err != nil {
				if errors.Is(err, errBusy) {
					c.Response().Header().Set(echo.HeaderRetryAfter, busyRetryAfter)
				}
				return err
			}
			defer s.slots.release()
		}
		// A backup reads the whole archive, for as long as that takes;
		// it keeps its own bound on a client that stops reading.
		if s.searchTimeout <= 0 || c.Path() == backupPath {
			return next(c)
		}
		d := s.searchTimeout
		if p := c.Path(); p == "/export.csv" || p == "/export.jsonl" {
			d *= exportTimeoutFactor
		}
		ctx, cancel := context.WithTimeout(req.Context(), d)
		defer cancel()
		c.SetRequest(req.WithContext(ctx))
		// The error handler runs after this returns and renders with the
		// request's context, which must not be the expired one.
		defer c.SetRequest(req)
		return next(c)
	}
}
