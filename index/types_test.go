package index_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/index"
)

func TestNormalizeDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   index.Query
		want index.Query
	}{
		{"empty lists newest first", index.Query{}, index.Query{Sort: index.SortNewest, Page: 1, Size: index.DefaultPageSize}},
		{"text ranks by relevance", index.Query{Text: "oil"}, index.Query{Text: "oil", Sort: index.SortRelevance, Page: 1, Size: index.DefaultPageSize}},
		{"blank text is no text", index.Query{Text: "  "}, index.Query{Text: "  ", Sort: index.SortNewest, Page: 1, Size: index.DefaultPageSize}},
		{"given values stay", index.Query{Text: "oil", Sort: index.SortOldest, Page: 3, Size: 50}, index.Query{Text: "oil", Sort: index.SortOldest, Page: 3, Size: 50}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.in
			if err := q.Normalize(); err != nil {
				t.Fatal(err)
			}
			if q.Sort != tt.want.Sort || q.Page != tt.want.Page || q.Size != tt.want.Size || q.Text != tt.want.Text {
				t.Errorf("Normalize = %+v, want %+v", q, tt.want)
			}
		})
	}
}

func TestNormalizeRefuses(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name      string
		q         index.Query
		wantParam string
		wantMsg   string
	}{
		{"too long", index.Query{Text: strings.Repeat("a", index.MaxQueryLength+1)}, "q", "the query is 1001 bytes long; the limit is 1000"},
		{"negative page", index.Query{Page: -1}, "page", "page must be a whole number from 1 to 500"},
		{"past the window", index.Query{Page: 101, Size: 100}, "page", "page must be a whole number from 1 to 100 (with 100 results per page)"},
		{"size too big", index.Query{Size: index.MaxPageSize + 1}, "size", "size must be a whole number from 1 to 100"},
		{"unknown sort", index.Query{Sort: "random"}, "sort", "sort must be relevance, newest or oldest"},
		{"unknown kind", index.Query{ActorKind: "animal"}, "kind", "kind must be person, organization or place"},
		{"to before from", index.Query{From: day("2021-01-01"), To: day("2020-01-01")}, "to", "to (2020-01-01) must not be before from (2021-01-01)"},
		{"actor required and excluded", index.Query{Actors: []string{"OPEC"}, NotActors: []string{"OPEC"}}, "not_actor", `"OPEC" cannot be both required and excluded`},
		{"topic required and excluded", index.Query{Topics: []string{"sport"}, NotTopics: []string{"sport"}}, "not_topic", `"sport" cannot be both required and excluded`},
		{"source required and excluded", index.Query{Sources: []string{"BBC", "Reuters"}, NotSources: []string{"Reuters"}}, "not_source", `"Reuters" cannot be both required and excluded`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.q.Normalize()
			var qe *index.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("Normalize = %v, want a *QueryError", err)
			}
			if qe.Param != tt.wantParam || qe.Msg != tt.wantMsg || qe.Pos != -1 {
				t.Errorf("error = %+v, want param %q, message %q, no position", qe, tt.wantParam, tt.wantMsg)
			}
		})
	}
}
