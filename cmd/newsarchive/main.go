// Command newsarchive runs the news archive: it imports articles, extracts
// their actors and topics, indexes them, and serves search pages and a JSON
// API.
//
// Usage:
//
//	newsarchive serve   [--data DIR] [--addr HOST:PORT] [--base-url URL] [--api-key KEY] [--read-key KEY] [--rate-limit N] [--pprof HOST:PORT]
//	newsarchive import  [--data DIR] [--source NAME] [--extract=false] [--batch N] [--cpuprofile FILE] [--memprofile FILE] PATH...
//	newsarchive reindex [--data DIR] [--cpuprofile FILE] [--memprofile FILE]
//	newsarchive export  [--data DIR] [--out FILE]
//	newsarchive backup  [--from URL] [--api-key KEY] [--out FILE]
//	newsarchive actors  [--data DIR] [--top N] [--kind KIND] [--q QUERY]
//	newsarchive extract [--jsonl] [FILE]
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
)

// exitInterrupted is the status when a second SIGINT or SIGTERM ends the
// process without waiting (128 + SIGINT, as shells report Ctrl-C).
const exitInterrupted = 130

func main() {
	// The first SIGINT or SIGTERM cancels ctx: the server drains and
	// closes the index, an import stops after its batch. The second ends
	// the process at once, for when the operator will not wait; writes
	// are acknowledged only once on disk, so nothing acknowledged is lost.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	second := make(chan os.Signal, 2)
	signal.Notify(second, os.Interrupt, syscall.SIGTERM)
	go func() {
		// Every signal reaches this channel too, the first included.
		<-second
		<-second
		fmt.Fprintln(os.Stderr, "newsarchive: second interrupt; exiting without waiting")
		os.Exit(exitInterrupted)
	}()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ee exitError
		if errors.As(err, &ee) {
			os.Exit(ee.code)
		}
		fmt.Fprintln(os.Stderr, "newsarchive:", err)
		os.Exit(1)
	}
}

// exitError ends the program with a status code after the command has
// already told the user what happened.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

const usage = `newsarchive: a searchable news archive

Commands:
  serve    run the web app (imports the bundled sample articles into a new archive)
  import   add articles from files and folders (plain text, JSON Lines, Reuters SGML)
  reindex  extract actors and topics of every article again (after an extractor change)
  export   write every article as JSON Lines
  backup   copy every article of a running server as JSON Lines
  actors   list the actors the archive names most, by kind, to audit the facets;
           or correct them (actors merge|rename|kind|never|split NAME...)
  extract  print the actors and topics of one article, or of JSON Lines on stdin

Run 'newsarchive COMMAND -h' for a command's flags, 'newsarchive --version'
for the version.
`

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	err := dispatch(ctx, args, getenv, stdin, stdout, stderr)
	if ee, ok := err.(exitError); ok && ee.code == 0 {
		return nil // help, asked for
	}
	return err
}

func dispatch(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError{2}
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], getenv, stdout, stderr)
	case "import":
		return cmdImport(ctx, args[1:], getenv, stdout, stderr)
	case "reindex":
		return cmdReindex(ctx, args[1:], getenv, stdout, stderr)
	case "export":
		return cmdExport(ctx, args[1:], getenv, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, args[1:], getenv, stdout, stderr)
	case "actors":
		return cmdActors(ctx, args[1:], getenv, stdout, stderr)
	case "extract":
		return cmdExtract(ctx, args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		if len(args) > 1 && args[1] != "help" && !strings.HasPrefix(args[1], "-") {
			return dispatch(ctx, []string{args[1], "-h"}, getenv, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return nil
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, version())
		return nil
	default:
		fmt.Fprintf(stderr, "newsarchive: unknown command %q\n\n%s", args[0], usage)
		return exitError{2}
	}
}

// version describes the build: the module's version, the revision it was
// built from (with "+dirty" for uncommitted changes) and its time, and
// Go's version.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "newsarchive (no build information)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	out := "newsarchive " + v
	if rev := settings["vcs.revision"]; rev != "" {
		if settings["vcs.modified"] == "true" {
			rev += "+dirty"
		}
		out += ", revision " + rev
		if t := settings["vcs.time"]; t != "" {
			out += " of " + t
		}
	} else {
		out += ", no revision recorded (built outside a checkout or with -buildvcs=false)"
	}
	return out + ", " + info.GoVersion
}
