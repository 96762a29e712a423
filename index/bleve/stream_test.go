package bleve

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/newsarchive/newsarchive/index"
)

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
