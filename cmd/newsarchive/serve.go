package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/importer"
	"github.com/newsarchive/newsarchive/seeds"
	"github.com/newsarchive/newsarchive/web"
)

// shutdownGrace is how long in-flight requests get to finish on shutdown.
const shutdownGrace = 10 * time.Second

// serveAbout is serve's usage before its flags.
const serveAbout = `usage: newsarchive serve [flags]

Serves the search pages and the JSON API of the archive in --data. A
directory that holds no archive gets a new one with the bundled sample
articles. Flags default to the environment variables they name.`

// parseServeFlags reads serve's flags over the environment; help goes to
// stdout, mistakes to stderr.
func parseServeFlags(args []string, getenv func(string) string, stdout, stderr io.Writer) (Config, error) {
	var cfg Config
	fs := newCommand("serve", serveAbout, stdout, stderr)
	fs.dataFlag(&cfg, getenv)
	fs.newIndexFlags(&cfg, getenv)
	fs.cacheFlag(&cfg, getenv)
	fs.StringVar(&cfg.Addr, "addr", envOr(getenv, "NEWSARCHIVE_ADDR", "localhost:8080"), "address to listen on (env NEWSARCHIVE_ADDR)")
	level := fs.String("log-level", envOr(getenv, "NEWSARCHIVE_LOG_LEVEL", "info"), "debug, info, warn or error (env NEWSARCHIVE_LOG_LEVEL)")
	// The keys' defaults are not taken from the environment here, so that
	// -h never prints them; the environment is the better place for them,
	// since flags show in the process list.
	fs.StringVar(&cfg.APIKey, "api-key", "", "key that enables POST and DELETE /api/articles (env NEWSARCHIVE_API_KEY, preferred); without one, writes are refused")
	fs.StringVar(&cfg.ReadKey, "read-key", "", "key needed to read pages and the API (env NEWSARCHIVE_READ_KEY, preferred); without one, reads are open")
	rate, err := envFloat(getenv, "NEWSARCHIVE_RATE_LIMIT", web.DefaultRateLimit)
	if err != nil {
		return cfg, err
	}
	burst, err := envFloat(getenv, "NEWSARCHIVE_RATE_BURST", web.DefaultRateBurst)
	if err != nil {
		return cfg, err
	}
	fs.Float64Var(&cfg.RateLimit, "rate-limit", rate, "/api/ requests a second per client address, 0 for no limit (env NEWSARCHIVE_RATE_LIMIT)")
	fs.IntVar(&cfg.RateBurst, "rate-burst", int(burst), "/api/ requests one client address may make at once (env NEWSARCHIVE_RATE_BURST)")
	timeout, err := time.ParseDuration(envOr(getenv, "NEWSARCHIVE_SEARCH_TIMEOUT", web.DefaultSearchTimeout.String()))
	if err != nil {
		return cfg, fmt.Errorf("NEWSARCHIVE_SEARCH_TIMEOUT: %w", err)
	}
	fs.StringVar(&cfg.Pprof, "pprof", envOr(getenv, "NEWSARCHIVE_PPROF", ""), "address such as 127.0.0.1:6060 to serve /debug/pprof/ on, apart from the app; empty for none (env NEWSARCHIVE_PPROF)")
	baseURL := fs.String("base-url", envOr(getenv, "NEWSARCHIVE_BASE_URL", ""), "public address clients reach the archive at, such as https://news.example.org, for the links of feeds and the OpenSearch description (env NEWSARCHIVE_BASE_URL)")
	cors := fs.String("cors-origins", envOr(getenv, "NEWSARCHIVE_CORS_ORIGINS", "*"), "origins whose pages may read the API from a browser (CORS), comma-separated, such as https://news.example.org; * for any; --cors-origins= for none; never the write API (env NEWSARCHIVE_CORS_ORIGINS)")
	fs.DurationVar(&cfg.SearchTimeout, "search-timeout", timeout, "longest time one request may search, 0 for no bound (env NEWSARCHIVE_SEARCH_TIMEOUT)")
	searches, err := envInt(getenv, "NEWSARCHIVE_MAX_SEARCHES", web.DefaultSearchesPerCPU*runtime.GOMAXPROCS(0))
	if err != nil {
		return cfg, err
	}
	fs.IntVar(&cfg.MaxSearches, "max-searches", searches, "searching requests served at once, 0 for no bound; more wait --search-queue-wait, then get 503 (env NEWSARCHIVE_MAX_SEARCHES)")
	queueWait, err := time.ParseDuration(envOr(getenv, "NEWSARCHIVE_SEARCH_QUEUE_WAIT", web.DefaultSearchQueueWait.String()))
	if err != nil {
		return cfg, fmt.Errorf("NEWSARCHIVE_SEARCH_QUEUE_WAIT: %w", err)
	}
	fs.DurationVar(&cfg.SearchQueueWait, "search-queue-wait", queueWait, "longest time a search waits for a slot when --max-searches are running (env NEWSARCHIVE_SEARCH_QUEUE_WAIT)")
	if err := fs.parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fs.misuse()
	}
	if cfg.envErr != nil {
		return cfg, cfg.envErr
	}
	if cfg.LogLevel, err = parseLevel(*level); err != nil {
		return cfg, err
	}
	if *baseURL != "" {
		if cfg.BaseURL, err = web.ParseBaseURL(*baseURL); err != nil {
			return cfg, fmt.Errorf("--base-url (NEWSARCHIVE_BASE_URL): %w", err)
		}
	}
	if cfg.CORSOrigins, err = web.ParseCORSOrigins(*cors); err != nil {
		return cfg, fmt.Errorf("--cors-origins (NEWSARCHIVE_CORS_ORIGINS): %w", err)
	}
	if cfg.APIKey == "" {
		cfg.APIKey = strings.TrimSpace(getenv("NEWSARCHIVE_API_KEY"))
	}
	if cfg.ReadKey == "" {
		cfg.ReadKey = strings.TrimSpace(getenv("NEWSARCHIVE_READ_KEY"))
	}
	if cfg.RateLimit < 0 || cfg.RateBurst < 1 {
		return cfg, fmt.Errorf("--rate-limit %g, --rate-burst %d: want a limit of 0 or more and a burst of 1 or more", cfg.RateLimit, cfg.RateBurst)
	}
	if cfg.MaxSearches < 0 || cfg.SearchQueueWait < 0 {
		return cfg, fmt.Errorf("--max-searches %d, --search-queue-wait %v: want 0 or more of each", cfg.MaxSearches, cfg.SearchQueueWait)
	}
	return cfg, nil
}

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseServeFlags(args, getenv, stdout, stderr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))

	ix, err := cfg.openIndex()
	if err != nil {
		return err
	}
	// Closing flushes the index; it runs after the server has drained and
	// the writer has let go, so no batch is cut in half.
	defer func() {
		if err := ix.Close(); err != nil {
			logger.Error("close index", "err", err)
			return
		}
		logger.Info("index closed")
	}()
	var ex *extract.Extractor
	if ix.Created() || cfg.APIKey != "" {
		if ex, err = extract.New(); err != nil {
			return err
		}
	}
	if ix.Created() {
		// Only a new index gets the seeds, so a restart never imports
		// them twice and an operator's deletions stay deleted.
		// The sample takes seconds to extract; say so before the pause.
		logger.Info("importing the sample articles into the new archive")
		sum, err := importer.New(ix, ex).ImportFS(ctx, seeds.FS, "")
		if err != nil {
			return fmt.Errorf("import seeds: %w", err)
		}
		logger.Info("imported seed articles", "added", sum.Added, "skipped", len(sum.Skipped), "took", sum.Elapsed.Round(time.Millisecond))
	}
	if ix.CorrectionsPending() {
		// A person's corrections to the actors, edited while the server
		// was stopped, apply before it answers.
		start := time.Now()
		n, err := importer.New(ix, nil).Reresolve(ctx)
		if err != nil {
			return fmt.Errorf("apply actor corrections: %w", err)
		}
		logger.Info("applied actor corrections", "file", filepath.Join(cfg.DataDir, index.CorrectionsFile), "rewritten", n, "took", time.Since(start).Round(time.Millisecond))
	}
	n, err := ix.Count()
	if err != nil {
		return err
	}

	// The search box's suggestions are answered from tables read from
	// the index (a second or two at 100,000 articles); reading them now
	// spares the first reader to type the wait.
	go func() {
		start := time.Now()
		if err := ix.LoadSuggestions(ctx); err != nil {
			logger.Warn("loading suggestions", "err", err)
			return
		}
		logger.Debug("suggestions loaded", "took", time.Since(start).Round(time.Millisecond))
	}()

	opts := []web.Option{
		web.WithRateLimit(cfg.RateLimit, cfg.RateBurst),
		web.WithReadKey(cfg.ReadKey),
		web.WithSearchTimeout(cfg.SearchTimeout),
		web.WithSearchLimit(cfg.MaxSearches, cfg.SearchQueueWait),
		web.WithCORS(cfg.CORSOrigins),
	}
	baseURL := "none: feeds link by paths"
	if cfg.BaseURL != nil {
		opts = append(opts, web.WithBaseURL(cfg.BaseURL))
		baseURL = cfg.BaseURL.String()
	}
	writer := &indexWriter{im: importer.New(ix, ex)}
	if cfg.APIKey != "" {
		opts = append(opts, web.WithWriter(writer, cfg.APIKey))
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	// Requests' contexts derive from base, which is cancelled when the
	// drain runs out of time, so that a long upload stops between batches
	// instead of running on after the server has given up on it.
	base, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	srv := &http.Server{
		Handler:           web.New(ix, logger, opts...).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	if cfg.Pprof != "" {
		psrv, err := startPprof(logger, cfg.Pprof)
		if err != nil {
			return err
		}
		defer psrv.Close()
	}
	logger.Info("serving", "addr", ln.Addr().String(), "url", "http://"+displayAddr(ln.Addr()), "base_url", baseURL, "data", cfg.DataDir, "articles", n,
		"writes", cfg.APIKey != "", "read_key", cfg.ReadKey != "", "rate_limit", cfg.RateLimit, "max_searches", cfg.MaxSearches, "cors_origins", strings.Join(cfg.CORSOrigins, ","))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return shutdown(logger, srv, cancelBase, writer)
}

// shutdown stops accepting connections, lets in-flight requests finish
// for shutdownGrace, then cuts off what is left and waits for the batch
// being written, so that the index closes on a whole batch. A second
// signal during all this ends the process at once (see main).
func shutdown(logger *slog.Logger, srv *http.Server, cancelBase context.CancelFunc, w *indexWriter) error {
	logger.Info("shutting down: draining requests", "grace", shutdownGrace)
	start := time.Now()
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		logger.Warn("requests still running after the grace period; closing their connections", "grace", shutdownGrace)
		cancelBase()
		err = srv.Close()
	}
	w.close()
	logger.Info("drained", "took", time.Since(start).Round(time.Millisecond))
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// indexWriter is the import pipeline as the write API sees it, behind a
// gate that closes before the index does.
type indexWriter struct {
	im *importer.Importer

	// mu is held for reading by every write and for writing by close,
	// which so waits for the batch in progress.
	mu     sync.RWMutex
	closed bool
}

// Import imports articles, unless the server is closing.
func (w *indexWriter) Import(ctx context.Context, articles []index.Article) (index.PutStats, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return index.PutStats{}, web.ErrClosing
	}
	return w.im.Import(ctx, articles)
}

// Delete removes one article, unless the server is closing.
func (w *indexWriter) Delete(ctx context.Context, id string) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return web.ErrClosing
	}
	return w.im.Delete(ctx, id)
}

// close waits for the write in progress and refuses later ones.
func (w *indexWriter) close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
}

// startPprof serves net/http/pprof on its own listener and mux, so the
// profiles are never reachable through the app's address; a profile shows
// the program's internals, so a loopback address is the sensible one.
func startPprof(logger *slog.Logger, addr string) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("pprof: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	// No write timeout: a CPU profile or trace takes as long as asked.
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	a := ln.Addr()
	logger.Info("pprof serving", "addr", a.String(), "url", "http://"+displayAddr(a)+"/debug/pprof/")
	if tcp, ok := a.(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		logger.Warn("pprof listens beyond this machine; profiles show the program's internals", "addr", a.String())
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("pprof", "err", err)
		}
	}()
	return srv, nil
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
