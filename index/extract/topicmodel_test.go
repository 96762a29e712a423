package extract

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/newsarchive/newsarchive/index/extract/internal/topicmodel"
	"github.com/newsarchive/newsarchive/internal/corpus"
)

// TestTopicsCrossValidated trains on four fifths of BBC and News Category
// and scores the held-out fifth, five times, through the model file and
// Topics, counting a hit the way topic-eval does: the first topic is one
// the label accepts. The bars are the product's targets.
func TestTopicsCrossValidated(t *testing.T) {
	if testing.Short() {
		t.Skip("trains five models")
	}
	root := filepath.Dir(corpus.Dir(t, "bbc"))
	bbc, err := topicmodel.ReadBBC(filepath.Join(root, "bbc"))
	if err != nil {
		t.Fatal(err)
	}
	news, err := topicmodel.ReadNewsCategory(filepath.Join(corpus.Dir(t, "huffpost_v3_first10k"), "News_Category_Dataset_v3.first10000.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	const k = 5
	var sumB, sumN float64
	err = topicmodel.CrossValidate(bbc, news, topicmodel.DefaultTrainOptions(), k, func(i int, f topicmodel.Fold) error {
		b, err := f.Model.MarshalBinary()
		if err != nil {
			return err
		}
		e, err := NewWithOptions(Options{TopicModel: b})
		if err != nil {
			return err
		}
		sumB += heldOutTop1(e, f.BBC)
		sumN += heldOutTop1(e, f.News)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		set       string
		got, want float64
	}{
		{"BBC", sumB / k, 0.92},
		{"News Category", sumN / k, 0.75},
	}
	for _, tt := range tests {
		t.Run(tt.set, func(t *testing.T) {
			t.Logf("%s held-out top-1 %.4f", tt.set, tt.got)
			if tt.got < tt.want {
				t.Errorf("%s held-out top-1 = %.4f, want at least %.2f", tt.set, tt.got, tt.want)
			}
		})
	}
}

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
		"human-interest", "lifestyle", "politics", "religion", "science", "society", "sport"}
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
