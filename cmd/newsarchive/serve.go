package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/importer"
	"github.com/newsarchive/newsarchive/seeds"
	"github.com/newsarchive/newsarchive/web"
)

// shutdownGrace is how long in-flight requests get to finish on shutdown.
const shutdownGrace = 10 * time.Second

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	var cfg Config
	fs := newFlagSet("serve", &cfg, getenv, stderr)
	fs.StringVar(&cfg.Addr, "addr", envOr(getenv, "NEWSARCHIVE_ADDR", "localhost:8080"), "address to listen on (env NEWSARCHIVE_ADDR)")
	level := fs.String("log-level", envOr(getenv, "NEWSARCHIVE_LOG_LEVEL", "info"), "debug, info, warn or error (env NEWSARCHIVE_LOG_LEVEL)")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	var err error
	if cfg.LogLevel, err = parseLevel(*level); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))

	ix, err := index.Open(cfg.DataDir)
	if err != nil {
		return err
	}
	defer func() {
		if err := ix.Close(); err != nil {
			logger.Error("close index", "err", err)
		}
	}()
	if ix.Created() {
		// Only a new index gets the seeds, so a restart never imports
		// them twice and an operator's deletions stay deleted.
		ex, err := extract.New()
		if err != nil {
			return err
		}
		sum, err := importer.New(ix, ex).ImportFS(ctx, seeds.FS, "")
		if err != nil {
			return fmt.Errorf("import seeds: %w", err)
		}
		logger.Info("imported seed articles", "added", sum.Added, "skipped", len(sum.Skipped))
	}
	n, err := ix.Count()
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           web.New(ix, logger).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	logger.Info("serving", "addr", ln.Addr().String(), "url", "http://"+displayAddr(ln.Addr()), "data", cfg.DataDir, "articles", n)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		if ok {
			return fmt.Sprintf("localhost:%d", tcp.Port)
		}
		return a.String()
	}
	return a.String()
}
