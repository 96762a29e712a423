package ner

// Gazetteer classes. Hand lists name places, demonyms, organizations,
// person titles, organization suffixes and given names; the trainer adds
// entity strings seen in training text, one class per CoNLL type, and the
// everyday words of that text, so a capitalized "Later" opening a
// sentence is known for an ordinary word.
const (
	GazPlace = iota
	GazDemonym
	GazOrg
	GazTitle
	GazOrgSuffix
	GazFirstName
	GazPER
	GazORG
	GazLOC
	GazMISC
	GazLower // a word the training text mostly writes in lower case
	nGaz
)

// Position codes of a token inside a gazetteer match.
const (
	posB = 1 + iota
	posI
	posL
	posU
)

// maxGazTokens bounds the length of an entry; longer ones are dropped.
const maxGazTokens = 6

// prefixBit marks a key that is only the start of longer entries.
const prefixBit = 1 << 15

// GazEntry is one gazetteer line: a name and its class.
type GazEntry struct {
	Text  string
	Class uint8
}

// gazetteer maps the lower-case token sequence of every entry, and of
// every prefix of one, to a class bit set.
type gazetteer struct {
	m map[uint64]uint16
}

func chain(h, low uint64) uint64 { return mix(h*0x9e3779b97f4a7c15 + low) }

func newGazetteer(entries []GazEntry) *gazetteer {
	g := &gazetteer{m: make(map[uint64]uint16, len(entries)*2)}
	var toks []Token
	for _, e := range entries {
		toks = Tokenize(e.Text, toks[:0])
		if len(toks) == 0 || len(toks) > maxGazTokens {
			continue
		}
		d := doc{text: e.Text, toks: toks, low: make([]uint64, len(toks)), shape: make([]uint64, len(toks)), affix: make([][8]uint64, len(toks))}
		h := uint64(1)
		for i := range toks {
			d.hashWord(i)
			h = chain(h, d.low[i])
			if i < len(toks)-1 {
				g.m[h] |= prefixBit
			}
		}
		g.m[h] |= 1 << e.Class
	}
	return g
}

// first returns what the gazetteer holds for the one word of lower-case
// hash low: the start of every match.
func (g *gazetteer) first(low uint64) (uint16, bool) {
	v, ok := g.m[chain(1, low)]
	return v, ok
}

// match sets d.gaz: for every token and class, its place in the longest
// match of that class that covers it.
func (g *gazetteer) match(d *doc) {
	g.matchFrom(d, func(i int) (uint16, bool) { return g.first(d.low[i]) })
}

// matchFrom is match with first(i) giving what g.first gives for token
// i, which the tagger keeps with the word's other sums.
func (g *gazetteer) matchFrom(d *doc, first func(i int) (uint16, bool)) {
	n := len(d.toks)
	if cap(d.gaz) >= n*nGaz {
		d.gaz = d.gaz[:n*nGaz]
		clear(d.gaz)
	} else {
		d.gaz = make([]uint8, n*nGaz)
	}
	for i := range n {
		if d.toks[i].Flags&Punct != 0 {
			continue
		}
		h := uint64(1)
		for L := 1; L <= maxGazTokens && i+L <= n; L++ {
			var v uint16
			var ok bool
			if L == 1 {
				v, ok = first(i)
			} else {
				v, ok = g.m[chain(h, d.low[i+L-1])]
			}
			if !ok {
				break
			}
			h = chain(h, d.low[i+L-1])
			if c := v &^ prefixBit; c != 0 {
				for cl := range nGaz {
					if c&(1<<cl) == 0 {
						continue
					}
					for k := i; k < i+L; k++ {
						code := uint8(posI)
						switch {
						case L == 1:
							code = posU
						case k == i:
							code = posB
						case k == i+L-1:
							code = posL
						}
						// A longer match, found later from the same start,
						// wins over a shorter one.
						d.gaz[k*nGaz+cl] = code
					}
				}
			}
		}
	}
}
