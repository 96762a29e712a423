package extract

import (
	"cmp"
	"slices"

	"github.com/newsarchive/newsarchive/index/extract/internal/topicmodel"
)

// maxTopics is the most topics one text is given.
const maxTopics = 3

// Topics returns the IPTC topic slugs of text, most probable first: those
// whose calibrated probability reaches the model's threshold, at most
// three. A text with little to go on gets few topics or none.
//
// The probabilities come from the topic model alone (see
// internal/topicmodel): a logistic regression over words and word pairs
// whose per-slug scores are mapped to probabilities by a calibration
// fitted on held-out folds of its training corpora, with a threshold
// chosen there to maximize F1. Only slugs those corpora label can be
// given; conflict, disaster and weather, which none of them labels, never
// are, since there is no evidence to learn or check them on.
func (e *Extractor) Topics(text string) []string {
	m := e.topics.m
	v := topicmodel.Features(text, m.Params)
	if len(v.Hash) == 0 {
		return nil
	}
	var buf [len(topicSlugs)]float32
	p := buf[:len(m.Classes)]
	m.Probs(v, p)
	given := m.Decide(p, maxTopics)
	if len(given) == 0 {
		return nil
	}
	out := make([]string, len(given))
	for i, c := range given {
		out[i] = topicSlugs[e.topics.slot[c]]
	}
	return out
}

// TopicScore is a topic slug with the calibrated probability that it
// applies to a text.
type TopicScore struct {
	Slug        string  `json:"slug"`
	Probability float64 `json:"probability"`
	// Given is whether the probability reaches the slug's threshold, so
	// that Topics would return the slug (if it is among the three most
	// probable).
	Given bool `json:"given"`
}

// TopicScores returns, for every slug the topic model knows, the
// calibrated probability that it applies to text, most probable first;
// nil when text has no words. Topics returns the first of them that reach
// their thresholds.
func (e *Extractor) TopicScores(text string) []TopicScore {
	m := e.topics.m
	v := topicmodel.Features(text, m.Params)
	if len(v.Hash) == 0 {
		return nil
	}
	var buf [len(topicSlugs)]float32
	p := buf[:len(m.Classes)]
	m.Probs(v, p)
	out := make([]TopicScore, len(p))
	for c, x := range p {
		out[c] = TopicScore{Slug: topicSlugs[e.topics.slot[c]], Probability: float64(x), Given: x >= m.Threshold[c]}
	}
	slices.SortStableFunc(out, func(a, b TopicScore) int { return cmp.Compare(b.Probability, a.Probability) })
	return out
}
