package extract

import (
	"slices"
	"testing"
)

// FuzzExtract runs the extractor on arbitrary text. Besides not panicking,
// every actor must have a name and a kind, and every mention must be a
// non-empty span inside the text that starts and ends on character
// boundaries, since the highlighter and the JSON Lines output slice the
// text with them; topics must be known slugs, at most maxTopics.
func FuzzExtract(f *testing.F) {
	f.Add(seedText(f))
	for _, s := range []string{
		"",
		"Joe Biden met Benjamin Netanyahu in Jerusalem.",
		"Biden\n\nIsraeli officials said the U.S. and the European Union would meet in Washington.",
		"\"Hamas\" — Hezbollah’s ally — said: «Iran»",
		"Müller scored for Bayern München in the Bundesliga on Sunday.",
		"ALL CAPS HEADLINE ABOUT OPEC AND SAUDI ARABIA\n\nOil prices rose.",
		"Netanyahu Netanyahu Netanyahu",
		"\xff\xfe Paris \x80 London \xc3",
		"Mr. Smith of Smith & Co. Ltd. met Dr. Jones of N.A.S.A. in St. Louis, Mo.",
		"## Heading About Ukraine\n\nKyiv was shelled by Russia overnight.",
		// A name before a stray continuation byte: the span ends at a
		// character boundary of invalid UTF-8.
		"!0!\xe2\x800\"#ZA\x9400a0",
	} {
		f.Add(s)
	}
	e := newExtractor(f)
	f.Fuzz(func(t *testing.T, text string) {
		r := e.Extract(text)
		// Boundaries are where range starts a character: in invalid UTF-8
		// each stray byte is one, so a span may end before it.
		boundary := make([]bool, len(text)+1)
		boundary[len(text)] = true
		for i := range text {
			boundary[i] = true
		}
		for _, a := range r.Actors {
			if a.Name == "" || !slices.Contains([]string{"person", "organization", "place"}, a.Kind) || len(a.Mentions) == 0 {
				t.Errorf("actor %+v: want a name, a kind and mentions", a)
			}
			for _, m := range a.Mentions {
				if m.Start < 0 || m.Start >= m.End || m.End > len(text) {
					t.Fatalf("actor %q: mention [%d,%d) outside the %d-byte text", a.Name, m.Start, m.End, len(text))
				}
				if !boundary[m.Start] || !boundary[m.End] {
					t.Errorf("actor %q: mention [%d,%d) %q splits a character", a.Name, m.Start, m.End, text[m.Start:m.End])
				}
			}
		}
		if len(r.Topics) > maxTopics {
			t.Errorf("topics %v: more than %d", r.Topics, maxTopics)
		}
		for _, tp := range r.Topics {
			if !slices.Contains(topicSlugs[:], tp) {
				t.Errorf("topic %q is not a known slug", tp)
			}
		}
	})
}
