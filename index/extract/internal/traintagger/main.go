// Command traintagger trains the actor tagger embedded in index/extract:
// a two-stage averaged perceptron over BILOU tags, learned from the
// CoNLL-2003 training split and the hand-written lexicons in data/.
//
//	go run ./internal/traintagger -conll ../../../shared/corpora/conll2003/eng.train -out data/ner.model.gz
//
// Training is deterministic: the same inputs and flags give the same
// model bytes. -eval scores the new model on another CoNLL file, for
// choosing hyperparameters on the dev split only.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/index/extract/internal/ner"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "traintagger:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("traintagger", flag.ContinueOnError)
	conll := fs.String("conll", "", "CoNLL-2003 training file (eng.train)")
	lex := fs.String("lex", "data", "folder of the hand-written lexicons")
	out := fs.String("out", "data/ner.model.gz", "model file to write")
	eval := fs.String("eval", "", "CoNLL file to score the model on (the dev split), optional")
	cfg := ner.TrainConfig{Log: stdout}
	fs.IntVar(&cfg.Epochs, "epochs", 15, "perceptron passes per stage")
	fs.IntVar(&cfg.Folds, "folds", 5, "jackknife folds")
	fs.IntVar(&cfg.Cutoff, "cutoff", 2, "drop features seen fewer times")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "shuffle seed")
	fs.IntVar(&cfg.Stages, "stages", 2, "1: local features only; 2: add document features")
	plain := fs.String("plain", "", "folder of unlabelled .txt articles (BBC) whose lower-case words join the everyday words, optional")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *conll == "" {
		return fmt.Errorf("missing -conll")
	}
	docs, err := readDocs(*conll)
	if err != nil {
		return err
	}
	hand, err := readLexicons(*lex)
	if err != nil {
		return err
	}
	if *plain != "" {
		if cfg.Plain, err = readPlain(*plain); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "plain texts %d from %s\n", len(cfg.Plain), *plain)
	}
	fmt.Fprintf(stdout, "hand gazetteer entries %d; config epochs %d, folds %d, cutoff %d, seed %d, stages %d\n",
		len(hand), cfg.Epochs, cfg.Folds, cfg.Cutoff, cfg.Seed, cfg.Stages)
	m, err := ner.Train(docs, hand, cfg)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", *out, buf.Len())
	if err := score(stdout, "training set", m, docs); err != nil {
		return err
	}
	if *eval != "" {
		dev, err := readDocs(*eval)
		if err != nil {
			return err
		}
		return score(stdout, filepath.Base(*eval), m, dev)
	}
	return nil
}

func score(w io.Writer, name string, m *ner.Model, docs []ner.Doc) error {
	began := time.Now()
	var s ner.Score
	for _, d := range docs {
		s.Add(d.Spans, m.Tag(d.Text))
	}
	_, err := fmt.Fprintf(w, "%s, tagger alone (%s):\n%s\n", name, time.Since(began).Round(time.Millisecond), &s)
	return err
}

func readDocs(path string) ([]ner.Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ner.ReadCoNLL(f)
}

// readLexicons reads the hand-written lists the extractor also uses.
func readLexicons(dir string) ([]ner.GazEntry, error) {
	var out []ner.GazEntry
	files := []struct {
		name  string
		class uint8
		split func(string) []string
	}{
		{"places.txt", ner.GazPlace, bar},
		{"orgs.txt", ner.GazOrg, bar},
		{"titles.txt", ner.GazTitle, whole},
		{"orgsuffix.txt", ner.GazOrgSuffix, whole},
		{"firstnames.txt", ner.GazFirstName, strings.Fields},
		{"people.txt", ner.GazPER, bar},
		{"companies.txt", ner.GazOrg, bar},
	}
	for _, file := range files {
		f, err := os.Open(filepath.Join(dir, file.name))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			l := strings.TrimSpace(sc.Text())
			if l == "" || strings.HasPrefix(l, "#") {
				continue
			}
			for _, p := range file.split(l) {
				c := file.class
				if rest, ok := strings.CutPrefix(p, "="); ok {
					p, c = rest, ner.GazDemonym
				}
				out = append(out, ner.GazEntry{Text: p, Class: c})
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readPlain reads every .txt file under dir, in path order, so the
// model is the same whatever order the file system lists them in.
func readPlain(dir string) ([]string, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, string(b))
	}
	return out, nil
}

func bar(l string) []string   { return strings.Split(l, "|") }
func whole(l string) []string { return []string{l} }
