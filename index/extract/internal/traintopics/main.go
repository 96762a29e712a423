// Command traintopics trains the topic model embedded by package extract,
// from the BBC and News Category (HuffPost) corpora.
//
//	traintopics -corpora DIR -out FILE
//	traintopics -corpora DIR -cv K -dir OUTDIR
//
// The first form trains on everything and writes the model. The second
// deals each corpus into K folds (seeded, so always the same folds) and,
// for each fold i, trains on the other folds of both corpora and writes
// OUTDIR/foldi/ with the model (topics.model.gz) and the held-out articles
// in topic-eval's layouts (bbc/CATEGORY/NNN.txt and huffpost.jsonl), so
// the shared scorer judges each fold exactly as it judges the product. It
// also prints a quick top-1 per fold, computed the way topic-eval does.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/newsarchive/newsarchive/index/extract"
	"github.com/newsarchive/newsarchive/index/extract/internal/topicmodel"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "traintopics:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("traintopics", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := topicmodel.DefaultTrainOptions()
	corpora := fs.String("corpora", "../shared/corpora", "folder holding bbc/ and huffpost_v3_first10k/")
	out := fs.String("out", "", "write the model trained on all data to this file")
	cv := fs.Int("cv", 0, "cross-validate with this many folds")
	dir := fs.String("dir", "", "with -cv: write each fold's model and held-out articles here")
	fs.IntVar(&o.Epochs, "epochs", o.Epochs, "passes over the training data")
	fs.Float64Var(&o.L2, "l2", o.L2, "L2 weight decay per example")
	fs.Float64Var(&o.Eta0, "eta", o.Eta0, "initial learning rate")
	fs.IntVar(&o.MinDF, "mindf", o.MinDF, "keep features seen in at least this many training articles")
	fs.Float64Var(&o.ClassPower, "classpower", o.ClassPower, "weigh examples by class size^-classpower")
	fs.Float64Var(&o.SourceShare, "bbcshare", o.SourceShare, "share of example weight given to BBC")
	title := fs.Float64("title", float64(o.TitleWeight), "title word weight")
	lexw := fs.Float64("lexweight", float64(o.LexWeight), "keyword evidence weight")
	floor := fs.Float64("floor", float64(o.Floor), "topics the model has no weights for start this far below its best (log units)")
	fs.BoolVar(&o.Leads, "leads", o.Leads, "also train on each BBC article's title and first paragraph")
	margin := fs.Float64("margin", float64(o.Margin), "secondary topics within this much of the best")
	if err := fs.Parse(args); err != nil {
		return err
	}
	o.TitleWeight, o.LexWeight, o.Floor, o.Margin = float32(*title), float32(*lexw), float32(*floor), float32(*margin)
	if (*out == "") == (*cv == 0) {
		fs.Usage()
		return errors.New("give either -out or -cv")
	}

	bbc, err := topicmodel.ReadBBC(filepath.Join(*corpora, "bbc"))
	if err != nil {
		return err
	}
	hp, err := topicmodel.ReadNewsCategory(filepath.Join(*corpora, "huffpost_v3_first10k", "News_Category_Dataset_v3.first10000.jsonl"))
	if err != nil {
		return err
	}
	if *cv == 0 {
		m := topicmodel.Train(slices.Concat(bbc, hp), o)
		b, err := m.MarshalBinary()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "trained on %d BBC and %d News Category articles: %d classes, %d features, %d bytes\n",
			len(bbc), len(hp), len(m.Classes), m.Features(), len(b))
		return os.WriteFile(*out, b, 0o644)
	}
	return crossValidate(bbc, hp, o, *cv, *dir, stdout)
}

func crossValidate(bbc, hp []topicmodel.Doc, o topicmodel.TrainOptions, k int, dir string, stdout io.Writer) error {
	var sum [2]float64
	err := topicmodel.CrossValidate(bbc, hp, o, k, func(i int, f topicmodel.Fold) error {
		b, err := f.Model.MarshalBinary()
		if err != nil {
			return err
		}
		if dir != "" {
			if err := writeFold(filepath.Join(dir, fmt.Sprintf("fold%d", i+1)), b, f.BBC, f.News); err != nil {
				return err
			}
		}
		// The quick check goes through the file, as the product does.
		ex, err := extract.NewWithOptions(extract.Options{TopicModel: b})
		if err != nil {
			return err
		}
		accB, accH := top1(ex, f.BBC), top1(ex, f.News)
		sum[0] += accB
		sum[1] += accH
		fmt.Fprintf(stdout, "fold %d: bbc top-1 %.3f of %d, huffpost top-1 %.3f of %d, model %d bytes\n",
			i+1, accB, len(f.BBC), accH, len(f.News), len(b))
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "mean: bbc top-1 %.4f, huffpost top-1 %.4f\n", sum[0]/float64(k), sum[1]/float64(k))
	return nil
}

// top1 is topic-eval's measure: the share of docs whose first topic is
// one the label accepts.
func top1(ex *extract.Extractor, docs []topicmodel.Doc) float64 {
	ok := 0
	for _, d := range docs {
		if t := ex.Topics(d.Text); len(t) > 0 && slices.Contains(d.Gold, t[0]) {
			ok++
		}
	}
	return float64(ok) / float64(max(len(docs), 1))
}

func writeFold(dir string, model []byte, bbc, hp []topicmodel.Doc) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for _, d := range bbc {
		p := filepath.Join(dir, "bbc", d.Label, d.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, d.Raw, 0o644); err != nil {
			return err
		}
	}
	var lines bytes.Buffer
	for _, d := range hp {
		lines.Write(d.Raw)
		lines.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(dir, "huffpost.jsonl"), lines.Bytes(), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "topics.model.gz"), model, 0o644)
}
