// Package extract finds the actors (people, organizations, places) and the
// IPTC topics of a news text, for articles that arrive without them.
//
// This first version is rule- and lexicon-based: capitalized word runs are
// split and typed with embedded gazetteers (countries, places, demonyms,
// organizations, person titles, given names, organization suffixes) and
// with entity strings, given names and everyday words derived from the
// CoNLL-2003 training split by internal/gen (see go:generate in
// lexicon.go). Topics come from weighted keyword lists, one per IPTC slug.
// The API is meant to outlive the method: a trained tagger can replace the
// rules behind Extract, Actors and Topics.
//
// Measurements, the commands and the numbers, are in README.md.
package extract
