package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/newsarchive/newsarchive/index/extract/internal/ner"
	"github.com/newsarchive/newsarchive/internal/corpus"
)

var actorTypes = map[string]int{"person": ner.PER, "organization": ner.ORG, "place": ner.LOC}

// conllScore runs the extractor over a CoNLL-2003 file and scores its
// actor mentions as the shared ner-eval tool does.
func conllScore(t *testing.T, e *Extractor, name string) *ner.Score {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus.Dir(t, "conll2003"), name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, err := ner.ReadCoNLL(f)
	if err != nil {
		t.Fatal(err)
	}
	var s ner.Score
	for _, d := range docs {
		var pred []ner.Span
		for _, a := range e.Actors(d.Text) {
			for _, m := range a.Mentions {
				pred = append(pred, ner.Span{Start: m.Start, End: m.End, Type: actorTypes[a.Kind]})
			}
		}
		s.Add(d.Spans, pred)
	}
	return &s
}

// TestCoNLLDev is the quality gate: typed F1 over PER, ORG and LOC on the
// CoNLL-2003 dev split, which training never reads.
func TestCoNLLDev(t *testing.T) {
	s := conllScore(t, newExtractor(t), "eng.testa")
	_, _, f1 := s.Micro()
	t.Logf("eng.testa:\n%s", s)
	if want := 0.88; f1 < want {
		t.Errorf("typed F1 on eng.testa = %.3f, want >= %.2f\n%s", f1, want, s)
	}
}
