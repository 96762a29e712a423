package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"
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
	// Pprof is the address of a separate listener for net/http/pprof;
	// empty, the default, serves no profiles (NEWSARCHIVE_PPROF, --pprof).
	Pprof string
}

// newFlagSet returns a flag set for one command with the flags every
// command shares, defaulting to the environment.
func newFlagSet(name string, cfg *Config, getenv func(string) string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DataDir, "data", envOr(getenv, "NEWSARCHIVE_DATA", "data"), "directory that holds the index (env NEWSARCHIVE_DATA)")
	return fs
}

func envOr(getenv func(string) string, key, def string) string {
	if v := strings.TrimSpace(getenv(key)); v != "" {
		return v
	}
	return def
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
