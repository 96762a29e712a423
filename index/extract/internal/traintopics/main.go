// Command traintopics trains the topic model embedded by package extract,
// from the BBC, News Category (HuffPost) and Reuters-21578 corpora.
//
//	traintopics -corpora DIR -out FILE
//	traintopics -corpora DIR -cv K [-dir OUTDIR]
//
// The first form trains on everything and writes the model, calibrated on
// five-fold out-of-fold scores. The second deals each corpus into K folds
// (seeded, so always the same folds) and, for each fold i, trains and
// calibrates without fold i, then prints fold i's top-1 accuracy per
// corpus, computed through Topics the way topic-eval counts it, and at
// the end the calibration of all held-out probabilities: expected
// calibration error and a reliability table. With -dir it writes
// OUTDIR/foldi/ with the model (topics.model.gz) and the held-out BBC and
// News Category articles in topic-eval's layouts (bbc/CATEGORY/NNN.txt
// and huffpost.jsonl), so the shared scorer judges each fold exactly as
// it judges the product (eval-topics.sh).
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
	"strings"

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
	corpora := fs.String("corpora", "../shared/corpora", "folder holding bbc/, huffpost_v3_first10k/ and reuters21578/")
	out := fs.String("out", "", "write the model trained on all data to this file")
	cv := fs.Int("cv", 0, "cross-validate with this many folds")
	dir := fs.String("dir", "", "with -cv: write each fold's model and held-out articles here")
	fs.IntVar(&o.Epochs, "epochs", o.Epochs, "passes over the training data")
	fs.Float64Var(&o.L2, "l2", o.L2, "L2 weight decay per example")
	fs.Float64Var(&o.Eta0, "eta", o.Eta0, "initial learning rate")
	fs.Float64Var(&o.Decay, "decay", o.Decay, "learning rate divided by 1+decay*epochs done")
	fs.IntVar(&o.MinDF, "mindf", o.MinDF, "keep features seen in at least this many training articles")
	fs.Float64Var(&o.ClassPower, "classpower", o.ClassPower, "weigh examples by class size^-classpower")
	bbcShare := fs.Float64("bbcshare", o.Shares["bbc"], "share of example weight given to BBC")
	reutersShare := fs.Float64("reutersshare", o.Shares["reuters"], "share of example weight given to Reuters-21578 (0 leaves it out)")
	title := fs.Float64("title", float64(o.TitleWeight), "title word weight")
	full := fs.Float64("fulllength", float64(o.FullLength), "feature-vector length from which a text counts as fully stated")
	fs.IntVar(&o.StemLen, "stem", o.StemLen, "also take each word's first N letters as a feature (0: none)")
	fs.BoolVar(&o.Leads, "leads", o.Leads, "also train on each BBC article's title and first paragraph")
	if err := fs.Parse(args); err != nil {
		return err
	}
	o.TitleWeight, o.FullLength = float32(*title), float32(*full)
	o.Shares = map[string]float64{"bbc": *bbcShare, "reuters": *reutersShare, "huffpost": 1 - *bbcShare - *reutersShare}
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
	sets := [][]topicmodel.Doc{bbc, hp}
	if *reutersShare > 0 {
		rt, err := topicmodel.ReadReuters(filepath.Join(*corpora, "reuters21578"))
		if err != nil {
			return err
		}
		sets = append(sets, rt)
	}
	if *cv == 0 {
		m, err := topicmodel.Build(sets, o)
		if err != nil {
			return err
		}
		b, err := m.MarshalBinary()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "trained on %d articles (BBC %d, News Category %d, Reuters-21578 %d): %d classes, %d features, %d bytes\n",
			len(slices.Concat(sets...)), len(bbc), len(hp), len(slices.Concat(sets[2:]...)), len(m.Classes), m.Features(), len(b))
		for c, slug := range m.Classes {
			fmt.Fprintf(stdout, "  %-15s threshold %.2f  calibration %.3f×score%+.3f\n", slug, m.Threshold[c], m.Calib[c].A, m.Calib[c].B)
		}
		return os.WriteFile(*out, b, 0o644)
	}
	return crossValidate(sets, o, *cv, *dir, stdout)
}

func crossValidate(sets [][]topicmodel.Doc, o topicmodel.TrainOptions, k int, dir string, stdout io.Writer) error {
	sources := []string{"bbc", "huffpost", "reuters"}
	sum := map[string]float64{}
	var held []topicmodel.Doc
	var probs, raw [][]float32
	var classes []string
	var given [][]int // per held-out doc, the classes its fold model gives
	err := topicmodel.CrossValidate(sets, o, k, func(i int, f topicmodel.Fold) error {
		b, err := f.Model.MarshalBinary()
		if err != nil {
			return err
		}
		if dir != "" {
			if err := writeFold(filepath.Join(dir, fmt.Sprintf("fold%d", i+1)), b, f.BySource("bbc"), f.BySource("huffpost")); err != nil {
				return err
			}
		}
		// The check goes through the file and Topics, as the product does.
		ex, err := extract.NewWithOptions(extract.Options{TopicModel: b})
		if err != nil {
			return err
		}
		var parts []string
		for _, s := range sources {
			docs := f.BySource(s)
			if len(docs) == 0 {
				continue
			}
			acc, none := top1(ex, docs)
			sum[s] += acc
			sum[s+" argmax"] += argmax(f, s)
			parts = append(parts, fmt.Sprintf("%s top-1 %.3f of %d (%d with no topic)", s, acc, len(docs), none))
		}
		fmt.Fprintf(stdout, "fold %d: %s\n", i+1, strings.Join(parts, ", "))
		for _, p := range f.Probs {
			given = append(given, f.Model.Decide(p, o.MaxTopics))
		}
		held = append(held, f.Held...)
		probs = append(probs, f.Probs...)
		raw = append(raw, f.Raw...)
		classes = f.Model.Classes
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, "mean top-1:")
	for _, s := range sources {
		if _, ok := sum[s]; ok {
			fmt.Fprintf(stdout, " %s %.4f (most probable slug %.4f)", s, sum[s]/float64(k), sum[s+" argmax"]/float64(k))
		}
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "\nheld-out decisions per slug, all corpora, unweighted:")
	fmt.Fprintln(stdout, "| slug | labelled | precision | recall | F1 |")
	fmt.Fprintln(stdout, "|---|---|---|---|---|")
	for c, slug := range classes {
		var tp, fp, fn int
		for i, d := range held {
			g, ok := slices.Contains(d.Gold, slug), slices.Contains(given[i], c)
			switch {
			case g && ok:
				tp++
			case ok:
				fp++
			case g:
				fn++
			}
		}
		fmt.Fprintf(stdout, "| %s | %d | %.3f | %.3f | %.3f |\n", slug, tp+fn,
			float64(tp)/float64(max(tp+fp, 1)), float64(tp)/float64(max(tp+fn, 1)), 2*float64(tp)/float64(max(2*tp+fp+fn, 1)))
	}
	fmt.Fprintln(stdout, "\nheld-out calibration, all corpora, weighted by the training shares:")
	w := topicmodel.SourceWeights(held, o.Shares)
	topicmodel.Calibrate(held, probs, classes, w).WriteTable(stdout)
	r := topicmodel.Calibrate(held, raw, classes, w)
	fmt.Fprintf(stdout, "the softmax before calibration: top-label ECE %.4f, all pairs ECE %.4f, classwise ECE %.4f\n", r.TopLabelECE, r.PairECE, r.ClassECE)
	for _, s := range sources {
		var d []topicmodel.Doc
		var p [][]float32
		for i := range held {
			if held[i].Source == s {
				d, p = append(d, held[i]), append(p, probs[i])
			}
		}
		if len(d) == 0 {
			continue
		}
		w := make([]float64, len(d))
		for i := range w {
			w[i] = 1
		}
		r := topicmodel.Calibrate(d, p, classes, w)
		fmt.Fprintf(stdout, "%s: top-label ECE %.4f, pairs ECE %.4f, classwise ECE %.4f\n", s, r.TopLabelECE, r.PairECE, r.ClassECE)
	}
	return nil
}

// argmax is the top-1 accuracy the fold would have if every held-out doc
// of source got its most probable slug, whatever its probability: what
// the threshold costs in top-1.
func argmax(f topicmodel.Fold, source string) float64 {
	ok, n := 0, 0
	for i, d := range f.Held {
		if d.Source != source {
			continue
		}
		n++
		p := f.Probs[i]
		best := 0
		for c := range p {
			if p[c] > p[best] {
				best = c
			}
		}
		if slices.Contains(d.Gold, f.Model.Classes[best]) {
			ok++
		}
	}
	return float64(ok) / float64(max(n, 1))
}

// top1 is topic-eval's measure: the share of docs whose first topic is
// one the label accepts; a doc given no topic counts as a miss. It also
// counts the docs given none.
func top1(ex *extract.Extractor, docs []topicmodel.Doc) (float64, int) {
	ok, none := 0, 0
	for _, d := range docs {
		t := ex.Topics(d.Text)
		if len(t) == 0 {
			none++
		} else if slices.Contains(d.Gold, t[0]) {
			ok++
		}
	}
	return float64(ok) / float64(max(len(docs), 1)), none
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
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "huffpost.jsonl"), lines.Bytes(), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "topics.model.gz"), model, 0o644)
}
