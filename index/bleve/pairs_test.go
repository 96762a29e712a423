package bleve

import (
	"context"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/newsarchive/newsarchive/index"
)

// TestPairPhrasesMatchPositions checks that phrases looked up by word pairs
// find exactly the articles that word positions find, with stop words,
// possessives, stems and field names in the way.
func TestPairPhrasesMatchPositions(t *testing.T) {
	ix, err := Open(t.TempDir(), WithShards(2), WithPhrasePairs(true))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.pairs == nil {
		t.Fatal("an index made with pairs has no pair fields")
	}
	plain, err := Open(t.TempDir(), WithShards(2))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if plain.pairs != nil {
		t.Fatal("an index made without pairs has pair fields")
	}
	bodies := []string{
		"The Bank of England raised interest rates on Thursday.",
		"Interest in rates was low; the bank said nothing.",
		"Rates of interest rose. The company's shares fell.",
		"The company said it would cut jobs.",
		"A company, it said, would grow.",
		"Said the company: interest rates are rising.",
		"England's bank of last resort.",
		"Interest rate rises hit the markets.",
		"He said it. It would not. Bank of the north, and England.",
	}
	var arts []index.Article
	for i, b := range bodies {
		arts = append(arts, index.Article{ID: string(rune('a' + i)), Title: "Interest Rates " + string(rune('A'+i)), Body: b})
	}
	arts[3].Title = "Company said nothing"
	if _, err := ix.Put(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	ids := func(t *testing.T, text string, pairs bool) []string {
		t.Helper()
		q, err := compileText(text)
		if pairs {
			q, err = compile(text, ix.pairs)
		}
		if err != nil {
			t.Fatal(err)
		}
		res, err := ix.search(context.Background(), bleve.NewSearchRequestOptions(q, 100, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		slices.Sort(out)
		return out
	}
	for _, text := range []string{
		`"interest rates"`, `"interest rate"`, `"bank of england"`, `"the company"`, `"company said"`,
		`"company's shares"`, `"said it would"`, `"the bank said nothing"`, `"rates"`,
		`body:"interest rates"`, `title:"company said"`, `"interest rates" -"bank of england"`, `"of the"`,
	} {
		t.Run(text, func(t *testing.T) {
			want := ids(t, text, false)
			if got := ids(t, text, true); !slices.Equal(got, want) {
				t.Errorf("by pairs %v, by positions %v", got, want)
			}
		})
	}
}
