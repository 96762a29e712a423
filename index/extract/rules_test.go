package extract

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/index/extract/internal/ner"
)

// TestFirstNameAlone checks that a person named once in full and then by
// a first name that is no common given name is one actor, and that a
// common given name alone is not taken for the one full name with it.
func TestFirstNameAlone(t *testing.T) {
	e := newExtractor(t)
	tests := []struct {
		text    string
		want    []string
		notWant []string
	}{
		{"Saddam Hussein addressed the nation on Monday. Saddam said Iraq would not give in.", []string{"Saddam Hussein"}, []string{"Saddam"}},
		{"Former President Gerald Ford spoke in Michigan. Ford said the party must unite.", []string{"Gerald Ford"}, []string{"Ford"}},
		{"John Major met John Smith. John said nothing.", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var names []string
			for _, a := range e.Actors(tt.text) {
				names = append(names, a.Name)
			}
			for _, w := range tt.want {
				if !slices.Contains(names, w) {
					t.Errorf("actors = %v, want %s", names, w)
				}
			}
			for _, w := range tt.notWant {
				if slices.Contains(names, w) {
					t.Errorf("actors = %v, want no %s", names, w)
				}
			}
			if tt.want == nil && slices.Contains(names, "John Smith") && !slices.Contains(names, "John") && len(names) == 1 {
				t.Errorf("actors = %v: a lone John taken for John Smith", names)
			}
		})
	}
}

// TestTitleAlone checks that a title the tagger takes alone, without the
// name after it (as it does for "Mr" of "Mr Jolin" in a long BBC story,
// whose other mentions sway it), is no actor.
func TestTitleAlone(t *testing.T) {
	e := newExtractor(t)
	text := "Mr Jolin tipped another contender."
	for _, span := range []ner.Span{{Start: 0, End: 2, Type: ner.PER}, {Start: 0, End: 8, Type: ner.PER}} {
		m, ok := e.mention(text, text, span, 0)
		want := span.End > 2
		if ok != want {
			t.Errorf("mention(%q) = %q, %v; want %v", text[span.Start:span.End], m.canon, ok, want)
		}
	}
}

// TestNumberWordAlone checks that a number word starting a sentence,
// which the tagger may take for a name, is no actor, while a name that
// holds one is.
func TestNumberWordAlone(t *testing.T) {
	e := newExtractor(t)
	tests := []struct {
		text string
		span ner.Span
		want bool
	}{
		{"Nine men from West Yorkshire were arrested.", ner.Span{Start: 0, End: 4, Type: ner.PER}, false},
		{"Hundreds gathered in the square.", ner.Span{Start: 0, End: 8, Type: ner.PER}, false},
		{"The One Foundation gave money.", ner.Span{Start: 4, End: 18, Type: ner.ORG}, true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if _, ok := e.mention(tt.text, tt.text, tt.span, 0); ok != tt.want {
				t.Errorf("mention(%q) = %v, want %v", tt.text[tt.span.Start:tt.span.End], ok, tt.want)
			}
		})
	}
}

func TestNeverActorWords(t *testing.T) {
	for _, w := range []string{"I've", "I\u2019m", "LGBTQ", "Transgender", "Lockdown", "Nine", "Hundreds"} {
		if !neverActor(w) {
			t.Errorf("neverActor(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"Ivey", "One Foundation", "Lgbt Foundation Trust"} {
		if neverActor(w) {
			t.Errorf("neverActor(%q) = true, want false", w)
		}
	}
}

// TestNameOrNationality checks that a given name that is also a
// nationality noun is a person unless a determiner makes it the noun.
func TestNameOrNationality(t *testing.T) {
	e := newExtractor(t)
	tests := []struct {
		text, kind string
	}{
		{"Rachel and Finn argued all season. It was hard for Finn.", "person"},
		{"A Finn won the race on Sunday.", "place"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []string
			for _, a := range e.Actors(tt.text) {
				got = append(got, a.Name+"/"+a.Kind)
			}
			want := map[string]string{"person": "Finn/person", "place": "Finland/place"}[tt.kind]
			if !slices.Contains(got, want) {
				t.Errorf("actors = %v, want %s", got, want)
			}
		})
	}
}

// TestFirmByFirstWord checks that a word alone the tagger takes for a
// person, which starts the text's one organization of several words, is
// that organization; an organization alone is left for the archive to
// resolve, and a listed place keeps its own name.
func TestFirmByFirstWord(t *testing.T) {
	e := newExtractor(t)
	text := "Magna International Inc said. Magna rose. Amoco Corp said. Amoco fell. London Irish won in London."
	at := func(s string, n int) (int, int) {
		i := 0
		for range n {
			i += strings.Index(text[i:], s) + 1
		}
		return i - 1, i - 1 + len(s)
	}
	m := func(s string, n int, kind kind, multi bool) mention {
		start, end := at(s, n)
		return mention{start: start, end: end, canon: s, kind: kind, multi: multi}
	}
	ms := []mention{
		m("Magna International Inc", 1, kindOrg, true),
		m("Magna", 2, kindPerson, false),
		m("Amoco Corp", 1, kindOrg, true),
		m("Amoco", 2, kindOrg, false),
		m("London Irish", 1, kindOrg, true),
		m("London", 2, kindPerson, false),
	}
	got := map[string]string{}
	for _, a := range e.resolve(text, ms) {
		for _, x := range a.Mentions {
			got[text[x.Start:x.End]+"@"+strconv.Itoa(x.Start)] = a.Name + "/" + a.Kind
		}
	}
	want := map[string]string{}
	for _, x := range ms {
		want[x.canon+"@"+strconv.Itoa(x.start)] = x.canon + "/" + x.kind.String()
	}
	want["Magna@"+strconv.Itoa(ms[1].start)] = "Magna International Inc/organization"
	if !reflect.DeepEqual(got, want) {
		t.Errorf("resolved\n%v\nwant\n%v", got, want)
	}
}

// TestInstitutionNotPerson checks that a name the tagger takes for a
// person but which begins as only institutions' names do is an
// organization.
func TestInstitutionNotPerson(t *testing.T) {
	e := newExtractor(t)
	text := "LONDON, March 3 - National Westminster said profits rose."
	start := strings.Index(text, "National")
	m, ok := e.mention(text, text, ner.Span{Start: start, End: start + len("National Westminster"), Type: ner.PER}, 0)
	if !ok || m.kind != kindOrg {
		t.Errorf("mention = %q %v, %v; want the organization", m.canon, m.kind, ok)
	}
}

// TestTornFirmMended checks that a firm's name the tagger tore after a
// demonym or a line break is mended whole, and the torn piece before it
// is no actor of its own.
func TestTornFirmMended(t *testing.T) {
	e := newExtractor(t)
	for _, text := range []string{
		"WASHINGTON, March 2 - American Telephone and Telegraph Co said it would cut prices.",
		"American Telephone and\nTelegraph Co said small businesses can win.",
	} {
		t.Run(text, func(t *testing.T) {
			var got []string
			for _, a := range e.Actors(text) {
				got = append(got, a.Name)
			}
			if !slices.Contains(got, "AT&T") || slices.Contains(got, "Telegraph Co") || slices.Contains(got, "United States") {
				t.Errorf("actors = %v, want AT&T whole and no piece of it", got)
			}
		})
	}
}
