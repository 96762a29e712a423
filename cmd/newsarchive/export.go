package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"

	"github.com/newsarchive/newsarchive/index"
)

func cmdExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlagSet("export", &cfg, getenv, stderr)
	out := fs.String("out", "-", "file to write, - for standard output")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	ix, err := cfg.openIndex()
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
