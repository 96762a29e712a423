package bleve

import (
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
)

func TestRankedPage(t *testing.T) {
	hit := func(id string, score float64, n uint64) *search.DocumentMatch {
		return &search.DocumentMatch{ID: id, Score: score, HitNumber: n}
	}
	tests := []struct {
		name            string
		hits            []*search.DocumentMatch
		from, size, win int
		want            []string
		wantWhole       bool
	}{
		{
			name: "ties settle by id, not by the order met",
			hits: []*search.DocumentMatch{hit("c", 2, 1), hit("a", 2, 2), hit("b", 2, 3), hit("d", 1, 4)},
			from: 0, size: 3, win: 4,
			want: []string{"a", "b", "c"}, wantWhole: true,
		},
		{
			name: "second page follows the first",
			hits: []*search.DocumentMatch{hit("c", 2, 1), hit("a", 2, 2), hit("b", 2, 3), hit("e", 1, 4), hit("d", 1.5, 5), hit("f", 0.5, 6)},
			from: 3, size: 2, win: 6,
			want: []string{"d", "e"}, wantWhole: true,
		},
		{
			name: "a tie at the window's edge reaching into the page",
			hits: []*search.DocumentMatch{hit("z", 3, 1), hit("c", 2, 2), hit("b", 2, 3)},
			from: 0, size: 2, win: 3,
			wantWhole: false,
		},
		{
			name: "a tie at the edge of a window that holds every match",
			hits: []*search.DocumentMatch{hit("z", 3, 1), hit("c", 2, 2), hit("b", 2, 3)},
			from: 0, size: 2, win: 4,
			want: []string{"z", "b"}, wantWhole: true,
		},
		{
			name: "a page past the matches",
			hits: []*search.DocumentMatch{hit("a", 1, 1)},
			from: 10, size: 10, win: 21,
			wantWhole: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, whole := rankedPage(tt.hits, tt.from, tt.size, tt.win)
			var got []string
			for _, h := range page {
				got = append(got, h.ID)
			}
			if whole != tt.wantWhole || !slices.Equal(got, tt.want) {
				t.Errorf("rankedPage = %v, %t; want %v, %t", got, whole, tt.want, tt.wantWhole)
			}
		})
	}
}
