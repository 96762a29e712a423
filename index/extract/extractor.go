package extract

import (
	"fmt"

	"github.com/newsarchive/newsarchive/index/extract/internal/ner"
)

// Extractor finds actors and topics. It is read-only after New and so
// safe for concurrent use.
type Extractor struct {
	lx     *lexicon
	topics *topicClassifier
	ner    *ner.Model
	// successors are names whose holder became another (successors.txt).
	successors map[string]successor
}

// Options selects the models an Extractor uses. A nil field means the
// model embedded in the binary; the others exist so a model being trained
// or evaluated can be tried without rebuilding.
type Options struct {
	// NERModel is an actor tagger model as the trainer writes it.
	NERModel []byte
	// TopicModel is a topic classifier model as the trainer writes it.
	TopicModel []byte
}

// New returns an Extractor with the embedded models and lexicons.
func New() (*Extractor, error) {
	return NewWithOptions(Options{})
}

// NewWithOptions returns an Extractor with the models o names.
func NewWithOptions(o Options) (*Extractor, error) {
	lx, err := loadLexicon()
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	e := &Extractor{lx: lx}
	if e.successors, err = loadSuccessors(); err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	if e.ner, err = loadTagger(o.NERModel); err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	if e.topics, err = loadTopicClassifier(o.TopicModel); err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	return e, nil
}
