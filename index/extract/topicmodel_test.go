package extract

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/newsarchive/newsarchive/index/extract/internal/topicmodel"
	"github.com/newsarchive/newsarchive/internal/corpus"
)

// TestTopicsCrossValidated trains and calibrates on four fifths of BBC,
// News Category and Reuters-21578 and scores the held-out fifth, five
// times, through the model file and Topics, counting a hit the way
// topic-eval does: the first topic is one the label accepts, and no topic
// is a miss. It also checks the held-out calibration error. The bars are
// the product's targets.
func TestTopicsCrossValidated(t *testing.T) {
	if testing.Short() {
		t.Skip("trains five models")
	}
	sets := trainingSets(t)
	o := topicmodel.DefaultTrainOptions()
	const k = 5
	var sumB, sumN float64
	var held []topicmodel.Doc
	var probs [][]float32
	var classes []string
	err := topicmodel.CrossValidate(sets, o, k, func(i int, f topicmodel.Fold) error {
		b, err := f.Model.MarshalBinary()
		if err != nil {
			return err
		}
		e, err := NewWithOptions(Options{TopicModel: b})
		if err != nil {
			return err
		}
		sumB += heldOutTop1(e, f.BySource("bbc"))
		sumN += heldOutTop1(e, f.BySource("huffpost"))
		held, probs, classes = append(held, f.Held...), append(probs, f.Probs...), f.Model.Classes
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cal := topicmodel.Calibrate(held, probs, classes, topicmodel.SourceWeights(held, o.Shares))
	tests := []struct {
		name      string
		got, want float64
		below     bool // the figure must stay below want
	}{
		{"BBC top-1", sumB / k, 0.96, false},
		{"News Category top-1", sumN / k, 0.765, false},
		{"top-label ECE", cal.TopLabelECE, 0.03, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Logf("held-out %s %.4f", tt.name, tt.got)
			if tt.below && tt.got >= tt.want {
				t.Errorf("held-out %s = %.4f, want below %.2f", tt.name, tt.got, tt.want)
			}
			if !tt.below && tt.got < tt.want {
				t.Errorf("held-out %s = %.4f, want at least %.3f", tt.name, tt.got, tt.want)
			}
		})
	}
}

// trainingSets reads the corpora the topic model is trained on.
func trainingSets(t *testing.T) [][]topicmodel.Doc {
	t.Helper()
	bbc, err := topicmodel.ReadBBC(corpus.Dir(t, "bbc"))
	if err != nil {
		t.Fatal(err)
	}
	news, err := topicmodel.ReadNewsCategory(filepath.Join(corpus.Dir(t, "huffpost_v3_first10k"), "News_Category_Dataset_v3.first10000.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	reuters, err := topicmodel.ReadReuters(corpus.Dir(t, "reuters21578"))
	if err != nil {
		t.Fatal(err)
	}
	return [][]topicmodel.Doc{bbc, news, reuters}
}

// heldOutTop1 is topic-eval's top-1: a doc given no topic is a miss.
func heldOutTop1(e *Extractor, docs []topicmodel.Doc) float64 {
	ok := 0
	for _, d := range docs {
		if got := e.Topics(d.Text); len(got) > 0 && slices.Contains(d.Gold, got[0]) {
			ok++
		}
	}
	return float64(ok) / float64(max(len(docs), 1))
}

func TestEmbeddedTopicModel(t *testing.T) {
	e := newExtractor(t)
	got := e.topics.m.Classes
	want := []string{"arts", "crime", "economy", "education", "environment", "health",
		"human-interest", "labour", "lifestyle", "politics", "religion", "science", "society", "sport"}
	if !slices.Equal(got, want) {
		t.Errorf("embedded model classes = %q, want %q", got, want)
	}
	if _, err := NewWithOptions(Options{TopicModel: []byte("not a model")}); err == nil {
		t.Errorf("NewWithOptions with a bad topic model: error = nil, want an error")
	}
}

func TestTopicsShape(t *testing.T) {
	e := newExtractor(t)
	tests := []struct {
		name, text string
		min, max   int
	}{
		{"no words", " ... ", 0, 0},
		{"one word", "Elections", 1, 3},
		{"headline", "Striker scores twice as United win the cup final", 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.Topics(tt.text)
			if len(got) < tt.min || len(got) > tt.max {
				t.Errorf("Topics(%q) = %q, want %d to %d topics", tt.text, got, tt.min, tt.max)
			}
			if len(got) != len(slices.Compact(slices.Clone(got))) {
				t.Errorf("Topics(%q) = %q, want no repeats", tt.text, got)
			}
		})
	}
}

func BenchmarkTopicsBBC(b *testing.B) {
	e := newExtractor(b)
	texts := bbcArticles(b)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, t := range texts {
			e.Topics(t)
		}
		n += len(texts)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}
