// Package extract finds the actors (people, organizations, places) and the
// IPTC topics of a news text, for articles that arrive without them.
//
// Actors come from a trained tagger (internal/ner): a two-stage averaged
// perceptron with Viterbi decoding over BILOU tags for PER, ORG, LOC and
// MISC, learned from the CoNLL-2003 training split by internal/traintagger
// (see go:generate in ner.go) and embedded as data/ner.model.gz. Its
// spans are then made actors: titles come off, names in the hand-written
// lexicons take their canonical form ("U.S." is "United States", a
// demonym stands for its country), MISC spans are dropped, section
// headings and quoted nicknames are skipped, and a lone surname joins the
// full name it shortens. Topics come from a logistic regression over
// words, word stems and word pairs, trained on BBC, News Category and
// Reuters-21578 by internal/traintopics (see go:generate in topicmodel.go)
// and embedded as data/topics.model.gz, with each slug's score calibrated
// to a probability on held-out folds; a slug is given only when its
// probability reaches a threshold chosen there, so a text with little
// evidence gets few topics or none, and slugs no corpus labels (conflict,
// disaster, weather) are never given.
//
// Measurements, the commands and the numbers, are in README.md.
package extract
