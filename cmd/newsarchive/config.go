package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/index/bleve"
)

// Config is everything the commands read from flags and the environment.
type Config struct {
	DataDir  string // NEWSARCHIVE_DATA, --data
	Addr     string // NEWSARCHIVE_ADDR, --addr
	LogLevel slog.Level
	// APIKey enables the write API for clients that send it as a Bearer
	// token; empty refuses every write (NEWSARCHIVE_API_KEY, --api-key).
	APIKey string
	// ReadKey, when set, is needed to read pages and the API
	// (NEWSARCHIVE_READ_KEY, --read-key).
	ReadKey string
	// RateLimit is how many /api/ requests a second one client address
	// may make on average, RateBurst how many at once; 0 turns limiting
	// off (NEWSARCHIVE_RATE_LIMIT, --rate-limit; NEWSARCHIVE_RATE_BURST,
	// --rate-burst).
	RateLimit float64
	RateBurst int
	// SearchTimeout bounds one request's search; 0 turns the bound off
	// (NEWSARCHIVE_SEARCH_TIMEOUT, --search-timeout).
	SearchTimeout time.Duration
	// MaxSearches bounds the searching requests served at once, 0
	// turning the bound off (NEWSARCHIVE_MAX_SEARCHES, --max-searches);
	// one that finds them all busy waits SearchQueueWait for a slot, then
	// is answered 503 (NEWSARCHIVE_SEARCH_QUEUE_WAIT, --search-queue-wait).
	MaxSearches     int
	SearchQueueWait time.Duration
	// Pprof is the address of a separate listener for net/http/pprof;
	// empty, the default, serves no profiles (NEWSARCHIVE_PPROF, --pprof).
	Pprof string
	// Shards is how many shards a new index is split into; 0, the
	// default, makes one per CPU, and an existing index keeps the count
	// it was made with (NEWSARCHIVE_SHARDS, --shards).
	Shards int
	// CacheSize is how many recent searches' counts the server keeps
	// until the next write; 0 keeps none (NEWSARCHIVE_CACHE, --cache).
	CacheSize int
	// BaseURL is the public address of the archive, which feeds and the
	// OpenSearch description put in their links; nil leaves them relative
	// where they may be and the listening address where they must be
	// absolute (NEWSARCHIVE_BASE_URL, --base-url).
	BaseURL *url.URL
	// CORSOrigins are the origins whose pages may read the API from a
	// browser, "*" for any, none for no CORS; never the write API
	// (NEWSARCHIVE_CORS_ORIGINS, --cors-origins).
	CORSOrigins []string
	// PhrasePairs makes a new index hold word pairs for fast phrases, at
	// the cost of a slower import (--phrase-pairs).
	PhrasePairs bool

	// envErr is a number in the environment that is not one, reported
	// when the index is opened, for the commands that share the flags.
	envErr error
}

// openIndex opens the index the configuration names, making a new one
// when the data directory holds none.
func (cfg Config) openIndex() (*bleve.Index, error) {
	return cfg.open()
}

// openArchive opens the index the configuration names, for a command that
// reads an archive: a directory that holds none is refused.
func (cfg Config) openArchive() (*bleve.Index, error) {
	return cfg.open(bleve.WithExisting())
}

func (cfg Config) open(opts ...bleve.Option) (*bleve.Index, error) {
	if cfg.envErr != nil {
		return nil, cfg.envErr
	}
	return bleve.Open(cfg.DataDir, append([]bleve.Option{bleve.WithShards(cfg.Shards), bleve.WithCacheSize(cfg.CacheSize), bleve.WithPhrasePairs(cfg.PhrasePairs)}, opts...)...)
}

// command is one command's flags and usage. Asked for help (-h, --help),
// it prints the usage on standard output and the program ends with status
// 0; a mistake prints the error and the usage on standard error, status 2.
// Each command lists only the flags it reads.
type command struct {
	*flag.FlagSet
	about          string // the synopsis lines and what the command does
	stdout, stderr io.Writer
}

func newCommand(name, about string, stdout, stderr io.Writer) *command {
	c := &command{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), about: about, stdout: stdout, stderr: stderr}
	c.Usage = func() { c.printUsage(c.Output()) }
	c.SetOutput(stderr)
	return c
}

func (c *command) printUsage(w io.Writer) {
	fmt.Fprintln(w, strings.TrimSpace(c.about))
	any := false
	c.VisitAll(func(*flag.Flag) { any = true })
	if any {
		fmt.Fprintln(w, "\nFlags:")
		out := c.Output()
		c.SetOutput(w)
		c.PrintDefaults()
		c.SetOutput(out)
	}
}

// parse reads args into the flags.
func (c *command) parse(args []string) error {
	var buf bytes.Buffer
	c.SetOutput(&buf)
	err := c.Parse(args)
	c.SetOutput(c.stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		c.printUsage(c.stdout)
		return exitError{0}
	case err != nil:
		_, _ = io.Copy(c.stderr, &buf)
		return exitError{2}
	}
	return nil
}

// misuse prints the usage on standard error after a mistake the flags
// could not tell, such as a missing argument.
func (c *command) misuse() error {
	c.printUsage(c.stderr)
	return exitError{2}
}

// dataFlag adds --data, for every command that works on an archive.
func (c *command) dataFlag(cfg *Config, getenv func(string) string) {
	c.StringVar(&cfg.DataDir, "data", envOr(getenv, "NEWSARCHIVE_DATA", "data"), "directory that holds the index (env NEWSARCHIVE_DATA)")
}

// newIndexFlags adds the flags that shape a new index, for the commands
// that make one when the data directory holds none.
func (c *command) newIndexFlags(cfg *Config, getenv func(string) string) {
	shards, err := envInt(getenv, "NEWSARCHIVE_SHARDS", 0)
	cfg.envErr = errors.Join(cfg.envErr, err)
	c.IntVar(&cfg.Shards, "shards", shards, "shards of a new index; 0 is one per CPU, and an existing index keeps its count (env NEWSARCHIVE_SHARDS)")
	c.BoolVar(&cfg.PhrasePairs, "phrase-pairs", false, "a new index also holds pairs of adjacent words: phrase searches several times faster, imports about 2.7 times slower")
}

// cacheFlag adds --cache, for the server.
func (c *command) cacheFlag(cfg *Config, getenv func(string) string) {
	cache, err := envInt(getenv, "NEWSARCHIVE_CACHE", bleve.DefaultCacheSize)
	cfg.envErr = errors.Join(cfg.envErr, err)
	c.IntVar(&cfg.CacheSize, "cache", cache, "searches whose counts are kept until the next write; 0 keeps none (env NEWSARCHIVE_CACHE)")
}

func envOr(getenv func(string) string, key, def string) string {
	if v := strings.TrimSpace(getenv(key)); v != "" {
		return v
	}
	return def
}

// envInt is envOr for a whole number, 0 or more.
func envInt(getenv func(string) string, key string, def int) (int, error) {
	v := strings.TrimSpace(getenv(key))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return def, fmt.Errorf("%s=%q: want a whole number, 0 or more", key, v)
	}
	return n, nil
}

// envFloat is envOr for a number; a value that is not one is an error
// rather than a silent default, so a typo does not turn a limit off.
func envFloat(getenv func(string) string, key string, def float64) (float64, error) {
	v := strings.TrimSpace(getenv(key))
	if v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("%s=%q: want a number, 0 or more", key, v)
	}
	return f, nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("log level %q: use debug, info, warn or error", s)
	}
	return l, nil
}
