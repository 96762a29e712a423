package bleve

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

func TestRelated(t *testing.T) {
	ix := openFixture(t)
	got, err := ix.Related(context.Background(), "cocoa", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].ID != "oil" {
		t.Fatalf("related to cocoa = %v, want the oil story (shares Brazil and economy) first", relatedIDs(got))
	}
	if !slices.Equal(got[0].SharedActors, []string{"Brazil"}) || !slices.Equal(got[0].SharedTopics, []string{"economy"}) {
		t.Errorf("reason = %v / %v, want [Brazil] / [economy]", got[0].SharedActors, got[0].SharedTopics)
	}
	for _, r := range got {
		if r.ID == "cocoa" {
			t.Error("an article is related to itself")
		}
	}
	if _, err := ix.Related(context.Background(), "missing", 5); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Related(missing) = %v, want ErrNotFound", err)
	}
}

func relatedIDs(rs []index.Related) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func TestCoActors(t *testing.T) {
	ix := openFixture(t)
	got, err := ix.CoActors(context.Background(), "Brazil", 10)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range got {
		names = append(names, f.Value)
		if f.Value == "Brazil" {
			t.Error("Brazil listed among its own co-actors")
		}
	}
	slices.Sort(names)
	want := []string{"Comissaria Smith", "OPEC", "Saudi Arabia"}
	if !slices.Equal(names, want) {
		t.Errorf("co-actors of Brazil = %v, want %v", names, want)
	}
}

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

func TestStream(t *testing.T) {
	ix := openFixture(t)
	var got []string
	err := ix.Stream(context.Background(), index.Query{Sort: index.SortOldest}, 2, func(a index.Article) error {
		if a.Body == "" {
			t.Errorf("article %s streamed without its body", a.ID)
		}
		got = append(got, a.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"cocoa", "oil"}) {
		t.Errorf("streamed %v, want the oldest two", got)
	}
	var all int
	if err := ix.Stream(context.Background(), index.Query{}, index.MaxResultWindow, func(index.Article) error { all++; return nil }); err != nil || all != 3 {
		t.Errorf("Stream with the largest limit: %d articles, error %v; want 3, nil", all, err)
	}
	stop := errors.New("stop")
	if err := ix.Stream(context.Background(), index.Query{}, 10, func(index.Article) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("Stream error = %v, want fn's error", err)
	}
	var qe *index.QueryError
	if err := ix.Stream(context.Background(), index.Query{Text: `"open`}, 10, func(index.Article) error { return nil }); !errors.As(err, &qe) {
		t.Errorf("Stream of a bad query = %v, want a *QueryError", err)
	}
}
