package bleve

import (
	"context"
	"slices"
	"testing"
)

func TestSuggest(t *testing.T) {
	ix := openFixture(t)
	tests := []struct {
		prefix string
		want   []string // type:text, in order
	}{
		{"netan", []string{"actor:Benjamin Netanyahu", "title:Biden and Netanyahu <script>alert(1)</script> talk"}},
		{"Sau", []string{"actor:Saudi Arabia"}},
		{"joe bi", []string{"actor:Joe Biden"}},
		{"bahia coc", []string{"title:Bahia cocoa review"}},
		{"  ", nil},
		{"zzz", nil},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			got, err := ix.Suggest(context.Background(), tt.prefix, 5)
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, g := range got {
				s = append(s, g.Type+":"+g.Text)
			}
			if !slices.Equal(s, tt.want) {
				t.Errorf("Suggest(%q) = %q, want %q", tt.prefix, s, tt.want)
			}
		})
	}
}
