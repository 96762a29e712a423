package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Config is everything the commands read from flags and the environment.
type Config struct {
	DataDir  string // NEWSARCHIVE_DATA, --data
	Addr     string // NEWSARCHIVE_ADDR, --addr
	LogLevel slog.Level
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

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("log level %q: use debug, info, warn or error", s)
	}
	return l, nil
}
