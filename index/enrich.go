package index

import (
	"strings"

	"github.com/newsarchive/newsarchive/index/extract"
)

// Enrich fills in what the article's source did not supply: actors of each
// kind the source left out, and topics when it gave none. Source tags are
// kept as they are; a Reuters story tagged with places but no people still
// gets the people its text names.
func Enrich(ex *extract.Extractor, a *Article) {
	have := map[Kind]bool{}
	for _, act := range a.Actors {
		have[act.Kind] = true
	}
	needActors := !have[Person] || !have[Organization] || !have[Place]
	needTopics := len(a.Topics) == 0
	if !needActors && !needTopics {
		return
	}
	res := ex.Extract(ExtractText(*a))
	if needActors {
		known := map[string]bool{}
		for _, act := range a.Actors {
			known[strings.ToLower(act.Name)] = true
		}
		for _, act := range res.Actors {
			k := Kind(act.Kind)
			if !k.Valid() || have[k] || known[strings.ToLower(act.Name)] {
				continue
			}
			known[strings.ToLower(act.Name)] = true
			a.Actors = append(a.Actors, Actor{Name: act.Name, Kind: k})
		}
	}
	if needTopics {
		a.Topics = res.Topics
	}
}

// ExtractText is the text the extractor reads for an article: the title,
// then the body with heading markers removed so that headings read as the
// short lines they were.
func ExtractText(a Article) string {
	var b strings.Builder
	b.WriteString(a.Title)
	for _, blk := range a.Blocks() {
		b.WriteString("\n\n")
		b.WriteString(blk.Text)
	}
	return b.String()
}
