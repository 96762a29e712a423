package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/ingest"
)

func cmdExtract(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newCommand("extract", `usage: newsarchive extract [flags] [FILE]
       newsarchive extract --jsonl < in.jsonl > out.jsonl

Prints the actors and topics the extractor finds in one plain-text
article (FILE, or standard input), or in each {"id","text"} line of
JSON Lines. It needs no archive.`, stdout, stderr)
	jsonl := fs.Bool("jsonl", false, `read {"id","text"} lines on stdin and write {"id","actors","topics"} lines`)
	nerModel := fs.String("ner-model", "", "actor tagger model file to use instead of the embedded one")
	topicModel := fs.String("topic-model", "", "topic model file to use instead of the embedded one")
	if err := fs.parse(args); err != nil {
		return err
	}
	var opts extract.Options
	for _, m := range []struct {
		path string
		dst  *[]byte
	}{{*nerModel, &opts.NERModel}, {*topicModel, &opts.TopicModel}} {
		if m.path == "" {
			continue
		}
		b, err := os.ReadFile(m.path)
		if err != nil {
			return err
		}
		*m.dst = b
	}
	ex, err := extract.NewWithOptions(opts)
	if err != nil {
		return err
	}
	if *jsonl {
		return ex.ServeJSONL(stdin, stdout)
	}
	name, r := "stdin", stdin
	if fs.NArg() > 1 {
		return fs.misuse()
	}
	if fs.NArg() == 1 {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		name, r = fs.Arg(0), f
	}
	// Offsets refer to the input as given (after repairing invalid
	// UTF-8), so they can be checked against the file.
	raw, err := io.ReadAll(io.LimitReader(r, 16<<20))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	text := ingest.Clean(raw)
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("%s: no text", name)
	}
	res := ex.Extract(text)
	fmt.Fprintln(stdout, "actors:")
	for _, act := range res.Actors {
		var spans []string
		for _, m := range act.Mentions {
			spans = append(spans, fmt.Sprintf("%d-%d", m.Start, m.End))
		}
		fmt.Fprintf(stdout, "  %-28s %-12s %s\n", act.Name, act.Kind, strings.Join(spans, " "))
	}
	topics, _ := json.Marshal(res.Topics)
	fmt.Fprintf(stdout, "topics: %s\n", topics)
	return nil
}
