package querylang

import "testing"

// benchQueries are the shapes readers type: words, a phrase, boolean
// operators with grouping, fields, wildcards and fuzziness, date ranges,
// and a long pasted query.
var benchQueries = []struct{ name, q string }{
	{"words", "iran israel gaza"},
	{"phrase", `"interest rates" central bank`},
	{"boolean", "(iran OR iraq) AND NOT (oil OR gas) -israel"},
	{"fields", "title:election actor:netanyahu topic:politics source:reuters"},
	{"fuzzy", "ira* israeli~ cocoa^2 ir?n"},
	{"dates", "opec date:[2020-01-01 TO 2020-12-31] published:>=2019-06"},
	{"long", "(title:(budget OR deficit) body:\"tax cuts\" -actor:\"Gordon Brown\") OR (topic:economy AND date:2005 AND (inflation OR \"interest rates\" OR unemployment~)) chancellor treasury spending"},
}

// BenchmarkParse parses each query shape, for benchstat to watch the
// parser's cost per query.
func BenchmarkParse(b *testing.B) {
	for _, bq := range benchQueries {
		if _, err := Parse(bq.q); err != nil {
			b.Fatalf("Parse(%q): %v", bq.q, err)
		}
		b.Run(bq.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bq.q)))
			for b.Loop() {
				if _, err := Parse(bq.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
