package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/newsarchive/newsarchive/index"
	"github.com/newsarchive/newsarchive/index/bleve"
)

func cmdExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newCommand("export", `usage: newsarchive export [flags]

Writes every article of the archive in --data as JSON Lines, the format
'newsarchive import' reads back: a backup, or a move to another archive.`, stdout, stderr)
	fs.dataFlag(&cfg, getenv)
	out := fs.String("out", "-", "file to write, - for standard output")
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.misuse()
	}
	ix, err := cfg.openArchive()
	if errors.Is(err, bleve.ErrLocked) {
		return fmt.Errorf("%w; or copy the running archive with 'newsarchive backup', which reads it through the server", err)
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	var w io.Writer = stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := ix.Each(ctx, func(a index.Article) error { return enc.Encode(a) }); err != nil {
		return err
	}
	return bw.Flush()
}
