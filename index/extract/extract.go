package extract

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/index/extract/internal/ner"
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
	// Acronyms are the short forms the text defines for names, as in
	// "the European Community (EC)"; the text's own uses of them are
	// already given to the long name's actor.
	Acronyms []Acronym `json:"acronyms,omitempty"`
}

// Acronym is a short form a text defines for a name.
type Acronym struct {
	Short string `json:"short"`
	Long  string `json:"long"`
}

// Extract returns the actors and topics of text.
func (e *Extractor) Extract(text string) Result {
	actors, acronyms := e.actors(text)
	return Result{Actors: actors, Topics: e.Topics(text), Acronyms: acronyms}
}

// mention is a found span before actors are merged.
type mention struct {
	start, end int
	canon      string
	kind       kind
	demonym    bool
	known      bool   // in the hand-written lexicons
	listed     string // the canonical name data/people.txt gives a surname alone
	multi      bool   // more than one word
}

// Actors returns the people, organizations and places named in text,
// most salient (most mentioned, then earliest) first.
func (e *Extractor) Actors(text string) []Actor {
	actors, _ := e.actors(text)
	return actors
}

func (e *Extractor) actors(text string) ([]Actor, []Acronym) {
	var ms []mention
	// The tagger reads Title Case lines in sentence case; so do the
	// rules that look at how a line is capitalized.
	cased := e.truecase(text)
	for _, sp := range knownPeople(cased, e.ner.Tag(cased), e.lx.given, e.everyday) {
		floor, prev := 0, 0
		if n := len(ms); n > 0 {
			floor, prev = ms[n-1].end, ms[n-1].start
		}
		if m, ok := e.mentionAfter(text, cased, sp, floor, prev); ok {
			if n := len(ms); n > 0 && m.start < ms[n-1].end {
				ms = ms[:n-1] // the firm's name took it in
			}
			ms = append(ms, m)
		}
	}
	acronyms := defineAcronyms(text, ms)
	return e.resolve(text, ms), acronyms
}

// defineAcronyms finds the short forms the text defines for the names it
// mentions, "International Business Machines Corp (IBM)", and gives every
// mention of a short form to its name, kind and all.
func defineAcronyms(text string, ms []mention) []Acronym {
	var defs []Acronym
	long := map[string]mention{}
	for _, m := range ms {
		if r, _ := utf8.DecodeRuneInString(m.canon); !m.multi || !unicode.IsUpper(r) {
			continue // "federal Securities and Exchange Commission" is no name
		}
		rest := strings.TrimLeft(text[m.end:], " ")
		short, _, ok := strings.Cut(strings.TrimPrefix(rest, "("), ")")
		if !ok || !strings.HasPrefix(rest, "(") || !isAcronymOf(short, m.canon) {
			continue
		}
		if _, seen := long[short]; !seen {
			long[short] = m
			defs = append(defs, Acronym{Short: short, Long: m.canon})
		}
	}
	if len(defs) == 0 {
		return nil
	}
	for i := range ms {
		if l, ok := long[ms[i].canon]; ok {
			ms[i].canon, ms[i].kind, ms[i].multi = l.canon, l.kind, true
		}
	}
	return defs
}

// isAcronymOf reports whether short, two to eight capitals (with dots or
// an ampersand between), is made of the initials of name's words, with
// or without its little words and its legal form: EC of European
// Community, OPEC of Organization of Petroleum Exporting Countries, IBM
// of International Business Machines Corp.
func isAcronymOf(short, name string) bool {
	var letters []byte
	for i := 0; i < len(short); i++ {
		switch c := short[i]; {
		case c >= 'A' && c <= 'Z':
			letters = append(letters, c)
		case c == '.' || c == '&':
		default:
			return false
		}
	}
	if len(letters) < 2 || len(letters) > 8 {
		return false
	}
	words := strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' })
	for _, skipLittle := range []bool{true, false} {
		for _, dropLegal := range []bool{false, true} {
			var initials []byte
			for i, w := range words {
				lw := strings.ToLower(strings.Trim(w, ".,"))
				if skipLittle && littleWords[lw] || dropLegal && i == len(words)-1 && generic[lw] {
					continue
				}
				for j := 0; j < len(w); j++ {
					if c := w[j]; c >= 'A' && c <= 'Z' {
						initials = append(initials, c)
						if !strings.Contains(w, ".") {
							break // "U.S." gives U and S; "Community" gives C
						}
					}
				}
			}
			if string(initials) == string(letters) {
				return true
			}
		}
	}
	return false
}

// littleWords are left out of acronyms: "Organization of ...".
var littleWords = map[string]bool{"of": true, "and": true, "the": true, "for": true, "on": true, "in": true, "&": true, "de": true, "des": true, "du": true, "la": true, "le": true}

// tagKinds maps the tagger's entity types to actor kinds.
var tagKinds = [...]kind{ner.PER: kindPerson, ner.ORG: kindOrg, ner.LOC: kindPlace, ner.MISC: kindMisc}

// mention turns a tagged span of cased, text with its Title Case lines
// in sentence case (truecase), into a mention of text: titles come off
// the front, and a name in the hand-written lexicons takes its canonical
// form and kind ("U.S." is the place "United States", "Israeli" stands
// for Israel). The rules that follow the tagger are tried in order; each
// says which text it is for.
func (e *Extractor) mention(text, cased string, sp ner.Span, floor int) (mention, bool) {
	return e.mentionAfter(text, cased, sp, floor, floor)
}

// mentionAfter is mention for a span after another mention that ends at
// floor and starts at prev: a firm's name may take that mention in when
// the tagger tore the name there ("American" of "American Telephone and"
// "Telegraph Co"), and the caller then drops it.
func (e *Extractor) mentionAfter(text, cased string, sp ner.Span, floor, prev int) (mention, bool) {
	lx := e.lx
	start, end := sp.Start, sp.End
	for {
		i := strings.IndexByte(text[start:end], ' ')
		if i < 0 {
			break
		}
		w := text[start : start+i]
		// Titles, "Ontario-based" and a month before an organization
		// ("August National Association of Purchasing Management") are
		// not the name.
		if !lx.titles[w] && !strings.HasSuffix(w, "-based") && !(months[w] && sp.Type == ner.ORG) {
			break
		}
		start += i + 1
	}
	end = bylineDateline(text, start, end)
	// A name torn from a Title Case headline ("Ray Charles Dies At") ends
	// where the headline's own words begin.
	cut := start + headlineCut(text[start:end])
	if cut == start || signOff(text, start, cut) || credit(text, start, cut) {
		return mention{}, false
	}
	torn := cut < end
	if tagKinds[sp.Type] == kindPerson {
		start = givenBefore(text, start, floor, lx.given)
	}
	if torn && !strings.Contains(text[start:cut], " ") && e.everyday(strings.ToLower(text[start:cut])) {
		return mention{}, false // "Ready" of a song title "Ready For It?"
	}
	end = cut
	if cutEnd, ok := shareVerbCut(text, start, end); ok {
		if cutEnd == start {
			return mention{}, false
		}
		end = cutEnd
	}
	surface := text[start:end]
	if lx.titles[strings.TrimSuffix(surface, ".")] {
		return mention{}, false // a title alone ("Mr" of "Mr Jolin") names no one
	}
	m := mention{start: start, end: end, canon: surface, kind: tagKinds[sp.Type], multi: strings.Contains(surface, " ")}
	if rest, ok := strings.CutPrefix(surface, "The "); ok && strings.Contains(rest, " ") {
		m.canon = rest // "The Associated Press" is the Associated Press; "The Hague" keeps its article
	}
	if first, _, ok := strings.Cut(surface, " "); ok && torn && lx.given[first] {
		// The tagger typed the whole span; what is left starts with a
		// given name.
		m.kind = kindPerson
	}
	if canon, ok := people()[surface]; ok && (m.kind == kindPerson || m.multi) && !lx.given[surface] &&
		(m.multi || !e.everyday(strings.ToLower(surface))) {
		// A surname that is an everyday word ("Banks", "King") is no
		// sign of the one listed person with it.
		if m.multi {
			m.canon, m.kind, m.known = canon, kindPerson, true
		} else {
			m.listed = canon // unless the text names another with that surname
		}
		return m, true
	}
	if canon, ok := lx.firm(text, &start, end, prev); ok {
		return mention{start: start, end: end, canon: canon, kind: kindOrg, multi: true, known: true}, true
	}
	if canon, ok := collegeTeam(text, end, surface); ok && m.kind != kindPerson {
		return mention{start: start, end: start + len(canon), canon: canon, kind: kindOrg, multi: true}, true
	}
	if m.kind == kindPlace && m.multi && orgEnds[surface[strings.LastIndexByte(surface, ' ')+1:]] {
		m.kind = kindOrg
	}
	if first, _, _ := strings.Cut(surface, " "); m.kind == kindPerson && m.multi && orgStarts[first] {
		m.kind = kindOrg // "National Westminster": no one's first name
	}
	ent, known := lx.lookup(surface)
	if !known && m.kind == kindPlace && lx.given[surface] && !afterLocative(text, start) {
		m.kind = kindPerson // "Rachel and Finn", not "in Austin"
	}
	if known && ent.demonym && lx.given[surface] && !afterDeterminer(text, start) {
		// "Rachel and Finn" is a person; "a Finn" is a nationality.
		known, m.kind = false, kindPerson
	}
	if known && ent.demonym && tornDemonym(text, end) {
		return m, false // "American" of "American Registry"
	}
	// The tagger knows a city standing for its team ("CHICAGO" beat ...)
	// better than a list does, but an institution named after its seat
	// ("White House") is an actor of its own.
	// A listed place the tagger calls a person, in one word that is no
	// given name, is the place ("Denver" of a headline); "Jordan" may be
	// either and stays the tagger's.
	placeNotPerson := known && ent.kind == kindPlace && !ent.demonym && m.kind == kindPerson && !m.multi && !lx.given[surface]
	switch {
	case known && (m.kind == kindMisc || m.kind == ent.kind || m.kind == kindPlace && ent.kind == kindOrg) || placeNotPerson:
		m.canon, m.kind, m.demonym, m.known = ent.name, ent.kind, ent.demonym, true
		if e.successorOf(surface, ent.name) {
			m.canon = surface // the text's date decides (Successor)
		}
	case m.kind == kindMisc:
		return m, false // an event, a nationality, a product: not an actor
	case quoted(text, start, end), heading(cased, start, end), neverActor(surface), len(surface) == 1,
		memberNoun(text, start, end):
		return m, false
	case known && !ent.demonym && (!hasLowerByte(surface) || m.kind == kindOrg):
		// "LONDON" the tagger takes for the agency's desk in a dateline,
		// "Russian Federation" for a body, are still London and Russia
		// by name; the kind stays the tagger's. A person the tagger
		// finds ("Jordan") keeps the name.
		m.canon = ent.name
	case !known && !hasLowerByte(surface) && (m.kind == kindPlace || m.kind == kindPerson) && len(surface) > 3:
		// A place or person in a line of capitals ("BONN", "JANSHER
		// KHAN") is named as the rest of the archive writes it.
		m.canon = titleWords(surface)
	}
	return m, true
}

// titleWords writes a name in capitals with a capital to each word:
// "LOS ANGELES" is "Los Angeles", "O'NEILL" is "O'Neill".
func titleWords(s string) string {
	b := []byte(strings.ToLower(s))
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == ' ' || c == '-' || c == '\'' || c == '.'
	}
	return string(b)
}

// afterLocative reports whether the word before start is a preposition
// that places: "in", "at", "from", "to", "near" ("to" also takes people,
// "listened to Rachel", but more often places).
func afterLocative(text string, start int) bool {
	b, ok := strings.CutSuffix(text[:start], " ")
	if !ok {
		return false
	}
	w := strings.ToLower(b[strings.LastIndexAny(b, " \n(\"")+1:])
	switch w {
	case "in", "at", "from", "to", "near", "into", "outside", "across", "visit", "visited":
		return true
	}
	return false
}

// afterDeterminer reports whether the word before start makes the next a
// common noun: "a Finn", "the Dane", "another Pole".
func afterDeterminer(text string, start int) bool {
	b, ok := strings.CutSuffix(text[:start], " ")
	if !ok {
		return false
	}
	switch strings.ToLower(b[strings.LastIndexAny(b, " \n(\"")+1:]) {
	case "a", "an", "the", "another", "one", "every", "each", "fellow", "no", "any":
		return true
	}
	return false
}

// months are the month names a tagger may take into the name after them.
var months = map[string]bool{
	"January": true, "February": true, "March": true, "April": true, "May": true, "June": true, "July": true,
	"August": true, "September": true, "October": true, "November": true, "December": true,
}

// bylineDateline returns where a name ends once the dateline in capitals
// that follows a byline on its line is cut off: "Yuri Kushko" of "Yuri
// Kushko TAVILDARA , Tajikistan 1996-08-30". Only a name that starts in
// mixed case and ends in words of capitals is cut.
func bylineDateline(text string, start, end int) int {
	words := strings.Fields(text[start:end])
	if len(words) < 2 || !hasLowerByte(words[0]) {
		return end
	}
	k := len(words)
	for k > 1 && len(words[k-1]) >= 4 && !hasLowerByte(words[k-1]) && hasLetter(words[k-1]) {
		k--
	}
	if k == len(words) || !hasLowerByte(words[k-1]) {
		return end
	}
	cut := start
	for _, w := range words[:k] {
		cut = strings.Index(text[cut:end], w) + cut + len(w)
	}
	return cut
}

func hasLetter(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// givenBefore returns where a person's name starts once a given name
// just before it, which the tagger left out, joins it: "Ray" of "Ray
// Charles dies at 73", where the tagger knows "ray" for an everyday word
// opening a sentence. floor is where the mention before it ends.
func givenBefore(text string, start, floor int, given map[string]bool) int {
	if start < 2 || text[start-1] != ' ' {
		return start
	}
	w := strings.LastIndexAny(text[:start-1], " \n\"(") + 1
	if w < floor || !given[text[w:start-1]] {
		return start
	}
	return w
}

// creditCues open a credit or a byline: "Photo: Getty Images",
// "Photograph: David Jones/PA", "Image copyright Getty Images", "By
// Kieran Gill for MailOnline", "(Reporting by Andrew Osborn; Editing by
// Andrew Heavens)". The names in one are the agency's or the staff's,
// not the story's actors. A copyright notice ("Copyright 2009 The
// Associated Press") is no credit: it names the holder of the story.
var creditCues = map[string]bool{
	"photo": true, "photos": true, "photograph": true, "photographs": true, "picture": true, "pictures": true,
	"image": true, "images": true, "credit": true, "credits": true, "courtesy": true, "by": true,
	"reporting": true, "editing": true, "writing": true, "illustration": true,
}

// creditGlue are the lower-case words a credit holds between its names.
var creditGlue = map[string]bool{
	"by": true, "for": true, "and": true, "of": true, "via": true, "in": true, "at": true, "the": true,
	"from": true, "copyright": true, "additional": true, "reporting": true, "editing": true, "writing": true,
}

// credit reports whether text[start:end] is named in a credit or byline:
// the clause it ends (back to the line start, an opening bracket, a bar
// or a semicolon) opens with a credit cue and holds nothing but names and
// their glue, or the tagged name itself starts with one ("Photo Bruce
// Adams", "By Alastair Leithead BBC News"). "By contrast, Apple said"
// holds a lower-case word, and is a sentence.
func credit(text string, start, end int) bool {
	first, _, _ := strings.Cut(text[start:end], " ")
	switch strings.ToLower(first) {
	case "photo", "photograph", "by", "reporting", "editing", "writing":
		return true
	}
	cs := strings.LastIndexAny(text[:start], "\n(|;") + 1
	if start-cs > 80 {
		return false
	}
	words := strings.Fields(text[cs:start])
	if len(words) == 0 || !creditCues[strings.ToLower(strings.TrimRight(words[0], ":"))] {
		return false
	}
	for _, w := range words[1:] {
		w = strings.Trim(w, ":-–—/,&.")
		if w == "" {
			continue
		}
		if w == "caption" {
			return false // "Image caption Vogue editor Anna Wintour": the picture's story
		}
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) && !creditGlue[w] {
			return false
		}
	}
	return true
}

// shareVerbs are the links of a page's share bar: "Post to reddit Post
// to Facebook", "Share on Twitter".
var shareVerbs = map[string]bool{"Post": true, "Share": true, "Email": true, "Tweet": true, "Pin": true, "Submit": true}

// shareVerbCut returns where a tagged name ends once a share bar's verb
// is cut off its end: "Post" of "Post to reddit", where the text says
// "Post to" or "Share on" more than once. ok is false when the name does
// not end in one.
func shareVerbCut(text string, start, end int) (int, bool) {
	surface := text[start:end]
	i := strings.LastIndexByte(surface, ' ') + 1
	verb := surface[i:]
	if !shareVerbs[verb] {
		return 0, false
	}
	rest := text[end:]
	for _, prep := range []string{" to ", " on "} {
		if strings.HasPrefix(rest, prep) && strings.Count(text, verb+prep) >= 2 {
			return start + max(0, i-1), true
		}
	}
	return 0, false
}

// collegeTeams are the U.S. states whose name followed by "State" names
// a university and its teams ("Ohio State", "Florida State"); New York
// State and Washington State are also places.
var collegeTeams = map[string]bool{
	"Alabama": true, "Alaska": true, "Arizona": true, "Arkansas": true, "California": true, "Colorado": true,
	"Delaware": true, "Florida": true, "Georgia": true, "Idaho": true, "Illinois": true, "Indiana": true,
	"Iowa": true, "Kansas": true, "Kentucky": true, "Louisiana": true, "Michigan": true, "Mississippi": true,
	"Missouri": true, "Montana": true, "Nebraska": true, "Nevada": true, "Ohio": true, "Oklahoma": true,
	"Oregon": true, "Penn": true, "Tennessee": true, "Texas": true, "Utah": true, "Wichita": true,
	"Boise": true, "San Diego": true, "San Jose": true, "Fresno": true, "Morgan": true, "Wayne": true,
}

// collegeTeam returns the university a place name followed by "State"
// names, when "State" ends the name: "the Ohio State recruiter", not
// "Ohio State Senate".
func collegeTeam(text string, end int, surface string) (string, bool) {
	rest := text[end:]
	if st, ok := strings.CutSuffix(surface, " State"); ok && collegeTeams[st] {
		surface = st // the tagger found it whole, and took it for a place
	} else if rest, ok = strings.CutPrefix(rest, " State"); !ok || !collegeTeams[surface] {
		return "", false
	}
	if r, _ := utf8.DecodeRuneInString(rest); r == ' ' {
		if r2, _ := utf8.DecodeRuneInString(rest[1:]); unicode.IsUpper(r2) {
			return "", false
		}
	} else if unicode.IsLetter(r) {
		return "", false
	}
	return surface + " State", true
}

// orgHeads are the words that end an organization's name; a demonym just
// before one ("American Registry", "British Airways") was torn from the
// name, which the tagger did not find whole.
var orgHeads = map[string]bool{
	"Registry": true, "Airlines": true, "Airways": true, "Express": true, "Association": true, "Society": true,
	"Academy": true, "Council": true, "Institute": true, "Foundation": true, "League": true, "Federation": true,
	"Union": true, "Bank": true, "Corporation": true, "Company": true, "Group": true, "Board": true,
	"College": true, "Network": true, "Party": true, "Red": true,
}

// orgStarts are words that begin the names of institutions and no
// person's name.
var orgStarts = map[string]bool{
	"National": true, "Federal": true, "International": true, "Royal": true, "Central": true,
	"Standard": true, "Continental": true, "Consolidated": true, "Allied": true, "Associated": true,
	"NATIONAL": true, "FEDERAL": true, "INTERNATIONAL": true, "ROYAL": true, "CENTRAL": true,
}

// orgEnds are the last words that make a name an organization's whatever
// the tagger says: "American Registry" is no place.
var orgEnds = map[string]bool{
	"Registry": true, "Airlines": true, "Airways": true, "Association": true, "Society": true, "Academy": true,
	"Council": true, "Institute": true, "Foundation": true, "League": true, "Federation": true,
	"Corporation": true, "Company": true, "Network": true, "Party": true, "Committee": true, "Commission": true,
}

// tornDemonym reports whether the demonym ending at end starts a longer
// name: the next word is an organization's head.
func tornDemonym(text string, end int) bool {
	rest, ok := strings.CutPrefix(text[end:], " ")
	if !ok {
		return false
	}
	w := rest[:wordLen(rest)]
	return orgHeads[w]
}

// wordLen returns the length of the letters that open s.
func wordLen(s string) int {
	for i, r := range s {
		if !unicode.IsLetter(r) {
			return i
		}
	}
	return len(s)
}

// memberNoun reports whether text[start:end] names a member, not the
// body: after "a" or "an" and ending the noun phrase, as in "she was
// once a Girl Scout," or "a Democrat who"; "an IBM spokesman" goes on
// with a common noun and names IBM.
func memberNoun(text string, start, end int) bool {
	b, ok := strings.CutSuffix(text[:start], " ")
	if !ok {
		return false
	}
	art := strings.ToLower(b[strings.LastIndexAny(b, " \n(\"")+1:])
	if art != "a" && art != "an" {
		return false
	}
	rest := text[end:]
	if rest == "" {
		return true
	}
	switch rest[0] {
	case '.', ',', ';', ':', '!', '?', ')':
		return true
	case ' ':
		w := rest[1:]
		w = w[:wordLen(w)]
		return memberGlue[w]
	}
	return false
}

// memberGlue are the words after which a member noun's phrase has ended.
var memberGlue = map[string]bool{"who": true, "and": true, "or": true, "from": true, "in": true, "at": true, "with": true, "for": true, "since": true}

// firm looks up a name in firms.txt, with up to four words before it but
// not before floor, where the mention before it ends: a name the tagger
// tore ("Standard and" "Poor's Corp") is mended, and *start moves back to
// where the whole name begins. It returns the firm's canonical name.
func (lx *lexicon) firm(text string, start *int, end, floor int) (string, bool) {
	surface := text[*start:end]
	words := strings.Fields(surface)
	if len(words) == 0 || !lx.firmTails[words[len(words)-1]] {
		return "", false
	}
	if canon, ok := lx.firms[surface]; ok {
		return canon, true
	}
	s := *start
	for range 4 {
		// The word before s, over one space or line break.
		if s < 2 || (text[s-1] != ' ' && text[s-1] != '\n') {
			return "", false
		}
		w := strings.LastIndexAny(text[:s-1], " \n(\"") + 1
		if w < floor {
			return "", false
		}
		s = w
		if canon, ok := lx.firms[strings.Join(strings.Fields(text[s:end]), " ")]; ok {
			*start = s
			return canon, true
		}
	}
	return "", false
}

// wires are the news agencies whose name signs off or credits a story.
var wires = map[string]bool{"reuter": true, "reuters": true, "ap": true, "afp": true, "upi": true, "ansa": true, "dpa": true}

// signOff reports whether text[start:end] is an agency's credit rather
// than a mention of it: the "Reuter" that ends a wire story, alone on the
// last line, or the "(Reuters)" and "(AP) -" of a dateline.
func signOff(text string, start, end int) bool {
	if !wires[strings.ToLower(strings.TrimSuffix(text[start:end], "."))] {
		return false
	}
	if start > 0 && text[start-1] == '(' && end < len(text) && text[end] == ')' {
		return true
	}
	// Alone on its line, with nothing but white space to the end: the
	// sign-off of Reuters copy.
	ls := strings.LastIndexByte(text[:start], '\n') + 1
	return strings.TrimSpace(text[ls:start]) == "" && strings.TrimSpace(strings.TrimSuffix(text[end:], ".")) == ""
}

// headlineCut returns how much of a tagged name to keep: all of it, or
// the words before the first that a Title Case headline capitalizes
// between names ("Ray Charles" of "Ray Charles Dies At"); 0 when the
// name is one such word ("How").
func headlineCut(surface string) int {
	if headlineWords[surface] {
		return 0
	}
	// The first word is left alone: "Will Carling" starts with a name.
	n := 0
	for i, w := range strings.Fields(surface) {
		if i > 0 && headlineWords[w] {
			return n
		}
		n += strings.Index(surface[n:], w) + len(w)
	}
	return len(surface)
}

// neverActor reports whether a name the tagger found is one that never
// names an actor: an abbreviation or unit of wire tables anywhere in it
// ("N.Z. Dlrs"), a generic head or bare legal form on its own ("Ltd",
// "the Bank", "Department"), a holiday, award or other capitalized common
// noun ("Christmas", "Oscars", "COVID"), a programme or a law ("Affordable
// Care Act"), or a court case ("Roe v. Wade").
func neverActor(surface string) bool {
	lower := strings.ToLower(strings.TrimSuffix(surface, "."))
	lower = strings.ReplaceAll(strings.TrimPrefix(lower, "the "), "’", "'")
	if notNames[lower] || generic[lower] || commonNouns[lower] || interjections[lower] {
		return true
	}
	if pre, _, ok := strings.Cut(surface, "-"); ok && prefixes[pre] {
		return true // "ex-Girl Scout", "anti-Trump"
	}
	words := strings.Fields(surface)
	allGeneric := true
	for _, w := range words {
		allGeneric = allGeneric && generic[strings.ToLower(strings.Trim(w, ".,"))]
	}
	if allGeneric {
		return true // "Co Ltd"
	}
	if len(words) > 1 && schemes[words[len(words)-1]] {
		return true // "Special Diabetes Program", "Affordable Care Act": a scheme or a law
	}
	for i, w := range words {
		if units[strings.ToLower(strings.Trim(w, ".,"))] {
			return true
		}
		if i > 0 && i < len(words)-1 && (w == "v." || w == "vs." || w == "v") {
			return true
		}
	}
	return false
}

// schemes are the last words of the names of programmes and laws, which
// are not actors; "Programme" is left out, as United Nations bodies bear
// it ("World Food Programme").
var schemes = map[string]bool{"Program": true, "Programs": true, "Act": true, "Bill": true, "Scheme": true}

// units are the currencies and measures of wire tables, which no name
// holds: "N.Z. Dlrs", "Stg".
var units = map[string]bool{
	"dlr": true, "dlrs": true, "stg": true, "mln": true, "bln": true, "pct": true, "cts": true, "shr": true, "shrs": true,
}

// generic are heads and legal forms that name no one on their own: "the
// Bank said", "Ltd" cut from a company's name.
var generic = map[string]bool{
	"inc": true, "corp": true, "corporation": true, "co": true, "ltd": true, "plc": true, "llc": true, "ag": true, "sa": true, "nv": true, "gmbh": true,
	"group": true, "holdings": true, "company": true, "bank": true, "central bank": true, "department": true, "ministry": true,
	"commission": true, "committee": true, "council": true, "agency": true, "authority": true, "board": true, "office": true,
	"finance": true, "house": true, "united": true, "pc": true, "government": true, "administration": true, "court": true,
	"exchange": true, "stock exchange": true, "federal": true, "national": true, "international": true, "association": true,
	"union": true, "party": true, "fund": true, "trust": true, "bureau": true, "institute": true, "university": true,
	"motors": true, "electric": true, "securities": true, "capital": true, "financial": true, "industries": true,
}

// commonNouns are capitalized words that are not actors: holidays,
// awards, diseases, deities, and names of groups of people.
var commonNouns = map[string]bool{
	"christmas": true, "easter": true, "thanksgiving": true, "halloween": true, "ramadan": true, "hanukkah": true,
	"diwali": true, "passover": true, "new year": true, "new year's": true, "valentine's day": true,
	"oscar": true, "oscars": true, "emmy": true, "emmys": true, "grammy": true, "grammys": true, "tonys": true,
	"covid": true, "covid-19": true, "coronavirus": true, "omicron": true,
	"god": true, "allah": true, "jesus": true, "lord": true,
	"royal": true, "scout": true, "girl scout": true, "boy scout": true, "eagle scout": true, "cub scout": true,
	"pcs": true, "black": true, "white": true, "latino": true, "latina": true, "latinx": true, "asian": true,
	"transgender": true, "gay": true, "lesbian": true, "bisexual": true, "nonbinary": true, "queer": true,
	"lockdown": true, "lockdowns": true, "blackface": true, "whistleblower": true, "airstrikes": true,
	"airstrike": true, "nationwide": true,
	"six nations": true, "world cup": true, "super bowl": true, "olympics": true, "olympic games": true,
}

// interjections open spoken lines with a capital: "Oh, yeah", "Um, it's
// high school".
var interjections = map[string]bool{
	"oh": true, "um": true, "uh": true, "ah": true, "er": true, "hmm": true, "wow": true, "yeah": true,
	"yes": true, "no": true, "ok": true, "okay": true, "hey": true, "aw": true, "ooh": true, "whoa": true,
}

// prefixes make a name into a description of someone: "ex-Girl Scout",
// "anti-Trump", "pro-Kremlin".
var prefixes = map[string]bool{"ex": true, "anti": true, "pro": true, "non": true, "post": true, "pre": true, "former": true, "mid": true}

// headlineWords are the words a Title Case headline capitalizes between
// names: function words and the verbs of headlines. A name the tagger
// finds with one of them after its first word was torn from a headline.
var headlineWords = map[string]bool{
	"Of": true, "At": true, "Is": true, "Are": true, "Was": true, "Were": true, "To": true, "For": true, "With": true,
	"In": true, "On": true, "By": true, "From": true, "As": true, "Be": true, "Being": true, "Been": true, "Has": true,
	"Have": true, "Had": true, "Will": true, "Would": true, "Can": true, "Could": true, "Should": true,
	"Must": true, "Into": true, "Over": true, "After": true, "Before": true, "About": true, "Against": true, "How": true,
	"Why": true, "What": true, "Who": true, "When": true, "Where": true, "Not": true, "Just": true,
	"Your": true, "My": true, "Our": true, "Their": true, "His": true, "Her": true, "Its": true, "This": true, "That": true,
	"These": true, "Those": true, "Dies": true, "Says": true, "Kills": true, "Killed": true,
	"Slams": true, "Calls": true, "Wants": true, "Gets": true, "Held": true, "Years": true, "Here's": true, "It's": true,
	"I": true, "I'm": true, "We": true, "You": true, "It": true, "They": true, "Season": true, "Episode": true,
	"Live": true, "Watch": true, "Video": true, "Photos": true, "Review": true,
}

// notNames are abbreviations that wire copy and its tables print
// capitalized ("Sep", "DEC", "Shr" for shares, "Cts" for cents) and a
// tagger may take for names; they never are actors. Neither is a single
// letter.
var notNames = map[string]bool{
	"shr": true, "shrs": true, "cts": true, "qtr": true, "mln": true, "mths": true, "dlrs": true, "pct": true,
	"vs": true, "avg": true, "oper": true, "revs": true,
	// Suffixes of names, which a comma can cut from theirs ("Joseph R.
	// Biden, Jr.").
	"jr": true, "sr": true, "jnr": true, "snr": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true, "fri": true,
	// Number words, which a sentence starts with ("Nine men from ...").
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true,
	"nine": true, "ten": true, "eleven": true, "twelve": true, "twenty": true, "thirty": true, "forty": true, "fifty": true,
	"hundred": true, "hundreds": true, "thousand": true, "thousands": true, "million": true, "millions": true,
	// Contractions, capitalized in quotes ("I've always wanted to").
	"i've": true, "i'm": true, "i'll": true, "i'd": true, "we're": true, "we've": true, "we'll": true,
	"you're": true, "you've": true, "you'll": true, "they're": true, "they've": true, "it's": true,
	"that's": true, "there's": true, "don't": true, "can't": true, "won't": true, "didn't": true, "isn't": true,
	// Identities, not actors.
	"lgbt": true, "lgbtq": true, "lgbtq+": true, "lgbtqia": true, "lgbtqia+": true,
}

// quoted reports whether text[start:end] is the whole of a quotation: a
// nickname or a title ("Ghost Fleet"), not a name.
func quoted(text string, start, end int) bool {
	if start == 0 || end >= len(text) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(text[:start])
	after, _ := utf8.DecodeRuneInString(text[end:])
	return isQuote(before) && isQuote(after)
}

func isQuote(r rune) bool {
	return r == '"' || r == '\'' || r == '“' || r == '”' || r == '‘' || r == '’' || r == '«' || r == '»'
}

// heading reports whether text[start:end] lies on a section heading: a
// short line of capitalized words without end punctuation, like
// "Strategic Military Coordination". All-capitals lines are headlines and
// datelines, which the tagger reads well.
func heading(text string, start, end int) bool {
	ls := strings.LastIndexByte(text[:start], '\n') + 1
	le := strings.IndexByte(text[end:], '\n')
	if le < 0 {
		le = len(text)
	} else {
		le += end
	}
	line := strings.TrimSpace(text[ls:le])
	if line == "" || !hasLowerByte(line) {
		return false
	}
	switch line[len(line)-1] {
	case '.', '!', '?', ':', ';', ',', '"', ')':
		return false
	}
	words := 0
	for w := range strings.FieldsSeq(line) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !lowerInHeading[w] {
			return false
		}
		words++
	}
	return words >= 2 && words <= 8
}

// lowerInHeading are the words a Title Case heading leaves in lower case.
var lowerInHeading = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true,
	"in": true, "on": true, "for": true, "to": true, "with": true, "at": true,
	"by": true, "from": true, "vs": true,
}

func hasLowerByte(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= 'a' && w[i] <= 'z' {
			return true
		}
	}
	return false
}

// resolve merges mentions into actors: a lone surname joins the full name
// it shortens, a lone given name the one full name it starts, a name in
// capitals joins the same name in mixed case, and each actor takes the
// kind most of its mentions agree on.
func (e *Extractor) resolve(text string, ms []mention) []Actor {
	full := map[string]string{}  // last word -> full person name
	given := map[string]string{} // first word -> the one full person name it starts, or ""
	mixed := map[string]string{} // lower case -> a mixed-case name
	firms := map[string]string{} // first word -> the one organization name of several words it starts, or ""
	for _, m := range ms {
		if m.kind == kindOrg && m.multi && !m.demonym {
			if first, _, _ := strings.Cut(m.canon, " "); len(first) > 2 && hasLowerByte(first) && !e.lx.given[first] {
				if f, ok := firms[first]; !ok {
					firms[first] = m.canon
				} else if f != m.canon {
					firms[first] = ""
				}
			}
		}
		if m.kind == kindPerson && m.multi {
			last := m.canon[strings.LastIndexByte(m.canon, ' ')+1:]
			if _, ok := full[last]; !ok {
				full[last] = m.canon
			}
			first := m.canon[:strings.IndexByte(m.canon, ' ')]
			if f, ok := given[first]; !ok {
				given[first] = m.canon
			} else if f != m.canon {
				given[first] = "" // two people share it: "Bill"
			}
		}
		if lc := strings.ToLower(m.canon); hasLowerByte(m.canon) {
			if _, ok := mixed[lc]; !ok {
				mixed[lc] = m.canon
			}
		}
	}
	type group struct {
		name  string
		votes [5]int
		ms    []Mention
	}
	var groups []*group
	byName := map[string]*group{}
	for _, m := range ms {
		if !hasLowerByte(m.canon) {
			if c, ok := mixed[strings.ToLower(m.canon)]; ok {
				m.canon = c
			}
		}
		if !m.multi && !m.known {
			if f, ok := full[m.canon]; ok {
				m.canon, m.kind = f, kindPerson
			} else if m.listed != "" {
				m.canon = m.listed
			} else if f := firms[m.canon]; f != "" && m.kind == kindPerson && !e.lx.listed(m.canon) {
				// "Magna" of "Magna International Inc", "Deportivo" of
				// "Deportivo Coruna", which the tagger may take for a
				// person. An organization alone is left to the archive,
				// which knows Amoco and Amoco Corp are one; a place
				// keeps its name ("London" beside "London Irish").
				m.canon, m.kind = f, kindOrg
			} else if f := given[m.canon]; f != "" && m.kind == kindPerson && !e.lx.given[m.canon] {
				// "Jansher" of "Jansher Khan", "Saddam" of "Saddam
				// Hussein"; but a common given name alone ("John") may be
				// anyone the tagger missed.
				m.canon = f
			}
		}
		key := m.canon + "\x00" + m.kind.String()
		g := byName[key]
		if g == nil {
			g = &group{name: m.canon}
			byName[key] = g
			groups = append(groups, g)
		}
		g.votes[m.kind]++
		g.ms = append(g.ms, Mention{m.start, m.end})
	}
	actors := make([]Actor, 0, len(groups))
	for _, g := range groups {
		votes := g.votes
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
