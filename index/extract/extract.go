package extract

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Mention is the byte span of one surface form of an actor in the text,
// end exclusive. It is written to JSON as [start, end].
type Mention struct{ Start, End int }

// MarshalJSON writes the mention as a two-element array.
func (m Mention) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 16)
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(m.Start), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(m.End), 10)
	return append(b, ']'), nil
}

// UnmarshalJSON reads a mention written by MarshalJSON.
func (m *Mention) UnmarshalJSON(b []byte) error {
	var a []int
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	if len(a) != 2 {
		return fmt.Errorf("mention: want [start,end], got %d numbers", len(a))
	}
	m.Start, m.End = a[0], a[1]
	return nil
}

// Actor is a person, organization or place named in a text, with every
// span where it is named.
type Actor struct {
	Name     string    `json:"name"` // canonical: "Joe Biden", "United States"
	Kind     string    `json:"kind"` // "person", "organization" or "place"
	Mentions []Mention `json:"mentions"`
}

// Result is everything extracted from one text.
type Result struct {
	Actors []Actor  `json:"actors"`
	Topics []string `json:"topics"`
}

// Extract returns the actors and topics of text.
func (e *Extractor) Extract(text string) Result {
	return Result{Actors: e.Actors(text), Topics: e.Topics(text)}
}

// mention is a found span before actors are merged.
type mention struct {
	start, end int
	canon      string
	kind       kind
	strong     bool // kind from a lexicon or a clear cue, not a guess
	demonym    bool
	multi      bool // more than one word
}

// Actors returns the people, organizations and places named in text,
// most salient (most mentioned, then earliest) first.
func (e *Extractor) Actors(text string) []Actor {
	toks := tokenize(text, make([]token, 0, len(text)/6+1))
	var ms []mention
	for i := 0; i < len(toks); {
		j := i + 1
		for j < len(toks) && !toks[j].lineStart {
			j++
		}
		ms = e.line(text, toks[i:j], ms)
		i = j
	}
	return e.resolve(text, ms)
}

// connectors may join capitalized words inside one name.
var connectors = map[string]bool{
	"of": true, "for": true, "de": true, "du": true, "da": true, "di": true,
	"del": true, "della": true, "van": true, "von": true, "der": true,
	"den": true, "bin": true, "ibn": true, "al": true, "el": true, "la": true,
	"le": true, "the": true, "on": true,
}

// notNames are capitalized words that name no actor.
var notNames = map[string]bool{
	"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true,
	"Friday": true, "Saturday": true, "Sunday": true, "January": true,
	"February": true, "March": true, "April": true, "June": true, "July": true,
	"August": true, "September": true, "October": true, "November": true,
	"December": true, "I": true, "Jan": true, "Feb": true, "Mar": true,
	"Apr": true, "Jun": true, "Jul": true, "Aug": true, "Sep": true,
	"Sept": true, "Oct": true, "Nov": true, "Dec": true, "TV": true,
	"OK": true, "AM": true, "PM": true, "CEO": true,
}

// placePreps are words after which an unknown single name is likely a place.
var placePreps = map[string]bool{
	"in": true, "at": true, "from": true, "near": true, "to": true, "across": true,
	"outside": true, "into": true, "via": true,
}

// seg reads the words of one line.
type seg struct {
	e    *Extractor
	text string
	t    []token
}

func (s *seg) word(i int) string      { return s.text[s.t[i].start:s.t[i].end] }
func (s *seg) span(i, j int) string   { return s.text[s.t[i].start:s.t[j-1].end] }
func (s *seg) isConnector(i int) bool { return connectors[s.word(i)] }

// known reports whether word i is a gazetteer entry on its own.
func (s *seg) known(i int) bool {
	_, ok := s.lookup(i, i+1)
	return ok
}

// lookup finds a surface form in the gazetteer; a word in capitals
// ("MILWAUKEE") is looked up by its upper-case form too.
func (s *seg) lookup(i, j int) (entry, bool) {
	sp := s.span(i, j)
	if ent, ok := s.e.lx.gaz[sp]; ok {
		return ent, true
	}
	if s.t[i].upper && len(sp) > 2 && !hasLowerByte(sp) {
		ent, ok := s.e.lx.gazUpper[sp]
		return ent, ok
	}
	return entry{}, false
}
func (s *seg) common(i int) bool { return s.e.lx.common[strings.ToLower(s.word(i))] }
func (s *seg) emit(ms []mention, i, j int, k kind, canon string, strong, demonym bool) []mention {
	if k == kindNone || k == kindMisc && !demonym {
		return ms
	}
	return append(ms, mention{
		start: s.t[i].start, end: s.t[j-1].end, canon: canon, kind: k,
		strong: strong, demonym: demonym, multi: j-i > 1,
	})
}

func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			return true
		}
	}
	return false
}

func (s *seg) isCap(i int) bool {
	t := s.t[i]
	if !t.cap {
		return false
	}
	w := s.word(i)
	if notNames[w] {
		return false
	}
	if hasDigit(w) || hyphenAdjective(w) {
		_, ok := s.e.lx.gaz[w]
		return ok
	}
	return true
}

// hyphenAdjective reports whether w is like "Iran-aligned" or "U.S.-led":
// a modifier, not a name.
func hyphenAdjective(w string) bool {
	i := strings.LastIndexByte(w, '-')
	return i >= 0 && i+1 < len(w) && w[i+1] >= 'a' && w[i+1] <= 'z'
}

// line finds the mentions in the words of one line.
func (e *Extractor) line(text string, lt []token, ms []mention) []mention {
	s := &seg{e: e, text: text, t: lt}
	upperLine, titleCase := true, true
	letters := 0
	for i, t := range lt {
		w := s.word(i)
		if hasLowerByte(w) {
			upperLine = false
		}
		if !t.upper || len(w) > 1 {
			letters++
		}
		if !t.cap && !s.isConnector(i) && !hasDigit(w) {
			titleCase = false
		}
	}
	if upperLine && letters > 0 {
		return s.upperLine(ms)
	}
	before := len(ms)
	for k := 0; k < len(lt); {
		if !s.isCap(k) {
			k++
			continue
		}
		a, b := k, k+1
		for b < len(lt) && lt[b].joined {
			if s.isCap(b) {
				b++
				continue
			}
			c := b
			for c < len(lt) && c-b < 2 && lt[c].joined && s.isConnector(c) {
				c++
			}
			if c > b && c < len(lt) && lt[c].joined && s.isCap(c) {
				b = c + 1
				continue
			}
			break
		}
		ms = s.run(ms, a, b)
		k = b
	}
	// A line of nothing but Title Case words naming nothing known is a
	// section heading, not a list of actors.
	if titleCase && len(lt) >= 2 && !endsSentence(text, lt[len(lt)-1].end) {
		strong := false
		for _, m := range ms[before:] {
			strong = strong || m.strong
		}
		if !strong {
			ms = ms[:before]
		}
	}
	return ms
}

func endsSentence(text string, end int) bool {
	for i := end; i < len(text) && text[i] != '\n'; i++ {
		switch text[i] {
		case '.', '!', '?', ':':
			return true
		}
	}
	return false
}

func hasLowerByte(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= 'a' && w[i] <= 'z' {
			return true
		}
	}
	return false
}

// upperLine handles an all-capitals headline or dateline, where case says
// nothing: only lexicon entries are trusted.
func (s *seg) upperLine(ms []mention) []mention {
	lx := s.e.lx
	for i := 0; i < len(s.t); {
		found := false
		for L := min(lx.maxTokens, len(s.t)-i); L >= 1; L-- {
			if L > 1 && !s.t[i+L-1].joined {
				continue
			}
			if ent, ok := lx.gazUpper[s.span(i, i+L)]; ok {
				ms = s.emit(ms, i, i+L, ent.kind, ent.name, true, ent.demonym)
				i += L
				found = true
				break
			}
		}
		if !found {
			i++
		}
	}
	return ms
}

// prefix returns the longest lexicon entry starting at word i within
// [i, b). Single-word derived entries are left out: "Joe" alone says
// nothing about "Joe Biden".
func (s *seg) prefix(i, b int) (int, entry) {
	lx := s.e.lx
	for L := min(lx.maxTokens, b-i); L >= 1; L-- {
		if ent, ok := s.lookup(i, i+L); ok && (ent.curated || L > 1) {
			return L, ent
		}
	}
	return 0, entry{}
}

func (s *seg) titleLen(i, b int) int {
	lx := s.e.lx
	for L := min(lx.maxTitle, b-i); L >= 1; L-- {
		if lx.titles[s.span(i, i+L)] {
			return L
		}
	}
	return 0
}

// run splits the capitalized words [a, b) into mentions.
func (s *seg) run(ms []mention, a, b int) []mention {
	lx := s.e.lx
	// A quoted phrase that is not a known name is a nickname or a title.
	if s.t[a].quoteOpen && s.t[b-1].quoteClose {
		if _, ok := lx.gaz[s.span(a, b)]; !ok {
			return ms
		}
	}
	personCue := a > 0 && s.t[a].joined && !s.t[a-1].cap && lx.titles[s.word(a-1)]
	for i := a; i < b; {
		if s.isConnector(i) {
			i++
			continue
		}
		if ent, ok := s.lookup(i, b); ok {
			return s.emit(ms, i, b, ent.kind, ent.name, true, ent.demonym)
		}
		if L := s.titleLen(i, b); L > 0 && L < b-i {
			i += L
			personCue = true
			continue
		}
		if L, ent := s.prefix(i, b); L > 0 && (ent.demonym || ent.kind == kindMisc || !lx.orgSuffix[s.word(b-1)]) {
			ms = s.emit(ms, i, i+L, ent.kind, ent.name, true, ent.demonym)
			i += L
			continue
		}
		if i == a && s.t[i].sentStart && s.common(i) && !(lx.first[s.word(i)] && b-i > 1 && !s.known(i+1)) {
			i++
			continue
		}
		for b > i+1 && s.isConnector(b-1) {
			b--
		}
		k, strong := s.guess(i, b, personCue)
		return s.emit(ms, i, b, k, s.span(i, b), strong, false)
	}
	return ms
}

// guess gives the kind of an unknown name from its words and context.
func (s *seg) guess(i, b int, personCue bool) (kind, bool) {
	lx := s.e.lx
	n := b - i
	switch {
	case personCue && n <= 4:
		return kindPerson, true
	case n >= 2 && lx.orgSuffix[s.word(b-1)]:
		return kindOrg, true
	case n >= 2 && n <= 4 && lx.first[s.word(i)]:
		return kindPerson, true
	}
	words, common := 0, 0
	for k := i; k < b; k++ {
		if s.isConnector(k) {
			continue
		}
		words++
		if s.common(k) {
			common++
		}
	}
	if 2*common > words || common == words {
		return kindNone, false // a capitalized phrase of ordinary words
	}
	if n == 1 {
		w := s.word(i)
		// "May" alone is the month far more often than a surname; a
		// sentence-initial "Trailing" or "Asked" is a verb form.
		if w == "May" || s.t[i].sentStart && (strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ly")) {
			return kindNone, false
		}
		if s.t[i].upper && len(w) <= 5 {
			return kindOrg, false
		}
		if i > 0 && s.t[i].joined && placePreps[s.word(i-1)] {
			return kindPlace, false
		}
		return kindPerson, false
	}
	if n >= 4 {
		return kindOrg, false
	}
	return kindPerson, false
}

// resolve merges mentions into actors: a lone surname joins the full name
// it shortens, and each actor takes the kind most of its mentions agree on.
func (e *Extractor) resolve(text string, ms []mention) []Actor {
	full := map[string]string{} // last word -> full person name
	for _, m := range ms {
		if m.kind == kindPerson && m.multi && m.strong {
			name := m.canon
			last := name[strings.LastIndexByte(name, ' ')+1:]
			if _, ok := full[last]; !ok {
				full[last] = name
			}
		}
	}
	type group struct {
		name  string
		votes [5]int
		weak  [5]int
		ms    []Mention
	}
	var groups []*group
	byName := map[string]*group{}
	for _, m := range ms {
		if !m.multi && !m.demonym {
			if f, ok := full[text[m.start:m.end]]; ok && (m.kind == kindPerson || !m.strong) {
				m.canon, m.kind, m.strong = f, kindPerson, true
			}
		}
		g := byName[m.canon]
		if g == nil {
			g = &group{name: m.canon}
			byName[m.canon] = g
			groups = append(groups, g)
		}
		if m.strong {
			g.votes[m.kind]++
		} else {
			g.weak[m.kind]++
		}
		g.ms = append(g.ms, Mention{m.start, m.end})
	}
	actors := make([]Actor, 0, len(groups))
	for _, g := range groups {
		votes := g.votes
		if votes == [5]int{} {
			votes = g.weak
		}
		best := kindPerson
		for k := kindPerson; k <= kindPlace; k++ {
			if votes[k] > votes[best] {
				best = k
			}
		}
		slices.SortFunc(g.ms, func(a, b Mention) int { return cmp.Compare(a.Start, b.Start) })
		actors = append(actors, Actor{Name: g.name, Kind: best.String(), Mentions: g.ms})
	}
	slices.SortStableFunc(actors, func(a, b Actor) int {
		if c := cmp.Compare(len(b.Mentions), len(a.Mentions)); c != 0 {
			return c
		}
		return cmp.Compare(a.Mentions[0].Start, b.Mentions[0].Start)
	})
	return actors
}
