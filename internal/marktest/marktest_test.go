package marktest

import (
	"slices"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		html string
		want index.Marked
	}{
		{"plain &amp; simple", index.Marked{Text: "plain & simple"}},
		{"<mark>Oil</mark> &lt;rose&gt; <mark>a&amp;b</mark>", index.Marked{Text: "Oil <rose> a&b", Marks: []index.Span{{Start: 0, End: 3}, {Start: 11, End: 14}}}},
		{"", index.Marked{}},
	}
	for _, tt := range tests {
		t.Run(tt.html, func(t *testing.T) {
			got := Parse(tt.html)
			if got.Text != tt.want.Text || !slices.Equal(got.Marks, tt.want.Marks) {
				t.Fatalf("Parse = %+v, want %+v", got, tt.want)
			}
			if back := HTML(got); back != tt.html {
				t.Errorf("HTML = %q, want %q", back, tt.html)
			}
		})
	}
}
