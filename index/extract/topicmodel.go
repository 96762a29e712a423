package extract

import (
	_ "embed"
	"fmt"

	"github.com/newsarchive/newsarchive/index/extract/internal/topicmodel"
)

// The topic model is trained on the BBC, News Category and Reuters-21578
// corpora; the trainer's -cv mode reports held-out accuracy and
// calibration and writes held-out folds for topic-eval (eval-topics.sh).
//go:generate go run ./internal/traintopics -corpora ../../../shared/corpora -out data/topics.model.gz

//go:embed data/topics.model.gz
var embeddedTopicModel string

// topicClassifier is a decoded topic model and where each of its classes
// sits among topicSlugs.
type topicClassifier struct {
	m    *topicmodel.Model
	slot []int
}

func loadTopicClassifier(b []byte) (*topicClassifier, error) {
	if b == nil {
		b = []byte(embeddedTopicModel)
	}
	m, err := topicmodel.Decode(b)
	if err != nil {
		return nil, err
	}
	if len(m.Classes) > len(topicSlugs) {
		return nil, fmt.Errorf("topic model: %d classes, more than the %d topics", len(m.Classes), len(topicSlugs))
	}
	tc := &topicClassifier{m: m}
	for _, c := range m.Classes {
		i := topicIndex(c)
		if i < 0 {
			return nil, fmt.Errorf("topic model: unknown topic %q", c)
		}
		tc.slot = append(tc.slot, i)
	}
	return tc, nil
}
