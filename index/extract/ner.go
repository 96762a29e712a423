package extract

import (
	_ "embed"

	"github.com/newsarchive/newsarchive/index/extract/internal/ner"
)

//go:generate go run ./internal/traintagger -conll ../../../shared/corpora/conll2003/eng.train -plain ../../../shared/corpora/bbc -lex data -out data/ner.model.gz

// nerModel is the actor tagger trained by internal/traintagger; see README.md
// for how it was trained and how well it does.
//
//go:embed data/ner.model.gz
var nerModel []byte

// loadTagger reads the tagger model b, or the embedded one when b is nil.
func loadTagger(b []byte) (*ner.Model, error) {
	if b == nil {
		b = nerModel
	}
	return ner.Load(b)
}
